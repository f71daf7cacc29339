"""A case's history: every event appended to the record, and the ones an office counts.

``record`` is used by the tasks (through their context's store and clock) and by the
workflow's own entry points (the production store and clock by default).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

from customs_ipr.cases import clock as legal_clock
from customs_ipr.cases.model import Case, CaseEvent, CaseStatus
from customs_ipr.cases.repository import CaseRepository
from customs_ipr.cases.store import CaseStore, now_utc
from customs_ipr.jsonutil import to_jsonable

BUSINESS_METRICS = {
    "goods_released": "GoodsReleased",
    "goods_detained": "GoodsDetained",
    "goods_confiscated": "GoodsConfiscated",
    "criminal_referral": "CriminalReferrals",
    "notice_issued": "NoticesIssued",
    "deadline_passed": "DeadlinesPassed",
    "input_refused": "InputsRefused",
    "workflow_failed": "CasesFailed",
}
"""History events that are also counted as CloudWatch metrics (Powertools EMF, flushed by
the handler's ``log_metrics``): what an office watches on a dashboard."""


def count(event: str) -> None:
    name = BUSINESS_METRICS.get(event)
    if name is None:
        return
    Metrics().add_metric(name=name, unit=MetricUnit.Count, value=1)


def record(
    case: Case,
    event: str,
    *,
    into: CaseRepository | None = None,
    clock: legal_clock.LegalClock | None = None,
    state: str | None = None,
    status: CaseStatus | None = None,
    legal_date: date | None = None,
    **detail: Any,
) -> None:
    """Append a history event; when ``status`` is given also set it on the case record.

    ``into`` and ``clock`` default to the production store and legal clock.
    """
    store = into if into is not None else CaseStore()
    when = legal_date or legal_clock.legal_today(case, clock.now() if clock else None)
    fields: dict[str, Any] = {"legal_date": max(when, case.legal_date or when)}
    if status is not None:
        fields["status"] = status
    store.update(case.case_id, **fields)
    count(event)
    store.add_event(
        case.case_id,
        CaseEvent(
            at=now_utc(),
            legal_date=when,
            event=event,
            state=state,
            status=status.value if status else None,
            detail=_decimals(to_jsonable(detail)),
        ),
    )


def _decimals(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value

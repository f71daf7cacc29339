"""Personal items (Implementing Measures Art. 31): quantities beyond reasonable personal
use are detained; the person may renounce them or explain in writing."""

from __future__ import annotations

from typing import Annotated, Any

from customs_ipr.cases.model import Case, CaseDeadline, CaseStatus
from customs_ipr.cases.rules import personal as personal_rules
from customs_ipr.cases.tasks.context import TaskContext
from customs_ipr.cases.tasks.issuing import detained_on, issue
from customs_ipr.cases.tasks.registry import Answer, OrEmpty, TaskParams, period_notice, task
from customs_ipr.notices.kinds import AddresseeRole, NoticeKind


class Renunciation(Answer):
    officer: str | None = None


class RecordRenunciation(TaskParams):
    answer: Annotated[Renunciation, OrEmpty] = Renunciation()


@task("assess_personal_items")
def assess_personal_items(ctx: TaskContext, case: Case, params: TaskParams) -> dict[str, Any]:
    """Art. 31: only quantities beyond reasonable personal use (per goods kind) are detained."""
    assessed = personal_rules.assess(case.goods)
    beyond = bool(assessed["beyond"])
    ctx.record(
        case,
        "personal_items_assessed",
        state=params.state,
        per_kind=assessed["per_kind"],
        beyond_reasonable=beyond,
        basis="Implementing Measures Art. 31; reasonable quantities: operator table",
    )
    return {"outcome": "detain" if beyond else "within_personal_use"}


@period_notice("personal_items")
def detain_personal_items(
    ctx: TaskContext, case: Case, deadline: CaseDeadline, state: str | None
) -> str:
    """Art. 31: detain the items and tell the person, who may renounce them."""
    today = deadline.start
    if case.detention_on is None:
        case = detained_on(ctx, case, today)
        ctx.record(
            case,
            "goods_detained",
            state=state,
            status=CaseStatus.DETAINED,
            legal_date=today,
            detention_on=today,
            basis="Implementing Measures Art. 31",
        )
    parties = [(AddresseeRole.PASSENGER, case.person)]
    if case.holder is not None:  # Art. 31 ¶2: the holder assists the investigation
        parties.append((AddresseeRole.HOLDER, case.holder))
    issued = [
        issue(
            ctx,
            case,
            step="personal_items",
            kind=NoticeKind.PERSONAL_ITEMS_DETENTION,
            role=role,
            party=party,
            issued_on=today,
        )
        for role, party in parties
    ]
    return str(issued[0]["notice_no"])


@task("record_renunciation", RecordRenunciation)
def record_renunciation(ctx: TaskContext, case: Case, params: RecordRenunciation) -> dict[str, Any]:
    ctx.store.update(case.case_id, outcome="renounced")
    ctx.record(
        case,
        "items_renounced",
        state=params.state,
        status=CaseStatus.RENOUNCED,
        consented_by=params.answer.officer,
        basis="Implementing Measures Art. 31",
    )
    return {"outcome": "renounced"}

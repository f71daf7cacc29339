"""What a stored case's notice of a kind would say, for previews (``notice render --case``).

The facts come from the same function the workflow uses when it issues notices
(``customs_ipr.cases.facts``); a kind that needs facts the case does not have yet (a
confiscation notice before the penalty decision) is refused by the notice's own
validation, naming what is missing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from customs_ipr import deadlines
from customs_ipr.cases.facts import case_facts
from customs_ipr.cases.model import Case
from customs_ipr.cases.repository import CaseRepository
from customs_ipr.cases.rules.periods import case_deadline, due_basis
from customs_ipr.cases.store import CaseStore
from customs_ipr.notices.kinds import AddresseeRole, NoticeKind, ReleaseReason, kind_info
from customs_ipr.notices.models import NoticeContext, build_context

PREVIEW_RULES: dict[NoticeKind, tuple[str, ...]] = {
    NoticeKind.REQUIRE_IP_STATUS_DECLARATION: ("ip_status_declaration",),
    NoticeKind.SUSPENSION_NOTICE: ("holder_reply",),
    NoticeKind.UNDETERMINED_NOTICE: ("court_assistance", "court_assistance_on_application"),
    NoticeKind.PUBLIC_ANNOUNCEMENT: ("confiscation_after_announcement",),
}
"""The deadline a notice of each kind announces (its due date in a preview)."""


def preview_context(
    case_id: str,
    kind: NoticeKind | str,
    *,
    notice_no: str | None = None,
    issued_on: date | None = None,
    store: CaseRepository | None = None,
) -> NoticeContext:
    """The context of a notice of ``kind`` for a stored case; a preview without a number
    gets ``PREVIEW-<case_id>``."""
    data = preview_data(
        case_id, NoticeKind(kind), notice_no=notice_no, issued_on=issued_on, store=store
    )
    return build_context(data)


def preview_data(
    case_id: str,
    kind: NoticeKind,
    *,
    notice_no: str | None = None,
    issued_on: date | None = None,
    store: CaseRepository | None = None,
) -> dict[str, Any]:
    """The data a notice of ``kind`` would carry for a stored case."""
    cases = store if store is not None else CaseStore()
    case = cases.require(case_id)
    role = kind_info(kind).roles[0]
    party = {
        AddresseeRole.HOLDER: case.holder,
        AddresseeRole.CONSIGNEE: case.consignee or case.person,
        AddresseeRole.CONSIGNOR: case.consignor,
        AddresseeRole.PASSENGER: case.person,
        AddresseeRole.MAIL_RECIPIENT: case.person,
    }.get(role)
    day = issued_on or date.today()
    data: dict[str, Any] = {
        "notice_no": notice_no or f"PREVIEW-{case_id}",
        "kind": kind.value,
        "issued_on": day.isoformat(),
        "addressee": {
            "name": party.name if party is not None else role.value,
            "role": role.value,
            "email": party.email if party is not None else None,
        },
        "case_id": case_id,
        "facts": case_facts(case, **_decided_facts(case, kind)),
    }
    if kind_info(kind).due_required:
        data.update(_preview_due(cases, case, kind, day))
    return data


def _decided_facts(case: Case, kind: NoticeKind) -> dict[str, Any]:
    """What the case has decided so far that a notice of ``kind`` states."""
    extra: dict[str, Any] = {}
    if case.fine_rmb is not None:
        extra["fine_amount"] = str(case.fine_rmb)
    if case.penalty_effective_on is not None:
        extra["penalty_effective_date"] = case.penalty_effective_on.isoformat()
    if kind is NoticeKind.RELEASE_NOTICE and case.release_reason:
        reason = case.release_reason.split(":")[-1]
        if reason in {r.value for r in ReleaseReason}:
            extra["release_reason"] = reason
    return extra


def _preview_due(
    store: CaseRepository, case: Case, kind: NoticeKind, issued_on: date
) -> dict[str, Any]:
    """The due date of a previewed notice: the case's recorded deadline, else counted anew.

    A closed case keeps its deadlines, so its notices preview with the dates they carried.
    """
    rules = PREVIEW_RULES.get(kind, ())
    recorded = {d.rule: d for d in store.view(case.case_id).deadlines}
    for rule in rules:
        if rule in recorded:
            return due_basis(recorded[rule])
    if not rules:
        return {}
    # Not set yet: count from where the law counts it (detention for the court's period),
    # on the case's own legal date, never from the day the preview is made.
    start = case.legal_date or case.started_on or issued_on
    if rules[0].startswith("court_assistance") and case.detention_on:
        start = case.detention_on
    return due_basis(case_deadline(deadlines.compute(rules[0], start), rules[0]))

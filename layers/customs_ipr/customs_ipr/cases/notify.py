"""The one place the case workflow issues a notice (render, archive, e-mail, record).

``customs_ipr.notices`` owns rendering and delivery; this adapter finds its ``issue``
and draws the notice number from the shared yearly counter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from customs_ipr.notices.kinds import NoticeKind, ReleaseReason
from customs_ipr.notices.models import IssuedNotice, NoticeContext, Recipient


def _issuer() -> Callable[..., IssuedNotice]:
    from customs_ipr.notices import issue

    return issue


def new_number(kind: NoticeKind, issued_on: date) -> str:
    from customs_ipr.notices.numbering import DynamoNoticeCounter, new_notice_no

    return new_notice_no(kind, issued_on, DynamoNoticeCounter())


def issue_notice(context: NoticeContext, recipients: list[Recipient]) -> IssuedNotice:
    return _issuer()(context, recipients=recipients)


def build(data: dict[str, Any]) -> NoticeContext:
    from customs_ipr.notices.models import build_context

    return build_context(data)


def preview_data(
    case_id: str, kind: NoticeKind, *, notice_no: str | None = None, issued_on: date | None = None
) -> dict[str, Any]:
    """The context a notice of ``kind`` would carry for a stored case, for previews.

    The facts come from the same function the workflow uses when it issues notices; a
    kind that needs facts the case does not have yet (a confiscation notice before the
    penalty decision) is refused by the notice's own validation, naming what is missing.
    """
    from customs_ipr.cases.store import CaseStore
    from customs_ipr.cases.tasks import case_facts
    from customs_ipr.notices.kinds import AddresseeRole, kind_info

    case = CaseStore().require(case_id)
    role = kind_info(kind).roles[0]
    party = {
        AddresseeRole.HOLDER: case.holder,
        AddresseeRole.CONSIGNEE: case.consignee or case.person,
        AddresseeRole.CONSIGNOR: case.consignor,
        AddresseeRole.PASSENGER: case.person,
        AddresseeRole.MAIL_RECIPIENT: case.person,
    }.get(role)
    extra: dict[str, Any] = {}
    if case.fine_rmb is not None:
        extra["fine_amount"] = str(case.fine_rmb)
    if case.penalty_effective_on is not None:
        extra["penalty_effective_date"] = case.penalty_effective_on.isoformat()
    if kind is NoticeKind.RELEASE_NOTICE and case.release_reason:
        reason = case.release_reason.split(":")[-1]
        if reason in {r.value for r in ReleaseReason}:
            extra["release_reason"] = reason
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
        "facts": case_facts(case, **extra),
    }
    if kind_info(kind).due_required:
        data.update(_preview_due(case, kind, day))
    return data


PREVIEW_RULES: dict[NoticeKind, tuple[str, ...]] = {
    NoticeKind.REQUIRE_IP_STATUS_DECLARATION: ("ip_status_declaration",),
    NoticeKind.SUSPENSION_NOTICE: ("holder_reply",),
    NoticeKind.UNDETERMINED_NOTICE: ("court_assistance", "court_assistance_on_application"),
    NoticeKind.PUBLIC_ANNOUNCEMENT: ("confiscation_after_announcement",),
}
"""The deadline a notice of each kind announces (its due date in a preview)."""


def _preview_due(case: Any, kind: NoticeKind, issued_on: date) -> dict[str, Any]:
    """The due date of a previewed notice: the case's recorded deadline, else counted anew.

    A closed case keeps its deadlines, so its notices preview with the dates they carried.
    """
    from customs_ipr import deadlines
    from customs_ipr.cases.store import CaseStore

    rules = PREVIEW_RULES.get(kind, ())
    recorded = {d.rule: d for d in CaseStore().view(case.case_id).deadlines}
    for rule in rules:
        if rule in recorded:
            found = recorded[rule]
            return {
                "due_date": found.due.isoformat(),
                "due_basis_en": f"{found.basis}: {found.count} {found.unit.replace('_', ' ')}",
                "due_basis_zh": found.basis,
            }
    if not rules:
        return {}
    # Not set yet: count from where the law counts it (detention for the court's period),
    # on the case's own legal date, never from the day the preview is made.
    start = case.legal_date or case.started_on or issued_on
    if rules[0].startswith("court_assistance") and case.detention_on:
        start = case.detention_on
    due = deadlines.compute(rules[0], start)
    return {
        "due_date": due.due.isoformat(),
        "due_basis_en": f"{due.basis}: {due.count} {str(due.unit).replace('_', ' ')}",
        "due_basis_zh": due.basis,
    }

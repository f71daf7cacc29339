"""Issuing a case's notices: once per step and addressee (a retry finds it issued).

Notice items are ``NOTICE#<step>#<role>`` in the case record; a notice that starts a
period carries its due date and a reply code (the holder quotes it to answer).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from customs_ipr.cases import reply_codes
from customs_ipr.cases.facts import UNKNOWN, case_facts, domestic_party
from customs_ipr.cases.model import Case, CaseDeadline, CaseParty
from customs_ipr.cases.rules.periods import due_basis
from customs_ipr.cases.tasks.context import TaskContext
from customs_ipr.notices.kinds import AddresseeRole, NoticeKind
from customs_ipr.notices.models import Recipient


def issue(
    ctx: TaskContext,
    case: Case,
    *,
    step: str,
    kind: NoticeKind,
    role: AddresseeRole,
    party: CaseParty | None,
    issued_on: date,
    due: CaseDeadline | None = None,
    **facts: Any,
) -> dict[str, Any]:
    """Issue one notice of a step to one addressee, once (a retry finds it issued)."""
    existing = ctx.store.get_notice(case.case_id, step, role.value)
    if existing is not None:
        return existing
    name = party.name if party is not None else UNKNOWN
    email = party.email if party is not None else None
    notice_no = ctx.notifier.number(kind, issued_on)
    data: dict[str, Any] = {
        "notice_no": notice_no,
        "kind": kind.value,
        "issued_on": issued_on.isoformat(),
        "addressee": {"name": name, "role": role.value, "email": email},
        "case_id": case.case_id,
        "facts": case_facts(case, **facts),
    }
    if due is not None:
        data.update(due_basis(due))
    code_hash = reply_codes.attach(data) if due is not None else None  # invites an answer
    issued = ctx.notifier.issue(data, [Recipient(name=name, role=role, email=email)])
    record_data = issued.model_dump(mode="json")
    if code_hash:
        record_data["reply_code_hash"] = code_hash
    ctx.store.put_notice(case.case_id, step, role.value, record_data)
    ctx.record(
        case,
        "notice_issued",
        state=step,
        legal_date=issued_on,
        notice_no=notice_no,
        kind=kind.value,
        role=role.value,
        sha256=issued.sha256,
        served_by_other_means_required=issued.served_by_other_means_required,
    )
    return record_data


def notify_holder_and_trader(
    ctx: TaskContext,
    case: Case,
    *,
    step: str,
    kind: NoticeKind,
    issued_on: date,
    skip_absent: bool,
    due: CaseDeadline | None = None,
    **facts: Any,
) -> None:
    """Issue a notice the law addresses to both the holder and the trader (Art. 25–29).

    ``skip_absent``: a release needs no notice to a party that does not exist (unidentified
    goods); an Art. 28 notice is still issued, flagged for service by other means.
    """
    trader, trader_role = domestic_party(case)
    for role, party in ((AddresseeRole.HOLDER, case.holder), (trader_role, trader)):
        if party is None and skip_absent:
            continue
        issue(
            ctx,
            case,
            step=step,
            kind=kind,
            role=role,
            party=party,
            issued_on=issued_on,
            due=due,
            **facts,
        )


def detained_on(ctx: TaskContext, case: Case, day: date) -> Case:
    """The case with its detention date, set to ``day`` if the goods were not detained yet."""
    if case.detention_on is not None:
        return case
    ctx.store.update(case.case_id, detention_on=day)
    return case.model_copy(update={"detention_on": day})


def notify_confiscation(
    ctx: TaskContext,
    case: Case,
    *,
    on: date,
    fine: Decimal,
    other_facts: list[str],
    consignor: dict[str, Any],
    declaration_date: date,
    departure: str,
    destination: str,
) -> None:
    """Art. 30: the holder (if any) is told in writing of the confiscation."""
    if case.holder is None:
        return
    issue(
        ctx,
        case,
        step="confiscation",
        kind=NoticeKind.CONFISCATION_NOTICE,
        role=AddresseeRole.HOLDER,
        party=case.holder,
        issued_on=on,
        penalty_effective_date=(case.penalty_effective_on or on).isoformat(),
        fine_amount=str(fine),
        other_facts=other_facts,
        consignor=consignor,
        declaration_date=declaration_date.isoformat(),
        departure=departure,
        destination=destination,
    )

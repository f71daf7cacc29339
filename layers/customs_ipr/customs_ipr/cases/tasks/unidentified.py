"""Unidentified parties (Implementing Measures Art. 32): the public announcement after the
officer's finding, a party coming forward, confiscation after 3 months."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from customs_ipr import deadlines
from customs_ipr.cases.facts import UNKNOWN
from customs_ipr.cases.model import Case, CaseStatus, CaseTaskRefused
from customs_ipr.cases.rules.periods import case_deadline
from customs_ipr.cases.tasks.context import TaskContext
from customs_ipr.cases.tasks.issuing import detained_on, issue, notify_confiscation
from customs_ipr.cases.tasks.registry import Answer, OrEmpty, TaskParams, task
from customs_ipr.notices.kinds import AddresseeRole, NoticeKind


class IdentifiedParty(Answer):
    name: str | None = None
    code: str | None = None
    email: str | None = None


class RecordIdentifiedParty(TaskParams):
    answer: Annotated[IdentifiedParty, OrEmpty] = IdentifiedParty()


@task("announce_unidentified")
def announce_unidentified(ctx: TaskContext, case: Case, params: TaskParams) -> dict[str, Any]:
    """Art. 32: public announcement of goods found infringing; confiscation 3 months after."""
    if case.infringement_found_on is None:
        raise CaseTaskRefused(
            "Art. 32: no infringement finding is recorded, so the goods cannot be announced "
            "as found infringing."
        )
    today = max(ctx.today(case), case.infringement_found_on)
    case = detained_on(ctx, case, today)
    computed = deadlines.compute("confiscation_after_announcement", today)
    ctx.store.update(case.case_id, announced_on=today)
    case = case.model_copy(update={"announced_on": today})
    ctx.record(
        case,
        "public_announcement",
        state=params.state,
        status=CaseStatus.ANNOUNCED,
        confiscation_from=computed.due,
    )
    issue(
        ctx,
        case,
        step="announcement",
        kind=NoticeKind.PUBLIC_ANNOUNCEMENT,
        role=AddresseeRole.PUBLIC,
        party=None,
        issued_on=today,
        due=case_deadline(computed, "confiscation_after_announcement", start=today),
    )
    return {"outcome": "announced"}


@task("record_identified_party", RecordIdentifiedParty)
def record_identified_party(
    ctx: TaskContext, case: Case, params: RecordIdentifiedParty
) -> dict[str, Any]:
    """Art. 32: a party came forward; its periods count from today (``rules.unidentified``)."""
    answer = params.answer
    fields = {"name": answer.name, "code": answer.code, "email": answer.email}
    party = {k: v for k, v in fields.items() if v}
    today = ctx.today(case)
    ctx.store.update(case.case_id, consignee=party, periods_from=today)
    case = ctx.store.require(case.case_id)
    ctx.record(
        case,
        "party_identified",
        state=params.state,
        status=CaseStatus.DETAINED,
        code=answer.code,
        periods_from=today,
    )
    issue(
        ctx,
        case,
        step="detention_voucher",
        kind=NoticeKind.DETENTION_VOUCHER,
        role=AddresseeRole.CONSIGNEE,
        party=case.consignee,
        issued_on=today,
    )
    return {"outcome": "party_identified"}


@task("confiscate_unclaimed")
def confiscate_unclaimed(ctx: TaskContext, case: Case, params: TaskParams) -> dict[str, Any]:
    """Art. 32 ¶1 after 3 months; Art. 30: the holder is told in writing."""
    today = ctx.today(case)
    ctx.store.update(case.case_id, outcome="confiscated_unclaimed", penalty_effective_on=today)
    case = case.model_copy(update={"penalty_effective_on": today})
    ctx.record(
        case,
        "goods_confiscated",
        state=params.state,
        status=CaseStatus.CONFISCATED,
        basis="Implementing Measures Art. 32 ¶1",
        announced_on=case.announced_on,
    )
    notify_confiscation(
        ctx,
        case,
        on=today,
        fine=Decimal("0"),
        other_facts=[
            f"当事人无法查清，海关于{case.announced_on}公告满3个月后没收（第三十二条第一款） / "
            f"the parties could not be identified; confiscated 3 months after the "
            f"announcement of {case.announced_on} (Art. 32 ¶1)"
        ],
        consignor={"name": UNKNOWN},
        declaration_date=case.started_on,
        departure=UNKNOWN,
        destination=UNKNOWN,
    )
    return {"outcome": "confiscated"}

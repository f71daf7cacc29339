"""The ex officio path (Implementing Measures Art. 21–29): the IP status declaration, the
suspension and the holder's reply, detention, and the Art. 28 notice of an undetermined
investigation."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from customs_ipr import deadlines
from customs_ipr.cases.facts import domestic_party
from customs_ipr.cases.model import Case, CaseDeadline, CaseStatus
from customs_ipr.cases.rules import application as application_rules
from customs_ipr.cases.rules import guarantee as guarantee_rules
from customs_ipr.cases.rules import unidentified as unidentified_rules
from customs_ipr.cases.rules.periods import case_deadline
from customs_ipr.cases.tasks.context import TaskContext
from customs_ipr.cases.tasks.issuing import detained_on, issue, notify_holder_and_trader
from customs_ipr.cases.tasks.registry import Answer, OrEmpty, TaskParams, period_notice, task
from customs_ipr.notices.kinds import AddresseeRole, NoticeKind


class Answered(TaskParams):
    """A task that only needs to know whether an answer came (and what it says)."""

    answer: Annotated[dict[str, Any], OrEmpty] = Field(default_factory=dict)


class HolderReply(Answer):
    decision: str | None = None
    guarantee: Annotated[dict[str, Any], OrEmpty] = Field(default_factory=dict)


class AssessHolderReply(TaskParams):
    answer: Annotated[HolderReply, OrEmpty] = HolderReply()


class CourtNotice(Answer):
    court: str | None = None
    reference: str | None = None


class AssistCourt(TaskParams):
    answer: Annotated[CourtNotice, OrEmpty] = CourtNotice()


@period_notice("ip_status_declaration")
def require_declaration(
    ctx: TaskContext, case: Case, deadline: CaseDeadline, state: str | None
) -> str:
    """Art. 21 ¶1: require the consignee/consignor to declare the IP status of the goods."""
    party, role = domestic_party(case)
    notice = issue(
        ctx,
        case,
        step="ip_status_declaration",
        kind=NoticeKind.REQUIRE_IP_STATUS_DECLARATION,
        role=role,
        party=party,
        issued_on=deadline.start,
        due=deadline,
    )
    ctx.record(
        case,
        "ip_status_declaration_required",
        state=state,
        status=CaseStatus.AWAITING_IP_STATUS_DECLARATION,
        legal_date=deadline.start,
    )
    return str(notice["notice_no"])


@period_notice("holder_reply")
def notify_suspension(
    ctx: TaskContext, case: Case, deadline: CaseDeadline, state: str | None
) -> str:
    """Art. 21 ¶2 / Art. 22: notify the holder, who has 3 working days to answer."""
    notice = issue(
        ctx,
        case,
        step="holder_reply",
        kind=NoticeKind.SUSPENSION_NOTICE,
        role=AddresseeRole.HOLDER,
        party=case.holder,
        issued_on=deadline.start,
        due=deadline,
        **guarantee_rules.suspension_facts(case, deadline.start),
    )
    return str(notice["notice_no"])


@task("clear_goods")
def clear_goods(ctx: TaskContext, case: Case, params: TaskParams) -> dict[str, Any]:
    """The declaration dispelled the suspicion: goods were never suspended, no notice."""
    ctx.store.update(case.case_id, outcome="cleared_after_declaration")
    ctx.record(
        case,
        "goods_cleared",
        state=params.state,
        status=CaseStatus.CLEARED,
        basis="Implementing Measures Art. 21 ¶1",
    )
    return {"outcome": "cleared"}


@task("suspend_release", Answered)
def suspend_release(ctx: TaskContext, case: Case, params: Answered) -> dict[str, Any]:
    """Art. 21 ¶2: suspend release (no timely declaration, or reason to suspect)."""
    if case.require_declaration and not params.answer:
        reason = "the consignee/consignor did not declare the IP status in time"
    elif params.answer:
        reason = "customs has reason to suspect infringement despite the declaration"
    else:
        reason = "screening found suspected infringement of recorded IP"
    ctx.record(
        case,
        "release_suspended",
        state=params.state,
        status=CaseStatus.SUSPENDED,
        basis="Implementing Measures Art. 21 ¶2",
        reason=reason,
    )
    return {"outcome": "suspended"}


@task("assess_holder_reply", AssessHolderReply)
def assess_holder_reply(ctx: TaskContext, case: Case, params: AssessHolderReply) -> dict[str, Any]:
    """Art. 22–25: an application with an adequate guarantee detains; a short one waits for
    a top-up until the end of the period (``cases.rules.guarantee``)."""
    reply = params.answer
    today = ctx.today(case)
    if reply.decision != "detain":
        ctx.record(
            case,
            "holder_reply_assessed",
            state=params.state,
            decision=reply.decision,
            outcome="no_detention",
        )
        return {"outcome": "no_detention"}
    required = guarantee_rules.required_for(case)
    assessed = guarantee_rules.assess(
        case, reply.guarantee, required, today, guarantee_rules.in_rmb
    )
    ctx.store.update(case.case_id, guarantee_posted=assessed.posted, holder_applied_on=today)
    ctx.record(
        case,
        "holder_reply_assessed",
        state=params.state,
        decision=reply.decision,
        outcome=assessed.outcome,
        required_rmb=required,
        posted_rmb=assessed.posted,
        detail=assessed.detail,
    )
    return {"outcome": assessed.outcome}


@task("detain_goods")
def detain_goods(ctx: TaskContext, case: Case, params: TaskParams) -> dict[str, Any]:
    """Art. 25–26: detain, notify the holder, serve the detention voucher."""
    today = case.detention_on or ctx.today(case)
    case = detained_on(ctx, case, today)
    ctx.record(
        case,
        "goods_detained",
        state=params.state,
        status=CaseStatus.DETAINED,
        legal_date=today,
        detention_on=today,
    )
    issue(
        ctx,
        case,
        step="detention",
        kind=NoticeKind.DETENTION_NOTICE,
        role=AddresseeRole.HOLDER,
        party=case.holder,
        issued_on=today,
        **application_rules.detention_facts(case),
    )
    party, role = domestic_party(case)
    issue(
        ctx,
        case,
        step="detention_voucher",
        kind=NoticeKind.DETENTION_VOUCHER,
        role=role,
        party=party,
        issued_on=today,
    )
    return {"outcome": "detained", "detention_on": today.isoformat()}


@task("notify_undetermined")
def notify_undetermined(ctx: TaskContext, case: Case, params: TaskParams) -> dict[str, Any]:
    """Art. 28: infringement cannot be determined — tell holder and trader, with the court date."""
    today = ctx.today(case)
    court = deadlines.compute("court_assistance", unidentified_rules.periods_start(case) or today)
    ctx.record(
        case,
        "infringement_undetermined",
        state=params.state,
        status=CaseStatus.UNDETERMINED,
        basis="Implementing Measures Art. 28",
    )
    notify_holder_and_trader(
        ctx,
        case,
        step="undetermined",
        kind=NoticeKind.UNDETERMINED_NOTICE,
        issued_on=today,
        skip_absent=False,
        due=case_deadline(court, court.rule or "court_assistance"),
    )
    return {"outcome": "undetermined"}


@task("assist_court", AssistCourt)
def assist_court(ctx: TaskContext, case: Case, params: AssistCourt) -> dict[str, Any]:
    """Art. 29: the court's assistance notice came; the goods are handed to the court."""
    ctx.store.update(case.case_id, outcome="court_assistance")
    ctx.record(
        case,
        "court_assistance",
        state=params.state,
        status=CaseStatus.COURT_ASSISTANCE,
        basis="Implementing Measures Art. 29",
        court=params.answer.court,
        reference=params.answer.reference,
    )
    return {"outcome": "court_assistance"}

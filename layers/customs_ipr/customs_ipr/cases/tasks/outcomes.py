"""How a case ends, on every path: release, confiscation, referral, or failure."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import Field

from customs_ipr import money
from customs_ipr.cases import calendar_stops
from customs_ipr.cases.facts import UNKNOWN, case_facts, party_or_unknown
from customs_ipr.cases.model import Case, CaseStatus, CaseTaskRefused
from customs_ipr.cases.rules import application as application_rules
from customs_ipr.cases.tasks.context import TaskContext
from customs_ipr.cases.tasks.issuing import notify_confiscation, notify_holder_and_trader
from customs_ipr.cases.tasks.registry import Answer, OrEmpty, TaskParams, task
from customs_ipr.notices.kinds import NoticeKind, ReleaseReason


class Release(TaskParams):
    reason: ReleaseReason


class PenaltyDecision(Answer):
    fine_rmb: Any = "0"
    effective_on: date | None = None
    criminal_referral: bool | None = None
    other_facts: Annotated[list[Any], OrEmpty] = Field(default_factory=list)


class Confiscate(TaskParams):
    answer: Annotated[PenaltyDecision, OrEmpty] = PenaltyDecision()


class Failure(TaskParams):
    error: Annotated[dict[str, Any], OrEmpty] = Field(default_factory=dict)


@task("release_goods", Release)
def release_goods(ctx: TaskContext, case: Case, params: Release) -> dict[str, Any]:
    """Release, with a notice to the holder and the trader (the reason decides the article)."""
    reason = params.reason
    if reason is ReleaseReason.NO_APPLICATION and case.holder_applied_on is not None:
        reason = ReleaseReason.NO_GUARANTEE  # applied, but the guarantee stayed short
    reason = application_rules.release_reason(case, reason)
    today = ctx.today(case)
    ctx.store.update(case.case_id, outcome=f"released:{reason.value}", release_reason=reason.value)
    ctx.record(
        case,
        "goods_released",
        state=params.state,
        status=CaseStatus.RELEASED,
        reason=reason.value,
    )
    notify_holder_and_trader(
        ctx,
        case,
        step=f"release_{reason.value}",
        kind=NoticeKind.RELEASE_NOTICE,
        issued_on=today,
        skip_absent=True,
        release_reason=reason.value,
    )
    return {"outcome": "released", "reason": reason.value}


@task("confiscate_goods", Confiscate)
def confiscate_goods(ctx: TaskContext, case: Case, params: Confiscate) -> dict[str, Any]:
    """Art. 30: confiscation with a fine below 30 % of the value, and the holder's notice."""
    decision = params.answer
    if case.value_rmb is None:
        raise CaseTaskRefused("The fine cannot be checked: the case has no value in RMB.")
    fine = money.check_fine(money.parse_amount(decision.fine_rmb, what="fine"), case.value_rmb)
    today = ctx.today(case)
    effective = decision.effective_on or today
    referral = bool(decision.criminal_referral)
    ctx.store.update(
        case.case_id,
        fine_rmb=fine,
        penalty_effective_on=effective,
        criminal_referral=referral,
        outcome="confiscated",
    )
    case = case.model_copy(update={"fine_rmb": fine, "penalty_effective_on": effective})
    ctx.record(
        case,
        "goods_confiscated",
        state=params.state,
        status=CaseStatus.CONFISCATED,
        fine_rmb=fine,
        penalty_effective_on=effective,
        basis="Regulations Art. 27; Implementing Measures Art. 30",
    )
    declaration = case.declaration
    facts = case_facts(case)
    notify_confiscation(
        ctx,
        case,
        on=today,
        fine=fine,
        other_facts=[str(x) for x in decision.other_facts],
        consignor=party_or_unknown(case.consignor),
        declaration_date=(
            declaration.declaration_date
            if declaration and declaration.declaration_date
            else case.started_on
        ),
        departure=facts.get("departure") or UNKNOWN,
        destination=facts.get("destination") or UNKNOWN,
    )
    return {"outcome": "confiscated", "criminal_referral": referral}


@task("refer_to_public_security")
def refer_to_public_security(ctx: TaskContext, case: Case, params: TaskParams) -> dict[str, Any]:
    ctx.store.update(case.case_id, criminal_referral=True)
    ctx.record(
        case,
        "criminal_referral",
        state=params.state,
        basis="Regulations Art. 28; Implementing Measures Art. 32 ¶2",
    )
    return {"outcome": "referred"}


@task("refer_settlement")
def refer_settlement(ctx: TaskContext, case: Case, params: TaskParams) -> dict[str, Any]:
    """Art. 27 ¶3 "unless a crime is constituted": a settlement suspected of a crime does not
    release the goods; the case goes to public security (Art. 32 ¶2)."""
    ctx.store.update(
        case.case_id, criminal_referral=True, outcome="referred:settlement_criminal_suspicion"
    )
    ctx.record(
        case,
        "criminal_referral",
        state=params.state,
        status=CaseStatus.REFERRED,
        basis="Implementing Measures Art. 27 ¶3 and Art. 32 ¶2; Regulations Art. 28",
        reason="the parties settled, but the officer suspects a crime: the goods stay detained",
    )
    return {"outcome": "referred"}


@task("record_failure", Failure)
def record_failure(ctx: TaskContext, case: Case, params: Failure) -> dict[str, Any]:
    """Any task failed for good: mark the case failed so an officer takes it over."""
    stop = ctx.stop_of(case.case_id)
    outcome = "stopped:calendar_year_unknown" if stop else "failed"
    ctx.store.update(case.case_id, outcome=outcome, wait=None)
    note = calendar_stops.resume_note(int(stop["year"])) if stop else None
    ctx.record(
        case,
        "workflow_failed",
        state=params.state,
        status=CaseStatus.FAILED,
        error=params.error.get("Error"),
        cause=str(params.error.get("Cause", ""))[:2000],
        stopped_in=stop["state"] if stop else None,
        resumes=note,
    )
    if stop:
        return {"outcome": outcome, "stopped_in": stop["state"], "resumes": note}
    return {"outcome": "failed"}

"""Periods and waits: compute a legal deadline, issue the notice that starts it, and wait
for an answer until it ends (the task token kept in the case record)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from customs_ipr import deadlines
from customs_ipr.cases import clock, timers
from customs_ipr.cases.model import Case, CaseTaskRefused, Wait
from customs_ipr.cases.rules import unidentified as unidentified_rules
from customs_ipr.cases.rules.periods import LOCAL_RULES, WAIT_ACCEPTS, case_deadline
from customs_ipr.cases.store import now_utc
from customs_ipr.cases.tasks.context import TaskContext
from customs_ipr.cases.tasks.registry import PERIOD_NOTICES, TaskParams, task
from customs_ipr.errors import NotFound
from customs_ipr.notices.kinds import AddresseeRole


class OpenPeriod(TaskParams):
    rule: str = Field(min_length=1)
    counted_from: Literal["today", "detention", "announcement"] = Field("today", alias="from")
    notice: str | None = None


class PeriodRef(BaseModel):
    """The deadline ``open_period`` returned, as the state machine passes it on."""

    model_config = ConfigDict(extra="ignore")

    rule: str | None = None
    due: date | None = None
    notice_no: str | None = None


class AwaitAnswer(TaskParams):
    wait: str = Field(min_length=1)
    deadline: PeriodRef | None = None


class ReopenPeriod(TaskParams):
    rule: str = Field(min_length=1)


def _computed(rule: str, start: date) -> deadlines.Deadline:
    if rule in LOCAL_RULES:
        count, basis, _ = LOCAL_RULES[rule]
        return deadlines.due_in_working_days(start, count).model_copy(
            update={"rule": rule, "basis": basis}
        )
    return deadlines.compute(rule, start)


@task("open_period", OpenPeriod)
def open_period(ctx: TaskContext, case: Case, params: OpenPeriod) -> dict[str, Any]:
    """Compute and record a legal deadline, issue the notice that starts it (if any), and
    give the following callback its timeout in seconds.

    The notice is issued here, before the callback starts, so the time it takes to render
    and send never eats into the party's waiting time, and a retry never re-sends it.
    """
    rule = params.rule
    start = {
        "today": ctx.today(case),
        "detention": unidentified_rules.periods_start(case),
        "announcement": case.announced_on,
    }[params.counted_from]
    if start is None:
        raise CaseTaskRefused(f"The case has no {params.counted_from} date to count {rule} from.")
    computed = _computed(rule, start)
    deadline = case_deadline(computed, rule)
    notice_no = None
    if params.notice:
        notice_no = PERIOD_NOTICES[params.notice](ctx, case, deadline, params.state)
        case = ctx.store.require(case.case_id)
    seconds = clock.timeout_seconds(case, computed.due)
    deadline = deadline.model_copy(update={"timeout_seconds": float(seconds)})
    ctx.store.put_deadline(case.case_id, deadline)
    ctx.record(
        case,
        "deadline_set",
        state=params.state,
        rule=rule,
        start=start,
        due=computed.due,
        basis=computed.basis,
        notice_no=notice_no,
    )
    return {**deadline.model_dump(mode="json"), "timeout_seconds": seconds, "notice_no": notice_no}


@task("await_answer", AwaitAnswer)
def await_answer(ctx: TaskContext, case: Case, params: AwaitAnswer) -> dict[str, Any]:
    """The callback: keep the task token in the case record until an answer or the deadline."""
    deadline = params.deadline
    if deadline is None or deadline.due is None:
        raise CaseTaskRefused("This wait has no deadline: the state machine must set one first.")
    if not params.token:
        raise CaseTaskRefused("A waiting task needs the task token.")
    kind = params.wait
    pending_service = _awaits_service(ctx, deadline.notice_no)
    wait = Wait(
        kind=kind,
        token=params.token,
        accepts=WAIT_ACCEPTS[kind],
        notice_no=deadline.notice_no,
        due=None if pending_service else timers.wait_due(deadline.rule, deadline.due),
        opened_at=now_utc(),
    )
    ctx.arm_timer(case.case_id, wait)  # first: a task that fails here leaves no wait behind
    ctx.store.set_wait(case.case_id, wait)
    ctx.record(
        case,
        "waiting",
        state=params.state,
        kind=kind,
        notice_no=deadline.notice_no,
        due=wait.due,
        awaits_service=pending_service or None,
    )
    return {"waiting_for": kind, "due": wait.due.isoformat() if wait.due else None}


def _awaits_service(ctx: TaskContext, notice_no: str | None) -> bool:
    """The notice starting this period was not e-mailed and its service is not recorded."""
    if not notice_no:
        return False
    try:
        _, notice = ctx.store.case_of_notice(notice_no)
    except NotFound:
        return False
    return bool(notice.get("served_by_other_means_required")) and not notice.get("served_on")


@task("reopen_period", ReopenPeriod)
def reopen_period(ctx: TaskContext, case: Case, params: ReopenPeriod) -> dict[str, Any]:
    """Keep waiting, within the same period, for what is still missing (a top-up)."""
    rule = params.rule
    recorded = ctx.store.view(case.case_id).deadlines
    deadline = next((d for d in recorded if d.rule == rule), None)
    if deadline is None:
        raise CaseTaskRefused(f"The case has no {rule} period to keep waiting in.")
    notice = ctx.store.get_notice(case.case_id, rule, AddresseeRole.HOLDER.value)
    seconds = clock.timeout_seconds(case, deadline.due)
    ctx.record(case, "period_reopened", state=params.state, rule=rule, due=deadline.due)
    return {
        **deadline.model_dump(mode="json"),
        "timeout_seconds": seconds,
        "notice_no": notice.get("notice_no") if notice else None,
    }

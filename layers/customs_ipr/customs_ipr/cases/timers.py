"""Deadline timers: each wait for a party ends exactly at 24:00 Beijing on its due date.

When a case starts waiting (``await_answer``), :func:`arm` creates a one-time EventBridge
Scheduler schedule named after the case and the wait (``at(<due + 1 day>T00:00:00)`` in
``Asia/Shanghai``, ``ActionAfterCompletion: DELETE``) whose target is the
``DeadlineTimerFunction`` (``functions/fire_deadline``); in production it fires
``RECEIPT_GRACE_SECONDS`` later, so a reply stored before 24:00 and still queued is accepted
by its own receipt date (``cases.receipt``). At the deadline that function
runs :func:`fire`: if the case still waits on the same wait (same kind, same task token,
the deadline really passed by the legal clock) it takes the wait with the same
conditional write an answer uses — so of an answer and the timer exactly one wins — records
``deadline_passed`` and sends ``SendTaskFailure`` with the error ``DeadlinePassed``. The
state machine catches ``DeadlinePassed`` (and ``States.Timeout``, the safety net) on every
wait and goes to the legal outcome of silence: a timeout is never a failure.

Moving a deadline (a late service recorded with ``notice_served``, a calendar year added)
calls :func:`arm` again with the new due date: the schedule of the same name is updated,
so the timer moves with it and the case is not restarted. An answer deletes the schedule
(:func:`disarm`); a schedule that fires for a wait already answered does nothing.

Locally (moto stores schedules but does not fire them) the virtual clock fires them: see
``customs_ipr_tools.local.virtual_time``. Without a schedule group configured (unit tests that
run tasks without a stack) no timer is created and only the safety net remains.

A wait whose notice could not be e-mailed (flagged for service by other means) has no
period running yet (Art. 22: the period runs from service): it opens with ``due`` None and
no timer; ``notice_served`` sets its due date and arms the timer.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from customs_ipr import aws
from customs_ipr.calendar import default_calendar
from customs_ipr.cases import clock, receipt
from customs_ipr.cases.model import CaseEvent, Wait
from customs_ipr.cases.store import CaseStore, now_utc
from customs_ipr.config import get_settings
from customs_ipr.errors import Conflict

logger = Logger(child=True)

ERROR = "DeadlinePassed"
"""The error the timer sends to the waiting task; caught like ``States.Timeout``."""
TIMEZONE = "Asia/Shanghai"
PAST_DEADLINE_DELAY = timedelta(minutes=1)
ACTS_BY_DUE_DATE = {"undetermined_notice"}
"""Rules where customs itself must act by the due date (Art. 28: the notice is issued
within the 30 working days): the wait for the officer ends one working day earlier, so
the notice of silence is dated the due date at the latest."""


def schedule_name(case_id: str, kind: str) -> str:
    """At most 64 characters of ``[0-9A-Za-z_.-]``, one per case and wait kind."""
    digest = hashlib.sha256(case_id.encode("utf-8")).hexdigest()[:24]
    return f"deadline-{kind[:24]}-{digest}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:16]


def fire_instant(due: date) -> datetime:
    """The end of ``due`` (24:00 Beijing) plus the receipt grace for replies still queued."""
    return clock.deadline_instant(due) + timedelta(seconds=receipt.grace_seconds())


def expression(due: date) -> str:
    """``at(...)`` in Beijing time for :func:`fire_instant` (24:00 = 00:00 of the next day).

    In production a wait opened after its deadline already passed (a case resumed after a
    long calendar stop, a top-up processed late) is timed a minute from now: a one-time
    schedule is not relied on to fire for an instant in the past. :func:`fire` checks the
    deadline again, so the timer can never end a period early.
    """
    when = fire_instant(due)
    if not clock.is_virtual():
        when = max(when, clock.now() + PAST_DEADLINE_DELAY)
    local = when.astimezone(clock.BEIJING).replace(tzinfo=None, microsecond=0)
    return f"at({local.isoformat()})"


def fires_at(schedule_expression: str, timezone: str | None) -> datetime:
    """The instant an ``at(...)`` expression fires, in UTC."""
    inner = schedule_expression.strip().removeprefix("at(").removesuffix(")")
    local = datetime.fromisoformat(inner).replace(tzinfo=ZoneInfo(timezone or "UTC"))
    return local.astimezone(UTC)


def wait_due(rule: str | None, due: date) -> date:
    """The due date of the wait for a deadline (see ``ACTS_BY_DUE_DATE``)."""
    if rule not in ACTS_BY_DUE_DATE:
        return due
    calendar = default_calendar()
    day = due - timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def configured() -> bool:
    settings = get_settings()
    return bool(
        settings.deadline_schedule_group
        and settings.deadline_timer_arn
        and settings.deadline_scheduler_role_arn
    )


def arm(case_id: str, wait: Wait) -> bool:
    """Create (or move) the wait's timer; False when there is nothing to arm."""
    if wait.due is None or not configured():
        return False
    settings = get_settings()
    name = schedule_name(case_id, wait.kind)
    payload = {
        "case_id": case_id,
        "wait": wait.kind,
        "token_digest": token_digest(wait.token),
        "due": wait.due.isoformat(),
    }
    params: dict[str, Any] = {
        "Name": name,
        "GroupName": settings.deadline_schedule_group,
        "ScheduleExpression": expression(wait.due),
        "ScheduleExpressionTimezone": TIMEZONE,
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "Target": {
            "Arn": settings.deadline_timer_arn,
            "RoleArn": settings.deadline_scheduler_role_arn,
            "Input": json.dumps(payload, sort_keys=True),
            "RetryPolicy": {"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185},
        },
        "ActionAfterCompletion": "DELETE",
    }
    scheduler = aws.client("scheduler")
    try:
        scheduler.create_schedule(**params)
    except scheduler.exceptions.ConflictException:
        params.pop("ActionAfterCompletion")
        scheduler.update_schedule(**params)
    logger.info("deadline timer armed", case_id=case_id, wait=wait.kind, due=str(wait.due))
    return True


def disarm(case_id: str, kind: str) -> None:
    """Delete the timer of an answered wait (a missing one is fine)."""
    if not configured():
        return
    scheduler = aws.client("scheduler")
    with contextlib.suppress(scheduler.exceptions.ResourceNotFoundException):
        scheduler.delete_schedule(
            Name=schedule_name(case_id, kind), GroupName=get_settings().deadline_schedule_group
        )


def fire(event: dict[str, Any], store: CaseStore | None = None) -> dict[str, Any]:
    """The timer's target: end the wait if it is still the one the timer was set for."""
    case_id = str(event.get("case_id") or "")
    store = store or CaseStore()
    case = store.get(case_id) if case_id else None
    wait = case.wait if case else None
    if (
        case is None
        or wait is None
        or wait.kind != event.get("wait")
        or token_digest(wait.token) != event.get("token_digest")
    ):
        logger.info("deadline timer for a wait that ended already", case_id=case_id)
        return {"fired": False, "reason": "stale"}
    if wait.due is None or clock.now() < fire_instant(wait.due):
        logger.info("deadline timer before the deadline", case_id=case_id, due=str(wait.due))
        arm(case_id, wait)
        return {"fired": False, "reason": "not_due", "due": str(wait.due)}
    try:
        store.take_wait(case_id, wait.token, {"kind": "deadline_passed", "due": str(wait.due)})
    except Conflict:
        return {"fired": False, "reason": "answered"}
    acting_on = clock.day_after_deadline(wait.due)
    legal_date = max(acting_on, case.legal_date or acting_on)
    store.update(case_id, last_wait=wait, legal_date=legal_date)
    store.add_event(
        case_id,
        CaseEvent(
            at=now_utc(),
            legal_date=acting_on,
            event="deadline_passed",
            detail={
                "wait": wait.kind,
                "notice_no": wait.notice_no,
                "due": wait.due.isoformat(),
                "ended_by": "timer",
            },
        ),
    )
    _count_deadline()
    sfn = aws.client("stepfunctions")
    try:
        sfn.send_task_failure(
            taskToken=wait.token,
            error=ERROR,
            cause=f"The period for {wait.kind} ended at 24:00 Beijing time on {wait.due}.",
        )
    except (
        sfn.exceptions.TaskTimedOut,
        sfn.exceptions.InvalidToken,
        sfn.exceptions.TaskDoesNotExist,
    ):
        logger.warning("the waiting task was gone when its deadline passed", case_id=case_id)
    logger.info("deadline passed", case_id=case_id, wait=wait.kind, due=str(wait.due))
    return {"fired": True, "case_id": case_id, "wait": wait.kind, "due": wait.due.isoformat()}


def _count_deadline() -> None:
    Metrics().add_metric(name="DeadlinesPassed", unit=MetricUnit.Count, value=1)

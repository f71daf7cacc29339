"""Drive the virtual clock of a local stack: settle, fire due timers, move on.

The virtual clock (``customs_ipr.cases.clock.VirtualClock``) is an instant stored in the
cases table; nothing moves it but :class:`VirtualTime`. Moving it is done in steps that
keep legal time independent of the machine's speed:

1. **settle**: wait (in real time, as long as it takes) until the stack is quiet — the
   upload queue empty and no batch in delivery, and every running case execution parked
   on a wait (its case record holds the wait's task token and the execution's last event
   is the callback's ``TaskSubmitted``: no retry or next state is pending). Nothing is
   judged while the machine works, so a slow machine only makes a run longer, never
   different.
2. **fire**: the earliest deadline timer due by the target instant (the one-time
   EventBridge Scheduler schedules the case tasks created; moto stores them but does not
   fire them) is fired the way Scheduler would: the clock is set to its instant, its
   target (``DeadlineTimerFunction``) is invoked with its input, the schedule is deleted
   (``ActionAfterCompletion: DELETE``), and the stack settles again.
3. repeat until no timer is due by the target, then set the clock to the target.

Timers that fall due at the same instant fire one by one in the order of their names,
so two runs of the same scenario do the same things in the same order.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from customs_ipr import aws
from customs_ipr.calendar import default_calendar
from customs_ipr.cases import clock, timers
from customs_ipr.config import get_settings
from customs_ipr.errors import CustomsIprError, InvalidInput

SETTLE_TIMEOUT_SECONDS = 600.0
"""A hang guard only: settling never decides anything by time."""


class StackDidNotSettle(CustomsIprError):
    code = "stack_did_not_settle"


@dataclass(frozen=True)
class Timer:
    at: datetime
    name: str
    target: str
    payload: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "beijing": self.at.astimezone(clock.BEIJING).isoformat(),
            "name": self.name,
            "input": self.payload,
        }


def _case_of(sfn: Any, execution: dict[str, Any]) -> str:
    """The case an execution runs: the ``case_id`` of its input (a resumed case runs as
    ``<case_id>-r<n>``, ``customs_ipr.cases.calendar_stops``)."""
    import json

    described = sfn.describe_execution(executionArn=execution["executionArn"])
    return str(json.loads(described.get("input") or "{}").get("case_id") or execution["name"])


class VirtualTime:
    def __init__(
        self,
        *,
        idle: Callable[[], bool] | None = None,
        settle_timeout: float = SETTLE_TIMEOUT_SECONDS,
    ) -> None:
        self.clock = clock.VirtualClock()
        self.idle = idle
        self.settle_timeout = settle_timeout

    # ------------------------------------------------------------ reading
    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return clock.beijing_date(self.now())

    def timers(self) -> list[Timer]:
        """Every armed deadline timer, earliest first (ties by name)."""
        group = get_settings().deadline_schedule_group
        if not group:
            return []
        scheduler = aws.client("scheduler")
        found = []
        for summary in scheduler.list_schedules(GroupName=group).get("Schedules", []):
            schedule = scheduler.get_schedule(Name=summary["Name"], GroupName=group)
            found.append(
                Timer(
                    at=timers.fires_at(
                        schedule["ScheduleExpression"], schedule.get("ScheduleExpressionTimezone")
                    ),
                    name=schedule["Name"],
                    target=schedule["Target"]["Arn"],
                    payload=schedule["Target"].get("Input", "{}"),
                )
            )
        return sorted(found, key=lambda t: (t.at, t.name))

    def show(self) -> dict[str, Any]:
        current = self.now()
        return {
            "clock": "virtual",
            "now": current.isoformat(),
            "today": clock.beijing_date(current).isoformat(),
            "timers": [t.to_dict() for t in self.timers()],
        }

    # ------------------------------------------------------------ settling
    def quiet(self) -> bool:
        if self.idle is not None and not self.idle():
            return False
        from customs_ipr.cases.store import CaseStore

        sfn = aws.client("stepfunctions")
        arn = get_settings().state_machine_arn
        if not arn:
            return True
        store = CaseStore()
        running = sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING")
        for execution in running.get("executions", []):
            waiting = store.is_waiting(execution["name"])
            if waiting is None:
                waiting = store.is_waiting(_case_of(sfn, execution))
            if not waiting:
                return False
            events = sfn.get_execution_history(
                executionArn=execution["executionArn"], maxResults=1000
            )["events"]
            # parked: the callback task was submitted (its function returned) and nothing since
            if not events or events[-1]["type"] != "TaskSubmitted":
                return False
        return True

    def settle(self) -> None:
        """Wait until the stack is quiet (see the module docstring)."""
        give_up = time.monotonic() + self.settle_timeout
        pause = 0.005
        while not self.quiet():
            if time.monotonic() > give_up:
                raise StackDidNotSettle(
                    f"The local stack was still busy after {self.settle_timeout:.0f} s."
                )
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    # ------------------------------------------------------------ moving
    def start(self, instant: datetime) -> datetime:
        """Set the clock where a run begins (only forwards, once it is set)."""
        current = self.clock.read()
        if current is not None and instant < current:
            raise InvalidInput(
                f"The virtual clock is at {current.isoformat()}; it cannot go back to "
                f"{instant.isoformat()}."
            )
        return self.clock.set(instant)

    def fire(self, timer: Timer) -> Any:
        import json

        self.clock.set(max(timer.at, self.now()))
        response = aws.client("lambda").invoke(
            FunctionName=timer.target, Payload=timer.payload.encode("utf-8")
        )
        result = json.loads(response["Payload"].read() or b"null")
        scheduler = aws.client("scheduler")
        with contextlib.suppress(scheduler.exceptions.ResourceNotFoundException):
            scheduler.delete_schedule(
                Name=timer.name, GroupName=get_settings().deadline_schedule_group
            )
        self.settle()
        return result

    def advance_to(self, instant: datetime) -> list[dict[str, Any]]:
        """Fire every timer due by ``instant`` in order, then stand at ``instant``."""
        self.settle()
        current = self.now()
        if instant < current:
            raise InvalidInput(
                f"The virtual clock is at {current.isoformat()}; it cannot go back to "
                f"{instant.isoformat()}."
            )
        fired = []
        while True:
            due = [t for t in self.timers() if t.at <= instant]
            if not due:
                break
            result = self.fire(due[0])
            fired.append({**due[0].to_dict(), "result": result})
        self.clock.set(max(instant, self.now()))
        return fired

    def advance_to_date(self, day: date) -> list[dict[str, Any]]:
        """To 09:00 Beijing time on ``day`` (the deadlines of the days before have passed)."""
        return self.advance_to(clock.at_office_hours(day))

    def advance_working_days(self, count: int) -> list[dict[str, Any]]:
        if count < 1:
            raise InvalidInput("--working-days must be 1 or more.")
        return self.advance_to_date(default_calendar().add_working_days(self.today(), count))

    def next_timer(self) -> Timer | None:
        self.settle()
        pending = self.timers()
        return pending[0] if pending else None

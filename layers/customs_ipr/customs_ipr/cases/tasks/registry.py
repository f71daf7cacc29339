"""The task table of the case state machine, the envelope every task gets, and ``run``.

Each Task state of ``statemachine/case.asl.json`` sends ``{"task": name, "case_id": ...,
"state": <state name>, ...}``; the task's own parameters (``rule``, ``answer`` ...) are
validated by the pydantic model it was registered with. A task returns a small dict the
state machine chooses on (``outcome``) or waits with (``timeout_seconds``).

A task that starts while the case still holds a ``wait`` runs after that wait's deadline
passed (answered waits are removed by the answer): it records ``deadline_passed`` and
moves the case's legal date to the first working day after the due date, the day on
which customs acts on the silence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from customs_ipr.calendar import CalendarYearUnknown
from customs_ipr.cases import calendar_stops, clock
from customs_ipr.cases.model import Case, CaseDeadline, CaseTaskRefused
from customs_ipr.cases.tasks.context import TaskContext, production_context
from customs_ipr.errors import CustomsIprError

logger = Logger(child=True)

NO_DEADLINE_CHECK = ("await_answer", "record_failure")
"""Tasks that run while the case still waits (they open or end the wait themselves)."""


class CaseTaskEvent(BaseModel):
    """What every Task state of ``statemachine/case.asl.json`` sends (its ``Payload``).

    The named fields are the envelope; a task's own parameters (``rule``, ``from``,
    ``notice``, ``wait``, ``reason``, ``answer``, ``deadline``, ``error``) ride along as
    extras and are validated by the task's parameter model (:func:`task`).
    """

    model_config = ConfigDict(extra="allow")

    task: str = Field(min_length=1)
    case_id: str = Field(min_length=1)
    state: str | None = None
    token: str | None = None


class TaskParams(BaseModel):
    """A task's parameters: the state it runs in, plus what its model adds."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    state: str | None = None
    token: str | None = None


def _empty_if_none(value: Any) -> Any:
    return {} if value is None else value


OrEmpty = BeforeValidator(_empty_if_none)
"""An ``answer`` the state machine passes as null counts as an empty answer."""


class Answer(BaseModel):
    """An officer's or a party's answer, as the workflow stored it (extra keys kept)."""

    model_config = ConfigDict(extra="allow")


TaskFunction = Callable[[TaskContext, Case, Any], dict[str, Any]]
PeriodNotice = Callable[[TaskContext, Case, CaseDeadline, str | None], str]


@dataclass(frozen=True)
class RegisteredTask:
    function: TaskFunction
    params: type[TaskParams]


TASKS: dict[str, RegisteredTask] = {}
PERIOD_NOTICES: dict[str, PeriodNotice] = {}
"""The notice that starts a period (``open_period``'s ``notice``), by name."""


def task(name: str, params: type[TaskParams] = TaskParams) -> Callable[[TaskFunction], Any]:
    """Register a task under ``name``, its parameters validated by ``params``."""

    def register(function: TaskFunction) -> TaskFunction:
        TASKS[name] = RegisteredTask(function, params)
        return function

    return register


def period_notice(name: str) -> Callable[[PeriodNotice], PeriodNotice]:
    def register(function: PeriodNotice) -> PeriodNotice:
        PERIOD_NOTICES[name] = function
        return function

    return register


def run(task_event: CaseTaskEvent, context: TaskContext | None = None) -> dict[str, Any]:
    """Entry point of ``functions/case_tasks``: run one named task for one case."""
    registered = TASKS.get(task_event.task)
    if registered is None:
        raise CaseTaskRefused(f"Unknown case task {task_event.task!r}.")
    params = registered.params.model_validate(task_event.model_dump())
    ctx = context or production_context()
    case = ctx.store.require(task_event.case_id)
    try:
        if case.wait is not None and task_event.task not in NO_DEADLINE_CHECK:
            case = _deadline_passed(ctx, case, params.state)
        logger.info("case task", task=task_event.task, case_id=case.case_id, state=params.state)
        return registered.function(ctx, case, params)
    except CaseTaskRefused:
        raise
    except CalendarYearUnknown as error:
        if calendar_stops.known_after_refresh(error.year):
            raise  # imported meanwhile (a stale cache): the state machine retries the task
        calendar_stops.record_stop(ctx.store.require(case.case_id), params.state, error)
        raise CaseTaskRefused(f"{error.code}: {error.message}") from error
    except CustomsIprError as error:
        raise CaseTaskRefused(f"{error.code}: {error.message}") from error


def _deadline_passed(ctx: TaskContext, case: Case, state: str | None) -> Case:
    wait = case.wait
    assert wait is not None
    acting_on = clock.day_after_deadline(wait.due) if wait.due else ctx.today(case)
    ctx.store.update(case.case_id, wait=None, last_wait=wait)
    case = case.model_copy(
        update={"wait": None, "legal_date": max(acting_on, case.legal_date or acting_on)}
    )
    ctx.record(
        case,
        "deadline_passed",
        state=state,
        legal_date=case.legal_date,
        wait=wait.kind,
        notice_no=wait.notice_no,
        due=wait.due,
    )
    return case

"""Cases stopped because the working-day calendar does not know a year: their markers.

A legal deadline is never counted on a guessed calendar: a task that meets a year nobody
has published (``CalendarYearUnknown``) stops the case. Before it fails, the task leaves
a marker in the cases table (``pk=CALENDAR_STOPPED``, ``sk=<year>#<case_id>``) naming the
state it stopped in, the case's status and its open wait. The workflow then records the
failure and alerts operators, saying the case resumes by itself.

Once the year is in the calendar, ``cases.calendar_resume`` gives each stopped case a new
execution that starts in the state it stopped in.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr.calendar import CalendarYearUnknown, default_calendar, refresh
from customs_ipr.cases.model import Case
from customs_ipr.cases.store import CaseStore
from customs_ipr.jsonutil import to_jsonable

logger = Logger(child=True)

RESUMABLE_STATES = (
    "Require the IP status declaration",
    "Notify the holder of the suspension",
    "Detain the goods",
    "Set the investigation deadline",
    "Notify: infringement undetermined",
    "Set the court assistance deadline",
    "Release: no application",
    "Release: holder asks no detention",
    "Release: no guarantee",
    "Release: not infringing",
    "Release: no court notice",
    "Release: counter-guarantee",
    "Assess the application guarantee",
    "Assess the personal items",
    "Detain the items and notify the person",
    "Publish the announcement",
    "Set the confiscation date",
    "Confiscate the unclaimed goods",
)
"""States a stopped case can restart in: their tasks read only the case record (no answer
or deadline from the previous state). ``tests/unit/test_calendar_stops.py`` checks the
state machine's resume choice lists exactly these."""


def resume_note(year: int) -> str:
    return (
        f"The working-day calendar has no {year} data. The case is stopped, not lost: it "
        f"resumes by itself in the state it stopped in once {year} is imported "
        f"('customs-ipr calendar import NOTICE.txt' with the State Council's {year} "
        "holiday notice; the daily schedule also retries)."
    )


def known_after_refresh(year: int) -> bool:
    """Re-read the override table: was the year imported after this process cached it?"""
    refresh()
    try:
        default_calendar().source_of(year)
    except CalendarYearUnknown:
        return False
    return True


def record_stop(
    case: Case, state: str | None, error: CalendarYearUnknown, store: CaseStore | None = None
) -> None:
    """Leave the marker a resumption needs (called by ``tasks.run`` before it fails)."""
    if state not in RESUMABLE_STATES:
        logger.warning("calendar stop in a state that cannot resume", state=state)
        return
    (store or CaseStore()).put_calendar_stop(
        case.case_id,
        error.year,
        {
            "state": state,
            "status": case.status.value,
            "wait": json.dumps(to_jsonable(case.wait.model_dump()) if case.wait else None),
        },
    )


def stop_of(case_id: str, store: CaseStore | None = None) -> dict[str, Any] | None:
    """The marker of a stopped case, if any."""
    return (store or CaseStore()).calendar_stop_of(case_id)


def stopped_cases(store: CaseStore | None = None) -> list[dict[str, Any]]:
    return list((store or CaseStore()).calendar_stops())

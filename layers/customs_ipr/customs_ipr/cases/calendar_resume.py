"""Resuming the cases stopped on a year the working-day calendar did not know.

Once the year is in the calendar (``customs-ipr calendar import NOTICE.txt`` writes it
and calls :func:`resume_stopped`; the daily schedule calls it too, for a table written
elsewhere), each stopped case (its marker left by ``cases.calendar_stops``) gets a new
execution (``<case_id>-r<n>``) that starts in the state it stopped in (the ``Resume a
stopped case?`` choice of the state machine): the task runs again, now with the year
known, and the case goes on as if never stopped.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr.calendar import CalendarYearUnknown, default_calendar
from customs_ipr.cases.executions import start_execution
from customs_ipr.cases.history import record
from customs_ipr.cases.model import CaseStatus
from customs_ipr.cases.store import CaseStore

logger = Logger(child=True)


def resume_stopped(store: CaseStore | None = None) -> list[dict[str, Any]]:
    """Restart every stopped case whose year the calendar now knows; what was done to each."""
    store = store or CaseStore()
    calendar = default_calendar()
    results = []
    for item in list(store.calendar_stops()):
        year = int(item["year"])
        try:
            calendar.source_of(year)
        except CalendarYearUnknown:
            results.append({"case_id": item["case_id"], "year": year, "resumed": False})
            continue
        results.append(_restart(store, item))
    return results


def _restart(store: CaseStore, item: dict[str, Any]) -> dict[str, Any]:
    case = store.require(str(item["case_id"]))
    year, state = int(item["year"]), str(item["state"])
    resumes = store.resume_count(case.case_id) + 1
    # A wait left from the stopped execution holds that execution's task token: an answer
    # to it could never reach the new one. The state the case resumes in opens its own
    # wait (``await_answer``), and with it the wait's deadline timer (``timers.arm``).
    stale_wait = json.loads(item.get("wait") or "null")
    status = CaseStatus(str(item["status"]))
    store.update(case.case_id, status=status, outcome=None, resumes=resumes, wait=None)
    name = f"{case.case_id}-r{resumes}"
    execution_arn = start_execution(case, name, resume_at=state)
    store.update(case.case_id, execution_arn=execution_arn)
    store.delete_calendar_stop(case.case_id, year)
    record(
        case.model_copy(update={"status": status}),
        "case_resumed",
        state=state,
        status=status,
        year=year,
        execution=name,
        basis="the working-day calendar now knows the year",
        stopped_wait=stale_wait["kind"] if stale_wait else None,
    )
    logger.info("stopped case resumed", case_id=case.case_id, state=state)
    return {
        "case_id": case.case_id,
        "year": year,
        "resumed": True,
        "state": state,
        "execution": name,
    }

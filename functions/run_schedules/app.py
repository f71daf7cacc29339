"""The recordation lifecycle's daily schedule (EventBridge): renewals, lapses, reminders, alerts.

Runs just after midnight China time, so a renewed term is switched in on its first day.
The event's ``run_on`` (``YYYY-MM-DD``), if given, replays a missed day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from customs_ipr.jsonutil import to_jsonable
from customs_ipr.recordations.lifecycle.service import default_lifecycle

logger = Logger()


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    run_on = event.get("run_on") if isinstance(event, dict) else None
    result = default_lifecycle().run_schedules(date.fromisoformat(run_on) if run_on else None)
    from customs_ipr.cases.calendar_resume import resume_stopped  # cold start: only here

    # Cases stopped on a year the calendar did not know resume once it is imported.
    return {**to_jsonable(result), "resumed_cases": to_jsonable(resume_stopped())}

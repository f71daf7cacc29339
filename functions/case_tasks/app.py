"""Lambda tasks of the case state machine: one named task per call (customs_ipr.cases.tasks).

Powertools Parser validates the task envelope the ASL sends; a malformed event fails with
the field named, and the state machine's Catch records it and alerts.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from customs_ipr.cases.tasks import CaseTaskEvent, run

logger = Logger()
metrics = Metrics()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
@event_parser(model=CaseTaskEvent)
def lambda_handler(event: CaseTaskEvent, context: LambdaContext) -> dict[str, Any]:
    # Thread-safe keys: locally every function runs in one process, on several threads, and
    # shared keys would stamp this task's name on other functions' lines.
    logger.thread_safe_append_keys(case_id=event.case_id, task=event.task)
    try:
        return run(event)
    finally:
        logger.thread_safe_remove_keys(["case_id", "task"])

"""Lambda tasks of the case state machine: one named task per call (customs_ipr.cases.tasks)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from customs_ipr.cases.tasks import run

logger = Logger()


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    logger.append_keys(case_id=event.get("case_id"), task=event.get("task"))
    return run(event)

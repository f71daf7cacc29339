"""A wait's legal deadline passed: EventBridge Scheduler's one-time schedule calls this at
24:00 Beijing time on the due date (customs_ipr.cases.timers)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.typing import LambdaContext

from customs_ipr.cases.timers import fire

logger = Logger()
metrics = Metrics()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    logger.append_keys(case_id=event.get("case_id"), wait=event.get("wait"))
    return fire(event)

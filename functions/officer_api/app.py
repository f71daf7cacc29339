"""Officers' HTTP API (IAM): one Powertools resolver (customs_ipr.api); the public look-up
runs in functions/public_lookup."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from customs_ipr.api import build_resolver

logger = Logger()
metrics = Metrics()


@logger.inject_lambda_context(
    correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True
)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return build_resolver().resolve(event, context)

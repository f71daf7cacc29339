"""Uploads from S3 (via the SQS queue): route each to the domain package, exactly once.

Partial batch response: only the records that failed unexpectedly are retried by SQS.
"""

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.typing import LambdaContext

from customs_ipr.ingest.pipeline import handle_sqs_batch

logger = Logger()
metrics = Metrics()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle_sqs_batch(event, context)

"""``RecordationsTable`` at the lowest level: one place that calls DynamoDB and maps its errors.

Both stores of the table use it: ``store.DynamoRecordationStore`` (the recordations, their
history and term keys) and ``lifecycle_store.LifecycleStore`` (applications, renewals,
changes, pre-confirmations, counters). Every call is counted in ``requests``; a failure of
the service becomes ``StoreUnavailable`` (retryable), except a failed condition, which the
caller asked for and gets as the ``ClientError`` it is.
"""

from __future__ import annotations

import time
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr import aws
from customs_ipr.config import get_settings
from customs_ipr.errors import RetryableError

logger = Logger(child=True)

BATCH_GET_LIMIT = 100
BATCH_WRITE_LIMIT = 25
MAX_RETRIES = 8


class StoreUnavailable(RetryableError):
    code = "store_unavailable"


def s(value: str) -> dict[str, str]:
    """A DynamoDB string attribute."""
    return {"S": value}


def is_condition_failure(error: Exception) -> bool:
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class Table:
    """The recordations table (name from settings unless given) and its low-level calls."""

    def __init__(self, table_name: str | None = None, client: Any = None) -> None:
        self.name = table_name or get_settings().recordations_table
        self.client = client if client is not None else aws.client("dynamodb")
        self.requests = 0

    def call(self, operation: str, **kwargs: Any) -> Any:
        """One client call, counted; errors mapped (see the module docstring)."""
        from botocore.exceptions import BotoCoreError, ClientError  # botocore loads on first call

        self.requests += 1
        try:
            return getattr(self.client, operation)(**kwargs)
        except ClientError as error:
            if is_condition_failure(error):
                raise
            logger.warning("recordations table call failed", operation=operation, error=str(error))
            raise StoreUnavailable(
                f"The recordations table {self.name} could not be read or written ({operation})."
            ) from error
        except BotoCoreError as error:
            logger.warning("recordations table call failed", operation=operation, error=str(error))
            raise StoreUnavailable(
                f"The recordations table {self.name} could not be reached ({operation})."
            ) from error

    def on_table(self, operation: str, **kwargs: Any) -> Any:
        """A call addressed to this table (``TableName`` added)."""
        return self.call(operation, TableName=self.name, **kwargs)

    def query(self, **kwargs: Any) -> list[dict[str, Any]]:
        """Every item of a Query, page after page."""
        return self._pages("query", **kwargs)

    def scan(self, **kwargs: Any) -> list[dict[str, Any]]:
        """Every item of a Scan, page after page (the daily sweep only)."""
        return self._pages("scan", **kwargs)

    def _pages(self, operation: str, **kwargs: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        start: dict[str, Any] | None = None
        while True:
            page = self.on_table(
                operation, **kwargs, **({"ExclusiveStartKey": start} if start else {})
            )
            items.extend(page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return items

    def gsi(self, key: str) -> list[str]:
        """The ``doc`` of every item whose ``gsi1pk`` is ``key``, in ``gsi1sk`` order."""
        items = self.query(
            IndexName="gsi1",
            KeyConditionExpression="gsi1pk = :k",
            ExpressionAttributeValues={":k": s(key)},
        )
        return [item["doc"]["S"] for item in items]

    def batch_get(self, keys: list[dict[str, Any]], projection: str) -> list[dict[str, Any]]:
        """BatchGetItem in chunks of 100, retrying ``UnprocessedKeys`` with backoff."""
        items: list[dict[str, Any]] = []
        for start in range(0, len(keys), BATCH_GET_LIMIT):
            pending: dict[str, Any] = {
                self.name: {
                    "Keys": keys[start : start + BATCH_GET_LIMIT],
                    "ProjectionExpression": projection,
                }
            }
            for attempt in range(MAX_RETRIES):
                answer = self.call("batch_get_item", RequestItems=pending)
                items.extend(answer.get("Responses", {}).get(self.name, []))
                pending = answer.get("UnprocessedKeys") or {}
                if not pending:
                    break
                time.sleep(min(0.05 * 2**attempt, 1.0))
            else:
                raise StoreUnavailable("The recordations table kept throttling a batch read.")
        return items

    def batch_write(self, requests: list[dict[str, Any]]) -> None:
        """BatchWriteItem in chunks of 25, retrying ``UnprocessedItems`` with backoff."""
        for start in range(0, len(requests), BATCH_WRITE_LIMIT):
            pending: dict[str, Any] = {self.name: requests[start : start + BATCH_WRITE_LIMIT]}
            for attempt in range(MAX_RETRIES):
                answer = self.call("batch_write_item", RequestItems=pending)
                pending = answer.get("UnprocessedItems") or {}
                if not pending:
                    break
                time.sleep(min(0.05 * 2**attempt, 1.0))
            else:
                raise StoreUnavailable("The recordations table kept throttling a batch write.")

"""Move the uploads that failed five times from the dead-letter queue back to be processed.

On AWS this is SQS's own redrive, ``StartMessageMoveTask`` (without a destination the
messages return to the queue they came from). Where that API is missing or fails — moto,
the local stack, answers 500 — the messages are moved by hand: received from the
dead-letter queue, sent to its source queue with the same body, then deleted (a crash
between send and delete leaves a duplicate, which the ingest's idempotency absorbs; never
a loss). Idempotency also makes redriving an upload that did succeed in the end harmless.
"""

from __future__ import annotations

from typing import Any

from customs_ipr import aws
from customs_ipr.errors import CustomsIprError, NotFound

_BATCH = 10


def dead_letter_queue_url(queue_url: str | None = None) -> str:
    """The uploads dead-letter queue: given, or ``<stack>-uploads-dlq`` of this stack."""
    if queue_url:
        return queue_url
    from customs_ipr.config import get_settings

    bucket = get_settings().documents_bucket
    stack = bucket.split("-documents-", 1)[0]
    sqs = aws.client("sqs")
    try:
        return str(sqs.get_queue_url(QueueName=f"{stack}-uploads-dlq")["QueueUrl"])
    except sqs.exceptions.QueueDoesNotExist:
        raise NotFound(f"There is no dead-letter queue {stack}-uploads-dlq.") from None


def _arn(queue_url: str) -> str:
    attributes = aws.client("sqs").get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["QueueArn"]
    )["Attributes"]
    return str(attributes["QueueArn"])


def source_queue_url(dlq_url: str) -> str:
    sources = (
        aws.client("sqs").list_dead_letter_source_queues(QueueUrl=dlq_url).get("queueUrls", [])
    )
    if len(sources) != 1:
        raise CustomsIprError(
            f"The dead-letter queue has {len(sources)} source queues; name one.",
            code="redrive_source_unknown",
        )
    return str(sources[0])


def redrive(queue_url: str | None = None, *, use_move_task: bool = True) -> dict[str, Any]:
    """Redrive every message; returns how (``method``) and, when moved here, how many."""
    from botocore.exceptions import ClientError

    dlq_url = dead_letter_queue_url(queue_url)
    sqs = aws.client("sqs")
    if use_move_task:
        try:
            handle = sqs.start_message_move_task(SourceArn=_arn(dlq_url))["TaskHandle"]
            return {"method": "start_message_move_task", "task_handle": handle, "queue": dlq_url}
        except (ClientError, NotImplementedError, KeyError) as error:  # moto: 500 / not built
            reason = getattr(error, "response", {}).get("Error", {}).get("Code", "unavailable")
            fallback_reason = f"StartMessageMoveTask failed ({reason})"
    else:
        fallback_reason = "asked to move by hand"
    target = source_queue_url(dlq_url)
    moved = 0
    while True:
        messages = sqs.receive_message(
            QueueUrl=dlq_url, MaxNumberOfMessages=_BATCH, WaitTimeSeconds=0
        ).get("Messages", [])
        if not messages:
            break
        for message in messages:
            sqs.send_message(QueueUrl=target, MessageBody=message["Body"])
            sqs.delete_message(QueueUrl=dlq_url, ReceiptHandle=message["ReceiptHandle"])
            moved += 1
    return {
        "method": "receive_send_delete",
        "reason": fallback_reason,
        "moved": moved,
        "queue": dlq_url,
        "to": target,
    }

"""The SQS event source mapping, played locally: ``UploadsQueue`` → ``IngestUploadFunction``.

Deployed, Lambda's event source mapping long-polls the uploads queue and invokes the
ingest function with batches. moto without Docker has no event source mappings, so this
pump does the same, the way AWS documents it:

- it receives up to ``BatchSize`` messages (from the function's ``SQS`` event in
  ``template.yaml``) with their system attributes, builds the Lambda SQS event
  (``Records`` with ``messageId``, ``receiptHandle``, ``body``, ``attributes`` incl.
  ``ApproximateReceiveCount``, ``eventSource`` ``aws:sqs``, ``eventSourceARN``,
  ``awsRegion``) and invokes the function through ``lambda:Invoke``;
- with ``ReportBatchItemFailures`` it deletes every message not named in
  ``batchItemFailures``; a function error, or a failure entry that names no message of
  the batch, fails the whole batch (nothing is deleted);
- messages not deleted become visible again after the queue's visibility timeout, and
  moto moves them to the dead-letter queue after ``maxReceiveCount`` receives.

S3's ``s3:TestEvent`` (sent when the bucket's notifications are configured) is delivered
like any other message, as on AWS: the ingest function must accept and ignore it.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr import aws
from customs_ipr.errors import CustomsIprError
from customs_ipr_tools.local.stack import LocalStack

logger = Logger(child=True)

SYSTEM_ATTRIBUTES = [
    "ApproximateReceiveCount",
    "SentTimestamp",
    "SenderId",
    "ApproximateFirstReceiveTimestamp",
]


class EventSourceNotFound(CustomsIprError):
    code = "event_source_not_found"


@dataclass(frozen=True)
class EventSourceMapping:
    """One ``Type: SQS`` event of a function in ``template.yaml``."""

    function_name: str
    queue_url: str
    queue_arn: str
    batch_size: int = 10
    batching_window_seconds: float = 0.0
    report_batch_item_failures: bool = False

    @classmethod
    def from_stack(
        cls, stack: LocalStack, queue_logical_id: str = "UploadsQueue"
    ) -> EventSourceMapping:
        """Find the function subscribed to the queue and read its mapping settings."""
        template = stack.template
        queue_arn = template.get_att(queue_logical_id, "Arn")
        for logical_id, resource in template.of_type("AWS::Serverless::Function").items():
            events = resource.get("Properties", {}).get("Events", {}) or {}
            for event in events.values():
                if event.get("Type") != "SQS":
                    continue
                props = template.resolve(event.get("Properties", {}))
                if props.get("Queue") != queue_arn:
                    continue
                return cls(
                    function_name=template.name_of(logical_id),
                    queue_url=str(stack.ref(queue_logical_id)),
                    queue_arn=queue_arn,
                    batch_size=int(props.get("BatchSize", 10)),
                    batching_window_seconds=float(props.get("MaximumBatchingWindowInSeconds", 0)),
                    report_batch_item_failures="ReportBatchItemFailures"
                    in (props.get("FunctionResponseTypes") or []),
                )
        raise EventSourceNotFound(
            f"No function in template.yaml has an SQS event on {queue_logical_id}."
        )


@dataclass
class BatchOutcome:
    received: int = 0
    deleted: int = 0
    failed: int = 0
    function_error: str | None = None


@dataclass
class PumpTotals:
    batches: int = 0
    received: int = 0
    deleted: int = 0
    failed: int = 0
    function_errors: int = 0
    last_error: str | None = None
    """``errorType: errorMessage`` of the latest function error (shown by the demo)."""


def sqs_event(messages: list[dict[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    """The event Lambda's SQS event source mapping passes to the function."""
    records = []
    for message in messages:
        attributes = {
            name: message.get("Attributes", {}).get(name, "") for name in SYSTEM_ATTRIBUTES
        }
        records.append(
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": attributes,
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": message.get("MD5OfBody")
                or hashlib.md5(message["Body"].encode(), usedforsecurity=False).hexdigest(),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
        )
    return {"Records": records}


@dataclass
class UploadPump:
    """Delivers the uploads queue to the ingest function; see the module docstring.

    ``poll_once`` handles one batch (tests and the demo call it directly); ``start`` runs
    it in a daemon thread until ``stop``.
    """

    mapping: EventSourceMapping
    region: str = "us-east-1"
    wait_seconds: int = 1
    """Long-poll time per receive; short so ``stop`` is prompt."""
    totals: PumpTotals = field(default_factory=PumpTotals)
    _stop: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)
    _busy: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def for_stack(cls, stack: LocalStack, **kwargs: Any) -> UploadPump:
        return cls(EventSourceMapping.from_stack(stack), region=stack.template.region, **kwargs)

    # ------------------------------------------------------------ one batch
    def poll_once(self, wait_seconds: int | None = None) -> BatchOutcome:
        with self._busy:
            messages = self._receive(self.wait_seconds if wait_seconds is None else wait_seconds)
            if not messages:
                return BatchOutcome()
            outcome = self._deliver(messages)
            self.totals.batches += 1
            self.totals.received += outcome.received
            self.totals.deleted += outcome.deleted
            self.totals.failed += outcome.failed
            if outcome.function_error is not None:
                self.totals.function_errors += 1
                self.totals.last_error = outcome.function_error
            return outcome

    def _receive(self, wait_seconds: int) -> list[dict[str, Any]]:
        sqs = aws.client("sqs")
        request = {
            "QueueUrl": self.mapping.queue_url,
            "MaxNumberOfMessages": min(self.mapping.batch_size, 10),
            "MessageSystemAttributeNames": ["All"],
            "MessageAttributeNames": ["All"],
            "WaitTimeSeconds": wait_seconds,
        }
        messages: list[dict[str, Any]] = sqs.receive_message(**request).get("Messages", [])
        if (
            messages
            and self.mapping.batching_window_seconds
            and len(messages) < self.mapping.batch_size
        ):
            # the batching window: gather more for a short while, as the mapping does
            deadline = time.monotonic() + min(self.mapping.batching_window_seconds, 0.5)
            while len(messages) < self.mapping.batch_size and time.monotonic() < deadline:
                more = sqs.receive_message(
                    **{
                        **request,
                        "WaitTimeSeconds": 0,
                        "MaxNumberOfMessages": min(10, self.mapping.batch_size - len(messages)),
                    }
                ).get("Messages", [])
                if not more:
                    break
                messages.extend(more)
        return messages

    def _deliver(self, messages: list[dict[str, Any]]) -> BatchOutcome:
        event = sqs_event(messages, self.mapping.queue_arn, self.region)
        response = aws.client("lambda").invoke(
            FunctionName=self.mapping.function_name,
            InvocationType="RequestResponse",
            Payload=json.dumps(event).encode(),
        )
        payload_bytes = response["Payload"].read()
        outcome = BatchOutcome(received=len(messages))
        if response.get("FunctionError"):
            outcome.function_error = _error_type(payload_bytes)
            outcome.failed = len(messages)
            logger.warning(
                "ingest function failed; batch will be retried",
                function=self.mapping.function_name,
                error_type=outcome.function_error,
                messages=len(messages),
            )
            return outcome
        failed_ids = self._failed_ids(payload_bytes, {m["MessageId"] for m in messages})
        if failed_ids is None:  # an unusable failure report fails the whole batch
            outcome.failed = len(messages)
            return outcome
        to_delete = [m for m in messages if m["MessageId"] not in failed_ids]
        self._delete(to_delete)
        outcome.deleted = len(to_delete)
        outcome.failed = len(messages) - len(to_delete)
        return outcome

    def _failed_ids(self, payload_bytes: bytes, batch_ids: set[str]) -> set[str] | None:
        if not self.mapping.report_batch_item_failures:
            return set()
        try:
            payload = json.loads(payload_bytes) if payload_bytes else None
        except ValueError:
            return set()
        if not isinstance(payload, dict) or not payload.get("batchItemFailures"):
            return set()
        failures = payload["batchItemFailures"]
        ids = {f.get("itemIdentifier") for f in failures if isinstance(f, dict)}
        if len(ids) != len(failures) or not ids <= batch_ids:
            return None
        return {str(i) for i in ids}

    def _delete(self, messages: list[dict[str, Any]]) -> None:
        if not messages:
            return
        aws.client("sqs").delete_message_batch(
            QueueUrl=self.mapping.queue_url,
            Entries=[
                {"Id": str(index), "ReceiptHandle": m["ReceiptHandle"]}
                for index, m in enumerate(messages)
            ],
        )

    # ------------------------------------------------------------ background
    def start(self) -> UploadPump:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="upload-pump", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except Exception as error:  # keep pumping: a broken batch must not stop the stack
                logger.exception("upload pump error", error_type=type(error).__name__)
                self._stop.wait(1.0)

    def pending(self) -> int:
        """Messages in the queue, visible or in flight (0 once everything is handled)."""
        attributes = aws.client("sqs").get_queue_attributes(
            QueueUrl=self.mapping.queue_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(
            attributes["ApproximateNumberOfMessagesNotVisible"]
        )

    def wait_until_idle(self, timeout: float = 60.0, poll: float = 0.1) -> bool:
        """Wait until the queue is empty and no batch is being delivered."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.pending() == 0:
                with self._busy:  # a batch in delivery holds the lock
                    if self.pending() == 0:
                        return True
            time.sleep(poll)
        return False


def _error_type(payload_bytes: bytes) -> str:
    """``errorType: errorMessage`` from a failed invocation's payload."""
    try:
        payload = json.loads(payload_bytes)
        kind = str(payload.get("errorType", "Unhandled"))
        message = payload.get("errorMessage")
    except (ValueError, AttributeError):
        return "Unhandled"
    return f"{kind}: {message}" if message else kind

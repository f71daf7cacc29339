"""Process one upload, exactly once, and a batch of SQS messages with partial failures.

Delivery is at least once (S3 → SQS → Lambda), so the same upload can arrive twice, even
at the same moment. ``process_upload_once`` is Powertools idempotent on
``bucket + key + version`` (version id, or ETag when unversioned) with the idempotency
table: the first delivery does the work; a concurrent duplicate gets
``IdempotencyAlreadyInProgressError``, which fails that SQS message so it comes back after
the visibility timeout and then receives the stored outcome. Records live
``IDEMPOTENCY_EXPIRY_SECONDS`` (15 days, longer than the dead-letter queue keeps a message);
behind that the upload ledger (``ingest.ledger``) refuses to process a finished upload twice.

Failure policy:
- ``CustomsIprError`` (bad PDF, over a limit, refused reply, …) → quarantine
  (``ingest.quarantine``); the message counts as processed, it is never retried.
- ``RetryableError`` (an exchange rate or a year's holiday calendar missing from the
  operator's tables, a table unavailable): the upload is fine, so it is not quarantined and
  its uploader is not told it was rejected; the message fails like the next case, and is
  logged at ERROR and counted (``UploadsWaiting``) so operators see what to fix.
- anything else (a bug, throttling, an AWS outage) → the message fails
  (``batchItemFailures``); SQS redelivers it, and after 5 receives moves it to the
  dead-letter queue ``<stack>-uploads-dlq``. Once the cause is fixed, move the messages
  back with ``aws sqs start-message-move-task --source-arn <dead-letter queue ARN>``
  (without ``--destination-arn`` they return to the queue they came from); idempotency
  makes a redrive of an upload that did succeed harmless.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from customs_ipr.config import get_settings
from customs_ipr.errors import CustomsIprError, RetryableError
from customs_ipr.ingest import ledger, logs, quarantine, routes
from customs_ipr.ingest.events import Upload, uploads_from_sqs_body
from customs_ipr.ingest.received import Received, Superseded
from customs_ipr.ingest.versions import with_version

logger = Logger(child=True)
metrics = Metrics()

IDEMPOTENCY_EXPIRY_SECONDS = 15 * 24 * 3600


def route_for(key: str) -> tuple[str, routes.Route] | None:
    for prefix, route in routes.ROUTES.items():
        if key.startswith(prefix):
            return prefix.rstrip("/"), route
    return None


def process_upload(upload: Upload) -> dict[str, Any]:
    """Route one upload; a ``CustomsIprError`` quarantines it. Returns the outcome dict."""
    outcome: dict[str, Any] = {"key": upload.key, "version": upload.version}
    if upload.key.endswith("/"):  # a console "folder" placeholder, not a document
        logger.info("folder placeholder ignored", upload_key=upload.key)
        return outcome | {"status": "ignored"}
    found = route_for(upload.key)
    if found is None:
        logger.info("upload outside the ingest prefixes ignored", upload_key=upload.key)
        return outcome | {"status": "ignored"}
    kind, route = found
    try:
        received = Received.head(upload)
    except Superseded:
        logger.info("upload replaced or deleted before processing", upload_key=upload.key)
        return outcome | {"kind": kind, "status": "superseded"}
    limit = get_settings().max_upload_bytes
    try:
        if received.size > limit:
            from customs_ipr.documents.errors import TooLarge

            raise TooLarge(
                f"The file is {received.size:,} bytes, more than the limit of {limit:,} bytes."
            )
        result = route(received)
    except ledger.AlreadyFinished as done:
        logger.info("upload already processed", upload_key=upload.key)
        return outcome | {"kind": kind} | done.outcome
    except RetryableError as error:
        logger.error(
            "upload waits for the operator",
            upload_key=upload.key,
            code=error.code,
            reason=error.message,
        )
        _count("UploadsWaiting", kind)
        _note_waiting(upload, error)
        raise
    except CustomsIprError as error:
        record = quarantine.quarantine(received, error)
        outcome |= {"kind": kind} | record
        ledger.finish(upload, outcome)
        _count("UploadsQuarantined", kind)
        return outcome
    outcome |= {"kind": kind, "sha256": received.sha256} | result
    ledger.finish(upload, outcome)
    _count("UploadsProcessed", kind)
    logger.info("upload processed", upload_key=upload.key, status=outcome["status"])
    return outcome


def _note_waiting(upload: Upload, error: RetryableError) -> None:
    """Tell the ledger (and so ``customs-ipr upload --wait``) what the upload waits for."""
    try:
        ledger.mark_waiting(upload, error.code, error.message)
    except Exception as failure:  # the retry must happen even if the note cannot be written
        logger.warning("waiting note not written", error=type(failure).__name__)


def _count(name: str, kind: str) -> None:
    """One metric per outcome with the upload kind as dimension (declarations, replies, …)."""
    from aws_lambda_powertools.metrics import single_metric

    with single_metric(
        name=name, unit=MetricUnit.Count, value=1, namespace=metrics.namespace
    ) as metric:
        metric.add_dimension(name="kind", value=kind)


@lru_cache(maxsize=4)
def _idempotent(table_name: str, client: Any) -> Any:
    """The idempotent wrapper, built once per table and boto3 client (tests reset clients)."""
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    persistence = DynamoDBPersistenceLayer(table_name=table_name, boto3_client=client)
    config = IdempotencyConfig(
        event_key_jmespath="[bucket, key, version_id || etag]",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=IDEMPOTENCY_EXPIRY_SECONDS,
    )

    @idempotent_function(
        data_keyword_argument="upload", persistence_store=persistence, config=config
    )
    def run(upload: Upload) -> dict[str, Any]:
        return process_upload(upload)

    return run, config


def process_upload_once(upload: Upload, lambda_context: Any | None = None) -> dict[str, Any]:
    """``process_upload`` guarded by Powertools idempotency (see the module docstring).

    With a Lambda context the in-progress record expires with the invocation, so a
    timed-out attempt does not block the retry.
    """
    from customs_ipr import aws

    run, config = _idempotent(get_settings().idempotency_table, aws.client("dynamodb"))
    if lambda_context is not None:
        config.register_lambda_context(lambda_context)
        routes.REMAINING_MS.set(getattr(lambda_context, "get_remaining_time_in_millis", None))
    return run(upload=upload)


def process_message(body: str, lambda_context: Any | None = None) -> list[dict[str, Any]]:
    """Every upload of one SQS message body (an S3 notification; the test event has none)."""
    try:
        uploads = uploads_from_sqs_body(body)
    except CustomsIprError as error:
        logger.warning("queue message dropped", code=error.code)
        return [{"status": "dropped", "code": error.code}]
    results = []
    for upload in uploads:
        upload = with_version(upload)  # moto's events lack versionId (ingest.versions)
        logs.tag(
            correlation_id=f"s3://{upload.bucket}/{upload.key}",
            upload_key=upload.key,
            upload_version=upload.version,
        )
        try:
            results.append(process_upload_once(upload, lambda_context))
        except Exception as error:  # every failure leaves a line saying why (then retried)
            if type(error).__name__ == "IdempotencyAlreadyInProgressError":
                logger.warning("upload already in progress; retried later", upload_key=upload.key)
            else:
                logger.exception(
                    "upload failed; the message returns to the queue",
                    upload_key=upload.key,
                    error=type(error).__name__,
                )
            raise
        finally:
            logs.untag("upload_key", "upload_version", "case_id")
    return results


def handle_sqs_batch(event: dict[str, Any], lambda_context: Any) -> dict[str, Any]:
    """The Lambda's work: each SQS record processed alone; failures reported per record."""
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        process_partial_response,
    )
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    def record_handler(record: SQSRecord) -> list[dict[str, Any]]:
        return process_message(record.body, lambda_context)

    response = process_partial_response(
        event=event,
        record_handler=record_handler,
        processor=BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False),
        context=lambda_context,
    )
    return dict(response)

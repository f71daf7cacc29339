"""The local SQS event source mapping: UploadsQueue → IngestUploadFunction, as on AWS."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
from moto import mock_aws

from customs_ipr import aws
from customs_ipr_tools.local.pump import EventSourceMapping, UploadPump, sqs_event
from customs_ipr_tools.local.stack import MOTO_CONFIG, LocalStack, dispatch_lambda_to_handlers

RECORDING_HANDLER = """
import json, pathlib
HERE = pathlib.Path(__file__).parent

def lambda_handler(event, context):
    with (HERE / "events.jsonl").open("a") as handle:
        handle.write(json.dumps(event) + "\\n")
    mode = (HERE / "mode.txt").read_text().strip()
    if mode == "raise":
        raise RuntimeError("boom")
    if mode == "fail-declarations":
        return {"batchItemFailures": [
            {"itemIdentifier": r["messageId"]} for r in event["Records"]
            if "bad.pdf" in r["body"]]}
    if mode == "fail-unknown":
        return {"batchItemFailures": [{"itemIdentifier": "not-in-this-batch"}]}
    return {"batchItemFailures": []}
"""


@pytest.fixture(scope="module")
def deployed() -> Iterator[LocalStack]:
    """The template's stack in moto, deployed once for the tests here."""
    with pytest.MonkeyPatch.context() as patch, mock_aws(config=MOTO_CONFIG):
        stack = LocalStack.from_project().deploy()
        for name, value in stack.environment().items():
            patch.setenv(name, value)
        with dispatch_lambda_to_handlers(stack):
            yield stack


@pytest.fixture
def stack(
    deployed: LocalStack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[LocalStack, Path]:
    """The stack as just deployed (empty queues, the bucket's s3:TestEvent waiting), with the
    ingest function replaced by a recorder of its own."""
    name = deployed.function_name("IngestUploadFunction")
    handler_dir = tmp_path / "recording_ingest"
    handler_dir.mkdir()
    (handler_dir / "app.py").write_text(RECORDING_HANDLER)
    (handler_dir / "mode.txt").write_text("ok")
    deployed.functions[name] = replace(deployed.functions[name], code_dir=handler_dir)
    monkeypatch.setenv("MOTO_SQS_ENFORCE_STRICT_QUEUE_PURGE_BEHAVIOUR", "false")  # one a test
    sqs = aws.client("sqs")
    for queue in ("UploadsQueue", "UploadsDeadLetterQueue"):
        sqs.purge_queue(QueueUrl=str(deployed.ref(queue)))
    s3 = aws.client("s3")
    bucket = deployed.environment()["DOCUMENTS_BUCKET"]
    notifications = s3.get_bucket_notification_configuration(Bucket=bucket)
    notifications.pop("ResponseMetadata", None)
    # configuring the notifications again sends the s3:TestEvent, as at deploy time
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=notifications)
    return deployed, handler_dir


def _events(handler_dir: Path) -> list[dict]:
    path = handler_dir / "events.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _drain_test_event(pump: UploadPump) -> None:
    """S3 sends s3:TestEvent when notifications are configured; deliver it first."""
    pump.poll_once(wait_seconds=0)


def test_mapping_is_read_from_the_template(stack):
    # GIVEN the deployed stack
    deployed, _ = stack
    # WHEN the mapping of UploadsQueue is looked up
    mapping = EventSourceMapping.from_stack(deployed)
    # THEN it is the ingest function's SQS event as template.yaml declares it
    assert mapping.function_name == "customs-ipr-local-ingest-upload"
    assert mapping.queue_arn == "arn:aws:sqs:us-east-1:123456789012:customs-ipr-local-uploads"
    assert mapping.queue_url.endswith("/customs-ipr-local-uploads")
    assert mapping.batch_size == 10
    assert mapping.batching_window_seconds == 2
    assert mapping.report_batch_item_failures is True


def test_s3_upload_reaches_the_function_as_a_lambda_sqs_event(stack):
    # GIVEN a declaration uploaded to the bucket
    deployed, handler_dir = stack
    pump = UploadPump.for_stack(deployed)
    _drain_test_event(pump)
    bucket = deployed.environment()["DOCUMENTS_BUCKET"]
    aws.client("s3").put_object(Bucket=bucket, Key="declarations/d1.pdf", Body=b"%PDF-1.4")
    # WHEN the pump polls
    outcome = pump.poll_once(wait_seconds=0)
    # THEN the function got one record shaped like Lambda's SQS event, and it was deleted
    assert (outcome.received, outcome.deleted, outcome.failed) == (1, 1, 0)
    record = _events(handler_dir)[-1]["Records"][0]
    assert record["eventSource"] == "aws:sqs"
    assert (
        record["eventSourceARN"] == "arn:aws:sqs:us-east-1:123456789012:customs-ipr-local-uploads"
    )
    assert record["awsRegion"] == "us-east-1"
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert record["attributes"]["SentTimestamp"].isdigit()
    assert record["messageId"] and record["receiptHandle"]
    s3_record = json.loads(record["body"])["Records"][0]
    assert unquote_plus(s3_record["s3"]["object"]["key"]) == "declarations/d1.pdf"
    assert s3_record["s3"]["bucket"]["name"] == bucket
    assert pump.pending() == 0


def test_the_s3_test_event_is_delivered_like_on_aws(stack):
    # GIVEN a freshly configured bucket (S3 sends s3:TestEvent to the queue)
    deployed, handler_dir = stack
    pump = UploadPump.for_stack(deployed)
    # WHEN the pump polls
    pump.poll_once(wait_seconds=0)
    # THEN the function received it (the ingest function must ignore it)
    body = json.loads(_events(handler_dir)[0]["Records"][0]["body"])
    assert body["Event"] == "s3:TestEvent"


def test_reported_failures_stay_in_the_queue_and_come_back(stack):
    # GIVEN a function that reports declarations as failed, and two uploads
    deployed, handler_dir = stack
    pump = UploadPump.for_stack(deployed)
    _drain_test_event(pump)
    (handler_dir / "mode.txt").write_text("fail-declarations")
    bucket = deployed.environment()["DOCUMENTS_BUCKET"]
    s3 = aws.client("s3")
    s3.put_object(Bucket=bucket, Key="declarations/bad.pdf", Body=b"%PDF")
    s3.put_object(Bucket=bucket, Key="recordations/r.json", Body=b"[]")
    # WHEN the pump delivers them (one batch or two) until both were seen
    received = deleted = failed = 0
    while received < 2:
        outcome = pump.poll_once(wait_seconds=0)
        received, deleted, failed = (
            received + outcome.received,
            deleted + outcome.deleted,
            failed + outcome.failed,
        )
    # THEN only the reported one is left, and it returns with a higher receive count
    assert (deleted, failed) == (1, 1)
    assert pump.pending() == 1
    failed_record = next(
        r for e in _events(handler_dir)[1:] for r in e["Records"] if "bad.pdf" in r["body"]
    )
    sqs = aws.client("sqs")
    sqs.change_message_visibility(
        QueueUrl=pump.mapping.queue_url,
        ReceiptHandle=failed_record["receiptHandle"],
        VisibilityTimeout=0,
    )
    pump.poll_once(wait_seconds=0)
    assert _events(handler_dir)[-1]["Records"][0]["attributes"]["ApproximateReceiveCount"] == "2"


def test_a_function_error_keeps_the_whole_batch(stack):
    # GIVEN a function that raises
    deployed, handler_dir = stack
    pump = UploadPump.for_stack(deployed)
    _drain_test_event(pump)
    (handler_dir / "mode.txt").write_text("raise")
    bucket = deployed.environment()["DOCUMENTS_BUCKET"]
    aws.client("s3").put_object(Bucket=bucket, Key="replies/r1.pdf", Body=b"%PDF")
    # WHEN the pump delivers it
    outcome = pump.poll_once(wait_seconds=0)
    # THEN nothing is deleted and the error type is reported
    assert outcome.function_error == "RuntimeError: boom"
    assert (outcome.deleted, outcome.failed) == (0, 1)
    assert pump.pending() == 1
    assert (pump.totals.function_errors, pump.totals.last_error) == (1, "RuntimeError: boom")


def test_a_failure_naming_no_message_of_the_batch_fails_the_batch(stack):
    # GIVEN a function whose failure report names an unknown message
    deployed, handler_dir = stack
    pump = UploadPump.for_stack(deployed)
    _drain_test_event(pump)
    (handler_dir / "mode.txt").write_text("fail-unknown")
    bucket = deployed.environment()["DOCUMENTS_BUCKET"]
    aws.client("s3").put_object(Bucket=bucket, Key="applications/a.pdf", Body=b"%PDF")
    # WHEN the pump delivers it
    outcome = pump.poll_once(wait_seconds=0)
    # THEN, as Lambda does, the whole batch is treated as failed
    assert (outcome.deleted, outcome.failed) == (0, 1)
    assert pump.pending() == 1


def test_a_message_failing_max_receive_count_times_lands_in_the_dead_letter_queue(stack):
    # GIVEN a function that always fails
    deployed, handler_dir = stack
    pump = UploadPump.for_stack(deployed)
    _drain_test_event(pump)
    (handler_dir / "mode.txt").write_text("raise")
    bucket = deployed.environment()["DOCUMENTS_BUCKET"]
    aws.client("s3").put_object(Bucket=bucket, Key="declarations/poison.pdf", Body=b"%PDF")
    sqs = aws.client("sqs")
    # WHEN it is delivered and becomes visible again more than maxReceiveCount (5) times
    for _ in range(6):
        if pump.poll_once(wait_seconds=0).received:
            last = _events(handler_dir)[-1]["Records"][0]
            sqs.change_message_visibility(
                QueueUrl=pump.mapping.queue_url,
                ReceiptHandle=last["receiptHandle"],
                VisibilityTimeout=0,
            )
    # THEN moto's redrive moved it to the dead-letter queue after 5 receives
    dlq = deployed.ref("UploadsDeadLetterQueue")
    moved = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]
    assert len(moved) == 1
    assert "poison.pdf" in moved[0]["Body"]
    receive_counts = [
        e["Records"][0]["attributes"]["ApproximateReceiveCount"] for e in _events(handler_dir)[1:]
    ]
    assert receive_counts == ["1", "2", "3", "4", "5"]


def test_sqs_event_builds_records_from_messages():
    # GIVEN a received SQS message
    message = {
        "MessageId": "m-1",
        "ReceiptHandle": "rh-1",
        "Body": "{}",
        "MD5OfBody": "x",
        "Attributes": {"ApproximateReceiveCount": "3", "SentTimestamp": "1"},
    }
    # WHEN the event is built
    event = sqs_event([message], "arn:aws:sqs:eu-west-1:1:q", "eu-west-1")
    # THEN every field Lambda passes is there
    assert event == {
        "Records": [
            {
                "messageId": "m-1",
                "receiptHandle": "rh-1",
                "body": "{}",
                "attributes": {
                    "ApproximateReceiveCount": "3",
                    "SentTimestamp": "1",
                    "SenderId": "",
                    "ApproximateFirstReceiveTimestamp": "",
                },
                "messageAttributes": {},
                "md5OfBody": "x",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:eu-west-1:1:q",
                "awsRegion": "eu-west-1",
            }
        ]
    }

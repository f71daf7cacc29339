"""The ingest Lambda end to end on the local stack: S3 → SQS (moto) → handler → domain."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from fixtures import ingest_events, pdfs

from customs_ipr import aws, money
from customs_ipr.cases.store import CaseStore
from customs_ipr.config import get_settings
from customs_ipr.errors import Conflict
from customs_ipr.ingest import ledger, routes
from customs_ipr.ingest.events import Upload
from customs_ipr.recordations.importer import import_file
from customs_ipr_tools.local.stack import LocalStack

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

UPLOADER = "agent.zhang@example.com"


@pytest.fixture
def bucket(stack) -> str:
    return stack.name("DocumentsBucket")


def upload(bucket: str, key: str, body: bytes, email: str | None = None) -> None:
    metadata = {"contact-email": email} if email else {}
    aws.client("s3").put_object(Bucket=bucket, Key=key, Body=body, Metadata=metadata)


def run(stack: LocalStack, event: dict[str, Any] | None = None) -> dict[str, Any]:
    event = event if event is not None else ingest_events.receive_event(stack.ref("UploadsQueue"))
    return stack.invoke_local(stack.function_name("IngestUploadFunction"), event)


def ledger_item(bucket: str, key: str) -> dict[str, Any]:
    head = aws.client("s3").head_object(Bucket=bucket, Key=key)
    item = ledger.get(
        Upload(
            bucket=bucket,
            key=key,
            version_id=head.get("VersionId"),  # the ledger names uploads by version
            etag=head["ETag"].strip('"'),
            size=None,
        )
    )
    assert item is not None
    return item


def s3_json(bucket: str, key: str) -> dict[str, Any]:
    return json.loads(aws.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read())


def sent_emails() -> list[Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)


def test_clear_declaration_is_parsed_recorded_and_released(stack, bucket):
    # GIVEN a declaration whose goods match no recordation (the store is empty)
    declaration = pdfs.import_grid_declaration()
    upload(bucket, "declarations/2025 报关单 one.pdf", pdfs.grid_cn(declaration), UPLOADER)

    # WHEN the queue (the s3:TestEvent and the upload's event) is handed to the Lambda
    answer = run(stack)

    # THEN nothing fails, the upload is released and its declaration record kept
    assert answer == {"batchItemFailures": []}
    item = ledger_item(bucket, "declarations/2025 报关单 one.pdf")
    assert item["status"] == "released"
    assert item["kind"] == "declaration"
    assert item["outcome"]["action"] == "release"
    assert item["reference"] == declaration.reference
    assert item["declaration"] == declaration.model_dump(mode="json")
    assert len(item["sha256"]) == 64


def test_held_declaration_starts_one_case_even_when_delivered_twice(stack, bucket, monkeypatch):
    # GIVEN the sample recordations (ADIDAS among them), and a declaration of ADIDAS T-shirts
    # whose event is delivered twice
    import_file(SAMPLES / "recordations.json")
    started: list[str] = []
    monkeypatch.setattr(
        routes,
        "start_case",
        lambda declaration, screening, received: (
            started.append(received.contact_email) or ["CASE-1"]
        ),
    )
    upload(bucket, "declarations/held.pdf", pdfs.english(pdfs.import_english_declaration()))
    event = ingest_events.receive_event(stack.ref("UploadsQueue"))

    # WHEN both deliveries are processed
    first = run(stack, event)
    second = run(stack, event)

    # THEN one case, and the duplicate got the stored outcome
    assert first == second == {"batchItemFailures": []}
    assert started == [None]
    outcome = ledger_item(bucket, "declarations/held.pdf")["outcome"]
    assert outcome["status"] == "case_started"
    assert outcome["case_ids"] == ["CASE-1"]
    assert outcome["action"] == "require_ip_status_declaration"
    assert outcome["items"] == {"1": "hit", "2": "clear"}


def test_declaration_read_in_part_opens_a_case_flagged_for_review(stack, bucket):
    # GIVEN the sample recordations (ADIDAS among them), and a declaration of ADIDAS T-shirts
    # whose port of entry is left blank, so the reader cannot read it
    import_file(SAMPLES / "recordations.json")
    shipment = pdfs.import_english_declaration().model_copy(update={"port": None})
    upload(bucket, "declarations/partly read.pdf", pdfs.bilingual(shipment), UPLOADER)

    # WHEN the upload is processed
    answer = run(stack)

    # THEN the goods are screened and a case opened, and the case record carries the flag
    # and the field that was not read (as the upload ledger does)
    assert answer == {"batchItemFailures": []}
    outcome = ledger_item(bucket, "declarations/partly read.pdf")["outcome"]
    assert outcome["status"] == "case_started"
    assert outcome["needs_review"] is True
    assert outcome["missing"] == ["port"]
    case = CaseStore().require(outcome["case_ids"][0])
    assert case.needs_review is True
    assert case.missing == ["port"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"GIF89a not a pdf", "not_pdf"),
        (b"", "empty_file"),
        ("truncated", "truncated_pdf"),
        ("encrypted", "encrypted_pdf"),
        ("image_only", "no_text_layer"),
        ("unrelated", "unrecognized_document"),
    ],
)
def test_bad_upload_is_quarantined_kept_recorded_and_reported(stack, bucket, body, code):
    # GIVEN a bad upload from an uploader who left an address
    data = getattr(pdfs, body)() if isinstance(body, str) else body
    key = "declarations/bad+name (1).pdf"
    upload(bucket, key, data, UPLOADER)

    # WHEN it is processed
    answer = run(stack)

    # THEN the message is done (no retry), the file is copied to quarantine with its record
    assert answer == {"batchItemFailures": []}
    s3 = aws.client("s3")
    original = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    copy = s3.get_object(Bucket=bucket, Key=f"quarantine/{key}")["Body"].read()
    assert original == copy == data
    record = s3_json(bucket, f"quarantine/{key}.error.json")
    import hashlib

    assert record["code"] == code
    assert record["original_key"] == key
    assert record["sha256"] == hashlib.sha256(data).hexdigest()
    assert record["size"] == len(data)
    assert record["message"] and "Traceback" not in record["message"]
    assert record["uploader_notified"] is True
    assert ledger_item(bucket, key)["outcome"]["code"] == code
    # AND the uploader got one upload_rejected e-mail
    mails = sent_emails()
    assert len(mails) == 1
    assert UPLOADER in str(mails[0].destinations)


def test_upload_over_the_size_limit_is_quarantined_without_download(stack, bucket, monkeypatch):
    # GIVEN a 100-byte limit and a larger upload without a contact address
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "100")
    from customs_ipr.config import get_settings

    get_settings.cache_clear()
    upload(bucket, "declarations/big.pdf", pdfs.grid_cn(pdfs.import_grid_declaration()))
    parsed: list[bytes] = []
    monkeypatch.setattr(routes, "parse_declaration", lambda data, name: parsed.append(data))

    # WHEN it is processed
    answer = run(stack)

    # THEN it is quarantined as too_large, never parsed, nobody e-mailed
    assert answer == {"batchItemFailures": []}
    record = s3_json(bucket, "quarantine/declarations/big.pdf.error.json")
    assert record["code"] == "too_large"
    assert "more than the limit of 100 bytes" in record["message"]
    assert record["uploader_notified"] is False
    assert parsed == []
    assert sent_emails() == []


def test_unexpected_error_fails_only_that_message_and_the_retry_succeeds(
    stack, bucket, monkeypatch
):
    # GIVEN screening breaks once (a throttle, a bug) for one of two uploads
    calls = {"n": 0}
    real_screen = routes.screen

    def flaky(declaration):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("throttled")
        return real_screen(declaration)

    monkeypatch.setattr(routes, "screen", flaky)
    upload(bucket, "declarations/a.pdf", pdfs.grid_cn(pdfs.import_grid_declaration()))
    event = ingest_events.receive_event(stack.ref("UploadsQueue"))
    upload(bucket, "recordations/none.jsonl", b"")
    event["Records"] += ingest_events.receive_event(stack.ref("UploadsQueue"))["Records"]

    # WHEN the batch runs, then SQS redelivers the failed message
    answer = run(stack, event)
    failed = {f["itemIdentifier"] for f in answer["batchItemFailures"]}
    failed_records = [r for r in event["Records"] if r["messageId"] in failed]
    retry = run(stack, {"Records": failed_records})

    # THEN only the declaration's message failed (nothing quarantined), and the retry worked
    assert len(failed) == 1
    assert "declarations%2Fa.pdf" in failed_records[0]["body"]
    assert retry == {"batchItemFailures": []}
    assert ledger_item(bucket, "declarations/a.pdf")["status"] == "released"
    listed = aws.client("s3").list_objects_v2(Bucket=bucket, Prefix="quarantine/")
    assert listed.get("KeyCount", 0) == 0


def test_refused_reply_is_quarantined_with_the_reason_not_retried(stack, bucket, monkeypatch):
    # GIVEN the case refuses the reply (e.g. it came after the deadline)
    def refuse(reply, received):
        raise Conflict(f"The reply to notice {reply.notice_no} came after its deadline.")

    monkeypatch.setattr(routes, "record_reply", refuse)
    reply = pdfs.explanation_reply()
    upload(bucket, "replies/late.pdf", pdfs.reply_pdf(reply), UPLOADER)

    # WHEN it is processed
    answer = run(stack)

    # THEN it is recorded and reported, not retried
    assert answer == {"batchItemFailures": []}
    record = s3_json(bucket, "quarantine/replies/late.pdf.error.json")
    assert record["code"] == "conflict"
    assert reply.notice_no in record["message"]
    assert len(sent_emails()) == 1


def test_reply_under_declarations_is_not_a_declaration(stack, bucket):
    upload(bucket, "declarations/reply.pdf", pdfs.reply_pdf(pdfs.explanation_reply()))

    run(stack)

    record = s3_json(bucket, "quarantine/declarations/reply.pdf.error.json")
    assert record["code"] == "unrecognized_document"
    assert record["message"] == "The PDF is not a customs goods declaration."


def test_each_version_of_an_overwritten_upload_is_processed_from_its_own_bytes(stack, bucket):
    # GIVEN an object replaced before its first event is processed (the bucket is versioned)
    upload(bucket, "declarations/x.pdf", b"first")
    upload(bucket, "declarations/x.pdf", pdfs.grid_cn(pdfs.import_grid_declaration()))
    event = ingest_events.receive_event(stack.ref("UploadsQueue"))

    # WHEN both events are processed
    answer = run(stack, event)

    # THEN each event reads its own version (issue 15: reads pinned to the event's
    # version): the first, not a PDF, is quarantined; the second is released
    assert answer == {"batchItemFailures": []}
    assert ledger_item(bucket, "declarations/x.pdf")["status"] == "released"
    record = s3_json(bucket, "quarantine/declarations/x.pdf.error.json")
    assert record["code"] == "not_pdf"
    versions = aws.client("s3").list_object_versions(Bucket=bucket, Prefix="declarations/x.pdf")
    first = hashlib.md5(b"first").hexdigest()
    assert record["version_id"] == next(
        v["VersionId"] for v in versions["Versions"] if v["ETag"].strip('"') == first
    )


def test_logs_carry_the_upload_key_but_no_email_address(stack, bucket):
    # GIVEN the service logger's own JSON formatter writing to a buffer we can read
    import io
    import logging
    import os

    service = logging.getLogger(os.environ["POWERTOOLS_SERVICE_NAME"])
    run(stack)  # the s3:TestEvent; the handler's Logger exists from here on
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(service.handlers[0].formatter)
    service.addHandler(handler)
    upload(bucket, "declarations/bad.pdf", b"not a pdf", UPLOADER)

    # WHEN an upload is quarantined and its uploader e-mailed
    try:
        run(stack)
    finally:
        service.removeHandler(handler)

    # THEN the log lines are JSON, correlated by the upload, and hold no address
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    quarantined = next(line for line in lines if line["message"] == "upload quarantined")
    assert quarantined["upload_key"] == "declarations/bad.pdf"
    assert quarantined["correlation_id"] == f"s3://{bucket}/declarations/bad.pdf"
    assert any(line["message"] == "notice issued" for line in lines)
    assert len(sent_emails()) == 1
    assert UPLOADER not in buffer.getvalue()
    assert "@" not in buffer.getvalue()


def test_missing_operator_data_is_retried_not_quarantined(stack, bucket, monkeypatch, tmp_path):
    # GIVEN recorded goods declared in USD in March 2024, and an operator's rate table that
    # does not have that month yet
    import_file(SAMPLES / "recordations.json")
    rates = tmp_path / "rates.json"
    rates.write_text('{"source": "GAC", "months": {"2026-09": {"USD": "7.10"}}}')
    monkeypatch.setenv("EXCHANGE_RATES", str(rates))
    get_settings.cache_clear()
    upload(bucket, "declarations/usd.pdf", pdfs.grid_cn(pdfs.import_grid_declaration()), UPLOADER)
    event = ingest_events.receive_event(stack.ref("UploadsQueue"))

    # WHEN it is delivered
    first = run(stack, event)

    # THEN the delivery fails for SQS to retry, and nothing blames the upload
    assert [f["itemIdentifier"] for f in first["batchItemFailures"]] == [
        r["messageId"] for r in event["Records"] if "usd.pdf" in r["body"]
    ]
    listed = aws.client("s3").list_objects_v2(Bucket=bucket, Prefix="quarantine/")
    assert listed.get("KeyCount", 0) == 0
    assert sent_emails() == []

    # WHEN the operator adds the month and the message comes back
    rates.write_text('{"source": "GAC", "months": {"2024-03": {"USD": "7.10"}}}')
    money._rates_from.cache_clear()
    monkeypatch.setattr(routes, "start_case", lambda declaration, screening, received: ["C-1"])
    second = run(stack, event)

    # THEN it is processed like any other upload
    assert second == {"batchItemFailures": []}
    assert ledger_item(bucket, "declarations/usd.pdf")["outcome"]["status"] == "case_started"

"""Recordation files pinned to their version, bad records kept and reported; local event
oddities (no versionId, folder placeholders); every failure logged (issue 15, 4 and 7)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixtures import ingest_events

from customs_ipr import aws
from customs_ipr.ingest import routes
from customs_ipr.recordations.store import default_store
from customs_ipr_tools.local.stack import LocalStack

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
UPLOADER = "records.office@example.com"


@pytest.fixture
def bucket(stack) -> str:
    return stack.name("DocumentsBucket")


def _records() -> list[dict[str, Any]]:
    return json.loads((SAMPLES / "recordations.json").read_text(encoding="utf-8"))


def _put(bucket: str, key: str, body: bytes, email: str | None = UPLOADER) -> None:
    metadata = {"contact-email": email} if email else {}
    aws.client("s3").put_object(Bucket=bucket, Key=key, Body=body, Metadata=metadata)


def _run(stack: LocalStack, event: dict[str, Any] | None = None) -> dict[str, Any]:
    event = event if event is not None else ingest_events.receive_event(stack.ref("UploadsQueue"))
    return stack.invoke_local(stack.function_name("IngestUploadFunction"), event)


def _ledger(stack: LocalStack, key: str) -> list[dict[str, Any]]:
    table = aws.resource("dynamodb").Table(stack.name("CasesTable"))
    items = table.query(
        KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": f"UPLOAD#{key}"}
    )["Items"]
    return [item | {"outcome": json.loads(item.get("outcome") or "{}")} for item in items]


def _error_record(bucket: str, key: str) -> dict[str, Any]:
    body = aws.client("s3").get_object(Bucket=bucket, Key=f"quarantine/{key}.error.json")["Body"]
    return json.loads(body.read())


def _mails() -> list[Any]:
    from moto.ses.models import ses_backends

    return [m for a in ses_backends.values() for b in a.values() for m in b.sent_messages]


def test_two_versions_uploaded_back_to_back_are_each_imported(stack, bucket):
    # GIVEN two versions of one file, the second before the first was processed
    first, second = _records()[:2]
    _put(bucket, "recordations/batch.json", json.dumps([first]).encode())
    _put(bucket, "recordations/batch.json", json.dumps([second]).encode())
    # WHEN both events are processed
    assert _run(stack) == {"batchItemFailures": []}
    # THEN each version's own record was imported, and the ledger names both versions
    store = default_store()
    assert store.get(first["recordation_no"]) is not None
    assert store.get(second["recordation_no"]) is not None
    ledger = _ledger(stack, "recordations/batch.json")
    assert sorted(item["outcome"]["created"] for item in ledger) == [1, 1]


def test_a_partly_valid_file_imports_the_valid_records_and_reports_the_rest(stack, bucket):
    good = _records()[:3]
    missing_title = {k: v for k, v in _records()[3].items() if k != "title"}
    lines = [json.dumps(r) for r in good] + ["{not json", json.dumps(missing_title)]
    _put(bucket, "recordations/partial.jsonl", "\n".join(lines).encode())
    assert _run(stack) == {"batchItemFailures": []}
    # THEN the three valid records are in, the two bad ones reported with their reasons
    store = default_store()
    assert all(store.get(r["recordation_no"]) is not None for r in good)
    assert store.get(missing_title["recordation_no"]) is None
    (item,) = _ledger(stack, "recordations/partial.jsonl")
    assert item["status"] == "imported_with_problems"
    assert item["outcome"]["created"] == 3 and item["outcome"]["problems"] == 2
    record = _error_record(bucket, "recordations/partial.jsonl")
    assert record["code"] == "invalid_records"
    assert [p["position"] for p in record["problems"]] == ["line 4", "line 5"]
    assert "not valid JSON" in record["problems"][0]["reason"]
    assert "title" in record["problems"][1]["reason"]
    assert record["uploader_notified"] is True
    assert len(_mails()) == 1


def test_a_file_without_one_valid_record_is_quarantined_with_the_reason(stack, bucket):
    _put(bucket, "recordations/broken.json", b"[this is not json")
    assert _run(stack) == {"batchItemFailures": []}
    (item,) = _ledger(stack, "recordations/broken.json")
    assert item["status"] == "quarantined"
    record = _error_record(bucket, "recordations/broken.json")
    assert record["code"] == "invalid_records"
    assert record["problems"][0]["position"] == "file"
    assert "not a valid JSON array" in record["problems"][0]["reason"]
    assert record["uploader_notified"] is True


def test_the_folder_placeholder_is_ignored_not_quarantined(stack, bucket):
    _put(bucket, "declarations/", b"")
    assert _run(stack) == {"batchItemFailures": []}
    listed = aws.client("s3").list_objects_v2(Bucket=bucket, Prefix="quarantine/")
    assert listed.get("KeyCount", 0) == 0
    assert _mails() == []


def test_a_replay_with_the_version_id_is_the_same_upload(stack, bucket):
    # GIVEN moto's event (no versionId), processed once
    _put(bucket, "recordations/one.json", json.dumps(_records()[:1]).encode())
    event = ingest_events.receive_event(stack.ref("UploadsQueue"))
    assert _run(stack, event) == {"batchItemFailures": []}
    # WHEN the same notification is replayed with the object's version id
    head = aws.client("s3").head_object(Bucket=bucket, Key="recordations/one.json")
    (message,) = [m for m in event["Records"] if "Records" in json.loads(m["body"])]
    body = json.loads(message["body"])
    assert "versionId" not in body["Records"][0]["s3"]["object"]
    body["Records"][0]["s3"]["object"]["versionId"] = head["VersionId"]
    replay = {"Records": [message | {"body": json.dumps(body), "messageId": "replay"}]}
    assert _run(stack, replay) == {"batchItemFailures": []}
    # THEN there is one ledger record, for that version
    (item,) = _ledger(stack, "recordations/one.json")
    assert item["sk"] == f"VERSION#{head['VersionId']}"


def test_an_unexpected_failure_is_logged_with_the_upload_as_correlation_id(
    stack, bucket, monkeypatch
):
    import io
    import logging
    import os

    def crash(received):
        raise RuntimeError("disk on fire")

    service = logging.getLogger(os.environ["POWERTOOLS_SERVICE_NAME"])
    _run(stack)  # the s3:TestEvent; the handler's Logger exists from here on
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(service.handlers[0].formatter)
    service.addHandler(handler)
    monkeypatch.setitem(routes.ROUTES, "recordations/", crash)
    _put(bucket, "recordations/crash.json", b"[]")
    try:
        answer = _run(stack)
    finally:
        service.removeHandler(handler)
    assert len(answer["batchItemFailures"]) == 1
    lines = [json.loads(x) for x in buffer.getvalue().splitlines()]
    failed = [x for x in lines if x.get("message", "").startswith("upload failed")]
    assert len(failed) == 1
    assert failed[0]["level"] == "ERROR"
    assert failed[0]["upload_key"] == "recordations/crash.json"
    assert failed[0]["correlation_id"] == f"s3://{bucket}/recordations/crash.json"
    assert "disk on fire" in failed[0]["exception"]

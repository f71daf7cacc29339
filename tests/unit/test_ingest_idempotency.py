"""Exactly once: 50 concurrent deliveries of one upload give one record, one case, one notice."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fixtures import ingest_events, pdfs

from customs_ipr import aws
from customs_ipr.ingest import ledger, pipeline, routes
from customs_ipr.ingest.events import uploads_from_sqs_body
from customs_ipr.ingest.versions import with_version
from customs_ipr.recordations.importer import import_file

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_fifty_concurrent_duplicates_start_one_case(stack, monkeypatch):
    # GIVEN the sample recordations, and a declaration of recorded goods whose S3 event is
    # delivered 50 times at once
    import_file(SAMPLES / "recordations.json")
    started: list[str] = []
    lock = threading.Lock()

    def start_case(declaration, screening, received):
        with lock:
            started.append(declaration.reference)
        return [f"CASE-{len(started)}"]

    monkeypatch.setattr(routes, "start_case", start_case)
    bucket = stack.name("DocumentsBucket")
    declaration = pdfs.import_grid_declaration()
    aws.client("s3").put_object(
        Bucket=bucket, Key="declarations/dup.pdf", Body=pdfs.grid_cn(declaration)
    )
    records = ingest_events.receive_event(stack.ref("UploadsQueue"))["Records"]
    record = next(r for r in records if "dup.pdf" in r["body"])
    handler = stack.function_name("IngestUploadFunction")
    deliveries = [{"Records": [record | {"messageId": f"m{i}"}]} for i in range(50)]
    barrier = threading.Barrier(50)

    def deliver(event):
        barrier.wait()
        return stack.invoke_local(handler, event)

    # WHEN all 50 run concurrently, and SQS redelivers those that saw the work in progress
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(deliver, deliveries))
    retried = [d for d, a in zip(deliveries, answers, strict=True) if a["batchItemFailures"]]
    retry_answers = [stack.invoke_local(handler, event) for event in retried]

    # THEN exactly one case was started, and every delivery ends with the same outcome
    assert started == [declaration.reference]
    assert all(a == {"batchItemFailures": []} for a in retry_answers)
    upload = with_version(uploads_from_sqs_body(record["body"])[0])  # as the pipeline does
    item = ledger.get(upload)
    assert item is not None
    assert item["outcome"]["case_ids"] == ["CASE-1"]
    assert pipeline.process_upload_once(upload)["case_ids"] == ["CASE-1"]
    assert started == [declaration.reference]


def test_ledger_stops_a_second_run_when_the_idempotency_record_is_gone(stack, monkeypatch):
    # GIVEN an upload of recorded goods processed once, then its idempotency record expired
    import_file(SAMPLES / "recordations.json")
    started: list[str] = []
    monkeypatch.setattr(
        routes, "start_case", lambda d, s, r: started.append(d.reference) or ["CASE-9"]
    )
    bucket = stack.name("DocumentsBucket")
    aws.client("s3").put_object(
        Bucket=bucket,
        Key="declarations/once.pdf",
        Body=pdfs.grid_cn(pdfs.import_grid_declaration()),
    )
    records = ingest_events.receive_event(stack.ref("UploadsQueue"))["Records"]
    upload = uploads_from_sqs_body(next(r for r in records if "once" in r["body"])["body"])[0]
    first = pipeline.process_upload_once(upload)
    table = stack.name("IdempotencyTable")
    dynamodb = aws.client("dynamodb")
    for item in dynamodb.scan(TableName=table)["Items"]:
        dynamodb.delete_item(TableName=table, Key={"id": item["id"]})

    # WHEN the same upload is delivered again
    second = pipeline.process_upload_once(upload)

    # THEN the ledger answers with the first outcome; no second case
    assert started == [pipeline.process_upload(upload)["reference"]]
    assert second["case_ids"] == first["case_ids"] == ["CASE-9"]

"""``upload --wait`` reads the outcome from the upload ledger; ``uploads`` lists them."""

from __future__ import annotations

import io

import pytest
from fixtures import lifecycle_data as ld
from moto import mock_aws

from customs_ipr.ingest import ledger
from customs_ipr.ingest.events import Upload
from customs_ipr_tools.cli.uploads import describe, wait_for_outcome


def _upload(key: str, version: str = "v1") -> Upload:
    return Upload(bucket=ld.BUCKET, key=key, version_id=version, etag="e" + version, size=10)


@pytest.fixture
def table(monkeypatch):
    ld.env(monkeypatch)
    with mock_aws():
        ld.create_resources()
        yield


def _begin(upload: Upload, at: str) -> None:
    ledger.begin(upload, kind="declaration", sha256="ab" * 32, size=10, received_at=at)


def test_a_quarantined_upload_is_reported_with_its_code_and_reason(table):
    upload = _upload("declarations/scan.pdf")
    ledger.finish(
        upload,
        {
            "status": "quarantined",
            "key": upload.key,
            "code": "no_text_layer",
            "message": "The PDF has no text layer.",
            "quarantine_key": "quarantine/declarations/scan.pdf",
            "uploader_notified": True,
        },
    )

    outcome = wait_for_outcome(upload, timeout=5, poll=0.01, stream=io.StringIO())

    lines = describe(outcome)
    assert lines[0] == (
        "declarations/scan.pdf: quarantined — no_text_layer: The PDF has no text layer."
    )
    assert "uploader notified: yes" in lines[1]


def test_a_release_and_a_licence_read_differently(table):
    released = {"status": "released", "key": "d/a.pdf", "items": {"1": "clear"}}
    licensed = {"status": "released", "key": "d/b.pdf", "items": {"1": "licensed"}}

    assert "no recorded right" in describe(released)[0]
    assert "licensed" in describe(licensed)[0]


def test_an_upload_waiting_for_operator_data_says_so(table):
    upload = _upload("declarations/usd.pdf")
    _begin(upload, "2026-09-14T01:00:00+00:00")
    ledger.mark_waiting(upload, "exchange_rate_missing", "No USD rate for 2027-01.")

    outcome = wait_for_outcome(upload, timeout=5, poll=0.01, stream=io.StringIO())

    assert outcome["status"] == "waiting_for_operator_data"
    assert outcome["code"] == "exchange_rate_missing"
    assert "retried by itself" in describe(outcome)[1]
    # the note does not stop the retry: begin() accepts the upload again
    _begin(upload, "2026-09-14T01:05:00+00:00")


def test_an_upload_still_queued_is_pending_when_the_time_is_up(table):
    upload = _upload("declarations/slow.pdf")
    _begin(upload, "2026-09-14T01:00:00+00:00")
    progress = io.StringIO()

    outcome = wait_for_outcome(upload, timeout=0.05, poll=0.01, stream=progress)

    assert outcome["status"] == "pending"
    assert "still queued" in describe(outcome)[0]
    assert "waiting for the pipeline to process declarations/slow.pdf" in progress.getvalue()


def test_the_ledger_is_found_by_etag_when_the_event_had_no_version_id(table):
    upload = _upload("declarations/etag.pdf", version="v9")
    keyed_by_etag = Upload(bucket=ld.BUCKET, key=upload.key, version_id=None, etag="ev9", size=10)
    ledger.finish(keyed_by_etag, {"status": "released", "key": upload.key, "items": {}})

    outcome = wait_for_outcome(upload, timeout=5, poll=0.01, stream=io.StringIO())

    assert outcome["status"] == "released"


def test_recent_uploads_come_newest_first(table):
    first, second = _upload("declarations/1.pdf"), _upload("declarations/2.pdf")
    _begin(first, "2026-09-14T01:00:00+00:00")
    _begin(second, "2026-09-14T02:00:00+00:00")
    ledger.finish(first, {"status": "released", "items": {}})

    items = ledger.recent(limit=10)

    assert [i["pk"] for i in items] == ["UPLOAD#declarations/2.pdf", "UPLOAD#declarations/1.pdf"]
    assert items[1]["status"] == "released"
    assert "declaration_gz" not in items[0]

"""The S3 intake of the recordation side: recordation files and recordation applications.

**Recordation files** (``recordations/``) are read once, pinned to the event's object
version (``Received.read``), so two versions uploaded back to back are each imported from
their own bytes. Each record is validated on its own (``recordations.importer``):

- every record valid → imported;
- some records bad → the valid ones are imported, and the file is quarantined with the
  list of rejected records and why (``problems`` in the error record), its uploader told;
  the outcome says ``imported_with_problems``;
- no record valid (not JSON, not UTF-8, all bad) → nothing imported, quarantined as
  ``invalid_records`` with the same list.

**Applications** (``applications/<folder>/<name>.json``) are read at the event's version;
their PDFs are the objects in the same folder (upload them first, the JSON last). A PDF
upload itself is an attachment: nothing is received until its application JSON arrives.
The application is received on the Beijing date of the event, else of the object's
``LastModified``, by the ``Lifecycle`` given.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from customs_ipr.errors import InvalidInput
from customs_ipr.ingest import quarantine
from customs_ipr.ingest.received import Received
from customs_ipr.jsonutil import to_jsonable
from customs_ipr.recordations.importer import ImportResult, import_text
from customs_ipr.recordations.lifecycle.common import CHINA
from customs_ipr.recordations.lifecycle.service import Lifecycle
from customs_ipr.recordations.lifecycle_store import ApplicationRecord
from customs_ipr.recordations.records_file import decode_text
from customs_ipr.recordations.store import RecordationStore

_SHOWN = 5
"""Reasons quoted in the message (all of them are in the error record's ``problems``)."""


class RecordProblems(InvalidInput):
    """Records of an uploaded file that were rejected; ``problems`` lists each and why."""

    code = "invalid_records"

    def __init__(self, message: str, problems: list[dict[str, Any]]) -> None:
        super().__init__(message, code="invalid_records")
        self.problems = problems


def summary_of(problems: list[dict[str, Any]], total: int) -> str:
    shown = "; ".join(f"{p['position']}: {p['reason']}" for p in problems[:_SHOWN])
    more = f"; and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
    return f"{len(problems)} of {total} record(s) were rejected: {shown}{more}."


# ---------------------------------------------------------------- recordation files
def import_pinned(received: Received, store: RecordationStore) -> dict[str, Any]:
    """Import the upload's own version; quarantine what was rejected (see the docstring)."""
    upload = received.upload
    source = f"s3://{upload.bucket}/{upload.key}#{upload.version}"
    try:
        result = import_text(decode_text(received.read(), source), store, source=source)
    except InvalidInput as error:  # not UTF-8, not a JSON array: not one record readable
        raise RecordProblems(
            error.message, [{"position": "file", "reason": error.message}]
        ) from None
    problems = [p.model_dump(mode="json", exclude_none=True) for p in result.errors]
    summary = result.model_dump(mode="json", exclude={"errors"}) | {"problems": len(problems)}
    if not problems:
        return summary
    rejected = RecordProblems(summary_of(problems, result.total), problems)
    if result.total == len(problems):
        raise rejected
    record = quarantine.quarantine(received, rejected)
    return summary | {
        "status": "imported_with_problems",
        "rejected": problems,
        "error_record_key": record["error_record_key"],
        "uploader_notified": record["uploader_notified"],
    }


def import_object(
    s3: Any, bucket: str, key: str, store: RecordationStore, version_id: str | None = None
) -> ImportResult:
    """Import a recordation file from S3 (at ``version_id`` when given)."""
    pinned = {"VersionId": version_id} if version_id else {}
    body = s3.get_object(Bucket=bucket, Key=key, **pinned)["Body"].read()
    source = f"s3://{bucket}/{key}"
    return import_text(decode_text(body, source), store, source=source)


# ---------------------------------------------------------------- applications
def _attachments(
    s3: Any, bucket: str, folder: str, data: Any
) -> tuple[dict[str, bytes], dict[str, str]]:
    """The PDFs the application names, read from its folder; and where each one is."""
    documents = data.get("documents") or [] if isinstance(data, dict) else []
    wanted = {str(d.get("file")) for d in documents if isinstance(d, dict) and d.get("file")}
    attachments: dict[str, bytes] = {}
    archived: dict[str, str] = {}
    for name in sorted(wanted):
        if "/" in name or name.startswith("."):
            continue
        try:
            body = s3.get_object(Bucket=bucket, Key=folder + name)["Body"].read()
        except s3.exceptions.NoSuchKey:
            continue
        attachments[name] = body
        archived[name] = f"s3://{bucket}/{folder}{name}"
    return attachments, archived


def receive_application_object(
    lifecycle: Lifecycle,
    s3: Any,
    bucket: str,
    key: str,
    *,
    version_id: str | None = None,
    received_on: date | None = None,
) -> ApplicationRecord | None:
    """An application uploaded as ``applications/<folder>/<name>.json``; None for its PDFs."""
    if not key.lower().endswith(".json"):
        return None
    pinned = {"VersionId": version_id} if version_id else {}
    obj = s3.get_object(Bucket=bucket, Key=key, **pinned)
    received_on = received_on or obj["LastModified"].astimezone(CHINA).date()
    try:
        data = json.loads(obj["Body"].read().decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput(f"The application {key} is not valid JSON ({error}).") from None
    attachments, archived = _attachments(s3, bucket, key.rsplit("/", 1)[0] + "/", data)
    return lifecycle.receive_application(
        data,
        attachments,
        source=f"s3://{bucket}/{key}",
        received_on=received_on,
        archived=archived,
    )


def application_summary(record: ApplicationRecord | None) -> dict[str, Any]:
    """The ingest outcome of an ``applications/`` upload, JSON-able."""
    if record is None:
        return {"application_status": "attachment", "note": "read with its application JSON"}
    return dict(
        to_jsonable(
            {
                "application_no": record.application_no,
                "application_status": record.status,
                "received_on": record.received_on,
                "decision_due": record.decision_due,
                "due_problem": record.due_problem,
                "missing": record.missing,
                "notices": record.notices,
            }
        )
    )

"""Recordation files: import the exact version uploaded, keep and report every bad record.

The file is read once, pinned to the event's object version (``Received.read``), so two
versions uploaded back to back are each imported from their own bytes. Each record is
validated on its own (``recordations.importer``):

- every record valid → imported;
- some records bad → the valid ones are imported, and the file is quarantined with the
  list of rejected records and why (``problems`` in the error record), its uploader told;
  the outcome says ``imported_with_problems``;
- no record valid (not JSON, not UTF-8, all bad) → nothing imported, quarantined as
  ``invalid_records`` with the same list.
"""

from __future__ import annotations

from typing import Any

from customs_ipr.errors import InvalidInput
from customs_ipr.ingest.received import Received

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


def import_pinned(received: Received) -> dict[str, Any]:
    """Import the upload's own version; quarantine what was rejected (see the docstring)."""
    from customs_ipr.ingest import quarantine
    from customs_ipr.recordations.importer import _decode, import_text
    from customs_ipr.recordations.store import default_store

    upload = received.upload
    source = f"s3://{upload.bucket}/{upload.key}#{upload.version}"
    try:
        result = import_text(_decode(received.read(), source), default_store(), source=source)
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

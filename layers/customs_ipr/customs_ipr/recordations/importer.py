"""Import recordations in the exchange format (``records_file``) into a ``RecordationStore``.

Every record is validated on its own (``records_file.validate_records``). A bad record is
reported with its position and the reason; the good ones are stored; nothing is dropped
silently. Records are applied in file order, so a file that holds a recordation and later
its renewal leaves the renewal in force with both changes in the history. A file that is
neither valid JSON nor JSON Lines at all is an ``InvalidInput`` error.

The upload of a file to S3 is read by ``customs_ipr.ingest.recordation_files``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from aws_lambda_powertools import Logger
from pydantic import BaseModel

from customs_ipr.errors import InvalidInput
from customs_ipr.recordations.records_file import ImportProblem, decode_text, validate_records
from customs_ipr.recordations.store import RecordationStore, default_store

logger = Logger(child=True)


class ImportResult(BaseModel):
    source: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[ImportProblem] = []


def import_text(
    text: str, store: RecordationStore, *, source: str, now: datetime | None = None
) -> ImportResult:
    good, problems = validate_records(text)
    result = ImportResult(source=source, total=len(good) + len(problems), errors=problems)
    result.rejected = len(problems)
    for _position, recordation in good:
        outcome = store.save(recordation, source=source, now=now)
        setattr(result, outcome.action, getattr(result, outcome.action) + 1)
    logger.info(
        "recordations imported",
        source=source,
        total=result.total,
        records_created=result.created,
        records_updated=result.updated,
        records_unchanged=result.unchanged,
        records_rejected=result.rejected,
    )
    return result


def import_file(path: str | Path, store: RecordationStore | None = None) -> ImportResult:
    """``customs-ipr recordations import FILE``: into the given store or the table."""
    file = Path(path)
    if not file.is_file():
        raise InvalidInput(f"No such file: {file}.")
    return import_text(
        decode_text(file.read_bytes(), str(file)), store or default_store(), source=str(file)
    )

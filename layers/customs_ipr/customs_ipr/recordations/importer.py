"""Import recordations in the exchange format: a JSON array or JSON Lines.

Every record is validated on its own. A bad record is reported with its position
(``index`` in an array, counted from 0; ``line`` in JSON Lines, counted from 1) and the
reason; the good ones are stored; nothing is dropped silently. Records are applied in file
order, so a file that holds a recordation and later its renewal leaves the renewal in force
with both changes in the history. A file that is neither valid JSON nor JSON Lines at all
is an ``InvalidInput`` error.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import BaseModel, ConfigDict, ValidationError

from customs_ipr.errors import InvalidInput
from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.store import RecordationStore

logger = Logger(child=True)


class ImportProblem(BaseModel):
    model_config = ConfigDict(frozen=True)

    position: str
    index: int | None = None
    line: int | None = None
    recordation_no: str | None = None
    reason: str


class ImportResult(BaseModel):
    source: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[ImportProblem] = []


def _reason(error: ValidationError) -> str:
    parts = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def _records(text: str) -> list[tuple[dict[str, int], Any, str | None]]:
    """(position, raw record, JSON error) for each record in an array or JSON Lines text."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        return []
    if stripped.startswith("["):
        try:
            array = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise InvalidInput(
                f"The file is not a valid JSON array (line {error.lineno}, "
                f"column {error.colno}: {error.msg})."
            ) from error
        return [({"index": i}, record, None) for i, record in enumerate(array)]
    records: list[tuple[dict[str, int], Any, str | None]] = []
    for number, line in enumerate(stripped.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(({"line": number}, json.loads(line), None))
        except json.JSONDecodeError as error:
            records.append(({"line": number}, None, f"not valid JSON ({error.msg})"))
    return records


def validate_records(
    text: str,
) -> tuple[list[tuple[dict[str, int], Recordation]], list[ImportProblem]]:
    """Parse and validate every record; returns the good ones and the problems."""
    good: list[tuple[dict[str, int], Recordation]] = []
    problems: list[ImportProblem] = []
    for position, raw, json_error in _records(text):
        label = " ".join(f"{k} {v}" for k, v in position.items())
        number = raw.get("recordation_no") if isinstance(raw, dict) else None
        reason = json_error
        if reason is None and not isinstance(raw, dict):
            reason = "a record must be a JSON object"
        if reason is None:
            try:
                good.append((position, Recordation.model_validate(raw)))
                continue
            except ValidationError as error:
                reason = _reason(error)
        problems.append(
            ImportProblem(
                position=label,
                recordation_no=number if isinstance(number, str) else None,
                reason=reason,
                **position,
            )
        )
    return good, problems


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


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"{source} is not UTF-8 text.") from error


def import_file(path: str | Path, store: RecordationStore | None = None) -> ImportResult:
    """``customs-ipr recordations import FILE``: into the given store or the table."""
    from customs_ipr.recordations.store import default_store

    file = Path(path)
    if not file.is_file():
        raise InvalidInput(f"No such file: {file}.")
    return import_text(
        _decode(file.read_bytes(), str(file)), store or default_store(), source=str(file)
    )


def import_from_s3(bucket: str, key: str, store: RecordationStore | None = None) -> ImportResult:
    """Import an object uploaded under ``recordations/`` (called by the ingest Lambda)."""
    from customs_ipr import aws
    from customs_ipr.recordations.store import default_store

    body = aws.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    source = f"s3://{bucket}/{key}"
    return import_text(_decode(body, source), store or default_store(), source=source)


def read_recordations_file(path: str | Path) -> list[Recordation]:
    """All recordations of a file for an in-memory store; any bad record is an error."""
    file = Path(path)
    if not file.is_file():
        raise InvalidInput(f"No such file: {file}.")
    good, problems = validate_records(_decode(file.read_bytes(), str(file)))
    if problems:
        first = problems[0]
        raise InvalidInput(
            f"{len(problems)} invalid recordation(s) in {file}; {first.position}: {first.reason}."
        )
    return [recordation for _position, recordation in good]

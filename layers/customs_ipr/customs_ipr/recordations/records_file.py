"""The exchange format of recordations, read and checked: a JSON array or JSON Lines.

Every record is validated on its own. A bad record is reported with its position
(``index`` in an array, counted from 0; ``line`` in JSON Lines, counted from 1) and the
reason. A file that is neither valid JSON nor JSON Lines at all is an ``InvalidInput``
error. Nothing here stores anything: ``importer`` stores the good records, and
``store.InMemoryRecordationStore.from_file`` loads a whole file that must be valid.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from customs_ipr.errors import InvalidInput
from customs_ipr.recordations.models import Recordation


class ImportProblem(BaseModel):
    model_config = ConfigDict(frozen=True)

    position: str
    index: int | None = None
    line: int | None = None
    recordation_no: str | None = None
    reason: str


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


def decode_text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"{source} is not UTF-8 text.") from error


def read_recordations_file(path: str | Path) -> list[Recordation]:
    """All recordations of a file for an in-memory store; any bad record is an error."""
    file = Path(path)
    if not file.is_file():
        raise InvalidInput(f"No such file: {file}.")
    good, problems = validate_records(decode_text(file.read_bytes(), str(file)))
    if problems:
        first = problems[0]
        raise InvalidInput(
            f"{len(problems)} invalid recordation(s) in {file}; {first.position}: {first.reason}."
        )
    return [recordation for _position, recordation in good]

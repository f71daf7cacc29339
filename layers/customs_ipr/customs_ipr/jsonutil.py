"""JSON that keeps Decimal amounts and dates readable, for the CLI, logs and records."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from customs_ipr.errors import InvalidInput


def to_jsonable(value: Any) -> Any:
    """Convert models, Decimals, dates and enums into plain JSON values.

    Decimals become numbers (int when whole, else float rounded to cents by the
    caller's own rounding); dates become ISO strings.
    """
    if isinstance(value, BaseModel):
        return to_jsonable(value.model_dump(mode="python"))
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    return value


def read_json_file(path: str | Path, *, what: str = "file") -> Any:
    """A JSON document a user named (a CLI argument, an application file).

    Any problem is one ``InvalidInput`` sentence naming the file, never a trace.
    """
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"The {what} {path} does not exist.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(f"The {what} {path} is not readable UTF-8 JSON ({error}).") from None


def read_json_object(path: str | Path, *, what: str = "file") -> dict[str, Any]:
    """Like :func:`read_json_file`, for documents that must be a JSON object."""
    data = read_json_file(path, what=what)
    if not isinstance(data, dict):
        raise InvalidInput(f"The {what} {path} must hold a JSON object.")
    return data


def dumps(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=indent)

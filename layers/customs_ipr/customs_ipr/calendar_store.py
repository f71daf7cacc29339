"""Where the operator's holiday override table lives, and how a year is written into it.

``HOLIDAY_OVERRIDES`` names the table:

- a local path (``/etc/customs-ipr/holidays.json``): local stacks, tests, the CLI;
- ``s3://<bucket>/<key>``: on AWS. The stack sets it to
  ``s3://<DocumentsBucket>/config/holiday_overrides.json`` (template.yaml), so every
  function reads the same object; ``customs-ipr calendar import`` writes there.

The table has the shape of ``customs_ipr/data/holiday_overrides.json``
(``{"years": {"2027": {"holidays": [...], "workdays": [...], "source": "..."}}}``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from customs_ipr import aws
from customs_ipr.errors import CustomsIprError


def _split_s3(location: str) -> tuple[str, str]:
    bucket, _, key = location[len("s3://") :].partition("/")
    if not bucket or not key:
        raise CustomsIprError(
            f"Holiday override location {location!r} must look like s3://bucket/key.",
            code="configuration",
        )
    return bucket, key


def read_table(location: str) -> dict[str, Any] | None:
    """The raw table at ``location``; None when it does not exist yet."""
    if location.startswith("s3://"):
        bucket, key = _split_s3(location)
        s3 = aws.client("s3")
        try:
            body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        except (s3.exceptions.NoSuchKey, s3.exceptions.NoSuchBucket):
            return None  # nothing imported yet: years beyond chinese-calendar stay unknown
        return dict(json.loads(body))
    path = Path(location)
    if not path.exists():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8")))


def write_year(location: str, year: int, entry: dict[str, Any]) -> dict[str, Any]:
    """Add (or replace) one year in the table at ``location``; returns the whole table.

    The working-day calendar caches the table: the caller refreshes it
    (``customs_ipr.calendar.refresh``) once the write is done."""
    table = read_table(location) or {
        "about": "Operator holiday overrides (customs-ipr calendar import).",
        "years": {},
    }
    table.setdefault("years", {})[str(year)] = entry
    text = json.dumps(table, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if location.startswith("s3://"):
        bucket, key = _split_s3(location)
        aws.client("s3").put_object(
            Bucket=bucket,
            Key=key,
            Body=text.encode("utf-8"),
            ContentType="application/json; charset=utf-8",
        )
    else:
        path = Path(location)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return table

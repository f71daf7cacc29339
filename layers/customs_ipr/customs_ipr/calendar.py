"""Working days of the People's Republic of China.

Weekends and public holidays are off; the make-up working days announced with the
holidays (调休, a worked Saturday or Sunday) are on. Years 2004–2026 come from the
``chinese-calendar`` package. Years it does not know come from an override table: the
one shipped in the package (``customs_ipr/data/holiday_overrides.json``) and, when the
``HOLIDAY_OVERRIDES`` setting names a JSON file (a path, or ``s3://bucket/key`` on AWS,
see :mod:`customs_ipr.calendar_store`), that one on top. ``customs-ipr calendar import
NOTICE.txt`` writes a year into it from the State Council's published notice. An override year
replaces the library's data for that year, so an operator can also correct a year.

A date in a year nobody knows raises :class:`CalendarYearUnknown`: the State Council
publishes each year's arrangement separately and a legal deadline must never be guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from customs_ipr.calendar_store import read_table
from customs_ipr.config import DATA_DIR, get_settings
from customs_ipr.errors import CustomsIprError, RetryableError

BUNDLED_OVERRIDES = DATA_DIR / "holiday_overrides.json"


class CalendarYearUnknown(RetryableError):
    code = "calendar_year_unknown"

    def __init__(self, year: int) -> None:
        super().__init__(
            f"The working-day calendar has no data for {year}: add the State Council's "
            f"{year} holiday arrangement with 'customs-ipr calendar import NOTICE.txt' (it "
            f"writes the override table HOLIDAY_OVERRIDES names), or upgrade chinese-calendar."
        )
        self.year = year


class OverrideTableInvalid(RetryableError):
    code = "holiday_overrides_invalid"


@dataclass(frozen=True)
class YearOverride:
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str = ""


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Decides whether a date is a PRC working day; see the module docstring."""

    overrides: dict[int, YearOverride] = field(default_factory=dict)

    def source_of(self, year: int) -> str:
        if year in self.overrides:
            return self.overrides[year].source or "override table"
        if _library_knows(year):
            return "chinese-calendar"
        raise CalendarYearUnknown(year)

    def is_working_day(self, day: date) -> bool:
        override = self.overrides.get(day.year)
        if override is not None:
            if day in override.workdays:
                return True
            if day in override.holidays:
                return False
            return day.weekday() < 5
        if not _library_knows(day.year):
            raise CalendarYearUnknown(day.year)
        import chinese_calendar

        return bool(chinese_calendar.is_workday(day))

    def add_working_days(self, served: date, count: int) -> date:
        """The N-th working day after ``served`` (Art. 41: counting starts the next day)."""
        if count < 1:
            raise CustomsIprError(
                f"A period must be at least one working day, not {count}.", code="invalid_period"
            )
        day = served
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        days = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days += 1
        return days


@lru_cache(maxsize=64)
def _library_knows(year: int) -> bool:
    import chinese_calendar

    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def parse_override_table(raw: dict[str, Any], *, origin: str) -> dict[int, YearOverride]:
    """Validate an override table.

    Shape: ``{"years": {"2027": {"holidays": [...], "workdays": [...], "source": "..."}}}``.
    """
    years = raw.get("years")
    if not isinstance(years, dict):
        raise OverrideTableInvalid(f"{origin}: expected an object with a 'years' mapping.")
    table: dict[int, YearOverride] = {}
    for year_text, entry in years.items():
        try:
            year = int(year_text)
            holidays = frozenset(date.fromisoformat(d) for d in entry.get("holidays", []))
            workdays = frozenset(date.fromisoformat(d) for d in entry.get("workdays", []))
        except (TypeError, ValueError, AttributeError) as error:
            raise OverrideTableInvalid(
                f"{origin}: year {year_text!r} is malformed ({error})."
            ) from error
        wrong_year = [d for d in holidays | workdays if d.year != year]
        if wrong_year:
            raise OverrideTableInvalid(
                f"{origin}: year {year} lists {wrong_year[0].isoformat()}, which is another year."
            )
        if holidays & workdays:
            raise OverrideTableInvalid(
                f"{origin}: {min(holidays & workdays).isoformat()} is both a holiday and a "
                "working day."
            )
        table[year] = YearOverride(holidays, workdays, str(entry.get("source", origin)))
    return table


def load_override_file(path: str | Path) -> dict[int, YearOverride]:
    if str(path).startswith("s3://"):
        try:
            raw = read_table(str(path))
        except json.JSONDecodeError as error:
            raise OverrideTableInvalid(
                f"Holiday override table {path} is not valid JSON ({error})."
            ) from None
        return parse_override_table(raw or {"years": {}}, origin=str(path))
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OverrideTableInvalid(f"Holiday override table {path} does not exist.") from None
    except json.JSONDecodeError as error:
        raise OverrideTableInvalid(
            f"Holiday override table {path} is not valid JSON ({error})."
        ) from None
    return parse_override_table(raw, origin=str(path))


@lru_cache(maxsize=8)
def _calendar_for(override_path: str, version: float = 0.0) -> WorkingDayCalendar:
    overrides = load_override_file(BUNDLED_OVERRIDES) if BUNDLED_OVERRIDES.exists() else {}
    if override_path:
        overrides = {**overrides, **load_override_file(override_path)}
    return WorkingDayCalendar(overrides)


def default_calendar() -> WorkingDayCalendar:
    """The calendar configured for this process (bundled overrides + HOLIDAY_OVERRIDES).

    A table imported while the process runs is seen: a local file is re-read when its
    modification time changes, an S3 table (AWS) at most five minutes after the import.
    """
    location = get_settings().holiday_overrides
    return _calendar_for(location, _version(location))


S3_REFRESH_SECONDS = 300


def refresh() -> None:
    """Forget cached override tables (after an import, or before giving up on a year)."""
    _calendar_for.cache_clear()


def _version(location: str) -> float:
    if not location:
        return 0.0
    if location.startswith("s3://"):
        import time

        return float(int(time.time() // S3_REFRESH_SECONDS))
    try:
        return float(Path(location).stat().st_mtime_ns)
    except OSError:
        return 0.0

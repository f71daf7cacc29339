"""``customs-ipr calendar import NOTICE.txt``: add a year of PRC holidays from the State
Council's published notice, then resume the cases that stopped on that unknown year."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from customs_ipr.errors import CustomsIprError, InvalidInput


def register(subparsers: Any) -> None:
    calendar = subparsers.add_parser(
        "calendar", help="the PRC working-day calendar (operator holiday override table)"
    )
    commands = calendar.add_subparsers(dest="calendar_command", required=True)
    imported = commands.add_parser(
        "import",
        help="read the State Council's annual holiday notice into the override table",
        description=(
            "Reads the notice as published (国务院办公厅关于YYYY年部分节假日安排的通知, plain "
            "text), shows the year and days it read, and writes them only with --yes. A "
            "notice that cannot be read fully is refused. After writing, cases stopped on "
            "that year (calendar_year_unknown) resume."
        ),
    )
    imported.add_argument("notice", type=Path, help="the notice as plain UTF-8 text")
    imported.add_argument(
        "--yes", action="store_true", help="write the year (without it: show what was read)"
    )
    imported.add_argument(
        "--table",
        help="override table to write: a path or s3://bucket/key (default: HOLIDAY_OVERRIDES)",
    )
    imported.set_defaults(handler=_import)


def _import(args: argparse.Namespace) -> dict[str, Any]:
    from customs_ipr.calendar_notice import parse_notice
    from customs_ipr.config import get_settings

    try:
        text = args.notice.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"The notice {args.notice} does not exist.") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"The notice {args.notice} is not UTF-8 text.") from None
    notice = parse_notice(text)
    _check_previous_year(notice)
    location = args.table or get_settings().holiday_overrides
    result: dict[str, Any] = {"read": notice.summary(), "table": location or None}
    if not args.yes:
        result["written"] = False
        result["confirm"] = (
            f"Check the year ({notice.year}) and the days above against the notice, then "
            "rerun with --yes to write them."
        )
        return result
    if not location:
        raise InvalidInput(
            "No override table to write: set HOLIDAY_OVERRIDES or pass --table "
            "(a path, or s3://bucket/key on AWS)."
        )
    from customs_ipr.calendar import refresh
    from customs_ipr.calendar_store import write_year

    write_year(location, notice.year, notice.override_entry())
    refresh()
    result["written"] = True
    result["resumed"] = _resume(args.table)
    return result


def _check_previous_year(notice: Any) -> None:
    """Days the notice sets at the end of the year before must match that year's calendar
    (a year's table replaces the whole year, so the import never rewrites the year before)."""
    from customs_ipr.calendar import CalendarYearUnknown, default_calendar

    days = sorted(notice.previous_year_days.items())
    calendar = default_calendar() if days else None
    for day, working in days:
        assert calendar is not None
        try:
            known = calendar.is_working_day(day)
        except CalendarYearUnknown:
            raise InvalidInput(
                f"The notice sets {day.isoformat()}, but {day.year} is not in the calendar: "
                f"import the {day.year} notice first."
            ) from None
        if known != working:
            raise InvalidInput(
                f"The notice makes {day.isoformat()} a {'working day' if working else 'holiday'}"
                f", but the {day.year} calendar says otherwise; correct {day.year} first."
            )


def _resume(table: str | None) -> Any:
    """Resume stopped cases (needs the cases table); the daily schedule retries otherwise."""
    import os

    from customs_ipr.config import get_settings

    if table:
        os.environ["HOLIDAY_OVERRIDES"] = table
        get_settings.cache_clear()
    from customs_ipr.cases.calendar_resume import resume_stopped

    try:
        return resume_stopped()
    except CustomsIprError as error:
        return {"not_resumed": error.message, "retry": "the daily schedule retries them"}
    except Exception as error:
        return {
            "not_resumed": f"the cases table could not be reached ({type(error).__name__})",
            "retry": "the daily schedule retries them",
        }

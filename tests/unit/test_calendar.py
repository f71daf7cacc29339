"""The PRC working-day calendar and the legal deadline rules."""

from __future__ import annotations

import json
from datetime import date

import pytest

from customs_ipr import deadlines
from customs_ipr.calendar import (
    CalendarYearUnknown,
    OverrideTableInvalid,
    WorkingDayCalendar,
    default_calendar,
    load_override_file,
)
from customs_ipr.config import get_settings

CALENDAR = WorkingDayCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before Spring Festival
        (date(2026, 2, 14), True),  # make-up Saturday
        (date(2026, 2, 16), False),  # Spring Festival, Monday
        (date(2026, 2, 23), False),  # last day of the holiday, Monday
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # make-up Saturday
        (date(2026, 5, 1), False),  # May Day
        (date(2026, 5, 5), False),  # May Day holiday, Tuesday
        (date(2026, 5, 9), True),  # make-up Saturday
        (date(2026, 9, 20), True),  # make-up Sunday before National Day
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),
        (date(2026, 10, 10), True),  # make-up Saturday after National Day
        (date(2026, 10, 11), False),  # ordinary Sunday
        (date(2026, 11, 23), True),  # ordinary Monday
    ],
)
def test_working_days_follow_holidays_and_make_up_days(day, working):
    assert CALENDAR.is_working_day(day) is working


def test_three_working_days_from_30_september_end_on_the_make_up_saturday():
    # GIVEN a notice served the day before National Day
    # WHEN the holder's 3 working days are counted
    due = deadlines.compute("holder_reply", date(2026, 9, 30))
    # THEN 8 and 9 October are days 1 and 2 and the make-up Saturday 10 October is day 3
    assert due.due == date(2026, 10, 10)
    assert due.basis == "Implementing Measures Art. 22"


def test_counting_starts_the_day_after_service():
    # Served on a Monday: the first working day counted is Tuesday.
    assert CALENDAR.add_working_days(date(2026, 11, 16), 1) == date(2026, 11, 17)
    # Served on a Friday: Saturday and Sunday do not count.
    assert CALENDAR.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)


def test_spring_festival_pushes_a_three_day_period_past_the_holiday():
    # Served Friday 13 Feb: Sat 14 (make-up) is day 1, then 24, 25 Feb.
    assert CALENDAR.add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)


def test_may_day_period():
    # Served Thursday 30 April: 1-5 May off, 6, 7, 8 May.
    assert CALENDAR.add_working_days(date(2026, 4, 30), 3) == date(2026, 5, 8)
    # ... and the make-up Saturday 9 May is the fourth working day.
    assert CALENDAR.add_working_days(date(2026, 4, 30), 4) == date(2026, 5, 9)


@pytest.mark.parametrize(
    ("rule", "start", "due"),
    [
        ("undetermined_notice", date(2026, 9, 1), date(2026, 10, 19)),
        ("court_assistance", date(2026, 9, 1), date(2026, 11, 16)),
        ("court_assistance_on_application", date(2026, 9, 1), date(2026, 9, 29)),
        ("recordation_decision", date(2026, 9, 25), date(2026, 11, 12)),
        ("confiscation_after_announcement", date(2026, 8, 31), date(2026, 11, 30)),
    ],
)
def test_named_rules(rule, start, due):
    assert deadlines.compute(rule, start).due == due


def test_thirty_working_days_count_holidays_out():
    # September has 21 working days after the 1st (the Sunday 20th is a make-up day,
    # Friday 25th is Mid-autumn); October 1-7 is off; 8, 9, Saturday 10, 12-16 and 19 make 9.
    assert CALENDAR.working_days_between(date(2026, 9, 1), date(2026, 9, 30)) == 21
    assert CALENDAR.working_days_between(date(2026, 9, 1), date(2026, 10, 19)) == 30


def test_months_clamp_to_the_end_of_a_shorter_month():
    assert deadlines.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert deadlines.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert deadlines.add_months(date(2026, 12, 15), 3) == date(2027, 3, 15)


def test_a_year_the_library_does_not_know_is_a_clear_error():
    with pytest.raises(CalendarYearUnknown) as raised:
        CALENDAR.is_working_day(date(2027, 1, 4))
    assert raised.value.year == 2027
    assert "2027" in raised.value.message
    assert "HOLIDAY_OVERRIDES" in raised.value.message


def test_a_deadline_running_into_an_unknown_year_is_not_guessed():
    with pytest.raises(CalendarYearUnknown):
        deadlines.compute("court_assistance", date(2026, 12, 1))


def _write(tmp_path, payload):
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_override_table_adds_a_year(tmp_path, monkeypatch):
    # GIVEN an operator's table for 2027 (illustrative dates, as an operator would add them)
    path = _write(
        tmp_path,
        {
            "years": {
                "2027": {
                    "holidays": ["2027-01-01", "2027-02-05", "2027-02-08"],
                    "workdays": ["2027-01-09"],
                    "source": "operator test table",
                }
            }
        },
    )
    monkeypatch.setenv("HOLIDAY_OVERRIDES", str(path))
    get_settings.cache_clear()
    calendar = default_calendar()
    # THEN listed holidays are off, the listed Saturday is on, other weekdays are on
    assert calendar.is_working_day(date(2027, 1, 1)) is False
    assert calendar.is_working_day(date(2027, 1, 9)) is True
    assert calendar.is_working_day(date(2027, 1, 10)) is False
    assert calendar.is_working_day(date(2027, 1, 4)) is True
    assert calendar.source_of(2027) == "operator test table"
    # AND a deadline can now cross into 2027: 31 Dec 2026 + 3 → 4, 5, 6 Jan 2027
    assert calendar.add_working_days(date(2026, 12, 31), 3) == date(2027, 1, 6)
    # AND the known years still come from the library
    assert calendar.source_of(2026) == "chinese-calendar"


def test_override_table_replaces_a_known_year(tmp_path):
    table = load_override_file(
        _write(tmp_path, {"years": {"2026": {"holidays": ["2026-11-23"], "workdays": []}}})
    )
    calendar = WorkingDayCalendar(table)
    assert calendar.is_working_day(date(2026, 11, 23)) is False


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"no_years": {}}, "'years'"),
        ({"years": {"2027": {"holidays": ["2028-01-01"]}}}, "another year"),
        ({"years": {"2027": {"holidays": ["2027-13-01"]}}}, "malformed"),
        (
            {"years": {"2027": {"holidays": ["2027-01-01"], "workdays": ["2027-01-01"]}}},
            "both a holiday and a working day",
        ),
    ],
)
def test_bad_override_tables_are_refused(tmp_path, payload, fragment):
    with pytest.raises(OverrideTableInvalid) as raised:
        load_override_file(_write(tmp_path, payload))
    assert fragment in raised.value.message


def test_bundled_table_is_valid_and_invents_no_year():
    # The shipped table is only a format: no year is added without an official notice.
    assert default_calendar().overrides == {}

"""``customs-ipr calendar import``: the State Council's holiday notice, read as published."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from customs_ipr.calendar import WorkingDayCalendar, parse_override_table
from customs_ipr.calendar_notice import HolidayNoticeUnreadable, parse_notice
from customs_ipr_tools.cli import main

NOTICES = Path(__file__).resolve().parents[1] / "fixtures" / "holiday_notices"


def _text(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_published_notice_reproduces_chinese_calendar_exactly(year):
    # GIVEN the notice of a year chinese-calendar knows
    notice = parse_notice(_text(year))
    # THEN the holidays and make-up days are the library's, and so is every day of the year
    assert notice.year == year
    assert set(notice.holidays) == {
        d for d in chinese_calendar.constants.holidays if d.year == year
    }
    assert set(notice.workdays) == {
        d for d in chinese_calendar.constants.workdays if d.year == year
    }
    table = parse_override_table({"years": {str(year): notice.override_entry()}}, origin="t")
    calendar = WorkingDayCalendar(table)
    day = date(year, 1, 1)
    while day.year == year:
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_the_2027_sample_notice_is_read_festival_by_festival():
    notice = parse_notice(_text(2027))
    assert notice.year == 2027
    spring = next(f for f in notice.festivals if f.name == "春节")
    assert (spring.days_off[0], spring.days_off[-1]) == (date(2027, 2, 5), date(2027, 2, 13))
    assert spring.workdays == [date(2027, 2, 14), date(2027, 2, 20)]
    dragon = next(f for f in notice.festivals if f.name == "端午节")
    assert dragon.days_off == [date(2027, 6, 9)] and dragon.workdays == []
    assert notice.workdays == [
        date(2027, 2, 14),
        date(2027, 2, 20),
        date(2027, 5, 8),
        date(2027, 9, 26),
        date(2027, 10, 9),
    ]


def test_a_notice_whose_weekdays_belong_to_another_year_is_refused():
    # GIVEN the 2026 notice with its title changed to 2027
    text = _text(2026).replace("2026年", "2027年")
    with pytest.raises(HolidayNoticeUnreadable) as raised:
        parse_notice(text)
    assert "2027-01-01" in raised.value.message and "周四" in raised.value.message


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("六、中秋节：9月15日（周三）放假1天，不调休。\n", ""), "中秋节"),
        (("共9天", "共8天"), "共8天"),
        (("2月14日（周日）、2月20日（周六）上班", "2月16日（周二）上班"), "not a Saturday"),
        (("5月8日（周六）上班", "5月8日（周六）照常上班安排"), "cannot read"),
        (("国务院办公厅关于2027年部分节假日安排的通知", "通知"), None),
    ],
)
def test_a_notice_that_cannot_be_read_fully_is_refused(change, problem):
    text = _text(2027).replace(*change)
    if problem is None:  # no year in the title: the body still names it
        assert parse_notice(text).year == 2027
        with pytest.raises(HolidayNoticeUnreadable):
            parse_notice(text.replace("现将2027年", "现将"))
        return
    with pytest.raises(HolidayNoticeUnreadable) as raised:
        parse_notice(text)
    assert problem in raised.value.message


@pytest.fixture
def overrides_table(tmp_path, monkeypatch):
    """HOLIDAY_OVERRIDES at a fresh file; the settings are reset after the env is restored."""
    from customs_ipr.config import get_settings

    table = tmp_path / "holidays.json"
    monkeypatch.setenv("HOLIDAY_OVERRIDES", str(table))
    get_settings.cache_clear()
    yield table
    monkeypatch.undo()
    get_settings.cache_clear()


def test_cli_shows_the_year_and_writes_only_with_yes(overrides_table, monkeypatch, capsys):
    table = overrides_table
    notice = NOTICES / "2027.txt"
    # WHEN the operator imports without --yes
    assert main(["calendar", "import", str(notice)]) == 0
    shown = json.loads(capsys.readouterr().out)
    # THEN the year read is shown and nothing is written
    assert shown["read"]["year"] == 2027 and shown["written"] is False
    assert not table.exists()
    # WHEN confirmed
    monkeypatch.setattr("customs_ipr.cases.calendar_resume.resume_stopped", lambda: [])
    assert main(["calendar", "import", str(notice), "--yes"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert written["written"] is True and written["resumed"] == []
    stored = json.loads(table.read_text(encoding="utf-8"))["years"]["2027"]
    assert "2027-02-14" in stored["workdays"] and "2027-10-07" in stored["holidays"]
    # THEN the calendar of this process knows 2027 at once
    from customs_ipr import deadlines

    due = deadlines.compute("undetermined_notice", date(2026, 12, 21)).due
    assert due == date(2027, 2, 2)  # 8 days in Dec, 1-3 Jan off, then 22


def test_cli_refuses_an_unreadable_notice_without_writing(tmp_path, capsys):
    bad = tmp_path / "notice.txt"
    bad.write_text("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：另行通知。\n", "utf-8")
    table = tmp_path / "t.json"
    with pytest.raises(SystemExit) as raised:
        main(["calendar", "import", str(bad), "--yes", "--table", str(table)])
    assert raised.value.code == 2
    assert "holiday_notice_unreadable" in capsys.readouterr().err
    assert not table.exists()


def test_a_new_year_holiday_starting_in_december_is_checked_against_the_year_before(tmp_path):
    # GIVEN the 2019 notice as published: 元旦 from 30 December 2018, a make-up day in 2018
    notice = parse_notice(_text(2019))
    # THEN the 2018 days are checked against 2018 (which chinese-calendar knows), not written
    assert notice.previous_year_days == {
        date(2018, 12, 29): True,
        date(2018, 12, 30): False,
        date(2018, 12, 31): False,
    }
    assert notice.override_entry()["holidays"][:1] == ["2019-01-01"]
    assert date(2019, 10, 12) in notice.workdays
    assert main(["calendar", "import", str(NOTICES / "2019.txt")]) == 0
    # AND a notice that contradicts the year before is refused
    path = tmp_path / "n.txt"
    text = _text(2019).replace("2018年12月29日（星期六）上班", "2018年12月22日（星期六）上班")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["calendar", "import", str(path)])

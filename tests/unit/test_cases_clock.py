"""The compressed clock: legal dates stay real, waiting is short."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from customs_ipr.cases import clock
from customs_ipr.cases.model import Case, CasePath, Wait

T0 = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def _case(wait_due: date | None = None, legal_date: date = date(2026, 3, 2)) -> Case:
    wait = None
    if wait_due is not None:
        wait = Wait(
            kind="holder_reply", token="t", accepts=["holder_reply"], due=wait_due, opened_at=T0
        )
    return Case(
        case_id="C-1",
        path=CasePath.EX_OFFICIO,
        created_at=T0,
        started_on=date(2026, 3, 2),
        legal_date=legal_date,
        wait=wait,
    )


@pytest.fixture
def compressed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKING_DAY_SECONDS", "10")
    from customs_ipr.config import get_settings

    get_settings.cache_clear()


def test_legal_date_stands_still_between_waits(compressed: None) -> None:
    assert clock.legal_today(_case(), T0 + timedelta(hours=5)) == date(2026, 3, 2)


def test_during_a_wait_one_working_day_passes_per_setting_skipping_weekends(compressed) -> None:
    # Friday 6 March 2026 + 1 working day is Monday 9 March
    case = _case(wait_due=date(2026, 3, 20), legal_date=date(2026, 3, 6))
    assert clock.legal_today(case, T0 + timedelta(seconds=9.9)) == date(2026, 3, 6)
    assert clock.legal_today(case, T0 + timedelta(seconds=10)) == date(2026, 3, 9)


def test_an_answer_during_a_wait_is_never_dated_after_its_due_date(compressed) -> None:
    case = _case(wait_due=date(2026, 3, 5))
    assert clock.legal_today(case, T0 + timedelta(seconds=500)) == date(2026, 3, 5)


def test_timeout_covers_the_whole_last_day(compressed) -> None:
    # 2 March -> due 5 March: three working days after the day of service, plus day 5 itself
    assert clock.timeout_seconds(_case(), date(2026, 3, 5)) == 40


def test_timeout_across_the_labour_day_holiday(compressed) -> None:
    # 30 April 2026 -> 8 May: 1-5 May are holidays, 9 May (Saturday) is a make-up day
    case = _case(legal_date=date(2026, 4, 30))
    from customs_ipr.calendar import default_calendar

    days = default_calendar().working_days_between(date(2026, 4, 30), date(2026, 5, 8))
    assert clock.timeout_seconds(case, date(2026, 5, 8)) == (days + 1) * 10


def test_production_waits_until_midnight_beijing_time_of_the_due_date() -> None:
    now = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)  # 23:00 in Beijing on the due date
    assert clock.timeout_seconds(_case(), date(2026, 3, 5), now) == 3600
    assert clock.legal_today(_case(), now) == date(2026, 3, 5)


def test_the_day_after_a_deadline_is_the_next_working_day() -> None:
    assert clock.day_after_deadline(date(2026, 3, 6)) == date(2026, 3, 9)

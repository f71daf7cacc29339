"""Legal time: one clock, the end of a due date, the safety net, the timers' arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from moto import mock_aws

from customs_ipr import aws
from customs_ipr.cases import clock, timers
from customs_ipr.cases.model import Case, CasePath
from customs_ipr.config import get_settings

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 Beijing, Monday 2 March 2026


def _case(legal_date: date | None = date(2026, 3, 2)) -> Case:
    return Case(
        case_id="C-1",
        path=CasePath.EX_OFFICIO,
        created_at=T0,
        started_on=date(2026, 3, 2),
        legal_date=legal_date,
    )


@pytest.fixture(autouse=True)
def _settings(monkeypatch):
    monkeypatch.delenv("LEGAL_CLOCK", raising=False)
    monkeypatch.delenv("SAFETY_NET_SECONDS", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_a_period_ends_at_midnight_beijing_time_after_its_due_date():
    # 24:00 Beijing on 5 March = 16:00 UTC on 5 March
    assert clock.deadline_instant(date(2026, 3, 5)) == datetime(2026, 3, 5, 16, 0, tzinfo=UTC)


def test_legal_today_is_the_beijing_date_and_never_goes_back_for_a_case():
    late_evening_utc = datetime(2026, 3, 4, 17, 0, tzinfo=UTC)  # 01:00 on 5 March in Beijing
    assert clock.legal_today(_case(), late_evening_utc) == date(2026, 3, 5)
    assert clock.legal_today(_case(date(2026, 3, 9)), late_evening_utc) == date(2026, 3, 9)


def test_production_safety_net_is_well_after_the_deadline():
    seconds = clock.timeout_seconds(_case(), date(2026, 3, 5), T0)
    deadline = (clock.deadline_instant(date(2026, 3, 5)) - T0).total_seconds()
    assert seconds == deadline + clock.SAFETY_NET.total_seconds()


def test_virtual_clock_never_lets_the_safety_net_decide(monkeypatch):
    monkeypatch.setenv("LEGAL_CLOCK", "virtual")
    get_settings.cache_clear()
    assert clock.timeout_seconds(_case(), date(2026, 3, 5)) == clock.VIRTUAL_SAFETY_NET_SECONDS


def test_a_test_stack_can_shorten_the_safety_net(monkeypatch):
    monkeypatch.setenv("SAFETY_NET_SECONDS", "1")
    get_settings.cache_clear()
    assert clock.timeout_seconds(_case(), date(2026, 3, 5)) == 1


def test_day_after_deadline_skips_the_weekend():
    assert clock.day_after_deadline(date(2026, 3, 6)) == date(2026, 3, 9)


def test_timer_expression_is_the_start_of_the_next_day_in_beijing(monkeypatch):
    # GIVEN the virtual clock, which settles the stack before it fires a timer: no grace
    monkeypatch.setenv("LEGAL_CLOCK", "virtual")
    get_settings.cache_clear()
    assert timers.expression(date(2026, 9, 30)) == "at(2026-10-01T00:00:00)"
    assert timers.fires_at("at(2026-10-01T00:00:00)", "Asia/Shanghai") == clock.deadline_instant(
        date(2026, 9, 30)
    )
    assert len(timers.schedule_name("EXO-" + "9" * 120, "personal_renunciation")) <= 64


def test_the_officer_wait_ends_the_working_day_before_the_art_28_due_date():
    # day 30 is Monday 13 April 2026: the wait ends at 24:00 on Friday 10 April
    assert timers.wait_due("undetermined_notice", date(2026, 4, 13)) == date(2026, 4, 10)
    assert timers.wait_due("holder_reply", date(2026, 4, 13)) == date(2026, 4, 13)


@mock_aws
def test_the_virtual_clock_is_shared_through_the_cases_table(monkeypatch):
    from customs_ipr_tools.local.stack import create_tables

    template = create_tables()
    monkeypatch.setenv("CASES_TABLE", template.name_of("CasesTable"))
    monkeypatch.setenv("LEGAL_CLOCK", "virtual")
    get_settings.cache_clear()
    aws.reset()
    with pytest.raises(clock.ClockNotSet):
        clock.now()
    clock.VirtualClock().set(T0)
    assert clock.today() == date(2026, 3, 2)
    clock.VirtualClock().set(T0 + timedelta(hours=15))  # 00:00 on 3 March in Beijing
    assert clock.today() == date(2026, 3, 3)


def test_in_production_the_timer_fires_after_the_receipt_grace(monkeypatch):
    # GIVEN real time: a reply stored before 24:00 may still be queued then
    monkeypatch.setenv("LEGAL_CLOCK", "system")
    monkeypatch.setenv("RECEIPT_GRACE_SECONDS", "21600")
    get_settings.cache_clear()
    # THEN the timer fires 6 hours after the end of the due date, Beijing time
    assert timers.expression(date(2036, 9, 30)) == "at(2036-10-01T06:00:00)"
    assert timers.fire_instant(date(2036, 9, 30)) == clock.deadline_instant(
        date(2036, 9, 30)
    ) + timedelta(hours=6)


def test_a_deadline_already_past_is_timed_a_minute_from_now(monkeypatch):
    # GIVEN real time and a wait whose deadline passed long ago (a case resumed late)
    monkeypatch.setenv("LEGAL_CLOCK", "system")
    get_settings.cache_clear()
    before = datetime.now(UTC)
    # WHEN its timer is armed
    fires = timers.fires_at(timers.expression(date(2020, 1, 6)), "Asia/Shanghai")
    # THEN it fires shortly, not at an instant in the past
    assert before < fires <= datetime.now(UTC) + timedelta(minutes=1)

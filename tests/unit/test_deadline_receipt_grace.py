"""The legal receipt time of an answer and the moment its wait's deadline timer fires
(issue 15, point 3; ``cases/receipt.py``, ``cases/timers.py``).

Production (``LEGAL_CLOCK=system``): a reply counts as received on the Beijing date of
its S3 event time, however late it is processed, and the timer fires
``RECEIPT_GRACE_SECONDS`` after 24:00 so a reply stored before midnight and still queued
is taken by the open wait. The virtual clock has no grace: it fires exactly at 24:00, and
an answer counts as received on the clock's date (the clock never moves while the stack
is still processing; the backlog test in tests/workflow/test_reply_security.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from customs_ipr.cases import clock, receipt, timers
from customs_ipr.config import get_settings

DUE = date(2026, 9, 16)
MIDNIGHT = datetime(2026, 9, 16, 16, 0, tzinfo=UTC)
"""24:00 Beijing time on the due date."""


@pytest.fixture
def legal_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def use(kind: str, grace: str | None = None) -> None:
        monkeypatch.setenv("LEGAL_CLOCK", kind)
        if grace is None:
            monkeypatch.delenv("RECEIPT_GRACE_SECONDS", raising=False)
        else:
            monkeypatch.setenv("RECEIPT_GRACE_SECONDS", grace)
        get_settings.cache_clear()

    yield use
    get_settings.cache_clear()


def _case(legal_date: date | None = None) -> Any:
    return SimpleNamespace(legal_date=legal_date)


def test_system_receipt_date_is_the_beijing_date_of_the_s3_event(legal_clock):
    legal_clock("system")
    last_moment = receipt.parse_event_time("2026-09-16T15:59:59.900Z")
    assert last_moment == datetime(2026, 9, 16, 15, 59, 59, 900000, tzinfo=UTC)
    assert receipt.legal_receipt_date(_case(), last_moment) == DUE
    midnight = receipt.parse_event_time("2026-09-16T16:00:00Z")
    assert receipt.legal_receipt_date(_case(), midnight) == DUE + timedelta(days=1)
    # an S3 time without zone is UTC; nonsense is no time at all
    assert receipt.parse_event_time("2026-09-16T15:00:00") == datetime(
        2026, 9, 16, 15, 0, tzinfo=UTC
    )
    assert receipt.parse_event_time("yesterday") is None
    assert receipt.parse_event_time(None) is None


def test_system_receipt_ignores_when_the_reply_is_processed(legal_clock, monkeypatch):
    # GIVEN a reply stored at 23:59 Beijing on the due date, processed 5 h later
    legal_clock("system")
    stored = MIDNIGHT - timedelta(minutes=1)
    processed = MIDNIGHT + timedelta(hours=5)
    monkeypatch.setattr(clock, "now", lambda: processed)
    # THEN it was received on the due date: timely
    assert receipt.legal_receipt_date(_case(), stored) == DUE
    # AND the wait is still open then: the timer fires only after the grace
    assert processed < timers.fire_instant(DUE)


def test_system_timer_fires_the_grace_after_24_00(legal_clock, monkeypatch):
    # GIVEN production's clock, on the due date (the wait is armed before its deadline)
    legal_clock("system")
    monkeypatch.setattr(clock, "now", lambda: clock.at_office_hours(DUE))
    assert receipt.grace_seconds() == receipt.DEFAULT_GRACE_SECONDS == 6 * 3600
    assert timers.fire_instant(DUE) == MIDNIGHT + timedelta(hours=6)
    assert timers.expression(DUE) == "at(2026-09-17T06:00:00)"
    assert timers.fires_at(timers.expression(DUE), timers.TIMEZONE) == timers.fire_instant(DUE)
    # the grace is configurable
    legal_clock("system", grace="900")
    assert timers.fire_instant(DUE) == MIDNIGHT + timedelta(minutes=15)
    assert timers.expression(DUE) == "at(2026-09-17T00:15:00)"


def test_virtual_timer_fires_exactly_at_24_00(legal_clock, monkeypatch):
    legal_clock("virtual", grace="900")  # the grace setting does not apply
    monkeypatch.setattr(clock, "now", lambda: clock.at_office_hours(DUE))
    assert receipt.grace_seconds() == 0.0
    assert timers.fire_instant(DUE) == MIDNIGHT == clock.deadline_instant(DUE)
    assert timers.expression(DUE) == "at(2026-09-17T00:00:00)"
    assert timers.fires_at(timers.expression(DUE), timers.TIMEZONE) == MIDNIGHT


def test_virtual_receipt_date_is_the_clocks_date(legal_clock, monkeypatch):
    # GIVEN the virtual clock at 09:00 Beijing on the due date
    legal_clock("virtual")
    monkeypatch.setattr(clock, "now", lambda: clock.at_office_hours(DUE))
    # THEN an answer counts as received that day, whatever its S3 event time says
    wall_clock = datetime(2030, 1, 1, tzinfo=UTC)
    assert receipt.legal_receipt_date(_case(), wall_clock) == DUE
    assert receipt.legal_receipt_date(_case(), None) == DUE
    # AND never before the case's own legal date
    later = DUE + timedelta(days=3)
    assert receipt.legal_receipt_date(_case(later), wall_clock) == later

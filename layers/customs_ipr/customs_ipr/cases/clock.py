"""Legal time: which day it is for a case, and when a wait for a party ends.

There is one notion of "now" for every case, taken from a clock chosen by ``LEGAL_CLOCK``:

- ``system`` (production): the real time; "today" is the calendar date in Asia/Shanghai.
- ``virtual`` (the local stack, the demo, ``customs-ipr case simulate``, the workflow
  tests): an instant kept in the cases table (item ``pk=CLOCK``, ``sk=VIRTUAL``) that
  moves only when someone advances it (``customs-ipr clock advance``, the demo's and the
  simulator's driver). Legal dates then depend on the scenario only, never on how long
  parsing, rendering or moto take: the clock does not move while the machine works.

A period ends at 24:00 Beijing time on its due date (Art. 41): :func:`deadline_instant`.
A wait for a party ends exactly then, fired by a one-time timer at that instant
(``customs_ipr.cases.timers``; EventBridge Scheduler in AWS, the virtual clock locally).
The callback's own ``TimeoutSecondsPath`` (:func:`timeout_seconds`) is only a safety net,
``SAFETY_NET`` later than the deadline, for a timer that failed to fire.

A case's legal date never goes backwards: :func:`legal_today` is the later of the clock's
date and the latest legal date the case has reached (``Case.legal_date``), e.g. the first
working day after a deadline that ended on a Friday.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from customs_ipr.calendar import default_calendar
from customs_ipr.cases.model import Case
from customs_ipr.cases.store import CaseStore
from customs_ipr.config import get_settings
from customs_ipr.errors import CustomsIprError

BEIJING = ZoneInfo("Asia/Shanghai")
MIN_TIMEOUT_SECONDS = 1
SAFETY_NET = timedelta(days=60)
"""How long after its legal deadline a callback gives up by itself when no timer fired.

Long enough that a deadline moved by a late service date or a corrected calendar stays
before it; ``notice_served`` refuses a service date that would move a deadline past it."""
VIRTUAL_SAFETY_NET_SECONDS = 99_999_999
"""Under the virtual clock only the clock ends a wait: the safety net is Step Functions'
largest timeout (about 3 years of real time)."""
OFFICE_HOURS = time(9, 0)
"""The time of day the virtual clock is set to when it is moved to a date."""
VIRTUAL_KEY = {"pk": "CLOCK", "sk": "VIRTUAL"}


class ClockNotSet(CustomsIprError):
    code = "clock_not_set"


class LegalClock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Production: the real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class VirtualClock:
    """An instant stored in the cases table, shared by every process of a local stack."""

    def _table(self) -> object:
        return CaseStore().table

    def read(self) -> datetime | None:
        item = self._table().get_item(Key=VIRTUAL_KEY, ConsistentRead=True).get("Item")  # type: ignore[attr-defined]
        return datetime.fromisoformat(str(item["now"])) if item else None

    def now(self) -> datetime:
        value = self.read()
        if value is None:
            raise ClockNotSet(
                "The virtual clock is not set: run 'customs-ipr clock advance --to YYYY-MM-DD'."
            )
        return value

    def set(self, instant: datetime) -> datetime:
        instant = instant.astimezone(UTC)
        self._table().put_item(Item={**VIRTUAL_KEY, "now": instant.isoformat()})  # type: ignore[attr-defined]
        return instant


def is_virtual() -> bool:
    return get_settings().legal_clock == "virtual"


def legal_clock() -> LegalClock:
    return VirtualClock() if is_virtual() else SystemClock()


def now() -> datetime:
    return legal_clock().now()


def beijing_date(instant: datetime) -> date:
    return instant.astimezone(BEIJING).date()


def today() -> date:
    """Today in Beijing, by the legal clock (for a new case or an undated input)."""
    return beijing_date(now())


def at_office_hours(day: date) -> datetime:
    """09:00 Beijing time on ``day``: where the virtual clock stands when moved to a date."""
    return datetime.combine(day, OFFICE_HOURS, tzinfo=BEIJING).astimezone(UTC)


def legal_today(case: Case, at: datetime | None = None) -> date:
    """The case's legal date now: the clock's date, never before the case's own legal date."""
    current = beijing_date(at or now())
    return max(current, case.legal_date) if case.legal_date else current


def deadline_instant(due: date) -> datetime:
    """The end of the due date: 24:00 Beijing time (Art. 41), as a UTC instant."""
    return datetime.combine(due + timedelta(days=1), time(0), tzinfo=BEIJING).astimezone(UTC)


def day_after_deadline(due: date) -> date:
    """The first working day after a period ended: the date of what customs does then."""
    return default_calendar().add_working_days(due, 1)


def timeout_seconds(case: Case, due: date, at: datetime | None = None) -> int:
    """The callback's safety-net timeout: ``SAFETY_NET`` after the end of ``due``.

    The deadline itself is kept by the wait's timer. ``SAFETY_NET_SECONDS`` (test stacks
    only) replaces it with a short real timeout, to exercise the safety net.
    """
    override = get_settings().safety_net_seconds
    if override > 0:
        return max(math.ceil(override), MIN_TIMEOUT_SECONDS)
    if is_virtual():
        return VIRTUAL_SAFETY_NET_SECONDS
    current = at or datetime.now(UTC)
    end = deadline_instant(due) + SAFETY_NET
    return max(math.ceil((end - current).total_seconds()), MIN_TIMEOUT_SECONDS)

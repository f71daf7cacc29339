"""Which legal day it is for a case, and how long a callback waits for a legal due date.

Production (``WORKING_DAY_SECONDS`` = 0): "today" is the calendar date in Asia/Shanghai,
and a wait for due date D lasts until the end of D (24:00 Beijing time, Art. 41).

Compressed clock (``WORKING_DAY_SECONDS`` > 0, local stacks and tests): each case keeps
its own legal date (``Case.legal_date``), which starts at the case's ``started_on`` (the
declaration date, or the date given when the case is opened). The legal clock runs only
while the case waits for someone: during a wait, one PRC working day passes every
``WORKING_DAY_SECONDS`` of real time (weekends and holidays skipped as the calendar
says), so an answer arriving during a wait is dated that many working days after the
wait opened (never after the wait's due date: as long as the workflow still waits, the
period has not ended; its timeout is what ends it). When a wait ends, the case's legal
date moves to the answer's date or, when the deadline passed, to the first working day
after the due date. Work between
waits (rendering, sending) takes no legal time, so legal dates do not depend on how
fast the machine is. Every legal date (notice dates, due dates, detention dates) is a
real one: the one a case started on ``started_on`` would have; only the waiting is short.

A wait for due date D lasts (working days from the legal date to D, plus the whole of D)
× WORKING_DAY_SECONDS. On AWS, Step Functions wants whole seconds for
``TimeoutSecondsPath``: use a whole ``WORKING_DAY_SECONDS`` there (e.g. 60); fractions are
accepted by the local moto stack only.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from customs_ipr.calendar import default_calendar
from customs_ipr.cases.model import Case
from customs_ipr.config import get_settings

BEIJING = ZoneInfo("Asia/Shanghai")
MIN_TIMEOUT_SECONDS = 1


def working_day_seconds() -> float:
    return get_settings().working_day_seconds


def compressed() -> bool:
    return working_day_seconds() > 0


def legal_today(case: Case, now: datetime | None = None) -> date:
    """The case's legal date now (see the module docstring)."""
    now = now or datetime.now(UTC)
    base = case.legal_date or case.started_on
    if not compressed():
        today = now.astimezone(BEIJING).date()
        return max(today, base) if case.legal_date else today
    if case.wait is None:
        return base
    elapsed = max((now - case.wait.opened_at).total_seconds(), 0.0) / working_day_seconds()
    days = math.floor(elapsed)
    today = default_calendar().add_working_days(base, days) if days else base
    if case.wait.due is not None and today > case.wait.due:
        return case.wait.due  # the workflow's timeout, not this estimate, ends the period
    return today


def day_after_deadline(due: date) -> date:
    """The first working day after a period ended: the date of what customs does then."""
    return default_calendar().add_working_days(due, 1)


def timeout_seconds(case: Case, due: date, now: datetime | None = None) -> float | int:
    """How long a callback waits for a party whose period ends at the end of ``due``."""
    now = now or datetime.now(UTC)
    seconds = working_day_seconds()
    if seconds <= 0:
        end = datetime.combine(due + timedelta(days=1), time(0), tzinfo=BEIJING)
        return max(math.ceil((end - now).total_seconds()), MIN_TIMEOUT_SECONDS)
    today = case.legal_date or case.started_on
    remaining = default_calendar().working_days_between(today, due) + 1
    if seconds >= 1:
        return max(math.ceil(remaining * seconds), MIN_TIMEOUT_SECONDS)
    return round(remaining * seconds, 3)

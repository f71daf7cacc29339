"""The legal receipt date of an answer: when it reached customs, not when we processed it.

- An uploaded reply or application: the S3 event time of its object version (the moment
  the bytes were stored), converted to Beijing time. A backlog in the queue, a retry, or a
  dead-letter redrive days later never moves it.
- An officer's input: the ``received_on`` the officer enters (the day the paper reached
  the office), else the legal today.

Under the virtual clock (local stack, demo, simulate, tests) an answer counts as received
on the clock's date: the clock never moves while an upload is still being processed
(advancing it first waits for the stack to settle), so processing time cannot make it late.

**Grace.** A wait for a party ends at 24:00 Beijing time of the due date; a reply stored at
23:59 may still sit in the queue then. So the callback waits ``grace_seconds()`` longer
than the legal period (``RECEIPT_GRACE_SECONDS``, default 6 hours; none under the virtual
clock, which settles the stack before it fires a deadline): the deadline timer fires that
much after 24:00 (``cases.timers``), so a reply received in time and processed within the grace is
accepted, one received after the due date is refused as late by its own receipt date. A
timely reply processed after even the grace (a dead-letter redrive days later) is refused
with the reason ``timely_but_period_closed`` — never called late — and logged at ERROR for
an officer to act on.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from customs_ipr.cases import clock
from customs_ipr.cases.model import Case

DEFAULT_GRACE_SECONDS = 6 * 3600


def parse_event_time(value: str | None) -> datetime | None:
    """An S3 ``eventTime`` (``2026-09-16T03:00:00.123Z``) as an aware datetime, or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def beijing_date(at: datetime) -> date:
    return at.astimezone(clock.BEIJING).date()


def legal_receipt_date(case: Case, received_at: datetime | None) -> date:
    """The date an answer received at ``received_at`` counts as received for ``case``."""
    if received_at is None or clock.is_virtual():
        return clock.legal_today(case)
    return beijing_date(received_at)


def grace_seconds() -> float:
    """How much longer than the legal period a wait stays open (see the docstring)."""
    if clock.is_virtual():
        return 0.0
    return float(os.environ.get("RECEIPT_GRACE_SECONDS", str(DEFAULT_GRACE_SECONDS)))

"""Renewal and validity dates: pure date maths and the checks of a renewal, no store.

A recordation is valid 10 years from approval, cut to the IP's own expiry; it may be
renewed in the 6 months before it lapses; the new term follows the current one (see the
package docstring).
"""

from __future__ import annotations

import calendar as _gregorian
from datetime import date, timedelta

from customs_ipr.deadlines import add_months
from customs_ipr.errors import Conflict, CustomsIprError, InvalidInput
from customs_ipr.recordations.lifecycle_store import RecordationLife, Renewal
from customs_ipr.recordations.models import Recordation, RecordationStatus

VALIDITY_MONTHS = 120
RENEWAL_WINDOW_MONTHS = 6


def subtract_months(day: date, months: int) -> date:
    """Same day of the month ``months`` earlier, clamped to the month's end (31 Aug → 28 Feb)."""
    if months < 1:
        raise CustomsIprError(
            f"A period must be at least one month, not {months}.", code="invalid_period"
        )
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _gregorian.monthrange(year, month)[1]))


def renewal_window_opens(valid_until: date) -> date:
    """The first day a renewal may be applied for: 6 months before the recordation lapses."""
    return subtract_months(valid_until, RENEWAL_WINDOW_MONTHS)


def reminder_horizon(today: date) -> date:
    """The latest expiry whose renewal window may open today (a few days' margin)."""
    return add_months(today, RENEWAL_WINDOW_MONTHS) + timedelta(days=3)


def term_until(start: date, ip_expires_on: date | None) -> date:
    """10 years from ``start`` (same date), never past the IP's own expiry."""
    ten_years = add_months(start, VALIDITY_MONTHS)
    return min(ten_years, ip_expires_on) if ip_expires_on else ten_years


def check_window(current: Recordation, applied_on: date) -> None:
    """A renewal is applied for while the recordation is in force, inside its window."""
    number = current.recordation_no
    if current.status is not RecordationStatus.ACTIVE or current.valid_until < applied_on:
        raise Conflict(
            f"Recordation {number} lapsed on {current.valid_until.isoformat()}; a lapsed "
            "recordation cannot be renewed, apply anew."
        )
    opens = renewal_window_opens(current.valid_until)
    if applied_on < opens:
        raise Conflict(
            f"Recordation {number} can be renewed from {opens.isoformat()} (6 months before "
            f"it lapses on {current.valid_until.isoformat()})."
        )


def next_term(
    current: Recordation, life: RecordationLife, applied_on: date, ip_expires_on: date | None
) -> Renewal:
    """The renewal's new term: from the day after the current one, 10 years, within the right."""
    number = current.recordation_no
    if life.pending_renewal is not None:
        raise Conflict(
            f"Recordation {number} is already renewed until "
            f"{life.pending_renewal.new_until.isoformat()}."
        )
    expiry = ip_expires_on or life.ip_expires_on
    if expiry is None:
        raise InvalidInput(
            f"The expiry of the right recorded as {number} is not on file; give it "
            "(--ip-expires-on) with the renewal."
        )
    if expiry <= current.valid_until:
        raise Conflict(
            f"The right itself expires on {expiry.isoformat()}, not after the recordation; "
            "renew the right first, then give its new expiry."
        )
    return Renewal(
        applied_on=applied_on,
        new_from=current.valid_until + timedelta(days=1),
        new_until=term_until(current.valid_until, expiry),
        ip_expires_on=expiry,
    )


def renewed_term(current: Recordation, renewal: Renewal) -> Recordation:
    """The recordation on the renewal's first day (``valid_from`` stays the first approval)."""
    renewed = current.model_copy(
        update={
            "term_from": renewal.new_from,
            "valid_until": renewal.new_until,
            "status": RecordationStatus.ACTIVE,
        }
    )
    return Recordation.model_validate(renewed.model_dump())

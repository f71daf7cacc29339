"""Legal deadlines: named rules with their legal basis, counted on the PRC working-day calendar.

Counting follows Implementing Measures Art. 41: a period starts on the day after the
notice is served and "within N working days" ends at the end of the N-th working day
after the day of service. A period in months ends on the same day of the month N months
later, clamped to the last day of a shorter month (31 Aug + 3 months → 30 Nov).
"""

from __future__ import annotations

import calendar as _gregorian
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import BaseModel

from customs_ipr.calendar import WorkingDayCalendar, default_calendar
from customs_ipr.errors import CustomsIprError


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    MONTHS = "months"


@dataclass(frozen=True)
class DeadlineRule:
    name: str
    count: int
    unit: Unit
    basis: str
    description: str
    counted_from: str


# Implementing Measures = 《中华人民共和国海关关于〈中华人民共和国知识产权海关保护条例〉的实施办法》
# Regulations = 《中华人民共和国知识产权海关保护条例》
RULES: dict[str, DeadlineRule] = {
    rule.name: rule
    for rule in (
        DeadlineRule(
            "ip_status_declaration",
            3,
            Unit.WORKING_DAYS,
            "Implementing Measures Art. 21 ¶1",
            "consignee/consignor declares the IP status of the goods (period set by customs; "
            "this office sets 3 working days)",
            "service of the requirement",
        ),
        DeadlineRule(
            "holder_reply",
            3,
            Unit.WORKING_DAYS,
            "Implementing Measures Art. 22",
            "holder applies for detention with a guarantee, or explains in writing",
            "service of the notice of suspended release",
        ),
        DeadlineRule(
            "undetermined_notice",
            30,
            Unit.WORKING_DAYS,
            "Implementing Measures Art. 28",
            "customs notifies holder and consignee that infringement cannot be determined",
            "detention",
        ),
        DeadlineRule(
            "court_assistance",
            50,
            Unit.WORKING_DAYS,
            "Implementing Measures Art. 29",
            "customs receives the people's court's assistance notice, or releases the goods",
            "detention",
        ),
        DeadlineRule(
            "court_assistance_on_application",
            20,
            Unit.WORKING_DAYS,
            "Regulations Art. 24 (upon application)",
            "detention upon the holder's application: court assistance notice, or release",
            "detention",
        ),
        DeadlineRule(
            "recordation_decision",
            30,
            Unit.WORKING_DAYS,
            "Regulations Art. 8",
            "GAC decides whether to approve a recordation application",
            "receipt of the complete application",
        ),
        DeadlineRule(
            "recordation_change",
            30,
            Unit.WORKING_DAYS,
            "Regulations Art. 11",
            "holder files a change to a recorded right",
            "the change",
        ),
        DeadlineRule(
            "confiscation_after_announcement",
            3,
            Unit.MONTHS,
            "Implementing Measures Art. 32",
            "goods of unidentified parties may be confiscated",
            "the public announcement",
        ),
    )
}


class Deadline(BaseModel):
    """A computed legal date, with what it is and why."""

    rule: str | None
    basis: str | None
    start: date
    count: int
    unit: Unit
    due: date
    calendar_source: str | None = None


def add_months(start: date, months: int) -> date:
    """Same day of the month ``months`` later, clamped to the month's end."""
    if months < 1:
        raise CustomsIprError(
            f"A period must be at least one month, not {months}.", code="invalid_period"
        )
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = _gregorian.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def due_in_working_days(
    served: date, count: int, calendar: WorkingDayCalendar | None = None
) -> Deadline:
    cal = calendar or default_calendar()
    due = cal.add_working_days(served, count)
    source = ", ".join(sorted({cal.source_of(served.year), cal.source_of(due.year)}))
    return Deadline(
        rule=None,
        basis=None,
        start=served,
        count=count,
        unit=Unit.WORKING_DAYS,
        due=due,
        calendar_source=source,
    )


def due_in_months(start: date, months: int) -> Deadline:
    return Deadline(
        rule=None,
        basis=None,
        start=start,
        count=months,
        unit=Unit.MONTHS,
        due=add_months(start, months),
    )


def get_rule(name: str) -> DeadlineRule:
    try:
        return RULES[name]
    except KeyError:
        known = ", ".join(sorted(RULES))
        raise CustomsIprError(
            f"Unknown deadline rule {name!r}; known rules: {known}.", code="unknown_rule"
        ) from None


def compute(rule_name: str, start: date, calendar: WorkingDayCalendar | None = None) -> Deadline:
    """The due date of a named rule, counted from ``start`` (service, detention, ...)."""
    rule = get_rule(rule_name)
    if rule.unit is Unit.WORKING_DAYS:
        deadline = due_in_working_days(start, rule.count, calendar)
    else:
        deadline = due_in_months(start, rule.count)
    return deadline.model_copy(update={"rule": rule.name, "basis": rule.basis})

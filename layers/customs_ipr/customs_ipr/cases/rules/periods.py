"""The periods the case workflow keeps: the office's own lengths, what answers each wait,
and the deadline record a computed period becomes."""

from __future__ import annotations

from datetime import date
from typing import Any

from customs_ipr.cases.model import CaseDeadline
from customs_ipr.deadlines import Deadline

LOCAL_RULES: dict[str, tuple[int, str, str]] = {
    "personal_renunciation": (
        3,
        "Implementing Measures Art. 31",
        "the person may renounce the detained items or explain in writing (this office "
        "sets 3 working days from the detention notice)",
    ),
}
"""Periods this office sets itself where the law leaves the length to customs."""

WAIT_ACCEPTS: dict[str, list[str]] = {
    "ip_status_declaration": ["ip_status_declaration"],
    "holder_reply": ["holder_reply"],
    "investigation": [
        "investigation_result",
        "settlement",
        "penalty_decision",
        "court_notice",
        "renunciation",
    ],
    "court_notice": ["court_notice", "settlement", "counter_guarantee", "renunciation"],
    "personal_renunciation": ["renunciation"],
    "claim": ["party_identified"],
}
"""Which inputs may answer each kind of wait (checked before the task token is used)."""


def case_deadline(computed: Deadline, rule: str, *, start: date | None = None) -> CaseDeadline:
    """The deadline record of a computed period (``start`` overrides the counted start)."""
    return CaseDeadline(
        rule=rule,
        basis=computed.basis,
        start=start or computed.start,
        due=computed.due,
        count=computed.count,
        unit=str(computed.unit),
    )


def due_basis(deadline: CaseDeadline) -> dict[str, Any]:
    """How a notice states the due date of a period it starts."""
    return {
        "due_date": deadline.due.isoformat(),
        "due_basis_en": f"{deadline.basis}: {deadline.count} {deadline.unit.replace('_', ' ')}",
        "due_basis_zh": deadline.basis,
    }

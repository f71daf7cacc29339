"""Changes to a recorded right, in steps: the change's form, the changed recordation, the filing.

A change is filed within 30 working days of the change (rule ``recordation_change``); a
change filed later is still recorded, flagged ``late``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from customs_ipr.calendar import WorkingDayCalendar
from customs_ipr.errors import Conflict, InvalidInput
from customs_ipr.recordations.lifecycle.common import (
    LifecycleRecords,
    deadline,
    find_recordation,
)
from customs_ipr.recordations.lifecycle_store import ChangeFiling
from customs_ipr.recordations.models import Recordation, RecordationStatus
from customs_ipr.recordations.store import RecordationStore
from customs_ipr.text.normalize import normalize_company

logger = Logger(child=True)

CHANGEABLE_FIELDS = ("holder", "agent", "goods", "aliases", "licensees", "known_infringers")
_CHANGE_KEYS = {"changed_on", "filed_on", "description", "set", "add_licensees", "remove_licensees"}


def _trader_matches(trader: dict[str, Any], name_or_code: str) -> bool:
    if trader.get("code") and str(trader["code"]).strip().upper() == name_or_code.strip().upper():
        return True
    return normalize_company(str(trader.get("name") or "")) == normalize_company(name_or_code)


def _date_problem(value: Any, problem: str, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(problem)
        return None


def change_form(
    change: dict[str, Any], given_filed_on: date | None, today: date
) -> tuple[date, date, dict[str, Any]]:
    """The change's dates and field updates; every problem of its form named at once.

    The filing date is the one given by the caller, else the change's own ``filed_on``,
    else today."""
    problems: list[str] = []
    unknown = sorted(set(change) - _CHANGE_KEYS)
    if unknown:
        problems.append(f"a change does not take {', '.join(unknown)}")
    changed_on = _date_problem(
        change.get("changed_on"),
        "a change needs changed_on, the date it happened (YYYY-MM-DD)",
        problems,
    )
    filed_on = given_filed_on or today
    if change.get("filed_on") and given_filed_on is None:
        own = _date_problem(change["filed_on"], "filed_on must be a date (YYYY-MM-DD)", problems)
        filed_on = own or filed_on
    if changed_on is not None and changed_on > filed_on:
        problems.append("a change cannot be filed before it happened")
    updates = dict(change.get("set") or {})
    bad = sorted(set(updates) - set(CHANGEABLE_FIELDS))
    if bad:
        problems.append(f"only {', '.join(CHANGEABLE_FIELDS)} can be changed, not {', '.join(bad)}")
    if problems or changed_on is None:
        raise InvalidInput("The change is not valid: " + "; ".join(problems) + ".")
    return changed_on, filed_on, updates


def changed_recordation(
    current: Recordation, change: dict[str, Any], updates: dict[str, Any]
) -> Recordation:
    """The recordation after the change; every problem of the change named at once."""
    problems: list[str] = []
    doc = current.model_dump(mode="json")
    doc.update(updates)
    licensees = list(doc.get("licensees") or [])
    for removal in change.get("remove_licensees") or []:
        kept = [t for t in licensees if not _trader_matches(t, str(removal))]
        if len(kept) == len(licensees):
            problems.append(f"{removal} is not a recorded licensee of {current.recordation_no}")
        licensees = kept
    doc["licensees"] = licensees + list(change.get("add_licensees") or [])
    updated = None
    try:
        updated = Recordation.model_validate(doc)
    except ValidationError as error:
        problems += [
            ".".join(str(p) for p in e["loc"]) + ": " + str(e["msg"]) for e in error.errors()
        ]
    if problems or updated is None:
        raise InvalidInput("The change is not valid: " + "; ".join(problems) + ".")
    return updated


def changed_fields(current: Recordation, updated: Recordation) -> list[str]:
    fields = sorted(
        name for name in CHANGEABLE_FIELDS if getattr(updated, name) != getattr(current, name)
    )
    if not fields:
        raise InvalidInput("The change does not alter the recordation.")
    return fields


class Changes:
    """Files changes over the given stores."""

    def __init__(
        self,
        recordations: RecordationStore,
        records: LifecycleRecords,
        calendar: WorkingDayCalendar | None,
        today: Callable[[], date],
    ) -> None:
        self.recordations = recordations
        self.records = records
        self.calendar = calendar
        self.today = today

    def file(
        self, recordation_no: str, change: Any, *, filed_on: date | None = None
    ) -> ChangeFiling:
        """Apply a change to a recorded right; record when it happened, was filed, and if late.

        ``change``: ``{"changed_on": "YYYY-MM-DD", "description": "...", "set": {field: value},
        "add_licensees": [{"name", "code"}], "remove_licensees": ["name or code"]}``.
        """
        if not isinstance(change, dict):
            raise InvalidInput("A change must be a JSON object.")
        changed_on, filed_on, updates = change_form(change, filed_on, self.today())
        current = find_recordation(self.recordations, recordation_no)
        if current.status is not RecordationStatus.ACTIVE or current.valid_until < filed_on:
            raise Conflict(
                f"Recordation {current.recordation_no} is no longer in force; apply anew."
            )
        updated = changed_recordation(current, change, updates)
        fields = changed_fields(current, updated)
        due, _basis, problem = deadline("recordation_change", changed_on, self.calendar)
        filing = ChangeFiling(
            change_id=self._change_id(filed_on),
            recordation_no=current.recordation_no,
            changed_on=changed_on,
            filed_on=filed_on,
            due=due,
            late=None if due is None else filed_on > due,
            fields=fields,
            description=change.get("description"),
            due_problem=problem,
        )
        self.recordations.save(updated, source=_history_note(filing))
        self.records.put_change(filing)
        logger.info(
            "recordation change filed",
            recordation_no=current.recordation_no,
            change_id=filing.change_id,
            late=filing.late,
        )
        return filing

    def _change_id(self, filed_on: date) -> str:
        year = filed_on.year
        return f"CH{year}-{self.records.next_number('change', str(year)):05d}"


def _history_note(filing: ChangeFiling) -> str:
    note = (
        f"change {filing.change_id}: happened {filing.changed_on.isoformat()}, "
        f"filed {filing.filed_on.isoformat()}"
    )
    if filing.late:
        note += f", LATE (due {filing.due.isoformat() if filing.due else '?'})"
    return note

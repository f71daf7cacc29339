"""What the lifecycle's rooms share: the clock, the store and notifier interfaces, look-ups.

``LifecycleRecords`` is the part of ``lifecycle_store.LifecycleStore`` the rooms use and
``Notifier`` the part of ``lifecycle_notices.LifecycleNotifier``: each room is given them
(tests give in-memory fakes), none builds its own.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from customs_ipr.calendar import CalendarYearUnknown, WorkingDayCalendar
from customs_ipr.deadlines import compute
from customs_ipr.errors import NotFound
from customs_ipr.recordations.applications import ApplicationForm
from customs_ipr.recordations.lifecycle_notices import NoticeOutcome, Person
from customs_ipr.recordations.lifecycle_store import (
    ApplicationRecord,
    ChangeFiling,
    PreconfirmationRequest,
    RecordationLife,
)
from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.store import RecordationStore

CHINA = ZoneInfo("Asia/Shanghai")


def today_in_china() -> date:
    return datetime.now(CHINA).date()


class LifecycleRecords(Protocol):
    """The lifecycle's own records (``lifecycle_store.LifecycleStore`` in DynamoDB)."""

    def next_number(self, name: str, key: str) -> int: ...
    def put_application(self, record: ApplicationRecord) -> None: ...
    def get_application(self, number: str) -> ApplicationRecord | None: ...
    def open_applications(self) -> list[ApplicationRecord]: ...
    def put_life(self, life: RecordationLife) -> None: ...
    def get_life(self, number: str) -> RecordationLife | None: ...
    def pending_renewals(self) -> list[RecordationLife]: ...
    def put_change(self, filing: ChangeFiling) -> None: ...
    def changes(self, number: str) -> list[ChangeFiling]: ...
    def claim_reminder(self, number: str, valid_until: date, sent_on: date) -> bool: ...
    def release_reminder(self, number: str, valid_until: date) -> None: ...
    def expiring(self, until: date) -> list[tuple[str, date, str]]: ...
    def put_preconfirmation(self, request: PreconfirmationRequest) -> None: ...
    def get_preconfirmation(self, request_id: str) -> PreconfirmationRequest | None: ...
    def preconfirmations_for(self, recordation_no: str) -> list[PreconfirmationRequest]: ...


class Notifier(Protocol):
    """Issues one lifecycle notice (``lifecycle_notices.LifecycleNotifier``)."""

    def notify(
        self,
        kind: str,
        *,
        case_id: str,
        issued_on: date,
        addressee: Person,
        others: list[Person] | None = None,
        facts: dict[str, Any],
        due_date: date | None = None,
        due_basis_en: str | None = None,
    ) -> NoticeOutcome: ...


def find_recordation(recordations: RecordationStore, number: str) -> Recordation:
    recordation = recordations.get(number)
    if recordation is None:
        raise NotFound(f"There is no recordation {number.upper()}.")
    return recordation


def find_application(records: LifecycleRecords, number: str) -> ApplicationRecord:
    record = records.get_application(number)
    if record is None:
        raise NotFound(f"There is no application {number.upper()}.")
    return record


def deadline(
    rule: str, start: date, calendar: WorkingDayCalendar | None
) -> tuple[date | None, str | None, str | None]:
    """(due, basis, problem): a calendar gap is reported, never guessed."""
    try:
        found = compute(rule, start, calendar)
    except CalendarYearUnknown as error:
        return None, None, error.message
    return found.due, found.basis, None


def holder_people(
    data: dict[str, Any], form: ApplicationForm | None
) -> tuple[Person, list[Person]]:
    """The applicant (addressee) and the holder (copy) of an application's notices."""
    if form is not None:
        who = form.addressee()
        holder = Person(form.holder.name, form.holder.email, "holder")
        return Person(who.name, who.email, "applicant"), [holder]
    raw = data.get("applicant") or data.get("agent") or data.get("holder") or {}
    holder_data = data.get("holder") or {}
    if not isinstance(raw, dict):
        raw = {}
    addressee = Person(str(raw.get("name") or "the applicant"), raw.get("email"), "applicant")
    others = []
    if isinstance(holder_data, dict) and holder_data.get("email"):
        others.append(
            Person(str(holder_data.get("name") or "the holder"), holder_data["email"], "holder")
        )
    return addressee, others


def recordation_ref(data: dict[str, Any], number: str | None = None) -> dict[str, Any]:
    """How a notice names the recordation applied for (or granted, with its number)."""
    return {
        "recordation_no": number,
        "title": str(data.get("title") or "(no title given)"),
        "ip_type": data.get("ip_type") if isinstance(data.get("ip_type"), str) else None,
        "registration_no": data.get("registration_no"),
    }


def with_notice(record: ApplicationRecord, outcome: NoticeOutcome | None) -> ApplicationRecord:
    """The application with the notice's number, or the problem that kept it from going out."""
    if outcome is None:
        return record
    notices = [*record.notices, *([outcome.notice_no] if outcome.notice_no else [])]
    problems = [*record.notice_problems, *([outcome.problem] if outcome.problem else [])]
    return record.model_copy(update={"notices": notices, "notice_problems": problems})

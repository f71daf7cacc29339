"""The recordation lifecycle: applications, decisions, changes, renewals and the daily schedule.

Choices a holder or an officer should know (README material):

* **Receipt.** An application is received on the day it arrives (China time; for an
  upload, the object's time). A complete application's decision is due 30 working days
  later (rule ``recordation_decision``). When the working-day calendar does not know the
  due date's year, the application is still recorded as pending, with ``due_problem``
  saying why no date is shown; no receipt notice is sent until the date is known, and the
  daily schedule alerts officers about it every day.
* **Incomplete / rejected → resubmit.** A corrected application names the one it replaces
  (``resubmission_of``); it gets its own number, its own receipt date and a new
  30-working-day period. The old one is marked ``resubmitted``.
* **Numbers.** ``<letter><year of approval>-<5-digit sequence>`` with one atomic counter
  per letter and year: T trademark, P patent, C copyright, O Olympic symbol,
  E World Expo symbol.
* **Validity.** From the day of approval until the same date 10 years later
  (``deadlines.add_months``, the project's month convention), cut to the IP's own expiry.
* **Renewal.** Possible in the 6 months before the recordation lapses, i.e. from
  ``renewal_window_opens(valid_until)`` (same date 6 months earlier, clamped) up to and
  including ``valid_until``. The new term starts the day after the current one ends and
  runs until the same date 10 years after the old expiry, never past the IP's expiry. The
  new term is stored as a pending renewal and switched in by the daily schedule on its
  first day (run it just after midnight China time): ``valid_until`` moves to the new
  expiry, ``term_from`` to the new term's first day, and ``valid_from`` stays the first
  approval, as in the GAC's register. The holder is reminded once per term, on the first daily run
  inside the window.
* **Lapse.** The day after ``valid_until`` without a renewal the schedule marks the
  recordation ``lapsed``; screening already ignores it from that day by its dates.
* **Changes.** Filed within 30 working days of the change (rule ``recordation_change``);
  a change filed later is still recorded, flagged ``late``. Changes may set the holder,
  agent, goods, aliases, licensees or known infringers, or add / remove licensees.
* **Decision alerts.** Every open application whose decision is due within
  ``ALERT_WORKING_DAYS`` working days, or overdue, or whose date is unknown, is listed in one
  SNS alert per daily run.
"""

from __future__ import annotations

import calendar as _gregorian
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from customs_ipr.errors import Conflict, CustomsIprError, InvalidInput, NotFound
from customs_ipr.jsonutil import read_json_file
from customs_ipr.recordations.applications import ApplicationForm, check
from customs_ipr.recordations.lifecycle_notices import LifecycleNotifier, Person
from customs_ipr.recordations.lifecycle_store import (
    ApplicationRecord,
    ApplicationStatus,
    ChangeFiling,
    LifecycleStore,
    RecordationLife,
    Renewal,
    StoredDocument,
)
from customs_ipr.recordations.models import IpType, Recordation, RecordationStatus, Trader
from customs_ipr.recordations.store import RecordationStore
from customs_ipr.text.normalize import normalize_company

logger = Logger(child=True)

CHINA = ZoneInfo("Asia/Shanghai")
VALIDITY_MONTHS = 120
RENEWAL_WINDOW_MONTHS = 6
ALERT_WORKING_DAYS = 5
NUMBER_PREFIX: dict[IpType, str] = {
    IpType.TRADEMARK: "T",
    IpType.PATENT: "P",
    IpType.COPYRIGHT: "C",
    IpType.OLYMPIC_SYMBOL: "O",
    IpType.WORLD_EXPO_SYMBOL: "E",
}
CHANGEABLE_FIELDS = ("holder", "agent", "goods", "aliases", "licensees", "known_infringers")
DOCUMENTS_PREFIX = "lifecycle-documents/"
"""Where documents filed through the CLI or API are kept (not a prefix the ingest watches)."""


def today_in_china() -> date:
    return datetime.now(CHINA).date()


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


def term_until(start: date, ip_expires_on: date | None) -> date:
    """10 years from ``start`` (same date), never past the IP's own expiry."""
    from customs_ipr.deadlines import add_months

    ten_years = add_months(start, VALIDITY_MONTHS)
    return min(ten_years, ip_expires_on) if ip_expires_on else ten_years


@dataclass
class Decision:
    application: ApplicationRecord
    recordation: Recordation | None = None


def _holder_people(
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


def _recordation_ref(data: dict[str, Any], number: str | None = None) -> dict[str, Any]:
    return {
        "recordation_no": number,
        "title": str(data.get("title") or "(no title given)"),
        "ip_type": data.get("ip_type") if isinstance(data.get("ip_type"), str) else None,
        "registration_no": data.get("registration_no"),
    }


def _is_pdf(content: bytes) -> bool:
    return content[:5] == b"%PDF-"


class Lifecycle:
    """Applications, decisions, changes, renewals and the daily schedule, over both stores."""

    def __init__(
        self,
        recordations: RecordationStore | None = None,
        records: LifecycleStore | None = None,
        notifier: LifecycleNotifier | None = None,
        calendar: Any = None,
        today: Callable[[], date] = today_in_china,
    ) -> None:
        if recordations is None:
            from customs_ipr.recordations.store import default_store

            recordations = default_store()
        self.recordations = recordations
        self.records = records or LifecycleStore()
        self.notifier = notifier or LifecycleNotifier()
        self.calendar = calendar
        self.today = today

    # ------------------------------------------------------------------ helpers
    def _deadline(self, rule: str, start: date) -> tuple[date | None, str | None, str | None]:
        """(due, basis, problem): a calendar gap is reported, never guessed."""
        from customs_ipr.calendar import CalendarYearUnknown
        from customs_ipr.deadlines import compute

        try:
            deadline = compute(rule, start, self.calendar)
        except CalendarYearUnknown as error:
            return None, None, error.message
        return deadline.due, deadline.basis, None

    def _recordation(self, number: str) -> Recordation:
        recordation = self.recordations.get(number)
        if recordation is None:
            raise NotFound(f"There is no recordation {number.upper()}.")
        return recordation

    def _application(self, number: str) -> ApplicationRecord:
        record = self.records.get_application(number)
        if record is None:
            raise NotFound(f"There is no application {number.upper()}.")
        return record

    def _keep_documents(
        self, owner: str, documents: list[dict[str, Any]], attachments: dict[str, bytes]
    ) -> list[StoredDocument]:
        """Archive attached PDFs under ``lifecycle-documents/<owner>/`` and describe them."""
        from customs_ipr import aws
        from customs_ipr.config import get_settings

        bucket = get_settings().documents_bucket
        stored = []
        for document in documents:
            name = str(document.get("file") or "")
            content = attachments.get(name)
            location = None
            if content is not None and _is_pdf(content):
                key = f"{DOCUMENTS_PREFIX}{owner}/{Path(name).name}"
                aws.client("s3").put_object(
                    Bucket=bucket, Key=key, Body=content, ContentType="application/pdf"
                )
                location = f"s3://{bucket}/{key}"
            stored.append(
                StoredDocument(
                    kind=str(document.get("kind") or ""),
                    file=name,
                    licensee=document.get("licensee"),
                    location=location,
                    sha256=hashlib.sha256(content).hexdigest() if content is not None else None,
                    size=len(content) if content is not None else None,
                )
            )
        return stored

    # ------------------------------------------------------------------ applications
    def receive_application(
        self,
        data: Any,
        attachments: dict[str, bytes],
        *,
        source: str,
        received_on: date | None = None,
        archived: dict[str, str] | None = None,
    ) -> ApplicationRecord:
        """Record an application, check it at once and send the receipt / incompleteness notice.

        ``attachments`` maps file names to their bytes. ``archived`` maps file names to
        where they already are (an upload's own S3 objects); others are archived here.
        """
        if not isinstance(data, dict):
            raise InvalidInput("An application must be a JSON object.")
        received_on = received_on or self.today()
        pdfs = {name for name, content in attachments.items() if _is_pdf(content)}
        form, missing = check(data, pdfs)
        not_pdf = sorted(set(attachments) - pdfs)
        missing += [f"the attached file {name} is not a PDF" for name in not_pdf]
        if not_pdf:
            form = None
        previous = None
        if data.get("resubmission_of"):
            previous = self._application(str(data["resubmission_of"]))
            if previous.status not in (ApplicationStatus.INCOMPLETE, ApplicationStatus.REJECTED):
                raise Conflict(
                    f"Application {previous.application_no} is {previous.status.value}; only an "
                    "incomplete or rejected application can be resubmitted."
                )
        sequence = self.records.next_number("application", str(received_on.year))
        number = f"A{received_on.year}-{sequence:06d}"
        raw_documents = data.get("documents")
        documents = [d for d in raw_documents or [] if isinstance(d, dict)]
        if archived is not None:
            stored = [
                StoredDocument(
                    kind=str(d.get("kind") or ""),
                    file=str(d.get("file") or ""),
                    licensee=d.get("licensee"),
                    location=archived.get(str(d.get("file") or "")),
                    sha256=hashlib.sha256(attachments[d["file"]]).hexdigest()
                    if d.get("file") in attachments
                    else None,
                )
                for d in documents
            ]
        else:
            stored = self._keep_documents(number, documents, attachments)
        record = ApplicationRecord(
            application_no=number,
            status=ApplicationStatus.PENDING if form else ApplicationStatus.INCOMPLETE,
            received_on=received_on,
            source=source,
            data=data,
            documents=stored,
            missing=missing,
            resubmission_of=previous.application_no if previous else None,
        )
        addressee, others = _holder_people(data, form)
        facts: dict[str, Any] = {
            "application_no": number,
            "received_on": received_on,
            "recordation": _recordation_ref(data),
        }
        if form is not None:
            due, basis, problem = self._deadline("recordation_decision", received_on)
            record = record.model_copy(
                update={"decision_due": due, "decision_basis": basis, "due_problem": problem}
            )
            if due is None:
                outcome = None
                record.notice_problems.append(
                    "receipt notice not sent: the decision date cannot be computed yet"
                )
            else:
                outcome = self.notifier.notify(
                    "recordation_received",
                    case_id=number,
                    issued_on=received_on,
                    addressee=addressee,
                    others=others,
                    facts=facts,
                    due_date=due,
                    due_basis_en=f"{basis}: 30 working days from receipt of the application",
                )
        else:
            outcome = self.notifier.notify(
                "recordation_incomplete",
                case_id=number,
                issued_on=received_on,
                addressee=addressee,
                others=others,
                facts={**facts, "missing_items": missing},
            )
        if outcome is not None:
            if outcome.notice_no:
                record.notices.append(outcome.notice_no)
            if outcome.problem:
                record.notice_problems.append(outcome.problem)
        self.records.put_application(record)
        if previous is not None:
            self.records.put_application(
                previous.model_copy(
                    update={"status": ApplicationStatus.RESUBMITTED, "resubmitted_as": number}
                )
            )
        logger.info(
            "recordation application received",
            application_no=number,
            status=record.status.value,
            missing=len(missing),
            decision_due=record.decision_due.isoformat() if record.decision_due else None,
        )
        return record

    def receive_application_file(
        self, path: str | Path, *, received_on: date | None = None
    ) -> ApplicationRecord:
        """An application JSON on disk; its PDFs are read from the same folder."""
        path = Path(path)
        data = read_json_file(path, what="application file")
        attachments = read_local_attachments(data, path.parent)
        return self.receive_application(
            data, attachments, source=f"file:{path.name}", received_on=received_on
        )

    def receive_application_from_s3(
        self,
        bucket: str,
        key: str,
        version_id: str | None = None,
        received_on: date | None = None,
    ) -> ApplicationRecord | None:
        """An application uploaded as ``applications/<folder>/<name>.json``.

        Its PDFs are the objects in the same folder (upload them first, the JSON last). A
        PDF upload itself is an attachment and returns None; the JSON carries it. The JSON
        is read at ``version_id`` (the event's version) and received on ``received_on``
        (the event time's Beijing date), else on its LastModified date.
        """
        from customs_ipr import aws

        if not key.lower().endswith(".json"):
            return None
        s3 = aws.client("s3")
        pinned = {"VersionId": version_id} if version_id else {}
        obj = s3.get_object(Bucket=bucket, Key=key, **pinned)
        received_on = received_on or obj["LastModified"].astimezone(CHINA).date()
        try:
            data = json.loads(obj["Body"].read().decode("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise InvalidInput(f"The application {key} is not valid JSON ({error}).") from None
        folder = key.rsplit("/", 1)[0] + "/"
        wanted = {
            str(d.get("file"))
            for d in (data.get("documents") or [] if isinstance(data, dict) else [])
            if isinstance(d, dict) and d.get("file")
        }
        attachments: dict[str, bytes] = {}
        archived: dict[str, str] = {}
        for name in sorted(wanted):
            if "/" in name or name.startswith("."):
                continue
            try:
                body = s3.get_object(Bucket=bucket, Key=folder + name)["Body"].read()
            except s3.exceptions.NoSuchKey:
                continue
            attachments[name] = body
            archived[name] = f"s3://{bucket}/{folder}{name}"
        return self.receive_application(
            data,
            attachments,
            source=f"s3://{bucket}/{key}",
            received_on=received_on,
            archived=archived,
        )

    def get_application(self, number: str) -> ApplicationRecord:
        return self._application(number)

    def open_applications(self) -> list[ApplicationRecord]:
        return self.records.open_applications()

    def decide(
        self,
        application_no: str,
        *,
        approve: bool,
        reasons: list[str] | None = None,
        decided_on: date | None = None,
    ) -> Decision:
        """Approve (creating the recordation) or reject (with reasons) a pending application."""
        record = self._application(application_no)
        if record.status is not ApplicationStatus.PENDING:
            raise Conflict(
                f"Application {record.application_no} is {record.status.value}; only a complete "
                "application awaiting a decision can be decided."
            )
        reasons = [r.strip() for r in reasons or [] if r and r.strip()]
        decided_on = decided_on or self.today()
        if decided_on < record.received_on:
            raise InvalidInput("A decision cannot be dated before the application was received.")
        form = ApplicationForm.model_validate(record.data)
        addressee, others = _holder_people(record.data, form)
        late = bool(record.decision_due and decided_on > record.decision_due)
        if not approve:
            if not reasons:
                raise InvalidInput("A rejection must state its reasons (--reason).")
            outcome = self.notifier.notify(
                "recordation_rejection",
                case_id=record.application_no,
                issued_on=decided_on,
                addressee=addressee,
                others=others,
                facts={
                    "application_no": record.application_no,
                    "recordation": _recordation_ref(record.data),
                    "reasons": reasons,
                },
            )
            record = self._after_notice(record, outcome).model_copy(
                update={
                    "status": ApplicationStatus.REJECTED,
                    "decided_on": decided_on,
                    "decided_late": late,
                    "reasons": reasons,
                }
            )
            self.records.put_application(record)
            logger.info("recordation application rejected", application_no=record.application_no)
            return Decision(record)
        if form.ip_expires_on <= decided_on:
            raise Conflict(
                f"The right expired on {form.ip_expires_on.isoformat()}; an expired right cannot "
                "be recorded (reject the application)."
            )
        prefix = NUMBER_PREFIX[form.ip_type]
        sequence = self.records.next_number("recordation", f"{prefix}{decided_on.year}")
        number = f"{prefix}{decided_on.year}-{sequence:05d}"
        recordation = Recordation(
            recordation_no=number,
            ip_type=form.ip_type,
            title=form.title,
            aliases=form.aliases,
            registration_no=form.registration_no,
            holder=form.holder,
            agent=form.agent,
            goods=form.goods,
            licensees=form.licensees,
            known_infringers=form.known_infringers,
            valid_from=decided_on,
            valid_until=term_until(decided_on, form.ip_expires_on),
        )
        self.recordations.save(recordation, source=f"application {record.application_no} approved")
        self.records.put_life(
            RecordationLife(
                recordation_no=number,
                ip_expires_on=form.ip_expires_on,
                application_no=record.application_no,
            )
        )
        outcome = self.notifier.notify(
            "recordation_approval",
            case_id=record.application_no,
            issued_on=decided_on,
            addressee=addressee,
            others=others,
            facts={
                "application_no": record.application_no,
                "recordation": _recordation_ref(record.data, number),
                "valid_from": recordation.valid_from,
                "valid_until": recordation.valid_until,
            },
        )
        record = self._after_notice(record, outcome).model_copy(
            update={
                "status": ApplicationStatus.APPROVED,
                "decided_on": decided_on,
                "decided_late": late,
                "reasons": reasons,
                "recordation_no": number,
            }
        )
        self.records.put_application(record)
        logger.info(
            "recordation application approved",
            application_no=record.application_no,
            recordation_no=number,
        )
        return Decision(record, recordation)

    @staticmethod
    def _after_notice(record: ApplicationRecord, outcome: Any) -> ApplicationRecord:
        notices = [*record.notices, *([outcome.notice_no] if outcome.notice_no else [])]
        problems = [*record.notice_problems, *([outcome.problem] if outcome.problem else [])]
        return record.model_copy(update={"notices": notices, "notice_problems": problems})

    # ------------------------------------------------------------------ changes
    def file_change(
        self, recordation_no: str, change: Any, *, filed_on: date | None = None
    ) -> ChangeFiling:
        """Apply a change to a recorded right; record when it happened, was filed, and if late.

        ``change``: ``{"changed_on": "YYYY-MM-DD", "description": "...", "set": {field: value},
        "add_licensees": [{"name", "code"}], "remove_licensees": ["name or code"]}``.
        """
        if not isinstance(change, dict):
            raise InvalidInput("A change must be a JSON object.")
        changed_on, filed_on, updates = _change_form(change, filed_on, self.today())
        current = self._recordation(recordation_no)
        if current.status is not RecordationStatus.ACTIVE or current.valid_until < filed_on:
            raise Conflict(
                f"Recordation {current.recordation_no} is no longer in force; apply anew."
            )
        problems: list[str] = []
        doc = current.model_dump(mode="json")
        doc.update(updates)
        licensees = list(doc.get("licensees") or [])
        for removal in change.get("remove_licensees") or []:
            kept = [t for t in licensees if not _trader_matches(t, str(removal))]
            if len(kept) == len(licensees):
                problems.append(f"{removal} is not a recorded licensee of {current.recordation_no}")
            licensees = kept
        licensees += list(change.get("add_licensees") or [])
        doc["licensees"] = licensees
        try:
            updated = Recordation.model_validate(doc)
        except ValidationError as error:
            problems += [
                ".".join(str(p) for p in e["loc"]) + ": " + str(e["msg"]) for e in error.errors()
            ]
        if problems:
            raise InvalidInput("The change is not valid: " + "; ".join(problems) + ".")
        fields = sorted(
            name for name in CHANGEABLE_FIELDS if getattr(updated, name) != getattr(current, name)
        )
        if not fields:
            raise InvalidInput("The change does not alter the recordation.")
        due, _basis, problem = self._deadline("recordation_change", changed_on)
        late = None if due is None else filed_on > due
        year = filed_on.year
        change_id = f"CH{year}-{self.records.next_number('change', str(year)):05d}"
        note = (
            f"change {change_id}: happened {changed_on.isoformat()}, filed {filed_on.isoformat()}"
        )
        if late:
            note += f", LATE (due {due.isoformat() if due else '?'})"
        self.recordations.save(updated, source=note)
        filing = ChangeFiling(
            change_id=change_id,
            recordation_no=current.recordation_no,
            changed_on=changed_on,
            filed_on=filed_on,
            due=due,
            late=late,
            fields=fields,
            description=change.get("description"),
            due_problem=problem,
        )
        self.records.put_change(filing)
        logger.info(
            "recordation change filed",
            recordation_no=current.recordation_no,
            change_id=change_id,
            late=late,
        )
        return filing

    def changes(self, recordation_no: str) -> list[ChangeFiling]:
        return self.records.changes(recordation_no)

    # ------------------------------------------------------------------ renewals
    def renew(
        self,
        recordation_no: str,
        *,
        applied_on: date | None = None,
        ip_expires_on: date | None = None,
    ) -> Renewal:
        """Renew within the window; the new term follows the current one (see module doc)."""
        applied_on = applied_on or self.today()
        current = self._recordation(recordation_no)
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
        life = self.records.get_life(number) or RecordationLife(recordation_no=number)
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
        renewal = Renewal(
            applied_on=applied_on,
            new_from=current.valid_until + timedelta(days=1),
            new_until=term_until(current.valid_until, expiry),
            ip_expires_on=expiry,
        )
        self.records.put_life(
            life.model_copy(update={"ip_expires_on": expiry, "renewals": [*life.renewals, renewal]})
        )
        logger.info(
            "recordation renewed", recordation_no=number, new_until=renewal.new_until.isoformat()
        )
        return renewal

    def activate_renewals(self, today: date) -> list[str]:
        """Switch renewed recordations to their new term on its first day."""
        switched = []
        for life in self.records.pending_renewals():
            renewal = life.pending_renewal
            if renewal is None or renewal.new_from > today:
                continue
            current = self.recordations.get(life.recordation_no)
            if current is not None:
                renewed = current.model_copy(
                    update={  # valid_from stays the first approval (models.Recordation)
                        "term_from": renewal.new_from,
                        "valid_until": renewal.new_until,
                        "status": RecordationStatus.ACTIVE,
                    }
                )
                self.recordations.save(
                    Recordation.model_validate(renewed.model_dump()),
                    source=f"renewal applied for on {renewal.applied_on.isoformat()}",
                )
                switched.append(life.recordation_no)
            renewals = [
                r.model_copy(update={"activated": True}) if r == renewal else r
                for r in life.renewals
            ]
            self.records.put_life(life.model_copy(update={"renewals": renewals}))
        return switched

    def send_renewal_reminders(self, today: date) -> list[dict[str, Any]]:
        """Remind each holder once per term, on the first run inside the renewal window."""
        from customs_ipr.deadlines import add_months

        sent = []
        horizon = add_months(today, RENEWAL_WINDOW_MONTHS) + timedelta(days=3)
        for number, valid_until, status in self.records.expiring(horizon):
            if status != RecordationStatus.ACTIVE.value or valid_until < today:
                continue
            if renewal_window_opens(valid_until) > today:
                continue
            life = self.records.get_life(number)
            if life is not None and life.pending_renewal is not None:
                continue
            if not self.records.claim_reminder(number, valid_until, today):
                continue
            recordation = self._recordation(number)
            holder = Person(recordation.holder.name, recordation.holder.email, "holder")
            others = (
                [Person(recordation.agent.name, recordation.agent.email, "holder")]
                if recordation.agent
                else []
            )
            outcome = self.notifier.notify(
                "renewal_reminder",
                case_id=number,
                issued_on=today,
                addressee=holder,
                others=others,
                facts={
                    "recordation": {
                        "recordation_no": number,
                        "title": recordation.title,
                        "ip_type": recordation.ip_type.value,
                        "registration_no": recordation.registration_no,
                    },
                    "valid_until": valid_until,
                },
                due_date=valid_until,
                due_basis_en="Regulations Art. 10: renewal in the 6 months before the lapse",
            )
            if outcome.notice_no is None:
                self.records.release_reminder(number, valid_until)
            sent.append(
                {
                    "recordation_no": number,
                    "valid_until": valid_until,
                    "notice_no": outcome.notice_no,
                    "problem": outcome.problem,
                }
            )
        return sent

    def mark_lapsed(self, today: date) -> list[str]:
        """Mark recordations whose term ended before today (and not renewed) as lapsed."""
        lapsed = []
        for number, valid_until, status in self.records.expiring(today - timedelta(days=1)):
            if status != RecordationStatus.ACTIVE.value:
                continue
            life = self.records.get_life(number)
            if life is not None and life.pending_renewal is not None:
                continue
            current = self.recordations.get(number)
            if current is None or current.valid_until >= today:
                continue
            self.recordations.save(
                current.model_copy(update={"status": RecordationStatus.LAPSED}),
                source=f"lapsed after {valid_until.isoformat()} without renewal",
            )
            lapsed.append(number)
        return lapsed

    # ------------------------------------------------------------------ alerts
    def decision_alerts(self, today: date) -> list[dict[str, Any]]:
        """Open applications whose decision is due within a few working days, overdue or unknown."""
        from customs_ipr.calendar import CalendarYearUnknown, default_calendar

        calendar = self.calendar or default_calendar()
        alerts = []
        for record in self.records.open_applications():
            due = record.decision_due
            entry: dict[str, Any] = {
                "application_no": record.application_no,
                "title": record.title,
                "received_on": record.received_on,
                "decision_due": due,
            }
            if due is None:
                alerts.append({**entry, "state": "due_date_unknown", "detail": record.due_problem})
                continue
            if due < today:
                alerts.append({**entry, "state": "overdue"})
                continue
            try:
                left = calendar.working_days_between(today, due)
            except CalendarYearUnknown:
                left = None
            if left is None or left <= ALERT_WORKING_DAYS:
                alerts.append({**entry, "state": "due_soon", "working_days_left": left})
        return alerts

    def publish_alerts(self, alerts: list[dict[str, Any]], today: date) -> str | None:
        """One SNS message listing every alert of the run; returns its message id."""
        from customs_ipr import aws
        from customs_ipr.config import get_settings
        from customs_ipr.jsonutil import dumps

        topic = get_settings().alert_topic_arn
        if not alerts:
            return None
        if not topic:
            logger.warning("no alert topic configured", alerts=len(alerts))
            return None
        overdue = sum(1 for a in alerts if a["state"] == "overdue")
        answer = aws.client("sns").publish(
            TopicArn=topic,
            Subject=f"Recordation decisions: {len(alerts)} need attention ({overdue} overdue)"[:99],
            Message=dumps(
                {"kind": "recordation_decisions", "run_on": today, "applications": alerts}
            ),
        )
        return str(answer["MessageId"])

    def run_schedules(self, today: date | None = None) -> dict[str, Any]:
        """The daily run: switch renewals, mark lapses, send reminders, alert on decisions."""
        today = today or self.today()
        activated = self.activate_renewals(today)
        lapsed = self.mark_lapsed(today)
        reminders = self.send_renewal_reminders(today)
        alerts = self.decision_alerts(today)
        message_id = self.publish_alerts(alerts, today)
        logger.info(
            "lifecycle schedule run",
            run_on=today.isoformat(),
            renewals_activated=len(activated),
            lapsed=len(lapsed),
            reminders=len(reminders),
            alerts=len(alerts),
        )
        return {
            "run_on": today,
            "renewals_activated": activated,
            "lapsed": lapsed,
            "reminders": reminders,
            "alerts": alerts,
            "alert_message_id": message_id,
        }


def _trader_matches(trader: dict[str, Any], name_or_code: str) -> bool:
    if trader.get("code") and str(trader["code"]).strip().upper() == name_or_code.strip().upper():
        return True
    return normalize_company(str(trader.get("name") or "")) == normalize_company(name_or_code)


def read_local_attachments(data: Any, folder: Path) -> dict[str, bytes]:
    """The files an application (or request) names, read from ``folder`` when present."""
    attachments: dict[str, bytes] = {}
    documents = data.get("documents") if isinstance(data, dict) else None
    for document in documents or []:
        name = document.get("file") if isinstance(document, dict) else None
        if not name or Path(str(name)).name != name:
            continue
        candidate = folder / str(name)
        if candidate.is_file():
            attachments[str(name)] = candidate.read_bytes()
    return attachments


def trader_from(data: Any) -> Trader:
    try:
        return Trader.model_validate(data)
    except ValidationError:
        raise InvalidInput("A trader needs a name (and, where known, its customs code).") from None


def receive_application_from_s3(
    bucket: str, key: str, version_id: str | None = None, received_on: date | None = None
) -> dict[str, Any]:
    """For the ingest Lambda: a JSON-able summary of an ``applications/`` upload.

    A PDF (or any non-JSON) upload is an attachment, read when its application JSON arrives.
    """
    from customs_ipr.jsonutil import to_jsonable

    record = Lifecycle().receive_application_from_s3(bucket, key, version_id, received_on)
    if record is None:
        return {"application_status": "attachment", "note": "read with its application JSON"}
    return to_jsonable(
        {
            "application_no": record.application_no,
            "application_status": record.status,
            "received_on": record.received_on,
            "decision_due": record.decision_due,
            "due_problem": record.due_problem,
            "missing": record.missing,
            "notices": record.notices,
        }
    )


def _change_form(
    change: dict[str, Any], given_filed_on: date | None, today: date
) -> tuple[date, date, dict[str, Any]]:
    """The change's dates and field updates; every problem of its form named at once.

    The filing date is the one given by the caller, else the change's own ``filed_on``,
    else today."""
    problems: list[str] = []
    filed_on = given_filed_on or today
    allowed = {"changed_on", "filed_on", "description", "set", "add_licensees", "remove_licensees"}
    unknown = sorted(set(change) - allowed)
    if unknown:
        problems.append(f"a change does not take {', '.join(unknown)}")
    changed_on: date | None = None
    try:
        changed_on = date.fromisoformat(str(change.get("changed_on")))
    except ValueError:
        problems.append("a change needs changed_on, the date it happened (YYYY-MM-DD)")
    if change.get("filed_on") and given_filed_on is None:
        try:
            filed_on = date.fromisoformat(str(change["filed_on"]))
        except ValueError:
            problems.append("filed_on must be a date (YYYY-MM-DD)")
    if changed_on is not None and changed_on > filed_on:
        problems.append("a change cannot be filed before it happened")
    updates = dict(change.get("set") or {})
    bad = sorted(set(updates) - set(CHANGEABLE_FIELDS))
    if bad:
        problems.append(f"only {', '.join(CHANGEABLE_FIELDS)} can be changed, not {', '.join(bad)}")
    if problems or changed_on is None:
        raise InvalidInput("The change is not valid: " + "; ".join(problems) + ".")
    return changed_on, filed_on, updates

"""Receiving an application, in steps: check, number, keep its documents, date, notify, store.

Nothing here reads S3 or builds a client: the documents go through the given
``DocumentArchive`` (or are already archived, for an upload), the notice through the given
``Notifier``, the records into the given ``LifecycleRecords``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr.calendar import WorkingDayCalendar
from customs_ipr.errors import Conflict, InvalidInput
from customs_ipr.jsonutil import read_json_file
from customs_ipr.recordations.applications import ApplicationForm, check
from customs_ipr.recordations.lifecycle.common import (
    LifecycleRecords,
    Notifier,
    deadline,
    find_application,
    holder_people,
    recordation_ref,
    with_notice,
)
from customs_ipr.recordations.lifecycle.documents import (
    DocumentArchive,
    describe_archived,
    is_pdf,
    keep_documents,
    read_local_attachments,
)
from customs_ipr.recordations.lifecycle_notices import NoticeOutcome
from customs_ipr.recordations.lifecycle_store import (
    ApplicationRecord,
    ApplicationStatus,
    StoredDocument,
)

logger = Logger(child=True)


@dataclass(frozen=True)
class Checked:
    """An application's form after the completeness check: valid (``form``) or ``missing``."""

    form: ApplicationForm | None
    missing: list[str]


def check_application(data: dict[str, Any], attachments: dict[str, bytes]) -> Checked:
    """Step 1: every missing field and document named; an attachment that is no PDF as well."""
    pdfs = {name for name, content in attachments.items() if is_pdf(content)}
    form, missing = check(data, pdfs)
    not_pdf = sorted(set(attachments) - pdfs)
    missing += [f"the attached file {name} is not a PDF" for name in not_pdf]
    return Checked(None if not_pdf else form, missing)


def replaced_application(
    records: LifecycleRecords, data: dict[str, Any]
) -> ApplicationRecord | None:
    """Step 2: the incomplete or rejected application a resubmission replaces, if any."""
    if not data.get("resubmission_of"):
        return None
    previous = find_application(records, str(data["resubmission_of"]))
    if previous.status not in (ApplicationStatus.INCOMPLETE, ApplicationStatus.REJECTED):
        raise Conflict(
            f"Application {previous.application_no} is {previous.status.value}; only an "
            "incomplete or rejected application can be resubmitted."
        )
    return previous


class ApplicationIntake:
    """Receives applications over the given records, archive and notifier."""

    def __init__(
        self,
        records: LifecycleRecords,
        notifier: Notifier,
        archive: DocumentArchive,
        calendar: WorkingDayCalendar | None,
        today: Callable[[], date],
    ) -> None:
        self.records = records
        self.notifier = notifier
        self.archive = archive
        self.calendar = calendar
        self.today = today

    def receive(
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
        checked = check_application(data, attachments)
        previous = replaced_application(self.records, data)
        sequence = self.records.next_number("application", str(received_on.year))
        number = f"A{received_on.year}-{sequence:06d}"
        record = ApplicationRecord(
            application_no=number,
            status=ApplicationStatus.PENDING if checked.form else ApplicationStatus.INCOMPLETE,
            received_on=received_on,
            source=source,
            data=data,
            documents=self._documents(number, data, attachments, archived),
            missing=checked.missing,
            resubmission_of=previous.application_no if previous else None,
        )
        record = self._notify(self._with_due_date(record, checked.form), checked.form)
        self._store(record, previous)
        return record

    def receive_file(
        self, path: str | Path, *, received_on: date | None = None
    ) -> ApplicationRecord:
        """An application JSON on disk; its PDFs are read from the same folder."""
        path = Path(path)
        data = read_json_file(path, what="application file")
        attachments = read_local_attachments(data, path.parent)
        return self.receive(data, attachments, source=f"file:{path.name}", received_on=received_on)

    def _documents(
        self,
        number: str,
        data: dict[str, Any],
        attachments: dict[str, bytes],
        archived: dict[str, str] | None,
    ) -> list[StoredDocument]:
        """Step 3: the documents described, archived unless they already are."""
        documents = [d for d in data.get("documents") or [] if isinstance(d, dict)]
        if archived is not None:
            return describe_archived(documents, attachments, archived)
        return keep_documents(self.archive, number, documents, attachments)

    def _with_due_date(
        self, record: ApplicationRecord, form: ApplicationForm | None
    ) -> ApplicationRecord:
        """Step 4: a complete application's decision date, or why it cannot be known yet."""
        if form is None:
            return record
        due, basis, problem = deadline("recordation_decision", record.received_on, self.calendar)
        record = record.model_copy(
            update={"decision_due": due, "decision_basis": basis, "due_problem": problem}
        )
        if due is None:
            problems = [
                *record.notice_problems,
                "receipt notice not sent: the decision date cannot be computed yet",
            ]
            record = record.model_copy(update={"notice_problems": problems})
        return record

    def _notify(self, record: ApplicationRecord, form: ApplicationForm | None) -> ApplicationRecord:
        """Step 5: the receipt notice (once the date is known) or the incompleteness notice."""
        addressee, others = holder_people(record.data, form)
        facts: dict[str, Any] = {
            "application_no": record.application_no,
            "received_on": record.received_on,
            "recordation": recordation_ref(record.data),
        }
        common: dict[str, Any] = {
            "case_id": record.application_no,
            "issued_on": record.received_on,
            "addressee": addressee,
            "others": others,
        }
        outcome: NoticeOutcome | None = None
        if form is None:
            facts["missing_items"] = record.missing
            outcome = self.notifier.notify("recordation_incomplete", facts=facts, **common)
        elif record.decision_due is not None:
            outcome = self.notifier.notify(
                "recordation_received",
                facts=facts,
                due_date=record.decision_due,
                due_basis_en=f"{record.decision_basis}: 30 working days from receipt of the "
                "application",
                **common,
            )
        return with_notice(record, outcome)

    def _store(self, record: ApplicationRecord, previous: ApplicationRecord | None) -> None:
        """Step 6: the application kept; the one it replaces marked ``resubmitted``."""
        self.records.put_application(record)
        if previous is not None:
            self.records.put_application(
                previous.model_copy(
                    update={
                        "status": ApplicationStatus.RESUBMITTED,
                        "resubmitted_as": record.application_no,
                    }
                )
            )
        logger.info(
            "recordation application received",
            application_no=record.application_no,
            status=record.status.value,
            missing=len(record.missing),
            decision_due=record.decision_due.isoformat() if record.decision_due else None,
        )

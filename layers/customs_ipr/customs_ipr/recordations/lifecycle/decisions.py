"""Deciding an application, in steps: may it be decided, reject, or approve (number, record).

The recordation is saved in the given ``RecordationStore``, the application and the
recordation's life in the given ``LifecycleRecords``, the notice goes through the given
``Notifier``: no AWS client is built here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr.errors import Conflict, InvalidInput
from customs_ipr.recordations.applications import ApplicationForm
from customs_ipr.recordations.lifecycle.common import (
    LifecycleRecords,
    Notifier,
    find_application,
    holder_people,
    recordation_ref,
    with_notice,
)
from customs_ipr.recordations.lifecycle.renewals import term_until
from customs_ipr.recordations.lifecycle_store import (
    ApplicationRecord,
    ApplicationStatus,
    RecordationLife,
)
from customs_ipr.recordations.models import IpType, Recordation
from customs_ipr.recordations.store import RecordationStore

logger = Logger(child=True)

NUMBER_PREFIX: dict[IpType, str] = {
    IpType.TRADEMARK: "T",
    IpType.PATENT: "P",
    IpType.COPYRIGHT: "C",
    IpType.OLYMPIC_SYMBOL: "O",
    IpType.WORLD_EXPO_SYMBOL: "E",
}


@dataclass
class Decision:
    application: ApplicationRecord
    recordation: Recordation | None = None


def check_decidable(record: ApplicationRecord, decided_on: date) -> None:
    """Step 1: only a complete application awaiting a decision, not before its receipt."""
    if record.status is not ApplicationStatus.PENDING:
        raise Conflict(
            f"Application {record.application_no} is {record.status.value}; only a complete "
            "application awaiting a decision can be decided."
        )
    if decided_on < record.received_on:
        raise InvalidInput("A decision cannot be dated before the application was received.")


def clean_reasons(reasons: list[str] | None) -> list[str]:
    return [r.strip() for r in reasons or [] if r and r.strip()]


def check_recordable(form: ApplicationForm, decided_on: date) -> None:
    """An expired right cannot be recorded."""
    if form.ip_expires_on <= decided_on:
        raise Conflict(
            f"The right expired on {form.ip_expires_on.isoformat()}; an expired right cannot "
            "be recorded (reject the application)."
        )


def recordation_from(form: ApplicationForm, number: str, decided_on: date) -> Recordation:
    """The recordation an approval creates: valid from the decision, 10 years within the right."""
    return Recordation(
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


class Decisions:
    """Approve or reject pending applications over the given stores and notifier."""

    def __init__(
        self,
        recordations: RecordationStore,
        records: LifecycleRecords,
        notifier: Notifier,
        today: Callable[[], date],
    ) -> None:
        self.recordations = recordations
        self.records = records
        self.notifier = notifier
        self.today = today

    def decide(
        self,
        application_no: str,
        *,
        approve: bool,
        reasons: list[str] | None = None,
        decided_on: date | None = None,
    ) -> Decision:
        """Approve (creating the recordation) or reject (with reasons) a pending application."""
        record = find_application(self.records, application_no)
        decided_on = decided_on or self.today()
        check_decidable(record, decided_on)
        reasons = clean_reasons(reasons)
        form = ApplicationForm.model_validate(record.data)
        if approve:
            return self.approve(record, form, decided_on, reasons)
        return self.reject(record, form, decided_on, reasons)

    def reject(
        self, record: ApplicationRecord, form: ApplicationForm, on: date, reasons: list[str]
    ) -> Decision:
        """Step 2a: a rejection states its reasons; the applicant is told them."""
        if not reasons:
            raise InvalidInput("A rejection must state its reasons (--reason).")
        facts = {
            "application_no": record.application_no,
            "recordation": recordation_ref(record.data),
            "reasons": reasons,
        }
        record = self._notify("recordation_rejection", record, form, on, facts)
        record = self._decided(record, ApplicationStatus.REJECTED, on, reasons)
        logger.info("recordation application rejected", application_no=record.application_no)
        return Decision(record)

    def approve(
        self, record: ApplicationRecord, form: ApplicationForm, on: date, reasons: list[str]
    ) -> Decision:
        """Step 2b: the recordation numbered, saved with its life, the applicant told."""
        check_recordable(form, on)
        prefix = NUMBER_PREFIX[form.ip_type]
        sequence = self.records.next_number("recordation", f"{prefix}{on.year}")
        number = f"{prefix}{on.year}-{sequence:05d}"
        recordation = recordation_from(form, number, on)
        self.recordations.save(recordation, source=f"application {record.application_no} approved")
        self.records.put_life(
            RecordationLife(
                recordation_no=number,
                ip_expires_on=form.ip_expires_on,
                application_no=record.application_no,
            )
        )
        facts = {
            "application_no": record.application_no,
            "recordation": recordation_ref(record.data, number),
            "valid_from": recordation.valid_from,
            "valid_until": recordation.valid_until,
        }
        record = self._notify("recordation_approval", record, form, on, facts)
        record = self._decided(record, ApplicationStatus.APPROVED, on, reasons, number)
        logger.info(
            "recordation application approved",
            application_no=record.application_no,
            recordation_no=number,
        )
        return Decision(record, recordation)

    def _notify(
        self,
        kind: str,
        record: ApplicationRecord,
        form: ApplicationForm,
        on: date,
        facts: dict[str, Any],
    ) -> ApplicationRecord:
        addressee, others = holder_people(record.data, form)
        outcome = self.notifier.notify(
            kind,
            case_id=record.application_no,
            issued_on=on,
            addressee=addressee,
            others=others,
            facts=facts,
        )
        return with_notice(record, outcome)

    def _decided(
        self,
        record: ApplicationRecord,
        status: ApplicationStatus,
        on: date,
        reasons: list[str],
        recordation_no: str | None = None,
    ) -> ApplicationRecord:
        """Step 3: the application kept with its decision (late when past its due date)."""
        update: dict[str, object] = {
            "status": status,
            "decided_on": on,
            "decided_late": bool(record.decision_due and on > record.decision_due),
            "reasons": reasons,
        }
        if recordation_no is not None:
            update["recordation_no"] = recordation_no
        decided = record.model_copy(update=update)
        self.records.put_application(decided)
        return decided

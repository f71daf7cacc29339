"""``Lifecycle``: the lifecycle's rooms wired over the stores, notifier, archive and alerts given.

Handlers, the CLI and the admin API take ``default_lifecycle()`` (the DynamoDB stores, the
notices, the documents bucket and the alert topic of the settings); tests give their own
pieces, in memory or in moto.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr.calendar import WorkingDayCalendar
from customs_ipr.recordations.lifecycle.changes import Changes
from customs_ipr.recordations.lifecycle.common import (
    LifecycleRecords,
    Notifier,
    find_application,
    find_recordation,
    today_in_china,
)
from customs_ipr.recordations.lifecycle.decisions import Decision, Decisions
from customs_ipr.recordations.lifecycle.documents import (
    DocumentArchive,
    S3DocumentArchive,
    keep_documents,
)
from customs_ipr.recordations.lifecycle.intake import ApplicationIntake
from customs_ipr.recordations.lifecycle.renewals import check_window, next_term
from customs_ipr.recordations.lifecycle.schedule import AlertSender, Schedule, SnsAlertSender
from customs_ipr.recordations.lifecycle_notices import LifecycleNotifier
from customs_ipr.recordations.lifecycle_store import (
    ApplicationRecord,
    ChangeFiling,
    LifecycleStore,
    RecordationLife,
    Renewal,
    StoredDocument,
)
from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.store import RecordationStore, default_store

logger = Logger(child=True)


class Lifecycle:
    """Applications, decisions, changes, renewals and the daily schedule, over both stores."""

    def __init__(
        self,
        recordations: RecordationStore,
        records: LifecycleRecords,
        *,
        notifier: Notifier,
        archive: DocumentArchive,
        alerts: AlertSender,
        calendar: WorkingDayCalendar | None = None,
        today: Callable[[], date] = today_in_china,
    ) -> None:
        self.recordations = recordations
        self.records = records
        self.notifier = notifier
        self.archive = archive
        self.today = today
        self.intake = ApplicationIntake(records, notifier, archive, calendar, today)
        self.decisions = Decisions(recordations, records, notifier, today)
        self.change_desk = Changes(recordations, records, calendar, today)
        self.schedule = Schedule(recordations, records, notifier, alerts, calendar)

    # ------------------------------------------------------------------ look-ups
    def recordation(self, number: str) -> Recordation:
        return find_recordation(self.recordations, number)

    def get_application(self, number: str) -> ApplicationRecord:
        return find_application(self.records, number)

    def open_applications(self) -> list[ApplicationRecord]:
        return self.records.open_applications()

    def changes(self, recordation_no: str) -> list[ChangeFiling]:
        return self.records.changes(recordation_no)

    def keep_documents(
        self, owner: str, documents: list[dict[str, Any]], attachments: dict[str, bytes]
    ) -> list[StoredDocument]:
        return keep_documents(self.archive, owner, documents, attachments)

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
        return self.intake.receive(
            data, attachments, source=source, received_on=received_on, archived=archived
        )

    def receive_application_file(
        self, path: str | Path, *, received_on: date | None = None
    ) -> ApplicationRecord:
        return self.intake.receive_file(path, received_on=received_on)

    def decide(
        self,
        application_no: str,
        *,
        approve: bool,
        reasons: list[str] | None = None,
        decided_on: date | None = None,
    ) -> Decision:
        return self.decisions.decide(
            application_no, approve=approve, reasons=reasons, decided_on=decided_on
        )

    # ------------------------------------------------------------------ changes, renewals
    def file_change(
        self, recordation_no: str, change: Any, *, filed_on: date | None = None
    ) -> ChangeFiling:
        return self.change_desk.file(recordation_no, change, filed_on=filed_on)

    def renew(
        self,
        recordation_no: str,
        *,
        applied_on: date | None = None,
        ip_expires_on: date | None = None,
    ) -> Renewal:
        """Renew within the window; the new term follows the current one (``renewals``)."""
        applied_on = applied_on or self.today()
        current = self.recordation(recordation_no)
        number = current.recordation_no
        check_window(current, applied_on)
        life = self.records.get_life(number) or RecordationLife(recordation_no=number)
        renewal = next_term(current, life, applied_on, ip_expires_on)
        self.records.put_life(
            life.model_copy(
                update={
                    "ip_expires_on": renewal.ip_expires_on,
                    "renewals": [*life.renewals, renewal],
                }
            )
        )
        logger.info(
            "recordation renewed", recordation_no=number, new_until=renewal.new_until.isoformat()
        )
        return renewal

    # ------------------------------------------------------------------ schedule
    def run_schedules(self, today: date | None = None) -> dict[str, Any]:
        return self.schedule.run(today or self.today())


def default_lifecycle(
    *,
    recordations: RecordationStore | None = None,
    records: LifecycleRecords | None = None,
    notifier: Notifier | None = None,
    archive: DocumentArchive | None = None,
    alerts: AlertSender | None = None,
    calendar: WorkingDayCalendar | None = None,
    today: Callable[[], date] = today_in_china,
) -> Lifecycle:
    """The production wiring (the settings' table, notices, bucket and topic); any piece given
    replaces its default."""
    return Lifecycle(
        recordations if recordations is not None else default_store(),
        records if records is not None else LifecycleStore(),
        notifier=notifier or LifecycleNotifier(),
        archive=archive or S3DocumentArchive(),
        alerts=alerts or SnsAlertSender(),
        calendar=calendar,
        today=today,
    )

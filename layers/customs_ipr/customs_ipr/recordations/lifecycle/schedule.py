"""The daily run: switch renewals in, mark lapses, remind holders, alert on decisions.

Run it just after midnight China time, so a renewed term is switched in on its first day.
The decision alerts of a run go out as one message through the given ``AlertSender``
(``SnsAlertSender`` in production: the alert topic of the settings).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Protocol

from aws_lambda_powertools import Logger

from customs_ipr import aws
from customs_ipr.calendar import CalendarYearUnknown, WorkingDayCalendar, default_calendar
from customs_ipr.config import get_settings
from customs_ipr.jsonutil import dumps
from customs_ipr.recordations.lifecycle.common import (
    LifecycleRecords,
    Notifier,
    find_recordation,
)
from customs_ipr.recordations.lifecycle.renewals import (
    reminder_horizon,
    renewal_window_opens,
    renewed_term,
)
from customs_ipr.recordations.lifecycle_notices import Person
from customs_ipr.recordations.lifecycle_store import ApplicationRecord
from customs_ipr.recordations.models import RecordationStatus
from customs_ipr.recordations.store import RecordationStore

logger = Logger(child=True)

ALERT_WORKING_DAYS = 5


class AlertSender(Protocol):
    """Sends the one alert message of a run; returns its id (None when nothing was sent)."""

    def send(self, subject: str, message: str) -> str | None: ...


class SnsAlertSender:
    """Publishes to the alert topic (from the settings when first used, unless given)."""

    def __init__(self, topic_arn: str | None = None, client: Any = None) -> None:
        self._topic = topic_arn
        self._client = client

    def send(self, subject: str, message: str) -> str | None:
        topic = self._topic or get_settings().alert_topic_arn
        if not topic:
            logger.warning("no alert topic configured")
            return None
        client = self._client if self._client is not None else aws.client("sns")
        answer = client.publish(TopicArn=topic, Subject=subject[:99], Message=message)
        return str(answer["MessageId"])


def alert_state(
    record: ApplicationRecord, today: date, calendar: WorkingDayCalendar
) -> dict[str, Any] | None:
    """Why an open application needs attention today (None when it does not)."""
    due = record.decision_due
    if due is None:
        return {"state": "due_date_unknown", "detail": record.due_problem}
    if due < today:
        return {"state": "overdue"}
    try:
        left = calendar.working_days_between(today, due)
    except CalendarYearUnknown:
        left = None
    if left is None or left <= ALERT_WORKING_DAYS:
        return {"state": "due_soon", "working_days_left": left}
    return None


def alert_message(alerts: list[dict[str, Any]], today: date) -> tuple[str, str]:
    """The subject and JSON body of the run's one alert."""
    overdue = sum(1 for a in alerts if a["state"] == "overdue")
    subject = f"Recordation decisions: {len(alerts)} need attention ({overdue} overdue)"
    body = dumps({"kind": "recordation_decisions", "run_on": today, "applications": alerts})
    return subject, body


class Schedule:
    """The daily run over the given stores, notifier and alert sender."""

    def __init__(
        self,
        recordations: RecordationStore,
        records: LifecycleRecords,
        notifier: Notifier,
        alerts: AlertSender,
        calendar: WorkingDayCalendar | None,
    ) -> None:
        self.recordations = recordations
        self.records = records
        self.notifier = notifier
        self.alerts = alerts
        self.calendar = calendar

    def activate_renewals(self, today: date) -> list[str]:
        """Switch renewed recordations to their new term on its first day."""
        switched = []
        for life in self.records.pending_renewals():
            renewal = life.pending_renewal
            if renewal is None or renewal.new_from > today:
                continue
            current = self.recordations.get(life.recordation_no)
            if current is not None:
                self.recordations.save(
                    renewed_term(current, renewal),
                    source=f"renewal applied for on {renewal.applied_on.isoformat()}",
                )
                switched.append(life.recordation_no)
            renewals = [
                r.model_copy(update={"activated": True}) if r == renewal else r
                for r in life.renewals
            ]
            self.records.put_life(life.model_copy(update={"renewals": renewals}))
        return switched

    def _reminder_due(self, number: str, valid_until: date, status: str, today: date) -> bool:
        if status != RecordationStatus.ACTIVE.value or valid_until < today:
            return False
        if renewal_window_opens(valid_until) > today:
            return False
        life = self.records.get_life(number)
        return life is None or life.pending_renewal is None

    def send_renewal_reminders(self, today: date) -> list[dict[str, Any]]:
        """Remind each holder once per term, on the first run inside the renewal window."""
        sent = []
        for number, valid_until, status in self.records.expiring(reminder_horizon(today)):
            if not self._reminder_due(number, valid_until, status, today):
                continue
            if not self.records.claim_reminder(number, valid_until, today):
                continue
            outcome = self._remind(number, valid_until, today)
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

    def _remind(self, number: str, valid_until: date, today: date) -> Any:
        recordation = find_recordation(self.recordations, number)
        holder = Person(recordation.holder.name, recordation.holder.email, "holder")
        agent = recordation.agent
        return self.notifier.notify(
            "renewal_reminder",
            case_id=number,
            issued_on=today,
            addressee=holder,
            others=[Person(agent.name, agent.email, "holder")] if agent else [],
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

    def decision_alerts(self, today: date) -> list[dict[str, Any]]:
        """Open applications whose decision is due within a few working days, overdue or unknown."""
        calendar = self.calendar or default_calendar()
        alerts = []
        for record in self.records.open_applications():
            state = alert_state(record, today, calendar)
            if state is not None:
                entry = {
                    "application_no": record.application_no,
                    "title": record.title,
                    "received_on": record.received_on,
                    "decision_due": record.decision_due,
                }
                alerts.append(entry | state)
        return alerts

    def publish_alerts(self, alerts: list[dict[str, Any]], today: date) -> str | None:
        """One message listing every alert of the run; returns its id."""
        if not alerts:
            return None
        return self.alerts.send(*alert_message(alerts, today))

    def run(self, today: date) -> dict[str, Any]:
        """The daily run: switch renewals, mark lapses, send reminders, alert on decisions."""
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

"""The lifecycle's own records, kept in ``RecordationsTable`` beside the recordations.

The recordations themselves (``REC#<no>`` / ``META`` and their ``HIST#`` history) belong to
``store.py``; this module only adds items under its own key prefixes:

==========================  ==================  =========================================
pk                          sk                  holds
==========================  ==================  =========================================
``APP#<application no>``    ``META``            an application; while it awaits a decision
                                                ``gsi1pk=APPS#open``, ``gsi1sk=<due>#<no>``
``LIFE#<recordation no>``   ``META``            the IP's expiry, the approving application,
                                                renewals; a renewal waiting for its term:
                                                ``gsi1pk=RENEWALS#pending``, ``gsi1sk=<from>``
``LIFE#<recordation no>``   ``CHANGE#<filed>#…``  one filed change (when it happened, filed,
                                                due, late)
``LIFE#<recordation no>``   ``REMINDER#<until>``  the renewal reminder for that term was sent
``PRE#<request id>``        ``META``            a pre-confirmation request;
                                                ``gsi1pk=PRE#<recordation no>``
``COUNTER#<name>``          ``<key>``           an atomic counter (``ADD value 1``)
==========================  ==================  =========================================

Every read is a GetItem or a Query, except ``expiring`` (the daily schedule's sweep of
recordation validity), which scans META items with a filter: it runs once a day, off the
screening path. A sparse validity index on ``RecordationsTable`` would turn it into a Query
(see the README's "hooks").
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from customs_ipr.recordations.models import Trader
from customs_ipr.recordations.table import Table, is_condition_failure, s


class ApplicationStatus(StrEnum):
    INCOMPLETE = "incomplete"
    PENDING = "pending"
    """complete, waiting for the officer's decision"""
    APPROVED = "approved"
    REJECTED = "rejected"
    RESUBMITTED = "resubmitted"
    """replaced by a corrected application (``resubmitted_as``)"""


class StoredDocument(BaseModel):
    kind: str
    file: str
    licensee: str | None = None
    location: str | None = None
    sha256: str | None = None
    size: int | None = None


class ApplicationRecord(BaseModel):
    """An application as customs keeps it; ``decision_due`` is the 30-working-day date."""

    application_no: str
    status: ApplicationStatus
    received_on: date
    source: str
    data: dict[str, Any]
    documents: list[StoredDocument] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    decision_due: date | None = None
    decision_basis: str | None = None
    due_problem: str | None = None
    decided_on: date | None = None
    decided_late: bool = False
    reasons: list[str] = Field(default_factory=list)
    recordation_no: str | None = None
    resubmission_of: str | None = None
    resubmitted_as: str | None = None
    notices: list[str] = Field(default_factory=list)
    notice_problems: list[str] = Field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.data.get("title") or "(no title given)")


class Renewal(BaseModel):
    applied_on: date
    new_from: date
    new_until: date
    ip_expires_on: date | None = None
    activated: bool = False


class RecordationLife(BaseModel):
    recordation_no: str
    ip_expires_on: date | None = None
    application_no: str | None = None
    renewals: list[Renewal] = Field(default_factory=list)

    @property
    def pending_renewal(self) -> Renewal | None:
        return next((r for r in self.renewals if not r.activated), None)


class ChangeFiling(BaseModel):
    """A change to a recorded right: when it happened, when filed, whether filed late."""

    change_id: str
    recordation_no: str
    changed_on: date
    filed_on: date
    due: date | None
    late: bool | None
    fields: list[str]
    description: str | None = None
    due_problem: str | None = None


class PreconfirmationStatus(StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class PreconfirmationRequest(BaseModel):
    request_id: str
    recordation_no: str
    trader: Trader
    hs_codes: list[str]
    valid_from: date
    valid_until: date
    port: str | None = None
    documents: list[StoredDocument] = Field(default_factory=list)
    status: PreconfirmationStatus = PreconfirmationStatus.REQUESTED
    requested_on: date
    decided_on: date | None = None
    confirmed_by: Literal["holder", "recorded_licence"] | None = None
    note: str | None = None


class LifecycleStore:
    """Lifecycle items in the recordations table (name from settings unless given)."""

    def __init__(self, table_name: str | None = None, client: Any = None) -> None:
        self._db = Table(table_name, client)
        self.table = self._db.name

    def _call(self, operation: str, **kwargs: Any) -> Any:
        return self._db.on_table(operation, **kwargs)

    def _put(self, pk: str, sk: str, model: BaseModel, **extra: str) -> None:
        item = {"pk": s(pk), "sk": s(sk), "doc": s(model.model_dump_json())}
        item.update({name: s(value) for name, value in extra.items()})
        self._call("put_item", Item=item)

    def _get(self, pk: str, sk: str) -> str | None:
        answer = self._call("get_item", Key={"pk": s(pk), "sk": s(sk)}, ConsistentRead=True)
        item = answer.get("Item")
        return item["doc"]["S"] if item else None

    # ------------------------------------------------------------------ counters
    def next_number(self, name: str, key: str) -> int:
        """The next value of an atomic counter (1 on first use)."""
        answer = self._call(
            "update_item",
            Key={"pk": s(f"COUNTER#{name}"), "sk": s(key)},
            UpdateExpression="ADD #v :one",
            ExpressionAttributeNames={"#v": "value"},
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="UPDATED_NEW",
        )
        return int(answer["Attributes"]["value"]["N"])

    # ------------------------------------------------------------------ applications
    def put_application(self, record: ApplicationRecord) -> None:
        extra = {}
        if record.status is ApplicationStatus.PENDING:
            due = record.decision_due.isoformat() if record.decision_due else "0000-unknown"
            extra = {"gsi1pk": "APPS#open", "gsi1sk": f"{due}#{record.application_no}"}
        self._put(f"APP#{record.application_no}", "META", record, **extra)

    def get_application(self, number: str) -> ApplicationRecord | None:
        doc = self._get(f"APP#{number.upper()}", "META")
        return ApplicationRecord.model_validate_json(doc) if doc else None

    def open_applications(self) -> list[ApplicationRecord]:
        """Complete applications awaiting a decision, earliest due first (unknown first)."""
        return [ApplicationRecord.model_validate_json(doc) for doc in self._db.gsi("APPS#open")]

    # ------------------------------------------------------------------ recordation life
    def put_life(self, life: RecordationLife) -> None:
        pending = life.pending_renewal
        extra = {}
        if pending is not None:
            extra = {
                "gsi1pk": "RENEWALS#pending",
                "gsi1sk": f"{pending.new_from.isoformat()}#{life.recordation_no}",
            }
        self._put(f"LIFE#{life.recordation_no}", "META", life, **extra)

    def get_life(self, number: str) -> RecordationLife | None:
        doc = self._get(f"LIFE#{number.upper()}", "META")
        return RecordationLife.model_validate_json(doc) if doc else None

    def pending_renewals(self) -> list[RecordationLife]:
        return [
            RecordationLife.model_validate_json(doc) for doc in self._db.gsi("RENEWALS#pending")
        ]

    # ------------------------------------------------------------------ changes
    def put_change(self, filing: ChangeFiling) -> None:
        sk = f"CHANGE#{filing.filed_on.isoformat()}#{filing.change_id}"
        self._put(f"LIFE#{filing.recordation_no}", sk, filing)

    def changes(self, number: str) -> list[ChangeFiling]:
        items = self._db.query(
            KeyConditionExpression="pk = :p AND begins_with(sk, :c)",
            ExpressionAttributeValues={":p": s(f"LIFE#{number.upper()}"), ":c": s("CHANGE#")},
        )
        return [ChangeFiling.model_validate_json(item["doc"]["S"]) for item in items]

    # ------------------------------------------------------------------ reminders
    def claim_reminder(self, number: str, valid_until: date, sent_on: date) -> bool:
        """Record that the reminder for this term goes out; False if it already went."""
        try:
            self._call(
                "put_item",
                Item={
                    "pk": s(f"LIFE#{number}"),
                    "sk": s(f"REMINDER#{valid_until.isoformat()}"),
                    "doc": s(json.dumps({"sent_on": sent_on.isoformat()})),
                },
                ConditionExpression="attribute_not_exists(pk)",
            )
        except Exception as error:  # the ClientError of the condition, re-raised by Table.call
            if is_condition_failure(error):
                return False
            raise
        return True

    def release_reminder(self, number: str, valid_until: date) -> None:
        """Forget a claimed reminder that could not be sent, so tomorrow's run retries."""
        self._call(
            "delete_item",
            Key={"pk": s(f"LIFE#{number}"), "sk": s(f"REMINDER#{valid_until.isoformat()}")},
        )

    # ------------------------------------------------------------------ pre-confirmations
    def put_preconfirmation(self, request: PreconfirmationRequest) -> None:
        self._put(
            f"PRE#{request.request_id}",
            "META",
            request,
            gsi1pk=f"PRE#{request.recordation_no}",
            gsi1sk=f"{request.requested_on.isoformat()}#{request.request_id}",
        )

    def get_preconfirmation(self, request_id: str) -> PreconfirmationRequest | None:
        doc = self._get(f"PRE#{request_id.upper()}", "META")
        return PreconfirmationRequest.model_validate_json(doc) if doc else None

    def preconfirmations_for(self, recordation_no: str) -> list[PreconfirmationRequest]:
        docs = self._db.gsi(f"PRE#{recordation_no.upper()}")
        return [PreconfirmationRequest.model_validate_json(doc) for doc in docs]

    # ------------------------------------------------------------------ validity sweep
    def expiring(self, until: date) -> list[tuple[str, date, str]]:
        """(number, valid_until, status) of every recordation lapsing on or before ``until``."""
        items = self._db.scan(
            FilterExpression="sk = :m AND begins_with(pk, :r) AND valid_until <= :u",
            ProjectionExpression="pk, valid_until, #st",
            ExpressionAttributeNames={"#st": "status"},
            ExpressionAttributeValues={
                ":m": s("META"),
                ":r": s("REC#"),
                ":u": s(until.isoformat()),
            },
        )
        return sorted(
            (
                item["pk"]["S"].removeprefix("REC#"),
                date.fromisoformat(item["valid_until"]["S"]),
                item.get("status", {}).get("S", "active"),
            )
            for item in items
        )

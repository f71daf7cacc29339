"""The case record: what a case is, who is involved, what it waits for and what happened.

A case is stored in the cases table as several items under ``pk=CASE#<case_id>``:

- ``sk=META``: the :class:`Case` itself (path, status, declaration, goods, parties, value
  in RMB, recordation, detention date, the current :class:`Wait`). ``gsi1pk=CASES``,
  ``gsi1sk=<created_at>#<case_id>`` lists cases newest first without a Scan.
- ``sk=EVENT#<utc iso timestamp>#<seq>``: one :class:`CaseEvent` per state change.
- ``sk=DEADLINE#<rule>``: each legal deadline (:class:`CaseDeadline`, legal date + basis).
- ``sk=NOTICE#<step>#<role>``: each issued notice (``IssuedNotice`` incl. its SHA-256);
  ``gsi1pk=NOTICE#<notice_no>`` finds the case from a reply quoting the notice number.
- ``sk=DOCUMENT#<sha256>``: documents received (holder replies...), key + SHA-256.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from customs_ipr.documents.models import Declaration
from customs_ipr.errors import CustomsIprError


class CaseTaskRefused(CustomsIprError):
    """A task cannot go on with the case's data (e.g. no value to size a guarantee).

    The state machine does not retry it: it records the failure and alerts.
    """

    code = "case_task_refused"


class CasePath(StrEnum):
    EX_OFFICIO = "ex_officio"
    UPON_APPLICATION = "upon_application"
    PERSONAL_ITEMS = "personal_items"
    UNIDENTIFIED_PARTIES = "unidentified_parties"


class CaseStatus(StrEnum):
    OPEN = "open"
    AWAITING_IP_STATUS_DECLARATION = "awaiting_ip_status_declaration"
    SUSPENDED = "suspended"
    DETAINED = "detained"
    UNDETERMINED = "undetermined"
    COURT_ASSISTANCE = "court_assistance"
    ANNOUNCED = "announced"
    RELEASED = "released"
    CLEARED = "cleared"
    CONFISCATED = "confiscated"
    RENOUNCED = "renounced"
    APPLICATION_REFUSED = "application_refused"
    REFERRED = "referred"
    FAILED = "failed"


FINAL_STATUSES = frozenset(
    {
        CaseStatus.RELEASED,
        CaseStatus.CLEARED,
        CaseStatus.CONFISCATED,
        CaseStatus.RENOUNCED,
        CaseStatus.APPLICATION_REFUSED,
        CaseStatus.COURT_ASSISTANCE,
        CaseStatus.REFERRED,
        CaseStatus.FAILED,
    }
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class CaseParty(_Model):
    """A party the case writes to; ``email`` None means serve by post or at the counter."""

    name: str
    code: str | None = None
    email: str | None = None
    country: str | None = None


class GeneralGuaranteeRef(_Model):
    amount: Decimal
    approved_on: date
    expires_on: date | None = None
    called_on: date | None = None


class CaseRecordation(_Model):
    recordation_no: str | None = None
    title: str
    ip_type: str | None = None
    registration_no: str | None = None
    general_guarantee: GeneralGuaranteeRef | None = None


class CaseGoods(_Model):
    item_no: int | None = None
    name: str
    hs_code: str | None = None
    brand: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    value: Decimal | None = None
    currency: str | None = None


class Wait(_Model):
    """What the workflow is waiting for: the Step Functions task token lives here only.

    ``accepts`` lists the input kinds that may answer it; ``notice_no`` is the notice a
    party's reply must quote (None for waits on an officer's input).
    """

    kind: str
    token: str
    accepts: list[str]
    notice_no: str | None = None
    due: date | None = None
    opened_at: datetime


class Case(_Model):
    case_id: str
    path: CasePath
    status: CaseStatus = CaseStatus.OPEN
    created_at: datetime
    started_on: date = Field(description="legal date the case started (declaration date)")
    declaration: Declaration | None = None
    declaration_ref: str | None = None
    needs_review: bool = Field(
        default=False,
        description="the declaration was read in part: an officer checks the fields in missing",
    )
    missing: list[str] = Field(
        default_factory=list,
        description="declaration fields (and goods rows) the reader could not read",
    )
    goods: list[CaseGoods] = Field(default_factory=list)
    value_rmb: Decimal | None = None
    consignee: CaseParty | None = None
    consignor: CaseParty | None = None
    holder: CaseParty | None = None
    person: CaseParty | None = Field(default=None, description="passenger / mail recipient")
    recordation: CaseRecordation | None = None
    recordation_nos: list[str] = Field(default_factory=list)
    require_declaration: bool = False
    guarantee_posted: Decimal | None = None
    holder_applied_on: date | None = Field(
        default=None, description="the holder applied for detention (Art. 22 ¶1 (1))"
    )
    detention_on: date | None = None
    announced_on: date | None = None
    infringement_found_on: date | None = Field(
        default=None, description="Art. 32: the officer's infringement finding (unidentified)"
    )
    periods_from: date | None = Field(
        default=None,
        description="Art. 32: a party identified late; the 30/50-day periods count from here",
    )
    legal_date: date | None = Field(
        default=None, description="the latest legal date an event of this case happened on"
    )
    wait: Wait | None = None
    outcome: str | None = None
    release_reason: str | None = None
    fine_rmb: Decimal | None = None
    penalty_effective_on: date | None = None
    criminal_referral: bool = False
    explanation: str | None = None
    execution_arn: str | None = None

    @property
    def detention_date(self) -> date | None:
        return self.detention_on

    @property
    def penalty_effective_date(self) -> date | None:
        return self.penalty_effective_on


class CaseEvent(_Model):
    at: datetime
    legal_date: date | None = None
    event: str
    state: str | None = None
    status: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


class CaseDeadline(_Model):
    rule: str
    basis: str | None
    start: date
    due: date
    count: int
    unit: str
    timeout_seconds: float | None = None


class CaseDocument(_Model):
    key: str | None = None
    sha256: str
    kind: str
    received_on: date | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


class CaseView(_Model):
    """Everything ``customs-ipr case show`` prints."""

    case: Case
    history: list[CaseEvent]
    deadlines: list[CaseDeadline]
    notices: list[dict[str, Any]]
    documents: list[CaseDocument]

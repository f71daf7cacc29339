"""The data a notice is rendered from, and the records of rendering and issuing it.

One ``NoticeContext`` model serves every kind: its fields are optional, and a per-kind
check (``KindInfo.required``) refuses a context that lacks what the kind's template
must state, naming the missing fields. Texts that come from uploads (goods and party
names) are stored as given; ``view`` quotes them and the templates escape them.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from customs_ipr.config import get_settings
from customs_ipr.errors import InvalidInput
from customs_ipr.notices.kinds import (
    AddresseeRole,
    NoticeKind,
    ReleaseReason,
    kind_info,
    release_basis,
)

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
"""Notice numbers and case ids become S3 keys and file names: no slashes, no spaces."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Office(_Model):
    """The issuing office: ``name`` in English, ``name_zh`` in the Chinese text.

    Data written before ``name_zh`` existed carried "English (中文)" in ``name``; the
    Chinese name is then read from the brackets and the English one before them.
    """

    name: str
    contact: str
    name_zh: str | None = None

    @model_validator(mode="after")
    def _split_bilingual_name(self) -> Office:
        match = re.fullmatch(
            r"\s*(.*?)\s*[(（]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]\s*", self.name
        )
        if match and match.group(1):
            if self.name_zh is None:
                self.name_zh = match.group(2)
            self.name = match.group(1)
        if self.name_zh is None:
            self.name_zh = self.name
        return self


class Addressee(_Model):
    name: str
    role: AddresseeRole
    email: str | None = None
    address: str | None = None


class Party(_Model):
    """A company or person named in the facts; ``code`` is the USCC / customs code."""

    name: str
    code: str | None = None
    country: str | None = None
    address: str | None = None


class GoodsLine(_Model):
    name: str
    quantity: Decimal | None = None
    unit: str | None = None
    value: Decimal | None = None
    currency: str | None = None
    hs_code: str | None = None
    brand: str | None = None


class RecordationRef(_Model):
    recordation_no: str | None = None
    title: str = Field(description="the mark text or the name of the right")
    ip_type: str | None = None
    registration_no: str | None = None


class UploadFacts(_Model):
    """An upload we could not process (reported to its uploader)."""

    code: str
    message: str
    file_name: str
    sha256: str
    received_at: str | None = None


class Facts(_Model):
    """Everything a notice may state. Which fields a kind needs is in ``KINDS``.

    ``consignee`` and ``consignor`` are meant literally (收货人 / 发货人): for an import the
    consignee is the domestic party and the consignor the overseas one; for an export the
    other way round. The caller maps the declaration's parties by its direction.
    """

    declaration_no: str | None = None
    declaration_date: date | None = None
    port: str | None = None
    goods: list[GoodsLine] | None = None
    consignee: Party | None = None
    consignor: Party | None = None
    holder: Party | None = None
    recordation: RecordationRef | None = None
    detention_date: date | None = None
    penalty_effective_date: date | None = None
    departure: str | None = None
    destination: str | None = None
    guarantee_amount: Decimal | None = None
    general_guarantee: bool = False
    on_application: bool = False
    """Detained upon the holder's application (Regulations Art. 24 (1): 20 working days)."""
    fine_amount: Decimal | None = None
    release_reason: ReleaseReason | None = None
    other_facts: list[str] | None = None
    application_no: str | None = None
    received_on: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    missing_items: list[str] | None = None
    reasons: list[str] | None = None
    upload: UploadFacts | None = None

    @field_validator("guarantee_amount", "fine_amount")
    @classmethod
    def _non_negative(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value < 0:
            raise ValueError("must not be negative")
        return value


class NoticeContext(_Model):
    """Everything one notice states; ``kind`` decides which facts must be present.

    ``due_date`` is computed by the caller from the working-day calendar (the case
    workflow); ``due_basis`` says which rule it comes from, e.g. "Art. 22: 3 working days
    from service". ``legal_basis_zh/en`` default to the kind's article.
    """

    notice_no: str
    kind: NoticeKind
    issued_on: date
    office: Office
    addressee: Addressee
    case_id: str
    facts: Facts = Field(default_factory=Facts)
    legal_basis_zh: str | None = None
    legal_basis_en: str | None = None
    action_zh: str | None = Field(default=None, description="extra action text, Chinese")
    action_en: str | None = Field(default=None, description="extra action text, English")
    due_date: date | None = None
    due_basis_zh: str | None = None
    due_basis_en: str | None = None
    extra: dict[str, str] = Field(default_factory=dict)
    officer: str | None = Field(
        default=None, description="the officer who signs (承办人); blank line when unknown"
    )

    @field_validator("notice_no", "case_id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        if not SAFE_ID.match(value):
            raise ValueError("use letters, digits, '.', '_' and '-' only (max 128)")
        return value

    @model_validator(mode="after")
    def _kind_needs(self) -> NoticeContext:
        info = kind_info(self.kind)
        missing = [path for path in info.required if _is_missing(self, path)]
        if info.due_required and self.due_date is None:
            missing.append("due_date")
        if missing:
            raise ValueError(f"a {self.kind.value} needs: {', '.join(missing)}")
        basis_zh, basis_en = info.article_zh, info.article_en
        if self.kind is NoticeKind.RELEASE_NOTICE and self.facts.release_reason is not None:
            basis_zh, basis_en = release_basis(self.facts.release_reason)
        if self.legal_basis_zh is None:
            self.legal_basis_zh = basis_zh
        if self.legal_basis_en is None:
            self.legal_basis_en = basis_en
        return self


def _is_missing(model: BaseModel, path: str) -> bool:
    value: Any = model
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return True
    # An empty list is a present, empty fact ("no other facts known") except for goods.
    return path == "facts.goods" and not value


def build_context(data: dict[str, Any], **overrides: Any) -> NoticeContext:
    """Validate ``data`` (e.g. a sample JSON file) into a context; raise ``InvalidInput``.

    ``office`` defaults to the configured office, so data files need not repeat it.
    """
    merged = {**data, **{k: v for k, v in overrides.items() if v is not None}}
    if "office" not in merged:
        settings = get_settings()
        merged["office"] = {
            "name": settings.office_name,
            "name_zh": settings.office_name_zh,
            "contact": settings.office_contact,
        }
    try:
        return NoticeContext.model_validate(merged)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'notice'}: {e['msg']}" for e in error.errors()
        )
        raise InvalidInput(f"The notice data is not valid: {problems}.") from error


class RenderedNotice(BaseModel):
    """A notice rendered three ways from one context; ``sha256`` is the PDF's."""

    model_config = ConfigDict(frozen=True)

    notice_no: str
    kind: NoticeKind
    subject: str
    html: str
    text: str
    pdf: bytes = Field(repr=False)
    sha256: str


class Recipient(_Model):
    """Where a notice is e-mailed; ``email`` None means it must be served another way."""

    name: str
    role: AddresseeRole
    email: str | None = None


class RecipientDelivery(_Model):
    name: str
    role: AddresseeRole
    email: str | None = None
    status: Literal["sent", "no_address", "failed"]
    message_id: str | None = None
    error_code: str | None = None
    served_on: date | None = None
    mailbox_file: str | None = None


class IssuedNotice(_Model):
    """What the case record keeps about an issued notice.

    ``served_on`` is the date of service that deadlines count from: for e-mail it is the
    notice's issue date (SES accepted the message that day). It is None when no
    recipient could be served by e-mail; ``served_by_other_means_required`` then says
    the notice must be delivered by post or at the counter and the date recorded later.
    """

    notice_no: str
    kind: NoticeKind
    case_id: str
    issued_on: date
    subject: str
    sha256: str
    pdf_key: str
    html_key: str
    bucket: str
    recipients: list[RecipientDelivery]
    served_on: date | None = None
    served_by_other_means_required: bool = False
    due_date: date | None = None

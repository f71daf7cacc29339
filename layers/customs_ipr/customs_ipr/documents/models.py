"""Typed results of parsing an uploaded document.

These models are the contract between the parser, screening, the case workflow and
the notices. Field names follow the JSON printed by ``customs-ipr parse``.
Amounts are ``Decimal`` (never float); dates are ``datetime.date``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class Direction(StrEnum):
    IMPORT = "import"
    EXPORT = "export"


class BrandType(StrEnum):
    """品牌类型 from the declaration elements (申报要素)."""

    NO_BRAND = "0"
    DOMESTIC_OWN = "1"
    DOMESTIC_ACQUIRED = "2"
    FOREIGN_CONTRACT = "3"  # 境外品牌（贴牌生产）
    FOREIGN_OTHER = "4"  # 境外品牌（其他）


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Party(_Model):
    """A company or person named on a document.

    ``code`` is the 18-character unified social credit code or the 10-digit customs
    code, when the document gives one.
    """

    name: str
    code: str | None = None


class Port(_Model):
    code: str | None = None
    name: str | None = None


class GoodsItem(_Model):
    item_no: int
    hs_code: str = Field(description="10-digit HS code (商品编号)")
    name: str
    spec: str | None = Field(default=None, description="the pipe-separated 申报要素 line")
    brand: str | None = None
    brand_type: BrandType | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    total_price: Decimal | None = None
    currency: str | None = Field(default=None, description="ISO 4217 code, e.g. USD, CNY")
    origin_country: str | None = None
    destination_country: str | None = None


class Declaration(_Model):
    """A China Customs import or export goods declaration (报关单)."""

    kind: Literal["declaration"] = "declaration"
    direction: Direction
    customs_no: str | None = None
    pre_entry_no: str | None = None
    declaration_date: date | None = None
    consignee: Party = Field(
        description="the domestic consignee (import) or consignor (export): 境内收/发货人"
    )
    foreign_party: Party | None = None
    port: Port | None = None
    departure_country: str | None = None
    destination_country: str | None = None
    trade_terms: str | None = None
    departure_port: str | None = Field(default=None, description="启运港 (import)")
    destination_port: str | None = Field(default=None, description="指运港 (export)")
    marks: str | None = Field(default=None, description="标记唛码及备注")
    royalties_paid: bool | None = Field(default=None, description="支付特许权使用费确认")
    items: list[GoodsItem]
    missing: list[str] = Field(
        default_factory=list,
        description="fields (and goods rows) the reader could not read; see needs_review",
    )
    needs_review: bool = Field(
        default=False, description="an officer should check the declaration: missing is not empty"
    )

    @property
    def reference(self) -> str:
        """The number people use to talk about this declaration."""
        return self.customs_no or self.pre_entry_no or "unnumbered"


class GuaranteeForm(StrEnum):
    CASH = "cash"
    BANK_LETTER = "bank_letter"
    GENERAL = "general"


class Guarantee(_Model):
    form: GuaranteeForm
    amount: Decimal | None = None
    currency: str = "CNY"
    reference: str | None = Field(
        default=None, description="bank letter number or general guarantee number"
    )


class HolderDecision(StrEnum):
    DETAIN = "detain"
    NO_DETENTION = "no_detention"


class HolderResponse(_Model):
    """A rights holder's written reply to a notice of suspended release (Art. 22)."""

    kind: Literal["holder_response"] = "holder_response"
    notice_no: str
    decision: HolderDecision
    guarantee: Guarantee | None = None
    recordation_no: str | None = None
    holder_name: str | None = None
    reply_date: date | None = None
    reasons: str | None = Field(default=None, description="the written explanation, if any")
    reply_code: str | None = Field(
        default=None, description="the notice's reply code (答复码), proof of the sender"
    )


ParsedDocument = Annotated[Declaration | HolderResponse, Field(discriminator="kind")]

"""The recordation (备案) as customs holds it, in the exchange format of the import.

A recordation is valid from ``valid_from`` (its first approval) to ``valid_until`` (the
expiry of its current term) inclusive and only while its ``status`` is ``active``;
screening ignores it on any other day or status. Each term lasts 10 years at most and a
renewal (applied for in the 6 months before the term lapses) starts when the previous
term ends, so a renewed recordation keeps its first approval date and spans more than 10
years: ``current_term`` gives the term in force (``term_from`` when the register states
it, else derived from the first approval).

``preconfirmations`` are the "pre-confirmation of rights" registrations (seed 001): a
trader the holder consented to, for certain goods and a period; screening treats that
trader's declarations as licensed within the period. ``history`` is not part of the model:
every change is kept as a separate item in the store (see ``store.py``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

RECORDATION_NO_RE = re.compile(r"^[A-Z]{1,2}\d{4}-\d{3,7}$")
HS_PREFIX_RE = re.compile(r"^\d{4,10}$")
_PREFIX_FOR_TYPE = {"T": "trademark", "P": "patent", "C": "copyright"}
MAX_VALIDITY_YEARS = 10


class IpType(StrEnum):
    TRADEMARK = "trademark"
    COPYRIGHT = "copyright"
    PATENT = "patent"
    OLYMPIC_SYMBOL = "olympic_symbol"
    WORLD_EXPO_SYMBOL = "world_expo_symbol"


class RecordationStatus(StrEnum):
    """Only ``active`` recordations protect goods; the others are kept for the record."""

    ACTIVE = "active"
    PENDING = "pending"
    LAPSED = "lapsed"
    REVOKED = "revoked"
    REJECTED = "rejected"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Holder(_Model):
    name: str = Field(min_length=1)
    country: str = Field(min_length=1)
    address: str | None = None
    email: str | None = None


class Agent(_Model):
    name: str = Field(min_length=1)
    email: str | None = None


class Trader(_Model):
    """A licensee or known infringer: a company name and, where known, its customs code."""

    name: str = Field(min_length=1)
    code: str | None = None
    port: str | None = None


def _check_hs_codes(codes: list[str]) -> list[str]:
    for code in codes:
        if not HS_PREFIX_RE.match(code):
            raise ValueError(f"HS code {code!r} is not 4 to 10 digits")
    return codes


class GoodsScope(_Model):
    name: str = Field(min_length=1)
    hs_codes: list[str] = Field(min_length=1)

    @field_validator("hs_codes")
    @classmethod
    def _hs(cls, codes: list[str]) -> list[str]:
        return _check_hs_codes(codes)


GENERAL_GUARANTEE_MINIMUM = Decimal("200000")
"""Art. 24 ¶2: the total guarantee is last year's costs, but never below RMB 200,000."""


class GeneralGuarantee(_Model):
    """A GAC-approved general guarantee (Art. 24), trademarks only.

    ``called_on``: the day GAC issued a notice of performance of guarantee liability to
    the guarantor (the holder failed to pay fees or bear liability). From that day the
    general guarantee no longer covers new detentions: the holder posts a per-case
    guarantee under Art. 23 until GAC approves a new general guarantee.
    """

    amount: Decimal = Field(gt=0)
    approved_on: date
    expires_on: date
    called_on: date | None = None

    @field_validator("amount")
    @classmethod
    def _at_least_minimum(cls, amount: Decimal) -> Decimal:
        if amount < GENERAL_GUARANTEE_MINIMUM:
            raise ValueError(
                f"a general guarantee of {amount} RMB is below the RMB 200,000 minimum (Art. 24)"
            )
        return amount

    @model_validator(mode="after")
    def _dates(self) -> GeneralGuarantee:
        if self.expires_on < self.approved_on:
            raise ValueError("the general guarantee expires before it is approved")
        if self.called_on is not None and self.called_on < self.approved_on:
            raise ValueError("the general guarantee is called on before it is approved")
        return self

    def covers(self, day: date) -> bool:
        """Art. 24 ¶3: from approval to 31 December of that year, unless GAC called it."""
        if self.called_on is not None and day >= self.called_on:
            return False
        return self.approved_on <= day <= min(self.expires_on, date(self.approved_on.year, 12, 31))


class PreConfirmation(_Model):
    """A trader registered in advance as a legitimate user for some goods and a period."""

    name: str = Field(min_length=1)
    code: str | None = None
    hs_codes: list[str] = Field(min_length=1)
    valid_from: date
    valid_until: date
    port: str | None = Field(
        default=None, description="the port the trader declared; checked at screening"
    )

    @field_validator("hs_codes")
    @classmethod
    def _hs(cls, codes: list[str]) -> list[str]:
        return _check_hs_codes(codes)


def _ten_years_after(day: date) -> date:
    """The same date 10 years later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + MAX_VALIDITY_YEARS)
    except ValueError:  # 29 February
        return date(day.year + MAX_VALIDITY_YEARS, 2, 28)


def _check_renewed_term_start(first_approval: date, term_from: date) -> None:
    """A renewed term starts the day after a previous term's 10-year end (or that end)."""
    end = _ten_years_after(first_approval)
    while end + timedelta(days=1) < term_from:
        end = _ten_years_after(end)
    if term_from not in (end, end + timedelta(days=1)):
        raise ValueError(
            f"term_from {term_from.isoformat()} is not the start of a renewed term (a "
            f"renewal starts when the previous 10-year term ends, e.g. {end.isoformat()})"
        )


def hs_covered(hs_code: str, prefixes: list[str] | tuple[str, ...]) -> bool:
    """A declared 10-digit HS code is covered when it starts with a recorded prefix."""
    code = "".join(ch for ch in hs_code if ch.isdigit())
    return any(code.startswith(prefix) for prefix in prefixes)


class Recordation(_Model):
    recordation_no: str
    ip_type: IpType
    title: str = Field(min_length=1, description="the mark text / name of the work or design")
    aliases: list[str] = Field(default_factory=list)
    registration_no: str | None = None
    holder: Holder
    agent: Agent | None = None
    goods: list[GoodsScope] = Field(min_length=1)
    licensees: list[Trader] = Field(default_factory=list)
    known_infringers: list[Trader] = Field(default_factory=list)
    preconfirmations: list[PreConfirmation] = Field(default_factory=list)
    valid_from: date = Field(description="the first approval of the recordation")
    valid_until: date = Field(description="the expiry of the current term")
    term_from: date | None = Field(
        default=None,
        description="first day of the current term; None: derived (see current_term)",
    )
    general_guarantee: GeneralGuarantee | None = None
    status: RecordationStatus = RecordationStatus.ACTIVE

    @field_validator("recordation_no")
    @classmethod
    def _number(cls, value: str) -> str:
        value = value.upper()
        if not RECORDATION_NO_RE.match(value):
            raise ValueError(f"recordation number {value!r} is not like T2019-12345")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Recordation:
        expected = _PREFIX_FOR_TYPE.get(self.recordation_no[0])
        if expected and len(self.recordation_no.split("-")[0]) == 5 and expected != self.ip_type:
            raise ValueError(
                f"recordation number {self.recordation_no} is for a {expected}, "
                f"not a {self.ip_type.value}"
            )
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        if self.term_from is not None:
            if not self.valid_from <= self.term_from <= self.valid_until:
                raise ValueError("term_from lies outside valid_from .. valid_until")
            if self.term_from != self.valid_from:
                _check_renewed_term_start(self.valid_from, self.term_from)
            if self.valid_until > _ten_years_after(self.term_from):
                raise ValueError(
                    f"the current term exceeds {MAX_VALIDITY_YEARS} years from term_from"
                )
        if self.general_guarantee is not None and self.ip_type != IpType.TRADEMARK:
            raise ValueError("only trademark holders may have a general guarantee (Art. 24)")
        for pre in self.preconfirmations:
            if pre.valid_until < pre.valid_from:
                raise ValueError(f"pre-confirmation of {pre.name}: valid_until before valid_from")
        return self

    @property
    def current_term(self) -> tuple[date, date]:
        """The term in force: ``term_from`` (or derived) to ``valid_until``.

        Registers carry the first approval and the current expiry. A term lasts at most
        10 years and a renewal (applied for in the 6 months before the term lapses) starts
        when the previous term ends, so when ``term_from`` is not given the current term
        starts on the last 10-year anniversary of the first approval before ``valid_until``.
        """
        if self.term_from is not None:
            return self.term_from, self.valid_until
        return self._anniversaries(lambda day: day < self.valid_until)[-1], self.valid_until

    @property
    def renewals(self) -> int:
        """How many times the recordation was renewed (terms after the first)."""
        start = self.current_term[0]
        return len(self._anniversaries(lambda day: day <= start)) - 1

    def _anniversaries(self, keep: Any) -> list[date]:
        days = [self.valid_from]
        while keep(following := _ten_years_after(days[-1])):
            days.append(following)
        return days

    @property
    def terms(self) -> list[str]:
        """The mark texts screened: the title and every alias."""
        return [self.title, *self.aliases]

    @property
    def hs_prefixes(self) -> list[str]:
        return sorted({code for goods in self.goods for code in goods.hs_codes})

    def is_valid_on(self, day: date) -> bool:
        return (
            self.status == RecordationStatus.ACTIVE and self.valid_from <= day <= self.valid_until
        )

    def public_view(self) -> dict[str, Any]:
        """What anyone may see in the public look-up (holder, right, registration, goods).

        Licensees, pre-confirmed traders, known infringers, the agent, contact e-mails,
        addresses and the general guarantee are visible to the holder only.
        """
        return {
            "recordation_no": self.recordation_no,
            "ip_type": self.ip_type.value,
            "title": self.title,
            "aliases": list(self.aliases),
            "registration_no": self.registration_no,
            "holder": {"name": self.holder.name, "country": self.holder.country},
            "goods": [goods.model_dump(mode="json") for goods in self.goods],
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "status": self.status.value,
        }

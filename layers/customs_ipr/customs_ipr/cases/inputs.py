"""Officers' inputs to a case: one pydantic model per kind, a union discriminated on ``kind``.

An input arrives as a kind and its data (``customs-ipr case input CASE KIND``, ``POST
/cases/{id}/inputs {"kind": ..., "data": {...}}``); :func:`parse_input` checks the data
against the kind's model. ``holder_reply`` (a paper reply typed in) is a
``HolderResponse`` and ``notice_served`` belongs to ``cases.service``; both are routed by
``cases.submission``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from customs_ipr.errors import InvalidInput


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str

    def outcome(self) -> str:
        """What the waiting task reads as the answer's outcome."""
        return self.kind


class IpStatusDeclarationInput(_Input):
    kind: Literal["ip_status_declaration"] = "ip_status_declaration"
    suspect: bool = Field(description="customs still suspects infringement after the declaration")
    statement: str | None = None

    def outcome(self) -> str:
        return "suspect" if self.suspect else "cleared"


class InvestigationResultInput(_Input):
    kind: Literal["investigation_result"] = "investigation_result"
    result: str = Field(pattern="^(not_infringing|undetermined)$")
    note: str | None = None

    def outcome(self) -> str:
        return self.result


class SettlementInput(_Input):
    """Art. 27 ¶3: the parties' written application, with the agreement attached."""

    kind: Literal["settlement"] = "settlement"
    agreement_key: str = Field(
        min_length=1, description="the agreement in the documents bucket (cases.rules.settlement)"
    )
    agreement_sha256: str | None = None
    criminal_suspicion: bool = False
    statement: str | None = None

    def outcome(self) -> str:
        return "settlement_referral" if self.criminal_suspicion else self.kind


class PenaltyDecisionInput(_Input):
    kind: Literal["penalty_decision"] = "penalty_decision"
    fine_rmb: Decimal = Field(ge=0)
    effective_on: date | None = None
    criminal_referral: bool = False
    other_facts: list[str] = Field(default_factory=list)

    def outcome(self) -> str:
        return "infringing"


class CourtNoticeInput(_Input):
    kind: Literal["court_notice"] = "court_notice"
    court: str
    reference: str


class CounterGuaranteeInput(_Input):
    kind: Literal["counter_guarantee"] = "counter_guarantee"
    amount_rmb: Decimal = Field(gt=0)


class RenunciationInput(_Input):
    kind: Literal["renunciation"] = "renunciation"
    officer: str = Field(description="the officer who consented to the renunciation")
    statement: str | None = None

    def outcome(self) -> str:
        return "renounced"


class PartyIdentifiedInput(_Input):
    kind: Literal["party_identified"] = "party_identified"
    name: str
    code: str | None = None
    email: str | None = None


class ExplanationInput(_Input):
    kind: Literal["explanation"] = "explanation"
    text: str


OfficerInput = Annotated[
    IpStatusDeclarationInput
    | InvestigationResultInput
    | SettlementInput
    | PenaltyDecisionInput
    | CourtNoticeInput
    | CounterGuaranteeInput
    | RenunciationInput
    | PartyIdentifiedInput
    | ExplanationInput,
    Field(discriminator="kind"),
]
"""Any officer's input, told apart by its ``kind``."""

_ADAPTER: TypeAdapter[OfficerInput] = TypeAdapter(OfficerInput)

INPUTS: dict[str, type[_Input]] = {
    get_args(model.model_fields["kind"].annotation)[0]: model
    for model in get_args(get_args(OfficerInput)[0])
}
"""Officers' inputs by kind; ``holder_reply`` (a paper reply typed in) goes to
``cases.submission.resume_with_reply``, ``notice_served`` to ``cases.service``."""

OTHER_KINDS = ("holder_reply", "notice_served")

DEADLINE_BOUND = {
    "ip_status_declaration",
    "holder_reply",
    "court_notice",
    "renunciation",
    "party_identified",
}
"""Inputs from parties or courts that count only if received by the wait's due date."""


def problems(error: ValidationError, skip: int = 0) -> str:
    """A validation error in one sentence: ``field: message; ...`` (``skip``: leading loc parts)."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc'][skip:]) or 'input'}: {e['msg']}"
        for e in error.errors()
    )


def parse_input(kind: str, data: dict[str, Any]) -> OfficerInput:
    """The officer's input of ``kind``; ``InvalidInput`` naming every problem of ``data``."""
    if kind not in INPUTS:
        known = ", ".join(sorted([*INPUTS, *OTHER_KINDS]))
        raise InvalidInput(f"Unknown input kind {kind!r}; known kinds: {known}.")
    if data.get("kind", kind) != kind:
        raise InvalidInput(f"The {kind} input is not valid: kind: {data['kind']!r} is not {kind}.")
    try:
        return _ADAPTER.validate_python({**data, "kind": kind})
    except ValidationError as error:
        # skip the union's tag in each location: the field names are the officer's
        raise InvalidInput(f"The {kind} input is not valid: {problems(error, 1)}.") from None

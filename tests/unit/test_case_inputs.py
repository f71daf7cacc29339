"""Officers' inputs: one model per kind in a union discriminated on ``kind``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from customs_ipr.cases.inputs import (
    INPUTS,
    InvestigationResultInput,
    IpStatusDeclarationInput,
    PenaltyDecisionInput,
    RenunciationInput,
    SettlementInput,
    parse_input,
)
from customs_ipr.errors import InvalidInput


def test_each_kind_parses_to_its_own_model():
    # GIVEN a kind and its data WHEN parsed THEN the union picks the kind's model
    parsed = parse_input("penalty_decision", {"fine_rmb": "1000"})

    assert isinstance(parsed, PenaltyDecisionInput)
    assert parsed.kind == "penalty_decision" and parsed.fine_rmb == Decimal("1000")
    assert {kind: model.model_fields["kind"].default for kind, model in INPUTS.items()} == {
        kind: kind for kind in INPUTS
    }


@pytest.mark.parametrize(
    ("kind", "data", "outcome"),
    [
        ("ip_status_declaration", {"suspect": True}, "suspect"),
        ("ip_status_declaration", {"suspect": False}, "cleared"),
        ("investigation_result", {"result": "not_infringing"}, "not_infringing"),
        ("penalty_decision", {"fine_rmb": "10"}, "infringing"),
        ("renunciation", {"officer": "Wang"}, "renounced"),
        ("settlement", {"agreement_key": "a.pdf"}, "settlement"),
        (
            "settlement",
            {"agreement_key": "a.pdf", "criminal_suspicion": True},
            "settlement_referral",
        ),
        ("court_notice", {"court": "Shanghai IP Court", "reference": "X-1"}, "court_notice"),
    ],
)
def test_the_outcome_the_waiting_task_reads(kind, data, outcome):
    assert parse_input(kind, data).outcome() == outcome


def test_problems_name_the_officers_fields_not_the_union_tag():
    with pytest.raises(InvalidInput) as error:
        parse_input("settlement", {"agreement_key": "", "extra": 1})

    assert error.value.message == (
        "The settlement input is not valid: agreement_key: String should have at least "
        "1 character; extra: Extra inputs are not permitted."
    )


def test_an_unknown_kind_lists_the_known_ones():
    with pytest.raises(InvalidInput, match="known kinds: counter_guarantee, court_notice"):
        parse_input("bribe", {})


def test_data_cannot_name_another_kind():
    with pytest.raises(InvalidInput, match="'renunciation' is not settlement"):
        parse_input("settlement", {"kind": "renunciation", "agreement_key": "a.pdf"})


def test_a_model_still_validates_data_without_its_kind():
    # the samples in samples/inputs/ carry no kind: the model fills it in
    assert SettlementInput.model_validate({"agreement_key": "a"}).kind == "settlement"
    assert (
        IpStatusDeclarationInput.model_validate({"suspect": True}).kind == "ip_status_declaration"
    )
    assert InvestigationResultInput(result="undetermined").outcome() == "undetermined"
    assert RenunciationInput(officer="Li").kind == "renunciation"

"""Upon application, personal items (Art. 31) and unidentified parties (Art. 32) in moto."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fixtures import case_records
from fixtures.cases_harness import (
    agreement,
    case_of,
    events_of,
    finished,
    notices_of,
    view_of,
    waiting_for,
)

from customs_ipr.cases.model import CaseGoods, CaseParty, CaseRecordation
from customs_ipr.cases.opening import (
    start_application_case,
    start_personal_case,
    start_unidentified_case,
)
from customs_ipr.cases.rules.unidentified import InfringementFinding
from customs_ipr.cases.submission import submit_input

HOLDER = CaseParty(name="Nike Innovate C.V.", email="ipr@nike-holder.example.com")
TRADER = CaseParty(
    name="上海某贸易有限公司", code="91310000MA1FL12345", email="docs@trader.example.cn"
)
MARK = CaseRecordation(recordation_no="T2019-12345", title="NIKE", ip_type="trademark")


def _application(guarantee: str) -> str:
    started = start_application_case(
        holder=HOLDER,
        goods=case_records.nike_shoes(),
        consignee=TRADER,
        recordation=MARK,
        guarantee_rmb=Decimal(guarantee),
        started_on=date(2026, 3, 2),
    )
    return started.case_id


def test_application_with_a_guarantee_below_the_value_is_refused(stack):
    case_id = _application("49999.99")
    finished(case_id)
    assert case_of(case_id).status == "application_refused"
    assert notices_of(case_id) == [("application_refused", "holder")]
    assessed = next(e for e in view_of(case_id).history if e.event == "application_assessed")
    assert assessed.detail["required_rmb"] == Decimal("50000")


def _personal(quantity: str, explanation: str | None = None) -> str:
    return start_personal_case(
        person=CaseParty(name="Passenger A", email="passenger@example.com"),
        goods=case_records.lv_bags(quantity),
        recordation=CaseRecordation(recordation_no="T2018-00001", title="LV", ip_type="trademark"),
        holder=HOLDER,
        explanation=explanation,
        started_on=date(2026, 3, 2),
    ).case_id


def test_personal_items_within_reasonable_quantity_pass(stack):
    case_id = _personal("2")
    finished(case_id)
    assert case_of(case_id).status == "cleared"
    assert notices_of(case_id) == []


def test_personal_items_beyond_reasonable_quantity_are_detained_until_renounced(stack):
    case_id = _personal("5")
    case = waiting_for(case_id, "personal_renunciation")
    assert case.detention_on == date(2026, 3, 2)
    submit_input(case_id, "explanation", {"text": "gifts for my family"})
    submit_input(case_id, "renunciation", {"officer": "officer 0423"})
    finished(case_id)
    case = case_of(case_id)
    assert case.status == "renounced"
    assert case.explanation == "gifts for my family"
    assert sorted(notices_of(case_id)) == [
        ("personal_items_detention", "holder"),
        ("personal_items_detention", "passenger"),
    ]
    assert [d.kind for d in view_of(case_id).documents] == ["explanation"]
    assert "explanation_recorded" in events_of(case_id)


def _unidentified() -> str:
    return start_unidentified_case(
        goods=[CaseGoods(name="手表", brand="ROLEX", quantity=Decimal("40"), unit="块")],
        finding=InfringementFinding(
            found_on=date(2026, 3, 2), officer="officer 0423", basis="比对鉴定 / comparison"
        ),
        recordation=CaseRecordation(recordation_no="T2017-00002", title="ROLEX"),
        detention_on=date(2026, 3, 2),
    ).case_id


def test_a_party_coming_forward_turns_the_case_into_an_investigation(stack):
    case_id = _unidentified()
    waiting_for(case_id, "claim")
    submit_input(case_id, "party_identified", {"name": "某某贸易公司", "email": "a@b.example"})
    waiting_for(case_id, "investigation")
    submit_input(case_id, "settlement", {"agreement_key": agreement(case_id)})
    finished(case_id)
    case = case_of(case_id)
    assert case.consignee is not None and case.consignee.name == "某某贸易公司"
    assert case.release_reason == "settlement"

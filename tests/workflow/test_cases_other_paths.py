"""Upon application, personal items (Art. 31) and unidentified parties (Art. 32) in moto."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fixtures.cases_harness import (
    agreement,
    case_of,
    deadline_of,
    events_of,
    explain,
    finished,
    notices_of,
    states_entered,
    view_of,
    waiting_for,
)

from customs_ipr import deadlines
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
SHOES = [
    CaseGoods(
        name="运动鞋",
        brand="NIKE",
        quantity=Decimal("200"),
        unit="双",
        value=Decimal("50000"),
        currency="CNY",
    )
]


def _application(guarantee: str) -> str:
    started = start_application_case(
        holder=HOLDER,
        goods=SHOES,
        consignee=TRADER,
        recordation=MARK,
        guarantee_rmb=Decimal(guarantee),
        started_on=date(2026, 3, 2),
    )
    return started.case_id


def test_application_without_court_notice_in_twenty_working_days_releases(stack):
    # GIVEN the holder applied with a guarantee equal to the value (50,000 RMB)
    case_id = _application("50000")
    # WHEN no court assistance notice arrives within 20 working days of detention
    description = finished(case_id)
    # THEN the goods were detained on the application date and are released afterwards
    assert description["status"] == "SUCCEEDED"
    case = case_of(case_id)
    assert case.detention_on == date(2026, 3, 2)
    assert (case.status, case.release_reason) == (
        "released",
        "no_court_notice_on_application",
    ), explain(case_id)
    court = deadline_of(case_id, "court_assistance_on_application")
    assert court.due == date(2026, 3, 30)
    assert court.due == deadlines.compute("court_assistance_on_application", date(2026, 3, 2)).due
    released = next(e for e in view_of(case_id).history if e.event == "goods_released")
    assert released.legal_date == date(2026, 3, 31)
    assert notices_of(case_id) == [
        ("detention_notice", "holder"),
        ("detention_voucher", "consignee"),
        ("release_notice", "holder"),
        ("release_notice", "consignee"),
    ]


def test_application_with_court_notice_is_handed_to_the_court(stack):
    case_id = _application("50000")
    waiting_for(case_id, "court_notice")
    submit_input(
        case_id, "court_notice", {"court": "上海知识产权法院", "reference": "(2026)沪73民初1号"}
    )
    finished(case_id)
    assert case_of(case_id).status == "court_assistance"


def test_application_with_a_guarantee_below_the_value_is_refused(stack):
    case_id = _application("49999.99")
    finished(case_id)
    assert case_of(case_id).status == "application_refused"
    assert notices_of(case_id) == [("application_refused", "holder")]
    assessed = next(e for e in view_of(case_id).history if e.event == "application_assessed")
    assert assessed.detail["required_rmb"] == Decimal("50000")


def _personal(quantity: str, explanation: str | None = None) -> str:
    goods = [
        CaseGoods(
            name="手提包",
            brand="LV",
            quantity=Decimal(quantity),
            unit="个",
            value=Decimal("3000"),
            currency="CNY",
        )
    ]
    return start_personal_case(
        person=CaseParty(name="Passenger A", email="passenger@example.com"),
        goods=goods,
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


def test_unrenounced_personal_items_go_to_investigation(stack):
    case_id = _personal("5")
    waiting_for(case_id, "investigation", timeout=30)
    submit_input(case_id, "investigation_result", {"result": "not_infringing"})
    finished(case_id)
    assert case_of(case_id).release_reason == "not_infringing"
    assert "Set the investigation deadline" in states_entered(case_id)


def _unidentified() -> str:
    return start_unidentified_case(
        goods=[CaseGoods(name="手表", brand="ROLEX", quantity=Decimal("40"), unit="块")],
        finding=InfringementFinding(
            found_on=date(2026, 3, 2), officer="officer 0423", basis="比对鉴定 / comparison"
        ),
        recordation=CaseRecordation(recordation_no="T2017-00002", title="ROLEX"),
        detention_on=date(2026, 3, 2),
    ).case_id


def test_unclaimed_goods_are_confiscated_three_months_after_the_announcement(stack):
    case_id = _unidentified()
    description = finished(case_id, timeout=60)
    assert description["status"] == "SUCCEEDED"
    case = case_of(case_id)
    assert case.status == "confiscated"
    assert case.announced_on == date(2026, 3, 2)
    assert deadline_of(case_id, "confiscation_after_announcement").due == date(2026, 6, 2)
    confiscated = next(e for e in view_of(case_id).history if e.event == "goods_confiscated")
    assert confiscated.legal_date == date(2026, 6, 3)
    assert notices_of(case_id) == [("public_announcement", "public")]
    notice = view_of(case_id).notices[0]
    assert notice["served_by_other_means_required"] is True


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

"""Upon application, personal items and unidentified parties (Regulations Arts. 14, 15, 24;
Implementing Measures Arts. 31, 32), walked through the state machine in memory
(``fixtures.case_machine``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fixtures import case_records
from fixtures.case_machine import CaseMachine

from customs_ipr import deadlines
from customs_ipr.calendar import default_calendar
from customs_ipr.cases.model import CaseGoods, CaseParty
from customs_ipr.notices.rendering import render_html


def _input(kind: str, outcome: str | None = None, **data: Any) -> dict[str, Any]:
    return {"kind": kind, "outcome": outcome or kind, **data}


# ---------------------------------------------------------------------------- upon application
def test_application_without_court_notice_in_twenty_working_days_releases():
    # GIVEN the holder applied with a guarantee equal to the value (50,000 RMB)
    machine = CaseMachine(case_records.upon_application("50000"))
    assert machine.waits_for() == "court_notice"
    # WHEN no court assistance notice arrives within 20 working days of detention
    machine.deadline_passes()
    # THEN the goods were detained on the application date and are released afterwards
    assert machine.status == "SUCCEEDED"
    case = machine.case
    assert case.detention_on == date(2026, 3, 2)
    assert (case.status, case.release_reason) == ("released", "no_court_notice_on_application")
    court = machine.deadline("court_assistance_on_application")
    assert court.due == date(2026, 3, 30)
    assert court.due == deadlines.compute("court_assistance_on_application", date(2026, 3, 2)).due
    assert machine.event("goods_released").legal_date == date(2026, 3, 31)
    assert machine.notices() == [
        ("detention_notice", "holder"),
        ("detention_voucher", "consignee"),
        ("release_notice", "holder"),
        ("release_notice", "consignee"),
    ]


def test_upon_application_the_notices_promise_and_cite_the_twenty_working_days():
    machine = CaseMachine(case_records.upon_application("50000"))
    machine.deadline_passes()
    issued = {c.kind: c for c in machine.notifier.issued}
    detention = render_html(issued["detention_notice"])
    # THEN the detention notice promises 20 working days, not the ex officio 30/50
    assert "20个工作日" in detention and "50个工作日" not in detention
    assert "30个工作日" not in detention
    release = render_html(issued["release_notice"])
    assert "20个工作日内未收到" in release and "第二十四条" in release


def test_application_with_court_notice_is_handed_to_the_court():
    machine = CaseMachine(case_records.upon_application("50000"))
    court = {"court": "上海知识产权法院", "reference": "(2026)沪73民初1号"}
    machine.answer(_input("court_notice", **court))
    assert machine.case.status == "court_assistance"


def test_application_with_a_guarantee_below_the_value_is_refused_in_writing():
    machine = CaseMachine(case_records.upon_application("49999.99"))
    assert machine.status == "SUCCEEDED"
    assert machine.case.status == "application_refused"
    assert machine.notices() == [("application_refused", "holder")]
    assert machine.event("application_assessed").detail["required_rmb"] == Decimal("50000")
    assert "49,999.99" in render_html(machine.notifier.issued[0])


# ---------------------------------------------------------------------------- personal items
def test_personal_items_within_reasonable_quantity_pass():
    machine = CaseMachine(case_records.personal(case_records.lv_bags("2")))
    assert machine.case.status == "cleared"
    assert machine.notices() == []


def test_personal_items_beyond_reasonable_quantity_are_detained_until_renounced():
    machine = CaseMachine(case_records.personal(case_records.lv_bags("5")))
    assert machine.waits_for() == "personal_renunciation"
    assert machine.case.detention_on == date(2026, 3, 2)
    renunciation = machine.deadline("personal_renunciation")
    assert (renunciation.due, renunciation.basis) == (
        date(2026, 3, 5),
        "Implementing Measures Art. 31",
    )
    machine.answer(_input("renunciation", "renounced", officer="officer 0423"))
    case = machine.case
    assert case.status == "renounced"
    assert machine.event("items_renounced").detail["consented_by"] == "officer 0423"
    assert sorted(machine.notices()) == [
        ("personal_items_detention", "holder"),
        ("personal_items_detention", "passenger"),
    ]


def test_unrenounced_personal_items_go_to_investigation_and_may_still_be_renounced():
    watches = [CaseGoods(name="手表", brand="ROLEX", quantity=Decimal("3"), hs_code="9102110000")]
    holder = CaseParty(name="Rolex SA", email="ipr@rolex.example.com")
    machine = CaseMachine(case_records.personal(watches, holder=holder))
    # GIVEN the person let the office's 3 working days pass: the investigation runs
    machine.deadline_passes()
    assert machine.waits_for() == "investigation"
    assert "Set the investigation deadline" in machine.entered
    assert ("personal_items_detention", "holder") in machine.notices()
    # WHEN the person renounces the items, with the officer's consent
    machine.answer(_input("renunciation", "renounced", officer="officer 0423"))
    assert machine.case.status == "renounced"


def test_unrenounced_personal_items_released_when_not_infringing():
    machine = CaseMachine(case_records.personal(case_records.lv_bags("5")))
    machine.deadline_passes()
    machine.answer(_input("investigation_result", "not_infringing", result="not_infringing"))
    assert machine.case.release_reason == "not_infringing"


# ---------------------------------------------------------------------------- unidentified
def test_unclaimed_goods_are_confiscated_three_months_after_the_announcement():
    machine = CaseMachine(case_records.unidentified())
    assert machine.waits_for() == "claim"
    machine.deadline_passes()
    assert machine.status == "SUCCEEDED"
    case = machine.case
    assert case.status == "confiscated"
    assert case.announced_on == date(2026, 3, 2)
    assert machine.deadline("confiscation_after_announcement").due == date(2026, 6, 2)
    assert machine.event("goods_confiscated").legal_date == date(2026, 6, 3)
    assert machine.notices() == [("public_announcement", "public")]
    assert machine.view.notices[0]["served_by_other_means_required"] is True


def test_unclaimed_goods_are_announced_after_the_finding_and_the_holder_gets_art30_notice():
    holder = CaseParty(name="Rolex SA", email="ipr@rolex.example.com")
    machine = CaseMachine(
        case_records.unidentified(found_on=date(2026, 3, 3), holder=holder),
        today=date(2026, 3, 2),
    )
    # THEN the announcement is not dated before the finding
    assert machine.case.announced_on == date(2026, 3, 3)
    machine.deadline_passes()
    assert machine.notices() == [
        ("public_announcement", "public"),
        ("confiscation_notice", "holder"),
    ]
    confiscation = machine.notifier.issued[-1]
    assert confiscation.facts.fine_amount == Decimal("0")
    assert "未查明" in confiscation.facts.consignor.name


def test_an_announcement_without_a_finding_is_refused():
    case = case_records.unidentified().model_copy(update={"infringement_found_on": None})
    machine = CaseMachine(case)
    assert machine.case.status == "failed"
    assert "no infringement finding" in machine.event("workflow_failed").detail["cause"]


def test_a_party_identified_late_gets_its_periods_from_the_identification():
    holder = CaseParty(name="Rolex SA", email="ipr@rolex.example.com")
    machine = CaseMachine(case_records.unidentified(found_on=date(2026, 3, 3), holder=holder))
    # WHEN a consignee comes forward on 25 May, after 30 working days from the detention
    identified = date(2026, 5, 25)
    party = {"name": "某某贸易公司", "email": "a@b.example"}
    machine.answer(_input("party_identified", **party), on=identified)
    assert machine.case.consignee.name == "某某贸易公司"
    machine.deadline_passes()
    machine.deadline_passes()
    # THEN its 30 and 50 working days count from 25 May, not from the detention on 2 March
    investigation = machine.deadline("undetermined_notice")
    court = machine.deadline("court_assistance")
    assert investigation.start == court.start == identified
    assert investigation.due == default_calendar().add_working_days(identified, 30)
    assert court.due == default_calendar().add_working_days(identified, 50)
    released = machine.event("goods_released")
    assert released.legal_date == default_calendar().add_working_days(court.due, 1)
    # AND the identified party is served the detention voucher (Art. 26)
    assert ("detention_voucher", "consignee") in machine.notices()


def test_a_party_coming_forward_can_settle():
    machine = CaseMachine(case_records.unidentified())
    party = {"name": "某某贸易公司", "email": "a@b.example"}
    machine.answer(_input("party_identified", **party))
    assert machine.waits_for() == "investigation"
    machine.answer(_input("settlement", agreement_key="a.pdf"))
    case = machine.case
    assert case.consignee is not None and case.consignee.name == "某某贸易公司"
    assert case.release_reason == "settlement"

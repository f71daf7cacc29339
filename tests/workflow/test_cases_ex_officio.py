"""The ex officio path end to end in moto: the real ASL, tasks dispatched in-process."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from fixtures.cases_data import CONSIGNEE_EMAIL, HOLDER_EMAIL, declaration, hits
from fixtures.cases_harness import (
    agreement,
    case_of,
    deadline_of,
    events_of,
    explain,
    finished,
    notices_of,
    reply,
    sent_emails,
    states_entered,
    view_of,
    waiting_for,
)

from customs_ipr import deadlines
from customs_ipr.calendar import default_calendar
from customs_ipr.cases.opening import start_case
from customs_ipr.cases.submission import resume_with_reply, submit_input
from customs_ipr.errors import InvalidInput


def _start(**kwargs) -> str:
    started = start_case(declaration(), hits(**kwargs), consignee_email=CONSIGNEE_EMAIL)
    assert len(started) == 1 and started[0].created
    return started[0].case_id


def _holder_replies(case_id: str, decision: str = "detain", **kwargs) -> None:
    case = waiting_for(case_id, "holder_reply")
    resume_with_reply(reply(case.wait.notice_no, decision, **kwargs))


def test_holder_silence_releases_the_goods_the_day_after_the_deadline(stack):
    # GIVEN screening suspended release of a declaration of 2 March 2026
    case_id = _start()
    # WHEN the holder does not answer within 3 working days
    description = finished(case_id)
    # THEN the goods are released for want of an application (Art. 25)
    assert description["status"] == "SUCCEEDED"
    case = case_of(case_id)
    assert case.status == "released"
    assert case.release_reason == "no_application"
    assert case.wait is None
    reply_deadline = deadline_of(case_id, "holder_reply")
    assert reply_deadline.due == deadlines.compute("holder_reply", reply_deadline.start).due
    assert reply_deadline.basis == "Implementing Measures Art. 22"
    history = view_of(case_id).history
    passed = next(e for e in history if e.event == "deadline_passed")
    assert passed.detail["wait"] == "holder_reply"
    released = next(e for e in history if e.event == "goods_released")
    assert released.legal_date >= default_calendar().add_working_days(reply_deadline.due, 1)
    assert notices_of(case_id) == [
        ("suspension_notice", "holder"),
        ("release_notice", "holder"),
        ("release_notice", "consignee"),
    ]
    assert states_entered(case_id)[-2:] == ["Release: no application", "Goods released"]
    assert sorted(sent_emails()) == sorted([HOLDER_EMAIL, HOLDER_EMAIL, CONSIGNEE_EMAIL])


def test_undeclared_ip_status_leads_to_suspension_then_detention_and_confiscation(stack):
    # GIVEN screening requires the IP status declaration (Art. 21 ¶1)
    case_id = _start(action="require_ip_status_declaration")
    # WHEN the consignee stays silent, the holder applies with an adequate guarantee (Art. 23:
    # 50 % of 71,000 RMB) and the officer records a penalty decision with a referral
    _holder_replies(case_id, "detain", amount="35500")
    waiting_for(case_id, "investigation")
    submit_input(
        case_id,
        "penalty_decision",
        {"fine_rmb": "21299.99", "criminal_referral": True, "other_facts": ["x"]},
    )
    description = finished(case_id)
    # THEN the goods are confiscated with the Art. 30 notice and the case is referred
    assert description["status"] == "SUCCEEDED"
    case = case_of(case_id)
    assert case.status == "confiscated"
    assert case.fine_rmb == Decimal("21299.99")
    assert case.criminal_referral is True
    assert case.guarantee_posted == Decimal("35500.00")
    assert case.detention_on is not None
    assert notices_of(case_id) == [
        ("require_ip_status_declaration", "consignee"),
        ("suspension_notice", "holder"),
        ("detention_notice", "holder"),
        ("detention_voucher", "consignee"),
        ("confiscation_notice", "holder"),
    ]
    events = events_of(case_id)
    assert events.index("deadline_passed") < events.index("release_suspended")
    assert "criminal_referral" in events
    states = states_entered(case_id)
    assert "Refer to public security" in states and states[-1] == "Goods confiscated"
    undetermined = deadline_of(case_id, "undetermined_notice")
    assert undetermined.start == case.detention_on
    assert all(len(n["sha256"]) == 64 for n in view_of(case_id).notices)


def test_a_convincing_ip_status_declaration_clears_the_goods(stack):
    case_id = _start(action="require_ip_status_declaration")
    waiting_for(case_id, "ip_status_declaration")
    submit_input(case_id, "ip_status_declaration", {"suspect": False, "statement": "licensed"})
    finished(case_id)
    assert case_of(case_id).status == "cleared"
    assert notices_of(case_id) == [("require_ip_status_declaration", "consignee")]
    assert states_entered(case_id)[-1] == "Goods cleared"


def test_holder_asking_no_detention_releases(stack):
    case_id = _start()
    _holder_replies(case_id, "no_detention")
    finished(case_id)
    case = case_of(case_id)
    assert (case.status, case.release_reason) == ("released", "holder_no_detention"), explain(
        case_id
    )
    assert "deadline_passed" not in events_of(case_id)


def test_an_inadequate_guarantee_releases(stack):
    # Art. 23 asks 35,500 RMB for goods worth 71,000; one cent less is not enough
    case_id = _start()
    _holder_replies(case_id, "detain", amount="35499.99")
    finished(case_id)
    case = case_of(case_id)
    assert (case.status, case.release_reason) == ("released", "no_guarantee")
    assessed = next(e for e in view_of(case_id).history if e.event == "holder_reply_assessed")
    assert assessed.detail["required_rmb"] == Decimal("35500")


def test_a_general_guarantee_covering_the_date_detains_then_settlement_releases(stack):
    general = {"amount": "200000", "approved_on": "2026-01-05", "expires_on": "2026-12-31"}
    case_id = _start(general_guarantee=general)
    _holder_replies(case_id, "detain", amount=None, form="general")
    waiting_for(case_id, "investigation")
    submit_input(
        case_id,
        "settlement",
        {"statement": "the parties settled", "agreement_key": agreement(case_id)},
    )
    finished(case_id)
    case = case_of(case_id)
    assert (case.status, case.release_reason) == ("released", "settlement")
    assert ("detention_notice", "holder") in notices_of(case_id)


def test_a_general_guarantee_does_not_cover_patents(stack):
    general = {"amount": "200000", "approved_on": "2026-01-05", "expires_on": "2026-12-31"}
    case_id = _start(general_guarantee=general, ip_type="patent", recordation_no="P2020-00001")
    _holder_replies(case_id, "detain", amount=None, form="general")
    finished(case_id)
    assert case_of(case_id).release_reason == "no_guarantee"


def test_silent_investigation_and_court_release_after_fifty_working_days(stack):
    # GIVEN detained goods
    case_id = _start()
    _holder_replies(case_id, "detain")
    # WHEN customs reaches no result within 30 working days and no court notice comes
    description = finished(case_id, timeout=60)
    # THEN the Art. 28 notice went out and the goods are released after day 50 (Art. 29)
    assert description["status"] == "SUCCEEDED"
    case = case_of(case_id)
    assert (case.status, case.release_reason) == ("released", "no_court_notice"), explain(case_id)
    court = deadline_of(case_id, "court_assistance")
    assert court.start == case.detention_on
    assert court.due == deadlines.compute("court_assistance", case.detention_on).due
    assert notices_of(case_id)[-4:] == [
        ("undetermined_notice", "consignee"),
        ("undetermined_notice", "holder"),
        ("release_notice", "consignee"),
        ("release_notice", "holder"),
    ] or sorted(notices_of(case_id)[-4:]) == sorted(
        [
            ("undetermined_notice", "consignee"),
            ("undetermined_notice", "holder"),
            ("release_notice", "consignee"),
            ("release_notice", "holder"),
        ]
    )
    assert events_of(case_id).count("deadline_passed") == 2


def test_undetermined_then_court_notice_hands_the_goods_to_the_court(stack):
    case_id = _start()
    _holder_replies(case_id, "detain")
    waiting_for(case_id, "investigation")
    submit_input(case_id, "investigation_result", {"result": "undetermined"})
    waiting_for(case_id, "court_notice")
    submit_input(
        case_id, "court_notice", {"court": "上海知识产权法院", "reference": "(2026)沪73执保1号"}
    )
    finished(case_id)
    case = case_of(case_id)
    assert case.status == "court_assistance"
    assert states_entered(case_id)[-1] == "Handed to the court"


def test_patent_counter_guarantee_releases_but_only_for_the_full_value(stack):
    case_id = _start(ip_type="patent", recordation_no="P2020-00001")
    _holder_replies(case_id, "detain")
    waiting_for(case_id, "investigation")
    submit_input(case_id, "investigation_result", {"result": "undetermined"})
    waiting_for(case_id, "court_notice")
    with pytest.raises(InvalidInput):
        submit_input(case_id, "counter_guarantee", {"amount_rmb": "70999.99"})
    submit_input(case_id, "counter_guarantee", {"amount_rmb": "71000"})
    finished(case_id)
    assert case_of(case_id).release_reason == "counter_guarantee"


def test_a_fine_of_thirty_percent_is_refused_before_resuming(stack):
    case_id = _start()
    _holder_replies(case_id, "detain")
    waiting_for(case_id, "investigation")
    with pytest.raises(InvalidInput):
        submit_input(case_id, "penalty_decision", {"fine_rmb": "21300"})
    submit_input(case_id, "investigation_result", {"result": "not_infringing"})
    finished(case_id)
    assert case_of(case_id).release_reason == "not_infringing"


def test_duplicate_delivery_opens_one_case(stack):
    shipment = declaration()
    first = start_case(shipment, hits())
    again = start_case(shipment, hits())
    assert [s.case_id for s in first] == [s.case_id for s in again]
    assert again[0].created is False
    waiting_for(first[0].case_id, "holder_reply")
    assert events_of(first[0].case_id).count("case_opened") == 1
    finished(first[0].case_id)


def test_screening_release_opens_no_case(stack):
    assert start_case(declaration(), hits(action="release")) == []


def test_case_start_date_comes_from_the_declaration(stack):
    case_id = start_case(declaration(declared=date(2026, 9, 21)), hits())[0].case_id
    assert case_of(case_id).started_on == date(2026, 9, 21)
    finished(case_id)

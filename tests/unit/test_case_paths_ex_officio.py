"""The ex officio path's rules (Art. 21–30), walked through the real state machine in memory.

``fixtures.case_machine`` interprets ``statemachine/case.asl.json`` and runs each task
through the task registry against an ``InMemoryCaseStore``, a fake notifier and a clock
the test moves: the legal values of every branch are checked in milliseconds. The moto
workflow tests (tests/workflow) prove the wiring (Step Functions, timers, replies).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fixtures import case_records
from fixtures.case_machine import CaseMachine
from fixtures.cases_data import CONSIGNEE_EMAIL, HOLDER_EMAIL

from customs_ipr import deadlines
from customs_ipr.calendar import default_calendar
from customs_ipr.notices.rendering import render_html

GENERAL = {"amount": "200000", "approved_on": "2026-01-05", "expires_on": "2026-12-31"}


def _reply(machine: CaseMachine, decision: str = "detain", **guarantee: Any) -> dict[str, Any]:
    """A holder's reply as ``resume_with_reply`` hands it to the waiting task."""
    wait = machine.case.wait
    assert wait is not None and wait.kind == "holder_reply"
    answer: dict[str, Any] = {
        "kind": "holder_reply",
        "outcome": "reply",
        "notice_no": wait.notice_no,
        "decision": decision,
    }
    if decision == "detain":
        answer["guarantee"] = {"form": "cash", "amount": "35500", **guarantee}
    return answer


def _input(kind: str, outcome: str | None = None, **data: Any) -> dict[str, Any]:
    """An officer's input as ``submit_input`` hands it to the waiting task."""
    return {"kind": kind, "outcome": outcome or kind, **data}


def _detained(**case: Any) -> CaseMachine:
    machine = CaseMachine(case_records.ex_officio(**case))
    machine.answer(_reply(machine))
    assert machine.waits_for() == "investigation"
    return machine


def test_holder_silence_releases_the_goods_the_day_after_the_deadline():
    # GIVEN screening suspended release of a declaration of 2 March 2026
    machine = CaseMachine(case_records.ex_officio())
    assert machine.waits_for() == "holder_reply"
    # WHEN the holder does not answer within 3 working days
    machine.deadline_passes()
    # THEN the goods are released for want of an application (Art. 25)
    assert machine.status == "SUCCEEDED"
    case = machine.case
    assert (case.status, case.release_reason, case.wait) == ("released", "no_application", None)
    reply_deadline = machine.deadline("holder_reply")
    assert reply_deadline.due == deadlines.compute("holder_reply", reply_deadline.start).due
    assert reply_deadline.due == date(2026, 3, 5)
    assert reply_deadline.basis == "Implementing Measures Art. 22"
    assert machine.event("deadline_passed").detail["wait"] == "holder_reply"
    released = machine.event("goods_released")
    assert released.legal_date == default_calendar().add_working_days(reply_deadline.due, 1)
    assert machine.notices() == [
        ("suspension_notice", "holder"),
        ("release_notice", "holder"),
        ("release_notice", "consignee"),
    ]
    assert machine.entered[-2:] == ["Release: no application", "Goods released"]
    assert sorted(machine.notifier.emails()) == sorted(
        [HOLDER_EMAIL, HOLDER_EMAIL, CONSIGNEE_EMAIL]
    )


def test_undeclared_ip_status_leads_to_suspension_then_detention_and_confiscation():
    # GIVEN screening requires the IP status declaration (Art. 21 ¶1)
    machine = CaseMachine(case_records.ex_officio(require_declaration=True))
    assert machine.waits_for() == "ip_status_declaration"
    # WHEN the consignee stays silent, the holder applies with an adequate guarantee (Art. 23:
    # 50 % of 71,000 RMB) and the officer records a penalty decision with a referral
    machine.deadline_passes()
    machine.answer(_reply(machine, amount="35500"))
    assert machine.waits_for() == "investigation"
    penalty = {"fine_rmb": "21299.99", "criminal_referral": True, "other_facts": ["x"]}
    machine.answer(_input("penalty_decision", "infringing", **penalty))
    # THEN the goods are confiscated with the Art. 30 notice and the case is referred
    assert machine.status == "SUCCEEDED"
    case = machine.case
    assert case.status == "confiscated"
    assert case.fine_rmb == Decimal("21299.99")
    assert case.criminal_referral is True
    assert case.guarantee_posted == Decimal("35500.00")
    assert case.detention_on is not None
    assert machine.notices() == [
        ("require_ip_status_declaration", "consignee"),
        ("suspension_notice", "holder"),
        ("detention_notice", "holder"),
        ("detention_voucher", "consignee"),
        ("confiscation_notice", "holder"),
    ]
    events = machine.events()
    assert events.index("deadline_passed") < events.index("release_suspended")
    assert "criminal_referral" in events
    assert "Refer to public security" in machine.entered
    assert machine.entered[-1] == "Goods confiscated"
    assert machine.deadline("undetermined_notice").start == case.detention_on
    confiscation = machine.notifier.issued[-1]
    assert confiscation.facts.fine_amount == Decimal("21299.99")


def test_a_convincing_ip_status_declaration_clears_the_goods():
    machine = CaseMachine(case_records.ex_officio(require_declaration=True))
    machine.answer(_input("ip_status_declaration", "cleared", suspect=False, statement="licensed"))
    assert machine.case.status == "cleared"
    assert machine.notices() == [("require_ip_status_declaration", "consignee")]
    assert machine.entered[-1] == "Goods cleared"


def test_a_declaration_that_leaves_customs_suspicious_suspends_release():
    machine = CaseMachine(case_records.ex_officio(require_declaration=True))
    machine.answer(_input("ip_status_declaration", "suspect", suspect=True))
    suspended = machine.event("release_suspended")
    assert suspended.detail["reason"] == (
        "customs has reason to suspect infringement despite the declaration"
    )
    assert machine.waits_for() == "holder_reply"


def test_holder_asking_no_detention_releases():
    machine = CaseMachine(case_records.ex_officio())
    machine.answer(_reply(machine, "no_detention"))
    case = machine.case
    assert (case.status, case.release_reason) == ("released", "holder_no_detention")
    assert "deadline_passed" not in machine.events()


def test_an_inadequate_guarantee_releases_after_the_period():
    # Art. 23 asks 35,500 RMB for goods worth 71,000; one cent less is not enough
    machine = CaseMachine(case_records.ex_officio())
    due = machine.case.wait.due
    machine.answer(_reply(machine, amount="35499.99"))
    # the short guarantee keeps the case waiting, with its timer, until the same deadline
    assert machine.waits_for() == "holder_reply"
    assert machine.case.wait.due == due == machine.deadline("holder_reply").due
    assert [t.due for t in machine.timers if t.kind == "holder_reply"] == [due, due]
    assessed = machine.event("holder_reply_assessed")
    assert assessed.detail["required_rmb"] == Decimal("35500")
    machine.deadline_passes()
    case = machine.case
    assert (case.status, case.release_reason) == ("released", "no_guarantee")
    passed = machine.event("deadline_passed")
    assert (passed.detail["wait"], passed.detail["due"]) == ("holder_reply", due.isoformat())
    released = machine.event("goods_released")
    assert released.legal_date == default_calendar().add_working_days(due, 1)


def test_a_short_guarantee_waits_for_a_top_up_within_the_three_days():
    # GIVEN goods worth 71,000 RMB: Art. 23 asks 35,500, and the suspension notice says so
    machine = CaseMachine(case_records.ex_officio())
    suspension = machine.notifier.issued[0]
    assert suspension.kind == "suspension_notice"
    assert "35,500" in render_html(suspension)
    due = machine.case.wait.due
    # WHEN the holder applies with 30,000 on the first day
    machine.answer(_reply(machine, amount="30000"))
    # THEN the case keeps waiting until the same deadline
    assert machine.waits_for() == "holder_reply"
    assert machine.case.status == "suspended"
    assert machine.case.wait.due == due == machine.deadline("holder_reply").due
    # WHEN it tops up 5,500 on the last day of the period
    machine.answer(_reply(machine, amount="5500"), on=due)
    # THEN the goods are detained
    assert machine.waits_for() == "investigation"
    case = machine.case
    assert case.status == "detained" and case.guarantee_posted == Decimal("35500")
    assert "deadline_passed" not in machine.events()
    assert case.holder_applied_on == due


def test_a_general_guarantee_covering_the_date_detains_then_settlement_releases():
    machine = CaseMachine(case_records.ex_officio(general_guarantee=GENERAL))
    suspension = machine.notifier.issued[0]
    assert suspension.facts.general_guarantee is True
    machine.answer(_reply(machine, form="general", amount=None))
    assert machine.waits_for() == "investigation"
    machine.answer(_input("settlement", statement="the parties settled", agreement_key="a.pdf"))
    case = machine.case
    assert (case.status, case.release_reason) == ("released", "settlement")
    assert ("detention_notice", "holder") in machine.notices()


def test_a_general_guarantee_does_not_cover_patents():
    case = case_records.ex_officio(
        general_guarantee=GENERAL, ip_type="patent", recordation_no="P2020-00001"
    )
    machine = CaseMachine(case)
    machine.answer(_reply(machine, form="general", amount=None))
    assessed = machine.event("holder_reply_assessed")
    assert assessed.detail["detail"].startswith("a general guarantee covers trademarks only")
    machine.deadline_passes()
    assert machine.case.release_reason == "no_guarantee"


def test_silent_investigation_and_court_release_after_fifty_working_days():
    # GIVEN detained goods
    machine = _detained()
    detained = machine.case.detention_on
    # WHEN customs reaches no result within 30 working days and no court notice comes
    investigation = machine.deadline("undetermined_notice")
    assert investigation.due == default_calendar().add_working_days(detained, 30)
    assert machine.case.wait.due == default_calendar().add_working_days(detained, 29)
    machine.deadline_passes()
    assert machine.waits_for() == "court_notice"
    machine.deadline_passes()
    # THEN the Art. 28 notice went out and the goods are released after day 50 (Art. 29)
    assert machine.status == "SUCCEEDED"
    case = machine.case
    assert (case.status, case.release_reason) == ("released", "no_court_notice")
    court = machine.deadline("court_assistance")
    assert court.start == case.detention_on
    assert court.due == deadlines.compute("court_assistance", case.detention_on).due
    undetermined = [c for c in machine.notifier.issued if c.kind == "undetermined_notice"]
    assert [c.due_date for c in undetermined] == [court.due, court.due]
    assert all(c.issued_on <= investigation.due for c in undetermined)
    assert sorted(machine.notices()[-4:]) == sorted(
        [
            ("undetermined_notice", "consignee"),
            ("undetermined_notice", "holder"),
            ("release_notice", "consignee"),
            ("release_notice", "holder"),
        ]
    )
    assert machine.events().count("deadline_passed") == 2


def test_undetermined_then_court_notice_hands_the_goods_to_the_court():
    machine = _detained()
    machine.answer(_input("investigation_result", "undetermined", result="undetermined"))
    assert machine.waits_for() == "court_notice"
    court = {"court": "上海知识产权法院", "reference": "(2026)沪73执保1号"}
    machine.answer(_input("court_notice", **court))
    assert machine.case.status == "court_assistance"
    assert machine.event("court_assistance").detail["reference"] == "(2026)沪73执保1号"
    assert machine.entered[-1] == "Handed to the court"


def test_a_patent_counter_guarantee_releases():
    machine = _detained(ip_type="patent", recordation_no="P2020-00001")
    machine.answer(_input("investigation_result", "undetermined", result="undetermined"))
    machine.answer(_input("counter_guarantee", amount_rmb="71000"))
    assert machine.case.release_reason == "counter_guarantee"


def test_not_infringing_releases():
    machine = _detained()
    machine.answer(_input("investigation_result", "not_infringing", result="not_infringing"))
    assert machine.case.release_reason == "not_infringing"


def test_a_criminal_settlement_is_referred_not_released():
    machine = _detained()
    machine.answer(_input("settlement", "settlement_referral", criminal_suspicion=True))
    case = machine.case
    assert (case.status, case.criminal_referral, case.release_reason) == ("referred", True, None)
    assert not [n for n in machine.notices() if n[0] == "release_notice"]
    assert machine.entered[-1] == "Referred to public security"


@pytest.mark.parametrize(("fine", "confiscated"), [("21299.99", True), ("21300", False)])
def test_a_fine_must_stay_below_thirty_percent_of_the_value(fine, confiscated):
    machine = _detained()
    machine.answer(_input("penalty_decision", "infringing", fine_rmb=fine))
    assert (machine.case.status == "confiscated") is confiscated
    if not confiscated:  # the task refuses: the case fails for an officer to take over
        assert machine.case.status == "failed"
        assert machine.event("workflow_failed").detail["error"] == "CaseTaskRefused"

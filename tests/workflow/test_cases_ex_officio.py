"""The ex officio path end to end in moto: the real ASL, tasks dispatched in-process.

These prove the wiring (Step Functions, timers, replies, officers' inputs); the legal
values of every branch are checked in memory (tests/unit/test_case_paths_ex_officio.py)."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.cases_data import CONSIGNEE_EMAIL, HOLDER_EMAIL, declaration, hits
from fixtures.cases_harness import (
    case_of,
    deadline_of,
    events_of,
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
    assert all(len(n["sha256"]) == 64 for n in view_of(case_id).notices)


def test_inputs_outside_the_law_are_refused_before_resuming(stack):
    # GIVEN a detained patent case (the rules of each branch: tests/unit/test_case_paths_*)
    case_id = _start(ip_type="patent", recordation_no="P2020-00001")
    _holder_replies(case_id, "detain")
    waiting_for(case_id, "investigation")
    # WHEN the officer records a fine of 30 % of the value (71,000 RMB): refused (Art. 30)
    with pytest.raises(InvalidInput):
        submit_input(case_id, "penalty_decision", {"fine_rmb": "21300"})
    submit_input(case_id, "investigation_result", {"result": "undetermined"})
    waiting_for(case_id, "court_notice")
    # AND a counter-guarantee short of the full value: refused
    with pytest.raises(InvalidInput):
        submit_input(case_id, "counter_guarantee", {"amount_rmb": "70999.99"})
    # THEN the full value releases the goods
    submit_input(case_id, "counter_guarantee", {"amount_rmb": "71000"})
    finished(case_id)
    assert case_of(case_id).release_reason == "counter_guarantee"


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

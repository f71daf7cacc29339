"""Issue 17: paths of Art. 21–32 the workflow got wrong, on the real ASL in moto.

Time is the virtual clock (tests/workflow/conftest.py): ``waiting_for`` and ``finished``
advance it timer by timer, so every deadline passes at 24:00 Beijing on its due date
whatever the speed of the machine."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fixtures.cases_data import CONSIGNEE_EMAIL, declaration, hits
from fixtures.cases_harness import (
    advance_to,
    case_of,
    deadline_of,
    events_of,
    explain,
    finished,
    notices_of,
    reply,
    view_of,
    waiting_for,
)

from customs_ipr.calendar import default_calendar
from customs_ipr.cases.opening import start_case
from customs_ipr.cases.submission import resume_with_reply
from customs_ipr.cases.timers import fire_instant
from customs_ipr.errors import Conflict


def _html(notice: dict) -> str:
    from customs_ipr import aws

    body = aws.client("s3").get_object(Bucket=notice["bucket"], Key=notice["html_key"])["Body"]
    return body.read().decode("utf-8")


def _start(**kwargs) -> str:
    started = start_case(declaration(), hits(**kwargs), consignee_email=CONSIGNEE_EMAIL)
    return started[0].case_id


def test_a_short_guarantee_waits_for_a_top_up_within_the_three_days(stack):
    # GIVEN goods worth 71,000 RMB: Art. 23 asks 35,500, and the suspension notice says so
    case_id = _start()
    case = waiting_for(case_id, "holder_reply")
    suspension = view_of(case_id).notices[0]
    assert suspension["kind"] == "suspension_notice"
    assert "35,500" in _html(suspension)
    due = case.wait.due
    # WHEN the holder applies with 30,000 on the first day
    resume_with_reply(reply(case.wait.notice_no, "detain", amount="30000"))
    case = waiting_for(case_id, "holder_reply")
    assert case.status == "suspended"
    # THEN the case keeps waiting until the same deadline, and its timer is armed for it
    assert case.wait.due == due == deadline_of(case_id, "holder_reply").due
    assert [t.at for t in _timers(case_id, "holder_reply")] == [fire_instant(due)]
    # WHEN it tops up 5,500 on the last day of the period (09:00 Beijing on the due date)
    advance_to(due)
    assert case_of(case_id).wait.kind == "holder_reply"
    resume_with_reply(reply(case.wait.notice_no, "detain", amount="5500"))
    # THEN the top-up is accepted (not "already answered") and the goods are detained
    waiting_for(case_id, "investigation")
    case = case_of(case_id)
    assert case.status == "detained" and case.guarantee_posted == Decimal("35500")
    assert "input_refused" not in events_of(case_id), explain(case_id)
    assert "deadline_passed" not in events_of(case_id)
    assert case.holder_applied_on == due


def _timers(case_id: str, kind: str) -> list:
    """The armed deadline timers of a case's wait for ``kind``."""
    from customs_ipr.cases.timers import schedule_name
    from customs_ipr_tools.local.virtual_time import VirtualTime

    return [t for t in VirtualTime().timers() if t.name == schedule_name(case_id, kind)]


def test_a_short_guarantee_never_topped_up_releases_only_after_the_deadline(stack):
    case_id = _start()
    notice_no = waiting_for(case_id, "holder_reply").wait.notice_no
    resume_with_reply(reply(notice_no, "detain", amount="35499.99"))
    # the short guarantee keeps the case waiting, with its timer, until the same deadline
    due = deadline_of(case_id, "holder_reply").due
    assert waiting_for(case_id, "holder_reply").wait.due == due
    assert [t.at for t in _timers(case_id, "holder_reply")] == [fire_instant(due)]
    finished(case_id)
    case = case_of(case_id)
    assert (case.status, case.release_reason) == ("released", "no_guarantee"), explain(case_id)
    passed = next(e for e in view_of(case_id).history if e.event == "deadline_passed")
    assert (passed.detail["wait"], passed.detail["due"]) == ("holder_reply", due.isoformat())
    released = next(e for e in view_of(case_id).history if e.event == "goods_released")
    assert released.legal_date == default_calendar().add_working_days(due, 1)
    with pytest.raises(Conflict):  # the period is over: a late top-up is refused
        resume_with_reply(reply(notice_no, "detain", amount="1"))


def _detained_ex_officio() -> str:
    case_id = _start()
    resume_with_reply(reply(waiting_for(case_id, "holder_reply").wait.notice_no, "detain"))
    waiting_for(case_id, "investigation")
    return case_id


def test_a_settlement_needs_its_agreement_and_a_criminal_one_is_referred_not_released(stack):
    import hashlib

    from fixtures.cases_harness import agreement

    from customs_ipr.cases.submission import submit_input
    from customs_ipr.errors import InvalidInput

    case_id = _detained_ex_officio()
    # WHEN a settlement comes without its agreement, it is refused
    with pytest.raises(InvalidInput):
        submit_input(case_id, "settlement", {"statement": "we settled"})
    with pytest.raises(InvalidInput, match="not in the documents bucket"):
        submit_input(case_id, "settlement", {"agreement_key": "attachments/none.pdf"})
    # WHEN it comes with the agreement, but the officer suspects a crime
    key = agreement(case_id, "协议全文")
    submit_input(case_id, "settlement", {"agreement_key": key, "criminal_suspicion": True})
    finished(case_id)
    # THEN the goods are not released: the case is referred to public security
    case = case_of(case_id)
    assert (case.status, case.criminal_referral, case.release_reason) == ("referred", True, None)
    assert not [n for n in notices_of(case_id) if n[0] == "release_notice"], explain(case_id)
    documents = [d for d in view_of(case_id).documents if d.kind == "settlement_agreement"]
    assert [(d.key, d.sha256) for d in documents] == [
        (key, hashlib.sha256("协议全文".encode()).hexdigest())
    ]


def test_a_renunciation_after_the_three_working_days_is_still_accepted(stack):
    from datetime import date

    from customs_ipr.cases.model import CaseGoods, CaseParty, CaseRecordation
    from customs_ipr.cases.opening import start_personal_case
    from customs_ipr.cases.submission import submit_input

    case_id = start_personal_case(
        person=CaseParty(name="Passenger A", email="passenger@example.com"),
        goods=[CaseGoods(name="手表", brand="ROLEX", quantity=Decimal("3"), hs_code="9102110000")],
        recordation=CaseRecordation(recordation_no="T2018-00001", title="ROLEX"),
        holder=CaseParty(name="Rolex SA", email="ipr@rolex.example.com"),
        started_on=date(2026, 3, 2),
    ).case_id
    # GIVEN the person let the office's 3 working days pass: the investigation runs
    waiting_for(case_id, "investigation")
    assert ("personal_items_detention", "holder") in notices_of(case_id)
    # WHEN the person renounces the items, with the officer's consent
    submit_input(case_id, "renunciation", {"officer": "officer 0423"})
    finished(case_id)
    # THEN the renunciation is accepted, not refused as late
    assert case_of(case_id).status == "renounced", explain(case_id)
    assert "input_refused" not in events_of(case_id)


def _unidentified_with_holder() -> str:
    from datetime import date

    from customs_ipr.cases.model import CaseGoods, CaseParty, CaseRecordation
    from customs_ipr.cases.opening import start_unidentified_case
    from customs_ipr.cases.rules.unidentified import InfringementFinding

    return start_unidentified_case(
        goods=[CaseGoods(name="手表", brand="ROLEX", quantity=Decimal("40"), unit="块")],
        finding=InfringementFinding(
            found_on=date(2026, 3, 3), officer="officer 0423", basis="比对鉴定 / comparison"
        ),
        recordation=CaseRecordation(recordation_no="T2017-00002", title="ROLEX"),
        holder=CaseParty(name="Rolex SA", email="ipr@rolex.example.com"),
        detention_on=date(2026, 3, 2),
    ).case_id


def test_unclaimed_goods_are_announced_after_the_finding_and_the_holder_gets_art30_notice(stack):
    from datetime import date

    case_id = _unidentified_with_holder()
    finished(case_id)
    history = [e.event for e in view_of(case_id).history]
    # THEN the finding is on record before the announcement, which is not dated before it
    assert history.index("infringement_found") < history.index("public_announcement")
    assert case_of(case_id).announced_on == date(2026, 3, 3)
    # AND the confiscation is notified to the holder in writing (Art. 30)
    assert notices_of(case_id) == [
        ("public_announcement", "public"),
        ("confiscation_notice", "holder"),
    ], explain(case_id)


def test_an_unidentified_case_without_a_finding_is_refused():
    from customs_ipr.cases.api_models import start_from_dict
    from customs_ipr.errors import InvalidInput

    with pytest.raises(InvalidInput, match="finding"):
        start_from_dict("unidentified", {"goods": [{"name": "手表", "quantity": "40"}]})

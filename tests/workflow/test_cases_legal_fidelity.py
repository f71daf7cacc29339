"""Issue 17: paths of Art. 21–32 the workflow got wrong, on the real ASL in moto."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fixtures.cases_data import CONSIGNEE_EMAIL, declaration, hits
from fixtures.cases_harness import (
    case_of,
    deadline_of,
    events_of,
    explain,
    finished,
    reply,
    view_of,
    waiting_for,
)

from customs_ipr.calendar import default_calendar
from customs_ipr.cases.workflow import resume_with_reply, start_case
from customs_ipr.errors import Conflict


def _html(notice: dict) -> str:
    from customs_ipr import aws

    body = aws.client("s3").get_object(Bucket=notice["bucket"], Key=notice["html_key"])["Body"]
    return body.read().decode("utf-8")


def _start(**kwargs) -> str:
    started = start_case(declaration(), hits(**kwargs), consignee_email=CONSIGNEE_EMAIL)
    return started[0].case_id


@pytest.mark.working_day_seconds(2.0)
def test_a_short_guarantee_waits_for_a_top_up_within_the_three_days(stack):
    # GIVEN goods worth 71,000 RMB: Art. 23 asks 35,500, and the suspension notice says so
    case_id = _start()
    case = waiting_for(case_id, "holder_reply")
    suspension = view_of(case_id).notices[0]
    assert suspension["kind"] == "suspension_notice"
    assert "35,500" in _html(suspension)
    # WHEN the holder applies with 30,000 and then tops up 5,500 within the period
    resume_with_reply(reply(case.wait.notice_no, "detain", amount="30000"))
    case = waiting_for(case_id, "holder_reply")
    assert case.status == "suspended"
    resume_with_reply(reply(case.wait.notice_no, "detain", amount="5500"))
    # THEN the top-up is accepted (not "already answered") and the goods are detained
    waiting_for(case_id, "investigation")
    case = case_of(case_id)
    assert case.status == "detained" and case.guarantee_posted == Decimal("35500")
    assert "input_refused" not in events_of(case_id), explain(case_id)


@pytest.mark.working_day_seconds(0.5)
def test_a_short_guarantee_never_topped_up_releases_only_after_the_deadline(stack):
    case_id = _start()
    notice_no = waiting_for(case_id, "holder_reply").wait.notice_no
    resume_with_reply(reply(notice_no, "detain", amount="35499.99"))
    finished(case_id)
    case = case_of(case_id)
    assert (case.status, case.release_reason) == ("released", "no_guarantee"), explain(case_id)
    due = deadline_of(case_id, "holder_reply").due
    released = next(e for e in view_of(case_id).history if e.event == "goods_released")
    assert released.legal_date == default_calendar().add_working_days(due, 1)
    with pytest.raises(Conflict):  # the period is over: a late top-up is refused
        resume_with_reply(reply(notice_no, "detain", amount="1"))

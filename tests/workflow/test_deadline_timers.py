"""The AWS path of legal time: a wait ends by its one-time schedule at 24:00 Beijing on the
due date, a moved deadline moves its schedule, and the callback's own timeout (a real
``States.Timeout`` in moto) is a safety net that still leads to the legal outcome."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.cases_data import CONSIGNEE_EMAIL, declaration, hits
from fixtures.cases_harness import (
    advance_to,
    case_of,
    events_of,
    execution_arn,
    finished,
    states_entered,
    view_of,
    wait_until,
    waiting_for,
)

from customs_ipr import aws
from customs_ipr.cases import clock, timers
from customs_ipr.cases.opening import start_case
from customs_ipr.cases.submission import submit_input
from customs_ipr.config import get_settings
from customs_ipr.errors import InvalidInput
from customs_ipr_tools.local.reply_inbox import holder_proof


def _schedule(case_id: str, kind: str) -> dict:
    return aws.client("scheduler").get_schedule(
        Name=timers.schedule_name(case_id, kind),
        GroupName=get_settings().deadline_schedule_group,
    )


def _start(holder_email: bool = True) -> str:
    screening = hits()
    if not holder_email:
        screening["hits"][0]["holder_email"] = None
    return start_case(declaration(), screening, consignee_email=CONSIGNEE_EMAIL)[0].case_id


def test_a_wait_arms_a_one_time_schedule_at_the_end_of_its_due_date(stack):
    # GIVEN a holder notified on 2 March 2026 (3 working days: due 5 March)
    case_id = _start()
    case = waiting_for(case_id, "holder_reply")
    # THEN the schedule fires at 00:00 on 6 March Beijing time and targets the timer function
    schedule = _schedule(case_id, "holder_reply")
    assert case.wait.due == date(2026, 3, 5)
    assert schedule["ScheduleExpression"] == "at(2026-03-06T00:00:00)"
    assert schedule["ScheduleExpressionTimezone"] == "Asia/Shanghai"
    assert schedule["Target"]["Arn"] == get_settings().deadline_timer_arn
    assert schedule["ActionAfterCompletion"] == "DELETE"
    # WHEN the clock reaches the due date itself, the case still waits, its timer armed
    advance_to(date(2026, 3, 5))
    assert case_of(case_id).wait is not None
    assert _schedule(case_id, "holder_reply")["Name"]
    # AND an answer then deletes the schedule
    submit_input(
        case_id,
        "holder_reply",
        {
            "notice_no": case.wait.notice_no,
            "decision": "no_detention",
            **holder_proof(case.wait.notice_no),
        },
    )
    with pytest.raises(aws.client("scheduler").exceptions.ResourceNotFoundException):
        _schedule(case_id, "holder_reply")
    assert finished(case_id)["status"] == "SUCCEEDED"


def test_a_late_service_date_moves_the_deadline_and_its_schedule(stack):
    # GIVEN a holder without an e-mail address: no period runs, no schedule is armed
    case_id = _start(holder_email=False)
    case = waiting_for(case_id, "holder_reply")
    assert case.wait.due is None
    with pytest.raises(aws.client("scheduler").exceptions.ResourceNotFoundException):
        _schedule(case_id, "holder_reply")
    # WHEN the notice is served by post on 4 March and recorded
    advance_to(date(2026, 3, 4))
    submit_input(case_id, "notice_served", {"kind": "suspension_notice", "served_on": "2026-03-04"})
    # THEN the deadline runs from service and its schedule is armed at its end
    assert case_of(case_id).wait.due == date(2026, 3, 9)
    assert _schedule(case_id, "holder_reply")["ScheduleExpression"] == "at(2026-03-10T00:00:00)"
    # WHEN a correction records a later service date, the schedule moves with the deadline
    advance_to(date(2026, 3, 6))
    submit_input(case_id, "notice_served", {"kind": "suspension_notice", "served_on": "2026-03-06"})
    assert case_of(case_id).wait.due == date(2026, 3, 11)
    assert _schedule(case_id, "holder_reply")["ScheduleExpression"] == "at(2026-03-12T00:00:00)"
    # AND a service date in the future is refused
    with pytest.raises(InvalidInput):
        submit_input(
            case_id, "notice_served", {"kind": "suspension_notice", "served_on": "2026-03-20"}
        )
    # AND the silence after the moved deadline releases the goods the next working day
    advance_to(date(2026, 3, 13))
    case = case_of(case_id)
    assert (case.status, case.release_reason) == ("released", "no_application")
    passed = next(e for e in view_of(case_id).history if e.event == "deadline_passed")
    assert passed.detail["due"] == "2026-03-11" and passed.legal_date == date(2026, 3, 12)


@pytest.mark.safety_net(10)
def test_the_safety_net_is_a_real_states_timeout_that_still_ends_in_the_legal_outcome(stack):
    # GIVEN every callback times out after 10 real seconds (the one test on real time: the
    # margin only has to exceed the time the waiting task takes to record its wait) and no
    # timer is fired
    case_id = _start()
    # WHEN the holder's reply never comes
    sfn = aws.client("stepfunctions")
    description = wait_until(
        lambda: (
            (d := sfn.describe_execution(executionArn=execution_arn(case_id)))["status"]
            != "RUNNING"
            and d
        ),
        timeout=120,
        what="the safety-net timeout",
    )
    # THEN Step Functions' own States.Timeout released the goods, as the law says for silence
    assert description["status"] == "SUCCEEDED"
    case = case_of(case_id)
    assert (case.status, case.release_reason) == ("released", "no_application")
    assert states_entered(case_id)[-2:] == ["Release: no application", "Goods released"]
    history = sfn.get_execution_history(executionArn=execution_arn(case_id), maxResults=1000)
    assert any(e["type"] == "TaskTimedOut" for e in history["events"])
    # AND the release is dated the first working day after the legal deadline
    released = next(e for e in view_of(case_id).history if e.event == "goods_released")
    assert released.legal_date == clock.day_after_deadline(date(2026, 3, 5))
    assert events_of(case_id).count("deadline_passed") == 1


def test_a_calendar_correction_moves_the_waiting_deadline_and_its_schedule(
    stack, tmp_path, monkeypatch
):
    # GIVEN a holder's 3 working days from 2 March 2026, due 5 March
    case_id = _start()
    waiting_for(case_id, "holder_reply")
    assert _schedule(case_id, "holder_reply")["ScheduleExpression"] == "at(2026-03-06T00:00:00)"
    # WHEN the operator's calendar makes 4 March a holiday and the deadline is recomputed
    table = tmp_path / "holidays.json"
    table.write_text('{"years": {"2026": {"holidays": ["2026-03-04"], "workdays": []}}}')
    monkeypatch.setenv("HOLIDAY_OVERRIDES", str(table))
    get_settings.cache_clear()
    from customs_ipr.cases.service import recompute_deadline

    result = recompute_deadline(case_id)
    # THEN the deadline and its timer move to 6 March without restarting the case
    assert (result["moved"], result["due"]) == (True, "2026-03-06")
    assert case_of(case_id).wait.due == date(2026, 3, 6)
    assert _schedule(case_id, "holder_reply")["ScheduleExpression"] == "at(2026-03-07T00:00:00)"
    assert "deadline_recomputed" in events_of(case_id)
    assert finished(case_id)["status"] == "SUCCEEDED"

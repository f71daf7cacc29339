"""Replies and failures: late and second replies are refused and recorded; a failing task
records the failure on the case and alerts through SNS."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from fixtures.cases_data import declaration, hits
from fixtures.cases_harness import case_of, events_of, finished, reply, view_of, waiting_for

from customs_ipr import aws
from customs_ipr.cases.opening import start_case
from customs_ipr.cases.submission import resume_with_reply, submit_input
from customs_ipr.errors import Conflict, InvalidInput, NotFound


def test_late_second_and_concurrent_replies_are_refused_with_a_reason(stack):
    case_id = start_case(declaration(), hits())[0].case_id
    case = waiting_for(case_id, "holder_reply")
    notice_no = case.wait.notice_no
    # a paper reply received the day after the due date is late
    with pytest.raises(Conflict, match="after the deadline"):
        resume_with_reply(
            reply(notice_no, "no_detention"), received_on=case.wait.due + timedelta(days=1)
        )
    # two replies at once: exactly one is accepted
    outcomes: list[str] = []

    def send() -> None:
        try:
            resume_with_reply(reply(notice_no, "no_detention"))
            outcomes.append("accepted")
        except Conflict:
            outcomes.append("refused")

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    # a third reply is a second reply to an answered notice
    with pytest.raises(Conflict, match="already been answered"):
        resume_with_reply(reply(notice_no, "detain"))
    finished(case_id)
    assert case_of(case_id).release_reason == "holder_no_detention"
    refusals = [e.detail["reason"] for e in view_of(case_id).history if e.event == "input_refused"]
    assert refusals[0] == "late"
    assert refusals.count("second_reply") == 2
    assert events_of(case_id).count("input_accepted") == 1


def test_a_reply_to_an_unknown_notice_is_not_found(stack):
    with pytest.raises(NotFound):
        resume_with_reply(reply("2200-2026-SUS-999999"))


def test_an_input_the_case_does_not_wait_for_is_refused(stack):
    case_id = start_case(declaration(), hits())[0].case_id
    waiting_for(case_id, "holder_reply")
    with pytest.raises(Conflict, match="not waiting for a court notice"):
        submit_input(case_id, "court_notice", {"court": "x", "reference": "y"})
    with pytest.raises(InvalidInput):
        submit_input(case_id, "investigation_result", {"result": "maybe"})
    with pytest.raises(InvalidInput, match="Unknown input kind"):
        submit_input(case_id, "bribe", {})
    finished(case_id)


def test_a_failing_task_marks_the_case_failed_and_alerts(stack):
    # GIVEN a declaration without prices: the guarantee cannot be sized
    sqs = aws.client("sqs")
    queue_url = sqs.create_queue(QueueName="alerts-test")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    aws.client("sns").subscribe(
        TopicArn=stack.ref("AlertTopic"), Protocol="sqs", Endpoint=queue_arn
    )
    shipment = declaration()
    items = [item.model_copy(update={"total_price": None}) for item in shipment.items]
    case_id = start_case(shipment.model_copy(update={"items": items}), hits())[0].case_id
    case = waiting_for(case_id, "holder_reply")
    assert case.value_rmb is None
    # WHEN the holder applies for detention
    resume_with_reply(reply(case.wait.notice_no, "detain", amount="100000"))
    description = finished(case_id)
    # THEN the execution fails after recording the failure and alerting operators
    assert description["status"] == "FAILED"
    assert case_of(case_id).status == "failed"
    failure = next(e for e in view_of(case_id).history if e.event == "workflow_failed")
    assert failure.detail["error"] == "CaseTaskRefused"
    assert "no value in RMB" in failure.detail["cause"]
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    alert = json.loads(json.loads(messages[0]["Body"])["Message"])
    assert alert["case_id"] == case_id
    assert alert["error"]["Error"] == "CaseTaskRefused"


def test_a_counter_guarantee_needs_a_patent(stack):
    case_id = start_case(declaration(), hits())[0].case_id
    waiting_for(case_id, "holder_reply")
    with pytest.raises(InvalidInput, match="patent"):
        submit_input(case_id, "counter_guarantee", {"amount_rmb": str(Decimal("71000"))})
    finished(case_id)

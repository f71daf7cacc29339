"""Replies prove their sender and their case; a retried resume completes once; receipt
time is the upload's time, not the processing time (issue 15, points 1–3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from botocore.exceptions import ClientError
from fixtures.cases_data import declaration, hits
from fixtures.cases_harness import events_of, reply, view_of, waiting_for

from customs_ipr import aws
from customs_ipr.cases.workflow import resume_with_reply, start_case, submit_input
from customs_ipr.errors import Conflict

pytestmark = pytest.mark.working_day_seconds(10.0)  # waits outlast the test


def _refusals(case_id: str) -> list[str]:
    return [e.detail["reason"] for e in view_of(case_id).history if e.event == "input_refused"]


def _waiting_case(number: str = "224420241000123456") -> tuple[str, str]:
    decl = declaration().model_copy(update={"customs_no": number})
    case_id = start_case(decl, hits())[0].case_id
    case = waiting_for(case_id, "holder_reply")
    return case_id, case.wait.notice_no


def test_forged_replies_never_move_the_case(stack):
    # GIVEN a case waiting for the holder's reply to its suspension notice
    case_id, notice_no = _waiting_case()
    genuine = reply(notice_no, "no_detention")
    assert genuine.reply_code and genuine.recordation_no and genuine.holder_name
    forgeries = {
        "reply_code_missing": genuine.model_copy(update={"reply_code": None}),
        "reply_code_invalid": genuine.model_copy(update={"reply_code": "ABCD-EFGH-JKMN"}),
        "recordation_mismatch": genuine.model_copy(update={"recordation_no": "T2099-00001"}),
        "holder_mismatch": genuine.model_copy(update={"holder_name": "Mallory Trading Ltd"}),
    }
    # WHEN each forgery arrives THEN each is refused with its reason
    for reason, forged in forgeries.items():
        with pytest.raises(Conflict):
            resume_with_reply(forged)
        assert _refusals(case_id)[-1] == reason
    # AND the case still waits for the real holder, whose reply is accepted
    assert waiting_for(case_id, "holder_reply").wait.notice_no == notice_no
    assert resume_with_reply(genuine)["accepted"] is True
    assert events_of(case_id).count("input_accepted") == 1


def test_a_reply_posted_to_another_case_is_refused(stack):
    # GIVEN two waiting cases
    case_a, notice_a = _waiting_case("224420241000000001")
    case_b, _ = _waiting_case("224420241000000002")
    data = reply(notice_a, "no_detention").model_dump(mode="json")
    # WHEN A's reply is posted to B's path THEN it is refused and recorded on A
    with pytest.raises(Conflict, match="another case"):
        submit_input(case_b, "holder_reply", data)
    assert _refusals(case_a) == ["wrong_case"]
    # AND posted to its own case it is accepted
    assert submit_input(case_a, "holder_reply", data)["accepted"] is True


def test_a_resume_failing_after_the_token_was_taken_completes_on_retry(stack, monkeypatch):
    # GIVEN SendTaskSuccess throttled once, after the answer took the token
    case_id, notice_no = _waiting_case()
    sfn = aws.client("stepfunctions")
    original = sfn.send_task_success
    failures = []

    def throttled_once(**kwargs):
        if not failures:
            failures.append(1)
            raise ClientError(
                {"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}},
                "SendTaskSuccess",
            )
        return original(**kwargs)

    monkeypatch.setattr(sfn, "send_task_success", throttled_once)
    answer = reply(notice_no, "no_detention")
    upload_id = "upload:s3://bucket/replies/r.pdf#v1"
    with pytest.raises(ClientError):
        resume_with_reply(answer, answer_id=upload_id)
    # WHEN the same upload is retried THEN the resume completes, once
    retried = resume_with_reply(answer, answer_id=upload_id)
    assert retried["accepted"] and retried["duplicate"]
    again = resume_with_reply(answer, answer_id=upload_id)  # a third delivery: a no-op
    assert again["duplicate"]
    # AND only a different reply is a second one
    with pytest.raises(Conflict, match="already been answered"):
        resume_with_reply(answer, answer_id="upload:s3://bucket/replies/other.pdf#v1")
    assert _refusals(case_id) == ["second_reply"]
    assert events_of(case_id).count("input_accepted") == 1
    assert len(failures) == 1


def test_an_officer_input_retried_with_its_request_id_completes_once(stack, monkeypatch):
    case_id, notice_no = _waiting_case()
    data = reply(notice_no, "no_detention").model_dump(mode="json")
    sfn = aws.client("stepfunctions")
    original = sfn.send_task_success
    calls = []

    def fail_first(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("network down")
        return original(**kwargs)

    monkeypatch.setattr(sfn, "send_task_success", fail_first)
    with pytest.raises(ConnectionError):
        submit_input(case_id, "holder_reply", data, request_id="req-1")
    assert submit_input(case_id, "holder_reply", data, request_id="req-1")["accepted"]
    assert events_of(case_id).count("input_accepted") == 1
    assert _refusals(case_id) == []


def test_receipt_is_the_upload_time_not_the_processing_time(stack):
    # GIVEN a case whose holder has 3 working days from the wait's opening
    case_id, notice_no = _waiting_case()
    case = waiting_for(case_id, "holder_reply")
    opened = case.wait.opened_at
    late_upload = opened + timedelta(seconds=10.0 * 12)  # 12 working days later
    # WHEN a reply uploaded after the period is processed now THEN it is late
    with pytest.raises(Conflict, match="after the deadline"):
        resume_with_reply(reply(notice_no, "no_detention"), received_at=late_upload)
    # AND a reply uploaded at once but processed behind a backlog is timely
    timely_upload = opened + timedelta(seconds=1)
    accepted = resume_with_reply(reply(notice_no, "no_detention"), received_at=timely_upload)
    assert accepted["received_on"] == str(case.legal_date or case.started_on)
    assert _refusals(case_id) == ["late"]

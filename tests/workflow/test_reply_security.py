"""Replies prove their sender and their case; a retried resume completes once; receipt
time is not the processing time (issue 15, points 1–3), on the virtual clock.

The clock stands still unless a test advances it, so no period ends while a test works
and nothing here depends on the machine's speed. The production receipt rule (the S3
event time in Beijing, the timer firing a grace after 24:00) is unit-tested in
tests/unit/test_deadline_receipt_grace.py; here the virtual clock's side of it: the clock
only moves once the stack has settled, so an upload made before the deadline is taken by
the open wait however long the queue in front of it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from botocore.exceptions import ClientError
from fixtures.cases_data import declaration, hits
from fixtures.cases_harness import (
    advance_to,
    events_of,
    finished,
    reply,
    view_of,
    waiting_for,
)

from customs_ipr import aws
from customs_ipr.cases import clock
from customs_ipr.cases.opening import start_case
from customs_ipr.cases.store import CaseStore
from customs_ipr.cases.submission import resume_with_reply, submit_input
from customs_ipr.config import get_settings
from customs_ipr.errors import Conflict
from customs_ipr_tools.local.pump import UploadPump
from customs_ipr_tools.local.sample_documents import reply_pdf
from customs_ipr_tools.local.virtual_time import VirtualTime

BACKLOG = 23
"""Uploads queued in front of the reply: three batches of the ingest function (10 each)."""


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


def test_a_resume_whose_record_failed_after_send_task_success_completes_on_retry(
    stack, monkeypatch
):
    # GIVEN SendTaskSuccess went through, but recording that it did failed
    case_id, notice_no = _waiting_case()
    sfn = aws.client("stepfunctions")
    original_send, original_record = sfn.send_task_success, CaseStore.update_last_answer
    sends, faults = [], []

    def send_once_per_token(**kwargs):
        # as on AWS (moto accepts a used token again while the execution runs)
        used = kwargs["taskToken"] in sends
        sends.append(kwargs["taskToken"])
        if used:
            raise sfn.exceptions.InvalidToken(
                {"Error": {"Code": "InvalidToken", "Message": "Invalid token"}},
                "SendTaskSuccess",
            )
        return original_send(**kwargs)

    def record_failing_once(self, case_id, **fields):
        if fields.get("resumed") and not faults:
            faults.append(fields)
            raise ClientError(
                {"Error": {"Code": "InternalServerError", "Message": "down"}}, "UpdateItem"
            )
        return original_record(self, case_id, **fields)

    monkeypatch.setattr(sfn, "send_task_success", send_once_per_token)
    monkeypatch.setattr(CaseStore, "update_last_answer", record_failing_once)
    answer = reply(notice_no, "no_detention")
    upload_id = "upload:s3://bucket/replies/r.pdf#v1"
    with pytest.raises(ClientError):
        resume_with_reply(answer, answer_id=upload_id)
    # WHEN the same upload is retried (the token it already used is refused by Step Functions)
    retried = resume_with_reply(answer, answer_id=upload_id)
    # THEN the resume counts as completed: accepted once, never refused as deadline_passed
    assert retried["accepted"] and retried["duplicate"]
    assert len(sends) == 2 and sends[0] == sends[1]
    assert events_of(case_id).count("input_accepted") == 1
    assert _refusals(case_id) == []
    # AND the completion is recorded: a third delivery sends nothing
    assert resume_with_reply(answer, answer_id=upload_id)["duplicate"]
    assert len(sends) == 2
    assert finished(case_id)["status"] == "SUCCEEDED"
    assert "deadline_passed" not in events_of(case_id)


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


def test_a_reply_received_after_the_deadline_is_late(stack):
    # GIVEN a case waiting for the holder's reply, whose period then ends
    case_id, notice_no = _waiting_case()
    due = waiting_for(case_id, "holder_reply").wait.due
    fired = advance_to(due + timedelta(days=1))
    assert [t["result"]["fired"] for t in fired] == [True]
    # WHEN the holder's reply arrives the day after THEN it is refused as late
    with pytest.raises(Conflict, match="after the deadline"):
        resume_with_reply(reply(notice_no, "no_detention"))
    assert _refusals(case_id) == ["late"]
    assert "input_accepted" not in events_of(case_id)


@pytest.fixture
def pump(stack) -> Iterator[UploadPump]:
    """The ingest function's event source mapping, played in a thread as ``local up`` does."""
    uploads = UploadPump.for_stack(stack, wait_seconds=0)
    yield uploads
    uploads.stop()


def test_a_reply_uploaded_in_time_behind_a_backlog_is_timely(stack, pump):
    # GIVEN a case waiting for the holder's reply, on the last day of its period
    case_id, notice_no = _waiting_case()
    due = waiting_for(case_id, "holder_reply").wait.due
    advance_to(due)
    # AND a backlog of uploads queued before the holder's reply
    s3, bucket = aws.client("s3"), get_settings().documents_bucket
    for index in range(BACKLOG):
        s3.put_object(Bucket=bucket, Key=f"declarations/junk-{index:02d}.pdf", Body=b"not a pdf")
    s3.put_object(
        Bucket=bucket,
        Key="replies/holder-reply.pdf",
        Body=reply_pdf(reply(notice_no, "no_detention")),
    )
    assert pump.pending() >= BACKLOG + 1  # (and S3's test event of the notification setup)
    # WHEN the clock is moved past the deadline while the queue is still full
    pump.start()
    time_ = VirtualTime(idle=lambda: pump.pending() == 0)  # as local_runtime sets it up
    time_.advance_to(clock.deadline_instant(due) + timedelta(days=1))
    # THEN the stack settled first: every upload was handled, the reply on the due date
    assert pump.pending() == 0 and pump.totals.batches >= 3
    assert pump.totals.received >= BACKLOG + 1
    view = view_of(case_id)
    assert [e.legal_date for e in view.history if e.event == "input_accepted"] == [due]
    replies = [d for d in view.documents if d.kind == "holder_response"]
    assert [(d.key, d.received_on) for d in replies] == [("replies/holder-reply.pdf", due)]
    # AND the timer of the answered wait never ended it; no refusal was recorded
    assert "deadline_passed" not in events_of(case_id)
    assert _refusals(case_id) == []
    assert time_.today() > due

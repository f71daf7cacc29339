"""A retried answer completes its resume once (``cases.resume``), with fakes for the store
and Step Functions: which retries count as completed and which as too late."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from customs_ipr.cases import resume
from customs_ipr.cases.model import Case, CasePath
from customs_ipr.errors import Conflict

CASE = Case(
    case_id="EXO-1-T1",
    path=CasePath.EX_OFFICIO,
    created_at=datetime(2026, 9, 14, tzinfo=UTC),
    started_on=date(2026, 9, 14),
)
ANSWER_ID = "upload:s3://bucket/replies/r.pdf#v1"


class TokenGone(Exception):
    pass


class FakeStepFunctions:
    """``send_task_success`` that succeeds, raises ``error``, or finds the token gone."""

    class exceptions:
        TaskTimedOut = TokenGone
        InvalidToken = TokenGone
        TaskDoesNotExist = TokenGone

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.sent: list[str] = []

    def send_task_success(self, *, taskToken: str, output: str) -> None:
        self.sent.append(taskToken)
        if self.error is not None:
            raise self.error


class FakeStore:
    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []

    def update_last_answer(self, case_id: str, **fields: Any) -> None:
        self.updates.append(fields)


def _kept(**flags: Any) -> dict[str, Any]:
    payload = {"kind": "holder_reply", "outcome": "reply", "received_on": "2026-09-16"}
    return {**resume.kept(payload, "token-1", ANSWER_ID), **flags}


def _refuse(reason: str, message: str) -> Conflict:
    return Conflict(f"{reason}: {message}")


@pytest.fixture
def sfn(monkeypatch):
    fake = FakeStepFunctions()
    monkeypatch.setattr(resume.aws, "client", lambda name: fake)
    return fake


def test_an_answer_already_handed_over_sends_nothing(sfn):
    store = FakeStore()

    result = resume.complete(store, CASE, "holder_reply", _kept(resumed=True), _refuse)

    assert result["duplicate"] is True and result["outcome"] == "reply"
    assert sfn.sent == [] and store.updates == []


def test_a_send_that_never_happened_is_sent_again(sfn):
    store = FakeStore()

    resume.complete(store, CASE, "holder_reply", _kept(), _refuse)

    assert sfn.sent == ["token-1"]
    assert store.updates == [{"resumed": True}]


def test_a_token_this_answer_used_already_means_the_resume_is_complete(sfn):
    # GIVEN the first SendTaskSuccess went through but recording it failed
    sfn.error = TokenGone("Invalid token")
    store = FakeStore()

    # WHEN the same answer comes again THEN it is accepted once, and the record finished
    result = resume.complete(store, CASE, "holder_reply", _kept(), _refuse)

    assert result["accepted"] is True and result["duplicate"] is True
    assert store.updates == [{"resumed": True}]


def test_a_gone_token_after_a_send_known_to_have_failed_is_too_late(sfn):
    # GIVEN the first SendTaskSuccess failed (recorded), then the wait ended without it
    sfn.error = TokenGone("Task Timed Out")
    store = FakeStore()

    with pytest.raises(Conflict, match="deadline_passed"):
        resume.complete(store, CASE, "holder_reply", _kept(send_failed=True), _refuse)

    assert store.updates == [{"send_failed": False}]


def test_a_failing_send_is_recorded_before_its_error_goes_on(sfn):
    sfn.error = ConnectionError("network down")
    store = FakeStore()

    with pytest.raises(ConnectionError):
        resume.hand_over(store, CASE.case_id, "token-1", {"outcome": "reply"})

    assert store.updates == [{"send_failed": True}]


def test_the_kept_answer_shows_none_of_its_bookkeeping():
    kept = _kept(resumed=True, send_failed=False)

    assert resume.public(kept) == {
        "kind": "holder_reply",
        "outcome": "reply",
        "received_on": "2026-09-16",
    }

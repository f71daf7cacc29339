"""Resuming a case exactly once, even when the resume itself fails half-way.

Answering a wait is two steps: take the task token from the case record (a conditional
write: of two different answers exactly one wins), then ``SendTaskSuccess``. If the second
step fails (a throttle, a timeout, the function crashing), the upload or request is
retried — and must complete the resume rather than be refused as a second reply.

So the taken answer is kept in the case record (``last_answer``) with its ``answer_id``
(``upload:s3://bucket/key#version`` for an uploaded reply, ``request:<Idempotency-Key>``
for the API) and the token before ``SendTaskSuccess`` is called: that is the intent to
resume. ``resumed`` is set once ``SendTaskSuccess`` succeeded, and ``send_failed`` when it
is known to have failed (it raised). The same answer arriving again:

- ``resumed`` → nothing to do: the earlier result is returned (``duplicate: true``);
- not yet ``resumed`` → ``SendTaskSuccess`` is sent again with the kept token;
- that token is no longer usable (``TaskTimedOut``, ``InvalidToken``, ``TaskDoesNotExist``):
  if the earlier attempt's send is not known to have failed, it went through and only
  recording ``resumed`` failed (or the function stopped in between) — the token was used by
  this very answer, so the resume is complete: ``resumed`` is recorded now and the answer is
  accepted once. If the earlier send is known to have failed, the wait ended without the
  answer (the callback's safety net): refused as ``deadline_passed``, as it would have been
  at once.

Only a *different* answer is a second one. The one case this cannot tell apart: the function
stopped *during* the first ``SendTaskSuccess`` (neither success nor failure recorded), the
call never reached Step Functions, and no retry came before the callback's safety net (60
days after the deadline) ended the wait — then the retry is taken as completed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr import aws
from customs_ipr.cases.model import Case
from customs_ipr.cases.store import CaseStore
from customs_ipr.errors import Conflict
from customs_ipr.jsonutil import to_jsonable

logger = Logger(child=True)

_PRIVATE = ("token", "answer_id", "resumed", "send_failed")


def is_retry(last: dict[str, Any], answer_id: str | None) -> bool:
    return bool(answer_id) and last.get("answer_id") == answer_id


def kept(payload: dict[str, Any], token: str, answer_id: str | None) -> dict[str, Any]:
    """What the case record keeps of a taken answer (the payload plus how to resend it)."""
    extra = {"token": token, "answer_id": answer_id} if answer_id else {}
    return {**payload, **extra}


def public(last: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in last.items() if k not in _PRIVATE}


def hand_over(store: CaseStore, case_id: str, token: str, payload: dict[str, Any]) -> bool:
    """``SendTaskSuccess`` with the taken token; False when the token is no longer usable.

    Success is recorded as ``resumed``; a send that raised as ``send_failed`` (best effort)
    before the error goes on to the caller (and its retry).
    """
    sfn = aws.client("stepfunctions")
    try:
        sfn.send_task_success(taskToken=token, output=json.dumps(payload))
    except (
        sfn.exceptions.TaskTimedOut,
        sfn.exceptions.InvalidToken,
        sfn.exceptions.TaskDoesNotExist,
    ):
        return False
    except Exception:
        _note_send_failed(store, case_id)
        raise
    store.update_last_answer(case_id, resumed=True)
    return True


def _note_send_failed(store: CaseStore, case_id: str) -> None:
    try:
        store.update_last_answer(case_id, send_failed=True)
    except Exception:  # the send's own error is the one to raise
        logger.warning("could not record the failed SendTaskSuccess", case_id=case_id)


def complete(
    store: CaseStore,
    case: Case,
    kind: str,
    last: dict[str, Any],
    refuse: Callable[[str, str], Conflict],
) -> dict[str, Any]:
    """The same answer again: finish what the first attempt started (see the docstring)."""
    payload = to_jsonable(public(last))
    if last.get("resumed"):
        logger.info("answer already handed to the case", case_id=case.case_id, kind=kind)
    else:
        _resend(store, case.case_id, kind, last, payload, refuse)
    return {
        "case_id": case.case_id,
        "kind": kind,
        "accepted": True,
        "resumed": True,
        "duplicate": True,
        "outcome": payload.get("outcome"),
        "received_on": payload.get("received_on"),
    }


def _resend(
    store: CaseStore,
    case_id: str,
    kind: str,
    last: dict[str, Any],
    payload: dict[str, Any],
    refuse: Callable[[str, str], Conflict],
) -> None:
    failed_before = bool(last.get("send_failed"))
    if failed_before:
        store.update_last_answer(case_id, send_failed=False)
    if hand_over(store, case_id, str(last["token"]), payload):
        logger.info("resume completed on retry", case_id=case_id, kind=kind)
        return
    if failed_before:
        raise refuse(
            "deadline_passed",
            "The deadline passed before the answer could be handed to the case.",
        )
    # The token is gone and no send of this answer is known to have failed: the earlier
    # SendTaskSuccess went through and only recording it did not.
    store.update_last_answer(case_id, resumed=True)
    logger.info("resume found completed on retry", case_id=case_id, kind=kind)

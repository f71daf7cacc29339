"""Resuming a case exactly once, even when the resume itself fails half-way.

Answering a wait is two steps: take the task token from the case record (a conditional
write: of two different answers exactly one wins), then ``SendTaskSuccess``. If the second
step fails (a throttle, a timeout, the function crashing), the upload or request is
retried — and must complete the resume rather than be refused as a second reply.

So the taken answer is kept in the case record (``last_answer``) with its ``answer_id``
(``upload:s3://bucket/key#version`` for an uploaded reply, ``request:<Idempotency-Key>``
for the API) and the token, and ``resumed`` is set once ``SendTaskSuccess`` succeeded.
The same answer arriving again:

- not yet ``resumed`` → ``SendTaskSuccess`` is sent again with the kept token;
- ``resumed`` → nothing to do: the earlier result is returned (``duplicate: true``).

Only a *different* answer is a second one. If the token can no longer be used (the
deadline ended the wait before the retry), the answer is refused as ``deadline_passed``
as it would have been at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from customs_ipr import aws
from customs_ipr.cases.model import Case
from customs_ipr.cases.store import CaseStore
from customs_ipr.errors import Conflict

_PRIVATE = ("token", "answer_id", "resumed")


def last_answer(store: CaseStore, case_id: str) -> dict[str, Any]:
    item = store.table.get_item(
        Key={"pk": f"CASE#{case_id}", "sk": "META"}, ConsistentRead=True
    ).get("Item", {})
    return dict(item.get("last_answer") or {})


def is_retry(last: dict[str, Any], answer_id: str | None) -> bool:
    return bool(answer_id) and last.get("answer_id") == answer_id


def kept(payload: dict[str, Any], token: str, answer_id: str | None) -> dict[str, Any]:
    """What the case record keeps of a taken answer (the payload plus how to resend it)."""
    extra = {"token": token, "answer_id": answer_id} if answer_id else {}
    return {**payload, **extra}


def public(last: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in last.items() if k not in _PRIVATE}


def mark_resumed(case_id: str) -> None:
    CaseStore().table.update_item(
        Key={"pk": f"CASE#{case_id}", "sk": "META"},
        UpdateExpression="SET last_answer.resumed = :t",
        ConditionExpression="attribute_exists(last_answer)",
        ExpressionAttributeValues={":t": True},
    )


def complete(
    case: Case, kind: str, last: dict[str, Any], refuse: Callable[[str, str], Conflict]
) -> dict[str, Any]:
    """The same answer again: finish what the first attempt started (see the docstring)."""
    from aws_lambda_powertools import Logger

    from customs_ipr.jsonutil import to_jsonable

    logger = Logger(child=True)
    payload = to_jsonable(public(last))
    if not last.get("resumed"):
        sfn = aws.client("stepfunctions")
        try:
            sfn.send_task_success(taskToken=str(last["token"]), output=json.dumps(payload))
        except (
            sfn.exceptions.TaskTimedOut,
            sfn.exceptions.InvalidToken,
            sfn.exceptions.TaskDoesNotExist,
        ):
            raise refuse(
                "deadline_passed",
                "The deadline passed before the answer could be handed to the case.",
            ) from None
        mark_resumed(case.case_id)
        logger.info("resume completed on retry", case_id=case.case_id, kind=kind)
    else:
        logger.info("answer already handed to the case", case_id=case.case_id, kind=kind)
    return {
        "case_id": case.case_id,
        "kind": kind,
        "accepted": True,
        "resumed": True,
        "duplicate": True,
        "outcome": payload.get("outcome"),
        "received_on": payload.get("received_on"),
    }

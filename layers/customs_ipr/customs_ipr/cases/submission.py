"""Feed the parties' and officers' answers to their waiting workflows.

The case record holds the task token of the one thing the workflow waits for
(``Case.wait``). An answer is checked (right kind, in time), then takes the token with a
conditional write — of two concurrent answers exactly one wins — and resumes the
execution with ``SendTaskSuccess`` (``cases.resume``, which also makes a retried answer
complete once). Every refusal is recorded in the case history with its reason and raised
as ``Conflict`` (or ``InvalidInput`` for a bad value).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from customs_ipr import money
from customs_ipr.cases import clock, receipt, reply_auth, resume, timers
from customs_ipr.cases.history import record
from customs_ipr.cases.inputs import (
    DEADLINE_BOUND,
    CounterGuaranteeInput,
    ExplanationInput,
    OfficerInput,
    PenaltyDecisionInput,
    RenunciationInput,
    SettlementInput,
    parse_input,
    problems,
)
from customs_ipr.cases.model import Case, CaseDocument, CasePath, Wait
from customs_ipr.cases.rules.settlement import record_agreement
from customs_ipr.cases.service import record_service
from customs_ipr.cases.store import CaseStore
from customs_ipr.documents.models import HolderResponse
from customs_ipr.errors import Conflict, InvalidInput
from customs_ipr.jsonutil import to_jsonable

logger = Logger(child=True)


def refuse(case: Case, kind: str, reason: str, message: str, **detail: Any) -> Conflict:
    """Record the refusal in the case history; the ``Conflict`` to raise."""
    record(case, "input_refused", kind=kind, reason=reason, **detail)
    logger.info("input refused", case_id=case.case_id, kind=kind, reason=reason)
    return Conflict(message)


# ---------------------------------------------------------------------------- officers
def submit_input(
    case_id: str,
    kind: str,
    data: dict[str, Any],
    received_on: date | None = None,
    request_id: str | None = None,
    store: CaseStore | None = None,
) -> dict[str, Any]:
    """An officer's input: validate it, then resume the case if it waits for this kind.

    ``request_id`` (the API's ``Idempotency-Key``): the same request retried after a
    failure completes the resume instead of counting as a second answer.
    """
    store = store or CaseStore()
    answer_id = f"request:{request_id}" if request_id else None
    if kind == "notice_served":
        return record_service(case_id, data, store)
    if kind == "holder_reply":
        return resume_with_reply(
            _typed_reply(data), received_on, case_id=case_id, answer_id=answer_id, store=store
        )
    parsed = parse_input(kind, data)
    case = store.require(case_id)
    received = received_on or clock.legal_today(case)
    if isinstance(parsed, ExplanationInput):
        return _record_explanation(store, case, parsed, received)
    _check_value(case, parsed)
    if isinstance(parsed, SettlementInput):
        record_agreement(case, parsed.agreement_key, received, parsed.agreement_sha256)
    answer = {
        "kind": kind,
        "outcome": parsed.outcome(),
        "received_on": received,
        **parsed.model_dump(mode="json"),
    }
    return _resume(store, case, kind, answer, received, notice_no=None, answer_id=answer_id)


def _typed_reply(data: dict[str, Any]) -> HolderResponse:
    try:
        return HolderResponse.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(f"The holder reply is not valid: {problems(error)}.") from None


def _record_explanation(
    store: CaseStore, case: Case, explanation: ExplanationInput, received: date
) -> dict[str, Any]:
    """Art. 31: a written explanation is kept with the case whatever it waits for."""
    store.update(case.case_id, explanation=explanation.text)
    store.put_document(
        case.case_id,
        CaseDocument(
            sha256=hashlib.sha256(explanation.text.encode("utf-8")).hexdigest(),
            kind="explanation",
            received_on=received,
            detail={"text": explanation.text},
        ),
    )
    record(case, "explanation_recorded", legal_date=received, basis="Implementing Measures Art. 31")
    return {"case_id": case.case_id, "kind": explanation.kind, "accepted": True, "resumed": False}


def _check_value(case: Case, parsed: OfficerInput) -> None:
    if isinstance(parsed, RenunciationInput) and case.path is not CasePath.PERSONAL_ITEMS:
        raise refuse(
            case,
            "renunciation",
            "not_awaited",
            f"Case {case.case_id} is not about personal or postal items: only those can be "
            "renounced (Art. 31).",
        )
    if isinstance(parsed, PenaltyDecisionInput):
        if case.value_rmb is None:
            raise InvalidInput("The case has no value in RMB, so a fine cannot be checked.")
        money.check_fine(parsed.fine_rmb, case.value_rmb)
    if isinstance(parsed, CounterGuaranteeInput):
        if case.recordation is None or (case.recordation.ip_type or "").lower() != "patent":
            raise InvalidInput(
                "A counter-guarantee releases only goods suspected of "
                "infringing a patent (Art. 28 ¶2)."
            )
        if case.value_rmb is None or parsed.amount_rmb < case.value_rmb:
            raise InvalidInput(
                f"The counter-guarantee must equal the value of the goods ({case.value_rmb} RMB)."
            )


# ---------------------------------------------------------------------------- holders
def resume_with_reply(
    reply: HolderResponse,
    received_on: date | None = None,
    *,
    document_key: str | None = None,
    document_sha256: str | None = None,
    case_id: str | None = None,
    received_at: datetime | None = None,
    answer_id: str | None = None,
    store: CaseStore | None = None,
) -> dict[str, Any]:
    """A holder's reply (parsed PDF or typed in): find its case by notice number, resume it.

    Refused (recorded, ``Conflict``): a reply that does not prove its sender or is sent
    for another case than ``case_id`` (``cases.reply_auth``), a reply received after the
    notice's due date, a second reply to the same notice, or a reply to a notice the case
    no longer waits on. The receipt date is ``received_on``, else the legal date at
    ``received_at`` (an upload's S3 event time, ``cases.receipt``), else the case's legal
    today. ``answer_id`` (upload version or request id) makes a retry idempotent.
    """
    store = store or CaseStore()
    notice_case_id, notice = store.case_of_notice(reply.notice_no)
    case = store.require(notice_case_id)
    refused = reply_auth.problem(case, notice, reply, expected_case_id=case_id)
    if refused is not None:
        raise refuse(case, "holder_reply", *refused, notice_no=reply.notice_no)
    received = received_on or receipt.legal_receipt_date(case, received_at)
    if document_sha256:
        store.put_document(
            case.case_id,
            CaseDocument(
                key=document_key,
                sha256=document_sha256,
                kind="holder_response",
                received_on=received,
                detail={"notice_no": reply.notice_no},
            ),
        )
    answer = {
        "kind": "holder_reply",
        "outcome": "reply",
        "received_on": received,
        **reply.model_dump(mode="json", exclude={"reply_code"}),
    }
    return _resume(
        store,
        case,
        "holder_reply",
        answer,
        received,
        notice_no=reply.notice_no,
        notice_due=notice.get("due_date"),
        answer_id=answer_id,
    )


# ---------------------------------------------------------------------------- resuming
def _resume(
    store: CaseStore,
    case: Case,
    kind: str,
    answer: dict[str, Any],
    received: date,
    *,
    notice_no: str | None,
    notice_due: str | None = None,
    answer_id: str | None = None,
) -> dict[str, Any]:
    last = store.last_answer(case.case_id)
    if resume.is_retry(last, answer_id):
        return resume.complete(store, case, kind, last, lambda r, m: refuse(case, kind, r, m))
    wait = _awaited(case, kind, received, notice_no, _due(case.wait, notice_no, notice_due), last)
    payload = to_jsonable(answer)
    try:
        store.take_wait(case.case_id, wait.token, resume.kept(payload, wait.token, answer_id))
    except Conflict:
        raise refuse(
            case,
            kind,
            "second_reply" if notice_no else "already_answered",
            "Another answer to this wait was accepted first.",
            notice_no=notice_no,
        ) from None
    timers.disarm(case.case_id, wait.kind)
    case = case.model_copy(update={"wait": None})
    record(
        case,
        "input_accepted",
        legal_date=max(received, case.legal_date or received),
        kind=kind,
        outcome=answer.get("outcome"),
        notice_no=notice_no,
    )
    if not resume.hand_over(store, case.case_id, wait.token, payload):
        raise refuse(
            case,
            kind,
            "deadline_passed",
            f"The deadline of {wait.due} passed before the answer arrived.",
            notice_no=notice_no,
        )
    return {
        "case_id": case.case_id,
        "kind": kind,
        "accepted": True,
        "resumed": True,
        "outcome": answer.get("outcome"),
        "received_on": received.isoformat(),
    }


def _due(wait: Wait | None, notice_no: str | None, notice_due: str | None) -> date | None:
    """The due date the answer is judged by: its wait's, else its notice's (once served)."""
    due = wait.due if wait and (notice_no is None or wait.notice_no == notice_no) else None
    awaiting_service = wait is not None and wait.due is None and wait.notice_no == notice_no
    if due is None and notice_due and not awaiting_service:
        due = date.fromisoformat(str(notice_due))
    return due


def _awaited(
    case: Case,
    kind: str,
    received: date,
    notice_no: str | None,
    due: date | None,
    last: dict[str, Any],
) -> Wait:
    """The wait this answer may take; refused (recorded) when it is late or not awaited."""
    if kind in DEADLINE_BOUND and due is not None and received > due:
        raise refuse(
            case,
            kind,
            "late",
            f"The {kind.replace('_', ' ')} was received on {received}, after the "
            f"deadline of {due}.",
            received_on=received,
            due=due,
            notice_no=notice_no,
        )
    wait = case.wait
    if (
        wait is None
        or kind not in wait.accepts
        or (notice_no is not None and wait.notice_no != notice_no)
    ):
        raise _not_awaited(case, kind, received, notice_no, due, last)
    return wait


def _not_awaited(
    case: Case,
    kind: str,
    received: date,
    notice_no: str | None,
    due: date | None,
    last: dict[str, Any],
) -> Conflict:
    if notice_no is not None and last.get("notice_no") == notice_no:
        return refuse(
            case,
            kind,
            "second_reply",
            f"Notice {notice_no} has already been answered.",
            notice_no=notice_no,
        )
    if notice_no is not None and due is not None and received <= due:
        logger.error("timely reply processed after its period closed", case_id=case.case_id)
        return refuse(
            case,
            kind,
            "timely_but_period_closed",
            f"The reply to notice {notice_no} was received on {received}, within the "
            f"period ending {due}, but reached processing after the case moved on; an "
            "officer will review it.",
            notice_no=notice_no,
            received_on=received,
            due=due,
        )
    expected = ", ".join(case.wait.accepts) if case.wait else "nothing"
    return refuse(
        case,
        kind,
        "not_awaited",
        f"Case {case.case_id} is not waiting for a {kind.replace('_', ' ')} "
        f"(it waits for {expected}).",
        notice_no=notice_no,
    )


def legal_date_now(case_id: str, store: CaseStore | None = None) -> date:
    """The case's legal today by the legal clock, for the CLI and API."""
    return clock.legal_today((store or CaseStore()).require(case_id))

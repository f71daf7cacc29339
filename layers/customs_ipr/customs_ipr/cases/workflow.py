"""Open cases and feed the parties' and officers' answers to their waiting workflows.

Starting is idempotent: the case id is derived from what the case is about (the
declaration number and the recordation, or a hash of an application), the case record
is written only if absent, and the execution is named after the case, so a duplicate
delivery of the same upload neither opens a second case nor starts a second execution
(``ExecutionAlreadyExists`` counts as started).

Answers: the case record holds the task token of the one thing the workflow waits for
(``Case.wait``). An answer is checked (right kind, in time), then takes the token with a
conditional write — of two concurrent answers exactly one wins — and resumes the
execution with ``SendTaskSuccess``. Every refusal is recorded in the case history with
its reason and raised as ``Conflict`` (or ``InvalidInput`` for a bad value).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from customs_ipr import aws, money
from customs_ipr.cases import clock, contacts, timers
from customs_ipr.cases.model import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseGoods,
    CaseParty,
    CasePath,
    CaseRecordation,
    GeneralGuaranteeRef,
)
from customs_ipr.cases.rules.unidentified import InfringementFinding
from customs_ipr.cases.store import CaseStore, now_utc
from customs_ipr.config import get_settings
from customs_ipr.documents.models import Declaration, Direction, HolderResponse
from customs_ipr.errors import Conflict, CustomsIprError, InvalidInput
from customs_ipr.jsonutil import to_jsonable

logger = Logger(child=True)

COURT_RULE = {
    CasePath.UPON_APPLICATION: "court_assistance_on_application",
}


class CaseHit(BaseModel):
    """A suspected item and the recordation it hits, with what the case needs of it."""

    model_config = ConfigDict(extra="ignore")

    item_no: int
    recordation_no: str | None = None
    holder_name: str | None = None
    holder_email: str | None = None
    holder_country: str | None = None
    ip_type: str | None = None
    title: str | None = None
    registration_no: str | None = None
    general_guarantee: GeneralGuaranteeRef | None = None


class StartedCase(BaseModel):
    case_id: str
    path: CasePath
    created: bool
    execution_arn: str | None


# ---------------------------------------------------------------------------- identifiers
def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:40] or "x"


def _digest(value: Any) -> str:
    canonical = json.dumps(to_jsonable(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def ex_officio_case_id(declaration: Declaration, recordation_no: str | None) -> str:
    """``EXO-<declaration no>-<recordation no>``: one case per declaration and holder."""
    reference = declaration.customs_no or declaration.pre_entry_no
    base = _safe(reference) if reference else _digest(declaration.model_dump(mode="json"))
    return f"EXO-{base}-{_safe(recordation_no or 'unrecorded')}"


# ---------------------------------------------------------------------------- screening input
def hits_from_screening(screening: Any) -> tuple[str, list[CaseHit]]:
    """Accept a ``ScreeningResult`` or a plain dict ``{"action": ..., "hits": [...]}``.

    A ScreeningResult names recordations only, so holder, IP type and general guarantee
    are read from the recordations store.
    """
    if isinstance(screening, dict):
        action = str(screening.get("action", "suspend_release"))
        hits = [CaseHit.model_validate(h) for h in screening.get("hits", [])]
    else:
        action = str(getattr(screening.action, "value", screening.action))
        hits = [
            CaseHit(item_no=item.item_no, recordation_no=number)
            for item in screening.items
            if str(getattr(item.outcome, "value", item.outcome)) == "hit"
            for number in item.recordations[:1]
        ]
    missing = {h.recordation_no for h in hits if h.recordation_no and not h.holder_name}
    if missing:
        from customs_ipr.recordations.store import default_store

        found = default_store().get_many(sorted(missing))
        hits = [_with_recordation(h, found.get(h.recordation_no or "")) for h in hits]
    return action, hits


def _with_recordation(hit: CaseHit, recordation: Any) -> CaseHit:
    if recordation is None or hit.holder_name:
        return hit
    general = recordation.general_guarantee
    email = recordation.holder.email or (recordation.agent.email if recordation.agent else None)
    return hit.model_copy(
        update={
            "holder_name": recordation.holder.name,
            "holder_email": hit.holder_email or email,
            "holder_country": recordation.holder.country,
            "ip_type": str(getattr(recordation.ip_type, "value", recordation.ip_type)),
            "title": recordation.title,
            "registration_no": recordation.registration_no,
            "general_guarantee": (
                GeneralGuaranteeRef(
                    amount=general.amount,
                    approved_on=general.approved_on,
                    expires_on=general.expires_on,
                    called_on=general.called_on,
                )
                if general
                else None
            ),
        }
    )


def goods_value_rmb(goods: list[CaseGoods], on: date) -> Decimal | None:
    """Sum of the goods' values in RMB at the month's customs rate; None if any is unknown."""
    if not goods or any(g.value is None for g in goods):
        return None
    rates = money.default_rates()
    return money.cents(
        sum(
            (rates.to_rmb(g.value, g.currency or "CNY", on) for g in goods if g.value is not None),
            Decimal("0"),
        )
    )


def _party(
    name: str | None, code: str | None = None, email: str | None = None, country: str | None = None
) -> CaseParty | None:
    if not name:
        return None
    return CaseParty(
        name=name, code=code, email=email or contacts.find_email(name, code), country=country
    )


# ---------------------------------------------------------------------------- starting
def start_case(
    declaration: Declaration,
    screening: Any,
    *,
    consignee_email: str | None = None,
    started_on: date | None = None,
) -> list[StartedCase]:
    """Open one ex officio case per holder hit by screening, and start its workflow.

    ``screening.action`` ``require_ip_status_declaration`` starts with the Art. 21 ¶1
    requirement; ``suspend_release`` goes straight to suspension; ``release`` opens nothing.
    ``consignee_email`` is the domestic trader's address (else the contacts registry).
    """
    action, hits = hits_from_screening(screening)
    if action == "release" or not hits:
        return []
    groups: dict[str, list[CaseHit]] = {}
    for hit in hits:
        groups.setdefault(hit.holder_name or hit.recordation_no or "unknown", []).append(hit)
    day = started_on or declaration.declaration_date or _beijing_today()
    domestic = _party(declaration.consignee.name, declaration.consignee.code, consignee_email)
    foreign = (
        _party(declaration.foreign_party.name, declaration.foreign_party.code)
        if declaration.foreign_party
        else None
    )
    importing = declaration.direction is Direction.IMPORT
    started = []
    for group in groups.values():
        first = group[0]
        item_nos = {h.item_no for h in group}
        goods = [
            CaseGoods(
                item_no=i.item_no,
                name=i.name,
                hs_code=i.hs_code,
                brand=i.brand,
                quantity=i.quantity,
                unit=i.unit,
                value=i.total_price,
                currency=i.currency,
            )
            for i in declaration.items
            if i.item_no in item_nos
        ]
        case = _new_case(
            ex_officio_case_id(declaration, first.recordation_no),
            CasePath.EX_OFFICIO,
            day,
            declaration=declaration,
            declaration_ref=declaration.reference,
            needs_review=declaration.needs_review,
            missing=list(declaration.missing),
            goods=goods,
            value_rmb=goods_value_rmb(goods, day),
            consignee=domestic if importing else foreign,
            consignor=foreign if importing else domestic,
            holder=_party(
                first.holder_name or "unknown holder",
                email=first.holder_email,
                country=first.holder_country,
            ),
            recordation=CaseRecordation(
                recordation_no=first.recordation_no,
                title=first.title or first.recordation_no or "recorded right",
                ip_type=first.ip_type,
                registration_no=first.registration_no,
                general_guarantee=first.general_guarantee,
            ),
            recordation_nos=sorted({h.recordation_no for h in group if h.recordation_no}),
            require_declaration=action == "require_ip_status_declaration",
        )
        started.append(_open(case))
    return started


def start_application_case(
    *,
    holder: CaseParty,
    goods: list[CaseGoods],
    guarantee_rmb: Decimal,
    consignee: CaseParty | None = None,
    recordation: CaseRecordation | None = None,
    declaration: Declaration | None = None,
    value_rmb: Decimal | None = None,
    started_on: date | None = None,
    case_id: str | None = None,
) -> StartedCase:
    """Upon application: the holder asks customs to detain a shipment (recorded or not)."""
    day = started_on or _beijing_today()
    key = {
        "holder": holder,
        "goods": goods,
        "consignee": consignee,
        "on": day,
        "declaration": declaration.reference if declaration else None,
    }
    case = _new_case(
        case_id or f"APP-{_digest(key)}",
        CasePath.UPON_APPLICATION,
        day,
        declaration=declaration,
        declaration_ref=declaration.reference if declaration else None,
        goods=goods,
        value_rmb=value_rmb if value_rmb is not None else goods_value_rmb(goods, day),
        consignee=consignee,
        holder=holder,
        recordation=recordation or CaseRecordation(title=goods[0].brand or goods[0].name),
        recordation_nos=[recordation.recordation_no]
        if recordation and recordation.recordation_no
        else [],
        guarantee_posted=guarantee_rmb,
    )
    return _open(case)


def start_personal_case(
    *,
    person: CaseParty,
    goods: list[CaseGoods],
    recordation: CaseRecordation,
    holder: CaseParty | None = None,
    explanation: str | None = None,
    started_on: date | None = None,
    case_id: str | None = None,
) -> StartedCase:
    """Art. 31: items carried by a passenger or mailed to a person."""
    day = started_on or _beijing_today()
    key = {"person": person, "goods": goods, "on": day, "recordation": recordation}
    case = _new_case(
        case_id or f"PER-{_digest(key)}",
        CasePath.PERSONAL_ITEMS,
        day,
        goods=goods,
        value_rmb=goods_value_rmb(goods, day),
        person=person,
        holder=holder,
        recordation=recordation,
        recordation_nos=[recordation.recordation_no] if recordation.recordation_no else [],
        explanation=explanation,
    )
    return _open(case)


def start_unidentified_case(
    *,
    goods: list[CaseGoods],
    finding: InfringementFinding,
    recordation: CaseRecordation | None = None,
    holder: CaseParty | None = None,
    detention_on: date | None = None,
    started_on: date | None = None,
    case_id: str | None = None,
) -> StartedCase:
    """Art. 32: infringing goods whose consignee and consignor cannot be identified.

    ``finding``: the officer's infringement finding the announcement rests on.
    """
    day = started_on or detention_on or _beijing_today()
    if finding.found_on < (detention_on or day):
        raise InvalidInput("The infringement finding cannot predate the detention.")
    key = {"goods": goods, "on": day, "recordation": recordation}
    case = _new_case(
        case_id or f"UNI-{_digest(key)}",
        CasePath.UNIDENTIFIED_PARTIES,
        day,
        goods=goods,
        value_rmb=goods_value_rmb(goods, day),
        holder=holder,
        recordation=recordation,
        recordation_nos=[recordation.recordation_no]
        if recordation and recordation.recordation_no
        else [],
        detention_on=detention_on or day,
        infringement_found_on=finding.found_on,
    )
    started = _open(case)
    if started.created:
        from customs_ipr.cases.tasks import record

        record(
            case,
            "infringement_found",
            legal_date=finding.found_on,
            officer=finding.officer,
            finding=finding.basis,
            basis="Implementing Measures Art. 32 ¶1",
        )
    return started


def _beijing_today() -> date:
    return clock.today()


def _new_case(case_id: str, path: CasePath, started_on: date, **fields: Any) -> Case:
    now = now_utc()
    return Case(
        case_id=case_id,
        path=path,
        created_at=now,
        started_on=started_on,
        legal_date=started_on,
        **fields,
    )


def _open(case: Case) -> StartedCase:
    store = CaseStore()
    created = store.create(case)
    if created:
        store.add_event(
            case.case_id,
            CaseEvent(
                at=now_utc(),
                legal_date=case.started_on,
                event="case_opened",
                status=case.status.value,
                detail={"path": case.path.value},
            ),
        )
    execution_input: dict[str, Any] = {
        "case_id": case.case_id,
        "path": case.path.value,
        "require_declaration": case.require_declaration,
        "court_rule": COURT_RULE.get(case.path, "court_assistance"),
        "answer": {},
    }
    sfn = aws.client("stepfunctions")
    arn = get_settings().state_machine_arn
    if not arn:
        raise CustomsIprError(
            "STATE_MACHINE_ARN is not set: the case workflow cannot start.", code="configuration"
        )
    try:
        execution_arn = sfn.start_execution(
            stateMachineArn=arn, name=case.case_id, input=json.dumps(execution_input)
        )["executionArn"]
    except sfn.exceptions.ExecutionAlreadyExists:
        execution_arn = f"{arn.replace(':stateMachine:', ':execution:')}:{case.case_id}"
        logger.info("case execution already exists", case_id=case.case_id)
    if created:
        store.update(case.case_id, execution_arn=execution_arn)
    logger.info("case opened", case_id=case.case_id, path=case.path.value, new_case=created)
    return StartedCase(
        case_id=case.case_id, path=case.path, created=created, execution_arn=execution_arn
    )


# ---------------------------------------------------------------------------- answers
class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IpStatusDeclarationInput(_Input):
    suspect: bool = Field(description="customs still suspects infringement after the declaration")
    statement: str | None = None


class InvestigationResultInput(_Input):
    result: str = Field(pattern="^(not_infringing|undetermined)$")
    note: str | None = None


class SettlementInput(_Input):
    """Art. 27 ¶3: the parties' written application, with the agreement attached."""

    agreement_key: str = Field(
        min_length=1, description="the agreement in the documents bucket (cases.rules.settlement)"
    )
    agreement_sha256: str | None = None
    criminal_suspicion: bool = False
    statement: str | None = None


class PenaltyDecisionInput(_Input):
    fine_rmb: Decimal = Field(ge=0)
    effective_on: date | None = None
    criminal_referral: bool = False
    other_facts: list[str] = Field(default_factory=list)


class CourtNoticeInput(_Input):
    court: str
    reference: str


class CounterGuaranteeInput(_Input):
    amount_rmb: Decimal = Field(gt=0)


class RenunciationInput(_Input):
    officer: str = Field(description="the officer who consented to the renunciation")
    statement: str | None = None


class PartyIdentifiedInput(_Input):
    name: str
    code: str | None = None
    email: str | None = None


class ExplanationInput(_Input):
    text: str


INPUTS: dict[str, type[_Input]] = {
    "ip_status_declaration": IpStatusDeclarationInput,
    "investigation_result": InvestigationResultInput,
    "settlement": SettlementInput,
    "penalty_decision": PenaltyDecisionInput,
    "court_notice": CourtNoticeInput,
    "counter_guarantee": CounterGuaranteeInput,
    "renunciation": RenunciationInput,
    "party_identified": PartyIdentifiedInput,
    "explanation": ExplanationInput,
}
"""Officers' inputs; ``holder_reply`` (a paper reply typed in) goes to ``resume_with_reply``."""

DEADLINE_BOUND = {
    "ip_status_declaration",
    "holder_reply",
    "court_notice",
    "renunciation",
    "party_identified",
}
"""Inputs from parties or courts that count only if received by the wait's due date."""


def _refuse(case: Case, kind: str, reason: str, message: str, **detail: Any) -> Conflict:
    from customs_ipr.cases.tasks import record

    record(case, "input_refused", kind=kind, reason=reason, **detail)
    logger.info("input refused", case_id=case.case_id, kind=kind, reason=reason)
    return Conflict(message)


def _outcome(kind: str, data: _Input) -> str:
    if isinstance(data, IpStatusDeclarationInput):
        return "suspect" if data.suspect else "cleared"
    if isinstance(data, InvestigationResultInput):
        return data.result
    if isinstance(data, PenaltyDecisionInput):
        return "infringing"
    if isinstance(data, RenunciationInput):
        return "renounced"
    if isinstance(data, SettlementInput) and data.criminal_suspicion:
        return "settlement_referral"
    return kind


def submit_input(
    case_id: str,
    kind: str,
    data: dict[str, Any],
    received_on: date | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """An officer's input: validate it, then resume the case if it waits for this kind.

    ``request_id`` (the API's ``Idempotency-Key``): the same request retried after a
    failure completes the resume instead of counting as a second answer.
    """
    answer_id = f"request:{request_id}" if request_id else None
    if kind == "notice_served":
        from customs_ipr.cases.service import record_service

        return record_service(case_id, data)
    if kind == "holder_reply":
        try:
            reply = HolderResponse.model_validate(data)
        except ValidationError as error:
            raise InvalidInput(f"The holder reply is not valid: {_problems(error)}.") from None
        return resume_with_reply(reply, received_on, case_id=case_id, answer_id=answer_id)
    model = INPUTS.get(kind)
    if model is None:
        known = ", ".join(sorted([*INPUTS, "holder_reply", "notice_served"]))
        raise InvalidInput(f"Unknown input kind {kind!r}; known kinds: {known}.")
    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(f"The {kind} input is not valid: {_problems(error)}.") from None
    store = CaseStore()
    case = store.require(case_id)
    received = received_on or clock.legal_today(case)
    if isinstance(parsed, ExplanationInput):
        from customs_ipr.cases.tasks import record

        store.update(case_id, explanation=parsed.text)
        store.put_document(
            case_id,
            CaseDocument(
                sha256=hashlib.sha256(parsed.text.encode("utf-8")).hexdigest(),
                kind="explanation",
                received_on=received,
                detail={"text": parsed.text},
            ),
        )
        record(
            case, "explanation_recorded", legal_date=received, basis="Implementing Measures Art. 31"
        )
        return {"case_id": case_id, "kind": kind, "accepted": True, "resumed": False}
    _check_value(case, parsed)
    if isinstance(parsed, SettlementInput):
        from customs_ipr.cases.rules.settlement import record_agreement

        record_agreement(case, parsed.agreement_key, received, parsed.agreement_sha256)
    answer = {
        "kind": kind,
        "outcome": _outcome(kind, parsed),
        "received_on": received,
        **parsed.model_dump(mode="json"),
    }
    return _resume(case, kind, answer, received, notice_no=None, answer_id=answer_id)


def _check_value(case: Case, parsed: _Input) -> None:
    if isinstance(parsed, RenunciationInput) and case.path is not CasePath.PERSONAL_ITEMS:
        raise _refuse(
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


def resume_with_reply(
    reply: HolderResponse,
    received_on: date | None = None,
    *,
    document_key: str | None = None,
    document_sha256: str | None = None,
    case_id: str | None = None,
    received_at: datetime | None = None,
    answer_id: str | None = None,
) -> dict[str, Any]:
    """A holder's reply (parsed PDF or typed in): find its case by notice number, resume it.

    Refused (recorded, ``Conflict``): a reply that does not prove its sender or is sent
    for another case than ``case_id`` (``cases.reply_auth``), a reply received after the
    notice's due date, a second reply to the same notice, or a reply to a notice the case
    no longer waits on. The receipt date is ``received_on``, else the legal date at
    ``received_at`` (an upload's S3 event time, ``cases.receipt``), else the case's legal
    today. ``answer_id`` (upload version or request id) makes a retry idempotent.
    """
    from customs_ipr.cases import receipt, reply_auth

    store = CaseStore()
    notice_case_id, notice = store.case_of_notice(reply.notice_no)
    case = store.require(notice_case_id)
    refused = reply_auth.problem(case, notice, reply, expected_case_id=case_id)
    if refused is not None:
        raise _refuse(case, "holder_reply", *refused, notice_no=reply.notice_no)
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
        case,
        "holder_reply",
        answer,
        received,
        notice_no=reply.notice_no,
        notice_due=notice.get("due_date"),
        answer_id=answer_id,
    )


def _resume(
    case: Case,
    kind: str,
    answer: dict[str, Any],
    received: date,
    *,
    notice_no: str | None,
    notice_due: str | None = None,
    answer_id: str | None = None,
) -> dict[str, Any]:
    from customs_ipr.cases import resume

    store = CaseStore()
    last = resume.last_answer(store, case.case_id)
    if resume.is_retry(last, answer_id):
        return resume.complete(case, kind, last, lambda r, m: _refuse(case, kind, r, m))
    wait = case.wait
    due = wait.due if wait and (notice_no is None or wait.notice_no == notice_no) else None
    awaiting_service = wait is not None and wait.due is None and wait.notice_no == notice_no
    if due is None and notice_due and not awaiting_service:
        due = date.fromisoformat(str(notice_due))
    if kind in DEADLINE_BOUND and due is not None and received > due:
        raise _refuse(
            case,
            kind,
            "late",
            f"The {kind.replace('_', ' ')} was received on {received}, after the "
            f"deadline of {due}.",
            received_on=received,
            due=due,
            notice_no=notice_no,
        )
    if (
        wait is None
        or kind not in wait.accepts
        or (notice_no is not None and wait.notice_no != notice_no)
    ):
        if notice_no is not None and last.get("notice_no") == notice_no:
            raise _refuse(
                case,
                kind,
                "second_reply",
                f"Notice {notice_no} has already been answered.",
                notice_no=notice_no,
            )
        if notice_no is not None and due is not None and received <= due:
            logger.error("timely reply processed after its period closed", case_id=case.case_id)
            raise _refuse(
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
        expected = ", ".join(wait.accepts) if wait else "nothing"
        raise _refuse(
            case,
            kind,
            "not_awaited",
            f"Case {case.case_id} is not waiting for a {kind.replace('_', ' ')} "
            f"(it waits for {expected}).",
            notice_no=notice_no,
        )
    payload = to_jsonable(answer)
    try:
        store.take_wait(case.case_id, wait.token, resume.kept(payload, wait.token, answer_id))
    except Conflict:
        raise _refuse(
            case,
            kind,
            "second_reply" if notice_no else "already_answered",
            "Another answer to this wait was accepted first.",
            notice_no=notice_no,
        ) from None
    from customs_ipr.cases.tasks import record

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
    sfn = aws.client("stepfunctions")
    try:
        sfn.send_task_success(taskToken=wait.token, output=json.dumps(payload))
    except (
        sfn.exceptions.TaskTimedOut,
        sfn.exceptions.InvalidToken,
        sfn.exceptions.TaskDoesNotExist,
    ):
        raise _refuse(
            case,
            kind,
            "deadline_passed",
            f"The deadline of {wait.due} passed before the answer arrived.",
            notice_no=notice_no,
        ) from None
    resume.mark_resumed(case.case_id)
    return {
        "case_id": case.case_id,
        "kind": kind,
        "accepted": True,
        "resumed": True,
        "outcome": answer.get("outcome"),
        "received_on": received.isoformat(),
    }


def _problems(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}" for e in error.errors()
    )


def legal_date_now(case_id: str) -> date:
    """The case's legal today by the legal clock, for the CLI and API."""
    return clock.legal_today(CaseStore().require(case_id))

"""The Lambda tasks of the case state machine (``statemachine/case.asl.json``).

Each task gets ``{"task": name, "case_id": ..., "state": <state name>, ...}`` and returns a
small dict the state machine chooses on (``outcome``) or waits with (``timeout_seconds``).
Tasks are idempotent: a retried task finds the notice of its step already issued (items
``NOTICE#<step>#<role>``) and does not issue it twice.

A task that starts while the case still holds a ``wait`` runs after that wait's deadline
passed (answered waits are removed by the answer): it records ``deadline_passed`` and
moves the case's legal date to the first working day after the due date, the day on
which customs acts on the silence.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import BaseModel, ConfigDict, Field

from customs_ipr import deadlines, money
from customs_ipr.calendar import CalendarYearUnknown
from customs_ipr.cases import calendar_stops, clock, reply_codes, timers
from customs_ipr.cases.model import (
    Case,
    CaseDeadline,
    CaseEvent,
    CasePath,
    CaseStatus,
    Wait,
)
from customs_ipr.cases.rules import application as application_rules
from customs_ipr.cases.rules import guarantee as guarantee_rules
from customs_ipr.cases.rules import personal as personal_rules
from customs_ipr.cases.rules import unidentified as unidentified_rules
from customs_ipr.cases.store import CaseStore, now_utc
from customs_ipr.documents.models import Direction
from customs_ipr.errors import CustomsIprError
from customs_ipr.notices.kinds import AddresseeRole, NoticeKind, ReleaseReason

logger = Logger(child=True)

LOCAL_RULES: dict[str, tuple[int, str, str]] = {
    "personal_renunciation": (
        3,
        "Implementing Measures Art. 31",
        "the person may renounce the detained items or explain in writing (this office "
        "sets 3 working days from the detention notice)",
    ),
}
"""Periods this office sets itself where the law leaves the length to customs."""

WAIT_ACCEPTS: dict[str, list[str]] = {
    "ip_status_declaration": ["ip_status_declaration"],
    "holder_reply": ["holder_reply"],
    "investigation": [
        "investigation_result",
        "settlement",
        "penalty_decision",
        "court_notice",
        "renunciation",
    ],
    "court_notice": ["court_notice", "settlement", "counter_guarantee", "renunciation"],
    "personal_renunciation": ["renunciation"],
    "claim": ["party_identified"],
}
"""Which inputs may answer each kind of wait (checked before the task token is used)."""


class CaseTaskRefused(CustomsIprError):
    """A task cannot go on with the case's data (e.g. no value to size a guarantee).

    The state machine does not retry it: it records the failure and alerts.
    """

    code = "case_task_refused"


Task = Callable[[Case, dict[str, Any]], dict[str, Any]]
TASKS: dict[str, Task] = {}


class CaseTaskEvent(BaseModel):
    """What every Task state of ``statemachine/case.asl.json`` sends (its ``Payload``).

    The named fields are the envelope; a task's own parameters (``rule``, ``from``,
    ``notice``, ``wait``, ``reason``, ``answer``, ``deadline``, ``error``) ride along as extras.
    """

    model_config = ConfigDict(extra="allow")

    task: str = Field(min_length=1)
    case_id: str = Field(min_length=1)
    state: str | None = None
    token: str | None = None


def task(name: str) -> Callable[[Task], Task]:
    def register(function: Task) -> Task:
        TASKS[name] = function
        return function

    return register


def run(task_event: CaseTaskEvent) -> dict[str, Any]:
    """Entry point of ``functions/case_tasks``: run one named task for one case."""
    name = task_event.task
    if name not in TASKS:
        raise CaseTaskRefused(f"Unknown case task {name!r}.")
    event = task_event.model_dump()
    store = CaseStore()
    case = store.require(task_event.case_id)
    try:
        if case.wait is not None and name not in ("await_answer", "record_failure"):
            case = _deadline_passed(store, case, event.get("state"))
        logger.info("case task", task=name, case_id=case.case_id, state=event.get("state"))
        return TASKS[name](case, event)
    except CaseTaskRefused:
        raise
    except CalendarYearUnknown as error:
        if calendar_stops.known_after_refresh(error.year):
            raise  # imported meanwhile (a stale cache): the state machine retries the task
        calendar_stops.record_stop(store.require(case.case_id), event.get("state"), error)
        raise CaseTaskRefused(f"{error.code}: {error.message}") from error
    except CustomsIprError as error:
        raise CaseTaskRefused(f"{error.code}: {error.message}") from error


# ---------------------------------------------------------------------------- helpers
BUSINESS_METRICS = {
    "goods_released": "GoodsReleased",
    "goods_detained": "GoodsDetained",
    "goods_confiscated": "GoodsConfiscated",
    "criminal_referral": "CriminalReferrals",
    "notice_issued": "NoticesIssued",
    "deadline_passed": "DeadlinesPassed",
    "input_refused": "InputsRefused",
    "workflow_failed": "CasesFailed",
}
"""History events that are also counted as CloudWatch metrics (Powertools EMF, flushed by
the handler's ``log_metrics``): what an office watches on a dashboard."""


def _count(event: str) -> None:
    name = BUSINESS_METRICS.get(event)
    if name is None:
        return
    from aws_lambda_powertools import Metrics
    from aws_lambda_powertools.metrics import MetricUnit

    Metrics().add_metric(name=name, unit=MetricUnit.Count, value=1)


def record(
    case: Case,
    event: str,
    *,
    state: str | None = None,
    status: CaseStatus | None = None,
    legal_date: date | None = None,
    **detail: Any,
) -> None:
    """Append a history event; when ``status`` is given also set it on the case record."""
    store = CaseStore()
    when = legal_date or clock.legal_today(case)
    fields: dict[str, Any] = {"legal_date": max(when, case.legal_date or when)}
    if status is not None:
        fields["status"] = status
    store.update(case.case_id, **fields)
    _count(event)
    store.add_event(
        case.case_id,
        CaseEvent(
            at=now_utc(),
            legal_date=when,
            event=event,
            state=state,
            status=status.value if status else None,
            detail=_jsonable(detail),
        ),
    )


def _jsonable(value: Any) -> Any:
    from customs_ipr.jsonutil import to_jsonable

    converted = to_jsonable(value)
    return _decimals(converted)


def _decimals(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


def _deadline_passed(store: CaseStore, case: Case, state: str | None) -> Case:
    wait = case.wait
    assert wait is not None
    acting_on = clock.day_after_deadline(wait.due) if wait.due else clock.legal_today(case)
    store.update(case.case_id, wait=None, last_wait=wait)
    case = case.model_copy(
        update={"wait": None, "legal_date": max(acting_on, case.legal_date or acting_on)}
    )
    record(
        case,
        "deadline_passed",
        state=state,
        legal_date=case.legal_date,
        wait=wait.kind,
        notice_no=wait.notice_no,
        due=wait.due,
    )
    return case


def domestic_party(case: Case) -> tuple[Any, AddresseeRole]:
    """The trader customs writes to: the consignee of an import, the consignor of an export."""
    exporting = case.declaration is not None and case.declaration.direction is Direction.EXPORT
    if exporting:
        return case.consignor, AddresseeRole.CONSIGNOR
    if case.path is CasePath.PERSONAL_ITEMS and case.person is not None:
        return case.person, AddresseeRole.CONSIGNEE
    return case.consignee, AddresseeRole.CONSIGNEE


UNKNOWN = "未查明 / not identified"


def case_facts(case: Case, **extra: Any) -> dict[str, Any]:
    """The facts every notice of this case states (also used by notice previews)."""
    facts: dict[str, Any] = {}
    if case.declaration is not None:
        from customs_ipr.notices.context import facts_from_declaration

        facts = facts_from_declaration(case.declaration).model_dump(mode="json")
    facts["declaration_no"] = case.declaration_ref or case.case_id
    facts["goods"] = [
        {k: v for k, v in g.model_dump(mode="json").items() if k != "item_no"} for g in case.goods
    ]
    for role in ("consignee", "consignor", "holder"):
        party = getattr(case, role)
        if party is None and role == "consignee" and case.person is not None:
            party = case.person
        if party is not None:
            facts[role] = {"name": party.name, "code": party.code, "country": party.country}
    facts.setdefault("consignee", {"name": UNKNOWN})
    if case.recordation is not None:
        facts["recordation"] = {
            "recordation_no": case.recordation.recordation_no,
            "title": case.recordation.title,
            "ip_type": case.recordation.ip_type,
            "registration_no": case.recordation.registration_no,
        }
    if case.detention_on:
        facts["detention_date"] = case.detention_on.isoformat()
    facts.update(extra)
    return {k: v for k, v in facts.items() if v is not None}


def issue(
    case: Case,
    *,
    step: str,
    kind: NoticeKind,
    role: AddresseeRole,
    party: Any,
    issued_on: date,
    due: CaseDeadline | None = None,
    **facts: Any,
) -> dict[str, Any]:
    """Issue one notice of a step to one addressee, once (a retry finds it issued)."""
    from customs_ipr.cases import notify
    from customs_ipr.notices.models import Recipient

    store = CaseStore()
    existing = store.get_notice(case.case_id, step, role.value)
    if existing is not None:
        return existing
    name = party.name if party is not None else UNKNOWN
    email = party.email if party is not None else None
    notice_no = notify.new_number(kind, issued_on)
    data: dict[str, Any] = {
        "notice_no": notice_no,
        "kind": kind.value,
        "issued_on": issued_on.isoformat(),
        "addressee": {"name": name, "role": role.value, "email": email},
        "case_id": case.case_id,
        "facts": case_facts(case, **facts),
    }
    if due is not None:
        data["due_date"] = due.due.isoformat()
        data["due_basis_en"] = f"{due.basis}: {due.count} {due.unit.replace('_', ' ')}"
        data["due_basis_zh"] = due.basis
    code_hash = reply_codes.attach(data) if due is not None else None  # invites an answer
    context = notify.build(data)
    issued = notify.issue_notice(context, [Recipient(name=name, role=role, email=email)])
    record_data = issued.model_dump(mode="json")
    if code_hash:
        record_data["reply_code_hash"] = code_hash
    store.put_notice(case.case_id, step, role.value, record_data)
    record(
        case,
        "notice_issued",
        state=step,
        legal_date=issued_on,
        notice_no=notice_no,
        kind=kind.value,
        role=role.value,
        sha256=issued.sha256,
        served_by_other_means_required=issued.served_by_other_means_required,
    )
    return record_data


def notify_holder_and_trader(
    case: Case,
    *,
    step: str,
    kind: NoticeKind,
    issued_on: date,
    skip_absent: bool,
    due: CaseDeadline | None = None,
    **facts: Any,
) -> None:
    """Issue a notice the law addresses to both the holder and the trader (Art. 25–29).

    ``skip_absent``: a release needs no notice to a party that does not exist (unidentified
    goods); an Art. 28 notice is still issued, flagged for service by other means.
    """
    trader, trader_role = domestic_party(case)
    for role, party in ((AddresseeRole.HOLDER, case.holder), (trader_role, trader)):
        if party is None and skip_absent:
            continue
        issue(
            case,
            step=step,
            kind=kind,
            role=role,
            party=party,
            issued_on=issued_on,
            due=due,
            **facts,
        )


def _open_wait(
    case: Case, event: dict[str, Any], kind: str, notice_no: str | None, due: date
) -> dict[str, Any]:
    token = event.get("token")
    if not token:
        raise CaseTaskRefused("A waiting task needs the task token.")
    pending_service = timers.awaits_service(notice_no)
    wait = Wait(
        kind=kind,
        token=token,
        accepts=WAIT_ACCEPTS[kind],
        notice_no=notice_no,
        due=None if pending_service else due,
        opened_at=now_utc(),
    )
    timers.arm(case.case_id, wait)  # first: a task that fails here leaves no wait behind
    CaseStore().set_wait(case.case_id, wait)
    record(
        case,
        "waiting",
        state=event.get("state"),
        kind=kind,
        notice_no=notice_no,
        due=wait.due,
        awaits_service=pending_service or None,
    )
    return {"waiting_for": kind, "due": wait.due.isoformat() if wait.due else None}


# ---------------------------------------------------------------------------- periods
@task("open_period")
def open_period(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Compute and record a legal deadline, issue the notice that starts it (if any), and
    give the following callback its timeout in seconds.

    The notice is issued here, before the callback starts, so the time it takes to render
    and send never eats into the party's waiting time, and a retry never re-sends it.
    """
    rule = str(event["rule"])
    counted_from = event.get("from", "today")
    start = {
        "today": clock.legal_today(case),
        "detention": unidentified_rules.periods_start(case),
        "announcement": case.announced_on,
    }[counted_from]
    if start is None:
        raise CaseTaskRefused(f"The case has no {counted_from} date to count {rule} from.")
    if rule in LOCAL_RULES:
        count, basis, _ = LOCAL_RULES[rule]
        computed = deadlines.due_in_working_days(start, count).model_copy(
            update={"rule": rule, "basis": basis}
        )
    else:
        computed = deadlines.compute(rule, start)
    deadline = CaseDeadline(
        rule=rule,
        basis=computed.basis,
        start=computed.start,
        due=computed.due,
        count=computed.count,
        unit=str(computed.unit),
    )
    notice_no = None
    notice = event.get("notice")
    if notice:
        notice_no = PERIOD_NOTICES[notice](case, deadline, event.get("state"))
        case = CaseStore().require(case.case_id)
    seconds = clock.timeout_seconds(case, computed.due)
    deadline = deadline.model_copy(update={"timeout_seconds": float(seconds)})
    CaseStore().put_deadline(case.case_id, deadline)
    record(
        case,
        "deadline_set",
        state=event.get("state"),
        rule=rule,
        start=start,
        due=computed.due,
        basis=computed.basis,
        notice_no=notice_no,
    )
    return {**deadline.model_dump(mode="json"), "timeout_seconds": seconds, "notice_no": notice_no}


@task("await_answer")
def await_answer(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """The callback: keep the task token in the case record until an answer or the deadline."""
    deadline = event.get("deadline") or {}
    if not deadline.get("due"):
        raise CaseTaskRefused("This wait has no deadline: the state machine must set one first.")
    return _open_wait(
        case,
        event,
        str(event["wait"]),
        deadline.get("notice_no"),
        timers.wait_due(deadline.get("rule"), date.fromisoformat(deadline["due"])),
    )


def _require_declaration(case: Case, deadline: CaseDeadline, state: str | None) -> str:
    """Art. 21 ¶1: require the consignee/consignor to declare the IP status of the goods."""
    party, role = domestic_party(case)
    notice = issue(
        case,
        step="ip_status_declaration",
        kind=NoticeKind.REQUIRE_IP_STATUS_DECLARATION,
        role=role,
        party=party,
        issued_on=deadline.start,
        due=deadline,
    )
    record(
        case,
        "ip_status_declaration_required",
        state=state,
        status=CaseStatus.AWAITING_IP_STATUS_DECLARATION,
        legal_date=deadline.start,
    )
    return str(notice["notice_no"])


def _notify_suspension(case: Case, deadline: CaseDeadline, state: str | None) -> str:
    """Art. 21 ¶2 / Art. 22: notify the holder, who has 3 working days to answer."""
    notice = issue(
        case,
        step="holder_reply",
        kind=NoticeKind.SUSPENSION_NOTICE,
        role=AddresseeRole.HOLDER,
        party=case.holder,
        issued_on=deadline.start,
        due=deadline,
        **guarantee_rules.suspension_facts(case, deadline.start),
    )
    return str(notice["notice_no"])


def _detain_personal_items(case: Case, deadline: CaseDeadline, state: str | None) -> str:
    """Art. 31: detain the items and tell the person, who may renounce them."""
    today = deadline.start
    if case.detention_on is None:
        CaseStore().update(case.case_id, detention_on=today)
        case = case.model_copy(update={"detention_on": today})
        record(
            case,
            "goods_detained",
            state=state,
            status=CaseStatus.DETAINED,
            legal_date=today,
            detention_on=today,
            basis="Implementing Measures Art. 31",
        )
    notice = issue(
        case,
        step="personal_items",
        kind=NoticeKind.PERSONAL_ITEMS_DETENTION,
        role=AddresseeRole.PASSENGER,
        party=case.person,
        issued_on=today,
    )
    if case.holder is not None:  # Art. 31 ¶2: the holder assists the investigation
        issue(
            case,
            step="personal_items",
            kind=NoticeKind.PERSONAL_ITEMS_DETENTION,
            role=AddresseeRole.HOLDER,
            party=case.holder,
            issued_on=today,
        )
    return str(notice["notice_no"])


PERIOD_NOTICES: dict[str, Callable[[Case, CaseDeadline, str | None], str]] = {
    "ip_status_declaration": _require_declaration,
    "holder_reply": _notify_suspension,
    "personal_items": _detain_personal_items,
}


# ---------------------------------------------------------------------------- ex officio
@task("clear_goods")
def clear_goods(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """The declaration dispelled the suspicion: goods were never suspended, no notice."""
    CaseStore().update(case.case_id, outcome="cleared_after_declaration")
    record(
        case,
        "goods_cleared",
        state=event.get("state"),
        status=CaseStatus.CLEARED,
        basis="Implementing Measures Art. 21 ¶1",
    )
    return {"outcome": "cleared"}


@task("suspend_release")
def suspend_release(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Art. 21 ¶2: suspend release (no timely declaration, or reason to suspect)."""
    answer = event.get("answer") or {}
    if case.require_declaration and not answer:
        reason = "the consignee/consignor did not declare the IP status in time"
    elif answer:
        reason = "customs has reason to suspect infringement despite the declaration"
    else:
        reason = "screening found suspected infringement of recorded IP"
    record(
        case,
        "release_suspended",
        state=event.get("state"),
        status=CaseStatus.SUSPENDED,
        basis="Implementing Measures Art. 21 ¶2",
        reason=reason,
    )
    return {"outcome": "suspended"}


def required_guarantee(case: Case) -> Decimal:
    if case.value_rmb is None:
        raise CaseTaskRefused(
            f"Case {case.case_id} has no value in RMB, so the guarantee cannot be sized."
        )
    return guarantee_rules.required_guarantee(case.value_rmb, case.path)


def guarantee_in_rmb(guarantee: dict[str, Any], on: date) -> Decimal:
    amount = money.parse_amount(guarantee.get("amount") or 0, what="guarantee")
    return money.default_rates().to_rmb(amount, str(guarantee.get("currency") or "CNY"), on)


def general_guarantee_applies(case: Case, on: date) -> bool:
    """Art. 24: a GAC-approved general guarantee covers trademark detentions that year."""
    return guarantee_rules.general_guarantee_status(case, on)[0]


@task("assess_holder_reply")
def assess_holder_reply(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Art. 22–25: an application with an adequate guarantee detains; a short one waits for
    a top-up until the end of the period (``cases.rules.guarantee``)."""
    reply = event.get("answer") or {}
    today = clock.legal_today(case)
    decision = reply.get("decision")
    if decision != "detain":
        record(
            case,
            "holder_reply_assessed",
            state=event.get("state"),
            decision=decision,
            outcome="no_detention",
        )
        return {"outcome": "no_detention"}
    required = required_guarantee(case)
    assessed = guarantee_rules.assess(
        case, reply.get("guarantee") or {}, required, today, guarantee_in_rmb
    )
    CaseStore().update(case.case_id, guarantee_posted=assessed.posted, holder_applied_on=today)
    record(
        case,
        "holder_reply_assessed",
        state=event.get("state"),
        decision=decision,
        outcome=assessed.outcome,
        required_rmb=required,
        posted_rmb=assessed.posted,
        detail=assessed.detail,
    )
    return {"outcome": assessed.outcome}


@task("reopen_period")
def reopen_period(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Keep waiting, within the same period, for what is still missing (a top-up)."""
    rule = str(event["rule"])
    deadline = next((d for d in CaseStore().view(case.case_id).deadlines if d.rule == rule), None)
    if deadline is None:
        raise CaseTaskRefused(f"The case has no {rule} period to keep waiting in.")
    notice = CaseStore().get_notice(case.case_id, rule, AddresseeRole.HOLDER.value)
    seconds = clock.timeout_seconds(case, deadline.due)
    record(case, "period_reopened", state=event.get("state"), rule=rule, due=deadline.due)
    return {
        **deadline.model_dump(mode="json"),
        "timeout_seconds": seconds,
        "notice_no": notice.get("notice_no") if notice else None,
    }


@task("detain_goods")
def detain_goods(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Art. 25–26: detain, notify the holder, serve the detention voucher."""
    today = case.detention_on or clock.legal_today(case)
    if case.detention_on is None:
        CaseStore().update(case.case_id, detention_on=today)
        case = case.model_copy(update={"detention_on": today})
    record(
        case,
        "goods_detained",
        state=event.get("state"),
        status=CaseStatus.DETAINED,
        legal_date=today,
        detention_on=today,
    )
    issue(
        case,
        step="detention",
        kind=NoticeKind.DETENTION_NOTICE,
        role=AddresseeRole.HOLDER,
        party=case.holder,
        issued_on=today,
        **application_rules.detention_facts(case),
    )
    party, role = domestic_party(case)
    issue(
        case,
        step="detention_voucher",
        kind=NoticeKind.DETENTION_VOUCHER,
        role=role,
        party=party,
        issued_on=today,
    )
    return {"outcome": "detained", "detention_on": today.isoformat()}


@task("notify_undetermined")
def notify_undetermined(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Art. 28: infringement cannot be determined — tell holder and trader, with the court date."""
    today = clock.legal_today(case)
    court = deadlines.compute("court_assistance", unidentified_rules.periods_start(case) or today)
    due = CaseDeadline(
        rule=court.rule or "court_assistance",
        basis=court.basis,
        start=court.start,
        due=court.due,
        count=court.count,
        unit=str(court.unit),
    )
    record(
        case,
        "infringement_undetermined",
        state=event.get("state"),
        status=CaseStatus.UNDETERMINED,
        basis="Implementing Measures Art. 28",
    )
    notify_holder_and_trader(
        case,
        step="undetermined",
        kind=NoticeKind.UNDETERMINED_NOTICE,
        issued_on=today,
        skip_absent=False,
        due=due,
    )
    return {"outcome": "undetermined"}


@task("assist_court")
def assist_court(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    answer = event.get("answer") or {}
    CaseStore().update(case.case_id, outcome="court_assistance")
    record(
        case,
        "court_assistance",
        state=event.get("state"),
        status=CaseStatus.COURT_ASSISTANCE,
        basis="Implementing Measures Art. 29",
        court=answer.get("court"),
        reference=answer.get("reference"),
    )
    return {"outcome": "court_assistance"}


@task("release_goods")
def release_goods(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Release, with a notice to the holder and the trader (the reason decides the article)."""
    reason = ReleaseReason(event["reason"])
    if reason is ReleaseReason.NO_APPLICATION and case.holder_applied_on is not None:
        reason = ReleaseReason.NO_GUARANTEE  # applied, but the guarantee stayed short
    reason = application_rules.release_reason(case, reason)
    today = clock.legal_today(case)
    CaseStore().update(
        case.case_id, outcome=f"released:{reason.value}", release_reason=reason.value
    )
    record(
        case,
        "goods_released",
        state=event.get("state"),
        status=CaseStatus.RELEASED,
        reason=reason.value,
    )
    notify_holder_and_trader(
        case,
        step=f"release_{reason.value}",
        kind=NoticeKind.RELEASE_NOTICE,
        issued_on=today,
        skip_absent=True,
        release_reason=reason.value,
    )
    return {"outcome": "released", "reason": reason.value}


@task("confiscate_goods")
def confiscate_goods(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Art. 30: confiscation with a fine below 30 % of the value, and the holder's notice."""
    answer = event.get("answer") or {}
    if case.value_rmb is None:
        raise CaseTaskRefused("The fine cannot be checked: the case has no value in RMB.")
    fine = money.check_fine(
        money.parse_amount(answer.get("fine_rmb", "0"), what="fine"), case.value_rmb
    )
    today = clock.legal_today(case)
    effective = date.fromisoformat(answer["effective_on"]) if answer.get("effective_on") else today
    referral = bool(answer.get("criminal_referral"))
    CaseStore().update(
        case.case_id,
        fine_rmb=fine,
        penalty_effective_on=effective,
        criminal_referral=referral,
        outcome="confiscated",
    )
    case = case.model_copy(update={"fine_rmb": fine, "penalty_effective_on": effective})
    record(
        case,
        "goods_confiscated",
        state=event.get("state"),
        status=CaseStatus.CONFISCATED,
        fine_rmb=fine,
        penalty_effective_on=effective,
        basis="Regulations Art. 27; Implementing Measures Art. 30",
    )
    other = [str(x) for x in answer.get("other_facts") or []]
    if case.holder is not None:
        issue(
            case,
            step="confiscation",
            kind=NoticeKind.CONFISCATION_NOTICE,
            role=AddresseeRole.HOLDER,
            party=case.holder,
            issued_on=today,
            penalty_effective_date=effective.isoformat(),
            fine_amount=str(fine),
            other_facts=other,
            consignor=_party_or_unknown(case.consignor),
            declaration_date=(
                case.declaration.declaration_date.isoformat()
                if case.declaration and case.declaration.declaration_date
                else case.started_on.isoformat()
            ),
            departure=case_facts(case).get("departure") or UNKNOWN,
            destination=case_facts(case).get("destination") or UNKNOWN,
        )
    return {"outcome": "confiscated", "criminal_referral": referral}


def _party_or_unknown(party: Any) -> dict[str, Any]:
    if party is None:
        return {"name": UNKNOWN}
    return {"name": party.name, "code": party.code}


@task("refer_to_public_security")
def refer_to_public_security(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    CaseStore().update(case.case_id, criminal_referral=True)
    record(
        case,
        "criminal_referral",
        state=event.get("state"),
        basis="Regulations Art. 28; Implementing Measures Art. 32 ¶2",
    )
    return {"outcome": "referred"}


@task("refer_settlement")
def refer_settlement(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Art. 27 ¶3 "unless a crime is constituted": a settlement suspected of a crime does not
    release the goods; the case goes to public security (Art. 32 ¶2)."""
    CaseStore().update(
        case.case_id, criminal_referral=True, outcome="referred:settlement_criminal_suspicion"
    )
    record(
        case,
        "criminal_referral",
        state=event.get("state"),
        status=CaseStatus.REFERRED,
        basis="Implementing Measures Art. 27 ¶3 and Art. 32 ¶2; Regulations Art. 28",
        reason="the parties settled, but the officer suspects a crime: the goods stay detained",
    )
    return {"outcome": "referred"}


# ---------------------------------------------------------------------------- upon application
@task("assess_application")
def assess_application(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Upon application the guarantee must equal the value of the goods."""
    required = required_guarantee(case)
    posted = case.guarantee_posted or Decimal("0")
    adequate = posted >= required
    record(
        case,
        "application_assessed",
        state=event.get("state"),
        required_rmb=required,
        posted_rmb=posted,
        outcome="detain" if adequate else "refused",
        basis="Regulations Art. 14",
    )
    return {"outcome": "detain" if adequate else "refused"}


@task("refuse_application")
def refuse_application(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Regulations Art. 15: no guarantee, no detention; the applicant is told in writing."""
    CaseStore().update(case.case_id, outcome="application_refused")
    reasons = application_rules.refusal_reasons(case, required_guarantee(case))
    record(
        case,
        "application_refused",
        state=event.get("state"),
        status=CaseStatus.APPLICATION_REFUSED,
        reason="the guarantee is less than the value of the goods",
    )
    issue(
        case,
        step="application_refused",
        kind=NoticeKind.APPLICATION_REFUSED,
        role=AddresseeRole.HOLDER,
        party=case.holder,
        issued_on=clock.legal_today(case),
        reasons=reasons,
    )
    return {"outcome": "refused"}


# ---------------------------------------------------------------------------- personal items
@task("assess_personal_items")
def assess_personal_items(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Art. 31: only quantities beyond reasonable personal use (per goods kind) are detained."""
    assessed = personal_rules.assess(case.goods)
    beyond = bool(assessed["beyond"])
    record(
        case,
        "personal_items_assessed",
        state=event.get("state"),
        per_kind=assessed["per_kind"],
        beyond_reasonable=beyond,
        basis="Implementing Measures Art. 31; reasonable quantities: operator table",
    )
    return {"outcome": "detain" if beyond else "within_personal_use"}


@task("record_renunciation")
def record_renunciation(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    answer = event.get("answer") or {}
    CaseStore().update(case.case_id, outcome="renounced")
    record(
        case,
        "items_renounced",
        state=event.get("state"),
        status=CaseStatus.RENOUNCED,
        consented_by=answer.get("officer"),
        basis="Implementing Measures Art. 31",
    )
    return {"outcome": "renounced"}


# ---------------------------------------------------------------------------- unidentified
@task("announce_unidentified")
def announce_unidentified(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Art. 32: public announcement of goods found infringing; confiscation 3 months after."""
    if case.infringement_found_on is None:
        raise CaseTaskRefused(
            "Art. 32: no infringement finding is recorded, so the goods cannot be announced "
            "as found infringing."
        )
    today = max(clock.legal_today(case), case.infringement_found_on)
    if case.detention_on is None:
        CaseStore().update(case.case_id, detention_on=today)
        case = case.model_copy(update={"detention_on": today})
    computed = deadlines.compute("confiscation_after_announcement", today)
    due = CaseDeadline(
        rule="confiscation_after_announcement",
        basis=computed.basis,
        start=today,
        due=computed.due,
        count=computed.count,
        unit=str(computed.unit),
    )
    CaseStore().update(case.case_id, announced_on=today)
    case = case.model_copy(update={"announced_on": today})
    record(
        case,
        "public_announcement",
        state=event.get("state"),
        status=CaseStatus.ANNOUNCED,
        confiscation_from=computed.due,
    )
    issue(
        case,
        step="announcement",
        kind=NoticeKind.PUBLIC_ANNOUNCEMENT,
        role=AddresseeRole.PUBLIC,
        party=None,
        issued_on=today,
        due=due,
    )
    return {"outcome": "announced"}


@task("record_identified_party")
def record_identified_party(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Art. 32: a party came forward; its periods count from today (``rules.unidentified``)."""
    answer = event.get("answer") or {}
    party = {k: answer.get(k) for k in ("name", "code", "email") if answer.get(k)}
    today = clock.legal_today(case)
    CaseStore().update(case.case_id, consignee=party, periods_from=today)
    case = CaseStore().require(case.case_id)
    record(
        case,
        "party_identified",
        state=event.get("state"),
        status=CaseStatus.DETAINED,
        code=answer.get("code"),
        periods_from=today,
    )
    issue(
        case,
        step="detention_voucher",
        kind=NoticeKind.DETENTION_VOUCHER,
        role=AddresseeRole.CONSIGNEE,
        party=case.consignee,
        issued_on=today,
    )
    return {"outcome": "party_identified"}


@task("confiscate_unclaimed")
def confiscate_unclaimed(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Art. 32 ¶1 after 3 months; Art. 30: the holder is told in writing."""
    today = clock.legal_today(case)
    CaseStore().update(case.case_id, outcome="confiscated_unclaimed", penalty_effective_on=today)
    case = case.model_copy(update={"penalty_effective_on": today})
    record(
        case,
        "goods_confiscated",
        state=event.get("state"),
        status=CaseStatus.CONFISCATED,
        basis="Implementing Measures Art. 32 ¶1",
        announced_on=case.announced_on,
    )
    if case.holder is not None:
        issue(
            case,
            step="confiscation",
            kind=NoticeKind.CONFISCATION_NOTICE,
            role=AddresseeRole.HOLDER,
            party=case.holder,
            issued_on=today,
            penalty_effective_date=today.isoformat(),
            fine_amount="0",
            other_facts=[
                f"当事人无法查清，海关于{case.announced_on}公告满3个月后没收（第三十二条第一款） / "
                f"the parties could not be identified; confiscated 3 months after the "
                f"announcement of {case.announced_on} (Art. 32 ¶1)"
            ],
            consignor={"name": UNKNOWN},
            declaration_date=case.started_on.isoformat(),
            departure=UNKNOWN,
            destination=UNKNOWN,
        )
    return {"outcome": "confiscated"}


# ---------------------------------------------------------------------------- failures
@task("record_failure")
def record_failure(case: Case, event: dict[str, Any]) -> dict[str, Any]:
    """Any task failed for good: mark the case failed so an officer takes it over."""
    error = event.get("error") or {}
    stop = calendar_stops.stop_of(case.case_id)
    outcome = "stopped:calendar_year_unknown" if stop else "failed"
    CaseStore().update(case.case_id, outcome=outcome, wait=None)
    note = calendar_stops.resume_note(int(stop["year"])) if stop else None
    record(
        case,
        "workflow_failed",
        state=event.get("state"),
        status=CaseStatus.FAILED,
        error=error.get("Error"),
        cause=str(error.get("Cause", ""))[:2000],
        stopped_in=stop["state"] if stop else None,
        resumes=note,
    )
    if stop:
        return {"outcome": outcome, "stopped_in": stop["state"], "resumes": note}
    return {"outcome": "failed"}

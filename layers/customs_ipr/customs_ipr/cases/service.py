"""``notice_served``: the date a notice was served by other means (post, at the counter).

A notice that could not be e-mailed is flagged for service by other means, and the
period it starts does not run yet (Art. 22: the holder's 3 working days run from service;
Art. 41: counting starts the day after). When an officer records the service date
(``customs-ipr case input CASE notice_served --set kind=suspension_notice --set
served_on=2026-09-22``) the deadline is recomputed from that date, the case's wait gets
its due date and the deadline timer is armed (or moved, if the notice had already been
counted from another date) — without restarting the case.

Refused (``InvalidInput``): an unknown notice kind for this case, a service date before
the notice was issued or after today's legal date, or one that would move a deadline past
the wait's safety net (see ``customs_ipr.cases.clock.SAFETY_NET``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from customs_ipr import deadlines
from customs_ipr.cases import clock, timers
from customs_ipr.cases.inputs import problems
from customs_ipr.cases.model import Case, CaseDeadline, CaseEvent, CaseView, Wait
from customs_ipr.cases.rules.periods import LOCAL_RULES
from customs_ipr.cases.store import CaseStore, now_utc
from customs_ipr.errors import InvalidInput

WAIT_RULES = {
    "ip_status_declaration": "ip_status_declaration",
    "holder_reply": "holder_reply",
    "personal_renunciation": "personal_renunciation",
}
"""The deadline each wait for a party counts (the wait's notice starts it)."""
ALL_WAIT_RULES = {
    **WAIT_RULES,
    "investigation": ("undetermined_notice",),
    "court_notice": ("court_assistance", "court_assistance_on_application"),
    "claim": ("confiscation_after_announcement",),
}


class NoticeServedInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    served_on: date


def _period(rule: str, served_on: date) -> Any:
    if rule in LOCAL_RULES:
        count, basis, _ = LOCAL_RULES[rule]
        return deadlines.due_in_working_days(served_on, count).model_copy(
            update={"rule": rule, "basis": basis}
        )
    return deadlines.compute(rule, served_on)


def record_service(
    case_id: str, data: dict[str, Any], store: CaseStore | None = None
) -> dict[str, Any]:
    """Record the date a notice was served by other means; start the period it starts."""
    try:
        served = NoticeServedInput.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(f"The notice_served input is not valid: {problems(error)}.") from None
    store = store or CaseStore()
    view = store.view(case_id)
    notice = _served_notice(view, served.kind)
    _check_service_date(view.case, notice, served.served_on)
    store.set_notice_served(str(notice["notice_no"]), served.served_on)
    detail: dict[str, Any] = {
        "notice_no": notice["notice_no"],
        "kind": served.kind,
        "served_on": served.served_on.isoformat(),
    }
    wait = view.case.wait
    if wait is not None and wait.notice_no == notice["notice_no"] and wait.kind in WAIT_RULES:
        detail.update(_start_period(store, view, wait, served.served_on))
    store.add_event(
        case_id,
        CaseEvent(
            at=now_utc(),
            legal_date=served.served_on,
            event="notice_served",
            detail=detail,
        ),
    )
    return {"case_id": case_id, "kind": "notice_served", "accepted": True, **detail}


def _served_notice(view: CaseView, kind: str) -> dict[str, Any]:
    """The notice of ``kind`` served: the one the case waits on, else the latest."""
    notices = [n for n in view.notices if n.get("kind") == kind]
    if not notices:
        issued = ", ".join(sorted({str(n.get("kind")) for n in view.notices})) or "none"
        raise InvalidInput(
            f"Case {view.case.case_id} has issued no {kind} (notices issued: {issued})."
        )
    wait = view.case.wait
    notice = next((n for n in notices if wait and n.get("notice_no") == wait.notice_no), None)
    return notice or notices[-1]


def _check_service_date(case: Case, notice: dict[str, Any], served_on: date) -> None:
    issued_on = date.fromisoformat(str(notice["issued_on"]))
    today = clock.legal_today(case)
    if served_on < issued_on:
        raise InvalidInput(
            f"Notice {notice['notice_no']} was issued on {issued_on}; it cannot have been "
            f"served on {served_on}."
        )
    if served_on > today:
        raise InvalidInput(f"The service date {served_on} is after today's legal date {today}.")


def _start_period(store: CaseStore, view: CaseView, wait: Wait, served_on: date) -> dict[str, Any]:
    """Count the wait's period from the service date: deadline, wait due date, timer."""
    case_id = view.case.case_id
    rule = WAIT_RULES[wait.kind]
    computed = _period(rule, served_on)
    old_due = next((d.due for d in view.deadlines if d.rule == rule), wait.due)
    if old_due is not None and clock.deadline_instant(computed.due) > (
        clock.deadline_instant(old_due) + clock.SAFETY_NET
    ):
        raise InvalidInput(
            f"Served on {served_on}, the {rule} period would end on {computed.due}, "
            f"past the wait's safety net; an officer must take the case over."
        )
    store.put_deadline(
        case_id,
        CaseDeadline(
            rule=rule,
            basis=computed.basis,
            start=computed.start,
            due=computed.due,
            count=computed.count,
            unit=str(computed.unit),
        ),
    )
    moved = wait.model_copy(update={"due": computed.due})
    store.update(case_id, wait=moved)
    timers.arm(case_id, moved)
    return {
        "rule": rule,
        "previous_due": str(wait.due) if wait.due else None,
        "due": computed.due.isoformat(),
    }


def recompute_deadline(case_id: str, store: CaseStore | None = None) -> dict[str, Any]:
    """Recount the current wait's deadline from its recorded start on today's calendar
    (e.g. after the operator added a holiday year or corrected one) and move its timer."""
    store = store or CaseStore()
    view = store.view(case_id)
    wait = view.case.wait
    if wait is None:
        raise InvalidInput(f"Case {case_id} is not waiting for anything.")
    rules = ALL_WAIT_RULES.get(wait.kind, ())
    rules = (rules,) if isinstance(rules, str) else rules
    deadline = next((d for d in view.deadlines if d.rule in rules), None)
    if deadline is None:
        raise InvalidInput(f"Case {case_id} has no recorded deadline for its {wait.kind} wait.")
    if wait.due is None:
        return {"case_id": case_id, "moved": False, "reason": "the period awaits service"}
    computed = _period(deadline.rule, deadline.start)
    new_wait_due = timers.wait_due(deadline.rule, computed.due)
    moved = new_wait_due != wait.due
    if moved:
        store.put_deadline(case_id, deadline.model_copy(update={"due": computed.due}))
        store.update(case_id, wait=wait.model_copy(update={"due": new_wait_due}))
        store.add_event(
            case_id,
            CaseEvent(
                at=now_utc(),
                legal_date=clock.legal_today(view.case),
                event="deadline_recomputed",
                detail={
                    "rule": deadline.rule,
                    "previous_due": str(deadline.due),
                    "due": computed.due.isoformat(),
                },
            ),
        )
    timers.arm(case_id, wait.model_copy(update={"due": new_wait_due}))
    return {
        "case_id": case_id,
        "rule": deadline.rule,
        "moved": moved,
        "previous_due": deadline.due.isoformat(),
        "due": computed.due.isoformat(),
    }

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
from customs_ipr.cases.model import CaseDeadline, CaseEvent
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
    from customs_ipr.cases.rules.periods import LOCAL_RULES

    if rule in LOCAL_RULES:
        count, basis, _ = LOCAL_RULES[rule]
        return deadlines.due_in_working_days(served_on, count).model_copy(
            update={"rule": rule, "basis": basis}
        )
    return deadlines.compute(rule, served_on)


def record_service(case_id: str, data: dict[str, Any]) -> dict[str, Any]:
    try:
        served = NoticeServedInput.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}" for e in error.errors()
        )
        raise InvalidInput(f"The notice_served input is not valid: {problems}.") from None
    store = CaseStore()
    view = store.view(case_id)
    case = view.case
    notices = [n for n in view.notices if n.get("kind") == served.kind]
    if not notices:
        issued = ", ".join(sorted({str(n.get("kind")) for n in view.notices})) or "none"
        raise InvalidInput(
            f"Case {case_id} has issued no {served.kind} (notices issued: {issued})."
        )
    wait = case.wait
    notice = next((n for n in notices if wait and n.get("notice_no") == wait.notice_no), None)
    notice = notice or notices[-1]
    issued_on = date.fromisoformat(str(notice["issued_on"]))
    today = clock.legal_today(case)
    if served.served_on < issued_on:
        raise InvalidInput(
            f"Notice {notice['notice_no']} was issued on {issued_on}; it cannot have been "
            f"served on {served.served_on}."
        )
    if served.served_on > today:
        raise InvalidInput(
            f"The service date {served.served_on} is after today's legal date {today}."
        )
    _mark_served(store, case_id, notice, served.served_on)
    detail: dict[str, Any] = {
        "notice_no": notice["notice_no"],
        "kind": served.kind,
        "served_on": served.served_on.isoformat(),
    }
    if wait is not None and wait.notice_no == notice["notice_no"] and wait.kind in WAIT_RULES:
        rule = WAIT_RULES[wait.kind]
        computed = _period(rule, served.served_on)
        old_due = next((d.due for d in view.deadlines if d.rule == rule), wait.due)
        if old_due is not None and clock.deadline_instant(computed.due) > (
            clock.deadline_instant(old_due) + clock.SAFETY_NET
        ):
            raise InvalidInput(
                f"Served on {served.served_on}, the {rule} period would end on {computed.due}, "
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
        detail.update(rule=rule, previous_due=str(wait.due) if wait.due else None)
        detail["due"] = computed.due.isoformat()
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


def _mark_served(store: CaseStore, case_id: str, notice: dict[str, Any], served_on: date) -> None:
    _, item = store.case_of_notice(str(notice["notice_no"]))
    store.table.update_item(
        Key={"pk": item["pk"], "sk": item["sk"]},
        UpdateExpression="SET served_on = :s",
        ExpressionAttributeValues={":s": served_on.isoformat()},
    )


def recompute_deadline(case_id: str) -> dict[str, Any]:
    """Recount the current wait's deadline from its recorded start on today's calendar
    (e.g. after the operator added a holiday year or corrected one) and move its timer."""
    store = CaseStore()
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

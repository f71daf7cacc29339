"""``customs-ipr case simulate SCENARIO.json``: rehearse a case on the virtual clock.

The scenario (see README "Time" and ``samples/scenarios/``)::

    {"declaration": {...declaration JSON as `parse` prints it...},   # ex officio, or
     "start": {"path": "application"|"personal"|"unidentified", "on": "YYYY-MM-DD",
               "data": {...the body `case start-*` takes...}},
     "recordations": [...recordation objects as in a recordations file...],
     "events": [{"on": "YYYY-MM-DD", "input": KIND, "data": {...}, "case": CASE_ID?}, ...],
     "until": "YYYY-MM-DD",
     "consignee_email": "..."}                      # optional: the trader's e-mail address

runs the real state machine and the real case tasks on an in-process moto stack built from
``template.yaml`` (the same one the tests use): the recordations are imported, the case is
opened on its date (the declaration's date, screened against the recordations, or
``start.on``), each event is delivered on its legal date (09:00 Beijing) as an officer's
input (``submit_input``), and in between the virtual clock moves from one deadline timer
to the next (a wait ends at 24:00 Beijing on its due date). The stack settles after each
step, so the output depends on the scenario only: the same bytes on every run.

KIND is any ``case input`` kind or ``notice_served`` (``{"kind": NOTICE_KIND, "served_on":
DATE}``). A ``holder_reply`` without ``notice_no`` answers the case's current notice.
It plays the real holder: unless the scenario gives them (to rehearse a forged reply), the
reply code comes from the notice e-mail and the recordation and holder name from the case.
A ``settlement`` may give the agreement's text as ``agreement`` (Art. 27 ¶3 wants it
attached); it is stored as the case's attachment, like ``case input … --attach``. An
event goes to the scenario's first case unless it names one (``"case"``). With ``until``
the simulation stops at 24:00 on that date (deadlines ending that day have passed);
without it, it runs until every case has ended.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from customs_ipr.errors import CustomsIprError

START_PATHS = {"application", "personal", "unidentified"}
MAX_TIMERS = 500
"""More deadlines than any case has; a guard against a scenario that never ends."""


class ScenarioError(CustomsIprError):
    code = "bad_scenario"


@dataclass
class Event:
    on: date
    kind: str
    data: dict[str, Any]
    case: str | None = None


@dataclass
class Scenario:
    opens_on: date
    declaration: dict[str, Any] | None = None
    start: dict[str, Any] | None = None
    recordations: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    until: date | None = None
    consignee_email: str | None = None


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ScenarioError(f"{where}: {value!r} is not a date in the form YYYY-MM-DD.") from None


def input_kinds() -> set[str]:
    from customs_ipr.cases.inputs import INPUTS

    return {*INPUTS, "holder_reply", "notice_served"}


def parse_scenario(raw: Any) -> Scenario:
    """Check a scenario; ``ScenarioError`` names the first problem."""
    if not isinstance(raw, dict):
        raise ScenarioError("The scenario must be a JSON object.")
    allowed = {"declaration", "start", "recordations", "events", "until", "comment"}
    unknown = set(raw) - allowed - {"consignee_email"}
    if unknown:
        raise ScenarioError(f"Unknown scenario field(s): {', '.join(sorted(unknown))}.")
    declaration, start = raw.get("declaration"), raw.get("start")
    opens_on = _opening_day(declaration, start)
    recordations = raw.get("recordations") or []
    if not isinstance(recordations, list):
        raise ScenarioError('"recordations" must be a list of recordation objects.')
    events = _events(raw.get("events") or [], opens_on)
    previous = events[-1].on if events else opens_on
    until = _date(raw["until"], "until") if raw.get("until") else None
    if until is not None and until < previous:
        raise ScenarioError(f'"until" ({until}) is before the last event or the opening day.')
    return Scenario(
        opens_on=opens_on,
        declaration=declaration,
        start=start,
        recordations=recordations,
        events=events,
        until=until,
        consignee_email=raw.get("consignee_email"),
    )


def _opening_day(declaration: Any, start: Any) -> date:
    """The day the case opens: the declaration's date (ex officio) or ``start.on``."""
    if (declaration is None) == (start is None):
        raise ScenarioError('Give either "declaration" (ex officio) or "start", not both.')
    if declaration is not None:
        if not isinstance(declaration, dict) or not declaration.get("declaration_date"):
            raise ScenarioError('"declaration" must be a declaration with a declaration_date.')
        return _date(declaration["declaration_date"], "declaration.declaration_date")
    if not isinstance(start, dict) or start.get("path") not in START_PATHS:
        raise ScenarioError(f'"start.path" must be one of {", ".join(sorted(START_PATHS))}.')
    opens_on = _date(start.get("on"), "start.on")
    if not isinstance(start.get("data", {}), dict):
        raise ScenarioError('"start.data" must be an object.')
    return opens_on


def _events(raw_events: Any, opens_on: date) -> list[Event]:
    kinds = input_kinds()
    events: list[Event] = []
    previous = opens_on
    for index, item in enumerate(raw_events):
        event = _event(item, f"events[{index}]", kinds, opens_on, previous)
        events.append(event)
        previous = event.on
    return events


def _event(item: Any, where: str, kinds: set[str], opens_on: date, previous: date) -> Event:
    if not isinstance(item, dict):
        raise ScenarioError(f"{where} must be an object.")
    kind = item.get("input")
    if kind not in kinds:
        raise ScenarioError(
            f"{where}: unknown input kind {kind!r}; known: {', '.join(sorted(kinds))}."
        )
    on = _date(item.get("on"), f"{where}.on")
    if on < opens_on:
        raise ScenarioError(f"{where} on {on} is before the case opens on {opens_on}.")
    if on < previous:
        raise ScenarioError(f"{where} on {on} comes after an event of {previous}: out of order.")
    data = item.get("data") or {}
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}.data must be an object.")
    return Event(on=on, kind=str(kind), data=data, case=item.get("case"))


def load_scenario(path: Path) -> Scenario:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ScenarioError(f"{path} is not JSON: {error}.") from None
    return parse_scenario(raw)


# ---------------------------------------------------------------- running
def simulate(scenario: Scenario) -> dict[str, Any]:
    """Run the scenario on a fresh in-process stack; the result document."""
    from moto import mock_aws

    from customs_ipr.cases import clock
    from customs_ipr_tools.local.moto_speedups import faster_moto
    from customs_ipr_tools.local.server import patched_environment, quiet_moto_probes
    from customs_ipr_tools.local.stack import (
        MOTO_CONFIG,
        LocalStack,
        dispatch_lambda_to_handlers,
        serialised_moto_dynamodb,
    )
    from customs_ipr_tools.local.virtual_time import VirtualTime

    fake = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "ERROR",
    }
    cleared = ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN", "MAILBOX_DIR")
    logs = io.StringIO()  # the functions' logs (CloudWatch Logs on AWS) are not the output
    quiet_moto_probes()
    with (
        contextlib.redirect_stdout(logs),
        patched_environment(fake, cleared=cleared),
        mock_aws(config=MOTO_CONFIG),
        faster_moto(),
    ):
        stack = LocalStack.from_project(parameter_overrides={"LegalClock": "virtual"}).deploy()
        function_env = {**stack.environment(), "POWERTOOLS_LOG_LEVEL": "ERROR"}
        with (
            patched_environment(function_env),
            dispatch_lambda_to_handlers(stack),
            serialised_moto_dynamodb(),
        ):
            time_ = VirtualTime()
            time_.start(clock.at_office_hours(scenario.opens_on))
            return _run(scenario, time_)


def _run(scenario: Scenario, time_: Any) -> dict[str, Any]:
    from customs_ipr.cases import clock

    _import_recordations(scenario.recordations)
    case_ids = _open(scenario)
    time_.settle()
    refused: dict[str, list[dict[str, Any]]] = {case_id: [] for case_id in case_ids}
    for event in scenario.events:
        time_.advance_to_date(event.on)
        case_id = event.case or (case_ids[0] if case_ids else None)
        if case_id is None:
            continue
        problem = _deliver(case_id, event)
        if problem:
            refused.setdefault(case_id, []).append(
                {"input": event.kind, "on": event.on.isoformat(), "reason": problem}
            )
        time_.settle()
    if scenario.until is not None:
        time_.advance_to(clock.deadline_instant(scenario.until))
    else:
        for _ in range(MAX_TIMERS):
            timer = time_.next_timer()
            if timer is None:
                break
            time_.advance_to(timer.at)
    time_.settle()
    return {
        "cases": [_case_result(case_id, refused.get(case_id, [])) for case_id in case_ids],
        "clock": time_.today().isoformat(),
    }


def _import_recordations(recordations: list[dict[str, Any]]) -> None:
    if not recordations:
        return
    from customs_ipr.recordations.importer import import_text
    from customs_ipr.recordations.store import default_store

    result = import_text(
        json.dumps(recordations, ensure_ascii=False), default_store(), source="scenario"
    )
    if result.errors:
        first = result.errors[0]
        raise ScenarioError(f"A recordation of the scenario is not valid: {first}.")


def _open(scenario: Scenario) -> list[str]:
    from pydantic import ValidationError

    from customs_ipr.cases import opening
    from customs_ipr.cases.api_models import start_from_dict

    if scenario.start is not None:
        data = {**(scenario.start.get("data") or {}), "started_on": scenario.opens_on.isoformat()}
        try:
            started = start_from_dict(str(scenario.start["path"]), data)
        except CustomsIprError as error:
            raise ScenarioError(f"start: {error.message}") from None
        return [str(started["case_id"])]
    from customs_ipr.documents.models import Declaration
    from customs_ipr.recordations.store import default_store
    from customs_ipr.screening.matching import screen_declaration

    try:
        declaration = Declaration.model_validate(scenario.declaration)
    except ValidationError as error:
        raise ScenarioError(f"declaration: {error.errors()[0]['msg']}") from None
    screening = screen_declaration(declaration, default_store())
    opened = opening.start_case(declaration, screening, consignee_email=scenario.consignee_email)
    return sorted(s.case_id for s in opened)


def _deliver(case_id: str, event: Event) -> str | None:
    """Give the input; the reason it was refused, or None."""
    from customs_ipr.cases.store import CaseStore
    from customs_ipr.cases.submission import submit_input

    data = dict(event.data)
    if event.kind == "holder_reply":
        from customs_ipr_tools.local.reply_inbox import holder_proof

        if not data.get("notice_no"):
            data["notice_no"] = _current_notice(CaseStore(), case_id)
        if data["notice_no"]:
            data = {**holder_proof(str(data["notice_no"])), **data}
    if event.kind == "settlement" and "agreement" in data and not data.get("agreement_key"):
        from customs_ipr.cases.rules.settlement import attach_text

        text = str(data.pop("agreement"))
        data["agreement_key"] = attach_text(case_id, "settlement-agreement.txt", text)
    try:
        submit_input(case_id, event.kind, data)
    except CustomsIprError as error:
        return f"{error.code}: {error.message}"
    return None


def _current_notice(store: Any, case_id: str) -> str | None:
    """The notice a holder's reply answers: the one the case waits on, else the latest
    suspension notice (a late reply is then refused for the right reason)."""
    case = store.require(case_id)
    if case.wait is not None and case.wait.kind == "holder_reply" and case.wait.notice_no:
        return str(case.wait.notice_no)
    notices = [n for n in store.view(case_id).notices if n.get("kind") == "suspension_notice"]
    return str(notices[-1]["notice_no"]) if notices else None


def _case_result(case_id: str, refused_here: list[dict[str, Any]]) -> dict[str, Any]:
    from customs_ipr.cases.model import FINAL_STATUSES
    from customs_ipr.cases.store import CaseStore

    view = CaseStore().view(case_id)
    case = view.case
    refused = [
        {
            "input": e.detail.get("kind"),
            "on": e.legal_date.isoformat() if e.legal_date else None,
            "reason": e.detail.get("reason"),
        }
        for e in view.history
        if e.event == "input_refused"
    ]
    recorded = {(r["input"], r["on"]) for r in refused}
    refused += [r for r in refused_here if (r["input"], r["on"]) not in recorded]
    ended = [e for e in view.history if e.status in {s.value for s in FINAL_STATUSES}]
    notices = sorted(
        (
            {
                "kind": n.get("kind"),
                "addressee": _addressee(n),
                "issued_on": n.get("issued_on"),
                "due": n.get("due_date"),
                "notice_no": n.get("notice_no"),
                "served_on": n.get("served_on"),
            }
            for n in view.notices
        ),
        key=lambda n: (str(n["issued_on"]), str(n["notice_no"])),
    )
    return {
        "case_id": case.case_id,
        "path": case.path.value,
        "status": case.status.value,
        "release_reason": case.release_reason,
        "notices": notices,
        "deadlines": [
            {"rule": d.rule, "start": d.start.isoformat(), "due": d.due.isoformat()}
            for d in sorted(view.deadlines, key=lambda d: (d.start, d.due, d.rule))
        ],
        "refused_inputs": sorted(refused, key=lambda r: (str(r["on"]), str(r["input"]))),
        "ended_on": ended[-1].legal_date.isoformat() if ended and ended[-1].legal_date else None,
        "waiting_for": (
            {"kind": case.wait.kind, "due": case.wait.due.isoformat() if case.wait.due else None}
            if case.wait
            else None
        ),
    }


def _addressee(notice: dict[str, Any]) -> str | None:
    recipients = notice.get("recipients") or []
    if recipients and isinstance(recipients[0], dict):
        return str(recipients[0].get("role") or recipients[0].get("name"))
    return notice.get("role")

"""``CaseStore`` (DynamoDB) and ``InMemoryCaseStore`` behave the same behind ``CaseRepository``:
the same reads, the same order, and the same domain errors for failed conditions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fixtures import case_records
from moto import mock_aws
from pydantic import BaseModel

from customs_ipr import aws
from customs_ipr.cases.memory_store import InMemoryCaseStore
from customs_ipr.cases.model import CaseDeadline, CaseDocument, CaseEvent, Wait
from customs_ipr.cases.repository import CaseRepository
from customs_ipr.cases.store import CaseStore
from customs_ipr.cases.tasks import TASKS
from customs_ipr.config import get_settings
from customs_ipr.errors import Conflict, NotFound
from customs_ipr_tools.local.stack import create_table
from customs_ipr_tools.local.template import Template

AT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture(params=["dynamodb", "memory"])
def store(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CaseRepository]:
    if request.param == "memory":
        yield InMemoryCaseStore()
        return
    with mock_aws():
        aws.reset()
        template = Template.from_project()
        create_table(template, template.resources["CasesTable"])
        monkeypatch.setenv("CASES_TABLE", template.name_of("CasesTable"))
        get_settings.cache_clear()
        yield CaseStore()
    aws.reset()
    get_settings.cache_clear()


def _wait(token: str) -> Wait:
    return Wait(kind="holder_reply", token=token, accepts=["holder_reply"], opened_at=AT)


def test_a_case_is_created_once_and_read_back(store: CaseRepository):
    case = case_records.upon_application("50000")
    assert store.create(case) is True
    assert store.create(case) is False  # a duplicate delivery
    assert store.require(case.case_id) == case
    assert store.get("nobody") is None
    with pytest.raises(NotFound):
        store.require("nobody")
    assert [c.case_id for c in store.list()] == [case.case_id]


def test_update_sets_and_removes_fields_of_an_existing_case_only(store: CaseRepository):
    case = case_records.upon_application("50000")
    store.create(case)
    store.update(case.case_id, outcome="x", detention_on=date(2026, 3, 2))
    store.update(case.case_id, outcome=None)
    stored = store.require(case.case_id)
    assert (stored.outcome, stored.detention_on) == (None, date(2026, 3, 2))
    with pytest.raises(NotFound):
        store.update("nobody", outcome="x")


def test_a_wait_is_taken_by_exactly_one_answer(store: CaseRepository):
    case = case_records.upon_application("50000")
    store.create(case)
    store.set_wait(case.case_id, _wait("t-1"))
    with pytest.raises(Conflict):
        store.take_wait(case.case_id, "t-2", {"a": 1})
    assert store.take_wait(case.case_id, "t-1", {"a": 1}).token == "t-1"
    assert store.require(case.case_id).wait is None
    with pytest.raises(Conflict):
        store.take_wait(case.case_id, "t-1", {"a": 1})


@pytest.mark.parametrize("store", ["dynamodb"], indirect=True)
def test_the_local_clock_reads_only_whether_a_case_waits(store: CaseStore):
    # GIVEN a case without a wait, then with one, then answered
    case = case_records.upon_application("50000")
    store.create(case)
    before = store.is_waiting(case.case_id)
    store.set_wait(case.case_id, _wait("t-1"))
    during = store.is_waiting(case.case_id)
    store.take_wait(case.case_id, "t-1", {"a": 1})
    # THEN the projection read follows the wait; an unknown case is None, not False
    assert (before, during, store.is_waiting(case.case_id)) == (False, True, False)
    assert store.is_waiting("nobody") is None


def test_the_view_holds_history_deadlines_notices_and_documents(store: CaseRepository):
    case = case_records.upon_application("50000")
    store.create(case)
    for n in range(3):
        event = CaseEvent(at=AT + timedelta(seconds=n), event=f"e{n}", detail={"n": 1.5})
        store.add_event(case.case_id, event)
    for rule in ("holder_reply", "court_assistance"):
        store.put_deadline(
            case.case_id,
            CaseDeadline(
                rule=rule,
                basis="b",
                start=date(2026, 3, 2),
                due=date(2026, 3, 5),
                count=3,
                unit="working_days",
            ),
        )
    store.put_notice(case.case_id, "detention", "holder", {"notice_no": "N-1", "kind": "k"})
    store.put_document(case.case_id, CaseDocument(sha256="ab", kind="explanation"))
    view = store.view(case.case_id)
    assert [e.event for e in view.history] == ["e0", "e1", "e2"]
    assert str(view.history[0].detail["n"]) == "1.5"
    assert [d.rule for d in view.deadlines] == ["court_assistance", "holder_reply"]
    assert [(n["notice_no"], n["step"], n["role"]) for n in view.notices] == [
        ("N-1", "detention", "holder")
    ]
    assert [d.sha256 for d in view.documents] == ["ab"]
    notice = store.get_notice(case.case_id, "detention", "holder")
    assert notice is not None and notice["notice_no"] == "N-1"
    assert store.get_notice(case.case_id, "detention", "consignee") is None
    assert store.case_of_notice("N-1")[0] == case.case_id
    with pytest.raises(NotFound):
        store.case_of_notice("N-2")
    with pytest.raises(NotFound):
        store.view("nobody")


def test_the_kept_answer_is_read_and_marked_only_once_kept(store: CaseRepository):
    # GIVEN a case whose wait an answer took
    case = case_records.upon_application("50000")
    store.create(case)
    assert store.last_answer(case.case_id) == {}
    with pytest.raises(Conflict):
        store.update_last_answer(case.case_id, resumed=True)
    store.set_wait(case.case_id, _wait("t-1"))
    store.take_wait(case.case_id, "t-1", {"request_id": "r-1", "token": "t-1"})
    # WHEN the resume marks it
    store.update_last_answer(case.case_id, resumed=True, send_failed=False)
    # THEN the kept answer carries the marks
    assert store.last_answer(case.case_id) == {
        "request_id": "r-1",
        "token": "t-1",
        "resumed": True,
        "send_failed": False,
    }


def test_a_notice_served_otherwise_keeps_its_service_date(store: CaseRepository):
    case = case_records.upon_application("50000")
    store.create(case)
    store.put_notice(case.case_id, "detention", "holder", {"notice_no": "N-1", "kind": "k"})
    store.set_notice_served("N-1", date(2026, 3, 9))
    served = store.get_notice(case.case_id, "detention", "holder")
    assert served is not None and served["served_on"] == "2026-03-09"
    with pytest.raises(NotFound):
        store.set_notice_served("N-2", date(2026, 3, 9))


def test_calendar_stop_markers_are_kept_listed_by_year_and_deleted(store: CaseRepository):
    case = case_records.upon_application("50000")
    store.create(case)
    assert store.resume_count(case.case_id) == 0
    store.update(case.case_id, resumes=2)
    assert store.resume_count(case.case_id) == 2
    store.put_calendar_stop("c-2", 2028, {"state": "Open period", "status": "detained"})
    store.put_calendar_stop("c-1", 2027, {"state": "Await reply", "status": "suspended"})
    assert [(s["case_id"], int(s["year"])) for s in store.calendar_stops()] == [
        ("c-1", 2027),
        ("c-2", 2028),
    ]
    found = store.calendar_stop_of("c-2")
    assert found is not None and found["state"] == "Open period"
    store.delete_calendar_stop("c-2", 2028)
    assert store.calendar_stop_of("c-2") is None
    assert [s["case_id"] for s in store.calendar_stops()] == ["c-1"]


def _payloads() -> list[tuple[str, dict]]:
    asl = json.loads(
        (Path(__file__).resolve().parents[2] / "statemachine" / "case.asl.json").read_text("utf-8")
    )
    found = []
    for name, state in asl["States"].items():
        if state["Type"] == "Task" and "lambda" in state["Resource"]:
            found.append((name, state["Parameters"]["Payload"]))
    return found


@pytest.mark.parametrize(("state", "payload"), _payloads(), ids=[n for n, _ in _payloads()])
def test_every_task_payload_of_the_state_machine_fits_its_parameter_model(state, payload):
    # GIVEN the payload a Task state sends, its JSONPath fields filled as Step Functions would
    sample = {"answer": {}, "deadline": {"rule": "holder_reply", "due": "2026-03-05"}, "error": {}}
    event = {}
    for key, value in payload.items():
        if key.endswith(".$"):
            name = key[:-2]
            event[name] = sample.get(name, "court_assistance" if name == "rule" else "x")
        else:
            event[key] = value
    # THEN the task's model accepts it, and keeps every parameter the state sends
    params = TASKS[payload["task"]].params.model_validate(event)
    assert isinstance(params, BaseModel)
    assert params.state == "x"
    sent = set(event) - {"task", "case_id"}
    kept = set(params.model_dump(by_alias=True))
    assert sent <= kept, state

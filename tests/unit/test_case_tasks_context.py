"""``run`` takes an injected task context; what a task does with a failure, in memory."""

from __future__ import annotations

import pytest
from fixtures import case_records
from fixtures.case_machine import FakeNotifier, FixedClock

from customs_ipr.cases.memory_store import InMemoryCaseStore
from customs_ipr.cases.tasks import CaseTaskEvent, CaseTaskRefused, TaskContext, run
from customs_ipr.errors import NotFound


def _context(store: InMemoryCaseStore, stop: dict | None = None) -> TaskContext:
    return TaskContext(
        store=store,
        notifier=FakeNotifier(),
        clock=FixedClock(case_records.MONDAY),
        arm_timer=lambda _case_id, _wait: False,
        stop_of=lambda _case_id: stop,
    )


def test_a_case_stopped_on_an_unknown_calendar_year_fails_with_its_resumption_note():
    # GIVEN a case whose task stopped on 2027, which the calendar does not know yet
    store = InMemoryCaseStore()
    case = case_records.upon_application("50000")
    store.create(case)
    stop = {"year": 2027, "state": "Set the court assistance deadline"}
    # WHEN the state machine records the failure
    event = CaseTaskEvent.model_validate(
        {
            "task": "record_failure",
            "case_id": case.case_id,
            "state": "Record failure",
            "error": {"Error": "CaseTaskRefused", "Cause": "calendar_year_unknown: 2027"},
        }
    )
    result = run(event, _context(store, stop))
    # THEN the case is stopped, not lost, and says how it resumes
    assert result["outcome"] == "stopped:calendar_year_unknown"
    assert result["stopped_in"] == "Set the court assistance deadline"
    assert "2027" in result["resumes"]
    failed = store.view(case.case_id).history[-1]
    assert (failed.event, failed.detail["error"]) == ("workflow_failed", "CaseTaskRefused")
    assert store.require(case.case_id).status == "failed"


def test_a_domain_error_inside_a_task_is_refused_not_retried():
    # GIVEN a case without a value: its guarantee cannot be sized
    store = InMemoryCaseStore()
    case = case_records.upon_application("50000").model_copy(update={"value_rmb": None})
    store.create(case)
    event = CaseTaskEvent(task="assess_application", case_id=case.case_id, state="Assess")
    with pytest.raises(CaseTaskRefused, match="no value in RMB"):
        run(event, _context(store))


def test_a_task_for_an_unknown_case_is_not_found():
    event = CaseTaskEvent(task="clear_goods", case_id="NOBODY")
    with pytest.raises(NotFound):
        run(event, _context(InMemoryCaseStore()))

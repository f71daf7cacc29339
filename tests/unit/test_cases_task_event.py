"""The case-task envelope is validated (Powertools Parser) before any task runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from pydantic import ValidationError

from customs_ipr.cases.tasks import CaseTaskEvent, CaseTaskRefused, run
from customs_ipr_tools.local.stack import LocalContext

APP = Path(__file__).resolve().parents[2] / "functions" / "case_tasks" / "app.py"


def _handler():
    spec = importlib.util.spec_from_file_location("case_tasks_app_under_test", APP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.lambda_handler


CONTEXT = LocalContext(function_name="case-tasks", invoked_function_arn="arn:aws:lambda:x")


def test_an_event_without_a_case_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as raised:
        _handler()({"task": "open_period", "state": "Suspend release"}, CONTEXT)
    assert [error["loc"] for error in raised.value.errors()] == [("case_id",)]


def test_an_unknown_task_is_refused_before_touching_the_case():
    with pytest.raises(CaseTaskRefused) as raised:
        run(CaseTaskEvent(task="launch_rocket", case_id="EXO-1"))
    assert "launch_rocket" in raised.value.message


def test_task_parameters_travel_as_extras():
    event = CaseTaskEvent.model_validate(
        {"task": "open_period", "case_id": "EXO-1", "rule": "holder_reply", "from": "today"}
    )
    assert event.model_dump()["rule"] == "holder_reply"
    assert event.model_dump()["from"] == "today"

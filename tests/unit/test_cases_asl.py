"""The state machine definition: every Task retries and catches, every callback times out,
and a timeout goes to a legal outcome rather than to the failure state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ASL = Path(__file__).resolve().parents[2] / "statemachine" / "case.asl.json"
CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken"
FAILURE_STATES = {"Record failure", "Alert operators", "Case failed", "Unexpected input"}


def _states() -> dict[str, dict[str, Any]]:
    return json.loads(ASL.read_text(encoding="utf-8"))["States"]


def _targets(state: dict[str, Any]) -> list[str]:
    targets = [state["Next"]] if "Next" in state else []
    targets += [c["Next"] for c in state.get("Catch", [])]
    targets += [c["Next"] for c in state.get("Choices", [])]
    if "Default" in state:
        targets.append(state["Default"])
    return targets


@pytest.mark.parametrize("name", [n for n, s in _states().items() if s["Type"] == "Task"])
def test_every_task_has_retry_and_catch(name: str) -> None:
    state = _states()[name]
    assert state.get("Retry"), f"{name} has no Retry"
    assert state.get("Catch"), f"{name} has no Catch"
    assert any("States.ALL" in c["ErrorEquals"] for c in state["Catch"]), name


def test_every_catch_all_leads_to_recording_and_alerting() -> None:
    for name, state in _states().items():
        for catcher in state.get("Catch", []):
            if "States.ALL" in catcher["ErrorEquals"]:
                assert catcher["Next"] in FAILURE_STATES, name


@pytest.mark.parametrize("name", [n for n, s in _states().items() if s.get("Resource") == CALLBACK])
def test_every_callback_has_a_timeout_routed_to_a_legal_outcome(name: str) -> None:
    state = _states()[name]
    assert "TimeoutSecondsPath" in state or "TimeoutSeconds" in state, name
    timeout_catch = [c for c in state["Catch"] if "States.Timeout" in c["ErrorEquals"]]
    assert timeout_catch, f"{name} does not catch States.Timeout"
    assert timeout_catch[0]["Next"] not in FAILURE_STATES
    assert state["Catch"].index(timeout_catch[0]) == 0, "States.Timeout must come before States.ALL"
    assert "$$.Task.Token" in json.dumps(state["Parameters"])


def test_the_failure_path_records_then_alerts_through_sns_then_fails() -> None:
    states = _states()
    assert states["Record failure"]["Next"] == "Alert operators"
    assert states["Alert operators"]["Resource"] == "arn:aws:states:::sns:publish"
    assert states["Alert operators"]["Parameters"]["TopicArn"] == "${AlertTopicArn}"
    assert states["Case failed"]["Type"] == "Fail"


def test_every_transition_names_an_existing_state_and_every_state_is_reachable() -> None:
    states = _states()
    start = json.loads(ASL.read_text(encoding="utf-8"))["StartAt"]
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        assert name in states, f"unknown state {name!r}"
        seen.add(name)
        todo.extend(_targets(states[name]))
    assert seen == set(states), f"unreachable: {set(states) - seen}"


def test_every_lambda_task_calls_a_known_case_task() -> None:
    from customs_ipr.cases.tasks import TASKS

    for name, state in _states().items():
        if state["Type"] == "Task" and "lambda" in state["Resource"]:
            assert state["Parameters"]["FunctionName"] == "${CaseTasksFunctionArn}", name
            assert state["Parameters"]["Payload"]["task"] in TASKS, name

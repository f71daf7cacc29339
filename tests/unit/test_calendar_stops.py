"""The state machine can restart a stopped case in exactly the states that can resume."""

from __future__ import annotations

import json
from pathlib import Path

from customs_ipr.cases.calendar_stops import RESUMABLE_STATES

ASL = json.loads(
    (Path(__file__).resolve().parents[2] / "statemachine" / "case.asl.json").read_text("utf-8")
)
SAFE_REFERENCES = {"case_id.$", "state.$", "rule.$"}
"""What a restarted execution's input provides: case id, state name, court rule."""


def test_the_resume_choice_lists_exactly_the_resumable_states():
    states = ASL["States"]
    assert ASL["StartAt"] == "Resume a stopped case?"
    choices = states["Resume in which state?"]["Choices"]
    assert [c["Next"] for c in choices] == list(RESUMABLE_STATES)
    assert [c["StringEquals"] for c in choices] == list(RESUMABLE_STATES)


def test_every_resumable_state_reads_only_the_case_record():
    for name in RESUMABLE_STATES:
        payload = ASL["States"][name]["Parameters"]["Payload"]
        references = {key for key in payload if key.endswith(".$")}
        assert references <= SAFE_REFERENCES, (name, references)
        if "rule.$" in references:
            assert payload["rule.$"] == "$.court_rule", name

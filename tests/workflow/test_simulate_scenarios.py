"""``customs-ipr case simulate``: each sample scenario, on the real state machine in moto,
ends as the law says, with the legal dates of the PRC calendar; and twice gives the same
bytes. Also the legal points of legal time: a notice served by other means starts its
period on the recorded service date (Art. 22), and the Art. 28 notice of silence is issued
within the 30 working days."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from customs_ipr_tools.local.simulate import load_scenario, parse_scenario, simulate

SCENARIOS = Path(__file__).resolve().parents[2] / "samples" / "scenarios"

EXPECTED = {
    "ex_officio_silent_holder": (
        "released",
        "no_application",
        "2026-09-21",
        {"ip_status_declaration": "2026-09-20", "holder_reply": "2026-09-20"},
    ),
    "detention_to_confiscation": (
        "confiscated",
        None,
        "2026-10-20",
        {"holder_reply": "2026-09-21", "undetermined_notice": "2026-11-05"},
    ),
    "settlement": ("released", "settlement", "2026-10-09", {"undetermined_notice": "2026-11-09"}),
    "upon_application": (
        "released",
        "no_court_notice_on_application",
        "2026-10-12",
        {"court_assistance_on_application": "2026-10-10"},
    ),
    "personal_items": ("renounced", None, "2026-10-13", {"personal_renunciation": "2026-10-15"}),
    "unidentified_parties": (
        "confiscated",
        None,
        "2026-09-02",
        {"confiscation_after_announcement": "2026-09-01"},
    ),
}


def _run(name: str) -> dict:
    return simulate(load_scenario(SCENARIOS / f"{name}.json"))


def test_there_is_a_sample_scenario_per_path():
    assert {p.stem for p in SCENARIOS.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_scenario_ends_as_the_law_says(name):
    # WHEN the scenario is simulated
    result = _run(name)
    # THEN its one case ends with the expected outcome, on the expected legal dates
    (case,) = result["cases"]
    status, reason, ended_on, dues = EXPECTED[name]
    assert (case["status"], case["release_reason"], case["ended_on"]) == (status, reason, ended_on)
    deadlines = {d["rule"]: d["due"] for d in case["deadlines"]}
    assert {rule: deadlines.get(rule) for rule in dues} == dues
    assert case["refused_inputs"] == []
    assert all(n["issued_on"] <= ended_on for n in case["notices"])
    if name == "ex_officio_silent_holder":
        # AND a second run of the same scenario gives the same bytes
        again = _run(name)
        assert json.dumps(again, sort_keys=True) == json.dumps(result, sort_keys=True)


def _ex_officio(events: list[dict], until: str | None = None, holder_email: bool = True) -> dict:
    raw = json.loads((SCENARIOS / "detention_to_confiscation.json").read_text(encoding="utf-8"))
    if not holder_email:
        for recordation in raw["recordations"]:
            recordation["holder"].pop("email", None)
            if recordation.get("agent"):
                recordation["agent"].pop("email", None)
    raw["events"] = events
    if until:
        raw["until"] = until
    return simulate(parse_scenario(raw))["cases"][0]


SUSPECT = {"on": "2026-09-17", "input": "ip_status_declaration", "data": {"suspect": True}}


def test_art_22_a_notice_served_by_other_means_counts_from_the_recorded_service_date():
    # GIVEN a holder without an e-mail address: the suspension notice of 17 September is
    # flagged for service by other means, and served by post on 24 September
    case = _ex_officio(
        [
            SUSPECT,
            {
                "on": "2026-09-25",
                "input": "notice_served",
                "data": {"kind": "suspension_notice", "served_on": "2026-09-24"},
            },
        ],
        holder_email=False,
    )
    # THEN the 3 working days run from the service date (28, 29, 30 September: the 25th is
    # the Mid-Autumn Festival), not from the issue date (the goods would have been released
    # on 22 September); silence then releases them after the National Day holiday
    assert {d["rule"]: (d["start"], d["due"]) for d in case["deadlines"]}["holder_reply"] == (
        "2026-09-24",
        "2026-09-30",
    )
    assert (case["status"], case["release_reason"]) == ("released", "no_application")
    assert case["ended_on"] == "2026-10-08"
    suspension = next(n for n in case["notices"] if n["kind"] == "suspension_notice")
    assert suspension["served_on"] == "2026-09-24"


def test_art_22_an_unserved_notice_starts_no_period():
    case = _ex_officio([SUSPECT], until="2026-10-30", holder_email=False)
    assert case["status"] == "suspended"
    assert case["waiting_for"] == {"kind": "holder_reply", "due": None}


def test_art_28_the_notice_of_silence_is_issued_within_the_30_working_days():
    # GIVEN goods detained on 18 September 2026 and an officer who records no result
    case = _ex_officio(
        [
            SUSPECT,
            {
                "on": "2026-09-18",
                "input": "holder_reply",
                "data": {"decision": "detain", "guarantee": {"form": "cash", "amount": "21300"}},
            },
        ],
        until="2026-11-12",
    )
    # THEN the Art. 28 notice goes to both parties on the 30th working day at the latest
    due = {d["rule"]: d["due"] for d in case["deadlines"]}["undetermined_notice"]
    undetermined = [n for n in case["notices"] if n["kind"] == "undetermined_notice"]
    assert due == "2026-11-05"
    assert [n["issued_on"] for n in undetermined] == [due, due]
    assert case["status"] == "undetermined"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"events": [{"on": "2026-09-20", "input": "bribe", "data": {}}]}, "unknown input kind"),
        (
            {
                "events": [
                    {"on": "2026-09-20", "input": "settlement", "data": {}},
                    {"on": "2026-09-19", "input": "settlement", "data": {}},
                ]
            },
            "out of order",
        ),
        (
            {"events": [{"on": "2026-09-01", "input": "settlement", "data": {}}]},
            "before the case opens",
        ),
    ],
)
def test_a_bad_scenario_exits_2_with_one_line_naming_the_problem(tmp_path, capsys, change, problem):
    from customs_ipr_tools.cli import main

    raw = json.loads((SCENARIOS / "settlement.json").read_text(encoding="utf-8"))
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**raw, **change}), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["case", "simulate", str(path)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and problem in err and err.startswith("customs-ipr:")

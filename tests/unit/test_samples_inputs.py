"""Every sample in samples/inputs/ is accepted by the real parser of its command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fixtures import lifecycle_data as ld
from moto import mock_aws

from customs_ipr.cases.api_models import BODIES
from customs_ipr.recordations.applications import check
from customs_ipr.recordations.lifecycle.service import default_lifecycle
from customs_ipr.recordations.lifecycle_notices import LifecycleNotifier
from customs_ipr.recordations.preconfirm import Preconfirmations
from customs_ipr.recordations.records_file import read_recordations_file
from customs_ipr.recordations.store import DynamoRecordationStore
from customs_ipr_tools.cli import main
from customs_ipr_tools.cli.case_inputs import input_models, kind_help

INPUTS = Path(__file__).resolve().parents[2] / "samples" / "inputs"
RECORDATIONS = Path(__file__).resolve().parents[2] / "samples" / "recordations.json"


def load(name: str) -> dict:
    return json.loads((INPUTS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", sorted(input_models()))
def test_each_case_input_kind_has_a_sample_its_model_accepts(kind):
    model = input_models()[kind]

    parsed = model.model_validate(load(f"{kind}.json"))

    assert parsed is not None
    # and its help names every field of the model
    text = kind_help(kind)
    assert all(name in text for name in model.model_fields if name != "kind")


@pytest.mark.parametrize("path", sorted(BODIES))
def test_each_start_body_has_a_sample_the_case_api_accepts(path):
    assert BODIES[path].model_validate(load(f"start_{path}.json"))


def test_the_sample_application_is_complete_with_its_attachments():
    data = load("application.json")
    attached = {p.name for p in INPUTS.glob("*.pdf")}

    form, problems = check(data, attached)

    assert problems == []
    assert form is not None and form.title == "VELOCE"


@pytest.fixture
def life(monkeypatch):
    ld.env(monkeypatch)
    with mock_aws():
        ld.create_resources()
        lifecycle = default_lifecycle(
            recordations=DynamoRecordationStore(),
            notifier=LifecycleNotifier(issuer=ld.NoticeSpy(), counter=ld.counter()),
            today=lambda: date(2026, 9, 25),
        )
        lifecycle.recordations.bulk_load(read_recordations_file(RECORDATIONS))
        yield lifecycle


def test_the_sample_change_is_filed(life):
    filing = life.file_change("T2019-12345", load("change.json"))

    assert filing is not None


def test_the_sample_preconfirmation_request_is_filed(life):
    request = Preconfirmations(life).request_file(INPUTS / "request.json")

    assert request.recordation_no == "T2019-12345"
    assert request.hs_codes == ["6403990090"]


def test_case_input_kind_help_lists_fields_with_their_meaning(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["case", "input", "penalty_decision", "--help"])

    out = capsys.readouterr().out
    assert stopped.value.code == 0
    assert "fine_rmb" in out and "below 30 %" in out
    assert "samples/inputs/penalty_decision.json" in out


def test_a_bad_input_names_every_problem_at_once(capsys):
    with pytest.raises(SystemExit):
        main(
            [
                "case",
                "input",
                "EXO-1",
                "penalty_decision",
                "--set",
                "fine_rmb=-1",
                "--set",
                "criminal_referral=perhaps",
                "--set",
                "colour=red",
            ]
        )

    err = capsys.readouterr().err
    assert "fine_rmb" in err and "criminal_referral" in err and "colour" in err
    assert err.count("\n") == 1

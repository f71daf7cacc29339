"""The command line as a user calls it: JSON on stdout, exit 2 and one line on bad input.

The rules are called through ``main`` in this process (what the ``customs-ipr`` script
runs); the two tests about the process itself (no AWS to reach, a reader that goes away)
start the real command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from customs_ipr_tools.cli import main


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as stop:
            code = int(stop.code or 0)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def test_deadline_in_working_days(run):
    result = run("deadline", "--served", "2026-09-30", "--working-days", "3")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["due"] == "2026-10-10"
    assert answer["working_days"] == 3
    assert answer["calendar_source"] == "chinese-calendar"


def test_deadline_in_months(run):
    answer = json.loads(run("deadline", "--served", "2026-08-31", "--months", "3").stdout)
    assert answer["due"] == "2026-11-30"


def test_deadline_by_rule_gives_its_basis(run):
    answer = json.loads(
        run("deadline", "--served", "2026-09-01", "--rule", "court_assistance").stdout
    )
    assert answer == {
        "due": "2026-11-16",
        "served": "2026-09-01",
        "unit": "working_days",
        "working_days": 50,
        "rule": "court_assistance",
        "basis": "Implementing Measures Art. 29",
        "calendar_source": "chinese-calendar",
    }


def test_guarantee_with_a_foreign_currency_and_rate(run):
    answer = json.loads(
        run("guarantee", "--value", "10000", "--currency", "usd", "--rate", "7.1").stdout
    )
    assert answer["value_rmb"] == 71000
    assert answer["amount"] == 35500
    assert answer["currency"] == "USD"


def test_guarantee_general(run):
    answer = json.loads(run("guarantee", "--general", "--last-year-costs", "123456.78").stdout)
    assert answer["amount"] == 200000


def test_guarantee_cents_stay_exact(run):
    answer = json.loads(run("guarantee", "--value", "19999.99").stdout)
    assert answer["amount"] == 19999.99


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("deadline", "--served", "2026-02-30", "--working-days", "3"), "not a real date"),
        (("deadline", "--served", "2026-09-30", "--working-days", "0"), "must be 1 or more"),
        (("deadline", "--served", "2026-12-20", "--working-days", "30"), "no data for 2027"),
        (("guarantee", "--value", "ten"), "not a number"),
        (("guarantee", "--value", "10", "--rate", "0", "--currency", "USD"), "greater than zero"),
        (("guarantee", "--general"), "--last-year-costs"),
        (("guarantee", "--value", "10", "--currency", "XYZ", "--on", "2026-09-01"), "XYZ"),
        (("nonsense",), "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, fragment, run):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("customs-ipr: ")
    assert fragment in lines[0]


def test_a_command_needing_aws_without_any_says_how_to_reach_a_stack():
    # GIVEN no endpoint that answers (a closed local port) and no stack
    env = {
        **os.environ,
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_MAX_ATTEMPTS": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "customs_ipr_tools.cli", "case", "list"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("customs-ipr: aws_unavailable: ")
    assert "customs-ipr local up" in lines[0]


def test_output_cut_short_by_the_reader_is_not_an_error_trace(tmp_path):
    # GIVEN a declaration whose JSON (well over a 64 KiB pipe buffer) goes to a reader that
    # reads nothing and exits, so the writer's pipe is certain to break
    from fixtures import pdfs

    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(pdfs.declaration_pages(8))
    command = f"{sys.executable} -m customs_ipr_tools.cli parse {pdf} | true"
    # WHEN it runs
    result = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    # THEN the command stops quietly
    assert result.stderr == ""

"""Smoke test of ``customs-ipr demo``: every scenario ends as expected (also CI's smoke test)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from customs_ipr.documents.parsing import parse_declaration
from customs_ipr_tools.cli import main
from customs_ipr_tools.local.demo.scenarios import scenarios


def test_the_demo_declarations_parse_back_to_their_data_and_stay_in_2026():
    # GIVEN the demo's declarations, drawn at run time
    from customs_ipr_tools.local.sample_documents import declaration_pdf

    for scenario in scenarios():
        # WHEN each is rendered and parsed by the real parser
        parsed = parse_declaration(declaration_pdf(scenario.declaration), filename="d.pdf")
        # THEN it reads back as the data it was drawn from, dated in September 2026
        assert parsed.customs_no == scenario.declaration.customs_no
        assert parsed.items[0].hs_code == scenario.declaration.items[0].hs_code
        assert parsed.items[0].brand == scenario.declaration.items[0].brand
        assert parsed.consignee.code == scenario.declaration.consignee.code
        assert date(2026, 9, 14) <= parsed.declaration_date <= date(2026, 9, 18)


@pytest.mark.workflow
def test_demo_runs_every_path_and_writes_mailbox_and_notices(tmp_path: Path, capsys):
    # WHEN the demo runs
    assert main(["demo", "--out", str(tmp_path)]) == 0
    # THEN every scenario ended as expected and the outputs are where it says
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    by_key = {row["scenario"]: row for row in summary}
    assert [row["problems"] for row in summary] == [[]] * 5
    assert by_key["no-match"]["upload_status"] == "released"
    assert by_key["licensed"]["upload_status"] == "released"
    assert (by_key["silent-holder"]["case_status"], by_key["silent-holder"]["release_reason"]) == (
        "released",
        "no_application",
    )
    assert by_key["confiscation"]["case_status"] == "confiscated"
    assert any(n.startswith("confiscation_notice") for n in by_key["confiscation"]["notices"])
    assert by_key["settlement"]["release_reason"] == "settlement"
    assert all(row["deadlines"] for row in summary if row["case_id"])
    assert all("2026-" in d for row in summary for d in row["deadlines"])
    # AND the legal dates are the scenario's, whatever the machine's speed (virtual clock)
    assert by_key["silent-holder"]["deadlines"] == [
        "ip_status_declaration 2026-09-16→2026-09-20",
        "holder_reply 2026-09-18→2026-09-22",
    ]
    assert "undetermined_notice 2026-09-18→2026-11-05" in by_key["confiscation"]["deadlines"]
    assert len(list((tmp_path / "mailbox").glob("**/*.eml"))) >= 10
    assert list((tmp_path / "notices").glob("**/*.pdf"))
    out = capsys.readouterr().out
    assert "| declaration" in out and "all scenarios ended as expected" in out

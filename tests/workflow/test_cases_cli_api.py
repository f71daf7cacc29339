"""The officers' ways in: ``customs-ipr case ...`` and the ``/cases`` HTTP API."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from fixtures.cases_harness import case_of, finished, waiting_for

from customs_ipr_tools.cli import main

EVENTS = Path(__file__).resolve().parents[1] / "events"


def _printed(capsys: pytest.CaptureFixture[str]) -> object:
    """What the command printed, without the task handlers' log and metric lines (which
    share this process in tests; on a real stack they go to CloudWatch)."""
    out = capsys.readouterr().out
    return json.loads(
        "\n".join(line for line in out.splitlines() if not line.startswith(('{"level"', '{"_aws"')))
    )


def _api(stack, method: str, path: str, body: dict | None = None, query: str = "") -> dict:
    event = json.loads((EVENTS / "cases_api_input.json").read_text(encoding="utf-8"))
    event["rawPath"] = event["requestContext"]["http"]["path"] = path
    event["requestContext"]["http"]["method"] = method
    event["rawQueryString"] = query
    event["queryStringParameters"] = dict(p.split("=") for p in query.split("&")) if query else None
    event["body"] = json.dumps(body) if body is not None else None
    answer = stack.invoke_local(stack.function_name("OfficerApiFunction"), event)
    return {"status": answer["statusCode"], "body": json.loads(answer["body"] or "null")}


def test_api_opens_a_case_lists_shows_and_takes_an_input(stack):
    body = json.loads((EVENTS / "cases_application.json").read_text(encoding="utf-8"))
    opened = _api(stack, "POST", "/cases", body)
    assert opened["status"] == 200
    case_id = opened["body"]["case_id"]
    waiting_for(case_id, "court_notice")
    listed = _api(stack, "GET", "/cases", query="limit=10")
    assert [c["case_id"] for c in listed["body"]["cases"]] == [case_id]
    assert listed["body"]["cases"][0]["waiting_for"] == "court_notice"
    shown = _api(stack, "GET", f"/cases/{case_id}")["body"]
    assert shown["case"]["path"] == "upon_application"
    assert "token" not in shown["case"]["wait"]
    assert {d["rule"] for d in shown["deadlines"]} == {"court_assistance_on_application"}
    wrong = _api(
        stack,
        "POST",
        f"/cases/{case_id}/inputs",
        {"kind": "renunciation", "data": {"officer": "x"}},
    )
    assert wrong["status"] == 409
    assert wrong["body"]["error"]["code"] == "conflict"
    # an empty body reads as {} (api.bodies): refused for what it lacks, never a 500
    empty_input = _api(stack, "POST", f"/cases/{case_id}/inputs")
    assert empty_input["status"] == 400
    assert '"kind"' in empty_input["body"]["error"]["message"]
    empty_case = _api(stack, "POST", "/cases")
    assert empty_case["status"] == 400
    assert '"path"' in empty_case["body"]["error"]["message"]
    given = _api(
        stack,
        "POST",
        f"/cases/{case_id}/inputs",
        {"kind": "court_notice", "data": {"court": "上海知识产权法院", "reference": "1"}},
    )
    assert given["status"] == 200 and given["body"]["resumed"] is True
    finished(case_id)
    assert case_of(case_id).status == "court_assistance"
    assert _api(stack, "GET", "/cases/NOPE")["status"] == 404


def test_cli_lists_shows_and_gives_inputs(stack, tmp_path, capsys):
    data = json.loads((EVENTS / "cases_application.json").read_text(encoding="utf-8"))
    data.pop("path")
    source = tmp_path / "application.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert main(["case", "start-application", "--data", str(source)]) == 0
    case_id = _printed(capsys)["case_id"]
    waiting_for(case_id, "court_notice")
    main(["case", "list", "--json"])  # issue 19: tables by default, --json for the records
    assert _printed(capsys)[0]["case_id"] == case_id
    main(["case", "list"])
    assert case_id in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        main(["case", "input", case_id, "settlement", "--set", "nonsense"])
    assert refused.value.code == 2
    capsys.readouterr()
    agreement = tmp_path / "agreement.txt"
    agreement.write_text("和解协议 / settlement agreement", encoding="utf-8")
    main(
        [
            "case",
            "input",
            case_id,
            "settlement",
            "--set",
            "statement=agreed",
            "--attach",
            str(agreement),
        ]
    )
    assert _printed(capsys)["accepted"] is True
    finished(case_id)
    main(["case", "show", case_id])
    table = capsys.readouterr().out
    assert "released" in table and "NOTICES" in table and "release_notice" in table
    main(["case", "show", case_id, "--json"])
    shown = _printed(capsys)
    assert shown["case"]["status"] == "released"
    assert shown["case"]["release_reason"] == "settlement"
    assert [n["kind"] for n in shown["notices"]][-1] == "release_notice"
    attached = [d for d in shown["documents"] if d["kind"] == "settlement_agreement"]
    assert [d["sha256"] for d in attached] == [hashlib.sha256(agreement.read_bytes()).hexdigest()]


def test_notice_preview_renders_from_a_stored_case(stack, tmp_path, capsys):
    # GIVEN a case whose goods are suspended, waiting for the holder
    body = json.loads((EVENTS / "cases_application.json").read_text(encoding="utf-8"))
    case_id = _api(stack, "POST", "/cases", body)["body"]["case_id"]
    waiting_for(case_id, "court_notice")
    capsys.readouterr()
    # WHEN an officer previews a detention notice for it
    main(["notice", "render", "detention_notice", "--case", case_id, "--out", str(tmp_path)])
    printed = _printed(capsys)
    # THEN the preview states the case's own facts, addressed to its holder
    case = case_of(case_id)
    html = (tmp_path / f"PREVIEW-{case_id}.html").read_text(encoding="utf-8")
    assert printed["notice_no"] == f"PREVIEW-{case_id}"
    assert case.holder.name in html
    assert case.goods[0].name in html
    assert (tmp_path / f"PREVIEW-{case_id}.pdf").read_bytes().startswith(b"%PDF")

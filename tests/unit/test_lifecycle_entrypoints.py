"""The lifecycle through its entry points: CLI, the /admin HTTP API, the scheduled Lambda,
and the real notices (archived in S3, e-mailed through SES)."""

from __future__ import annotations

import base64
import email
import importlib.util
import json
from datetime import date
from email import policy
from pathlib import Path
from types import SimpleNamespace

import boto3
import pytest
from fixtures import lifecycle_data as ld
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from customs_ipr_tools.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def aws(monkeypatch):
    ld.env(monkeypatch)
    with mock_aws():
        monkeypatch.setenv("ALERT_TOPIC_ARN", ld.create_resources())
        yield


def run(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_apply_decide_and_the_notices_really_go_out(aws, tmp_path, capsys):
    # GIVEN an application and its PDFs in a folder
    data = ld.application(ld.OVERSEAS_APPLICATION)
    (tmp_path / "app.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    for document in data["documents"]:
        (tmp_path / document["file"]).write_bytes(ld.PDF)

    # WHEN it is filed and approved from the command line
    filed = run(capsys, "recordations", "apply", str(tmp_path / "app.json"), "--on", "2026-09-25")
    decided = run(
        capsys, "recordations", "decide", filed["application_no"], "--approve", "--on", "2026-10-20"
    )

    # THEN each prints JSON with the due date and the new recordation
    assert filed["status"] == "pending"
    assert filed["decision_due"] == "2026-11-12"
    assert decided["recordation"]["recordation_no"] == "T2026-00001"
    assert decided["recordation"]["valid_until"] == "2036-10-20"
    # AND the receipt and approval notices were archived and e-mailed to agent and holder
    assert len(decided["application"]["notices"]) == 2
    approval_no = decided["application"]["notices"][1]
    assert approval_no.endswith("-RAP-000002")
    keys = [
        o["Key"]
        for o in boto3.client("s3").list_objects_v2(Bucket=ld.BUCKET, Prefix="notices/")["Contents"]
    ]
    assert f"notices/A2026-000001/{approval_no}.pdf" in keys
    sent = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
    approval_mails = [m for m in sent if approval_no in m.raw_data]
    assert len(approval_mails) == 2
    destinations = " ".join(d for m in approval_mails for d in m.destinations)
    assert "agent@ipagent.example.cn" in destinations
    assert "ipr-china@nike.example.com" in destinations
    text = email.message_from_string(approval_mails[0].raw_data, policy=policy.default)
    assert "T2026-00001" in text.get_body(preferencelist=("plain",)).get_content()


def test_cli_reject_needs_a_reason_and_sends_the_rejection(aws, tmp_path, capsys):
    data = ld.application(ld.DOMESTIC_APPLICATION)
    (tmp_path / "app.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    for document in data["documents"]:
        (tmp_path / document["file"]).write_bytes(ld.PDF)
    filed = run(capsys, "recordations", "apply", str(tmp_path / "app.json"), "--on", "2026-09-25")

    with pytest.raises(SystemExit) as stopped:
        main(["recordations", "decide", filed["application_no"], "--reject"])
    assert stopped.value.code == 2
    assert "invalid_input: A rejection must state its reasons" in capsys.readouterr().err

    rejected = run(
        capsys,
        "recordations",
        "decide",
        filed["application_no"],
        "--reject",
        "--reason",
        "registration certificate illegible",
        "--on",
        "2026-10-09",
    )
    assert rejected["application"]["status"] == "rejected"
    assert rejected["application"]["reasons"] == ["registration certificate illegible"]
    assert rejected["application"]["notices"][-1].endswith("-RRJ-000002")


def test_cli_change_renew_and_preconfirm(aws, tmp_path, capsys):
    data = ld.application(ld.DOMESTIC_APPLICATION, ip_expires_on="2026-12-31")
    (tmp_path / "app.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    for document in data["documents"]:
        (tmp_path / document["file"]).write_bytes(ld.PDF)
    filed = run(capsys, "recordations", "apply", str(tmp_path / "app.json"), "--on", "2026-09-01")
    number = run(
        capsys, "recordations", "decide", filed["application_no"], "--approve", "--on", "2026-09-10"
    )["recordation"]["recordation_no"]

    change = {"changed_on": "2026-09-15", "set": {"aliases": ["维洛斯", "VELOCE SPORT"]}}
    (tmp_path / "change.json").write_text(json.dumps(change, ensure_ascii=False), "utf-8")
    filed_change = run(
        capsys,
        "recordations",
        "change",
        number,
        str(tmp_path / "change.json"),
        "--on",
        "2026-09-16",
    )
    assert filed_change["late"] is False and filed_change["fields"] == ["aliases"]

    renewed = run(
        capsys,
        "recordations",
        "renew",
        number,
        "--on",
        "2026-09-20",
        "--ip-expires-on",
        "2036-12-31",
    )
    assert renewed["renewal"]["new_from"] == "2027-01-01"
    assert renewed["renewal"]["new_until"] == "2036-12-31"

    request = {
        "recordation_no": number,
        "trader": {"name": "杭州蓝天鞋业有限公司", "code": "3301987654"},
        "hs_codes": ["6404"],
        "valid_from": "2026-10-01",
        "valid_until": "2026-12-31",
        "documents": [{"kind": "authorization", "file": "auth.pdf"}],
    }
    (tmp_path / "pre.json").write_text(json.dumps(request, ensure_ascii=False), "utf-8")
    (tmp_path / "auth.pdf").write_bytes(ld.PDF)
    asked = run(capsys, "preconfirm", "request", str(tmp_path / "pre.json"), "--on", "2026-09-21")
    confirmed = run(capsys, "preconfirm", "confirm", asked["request_id"])
    listed = run(capsys, "preconfirm", "list", number)
    assert confirmed["status"] == "confirmed"
    assert [r["status"] for r in listed["requests"]] == ["confirmed"]


def _http(method: str, path: str, body: dict | None = None) -> dict:
    return {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json"},
        "requestContext": {
            "http": {"method": method, "path": path, "sourceIp": "10.0.0.1"},
            "requestId": "r1",
            "stage": "$default",
        },
        "body": json.dumps(body, ensure_ascii=False) if body is not None else None,
        "isBase64Encoded": False,
    }


def test_admin_api_files_and_decides_an_application(aws, monkeypatch):
    from customs_ipr import api
    from customs_ipr.api import build_resolver

    # only this router: the resolver and its error mapping are the real ones
    monkeypatch.setattr(api, "ROUTER_MODULES", ["customs_ipr.api.admin"])
    build_resolver.cache_clear()
    app = build_resolver()
    data = ld.application(ld.DOMESTIC_APPLICATION)
    attachments = {d["file"]: base64.b64encode(ld.PDF).decode() for d in data["documents"]}

    filed = app.resolve(
        _http(
            "POST",
            "/admin/applications",
            {"application": data, "attachments": attachments, "received_on": "2026-09-25"},
        ),
        None,
    )
    assert filed["statusCode"] == 200
    number = json.loads(filed["body"])["application_no"]

    missing = app.resolve(
        _http("POST", f"/admin/applications/{number}/decision", {"approve": False}), None
    )
    assert missing["statusCode"] == 400
    assert json.loads(missing["body"])["error"]["code"] == "invalid_input"

    approved = app.resolve(
        _http(
            "POST",
            f"/admin/applications/{number}/decision",
            {"approve": True, "decided_on": "2026-10-20"},
        ),
        None,
    )
    assert json.loads(approved["body"])["recordation"]["recordation_no"] == "T2026-00001"
    again = app.resolve(
        _http("POST", f"/admin/applications/{number}/decision", {"approve": True}), None
    )
    assert again["statusCode"] == 409
    unknown = app.resolve(_http("GET", "/admin/applications/A2026-999999"), None)
    assert unknown["statusCode"] == 404
    build_resolver.cache_clear()


def test_scheduled_lambda_runs_the_day_it_is_given(aws):
    spec = importlib.util.spec_from_file_location(
        "run_schedules_app", ROOT / "functions" / "run_schedules" / "app.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    context = SimpleNamespace(
        function_name="run-schedules",
        memory_limit_in_mb=256,
        invoked_function_arn="arn:aws:lambda:us-east-1:1:function:x",
        aws_request_id="req-1",
    )

    result = module.lambda_handler({"run_on": "2026-09-25"}, context)

    assert result == {
        "run_on": "2026-09-25",
        "renewals_activated": [],
        "lapsed": [],
        "reminders": [],
        "alerts": [],
        "alert_message_id": None,
        "resumed_cases": [],
    }
    assert date.fromisoformat(result["run_on"]) == date(2026, 9, 25)

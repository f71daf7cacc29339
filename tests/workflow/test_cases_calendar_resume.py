"""A case stopped on a year the calendar does not know resumes once the year is imported.

Time is the virtual clock (tests/workflow/conftest.py): ``finished`` and ``waiting_for``
let the stack settle and fire the timers due on the way; nothing waits on real time."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from fixtures.cases_harness import (
    case_of,
    events_of,
    execution_arn,
    finished,
    view_of,
    waiting_for,
)

from customs_ipr import aws
from customs_ipr.cases.model import CaseGoods, CaseParty, CaseRecordation
from customs_ipr.cases.opening import start_application_case
from customs_ipr.cases.submission import submit_input
from customs_ipr.cases.timers import fire_instant, schedule_name
from customs_ipr_tools.cli import main

NOTICE_2027 = Path(__file__).resolve().parents[1] / "fixtures" / "holiday_notices" / "2027.txt"


def test_a_case_stopped_on_2027_resumes_after_the_notice_is_imported(stack, capsys):
    # GIVEN an application detained on 2026-12-21: its 20 working days run into 2027
    case_id = start_application_case(
        holder=CaseParty(name="Nike Innovate C.V.", email="ipr@nike-holder.example.com"),
        goods=[
            CaseGoods(name="运动鞋", brand="NIKE", quantity=Decimal("10"), value=Decimal("900"))
        ],
        consignee=CaseParty(name="上海某贸易有限公司", email="docs@trader.example.cn"),
        recordation=CaseRecordation(recordation_no="T2019-12345", title="NIKE"),
        guarantee_rmb=Decimal("900"),
        started_on=date(2026, 12, 21),
    ).case_id
    # WHEN the workflow meets the unknown year
    assert finished(case_id)["status"] == "FAILED"
    # THEN the case is stopped, not guessed, and the alert says it resumes by itself
    case = case_of(case_id)
    assert case.outcome == "stopped:calendar_year_unknown"
    failed = next(e for e in view_of(case_id).history if e.event == "workflow_failed")
    assert failed.detail["stopped_in"] == "Set the court assistance deadline"
    assert "resumes by itself" in failed.detail["resumes"]
    history = aws.client("stepfunctions").get_execution_history(
        executionArn=execution_arn(case_id), maxResults=1000
    )["events"]
    alert = next(
        e["taskScheduledEventDetails"]["parameters"]
        for e in history
        if e.get("taskScheduledEventDetails", {}).get("resourceType") == "sns"
    )
    assert "resumes by itself" in json.loads(alert)["Message"]

    # WHEN the operator imports the State Council's 2027 notice
    assert main(["calendar", "import", str(NOTICE_2027), "--yes"]) == 0
    out = capsys.readouterr().out
    start = 0 if out.startswith("{\n") else out.index("\n{\n") + 1  # after any log lines
    result = json.loads(out[start:])
    assert result["table"].startswith("s3://") and result["resumed"][0]["resumed"] is True

    # THEN the case goes on from where it stopped, with 2027's working days
    resumed = waiting_for(case_id, "court_notice")
    assert resumed.status == "detained"
    assert resumed.wait.due == date(2027, 1, 19)  # 8 working days in Dec, 1-3 Jan off, 12 more
    assert "case_resumed" in events_of(case_id)
    # AND the resumed wait has its deadline timer, at 24:00 Beijing on the due date
    from customs_ipr_tools.local.virtual_time import VirtualTime

    armed = [
        t.at for t in VirtualTime().timers() if t.name == schedule_name(case_id, "court_notice")
    ]
    assert armed == [fire_instant(date(2027, 1, 19))]
    submit_input(
        case_id, "court_notice", {"court": "上海知识产权法院", "reference": "(2027)沪73民初1号"}
    )
    arn = case_of(case_id).execution_arn
    assert arn.endswith(f"{case_id}-r1")
    assert finished(case_id)["executionArn"] == arn
    assert aws.client("stepfunctions").describe_execution(executionArn=arn)["status"] == (
        "SUCCEEDED"
    )
    assert case_of(case_id).status == "court_assistance"
    assert "deadline_passed" not in events_of(case_id)

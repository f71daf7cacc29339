"""The sample events in events/ (for ``sam local invoke``) stay valid for their handlers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from moto import mock_aws

from customs_ipr.cases.tasks import TASKS
from customs_ipr.ingest.events import uploads_from_sqs_body
from customs_ipr.recordations.records_file import read_recordations_file
from customs_ipr.recordations.store import DynamoRecordationStore
from customs_ipr_tools.local.stack import MOTO_CONFIG, LocalStack

EVENTS = Path(__file__).resolve().parents[2] / "events"
RECORDATIONS = Path(__file__).resolve().parents[2] / "samples" / "recordations.json"


def _event(name: str) -> dict:
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


def test_every_function_has_a_sample_event():
    template_functions = {
        "ingest_upload",
        "case_tasks",
        "officer_api",
        "run_schedules",
        "public_lookup",
    }
    prefixes = {
        path.name.split("_", 2)[0] + "_" + path.name.split("_", 2)[1]
        for path in EVENTS.glob("*.json")
    }
    assert template_functions <= prefixes


def test_ingest_event_names_a_url_encoded_chinese_key():
    # GIVEN the SQS record whose body is the S3 notification, as Lambda receives it
    record = _event("ingest_upload_declaration.json")["Records"][0]
    # WHEN the ingest reads it
    uploads = uploads_from_sqs_body(record["body"])
    # THEN the key is decoded and the exact version is named
    assert [(u.key, u.version_id, u.size) for u in uploads] == [
        ("declarations/报关单 224420260000916001.pdf", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", 48213)
    ]


@pytest.mark.parametrize("name", ["case_tasks_open_period.json", "case_tasks_release.json"])
def test_case_task_events_name_real_tasks(name):
    event = _event(name)
    assert event["task"] in TASKS
    assert event["case_id"]


@pytest.fixture(scope="module")
def stack_with_recordations() -> Iterator[LocalStack]:
    """The template's stack in moto with the sample recordations (loaded in batches, as the
    benchmarks seed the store), shared by the tests here: the daily job only marks
    recordations that lapsed, which the look-up does not show."""
    with pytest.MonkeyPatch.context() as patch, mock_aws(config=MOTO_CONFIG):
        stack = LocalStack.from_project().deploy()
        for key, value in stack.environment().items():
            patch.setenv(key, value)
        DynamoRecordationStore().bulk_load(read_recordations_file(RECORDATIONS))
        yield stack


def test_public_lookup_event_is_answered_without_credentials(stack_with_recordations):
    # GIVEN the stack with the sample recordations
    stack = stack_with_recordations
    # WHEN the sample API event reaches the public look-up function
    answer = stack.invoke_local(
        stack.function_name("PublicLookupFunction"), _event("public_lookup_search.json")
    )
    # THEN NIKE is found, without the licensees or contact details
    body = json.loads(answer["body"])
    assert answer["statusCode"] == 200
    assert any(r["title"] == "NIKE" for r in body["results"])
    assert "licensees" not in json.dumps(body)
    assert "@" not in json.dumps(body)


def test_schedule_event_runs_the_daily_job(stack_with_recordations):
    # GIVEN the sample recordations, of which DURACELL's ran until 2026-06-30
    stack = stack_with_recordations
    # WHEN the daily job runs (replaying 16 September 2026)
    event = _event("run_schedules_daily.json") | {"run_on": "2026-09-16"}
    result = stack.invoke_local(stack.function_name("RunSchedulesFunction"), event)
    # THEN the lapsed recordations are marked, and HUAWEI (lapsing 2027-08-31) gets its
    # renewal reminder once the 6-month window has opened - not yet on this date
    assert result["run_on"] == "2026-09-16"
    assert "T2016-01357" in json.dumps(result["lapsed"])
    assert "T2017-08810" not in json.dumps(result["reminders"])

"""The lifecycle's rooms one by one, without AWS: in-memory stores, fake notifier, archive, alerts."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from fixtures import lifecycle_data as ld
from fixtures import lifecycle_fakes as fakes

from customs_ipr.errors import Conflict, InvalidInput
from customs_ipr.ingest.recordation_files import (
    application_summary,
    import_object,
    receive_application_object,
)
from customs_ipr.recordations.applications import ApplicationForm
from customs_ipr.recordations.lifecycle.changes import change_form, changed_recordation
from customs_ipr.recordations.lifecycle.decisions import (
    check_decidable,
    check_recordable,
    recordation_from,
)
from customs_ipr.recordations.lifecycle.documents import S3DocumentArchive
from customs_ipr.recordations.lifecycle.intake import check_application
from customs_ipr.recordations.lifecycle.renewals import check_window, next_term
from customs_ipr.recordations.lifecycle.schedule import SnsAlertSender, alert_message
from customs_ipr.recordations.lifecycle_store import (
    ApplicationRecord,
    ApplicationStatus,
    RecordationLife,
)
from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.store import InMemoryRecordationStore
from customs_ipr.recordations.table import StoreUnavailable, Table

RECEIVED = date(2026, 9, 25)


@pytest.fixture
def life():
    return fakes.memory_lifecycle(today=RECEIVED)


def _received(life, base=ld.DOMESTIC_APPLICATION, **changes: Any) -> ApplicationRecord:
    data = ld.application(base, **changes)
    return life.receive_application(data, ld.attachments_for(data), source="test")


def _nike(**changes: Any) -> Recordation:
    doc = {
        "recordation_no": "T2016-01234",
        "ip_type": "trademark",
        "title": "NIKE",
        "holder": {"name": "Nike Innovate C.V.", "country": "Netherlands"},
        "goods": [{"name": "运动鞋", "hs_codes": ["6403"]}],
        "licensees": [{"name": "耐克体育（中国）有限公司", "code": "3122260001"}],
        "valid_from": "2017-03-31",
        "valid_until": "2027-03-31",
    }
    return Recordation.model_validate(doc | changes)


# ---------------------------------------------------------------- intake
def test_an_attachment_that_is_no_pdf_is_named_and_leaves_no_form():
    data = ld.application(ld.DOMESTIC_APPLICATION)
    checked = check_application(data, {**ld.attachments_for(data), "certificate.pdf": b"GIF89a"})
    assert checked.form is None
    assert checked.missing == [
        "the attached file certificate.pdf (named in documents, not received)",
        "the attached file certificate.pdf is not a PDF",
    ]


def test_a_complete_application_is_archived_dated_and_acknowledged(life):
    # WHEN a complete application is received on Friday 25 September 2026
    record = _received(life)

    # THEN its PDFs are in the archive, its decision is due on 12 November, the receipt went out
    assert record.status is ApplicationStatus.PENDING
    assert record.decision_due == date(2026, 11, 12)
    assert [d.location for d in record.documents] == [
        "mem://lifecycle-documents/A2026-000001/licence.pdf",
        "mem://lifecycle-documents/A2026-000001/certificate.pdf",
    ]
    assert sorted(life.archive.kept) == [
        "lifecycle-documents/A2026-000001/certificate.pdf",
        "lifecycle-documents/A2026-000001/licence.pdf",
    ]
    [notice] = life.notifier.sent
    assert (notice["kind"], notice["due_date"]) == ("recordation_received", date(2026, 11, 12))
    assert record.notices == ["N1"]
    assert life.open_applications() == [record]


def test_an_incomplete_application_is_told_what_is_missing(life):
    record = _received(life, registration_no="")
    assert record.status is ApplicationStatus.INCOMPLETE
    [notice] = life.notifier.sent
    assert notice["kind"] == "recordation_incomplete"
    assert notice["facts"]["missing_items"] == [
        "the registration number of the right (registration_no)"
    ]


def test_a_notice_that_cannot_go_out_is_kept_as_a_problem_on_the_application():
    life = fakes.memory_lifecycle()
    life.intake.notifier = fakes.FakeNotifier(problem="no e-mail")
    record = _received(life)
    assert (record.notices, record.notice_problems) == ([], ["no e-mail"])


def test_a_resubmission_replaces_only_an_incomplete_or_rejected_application(life):
    first = _received(life)
    with pytest.raises(Conflict):
        _received(life, resubmission_of=first.application_no)


# ---------------------------------------------------------------- decisions
def test_decide_steps_refuse_what_cannot_be_decided(life):
    record = _received(life)
    with pytest.raises(InvalidInput, match="before the application was received"):
        check_decidable(record, date(2026, 9, 24))
    incomplete = record.model_copy(update={"status": ApplicationStatus.INCOMPLETE})
    with pytest.raises(Conflict, match="is incomplete"):
        check_decidable(incomplete, date(2026, 10, 1))
    form = ApplicationForm.model_validate(ld.application(ld.DOMESTIC_APPLICATION))
    with pytest.raises(Conflict, match="expired on 2034-05-06"):
        check_recordable(form, date(2034, 5, 6))


def test_the_recordation_of_an_approval_runs_ten_years_within_the_right():
    form = ApplicationForm.model_validate(ld.application(ld.DOMESTIC_APPLICATION))
    recordation = recordation_from(form, "T2026-00007", date(2026, 10, 20))
    assert (recordation.recordation_no, recordation.valid_from, recordation.valid_until) == (
        "T2026-00007",
        date(2026, 10, 20),
        date(2034, 5, 6),
    )


def test_approval_without_aws_numbers_saves_and_notifies(life):
    record = _received(life, ld.OVERSEAS_APPLICATION)

    decision = life.decide(record.application_no, approve=True, decided_on=date(2026, 10, 20))

    assert decision.recordation.recordation_no == "T2026-00001"
    assert decision.recordation.valid_until == date(2036, 10, 20)
    assert life.recordations.get("T2026-00001") == decision.recordation
    assert life.records.get_life("T2026-00001").ip_expires_on == date(2040, 1, 1)
    assert life.notifier.kinds == ["recordation_received", "recordation_approval"]
    assert decision.application.status is ApplicationStatus.APPROVED
    assert decision.application.notices == ["N1", "N2"]
    assert decision.application.decided_late is False
    assert life.open_applications() == []


def test_a_late_rejection_states_its_reasons(life):
    record = _received(life)
    with pytest.raises(InvalidInput, match="must state its reasons"):
        life.decide(record.application_no, approve=False, reasons=[" "])

    decision = life.decide(
        record.application_no, approve=False, reasons=[" no use "], decided_on=date(2026, 11, 13)
    )

    assert decision.recordation is None
    assert decision.application.status is ApplicationStatus.REJECTED
    assert (decision.application.reasons, decision.application.decided_late) == (["no use"], True)
    assert life.notifier.sent[-1]["facts"]["reasons"] == ["no use"]


# ---------------------------------------------------------------- changes
def test_a_change_form_names_every_problem_at_once():
    with pytest.raises(InvalidInput) as raised:
        change_form({"colour": "red", "set": {"title": "X"}}, None, date(2026, 9, 25))
    assert raised.value.message == (
        "The change is not valid: a change does not take colour; a change needs changed_on, "
        "the date it happened (YYYY-MM-DD); only holder, agent, goods, aliases, licensees, "
        "known_infringers can be changed, not title."
    )


def test_a_change_keeps_the_filing_date_of_the_change_unless_one_is_given():
    change = {"changed_on": "2026-09-01", "filed_on": "2026-09-10"}
    assert change_form(change, None, date(2026, 9, 25))[1] == date(2026, 9, 10)
    assert change_form(change, date(2026, 9, 20), date(2026, 9, 25))[1] == date(2026, 9, 20)


def test_removing_a_licensee_that_is_not_recorded_is_refused():
    with pytest.raises(InvalidInput, match="ACME is not a recorded licensee of T2016-01234"):
        changed_recordation(_nike(), {"remove_licensees": ["ACME"]}, {})
    changed = changed_recordation(_nike(), {"remove_licensees": ["3122260001"]}, {})
    assert changed.licensees == []


def test_a_change_is_filed_with_its_due_date_without_aws(life):
    life.recordations.save(_nike(), source="import")

    filing = life.file_change(
        "T2016-01234",
        {"changed_on": "2026-09-01", "set": {"aliases": ["耐克"]}},
        filed_on=date(2026, 9, 25),
    )

    assert (filing.change_id, filing.fields, filing.late) == ("CH2026-00001", ["aliases"], False)
    assert life.changes("T2016-01234") == [filing]
    assert life.recordations.get("T2016-01234").aliases == ["耐克"]


# ---------------------------------------------------------------- renewals
def test_the_next_term_follows_the_current_one_within_the_right():
    current = _nike()
    life = RecordationLife(recordation_no="T2016-01234", ip_expires_on=date(2030, 6, 30))
    renewal = next_term(current, life, date(2027, 1, 5), None)
    assert (renewal.new_from, renewal.new_until) == (date(2027, 4, 1), date(2030, 6, 30))
    longer = next_term(current, life, date(2027, 1, 5), date(2045, 1, 1))
    assert longer.new_until == date(2037, 3, 31)


def test_a_renewal_needs_the_window_the_right_and_no_pending_renewal():
    current = _nike()
    with pytest.raises(Conflict, match="can be renewed from 2026-09-30"):
        check_window(current, date(2026, 9, 29))
    with pytest.raises(InvalidInput, match="not on file"):
        next_term(current, RecordationLife(recordation_no="T2016-01234"), date(2027, 1, 5), None)
    with pytest.raises(Conflict, match="renew the right first"):
        next_term(
            current,
            RecordationLife(recordation_no="T2016-01234"),
            date(2027, 1, 5),
            date(2027, 3, 31),
        )


def test_a_renewal_is_switched_in_on_its_first_day_by_the_schedule():
    life = fakes.memory_lifecycle(today=date(2027, 1, 5))
    life.recordations.save(_nike(), source="import")
    life.records.put_life(
        RecordationLife(recordation_no="T2016-01234", ip_expires_on=date(2045, 1, 1))
    )
    life.renew("T2016-01234")

    assert life.run_schedules(date(2027, 3, 31))["renewals_activated"] == []
    assert life.run_schedules(date(2027, 4, 1))["renewals_activated"] == ["T2016-01234"]
    renewed = life.recordations.get("T2016-01234")
    assert (renewed.term_from, renewed.valid_until) == (date(2027, 4, 1), date(2037, 3, 31))


# ---------------------------------------------------------------- schedule and alerts
def test_the_daily_run_sends_one_alert_through_the_sender(life):
    late = _received(life)
    life.recordations.save(_nike(valid_until="2026-10-01"), source="import")

    result = life.run_schedules(date(2026, 11, 13))

    assert [(a["application_no"], a["state"]) for a in result["alerts"]] == [
        (late.application_no, "overdue")
    ]
    assert result["alert_message_id"] == "alert-1"
    [(subject, message)] = life.schedule.alerts.sent
    assert subject == "Recordation decisions: 1 need attention (1 overdue)"
    assert json.loads(message)["kind"] == "recordation_decisions"
    assert result["lapsed"] == ["T2016-01234"]


def test_a_quiet_day_sends_no_alert(life):
    assert life.run_schedules(date(2026, 9, 26))["alert_message_id"] is None
    assert life.schedule.alerts.sent == []


def test_a_renewal_reminder_goes_once_and_is_retried_when_it_could_not_go():
    life = fakes.memory_lifecycle()
    life.recordations.save(_nike(), source="import")
    life.schedule.notifier = fakes.FakeNotifier(problem="archive failed")
    [failed] = life.schedule.send_renewal_reminders(date(2026, 10, 1))
    assert (failed["notice_no"], failed["problem"]) == (None, "archive failed")

    life.schedule.notifier = fakes.FakeNotifier()
    [sent] = life.schedule.send_renewal_reminders(date(2026, 10, 2))
    assert sent["notice_no"] == "N1"
    assert life.schedule.send_renewal_reminders(date(2026, 10, 3)) == []


class _FakeSns:
    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, **kwargs: Any) -> dict[str, str]:
        self.published.append(kwargs)
        return {"MessageId": "m-1"}


def test_the_sns_sender_publishes_to_its_topic_and_cuts_the_subject():
    sns = _FakeSns()
    subject, body = alert_message([{"state": "overdue"}] * 2, date(2026, 11, 13))
    assert SnsAlertSender("arn:topic", sns).send(subject + "!" * 120, body) == "m-1"
    [published] = sns.published
    assert published["TopicArn"] == "arn:topic"
    assert len(published["Subject"]) == 99
    assert published["Subject"].startswith("Recordation decisions: 2 need attention (2 overdue)")


def test_the_sns_sender_without_a_topic_sends_nothing(monkeypatch):
    monkeypatch.setenv("ALERT_TOPIC_ARN", "")
    sns = _FakeSns()
    assert SnsAlertSender(None, sns).send("s", "m") is None
    assert sns.published == []


# ---------------------------------------------------------------- archive and S3 intake
class _FakeS3:
    """Objects by key; ``get_object`` as boto3 answers it (``NoSuchKey`` for a missing one)."""

    class exceptions:
        class NoSuchKey(Exception):
            pass

    def __init__(self, objects: dict[str, bytes]) -> None:
        self.objects = objects
        self.asked: list[dict[str, Any]] = []
        self.put: list[dict[str, Any]] = []

    def get_object(self, **kwargs: Any) -> dict[str, Any]:
        self.asked.append(kwargs)
        if kwargs["Key"] not in self.objects:
            raise self.exceptions.NoSuchKey(kwargs["Key"])
        return {
            "Body": io.BytesIO(self.objects[kwargs["Key"]]),
            "LastModified": datetime(2026, 9, 24, 17, 30, tzinfo=UTC),  # 25 Sep in Beijing
        }

    def put_object(self, **kwargs: Any) -> None:
        self.put.append(kwargs)


def test_the_s3_archive_keeps_a_pdf_in_its_bucket():
    s3 = _FakeS3({})
    assert S3DocumentArchive("docs", s3).put_pdf("k/a.pdf", ld.PDF) == "s3://docs/k/a.pdf"
    assert s3.put == [
        {"Bucket": "docs", "Key": "k/a.pdf", "Body": ld.PDF, "ContentType": "application/pdf"}
    ]


def test_an_uploaded_application_is_read_at_its_version_with_the_pdfs_of_its_folder(life):
    data = ld.application(ld.DOMESTIC_APPLICATION)
    s3 = _FakeS3(
        {"applications/v/a.json": json.dumps(data).encode(), "applications/v/licence.pdf": ld.PDF}
    )

    assert receive_application_object(life, s3, "b", "applications/v/licence.pdf") is None
    record = receive_application_object(life, s3, "b", "applications/v/a.json", version_id="v7")

    assert s3.asked[0] == {"Bucket": "b", "Key": "applications/v/a.json", "VersionId": "v7"}
    assert record.received_on == date(2026, 9, 25)
    assert record.missing == [
        "the attached file certificate.pdf (named in documents, not received)"
    ]
    assert record.documents[0].location == "s3://b/applications/v/licence.pdf"
    assert life.archive.kept == {}
    assert application_summary(record)["application_status"] == "incomplete"
    assert application_summary(None) == {
        "application_status": "attachment",
        "note": "read with its application JSON",
    }


def test_an_uploaded_application_that_is_not_json_is_refused(life):
    s3 = _FakeS3({"applications/v/a.json": b"{not json"})
    with pytest.raises(InvalidInput, match="is not valid JSON"):
        receive_application_object(life, s3, "b", "applications/v/a.json")


def test_a_recordation_file_is_imported_from_its_object():
    store = InMemoryRecordationStore()
    s3 = _FakeS3({"recordations/r.jsonl": _nike().model_dump_json().encode()})
    result = import_object(s3, "b", "recordations/r.jsonl", store, version_id="v1")
    assert (result.created, result.source) == (1, "s3://b/recordations/r.jsonl")
    assert s3.asked == [{"Bucket": "b", "Key": "recordations/r.jsonl", "VersionId": "v1"}]
    assert store.get("T2016-01234").title == "NIKE"


# ---------------------------------------------------------------- the shared table piece
class _FailingClient:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def get_item(self, **_: Any) -> None:
        raise self.error


def _client_error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}}, "GetItem")


def test_the_table_maps_every_service_failure_to_store_unavailable():
    with pytest.raises(StoreUnavailable, match="could not be read or written"):
        Table("t", _FailingClient(_client_error("ProvisionedThroughputExceededException"))).call(
            "get_item"
        )
    with pytest.raises(StoreUnavailable, match="could not be reached"):
        Table("t", _FailingClient(EndpointConnectionError(endpoint_url="x"))).call("get_item")
    with pytest.raises(ClientError):  # a failed condition is the caller's answer, not an outage
        Table("t", _FailingClient(_client_error("ConditionalCheckFailedException"))).call(
            "get_item"
        )

"""Recordation applications: completeness, the 30-working-day due date, approval and rejection."""

from __future__ import annotations

import json
from datetime import date

import boto3
import pytest
from fixtures import lifecycle_data as ld
from moto import mock_aws

from customs_ipr.errors import Conflict, InvalidInput
from customs_ipr.ingest.recordation_files import application_summary, receive_application_object
from customs_ipr.recordations.applications import check
from customs_ipr.recordations.lifecycle.service import default_lifecycle
from customs_ipr.recordations.lifecycle_notices import LifecycleNotifier
from customs_ipr.recordations.lifecycle_store import ApplicationStatus
from customs_ipr.recordations.store import DynamoRecordationStore


@pytest.fixture
def spy():
    return ld.NoticeSpy()


@pytest.fixture
def life(monkeypatch, spy):
    ld.env(monkeypatch)
    with mock_aws():
        ld.create_resources()
        yield default_lifecycle(
            recordations=DynamoRecordationStore(),
            notifier=LifecycleNotifier(issuer=spy, counter=ld.counter()),
            today=lambda: date(2026, 9, 25),
        )


# ---------------------------------------------------------------- completeness
def test_complete_domestic_application_needs_no_agent():
    data = ld.application(ld.DOMESTIC_APPLICATION)
    form, missing = check(data, set(ld.attachments_for(data)))
    assert missing == []
    assert form is not None and not form.overseas


def test_overseas_holder_without_agent_is_told_to_appoint_one():
    # GIVEN a foreign holder filing itself, without agent or power of attorney
    data = ld.application(ld.OVERSEAS_APPLICATION, agent=None)
    data["documents"] = [d for d in data["documents"] if d["kind"] != "power_of_attorney"]

    form, missing = check(data, set(ld.attachments_for(data)))

    assert form is None
    assert missing == [
        "a domestic agent (agent.name): a holder outside mainland China must act through one",
        "the power of attorney for the domestic agent (document power_of_attorney)",
    ]


def test_every_missing_field_and_document_is_named_at_once():
    # GIVEN an application without address, expiry and goods, a patent without its certificate,
    # a licensee without its contract, and a document whose file never arrived
    data = ld.application(
        ld.DOMESTIC_APPLICATION,
        ip_type="patent",
        goods=[],
        licensees=[{"name": "杭州某某贸易有限公司"}],
    )
    del data["ip_expires_on"]
    data["holder"] = {**data["holder"], "address": ""}
    data["documents"] = [{"kind": "holder_identity", "file": "licence.pdf"}]

    form, missing = check(data, attached=set())

    assert form is None
    assert missing == [
        "the holder's address (holder.address)",
        "the expiry date of the right (ip_expires_on)",
        "the goods covered, with their HS codes (goods)",
        "the patent certificate (document patent_certificate)",
        "the licence contract with 杭州某某贸易有限公司 (document licence_contract)",
        "the attached file licence.pdf (named in documents, not received)",
    ]


def test_invalid_values_are_reported_beside_missing_ones():
    data = ld.application(ld.DOMESTIC_APPLICATION, goods=[{"name": "鞋", "hs_codes": ["64"]}])
    form, missing = check(data, set(ld.attachments_for(data)))
    assert form is None
    assert missing == ["goods.0.hs_codes: HS code '64' is not 4 to 10 digits"]


# ---------------------------------------------------------------- receipt and due date
def test_complete_application_is_due_30_working_days_later_across_national_day(life, spy):
    # GIVEN an application received on Friday 25 September 2026, before the National Day week
    data = ld.application(ld.OVERSEAS_APPLICATION)

    # WHEN it is received
    record = life.receive_application(data, ld.attachments_for(data), source="test")

    # THEN it waits for a decision due 30 working days later: 1-7 October are off and
    # Saturday 10 October is a make-up working day (Monday-Friday counting says 6 November)
    assert record.application_no == "A2026-000001"
    assert record.status is ApplicationStatus.PENDING
    assert record.decision_due == date(2026, 11, 12)
    assert record.decision_basis == "Regulations Art. 8"
    # AND the receipt notice goes to the agent, copied to the holder, with that date
    [(context, recipients)] = spy.issued
    assert context.kind.value == "recordation_received"
    assert context.due_date == date(2026, 11, 12)
    assert context.addressee.name == "上海知识产权代理有限公司"
    assert [r.email for r in recipients] == [
        "agent@ipagent.example.cn",
        "ipr-china@nike.example.com",
    ]
    # AND the record is kept, listed among the open applications
    assert life.get_application("A2026-000001").decision_due == date(2026, 11, 12)
    assert [r.application_no for r in life.open_applications()] == ["A2026-000001"]


def test_incomplete_application_gets_the_list_and_no_due_date(life, spy):
    data = ld.application(ld.DOMESTIC_APPLICATION, registration_no="")

    record = life.receive_application(data, ld.attachments_for(data), source="test")

    assert record.status is ApplicationStatus.INCOMPLETE
    assert record.decision_due is None
    [(context, _)] = spy.issued
    assert context.kind.value == "recordation_incomplete"
    assert context.facts.missing_items == ["the registration number of the right (registration_no)"]
    assert life.open_applications() == []


def test_attachment_that_is_not_a_pdf_makes_the_application_incomplete(life):
    data = ld.application(ld.DOMESTIC_APPLICATION)
    attachments = {**ld.attachments_for(data), "certificate.pdf": b"GIF89a..."}

    record = life.receive_application(data, attachments, source="test")

    assert record.status is ApplicationStatus.INCOMPLETE
    assert "the attached file certificate.pdf is not a PDF" in record.missing


def test_due_date_in_an_unknown_calendar_year_is_reported_not_guessed(life, spy):
    # GIVEN a complete application received in December 2026: 30 working days end in 2027,
    # a year the working-day calendar does not know
    data = ld.application(ld.DOMESTIC_APPLICATION)

    record = life.receive_application(
        data, ld.attachments_for(data), source="test", received_on=date(2026, 12, 10)
    )

    # THEN it is recorded as pending without a date, saying why, and no receipt notice
    # with a made-up date is sent
    assert record.status is ApplicationStatus.PENDING
    assert record.decision_due is None
    assert "no data for 2027" in record.due_problem
    assert record.notice_problems == [
        "receipt notice not sent: the decision date cannot be computed yet"
    ]
    assert spy.issued == []
    # AND the daily schedule keeps alerting about it
    [alert] = life.schedule.decision_alerts(date(2026, 12, 11))
    assert alert["state"] == "due_date_unknown"


def test_application_file_reads_its_pdfs_from_the_same_folder(life, tmp_path):
    data = ld.application(ld.DOMESTIC_APPLICATION)
    (tmp_path / "application.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    (tmp_path / "licence.pdf").write_bytes(ld.PDF)
    (tmp_path / "certificate.pdf").write_bytes(ld.PDF)

    record = life.receive_application_file(tmp_path / "application.json")

    assert record.status is ApplicationStatus.PENDING
    assert [d.location for d in record.documents] == [
        f"s3://{ld.BUCKET}/lifecycle-documents/A2026-000001/licence.pdf",
        f"s3://{ld.BUCKET}/lifecycle-documents/A2026-000001/certificate.pdf",
    ]


def test_application_uploaded_to_s3_takes_its_pdfs_from_its_folder(life):
    s3 = boto3.client("s3")
    data = ld.application(ld.DOMESTIC_APPLICATION)
    s3.put_object(Bucket=ld.BUCKET, Key="applications/veloce/licence.pdf", Body=ld.PDF)
    s3.put_object(
        Bucket=ld.BUCKET,
        Key="applications/veloce/application.json",
        Body=json.dumps(data).encode(),
    )

    assert (
        receive_application_object(life, s3, ld.BUCKET, "applications/veloce/licence.pdf") is None
    )
    record = receive_application_object(life, s3, ld.BUCKET, "applications/veloce/application.json")

    # certificate.pdf was never uploaded
    assert record.status is ApplicationStatus.INCOMPLETE
    assert record.missing == [
        "the attached file certificate.pdf (named in documents, not received)"
    ]
    assert record.documents[0].location == f"s3://{ld.BUCKET}/applications/veloce/licence.pdf"
    assert record.source == f"s3://{ld.BUCKET}/applications/veloce/application.json"


# ---------------------------------------------------------------- decisions
def test_approval_creates_a_numbered_recordation_valid_ten_years(life, spy):
    data = ld.application(ld.OVERSEAS_APPLICATION)
    record = life.receive_application(data, ld.attachments_for(data), source="test")

    decision = life.decide(record.application_no, approve=True, decided_on=date(2026, 10, 20))

    recordation = decision.recordation
    assert recordation.recordation_no == "T2026-00001"
    assert recordation.valid_from == date(2026, 10, 20)
    assert recordation.valid_until == date(2036, 10, 20)
    assert recordation.licensees[0].code == "3122260001"
    assert decision.application.status is ApplicationStatus.APPROVED
    assert decision.application.recordation_no == "T2026-00001"
    assert life.recordations.get("T2026-00001") == recordation
    assert [h.source for h in life.recordations.history("T2026-00001")] == [
        "application A2026-000001 approved"
    ]
    context = spy.issued[-1][0]
    assert context.kind.value == "recordation_approval"
    assert context.facts.valid_until == date(2036, 10, 20)
    assert life.open_applications() == []


def test_recordation_never_outlives_the_right_and_numbers_count_per_type(life):
    numbers = []
    for expiry, ip_type in (("2030-03-31", "trademark"), ("2045-01-01", "trademark")):
        data = ld.application(ld.DOMESTIC_APPLICATION, ip_expires_on=expiry, ip_type=ip_type)
        record = life.receive_application(data, ld.attachments_for(data), source="test")
        numbers.append(life.decide(record.application_no, approve=True).recordation)

    assert [r.recordation_no for r in numbers] == ["T2026-00001", "T2026-00002"]
    assert numbers[0].valid_until == date(2030, 3, 31)
    assert numbers[1].valid_until == date(2036, 9, 25)


def test_copyright_gets_a_c_number(life):
    data = ld.application(ld.DOMESTIC_APPLICATION, ip_type="copyright")
    data["documents"][1]["kind"] = "copyright_evidence"
    record = life.receive_application(data, ld.attachments_for(data), source="test")
    assert life.decide(record.application_no, approve=True).recordation.recordation_no == (
        "C2026-00001"
    )


def test_rejection_states_reasons_and_resubmission_starts_a_new_period(life, spy):
    # GIVEN a rejected application
    data = ld.application(ld.DOMESTIC_APPLICATION)
    first = life.receive_application(data, ld.attachments_for(data), source="test")
    with pytest.raises(InvalidInput):
        life.decide(first.application_no, approve=False, reasons=[" "])
    rejected = life.decide(
        first.application_no,
        approve=False,
        reasons=["the goods scope does not match the registered classes"],
        decided_on=date(2026, 10, 12),
    ).application
    assert rejected.status is ApplicationStatus.REJECTED
    rejection = spy.issued[-1][0]
    assert rejection.kind.value == "recordation_rejection"
    assert rejection.facts.reasons == ["the goods scope does not match the registered classes"]

    # WHEN the holder corrects and resubmits it on 19 October
    again = ld.application(data, resubmission_of=first.application_no)
    second = life.receive_application(
        again, ld.attachments_for(again), source="test", received_on=date(2026, 10, 19)
    )

    # THEN the new application runs its own 30 working days from its own receipt
    assert second.application_no == "A2026-000002"
    assert second.resubmission_of == "A2026-000001"
    assert second.decision_due == date(2026, 11, 30)
    assert life.get_application(first.application_no).status is ApplicationStatus.RESUBMITTED
    # AND a decided application cannot be decided again
    with pytest.raises(Conflict):
        life.decide(first.application_no, approve=True)


def test_ingest_entry_point_returns_a_json_summary(life):
    s3 = boto3.client("s3")

    def receive_application_from_s3(bucket: str, key: str) -> dict:
        """What the ingest route does with an upload: the production wiring, a summary."""
        return application_summary(receive_application_object(default_lifecycle(), s3, bucket, key))

    data = ld.application(ld.DOMESTIC_APPLICATION)
    for document in data["documents"]:
        s3.put_object(Bucket=ld.BUCKET, Key=f"applications/v/{document['file']}", Body=ld.PDF)
    s3.put_object(Bucket=ld.BUCKET, Key="applications/v/a.json", Body=json.dumps(data).encode())

    assert receive_application_from_s3(ld.BUCKET, "applications/v/licence.pdf") == {
        "application_status": "attachment",
        "note": "read with its application JSON",
    }
    summary = receive_application_from_s3(ld.BUCKET, "applications/v/a.json")
    assert summary["application_status"] == "pending"
    assert summary["missing"] == []
    # received on the object's own date: a due date, or the reason there is none yet
    assert (summary["decision_due"] is None) != (summary["due_problem"] is None)

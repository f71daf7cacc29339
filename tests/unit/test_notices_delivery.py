"""Issuing a notice: PDF and HTML archived in S3, e-mail through SES v2 with the PDF attached."""

from __future__ import annotations

import email
import hashlib
import json
from email import policy
from pathlib import Path

import boto3
import pytest
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from customs_ipr.notices import AddresseeRole, Recipient, build_context, issue, render

SAMPLES = Path(__file__).resolve().parents[2] / "templates" / "notices" / "samples"
BUCKET = "docs-test"
SENDER = "notices@customs.example.cn"
REGION = "us-east-1"


def sample(kind: str) -> dict:
    return json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


def sent_messages() -> list:
    return ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages


@pytest.fixture
def aws(monkeypatch):
    monkeypatch.setenv("DOCUMENTS_BUCKET", BUCKET)
    monkeypatch.setenv("SENDER_ADDRESS", SENDER)
    with mock_aws():
        boto3.client("s3").create_bucket(Bucket=BUCKET)
        boto3.client("ses").verify_domain_identity(Domain="customs.example.cn")
        yield


HOLDER = Recipient(
    name="Nike Innovate C.V.", role=AddresseeRole.HOLDER, email="ipr-china@nike.example.com"
)


def test_issue_archives_the_pdf_and_mails_it_attached(aws):
    # GIVEN a suspension notice for the holder
    context = build_context(sample("suspension_notice"))

    # WHEN it is issued
    issued = issue(context, recipients=[HOLDER])

    # THEN the PDF and the HTML are in S3 with the PDF's SHA-256
    s3 = boto3.client("s3")
    assert issued.pdf_key == "notices/CASE-2026-000042/2200-2026-SUS-000102.pdf"
    assert issued.html_key == "notices/CASE-2026-000042/2200-2026-SUS-000102.html"
    stored = s3.get_object(Bucket=BUCKET, Key=issued.pdf_key)
    pdf = stored["Body"].read()
    assert hashlib.sha256(pdf).hexdigest() == issued.sha256
    assert stored["Metadata"]["sha256"] == issued.sha256
    assert stored["ContentType"] == "application/pdf"
    html = s3.get_object(Bucket=BUCKET, Key=issued.html_key)["Body"].read().decode()
    assert "中止放行侵权嫌疑货物通知书" in html

    # AND one raw e-mail went out, from the sender, with text, HTML and the PDF attached
    [message] = sent_messages()
    assert message.source == SENDER
    assert "ipr-china@nike.example.com" in message.destinations
    mime = email.message_from_string(message.raw_data, policy=policy.default)
    assert mime["Subject"] == (
        "中止放行侵权嫌疑货物通知书 / Notice of Suspended Release of Suspected Infringing Goods "
        "[2200-2026-SUS-000102]"
    )
    assert mime["From"] == SENDER
    assert mime["X-Customs-Notice-SHA256"] == issued.sha256
    text = mime.get_body(preferencelist=("plain",)).get_content()
    html_part = mime.get_body(preferencelist=("html",)).get_content()
    assert "2026-03-12" in text and "上海蓝海贸易有限公司" in text
    assert "<h1>中止放行侵权嫌疑货物通知书</h1>" in html_part
    [attachment] = list(mime.iter_attachments())
    assert attachment.get_filename() == "2200-2026-SUS-000102.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert hashlib.sha256(attachment.get_content()).hexdigest() == issued.sha256

    # AND the record says who was served, with which message, on which date
    [delivery] = issued.recipients
    assert delivery.status == "sent"
    assert delivery.message_id
    assert delivery.served_on == context.issued_on
    assert issued.served_on == context.issued_on
    assert issued.served_by_other_means_required is False
    assert issued.due_date == context.due_date


def test_recipient_without_address_is_archived_and_flagged_not_raised(aws):
    # GIVEN a release notice for the holder (e-mail) and the consignee (no address known)
    context = build_context(sample("release_notice"))
    consignee = Recipient(name="上海蓝海贸易有限公司", role=AddresseeRole.CONSIGNEE)

    # WHEN it is issued
    issued = issue(context, recipients=[HOLDER, consignee])

    # THEN the holder is mailed, the consignee is flagged for service by other means
    assert [d.status for d in issued.recipients] == ["sent", "no_address"]
    assert issued.recipients[1].served_on is None
    assert issued.served_by_other_means_required is True
    assert len(sent_messages()) == 1
    boto3.client("s3").head_object(Bucket=BUCKET, Key=issued.pdf_key)


def test_no_address_at_all_leaves_the_notice_unserved_but_archived(aws):
    context = build_context(sample("personal_items_detention"))
    passenger = Recipient(name="王小明", role=AddresseeRole.PASSENGER)

    issued = issue(context, recipients=[passenger])

    assert issued.served_on is None
    assert issued.served_by_other_means_required is True
    assert sent_messages() == []
    assert boto3.client("s3").head_object(Bucket=BUCKET, Key=issued.pdf_key)


def test_sent_mail_is_written_to_the_local_mailbox(aws, tmp_path, monkeypatch):
    monkeypatch.setenv("MAILBOX_DIR", str(tmp_path / "mailbox"))
    context = build_context(sample("detention_voucher"))
    consignee = Recipient(
        name="上海蓝海贸易有限公司",
        role=AddresseeRole.CONSIGNEE,
        email="customs@lanhai-trade.example.cn",
    )

    issued = issue(context, recipients=[consignee])

    eml = Path(issued.recipients[0].mailbox_file)
    assert eml == tmp_path / "mailbox" / "2200-2026-DTV-000104-01.eml"
    mime = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert mime["To"] == "上海蓝海贸易有限公司 <customs@lanhai-trade.example.cn>"
    [attachment] = list(mime.iter_attachments())
    assert hashlib.sha256(attachment.get_content()).hexdigest() == issued.sha256


def test_ses_refusal_is_recorded_per_recipient(monkeypatch):
    # GIVEN a sender that SES has not verified
    monkeypatch.setenv("DOCUMENTS_BUCKET", BUCKET)
    monkeypatch.setenv("SENDER_ADDRESS", "notices@unverified.example.org")
    with mock_aws():
        boto3.client("s3").create_bucket(Bucket=BUCKET)
        context = build_context(sample("detention_notice"))

        # WHEN the notice is issued
        issued = issue(context, recipients=[HOLDER])

    # THEN the refusal is recorded and the notice must be served another way
    [delivery] = issued.recipients
    assert delivery.status == "failed"
    assert delivery.error_code == "MessageRejected"
    assert issued.served_by_other_means_required is True


def test_issue_uses_a_given_rendering_without_rendering_again(aws):
    context = build_context(sample("renewal_reminder"))
    rendered = render(context)

    issued = issue(context, recipients=[HOLDER], rendered=rendered)

    assert issued.sha256 == rendered.sha256
    stored = boto3.client("s3").get_object(Bucket=BUCKET, Key=issued.pdf_key)["Body"].read()
    assert stored == rendered.pdf

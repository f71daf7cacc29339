"""customs-ipr upload: the prefix a file goes under, its metadata, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from moto import mock_aws

from customs_ipr import aws
from customs_ipr.errors import InvalidInput, NotFound
from customs_ipr_tools.local.uploads import detect_kind, upload_file

BUCKET = "customs-ipr-test-documents"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("declaration-2026-09-14.pdf", "declaration"),
        ("报关单.PDF", "declaration"),
        ("reply_SN-2026-0001.pdf", "reply"),
        ("权利人回复.pdf", "reply"),
        ("答复函.pdf", "reply"),
        ("detention-application.pdf", "application"),
        ("扣留申请.pdf", "application"),
        ("recordations.json", "recordations"),
        ("export.jsonl", "recordations"),
    ],
)
def test_kind_is_detected_from_the_file_name(name, kind):
    assert detect_kind(Path(name)) == kind


def test_an_unknown_extension_asks_for_kind():
    with pytest.raises(InvalidInput, match="--kind"):
        detect_kind(Path("scan.tiff"))


@pytest.fixture
def bucket():
    with mock_aws():
        aws.client("s3").create_bucket(Bucket=BUCKET)
        yield BUCKET


def test_upload_puts_the_file_under_its_prefix_with_the_contact_email(bucket, tmp_path):
    # GIVEN a reply PDF
    path = tmp_path / "reply-1.pdf"
    path.write_bytes(b"%PDF-1.4 reply")
    # WHEN it is uploaded with a contact address
    result = upload_file(path, bucket=bucket, email="agent@holder.example")
    # THEN it is under replies/, with the address as x-amz-meta-contact-email
    assert (result.key, result.kind, result.size) == ("replies/reply-1.pdf", "reply", 14)
    head = aws.client("s3").head_object(Bucket=bucket, Key="replies/reply-1.pdf")
    assert head["Metadata"] == {"contact-email": "agent@holder.example"}
    assert head["ContentType"] == "application/pdf"


def test_kind_given_explicitly_wins_over_the_name(bucket, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF")
    result = upload_file(path, bucket=bucket, kind="application")
    assert result.key == "applications/scan.pdf"
    assert aws.client("s3").head_object(Bucket=bucket, Key=result.key)["Metadata"] == {}


def test_a_key_outside_the_kinds_prefix_is_refused(bucket, tmp_path):
    path = tmp_path / "d.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(InvalidInput, match="declarations/"):
        upload_file(path, bucket=bucket, key="replies/d.pdf")


def test_a_bad_email_is_refused(bucket, tmp_path):
    path = tmp_path / "d.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(InvalidInput, match="not an e-mail"):
        upload_file(path, bucket=bucket, email="nobody")


def test_a_missing_file_or_bucket_is_reported(bucket, tmp_path):
    with pytest.raises(NotFound, match="no file"):
        upload_file(tmp_path / "absent.pdf", bucket=bucket)
    path = tmp_path / "d.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(NotFound, match="local up"):
        upload_file(path, bucket="no-such-bucket")

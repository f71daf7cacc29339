"""Quarantine: keep an upload we could not process, say why, and tell its uploader.

The object version is *copied* to ``quarantine/<original key>`` (the original stays where it
was, versioned: nothing is deleted) and ``quarantine/<original key>.error.json`` beside it
holds the error record::

    {"code": "truncated_pdf", "message": "...", "original_key": "declarations/x.pdf",
     "version": "<version id or ETag>", "bucket": "...", "sha256": "...", "size": 1234,
     "quarantined_at": "2025-01-02T03:04:05+00:00", "uploader_notified": true}

``quarantine/`` is outside the notification prefixes, so quarantining never re-triggers
ingest. The uploader (S3 metadata ``contact-email``) gets an ``upload_rejected`` notice
with the code and sentence; a failure to e-mail is logged, never fatal (the record is kept).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr.errors import CustomsIprError
from customs_ipr.ingest.received import Received

logger = Logger(child=True)

_MAX_COPY_BYTES = 5 * 1024**3
"""CopyObject's own limit; a bigger upload is recorded but stays only at its original key."""


def quarantine_keys(key: str) -> tuple[str, str]:
    from customs_ipr.config import get_settings

    target = f"{get_settings().quarantine_prefix}{key}"
    return target, f"{target}.error.json"


def quarantine(received: Received, error: CustomsIprError) -> dict[str, Any]:
    """Copy, record and report; returns the error record (also the upload's outcome)."""
    from customs_ipr import aws

    upload = received.upload
    copy_key, record_key = quarantine_keys(upload.key)
    copied = received.size <= _MAX_COPY_BYTES
    if copied:
        source: dict[str, str] = {"Bucket": upload.bucket, "Key": upload.key}
        if upload.version_id:
            source["VersionId"] = upload.version_id
        s3 = aws.client("s3")
        s3.meta.events.register(
            "before-call.s3.CopyObject", _checksum_header, unique_id="customs-ipr-copy-checksum"
        )
        s3.copy_object(  # a checksum: Object Lock requires one on every write
            Bucket=upload.bucket, Key=copy_key, CopySource=source, ChecksumAlgorithm="SHA256"
        )
    record: dict[str, Any] = {
        "status": "quarantined",
        "code": error.code,
        "message": error.message,
        "bucket": upload.bucket,
        "original_key": upload.key,
        "version": upload.version,
        "version_id": upload.version_id,
        "sha256": received.sha256,
        "size": received.size,
        "quarantine_key": copy_key if copied else None,
        "error_record_key": record_key,
        "quarantined_at": datetime.now(UTC).isoformat(),
        "uploader_notified": False,
    }
    if getattr(error, "problems", None):  # each rejected record of a file, and why
        record["problems"] = error.problems  # type: ignore[attr-defined]
    _put_record(upload.bucket, record_key, record)  # kept before anyone is told
    if received.contact_email:
        record["uploader_notified"] = _notify(received, record)
        _put_record(upload.bucket, record_key, record)
    logger.warning(
        "upload quarantined",
        upload_key=upload.key,
        code=error.code,
        uploader_notified=record["uploader_notified"],
    )
    return record


def _checksum_header(params: dict[str, Any], **_: Any) -> None:
    """Name the checksum algorithm the way the SDKs do on uploads too (moto, the local
    stack, looks for this header on a copy into an Object Lock bucket; S3 accepts it)."""
    params.setdefault("headers", {})["x-amz-sdk-checksum-algorithm"] = "SHA256"


def _put_record(bucket: str, key: str, record: dict[str, Any]) -> None:
    from customs_ipr import aws

    aws.client("s3").put_object(
        Bucket=bucket,
        Key=key,
        Body=json.dumps(record, ensure_ascii=False, indent=2).encode(),
        ContentType="application/json",
    )


def _notify(received: Received, record: dict[str, Any]) -> bool:
    """E-mail the uploader; ``False`` (and a warning without the address) if that fails."""
    try:
        notify_uploader(received, record)
    except Exception as error:  # reporting must not lose the quarantine record
        logger.warning(
            "uploader not notified", upload_key=received.upload.key, error=type(error).__name__
        )
        return False
    return True


def notify_uploader(received: Received, record: dict[str, Any]) -> str:
    """Issue an ``upload_rejected`` notice to the uploader; returns its notice number.

    The notice's case id is ``UPLOAD-<first 16 of the SHA-256>`` (an upload has no case);
    its PDF is archived under ``notices/`` like every notice.
    """
    from datetime import date

    from customs_ipr.notices.delivery import issue
    from customs_ipr.notices.kinds import AddresseeRole, NoticeKind
    from customs_ipr.notices.models import Recipient, build_context
    from customs_ipr.notices.numbering import DynamoNoticeCounter, new_notice_no
    from customs_ipr.untrusted import quoted

    today = date.today()
    notice_no = new_notice_no(NoticeKind.UPLOAD_REJECTED, today, DynamoNoticeCounter())
    digest = record["sha256"] or record["version"]
    uploader = "Uploader / 文件提交人"
    context = build_context(
        {
            "notice_no": notice_no,
            "kind": NoticeKind.UPLOAD_REJECTED.value,
            "issued_on": today.isoformat(),
            "case_id": f"UPLOAD-{''.join(c for c in digest if c.isalnum())[:16]}",
            "addressee": {
                "name": uploader,
                "role": AddresseeRole.UPLOADER.value,
                "email": received.contact_email,
            },
            "facts": {
                "upload": {
                    "code": record["code"],
                    "message": record["message"],
                    "file_name": quoted(received.upload.key),  # data, never a sentence
                    "sha256": record["sha256"] or "",
                    "received_at": received.received_at,
                }
            },
        }
    )
    issue(
        context,
        recipients=[
            Recipient(name=uploader, role=AddresseeRole.UPLOADER, email=received.contact_email)
        ],
    )
    return notice_no

"""Uploads named by S3 event notifications, as they arrive inside SQS message bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from customs_ipr.errors import InvalidInput


@dataclass(frozen=True)
class Upload:
    """One object version named by an ``s3:ObjectCreated:*`` notification.

    ``version`` is the S3 version id when the bucket is versioned (it is in production),
    otherwise the ETag: together with bucket and key it identifies the exact bytes the
    event is about, which is what idempotency and the upload ledger key on.
    """

    bucket: str
    key: str
    version_id: str | None
    etag: str
    size: int | None
    event_time: str | None = None

    @property
    def version(self) -> str:
        return self.version_id or self.etag or "unversioned"

    @property
    def prefix(self) -> str:
        return self.key.split("/", 1)[0] + "/" if "/" in self.key else ""

    @property
    def file_name(self) -> str:
        return self.key.rsplit("/", 1)[-1]


def uploads_from_s3_event(event: dict[str, Any]) -> list[Upload]:
    """The uploads of an S3 notification; the ``s3:TestEvent`` (sent when the notification
    configuration is saved) and non-create events name none.

    Keys arrive URL-encoded (``+`` for space, ``%2F`` …); Powertools' ``S3Object.key`` does
    not decode them (only ``S3Event.object_key`` does, for the first record), so we do.
    """
    from aws_lambda_powertools.utilities.data_classes import S3Event

    if event.get("Event") == "s3:TestEvent" or "Records" not in event:
        return []
    uploads = []
    for record in S3Event(event).records:
        if not record.event_name.startswith("ObjectCreated:"):
            continue
        obj = record.s3.get_object
        uploads.append(
            Upload(
                bucket=record.s3.bucket.name,
                key=unquote_plus(obj.key),
                version_id=obj.version_id or None,
                etag=obj.etag.strip('"'),
                size=int(obj["size"]) if obj.get("size") is not None else None,
                event_time=record.event_time,
            )
        )
    return uploads


def uploads_from_sqs_body(body: str) -> list[Upload]:
    """Decode an SQS message body holding an S3 notification; a body that is not JSON is
    ``invalid_input`` (a stray message on the queue is dropped, not retried forever)."""
    try:
        event = json.loads(body)
    except (TypeError, ValueError):
        raise InvalidInput("The queue message is not an S3 event notification.") from None
    if not isinstance(event, dict):
        raise InvalidInput("The queue message is not an S3 event notification.")
    return uploads_from_s3_event(event)

"""An upload being processed: its S3 facts, read once, within the size limit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from customs_ipr.ingest.events import Upload

CONTACT_METADATA = "contact-email"
"""The uploader's address comes as S3 user metadata ``x-amz-meta-contact-email``
(e.g. ``aws s3 cp f.pdf s3://…/declarations/ --metadata contact-email=a@b.cn``)."""

_HASH_CHUNK = 1024 * 1024
_HASH_LIMIT = 1024 * 1024 * 1024
"""Above this an oversized upload's SHA-256 is not computed (it would not fit the Lambda's
time); its error record then says ``sha256: null`` and the S3 version identifies it."""


class Superseded(Exception):
    """The object named by the event was replaced or deleted before we read it."""


@dataclass
class Received:
    """The upload plus what S3 says about it; ``read()`` fetches the exact version once."""

    upload: Upload
    size: int
    contact_email: str | None
    received_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    _data: bytes | None = field(default=None, repr=False)
    _sha256: str | None = field(default=None, repr=False)

    @classmethod
    def head(cls, upload: Upload) -> Received:
        """HeadObject the exact version: size and the uploader's address, no download."""
        from botocore.exceptions import ClientError

        from customs_ipr import aws

        try:
            head = aws.client("s3").head_object(**_object_args(upload))
        except ClientError as error:
            if _status(error) in (404, 412):
                raise Superseded(upload.key) from None
            raise
        from customs_ipr.untrusted import single_address

        given = (head.get("Metadata") or {}).get(CONTACT_METADATA) or None
        email = single_address(given)  # one valid address, or nobody is e-mailed
        if given and email is None:
            from aws_lambda_powertools import Logger

            Logger(child=True).warning("contact address refused", upload_key=upload.key)
        return cls(upload=upload, size=int(head["ContentLength"]), contact_email=email)

    def read(self) -> bytes:
        """The version's bytes, downloaded once; call only after the size check (the
        version is immutable, so its size is the one HeadObject reported)."""
        if self._data is None:
            from customs_ipr import aws

            body = aws.client("s3").get_object(**_object_args(self.upload))["Body"]
            with body:
                self._data = body.read(self.size + 1)
            self._sha256 = hashlib.sha256(self._data).hexdigest()
        return self._data

    @property
    def sha256(self) -> str | None:
        """SHA-256 of the bytes: of what was read, else streamed from S3 without keeping it."""
        if self._sha256 is None and self.size <= _HASH_LIMIT:
            from customs_ipr import aws

            digest = hashlib.sha256()
            body = aws.client("s3").get_object(**_object_args(self.upload))["Body"]
            with body:
                for chunk in iter(lambda: body.read(_HASH_CHUNK), b""):
                    digest.update(chunk)
            self._sha256 = digest.hexdigest()
        return self._sha256


def _object_args(upload: Upload) -> dict[str, str]:
    """Address the exact version: by version id, else by ETag (412 if it was overwritten)."""
    args = {"Bucket": upload.bucket, "Key": upload.key}
    if upload.version_id:
        args["VersionId"] = upload.version_id
    elif upload.etag:
        args["IfMatch"] = f'"{upload.etag}"'
    return args


def _status(error: Exception) -> int:
    response = getattr(error, "response", {}) or {}
    return int(response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)

"""Putting a file into the documents bucket the way users do: under its kind's prefix.

The bucket's S3 → SQS notifications (``template.yaml``) watch four prefixes; the prefix
is what tells the ingest function what a file is. ``customs-ipr upload`` picks it from
``--kind`` or, failing that, from the file name:

- ``.json`` / ``.jsonl`` / ``.ndjson`` → ``recordations/`` (the exchange format);
- a PDF whose name says reply / 回复 / 答复 / 复函 → ``replies/`` (a holder's answer);
- a PDF whose name says application / 申请 → ``applications/`` (detention upon application);
- any other PDF → ``declarations/``.

The object key is the prefix plus the file's own name, so a user finds the object they
uploaded; a second upload of the same name is a new version of the object (the bucket is
versioned) and a new S3 event. ``--email`` becomes ``x-amz-meta-contact-email``: where
the uploader wants notices about this upload (e.g. an upload rejected as unreadable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from customs_ipr import aws
from customs_ipr.errors import InvalidInput, NotFound

PREFIXES = {
    "declaration": "declarations/",
    "reply": "replies/",
    "recordations": "recordations/",
    "application": "applications/",
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
    ".ndjson": "application/x-ndjson",
}
_REPLY_NAME = re.compile(r"reply|answer|response|回复|答复|复函", re.I)
_APPLICATION_NAME = re.compile(r"application|申请", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def detect_kind(path: Path) -> str:
    """The upload kind for a file name (see the module docstring)."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl", ".ndjson"):
        return "recordations"
    if suffix == ".pdf":
        if _REPLY_NAME.search(path.stem):
            return "reply"
        if _APPLICATION_NAME.search(path.stem):
            return "application"
        return "declaration"
    raise InvalidInput(
        f"Cannot tell what {path.name} is from its name: pass --kind ({'|'.join(PREFIXES)})."
    )


@dataclass(frozen=True)
class UploadResult:
    bucket: str
    key: str
    kind: str
    size: int
    version_id: str | None = None
    contact_email: bool = False


def upload_file(
    path: Path,
    *,
    bucket: str,
    kind: str | None = None,
    email: str | None = None,
    key: str | None = None,
) -> UploadResult:
    """Upload one file under its kind's prefix; S3 then notifies the uploads queue."""
    if not path.is_file():
        raise NotFound(f"There is no file {path}.")
    chosen = kind or detect_kind(path)
    if chosen not in PREFIXES:
        raise InvalidInput(f"Unknown kind {chosen!r}: use one of {', '.join(PREFIXES)}.")
    if email is not None and not _EMAIL.match(email):
        raise InvalidInput(f"{email!r} is not an e-mail address.")
    object_key = key or f"{PREFIXES[chosen]}{path.name}"
    if not object_key.startswith(PREFIXES[chosen]):
        raise InvalidInput(f"A {chosen} must be uploaded under {PREFIXES[chosen]}.")
    extra: dict[str, object] = {
        "ContentType": CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
    }
    if email:
        extra["Metadata"] = {"contact-email": email}
    body = path.read_bytes()
    s3 = aws.client("s3")
    try:
        response = s3.put_object(Bucket=bucket, Key=object_key, Body=body, **extra)
    except s3.exceptions.NoSuchBucket:
        raise NotFound(
            f"The bucket {bucket} does not exist here: start the local stack "
            f"(customs-ipr local up) and source its env.sh, or set DOCUMENTS_BUCKET."
        ) from None
    return UploadResult(
        bucket=bucket,
        key=object_key,
        kind=chosen,
        size=len(body),
        version_id=response.get("VersionId"),
        contact_email=bool(email),
    )

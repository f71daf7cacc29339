"""Art. 27 ¶3: a settlement releases detained goods — with its agreement, and not a crime.

The law asks for "a written application … attaching the relevant agreement". The officer's
``settlement`` input therefore names the agreement as a document in the documents bucket
(``agreement_key``; ``customs-ipr case input CASE settlement --attach FILE`` uploads it to
``attachments/<case_id>/``). The case records it as a document with its SHA-256; an input
without a readable agreement is refused.

"Unless a crime is constituted": when the officer marks the settlement
``criminal_suspicion``, the goods are not released; the case is referred to public
security (Art. 32 ¶2) and the agreement stays on file.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from customs_ipr import aws
from customs_ipr.cases.model import Case, CaseDocument
from customs_ipr.cases.store import CaseStore
from customs_ipr.config import get_settings
from customs_ipr.errors import InvalidInput

ATTACHMENTS_PREFIX = "attachments/"


def attach_file(case_id: str, path: Path) -> str:
    """Upload an agreement file for a case; returns its key in the documents bucket."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"The agreement {path} cannot be read ({error.strerror}).") from None
    return _upload(case_id, path.name, content)


def attach_text(case_id: str, name: str, text: str) -> str:
    """Upload an agreement given as text (the local demo); returns its key."""
    return _upload(case_id, name, text.encode("utf-8"))


def _upload(case_id: str, name: str, content: bytes) -> str:
    if not content:
        raise InvalidInput(f"The agreement {name} is empty.")
    digest = hashlib.sha256(content).hexdigest()
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name)[:80] or "agreement"
    key = f"{ATTACHMENTS_PREFIX}{case_id}/{digest[:16]}-{safe}"
    aws.client("s3").put_object(Bucket=get_settings().documents_bucket, Key=key, Body=content)
    return key


def record_agreement(case: Case, key: str, received: date, expected_sha256: str | None) -> str:
    """Read the agreement, record it in the case with its SHA-256; returns the digest."""
    s3 = aws.client("s3")
    bucket = get_settings().documents_bucket
    try:
        content = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except (s3.exceptions.NoSuchKey, s3.exceptions.ClientError):
        raise InvalidInput(
            f"The settlement agreement {key!r} is not in the documents bucket: attach the "
            "agreement (Art. 27 ¶3 requires it)."
        ) from None
    if not content:
        raise InvalidInput(f"The settlement agreement {key!r} is empty.")
    digest = hashlib.sha256(content).hexdigest()
    if expected_sha256 and expected_sha256.lower() != digest:
        raise InvalidInput(
            f"The settlement agreement {key!r} has SHA-256 {digest}, not the {expected_sha256} "
            "given."
        )
    CaseStore().put_document(
        case.case_id,
        CaseDocument(
            key=key,
            sha256=digest,
            kind="settlement_agreement",
            received_on=received,
            detail={"basis": "Implementing Measures Art. 27 ¶3", "bytes": len(content)},
        ),
    )
    return digest

"""The PDFs filed with an application or a request: described, and archived through an interface.

Documents filed through the CLI or the API are archived by a ``DocumentArchive``
(``S3DocumentArchive`` under ``lifecycle-documents/<owner>/``, not a prefix the ingest
watches). An upload's documents are already in S3: they are described where they are.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Protocol

from customs_ipr import aws
from customs_ipr.config import get_settings
from customs_ipr.recordations.lifecycle_store import StoredDocument

DOCUMENTS_PREFIX = "lifecycle-documents/"
"""Where documents filed through the CLI or API are kept (not a prefix the ingest watches)."""


class DocumentArchive(Protocol):
    """Keeps one PDF; returns where it is (an ``s3://`` address)."""

    def put_pdf(self, key: str, content: bytes) -> str: ...


class S3DocumentArchive:
    """The documents bucket (from the settings when first used, unless given)."""

    def __init__(self, bucket: str | None = None, client: Any = None) -> None:
        self._bucket = bucket
        self._client = client

    def put_pdf(self, key: str, content: bytes) -> str:
        bucket = self._bucket or get_settings().documents_bucket
        client = self._client if self._client is not None else aws.client("s3")
        client.put_object(Bucket=bucket, Key=key, Body=content, ContentType="application/pdf")
        return f"s3://{bucket}/{key}"


def is_pdf(content: bytes) -> bool:
    return content[:5] == b"%PDF-"


def _digest(content: bytes | None) -> str | None:
    return hashlib.sha256(content).hexdigest() if content is not None else None


def keep_documents(
    archive: DocumentArchive,
    owner: str,
    documents: list[dict[str, Any]],
    attachments: dict[str, bytes],
) -> list[StoredDocument]:
    """Archive attached PDFs under ``lifecycle-documents/<owner>/`` and describe them."""
    stored = []
    for document in documents:
        name = str(document.get("file") or "")
        content = attachments.get(name)
        location = None
        if content is not None and is_pdf(content):
            location = archive.put_pdf(f"{DOCUMENTS_PREFIX}{owner}/{Path(name).name}", content)
        stored.append(
            StoredDocument(
                kind=str(document.get("kind") or ""),
                file=name,
                licensee=document.get("licensee"),
                location=location,
                sha256=_digest(content),
                size=len(content) if content is not None else None,
            )
        )
    return stored


def describe_archived(
    documents: list[dict[str, Any]], attachments: dict[str, bytes], archived: dict[str, str]
) -> list[StoredDocument]:
    """Documents already kept elsewhere (an upload's own S3 objects): where, and their hash."""
    return [
        StoredDocument(
            kind=str(d.get("kind") or ""),
            file=str(d.get("file") or ""),
            licensee=d.get("licensee"),
            location=archived.get(str(d.get("file") or "")),
            sha256=_digest(attachments.get(d["file"])) if d.get("file") in attachments else None,
        )
        for d in documents
    ]


def read_local_attachments(data: Any, folder: Path) -> dict[str, bytes]:
    """The files an application (or request) names, read from ``folder`` when present."""
    attachments: dict[str, bytes] = {}
    documents = data.get("documents") if isinstance(data, dict) else None
    for document in documents or []:
        name = document.get("file") if isinstance(document, dict) else None
        if not name or Path(str(name)).name != name:
            continue
        candidate = folder / str(name)
        if candidate.is_file():
            attachments[str(name)] = candidate.read_bytes()
    return attachments

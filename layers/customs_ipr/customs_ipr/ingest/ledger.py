"""The upload ledger: one item per uploaded object version, in the cases table.

Item ``pk = "UPLOAD#<key>"``, ``sk = "VERSION#<version id or ETag>"``: what the upload was,
its SHA-256, its outcome (``released``, ``case_started``, ``reply_recorded``, ``imported``,
``application_received``, ``quarantined``) and, for a declaration, the parsed declaration
(gzip-compressed JSON; omitted above ``_MAX_DECLARATION_BYTES``, the PDF stays in S3).

Every ledger item is also listed under ``gsi1pk = "UPLOADS"`` (``gsi1sk`` = received time and
key), so ``customs-ipr uploads`` lists recent uploads newest first without a Scan. An upload
that waits for operator data (a ``RetryableError``: exchange rate, holiday year) keeps status
``received`` and carries ``waiting_code`` / ``waiting_message`` until a retry gets through.

The ledger is the second guard behind Powertools idempotency: the first write is
conditional, so even when an idempotency record has expired a finished upload is not
processed again, and a crash half-way (status ``received``) is resumed.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from typing import Any

from customs_ipr.ingest.events import Upload

RECEIVED = "received"
LIST_KEY = "UPLOADS"
_MAX_DECLARATION_BYTES = 300_000
"""DynamoDB items hold at most 400 KB; a very long goods list is kept only as its PDF."""


class AlreadyFinished(Exception):
    """The ledger says this exact upload was processed before; ``outcome`` is what it gave."""

    def __init__(self, outcome: dict[str, Any]) -> None:
        super().__init__("already processed")
        self.outcome = outcome


def _key(upload: Upload) -> dict[str, dict[str, str]]:
    return {"pk": {"S": f"UPLOAD#{upload.key}"}, "sk": {"S": f"VERSION#{upload.version}"}}


def _table() -> str:
    from customs_ipr.config import get_settings

    return get_settings().cases_table


def begin(
    upload: Upload,
    *,
    kind: str,
    sha256: str | None,
    size: int,
    received_at: str,
    declaration: Any | None = None,
) -> None:
    """Record that processing of this upload starts; raise ``AlreadyFinished`` if it ended.

    ``declaration`` (a pydantic model) is stored with its reference, so officers can find
    the declaration record of any upload.
    """
    from botocore.exceptions import ClientError

    from customs_ipr import aws

    item: dict[str, Any] = {
        **_key(upload),
        "kind": {"S": kind},
        "status": {"S": RECEIVED},
        "bucket": {"S": upload.bucket},
        "size": {"N": str(size)},
        "received_at": {"S": received_at},
        "gsi1pk": {"S": LIST_KEY},
        "gsi1sk": {"S": f"{received_at}#{upload.key}"},
    }
    if sha256:
        item["sha256"] = {"S": sha256}
    if declaration is not None:
        item["reference"] = {"S": declaration.reference}
        packed = gzip.compress(declaration.model_dump_json().encode())
        if len(packed) <= _MAX_DECLARATION_BYTES:
            item["declaration_gz"] = {"B": packed}
        item["items"] = {"N": str(len(declaration.items))}
    try:
        aws.client("dynamodb").put_item(
            TableName=_table(),
            Item=item,
            ConditionExpression="attribute_not_exists(pk) OR #s = :received",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":received": {"S": RECEIVED}},
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        existing = get(upload) or {}
        raise AlreadyFinished(
            existing.get("outcome") or {"status": existing.get("status")}
        ) from None


def finish(upload: Upload, outcome: dict[str, Any]) -> None:
    """Store the outcome (any JSON-able dict with a ``status``) of this upload."""
    from customs_ipr import aws

    now = datetime.now(UTC).isoformat()
    aws.client("dynamodb").update_item(
        TableName=_table(),
        Key=_key(upload),
        UpdateExpression="SET #s = :s, #o = :o, finished_at = :t, #b = :b, gsi1pk = :g, "
        "gsi1sk = if_not_exists(gsi1sk, :gs) REMOVE waiting_code, waiting_message",
        ExpressionAttributeNames={"#s": "status", "#o": "outcome", "#b": "bucket"},
        ExpressionAttributeValues={
            ":s": {"S": str(outcome["status"])},
            ":o": {"S": json.dumps(outcome, sort_keys=True, default=str)},
            ":t": {"S": now},
            ":b": {"S": upload.bucket},
            ":g": {"S": LIST_KEY},
            ":gs": {"S": f"{now}#{upload.key}"},
        },
    )


def mark_waiting(upload: Upload, code: str, message: str) -> None:
    """Note that this upload waits for operator data; its status stays ``received``.

    ``begin`` of the retry overwrites the note; ``finish`` removes it.
    """
    from customs_ipr import aws

    now = datetime.now(UTC).isoformat()
    aws.client("dynamodb").update_item(
        TableName=_table(),
        Key=_key(upload),
        UpdateExpression="SET #s = if_not_exists(#s, :r), waiting_code = :c, "
        "waiting_message = :m, waiting_at = :t, #b = :b, gsi1pk = :g, "
        "gsi1sk = if_not_exists(gsi1sk, :gs)",
        ExpressionAttributeNames={"#s": "status", "#b": "bucket"},
        ExpressionAttributeValues={
            ":r": {"S": RECEIVED},
            ":c": {"S": code},
            ":m": {"S": message},
            ":t": {"S": now},
            ":b": {"S": upload.bucket},
            ":g": {"S": LIST_KEY},
            ":gs": {"S": f"{now}#{upload.key}"},
        },
    )


def recent(limit: int = 20) -> list[dict[str, Any]]:
    """The latest uploads, newest first (without their parsed declarations)."""
    from customs_ipr import aws

    answer = aws.client("dynamodb").query(
        TableName=_table(),
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :p",
        ExpressionAttributeValues={":p": {"S": LIST_KEY}},
        ScanIndexForward=False,
        Limit=limit,
    )
    return [_plain(item, keep_declaration=False) for item in answer.get("Items", [])]


def get(upload: Upload) -> dict[str, Any] | None:
    """The ledger item as plain values (``outcome`` decoded; ``declaration`` decompressed)."""
    from customs_ipr import aws

    item = (
        aws.client("dynamodb")
        .get_item(TableName=_table(), Key=_key(upload), ConsistentRead=True)
        .get("Item")
    )
    if item is None:
        return None
    return _plain(item)


def _plain(item: dict[str, Any], *, keep_declaration: bool = True) -> dict[str, Any]:
    plain: dict[str, Any] = {}
    for name, value in item.items():
        ((type_, raw),) = value.items()
        plain[name] = int(raw) if type_ == "N" else raw
    if "outcome" in plain:
        plain["outcome"] = json.loads(plain["outcome"])
    packed = plain.pop("declaration_gz", None)
    if packed is not None and keep_declaration:
        plain["declaration"] = json.loads(gzip.decompress(packed))
    return plain

"""Where each upload prefix goes: one line per prefix, one small adapter per domain call.

The adapters import their domain module when called (cold start; and the domain modules
are free to change without touching the routing). Each route takes the ``Received``
upload and returns its outcome: a JSON-able dict with at least ``status``. A route raises
a ``CustomsIprError`` for an upload that cannot be processed (→ quarantine) and anything
else for a failure worth retrying (→ SQS retry, then the dead-letter queue).

Routing is by prefix and strict: a reply uploaded under ``declarations/`` is not a
declaration and is quarantined as ``unrecognized_document`` (the uploader is told to use
``replies/``), so what a folder holds is always what it says.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from customs_ipr.ingest import ledger, logs
from customs_ipr.ingest.received import Received

Route = Callable[[Received], dict[str, Any]]


REMAINING_MS: ContextVar[Callable[[], int] | None] = ContextVar("remaining_ms", default=None)
"""The invocation's ``get_remaining_time_in_millis`` (set by the pipeline): parsing refuses a
PDF it could not finish in the time left (``too_large``) instead of timing out."""


# ---------------------------------------------------------------- domain adapters
def parse_declaration(data: bytes, file_name: str) -> Any:
    from customs_ipr.documents.parsing import parse_declaration as parse

    return parse(data, filename=file_name, remaining_ms=REMAINING_MS.get())


def parse_reply(data: bytes, file_name: str) -> Any:
    from customs_ipr.documents.parsing import parse_reply as parse

    return parse(data, filename=file_name, remaining_ms=REMAINING_MS.get())


def screen(declaration: Any) -> Any:
    from customs_ipr.recordations.store import default_store
    from customs_ipr.screening.matching import screen_declaration

    return screen_declaration(declaration, default_store())


def start_case(declaration: Any, screening: Any, received: Received) -> list[str]:
    """Open the cases screening calls for; returns their ids (one per holder hit).

    The uploader's address (S3 metadata ``contact-email``) is taken as the domestic
    trader's: the declarant or its agent uploads the declaration and is served on its behalf.
    """
    from customs_ipr.cases.opening import start_case as start

    started = start(declaration, screening, consignee_email=received.contact_email)
    return [case.case_id for case in started]


def record_reply(reply: Any, received: Received) -> dict[str, Any]:
    """Hand a holder's reply to its case (late or second replies raise ``Conflict``)."""
    from customs_ipr.cases.receipt import parse_event_time
    from customs_ipr.cases.submission import resume_with_reply
    from customs_ipr.jsonutil import to_jsonable

    upload = received.upload
    answer = resume_with_reply(
        reply,
        document_key=upload.key,
        document_sha256=received.sha256,
        received_at=parse_event_time(upload.event_time),  # the legal receipt time
        answer_id=f"upload:s3://{upload.bucket}/{upload.key}#{upload.version}",
    )
    return {"case": to_jsonable(answer)}


def import_recordations(received: Received) -> dict[str, Any]:
    """The upload's own version; bad records reported and quarantined (``recordation_files``)."""
    from customs_ipr.ingest.recordation_files import import_pinned
    from customs_ipr.recordations.store import default_store

    return import_pinned(received, default_store())


def receive_application(received: Received) -> dict[str, Any]:
    """The upload's own version, received on the Beijing date of its S3 event time."""
    from customs_ipr import aws
    from customs_ipr.cases.receipt import beijing_date, parse_event_time
    from customs_ipr.ingest.recordation_files import application_summary, receive_application_object
    from customs_ipr.recordations.lifecycle.service import default_lifecycle

    upload = received.upload
    at = parse_event_time(upload.event_time)
    record = receive_application_object(
        default_lifecycle(),
        aws.client("s3"),
        upload.bucket,
        upload.key,
        version_id=upload.version_id,
        received_on=beijing_date(at) if at else None,
    )
    return application_summary(record)


# ---------------------------------------------------------------- routes
def declaration_route(received: Received) -> dict[str, Any]:
    """Parse, keep the declaration record, screen; start a case unless screening releases."""
    declaration = parse_declaration(received.read(), received.upload.file_name)
    _begin(received, "declaration", declaration=declaration)
    result = screen(declaration)
    outcome: dict[str, Any] = {
        "reference": declaration.reference,
        "action": result.action.value,
        "items": {str(item.item_no): item.outcome.value for item in result.items},
    }
    if getattr(declaration, "needs_review", False):  # read in part: screened, and flagged
        outcome |= {"needs_review": True, "missing": list(declaration.missing)}
    case_ids = [] if result.action.value == "release" else start_case(declaration, result, received)
    if not case_ids:
        return outcome | {"status": "released"}
    logs.tag(case_id=",".join(case_ids))
    return outcome | {"status": "case_started", "case_ids": case_ids}


def reply_route(received: Received) -> dict[str, Any]:
    reply = parse_reply(received.read(), received.upload.file_name)
    _begin(received, "holder_response")
    return {"status": "reply_recorded", "notice_no": reply.notice_no} | record_reply(
        reply, received
    )


def recordations_route(received: Received) -> dict[str, Any]:
    _begin(received, "recordations")
    return {"status": "imported"} | import_recordations(received)


def applications_route(received: Received) -> dict[str, Any]:
    _begin(received, "application")
    return {"status": "application_received"} | receive_application(received)


ROUTES: dict[str, Route] = {
    "declarations/": declaration_route,
    "replies/": reply_route,
    "recordations/": recordations_route,
    "applications/": applications_route,
}
"""Prefix → route. Tests replace entries (or the adapters above) with doubles."""


def _begin(received: Received, kind: str, declaration: Any | None = None) -> None:
    ledger.begin(
        received.upload,
        kind=kind,
        sha256=received.sha256,
        size=received.size,
        received_at=received.received_at,
        declaration=declaration,
    )

"""``/cases`` for officers (IAM-authorized): list, show, inputs, and opening cases by hand.

- ``GET /cases?limit=50``: newest first.
- ``GET /cases/{case_id}``: the case with history, deadlines, notices, documents.
- ``POST /cases/{case_id}/inputs`` ``{"kind": ..., "data": {...}, "received_on": "YYYY-MM-DD"}``:
  an officer's input (409 when the case does not wait for it or it is late); an
  ``Idempotency-Key`` header (or ``"request_id"``) makes a retried request complete once.
- ``POST /cases`` ``{"path": "application"|"personal"|"unidentified", ...body}``.

Bodies are read by ``api.bodies.json_object`` (an empty body is ``{}``, refused here for
its missing ``kind`` or ``path``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from customs_ipr.api.bodies import json_object
from customs_ipr.cases.api_models import public_view, start_from_dict
from customs_ipr.cases.store import CaseStore
from customs_ipr.cases.submission import submit_input
from customs_ipr.errors import InvalidInput

router = APIGatewayHttpRouter()


@router.get("/cases")
def list_cases() -> dict[str, Any]:
    raw = router.current_event.get_query_string_value("limit", "50") or "50"
    if not raw.isdigit() or not 1 <= int(raw) <= 500:
        raise InvalidInput("limit must be a whole number from 1 to 500.")
    cases = CaseStore().list(limit=int(raw))
    return {
        "cases": [
            {
                "case_id": c.case_id,
                "path": c.path,
                "status": c.status,
                "created_at": c.created_at,
                "declaration": c.declaration_ref,
                "waiting_for": c.wait.kind if c.wait else None,
                "due": c.wait.due if c.wait else None,
            }
            for c in cases
        ]
    }


@router.get("/cases/<case_id>")
def show_case(case_id: str) -> dict[str, Any]:
    return public_view(CaseStore().view(case_id))


@router.post("/cases/<case_id>/inputs")
def give_input(case_id: str) -> dict[str, Any]:
    body = json_object(router.current_event)
    kind, data = body.get("kind"), body.get("data", {})
    if not isinstance(kind, str) or not isinstance(data, dict):
        raise InvalidInput('The body must be {"kind": "...", "data": {...}}.')
    received = body.get("received_on")
    try:
        received_on = date.fromisoformat(received) if received else None
    except (TypeError, ValueError):
        raise InvalidInput("received_on must be a date in the form YYYY-MM-DD.") from None
    request_id = body.get("request_id") or router.current_event.get_header_value(
        "idempotency-key", case_sensitive=False
    )
    if request_id is not None and not isinstance(request_id, str):
        raise InvalidInput("request_id must be a string.")
    return submit_input(case_id, kind, data, received_on=received_on, request_id=request_id)


@router.post("/cases")
def open_case() -> dict[str, Any]:
    body = json_object(router.current_event)
    path = body.pop("path", None)
    if not isinstance(path, str):
        raise InvalidInput('The body needs "path": application, personal or unidentified.')
    return start_from_dict(path, body)

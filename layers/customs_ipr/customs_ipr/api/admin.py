"""``/admin/...``: the recordation lifecycle for GAC officers (IAM-authorized in the template).

Applications and pre-confirmation requests come as JSON with their PDFs base64-encoded:
``{"application": {...}, "attachments": {"certificate.pdf": "<base64>"}}`` and
``{"request": {...}, "attachments": {...}}``. Dates in bodies are ``YYYY-MM-DD``; omitted,
they are today in China.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from customs_ipr.api.bodies import json_object
from customs_ipr.errors import InvalidInput
from customs_ipr.recordations.lifecycle.service import default_lifecycle
from customs_ipr.recordations.preconfirm import Preconfirmations

router = APIGatewayHttpRouter()


def _body() -> dict[str, Any]:
    return json_object(router.current_event)


def _date(body: dict[str, Any], name: str) -> date | None:
    value = body.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{name} must be a date (YYYY-MM-DD).") from None


def _attachments(body: dict[str, Any]) -> dict[str, bytes]:
    raw = body.get("attachments") or {}
    if not isinstance(raw, dict):
        raise InvalidInput("attachments must map file names to base64 contents.")
    try:
        return {
            str(name): base64.b64decode(str(value), validate=True) for name, value in raw.items()
        }
    except (binascii.Error, ValueError):
        raise InvalidInput("An attachment is not valid base64.") from None


def _lifecycle() -> Any:
    return default_lifecycle()


def _pre() -> Any:
    return Preconfirmations(_lifecycle())


@router.post("/admin/applications")
def file_application() -> Any:
    body = _body()
    return _lifecycle().receive_application(
        body.get("application"),
        _attachments(body),
        source="api",
        received_on=_date(body, "received_on"),
    )


@router.get("/admin/applications")
def open_applications() -> Any:
    return {"open": _lifecycle().open_applications()}


@router.get("/admin/applications/<number>")
def get_application(number: str) -> Any:
    return _lifecycle().get_application(number)


@router.post("/admin/applications/<number>/decision")
def decide(number: str) -> Any:
    body = _body()
    if not isinstance(body.get("approve"), bool):
        raise InvalidInput('Say "approve": true or false.')
    reasons = body.get("reasons") or []
    if not isinstance(reasons, list):
        raise InvalidInput("reasons must be a list of sentences.")
    decision = _lifecycle().decide(
        number,
        approve=body["approve"],
        reasons=[str(r) for r in reasons],
        decided_on=_date(body, "decided_on"),
    )
    return {"application": decision.application, "recordation": decision.recordation}


@router.post("/admin/recordations/<number>/changes")
def file_change(number: str) -> Any:
    body = _body()
    filed_on = _date(body, "filed_on")
    return _lifecycle().file_change(number, body, filed_on=filed_on)


@router.get("/admin/recordations/<number>/changes")
def list_changes(number: str) -> Any:
    return {"recordation_no": number.upper(), "changes": _lifecycle().changes(number)}


@router.post("/admin/recordations/<number>/renewal")
def renew(number: str) -> Any:
    body = _body()
    renewal = _lifecycle().renew(
        number, applied_on=_date(body, "applied_on"), ip_expires_on=_date(body, "ip_expires_on")
    )
    return {"recordation_no": number.upper(), "renewal": renewal}


@router.post("/admin/preconfirmations")
def request_preconfirmation() -> Any:
    body = _body()
    return _pre().request(
        body.get("request"), _attachments(body), requested_on=_date(body, "requested_on")
    )


@router.post("/admin/preconfirmations/<request_id>/confirm")
def confirm_preconfirmation(request_id: str) -> Any:
    return _pre().confirm(request_id, on=_date(_body(), "on"))


@router.post("/admin/preconfirmations/<request_id>/withdraw")
def withdraw_preconfirmation(request_id: str) -> Any:
    body = _body()
    reason = body.get("reason")
    return _pre().withdraw(request_id, on=_date(body, "on"), reason=str(reason) if reason else None)


@router.get("/admin/recordations/<number>/preconfirmations")
def list_preconfirmations(number: str) -> Any:
    return {"recordation_no": number.upper(), "requests": _pre().list(number)}

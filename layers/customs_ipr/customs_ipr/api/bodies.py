"""The one reading of a request body the API's routes share.

A body must be a JSON object. **An empty or absent body reads as ``{}``**: a route whose
fields are all optional (``POST /admin/preconfirmations/{id}/confirm``) needs none, and a
route with required fields refuses ``{}`` with its own message naming them. Anything else
that is not a JSON object (invalid JSON, a list, a string) is ``InvalidInput`` (400).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from customs_ipr.errors import InvalidInput


def json_object(event: BaseProxyEvent) -> dict[str, Any]:
    """The request's body as a dict (``{}`` when empty); ``InvalidInput`` if not an object."""
    try:
        body = event.json_body
    except ValueError:
        raise InvalidInput("The request body is not valid JSON.") from None
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise InvalidInput("The request body must be a JSON object.")
    return body

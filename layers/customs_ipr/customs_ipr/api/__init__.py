"""The HTTP API behind ``functions/officer_api``: one Powertools resolver, one router per area.

Each area module exposes ``router`` (an ``aws_lambda_powertools.event_handler.api_gateway.Router``
for the HTTP API, payload v2); ``ROUTER_MODULES`` lists them. Officers' routes are
IAM-authorized by API Gateway (template.yaml); ``/public/...`` is open and returns only
what the public may see.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types

from customs_ipr.errors import Conflict, CustomsIprError, NotFound
from customs_ipr.jsonutil import dumps

ROUTER_MODULES: list[str] = [
    "customs_ipr.api.admin",
    "customs_ipr.api.cases",
]
"""The officers' routes. ``/public/...`` runs in a function of its own (``PUBLIC_MODULES``,
``functions/public_lookup``) that can only read the recordations table: an anonymous
flood cannot use the officers' concurrency, and the open route cannot reach case data."""

PUBLIC_MODULES: list[str] = ["customs_ipr.api.public"]


@lru_cache(maxsize=1)
def build_resolver() -> APIGatewayHttpResolver:
    return _resolver(ROUTER_MODULES)


@lru_cache(maxsize=1)
def build_public_resolver() -> APIGatewayHttpResolver:
    return _resolver(PUBLIC_MODULES)


def _resolver(modules: list[str]) -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(serializer=lambda value: dumps(value, indent=None))
    for module_name in modules:
        app.include_router(importlib.import_module(module_name).router)

    @app.exception_handler(CustomsIprError)
    def _user_error(error: CustomsIprError) -> Response:
        status = 404 if isinstance(error, NotFound) else 409 if isinstance(error, Conflict) else 400
        return Response(
            status_code=status,
            content_type=content_types.APPLICATION_JSON,
            body=dumps({"error": error.as_dict()}, indent=None),
        )

    return app

"""``GET /public/recordations?q=TEXT``: the public recordation look-up (no authorization)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from customs_ipr.errors import InvalidInput
from customs_ipr.recordations.search import search_recordations
from customs_ipr.recordations.store import default_store

router = Router()


@router.get("/public/recordations")
def search_public() -> dict[str, Any]:
    query = (router.current_event.get_query_string_value("q") or "").strip()
    if not query:
        raise InvalidInput("Give the text to search for as ?q=.")
    results = search_recordations(query, default_store())
    return {"query": query, "count": len(results), "results": results}

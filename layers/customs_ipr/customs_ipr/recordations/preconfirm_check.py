"""Everything wrong with a pre-confirmation request's form, found in one pass.

``Preconfirmations.request`` refuses a request with all these problems in one message
(a user fixes the file once), before it checks the request against the recordation
(in force, goods within its scope), which needs the form to be readable first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

SUPPORTING_KINDS = ("licence_contract", "authorization")


def _day(data: dict[str, Any], name: str, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(str(data.get(name)))
    except ValueError:
        problems.append(f"a pre-confirmation request needs {name} (YYYY-MM-DD)")
        return None


def request_problems(data: dict[str, Any], attachments: dict[str, bytes]) -> list[str]:
    """One phrase per problem of the request's form; empty when the form is complete."""
    problems: list[str] = []
    if not str(data.get("recordation_no") or "").strip():
        problems.append("a pre-confirmation request needs recordation_no")
    trader = data.get("trader")
    if not isinstance(trader, dict) or not str(trader.get("name") or "").strip():
        problems.append("a trader needs a name (and, where known, its customs code)")
    if not [c for c in data.get("hs_codes") or [] if str(c).strip()]:
        problems.append("a pre-confirmation request needs the goods' HS codes (hs_codes)")
    valid_from = _day(data, "valid_from", problems)
    valid_until = _day(data, "valid_until", problems)
    if valid_from and valid_until and valid_until < valid_from:
        problems.append("the period ends before it starts")
    documents = [d for d in data.get("documents") or [] if isinstance(d, dict)]
    if not any(
        d.get("kind") in SUPPORTING_KINDS and d.get("file") in attachments for d in documents
    ):
        problems.append(
            "a supporting document must be attached: a licence contract or the holder's "
            "authorization (documents[].kind licence_contract or authorization)"
        )
    return problems

"""The public look-up: recordations by mark text, holder or recordation number.

Businesses check whether goods they are asked to make or ship involve recorded IP
(seed 000). The answer is the public view only (holder, right, registration, goods,
validity); licensees, contacts, the agent and known infringers are the holder's business.

Every access is a GetItem, Query or BatchGetItem - no Scan:
* a recordation number (``T2019-12345``) → GetItem;
* the mark text → the term index (``text.terms``; exact and one-edit variants), then
  BatchGetItem; results are ranked exact first, then by similarity;
* the holder → Query on ``gsi1`` by the normalized company name (legal form dropped).
Lapsed recordations are included with their status: the public may want to know.
"""

from __future__ import annotations

from typing import Any

from customs_ipr.errors import InvalidInput
from customs_ipr.recordations.models import RECORDATION_NO_RE, Recordation
from customs_ipr.recordations.store import RecordationStore
from customs_ipr.text.normalize import deletions, is_cjk_char, normalize_term, skeleton

MAX_RESULTS = 50
MIN_QUERY_LEN = 2
SEARCH_THRESHOLD = 78.0


def _mark_keys(text: str) -> set[str]:
    norm = normalize_term(text)
    if not norm:
        return set()
    if is_cjk_char(norm[0]):
        return {"c:" + norm[:2]}
    skel = skeleton(text)
    keys = {"l:" + skel}
    if len(skel) >= 4:
        keys.update("l:" + v for v in deletions(skel))
    return keys


def search_recordations(
    text: str, store: RecordationStore, *, limit: int = MAX_RESULTS
) -> list[dict[str, Any]]:
    from rapidfuzz import fuzz

    query = (text or "").strip()
    if len(normalize_term(query)) < MIN_QUERY_LEN and not RECORDATION_NO_RE.match(query.upper()):
        raise InvalidInput(f"Search for at least {MIN_QUERY_LEN} letters or characters.")
    found: dict[str, tuple[float, Recordation]] = {}
    if RECORDATION_NO_RE.match(query.upper()):
        recordation = store.get(query)
        if recordation is not None:
            found[recordation.recordation_no] = (101.0, recordation)
    norm, skel = normalize_term(query), skeleton(query)
    numbers: dict[str, float] = {}
    for entries in store.lookup_terms(_mark_keys(query)).values():
        for entry in entries:
            term_norm = normalize_term(entry.term)
            if term_norm == norm:
                score = 100.0
            elif is_cjk_char(term_norm[0]):
                score = 90.0 if term_norm.startswith(norm) or norm.startswith(term_norm) else 0
            else:
                score = fuzz.ratio(skeleton(entry.term), skel)
            if score >= SEARCH_THRESHOLD:
                numbers[entry.recordation_no] = max(score, numbers.get(entry.recordation_no, 0))
    for number, recordation in store.get_many(numbers).items():
        found.setdefault(number, (numbers[number], recordation))
    for recordation in store.by_holder(query):
        found.setdefault(recordation.recordation_no, (95.0, recordation))
    ranked = sorted(found.values(), key=lambda pair: (-pair[0], pair[1].recordation_no))
    return [recordation.public_view() for _score, recordation in ranked[:limit]]

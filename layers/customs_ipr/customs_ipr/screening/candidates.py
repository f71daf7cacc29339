"""Step one of screening: each goods item's texts, the index keys they send, and candidates.

An item is read as up to four texts: the declared brand (``declared_brand``), the goods
name, the declaration elements and the declaration's marks (标记唛码), each analysed once
(``textmatch.analyse``). The keys of all items go to the term index in one request; the
entries that come back are matched against the item's texts (``textmatch.match_term``)
and filtered by the entry alone - validity on the screening day and HS scope - before a
single recordation is fetched. What survives is each item's ``Candidates``: per recordation
the entry of its strongest matching term with the matches. A term that matches but cannot
hit (lapsed, out of scope) is only scored exactly and becomes a note for the officer
(``not_valid`` / ``out_of_scope``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from customs_ipr.documents.models import Declaration, GoodsItem
from customs_ipr.recordations.models import hs_covered
from customs_ipr.screening.models import Effect, Reason, Rule
from customs_ipr.screening.textmatch import (
    RULE_RANK,
    SourceText,
    TextMatch,
    analyse,
    match_term,
    query_keys,
)
from customs_ipr.text.terms import TermEntry

EXACT_ONLY = 101.0  # a threshold no near match reaches

_BRAND_ELEMENT_RE = re.compile(r"^(.+?)\s*(?:牌|品牌)$")

Matched = tuple[TermEntry, list[TextMatch]]


@dataclass
class ItemTexts:
    """One goods item read for screening: its analysed texts and the index keys they send."""

    item: GoodsItem
    sources: list[SourceText]
    keys: set[str] = field(default_factory=set)


@dataclass
class Candidates:
    """One item's matched recordations (number → strongest entry and its matches) and notes."""

    item: GoodsItem
    best: dict[str, Matched]
    notes: list[Reason]


def declared_brand(item: GoodsItem) -> str | None:
    """The item's brand, else a ``…牌`` element of its declaration elements."""
    if item.brand and item.brand.strip():
        return item.brand.strip()
    for element in (item.spec or "").split("|"):
        found = _BRAND_ELEMENT_RE.match(element.strip())
        if found:
            return found.group(1).strip()
    return None


def read_items(declaration: Declaration) -> list[ItemTexts]:
    """Every item's texts analysed, with the index keys each item sends."""
    works: list[ItemTexts] = []
    for item in declaration.items:
        texts = [
            ("brand", declared_brand(item)),
            ("name", item.name),
            ("spec", item.spec),
            ("marks", declaration.marks),
        ]
        work = ItemTexts(item, [analyse(s, t) for s, t in texts if t and t.strip()])
        work.keys = query_keys(work.sources)
        works.append(work)
    return works


def strength(matches: list[TextMatch]) -> tuple[int, float]:
    return max((RULE_RANK[m.rule], m.score) for m in matches)


def find_candidates(
    work: ItemTexts,
    entries_by_key: dict[str, list[TermEntry]],
    day: date,
    threshold: float,
    min_near_len: int,
) -> Candidates:
    """Text match, validity and scope of one item, from the index entries alone."""
    seen: dict[tuple[str, str], TermEntry] = {}
    for key in work.keys:
        for entry in entries_by_key.get(key, ()):
            seen.setdefault((entry.recordation_no, entry.term), entry)
    best: dict[str, Matched] = {}
    notes: dict[tuple[str, Rule], Reason] = {}
    for (number, term), entry in sorted(seen.items()):
        relevant = entry.is_valid_on(day) and hs_covered(work.item.hs_code, entry.hs_prefixes)
        # Candidates that cannot hit are only scored exactly, for the officer's note.
        matches = match_term(
            term, work.sources, threshold if relevant else EXACT_ONLY, min_near_len
        )
        if not matches:
            continue
        if not relevant:
            note = _cleared_note(entry, matches, work.item, day)
            notes.setdefault((number, note.rule), note)
            continue
        current = best.get(number)
        if current is None or strength(matches) > strength(current[1]):
            best[number] = (entry, matches)
    return Candidates(work.item, best, list(notes.values()))


def _cleared_note(entry: TermEntry, matches: list[TextMatch], item: GoodsItem, day: date) -> Reason:
    """Why a matching term does not hit: the recordation is not valid, or out of scope."""
    top = max(matches, key=lambda m: (RULE_RANK[m.rule], m.score))
    if not entry.is_valid_on(day):
        rule = Rule.NOT_VALID
        detail = f"recordation {entry.status}, valid {entry.valid_from}..{entry.valid_until}"
    else:
        rule = Rule.OUT_OF_SCOPE
        detail = f"HS {item.hs_code} not in {','.join(entry.hs_prefixes)}"
    return Reason(
        recordation_no=entry.recordation_no,
        rule=rule,
        effect=Effect.CLEARED,
        term=entry.term,
        matched_text=top.text,
        source=top.source,
        score=top.score,
        detail=detail,
    )

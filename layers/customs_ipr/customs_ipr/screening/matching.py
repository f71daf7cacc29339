"""Screening a declaration's goods against recorded IP, and the release policy.

Per goods item the declared brand (the item's ``brand``, else a ``…牌`` element of the
declaration elements), the goods name, the declaration elements and the declaration's
marks (标记唛码) are read and matched against every recorded title and alias:

* ``exact`` - equal after normalization (case, full-width, Traditional, spaces and
  punctuation, the ``牌`` suffix); Chinese marks also match as a substring of declared
  Chinese text (``耐克运动鞋``);
* ``confusable`` - equal after folding look-alike characters (``VEL0CE``, ``AD!DAS``);
* ``near`` - rapidfuzz ``ratio`` of the skeletons ≥ ``NEAR_THRESHOLD`` for marks of at
  least ``MIN_NEAR_LEN`` characters. Shorter Latin marks (LV, HP, 3M) match exactly only;
  an English word is never a near match (PEARL is not PEAR);
* ``glued``, ``cross_script``, ``sound_alike``, ``look_alike`` and the Unicode / spacing
  folds of ``confusable``: see ``screening.textmatch`` and ``screening.near_miss``.

``NEAR_THRESHOLD`` = 78 and ``MIN_NEAR_LEN`` = 4 were chosen by ``benchmarks/tune_thresholds.py``
on ``tests/fixtures/screening_eval.jsonl`` (182 items, 25 sample recordations; sweep of
thresholds 60-100 and minimum lengths 3-6): at minimum length 4 the set is scored perfectly
for thresholds 76-80, bounded below by look-alike but different marks (``MIKE``/``NIKA`` for
``NIKE`` score 75) and above by misspelt counterfeits (``KASIO`` for ``CASIO`` scores 80); the
tuner takes the middle of that plateau. Re-run it after changing the set.

A matched mark hits only if the recordation is active and valid on the declaration date
(lapsed → noted, no hit) and one of its recorded HS prefixes covers the item's HS code
(``APPLE`` recorded for 8517 does not hit apples, 0808). A hit turns into ``licensed`` when
the consignee / consignor or the foreign party is the holder, a recorded licensee or a
pre-confirmed trader for these goods on that date at that port (``screening.licensing``;
same party = same code, or the same name up to width, case, punctuation and the spellings
of one legal form - ``screening.parties``).

Accessory policy ("compatible with X", "for X", "适用于X", "用于X"): naming another's mark to
say what the goods fit is descriptive use. When every occurrence of the mark is such a
reference and the item declares a different brand of its own, the item is ``clear`` and the
reason ``accessory_reference`` is recorded. When it declares no brand, it is a ``hit`` with
rule ``accessory_reference`` that asks for an IP status declaration but never suspends
release on its own. A mark that is the declared brand is never an accessory reference.

The marks (标记唛码) belong to the whole declaration: a mark found only there is a hit for
an item in scope, but never a brand-type contradiction, and not a hit at all for an item
when another item of the same declaration shows that mark in its own brand, name or
elements (the marks are then taken to be that item's; rule ``marks_of_other_item``).

Release policy for the declaration: ``suspend_release`` (Art. 21 ¶2, customs has reason to
suspect infringement) when some hit involves a recorded known infringer, or an exact or
confusable match of a foreign holder's trademark on goods declared as unbranded or a
domestic brand (brand type 0/1/2); otherwise ``require_ip_status_declaration`` (Art. 21 ¶1)
when some item is a hit; otherwise ``release``. A declaration without a date is screened on
today's date in China.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from customs_ipr.documents.models import BrandType, Declaration, GoodsItem, Party
from customs_ipr.recordations.models import IpType, Recordation, hs_covered
from customs_ipr.recordations.store import RecordationStore
from customs_ipr.screening.licensing import declaring_parties, known_infringer, licence
from customs_ipr.screening.models import (
    Action,
    Effect,
    ItemOutcome,
    ItemResult,
    Reason,
    Rule,
    ScreeningResult,
    ScreeningStats,
)
from customs_ipr.screening.textmatch import (
    RULE_RANK,
    SourceText,
    TextMatch,
    analyse,
    match_term,
    query_keys,
)
from customs_ipr.text.normalize import compact, fold, is_domestic_country
from customs_ipr.text.terms import TermEntry

NEAR_THRESHOLD = 78.0
MIN_NEAR_LEN = 4

_BRAND_ELEMENT_RE = re.compile(r"^(.+?)\s*(?:牌|品牌)$")
_NO_BRAND = {"", "无", "无品牌", "无牌", "none", "nobrand", "nm", "na", "n/a", "0"}
_STRONG_BRAND_TYPES = {BrandType.NO_BRAND, BrandType.DOMESTIC_OWN, BrandType.DOMESTIC_ACQUIRED}
_CHINA = ZoneInfo("Asia/Shanghai")
_MATCH_RULES = tuple(RULE_RANK)


@dataclass
class _ItemWork:
    item: GoodsItem
    sources: list[SourceText]
    keys: set[str] = field(default_factory=set)


def declared_brand(item: GoodsItem) -> str | None:
    """The item's brand, else a ``…牌`` element of its declaration elements."""
    if item.brand and item.brand.strip():
        return item.brand.strip()
    for element in (item.spec or "").split("|"):
        found = _BRAND_ELEMENT_RE.match(element.strip())
        if found:
            return found.group(1).strip()
    return None


def _has_own_brand(brand: str | None) -> bool:
    return compact(fold(brand or "")) not in _NO_BRAND


def _screen_day(declaration: Declaration, on: date | None) -> date:
    return on or declaration.declaration_date or datetime.now(_CHINA).date()


def screen_declaration(
    declaration: Declaration,
    store: RecordationStore,
    *,
    on: date | None = None,
    threshold: float = NEAR_THRESHOLD,
    min_near_len: int = MIN_NEAR_LEN,
) -> ScreeningResult:
    """Screen every goods item; two batched store reads for the whole declaration."""
    started = time.perf_counter()
    requests_before = store.requests
    day = _screen_day(declaration, on)
    parties = declaring_parties(declaration)

    works: list[_ItemWork] = []
    for item in declaration.items:
        texts = [
            ("brand", declared_brand(item)),
            ("name", item.name),
            ("spec", item.spec),
            ("marks", declaration.marks),
        ]
        work = _ItemWork(item, [analyse(s, t) for s, t in texts if t and t.strip()])
        work.keys = query_keys(work.sources)
        works.append(work)

    all_keys = set().union(*(w.keys for w in works)) if works else set()
    entries_by_key = store.lookup_terms(all_keys)
    entry_count = sum(len(v) for v in entries_by_key.values())

    # First pass: text match, validity and scope from the index entries alone.
    pending: list[tuple[_ItemWork, dict[str, tuple[TermEntry, list[TextMatch]]], list[Reason]]] = []
    wanted: set[str] = set()
    for work in works:
        seen: dict[tuple[str, str], TermEntry] = {}
        for key in work.keys:
            for entry in entries_by_key.get(key, ()):
                seen.setdefault((entry.recordation_no, entry.term), entry)
        best: dict[str, tuple[TermEntry, list[TextMatch]]] = {}
        notes: dict[tuple[str, Rule], Reason] = {}
        for (number, term), entry in sorted(seen.items()):
            relevant = entry.is_valid_on(day) and hs_covered(work.item.hs_code, entry.hs_prefixes)
            # Candidates that cannot hit are only scored exactly, for the officer's note.
            matches = match_term(term, work.sources, threshold if relevant else 101.0, min_near_len)
            if not matches:
                continue
            top = max(matches, key=lambda m: (RULE_RANK[m.rule], m.score))
            if not entry.is_valid_on(day):
                notes.setdefault(
                    (number, Rule.NOT_VALID),
                    Reason(
                        recordation_no=number,
                        rule=Rule.NOT_VALID,
                        effect=Effect.CLEARED,
                        term=term,
                        matched_text=top.text,
                        source=top.source,
                        score=top.score,
                        detail=(
                            f"recordation {entry.status}, "
                            f"valid {entry.valid_from}..{entry.valid_until}"
                        ),
                    ),
                )
                continue
            if not hs_covered(work.item.hs_code, entry.hs_prefixes):
                notes.setdefault(
                    (number, Rule.OUT_OF_SCOPE),
                    Reason(
                        recordation_no=number,
                        rule=Rule.OUT_OF_SCOPE,
                        effect=Effect.CLEARED,
                        term=term,
                        matched_text=top.text,
                        source=top.source,
                        score=top.score,
                        detail=f"HS {work.item.hs_code} not in {','.join(entry.hs_prefixes)}",
                    ),
                )
                continue
            current = best.get(number)
            if current is None or _strength(matches) > _strength(current[1]):
                best[number] = (entry, matches)
        wanted.update(best)
        pending.append((work, best, list(notes.values())))

    recordations = store.get_many(wanted) if wanted else {}

    # Recordations that some item shows in its own brand, name or elements: the marks of
    # the declaration are then taken to be that item's.
    shown_by_item = {
        number
        for _work, best, _notes in pending
        for number, (_entry, matches) in best.items()
        if any(m.source != "marks" for m in matches)
    }
    items: list[ItemResult] = []
    strong = False
    for work, best, item_notes in pending:
        reasons: list[Reason] = list(item_notes)
        hits: list[str] = []
        licensed: list[str] = []
        for number, (entry, matches) in sorted(best.items()):
            recordation = recordations.get(number)
            if recordation is None or not recordation.is_valid_on(day):
                continue
            if number in shown_by_item and all(m.source == "marks" for m in matches):
                reasons.append(
                    Reason(
                        recordation_no=number,
                        rule=Rule.MARKS_OF_OTHER_ITEM,
                        effect=Effect.CLEARED,
                        term=entry.term,
                        matched_text=matches[0].text,
                        source="marks",
                        detail="the mark in the marks belongs to another item that shows it",
                    )
                )
                continue
            outcome, found, is_strong = _judge(
                recordation, entry, matches, work.item, parties, day, declaration
            )
            reasons.extend(found)
            strong = strong or is_strong
            if outcome is ItemOutcome.HIT:
                hits.append(number)
            elif outcome is ItemOutcome.LICENSED:
                licensed.append(number)
        outcome = (
            ItemOutcome.HIT if hits else ItemOutcome.LICENSED if licensed else ItemOutcome.CLEAR
        )
        items.append(
            ItemResult(
                item_no=work.item.item_no,
                outcome=outcome,
                recordations=hits or licensed,
                reasons=reasons,
            )
        )

    if strong:
        action = Action.SUSPEND_RELEASE
    elif any(i.outcome is ItemOutcome.HIT for i in items):
        action = Action.REQUIRE_IP_STATUS_DECLARATION
    else:
        action = Action.RELEASE
    return ScreeningResult(
        declaration=declaration.reference,
        action=action,
        items=items,
        stats=ScreeningStats(
            dynamodb_requests=store.requests - requests_before,
            term_keys=len(all_keys),
            term_entries=entry_count,
            recordations_fetched=len(recordations),
            elapsed_ms=round((time.perf_counter() - started) * 1000, 3),
        ),
    )


def _strength(matches: list[TextMatch]) -> tuple[int, float]:
    return max((RULE_RANK[m.rule], m.score) for m in matches)


def _judge(
    recordation: Recordation,
    entry: TermEntry,
    matches: list[TextMatch],
    item: GoodsItem,
    parties: list[Party],
    day: date,
    declaration: Declaration | None = None,
) -> tuple[ItemOutcome, list[Reason], bool]:
    """Outcome, reasons and whether it is a strong signal, for one matched recordation."""
    number = recordation.recordation_no
    top = max(matches, key=lambda m: (RULE_RANK[m.rule], m.score, m.source == "brand"))
    base = {"recordation_no": number, "term": entry.term}
    accessory = all(m.accessory for m in matches) and not any(m.source == "brand" for m in matches)
    brand = declared_brand(item)
    if accessory and _has_own_brand(brand):
        return (
            ItemOutcome.CLEAR,
            [
                Reason(
                    **base,
                    rule=Rule.ACCESSORY_REFERENCE,
                    effect=Effect.CLEARED,
                    matched_text=top.text,
                    source=top.source,
                    score=top.score,
                    detail=f"descriptive reference on goods of declared brand {brand}",
                )
            ],
            False,
        )
    granted, near_licences = licence(recordation, parties, item, day, declaration)
    infringer = known_infringer(recordation, parties)
    if granted is not None and not infringer:
        match_reason = Reason(
            **base,
            rule=top.rule,
            effect=Effect.LICENSED,
            matched_text=top.text,
            source=top.source,
            score=top.score,
            detail=top.detail,
        )
        return ItemOutcome.LICENSED, [match_reason, granted], False
    reasons = [
        Reason(
            **base,
            rule=Rule.ACCESSORY_REFERENCE if accessory else top.rule,
            effect=Effect.HIT,
            matched_text=top.text,
            source=top.source,
            score=top.score,
            detail=f"{top.rule.value} match in an accessory reference" if accessory else top.detail,
        ),
        *near_licences,
    ]
    strong = False
    if infringer:
        strong = True
        reasons.append(
            Reason(
                **base,
                rule=Rule.KNOWN_INFRINGER,
                effect=Effect.STRONG,
                detail="a declaring party is a recorded known infringer",
            )
        )
    if (
        not accessory
        and any(m.source != "marks" for m in matches)
        and recordation.ip_type == IpType.TRADEMARK
        and not is_domestic_country(recordation.holder.country)
        and item.brand_type in _STRONG_BRAND_TYPES
        and top.rule in _MATCH_RULES
    ):
        reasons.append(
            Reason(
                **base,
                rule=Rule.BRAND_TYPE_CONTRADICTION,
                effect=Effect.STRONG,
                detail=f"brand type {item.brand_type.value} declared for a foreign holder's mark",
            )
        )
        strong = strong or top.rule in (Rule.EXACT, Rule.CONFUSABLE, Rule.CROSS_SCRIPT)
    return ItemOutcome.HIT, reasons, strong

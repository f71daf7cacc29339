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
  Chinese marks match exactly only.

``NEAR_THRESHOLD`` = 78 and ``MIN_NEAR_LEN`` = 4 were chosen by ``benchmarks/tune_thresholds.py``
on ``tests/fixtures/screening_eval.jsonl`` (182 items, 25 sample recordations; sweep of
thresholds 60-100 and minimum lengths 3-6): at minimum length 4 the set is scored perfectly
for thresholds 76-80, bounded below by look-alike but different marks (``MIKE``/``NIKA`` for
``NIKE`` score 75) and above by misspelt counterfeits (``KASIO`` for ``CASIO`` scores 80); the
tuner takes the middle of that plateau. Re-run it after changing the set.

A matched mark hits only if the recordation is active and valid on the declaration date
(lapsed → noted, no hit) and one of its recorded HS prefixes covers the item's HS code
(``APPLE`` recorded for 8517 does not hit apples, 0808). A hit turns into ``licensed`` when
the consignee / consignor or the foreign party is the holder, a recorded licensee (by
customs code or by company name without legal form) or a pre-confirmed trader for these
goods on that date.

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
from functools import lru_cache
from zoneinfo import ZoneInfo

from customs_ipr.documents.models import BrandType, Declaration, GoodsItem, Party
from customs_ipr.recordations.models import IpType, Recordation, hs_covered
from customs_ipr.recordations.store import RecordationStore
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
from customs_ipr.screening.normalize import (
    compact,
    deletions,
    fold,
    is_domestic_country,
    normalize_code,
    normalize_company,
    normalize_term,
    skeleton,
)
from customs_ipr.screening.terms import MIN_DELETION_LEN, TermEntry, is_cjk_term

NEAR_THRESHOLD = 78.0
MIN_NEAR_LEN = 4
MAX_PHRASE_WORDS = 3
MAX_DELETION_SOURCE_LEN = 20

_LATIN_WORD_RE = re.compile(r"[0-9a-z!|@$]+")
_CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ACCESSORY_EN_RE = re.compile(
    r"(?:compatible\s+with|for\s+use\s+with|suitable\s+for|designed\s+for|replacement\s+for"
    r"|works\s+with|fits?|for)\W*$"
)
_ACCESSORY_ZH = ("适用于", "适用", "用于", "适配", "兼容", "配套", "专用于", "专用", "匹配", "适合")
_BRAND_ELEMENT_RE = re.compile(r"^(.+?)\s*(?:牌|品牌)$")
_NO_BRAND = {"", "无", "无品牌", "无牌", "none", "nobrand", "nm", "na", "n/a", "0"}
_STRONG_BRAND_TYPES = {BrandType.NO_BRAND, BrandType.DOMESTIC_OWN, BrandType.DOMESTIC_ACQUIRED}
_CHINA = ZoneInfo("Asia/Shanghai")
_RULE_RANK = {Rule.EXACT: 3, Rule.CONFUSABLE: 2, Rule.NEAR: 1}


@dataclass(frozen=True)
class Phrase:
    norm: str
    skel: str
    text: str
    start: int
    words: int


@dataclass
class SourceText:
    source: str
    folded: str
    compact: str
    phrases: list[Phrase]


@dataclass
class TextMatch:
    rule: Rule
    score: float
    source: str
    text: str
    accessory: bool


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


@lru_cache(maxsize=8192)
def _analyse(source: str, text: str) -> SourceText:
    folded = fold(text)
    words = []
    for found in _LATIN_WORD_RE.finditer(folded):
        token = found.group().strip("!|")
        if token:
            words.append((token, found.start() + found.group().find(token)))
    phrases: list[Phrase] = []
    for size in range(1, MAX_PHRASE_WORDS + 1):
        for i in range(len(words) - size + 1):
            group = words[i : i + size]
            norm = "".join(normalize_term(w) for w, _ in group)
            if len(norm) < 2 or (norm.isdigit() and len(norm) < 3):
                continue
            phrases.append(
                Phrase(
                    norm=norm,
                    skel="".join(skeleton(w) for w, _ in group),
                    text=" ".join(w for w, _ in group),
                    start=group[0][1],
                    words=size,
                )
            )
    return SourceText(source, folded, compact(folded), phrases)


def _query_keys(work: _ItemWork) -> set[str]:
    keys: set[str] = set()
    for source in work.sources:
        for phrase in source.phrases:
            keys.add("l:" + phrase.skel)
            if (
                phrase.words == 1
                and MIN_DELETION_LEN <= len(phrase.skel) <= MAX_DELETION_SOURCE_LEN
            ):
                keys.update("l:" + variant for variant in deletions(phrase.skel))
        for run in _CJK_RUN_RE.findall(source.compact):
            if len(run) == 1:
                keys.add("c:" + run)
            keys.update("c:" + run[i : i + 2] for i in range(len(run) - 1))
    return keys


def _is_accessory(source: SourceText, latin_start: int | None, compact_start: int | None) -> bool:
    if latin_start is not None:
        before = source.folded[:latin_start]
        if _ACCESSORY_EN_RE.search(before) or compact(before).endswith(_ACCESSORY_ZH):
            return True
    if compact_start is not None:
        return source.compact[:compact_start].endswith(_ACCESSORY_ZH)
    return False


@lru_cache(maxsize=65536)
def _term_forms(term: str) -> tuple[str, str, bool]:
    norm = normalize_term(term)
    return norm, skeleton(term), is_cjk_term(norm)


def _match_term(
    term: str, sources: list[SourceText], threshold: float, min_len: int
) -> list[TextMatch]:
    """Every source in which ``term`` is found, with its best rule and score there."""
    from rapidfuzz import fuzz

    norm, skel, cjk = _term_forms(term)
    found: list[TextMatch] = []
    for source in sources:
        if cjk:
            at = source.compact.find(norm)
            if at >= 0:
                found.append(
                    TextMatch(
                        Rule.EXACT, 100.0, source.source, norm, _is_accessory(source, None, at)
                    )
                )
            continue
        best: tuple[int, float, Phrase] | None = None
        for phrase in source.phrases:
            if phrase.norm == norm:
                candidate = (_RULE_RANK[Rule.EXACT], 100.0, phrase)
            elif len(skel) < min_len or abs(len(phrase.skel) - len(skel)) > 3:
                continue
            elif phrase.skel == skel:
                candidate = (_RULE_RANK[Rule.CONFUSABLE], 100.0, phrase)
            else:
                score = fuzz.ratio(phrase.skel, skel)
                if score < threshold:
                    continue
                candidate = (_RULE_RANK[Rule.NEAR], round(score, 1), phrase)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
        if best is not None:
            rank, score, phrase = best
            rule = next(r for r, v in _RULE_RANK.items() if v == rank)
            found.append(
                TextMatch(
                    rule,
                    score,
                    source.source,
                    phrase.text,
                    _is_accessory(source, phrase.start, None),
                )
            )
    return found


def _same_party(party: Party, name: str, code: str | None) -> bool:
    if code and party.code and normalize_code(code) == normalize_code(party.code):
        return True
    return bool(normalize_company(party.name)) and normalize_company(
        party.name
    ) == normalize_company(name)


def _licence(
    recordation: Recordation, parties: list[Party], item: GoodsItem, day: date
) -> Reason | None:
    number = recordation.recordation_no
    for party in parties:
        if _same_party(party, recordation.holder.name, None):
            return Reason(
                recordation_no=number,
                rule=Rule.HOLDER,
                effect=Effect.LICENSED,
                term=recordation.title,
                detail="the declaring party is the holder",
            )
        for licensee in recordation.licensees:
            if _same_party(party, licensee.name, licensee.code):
                return Reason(
                    recordation_no=number,
                    rule=Rule.LICENSEE,
                    effect=Effect.LICENSED,
                    term=recordation.title,
                    detail="recorded licensee",
                )
        for pre in recordation.preconfirmations:
            if (
                _same_party(party, pre.name, pre.code)
                and pre.valid_from <= day <= pre.valid_until
                and hs_covered(item.hs_code, pre.hs_codes)
            ):
                return Reason(
                    recordation_no=number,
                    rule=Rule.PRECONFIRMATION,
                    effect=Effect.LICENSED,
                    term=recordation.title,
                    detail=f"pre-confirmed {pre.valid_from}..{pre.valid_until}",
                )
    return None


def _known_infringer(recordation: Recordation, parties: list[Party]) -> bool:
    return any(
        _same_party(party, infringer.name, infringer.code)
        for party in parties
        for infringer in recordation.known_infringers
    )


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
    parties = [p for p in (declaration.consignee, declaration.foreign_party) if p is not None]

    works: list[_ItemWork] = []
    for item in declaration.items:
        texts = [
            ("brand", declared_brand(item)),
            ("name", item.name),
            ("spec", item.spec),
            ("marks", declaration.marks),
        ]
        work = _ItemWork(item, [_analyse(s, t) for s, t in texts if t and t.strip()])
        work.keys = _query_keys(work)
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
            matches = _match_term(
                term, work.sources, threshold if relevant else 101.0, min_near_len
            )
            if not matches:
                continue
            top = max(matches, key=lambda m: (_RULE_RANK[m.rule], m.score))
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
            outcome, found, is_strong = _judge(recordation, entry, matches, work.item, parties, day)
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
    return max((_RULE_RANK[m.rule], m.score) for m in matches)


def _judge(
    recordation: Recordation,
    entry: TermEntry,
    matches: list[TextMatch],
    item: GoodsItem,
    parties: list[Party],
    day: date,
) -> tuple[ItemOutcome, list[Reason], bool]:
    """Outcome, reasons and whether it is a strong signal, for one matched recordation."""
    number = recordation.recordation_no
    top = max(matches, key=lambda m: (_RULE_RANK[m.rule], m.score, m.source == "brand"))
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
    licence = _licence(recordation, parties, item, day)
    infringer = _known_infringer(recordation, parties)
    if licence is not None and not infringer:
        match_reason = Reason(
            **base,
            rule=top.rule,
            effect=Effect.LICENSED,
            matched_text=top.text,
            source=top.source,
            score=top.score,
        )
        return ItemOutcome.LICENSED, [match_reason, licence], False
    reasons = [
        Reason(
            **base,
            rule=Rule.ACCESSORY_REFERENCE if accessory else top.rule,
            effect=Effect.HIT,
            matched_text=top.text,
            source=top.source,
            score=top.score,
            detail=f"{top.rule.value} match in an accessory reference" if accessory else None,
        )
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
        and top.rule in (Rule.EXACT, Rule.CONFUSABLE, Rule.NEAR)
    ):
        reasons.append(
            Reason(
                **base,
                rule=Rule.BRAND_TYPE_CONTRADICTION,
                effect=Effect.STRONG,
                detail=f"brand type {item.brand_type.value} declared for a foreign holder's mark",
            )
        )
        strong = strong or top.rule in (Rule.EXACT, Rule.CONFUSABLE)
    return ItemOutcome.HIT, reasons, strong

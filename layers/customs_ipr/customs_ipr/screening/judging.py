"""Step two of screening: each item's candidates judged against the fetched recordations.

A candidate recordation that is no longer valid on the screening day is dropped. Otherwise
it is, for the item, ``clear`` (an accessory reference on goods of the declarant's own
brand, or a mark found only in the marks that another item shows), ``licensed`` (a
declaring party is the holder, a licensee or a pre-confirmed trader, and no party is a
recorded known infringer: ``screening.licensing``) or a ``hit``. A hit may carry *strong*
signals, which make the declaration's release action ``suspend_release``: a recorded known
infringer among the declaring parties, or a brand-type contradiction (goods declared as
unbranded or of a domestic brand, brand type 0/1/2, showing a foreign holder's trademark
outside the marks) matched exactly, by confusable letters or across scripts.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from customs_ipr.documents.models import BrandType, Declaration, GoodsItem, Party
from customs_ipr.recordations.models import IpType, Recordation
from customs_ipr.screening.candidates import Candidates, declared_brand
from customs_ipr.screening.licensing import declaring_parties, known_infringer, licence
from customs_ipr.screening.models import Effect, ItemOutcome, ItemResult, Reason, Rule
from customs_ipr.screening.textmatch import RULE_RANK, TextMatch
from customs_ipr.text.normalize import compact, fold, is_domestic_country
from customs_ipr.text.terms import TermEntry

_NO_BRAND = {"", "无", "无品牌", "无牌", "none", "nobrand", "nm", "na", "n/a", "0"}
_STRONG_BRAND_TYPES = {BrandType.NO_BRAND, BrandType.DOMESTIC_OWN, BrandType.DOMESTIC_ACQUIRED}
_MATCH_RULES = tuple(RULE_RANK)
_STRONG_CONTRADICTION_RULES = (Rule.EXACT, Rule.CONFUSABLE, Rule.CROSS_SCRIPT)


@dataclass(frozen=True)
class _Context:
    """What every item of one declaration is judged with."""

    declaration: Declaration
    recordations: dict[str, Recordation]
    parties: list[Party]
    shown_by_item: set[str]
    day: date


def judge_items(
    candidates: list[Candidates],
    recordations: dict[str, Recordation],
    declaration: Declaration,
    day: date,
) -> tuple[list[ItemResult], bool]:
    """Every item's result, and whether some hit is a strong signal."""
    # Recordations that some item shows in its own brand, name or elements: the marks of
    # the declaration are then taken to be that item's.
    shown_by_item = {
        number
        for found in candidates
        for number, (_entry, matches) in found.best.items()
        if any(m.source != "marks" for m in matches)
    }
    context = _Context(
        declaration, recordations, declaring_parties(declaration), shown_by_item, day
    )
    items: list[ItemResult] = []
    strong = False
    for found in candidates:
        result, is_strong = _judge_item(found, context)
        items.append(result)
        strong = strong or is_strong
    return items, strong


def _judge_item(found: Candidates, context: _Context) -> tuple[ItemResult, bool]:
    reasons: list[Reason] = list(found.notes)
    hits: list[str] = []
    licensed: list[str] = []
    strong = False
    for number, (entry, matches) in sorted(found.best.items()):
        recordation = context.recordations.get(number)
        if recordation is None or not recordation.is_valid_on(context.day):
            continue
        if number in context.shown_by_item and all(m.source == "marks" for m in matches):
            reasons.append(_marks_of_other_item(entry, matches))
            continue
        outcome, given, is_strong = judge(
            recordation,
            entry,
            matches,
            found.item,
            context.parties,
            context.day,
            context.declaration,
        )
        reasons.extend(given)
        strong = strong or is_strong
        if outcome is ItemOutcome.HIT:
            hits.append(number)
        elif outcome is ItemOutcome.LICENSED:
            licensed.append(number)
    outcome = ItemOutcome.HIT if hits else ItemOutcome.LICENSED if licensed else ItemOutcome.CLEAR
    result = ItemResult(
        item_no=found.item.item_no,
        outcome=outcome,
        recordations=hits or licensed,
        reasons=reasons,
    )
    return result, strong


def _marks_of_other_item(entry: TermEntry, matches: list[TextMatch]) -> Reason:
    return Reason(
        recordation_no=entry.recordation_no,
        rule=Rule.MARKS_OF_OTHER_ITEM,
        effect=Effect.CLEARED,
        term=entry.term,
        matched_text=matches[0].text,
        source="marks",
        detail="the mark in the marks belongs to another item that shows it",
    )


def _has_own_brand(brand: str | None) -> bool:
    return compact(fold(brand or "")) not in _NO_BRAND


def judge(
    recordation: Recordation,
    entry: TermEntry,
    matches: list[TextMatch],
    item: GoodsItem,
    parties: list[Party],
    day: date,
    declaration: Declaration | None = None,
) -> tuple[ItemOutcome, list[Reason], bool]:
    """Outcome, reasons and whether it is a strong signal, for one matched recordation."""
    top = max(matches, key=lambda m: (RULE_RANK[m.rule], m.score, m.source == "brand"))
    base = {"recordation_no": recordation.recordation_no, "term": entry.term}
    accessory = all(m.accessory for m in matches) and not any(m.source == "brand" for m in matches)
    brand = declared_brand(item)
    if accessory and _has_own_brand(brand):
        detail = f"descriptive reference on goods of declared brand {brand}"
        cleared = _match_reason(base, top, Rule.ACCESSORY_REFERENCE, Effect.CLEARED, detail)
        return ItemOutcome.CLEAR, [cleared], False
    granted, near_licences = licence(recordation, parties, item, day, declaration)
    infringer = known_infringer(recordation, parties)
    if granted is not None and not infringer:
        used = _match_reason(base, top, top.rule, Effect.LICENSED, top.detail)
        return ItemOutcome.LICENSED, [used, granted], False
    if accessory:
        detail = f"{top.rule.value} match in an accessory reference"
        hit = _match_reason(base, top, Rule.ACCESSORY_REFERENCE, Effect.HIT, detail)
    else:
        hit = _match_reason(base, top, top.rule, Effect.HIT, top.detail)
    signals, strong = _strong_signals(recordation, matches, top, item, accessory, infringer, base)
    return ItemOutcome.HIT, [hit, *near_licences, *signals], strong


def _match_reason(
    base: dict[str, Any], top: TextMatch, rule: Rule, effect: Effect, detail: str | None
) -> Reason:
    return Reason(
        **base,
        rule=rule,
        effect=effect,
        matched_text=top.text,
        source=top.source,
        score=top.score,
        detail=detail,
    )


def _strong_signals(
    recordation: Recordation,
    matches: list[TextMatch],
    top: TextMatch,
    item: GoodsItem,
    accessory: bool,
    infringer: bool,
    base: dict[str, Any],
) -> tuple[list[Reason], bool]:
    """The known-infringer and brand-type reasons of a hit, and whether it is strong."""
    reasons: list[Reason] = []
    if infringer:
        reasons.append(
            Reason(
                **base,
                rule=Rule.KNOWN_INFRINGER,
                effect=Effect.STRONG,
                detail="a declaring party is a recorded known infringer",
            )
        )
    contradiction = _brand_type_contradiction(recordation, matches, top, item, accessory, base)
    if contradiction is not None:
        reasons.append(contradiction)
    strong = infringer or (contradiction is not None and top.rule in _STRONG_CONTRADICTION_RULES)
    return reasons, strong


def _brand_type_contradiction(
    recordation: Recordation,
    matches: list[TextMatch],
    top: TextMatch,
    item: GoodsItem,
    accessory: bool,
    base: dict[str, Any],
) -> Reason | None:
    """A foreign holder's trademark outside the marks on goods declared as brand type 0/1/2."""
    if (
        not accessory
        and any(m.source != "marks" for m in matches)
        and _foreign_trademark(recordation)
        and item.brand_type in _STRONG_BRAND_TYPES
        and top.rule in _MATCH_RULES
    ):
        return Reason(
            **base,
            rule=Rule.BRAND_TYPE_CONTRADICTION,
            effect=Effect.STRONG,
            detail=f"brand type {item.brand_type.value} declared for a foreign holder's mark",
        )
    return None


def _foreign_trademark(recordation: Recordation) -> bool:
    return recordation.ip_type == IpType.TRADEMARK and not is_domestic_country(
        recordation.holder.country
    )

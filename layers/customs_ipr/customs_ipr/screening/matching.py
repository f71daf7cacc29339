"""Screening a declaration's goods against recorded IP, and the release policy.

Three steps, each in its own module: *candidates* (``screening.candidates``: read each
item's texts, one term-index request for the whole declaration, match and filter by the
index entries alone), *judge items* (``screening.judging``: one request for the candidate
recordations, then hit / licensed / clear per item and recordation) and the *release
action* (``release_action``, below).

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

Accessory references ("compatible with X", "适用于X") and marks (标记唛码) that belong to
another item of the declaration: see ``screening.judging``.

Release policy for the declaration: ``suspend_release`` (Art. 21 ¶2, customs has reason to
suspect infringement) when some hit involves a recorded known infringer, or an exact or
confusable match of a foreign holder's trademark on goods declared as unbranded or a
domestic brand (brand type 0/1/2); otherwise ``require_ip_status_declaration`` (Art. 21 ¶1)
when some item is a hit; otherwise ``release``. A declaration without a date is screened on
today's date in China.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

from customs_ipr.documents.models import Declaration
from customs_ipr.recordations.store import RecordationStore
from customs_ipr.screening.candidates import find_candidates, read_items
from customs_ipr.screening.judging import judge_items
from customs_ipr.screening.models import (
    Action,
    ItemOutcome,
    ItemResult,
    ScreeningResult,
    ScreeningStats,
)

NEAR_THRESHOLD = 78.0
MIN_NEAR_LEN = 4

_CHINA = ZoneInfo("Asia/Shanghai")


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

    works = read_items(declaration)
    all_keys = set().union(*(w.keys for w in works)) if works else set()
    entries_by_key = store.lookup_terms(all_keys)
    entry_count = sum(len(v) for v in entries_by_key.values())
    candidates = [
        find_candidates(work, entries_by_key, day, threshold, min_near_len) for work in works
    ]

    wanted = {number for found in candidates for number in found.best}
    recordations = store.get_many(wanted) if wanted else {}
    items, strong = judge_items(candidates, recordations, declaration, day)

    return ScreeningResult(
        declaration=declaration.reference,
        action=release_action(items, strong),
        items=items,
        stats=ScreeningStats(
            dynamodb_requests=store.requests - requests_before,
            term_keys=len(all_keys),
            term_entries=entry_count,
            recordations_fetched=len(recordations),
            elapsed_ms=round((time.perf_counter() - started) * 1000, 3),
        ),
    )


def release_action(items: list[ItemResult], strong: bool) -> Action:
    """Suspend on a strong signal, ask for an IP status declaration on a hit, else release."""
    if strong:
        return Action.SUSPEND_RELEASE
    if any(i.outcome is ItemOutcome.HIT for i in items):
        return Action.REQUIRE_IP_STATUS_DECLARATION
    return Action.RELEASE

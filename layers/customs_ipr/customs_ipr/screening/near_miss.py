"""Chinese near-misses: sound-alike and look-alike marks (康帅傅 for 康师傅, 雷碧 for 雪碧).

A declared window is a near-miss of a recorded Chinese mark of the same length when it is
not the mark and every character that differs is either

* a *sound-alike*: its usual reading is a reading of the recorded character (tones
  ignored; 奈 for 耐, 悦 for 乐) - at most half the characters may differ this way, or
* a *look-alike*: one recorded character replaced by one of its ``NEIGHBOURS`` most similar
  everyday (GB2312 level-1) characters with ``shape >= LOOK_ALIKE_MIN``, at one or more places
  (粤利粤 for 奥利奥, 治治 for 洽洽) - never two different replacements.

Marks of one character are never near-matched. Each match says which characters differ
and why they are close. The readings and shapes come from ``text.chinese``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from customs_ipr.text.chinese import (
    components,
    four_corner_codes,
    look_alikes,
    reading,
    shape,
    sounds_alike,
)


@dataclass(frozen=True)
class NearMiss:
    kind: str  # "sound_alike" | "look_alike"
    score: float
    detail: str


def _why(declared: str, recorded: str) -> str:
    reasons = []
    if sounds_alike(declared, recorded):
        reasons.append(f"both read {reading(declared)}")
    shared = sorted(set(components(declared)) & set(components(recorded)))
    if shared:
        reasons.append(f"shared component {''.join(shared)}")
    codes = four_corner_codes()
    reasons.append(f"four-corner {codes.get(declared, '?')}/{codes.get(recorded, '?')}")
    return f"{declared} for {recorded} ({', '.join(reasons)})"


@lru_cache(maxsize=65536)
def near_miss(declared: str, recorded: str) -> NearMiss | None:
    """Whether ``declared`` (same length) is a sound- or look-alike of ``recorded``."""
    if declared == recorded or len(declared) != len(recorded) or len(recorded) < 2:
        return None
    pairs = [(d, r) for d, r in zip(declared, recorded, strict=True) if d != r]
    distinct = sorted(set(pairs))
    if all(sounds_alike(d, r) for d, r in distinct) and len(pairs) <= len(recorded) // 2:
        score = 100.0 - 10.0 * len(pairs)
        detail = "; ".join(_why(d, r) for d, r in distinct)
        return NearMiss("sound_alike", score, detail)
    if len(distinct) == 1:
        d, r = distinct[0]
        similarity = shape(d, r)
        if d in look_alikes(r):
            return NearMiss("look_alike", round(100.0 * similarity, 1), _why(d, r))
    return None

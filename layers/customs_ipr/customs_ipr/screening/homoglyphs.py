"""Letters from other scripts that look like Latin letters or digits (АDIDAS with a Cyrillic А).

The table comes from the Unicode Consortium's ``confusables.txt`` as packaged by
``confusable-homoglyphs`` (MIT licence, about 1 MB): every character outside ASCII that
the data lists as a homoglyph of an ASCII letter or digit is mapped to it, one character
for one, so positions in the text do not move. CJK characters are never mapped (``口`` is
not ``o``). The table is built once per container.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _ascii_alnum(char: str) -> bool:
    return len(char) == 1 and char.isascii() and char.isalnum()


@lru_cache(maxsize=1)
def table() -> dict[int, str]:
    """``ord(look-alike) → ASCII`` (lower-case) for every non-ASCII homoglyph of [0-9A-Za-z]."""
    from confusable_homoglyphs.confusables import confusables_data

    mapping: dict[int, str] = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1:
            continue
        targets = [g["c"] for g in glyphs if len(g["c"]) == 1]
        if _ascii_alnum(char):
            for other in targets:
                if not other.isascii() and not _is_cjk(other):
                    mapping.setdefault(ord(other), char.lower())
        elif not char.isascii() and not _is_cjk(char):
            ascii_targets = [t for t in targets if _ascii_alnum(t)]
            if ascii_targets:
                mapping.setdefault(ord(char), ascii_targets[0].lower())
    return mapping


@lru_cache(maxsize=65536)
def to_latin(text: str) -> str:
    """``text`` with look-alike letters of other scripts replaced by ASCII, length kept."""
    if text.isascii():
        return text
    return text.translate(table())


def describe(original: str, latin: str) -> str:
    """``Cyrillic а for a, Greek ο for o`` for the characters that differ."""
    parts = []
    for before, after in zip(original, latin, strict=False):
        if before != after:
            script = unicodedata.name(before, "?").split(" ")[0].title()
            parts.append(f"{script} {before} for {after}")
    return ", ".join(dict.fromkeys(parts))

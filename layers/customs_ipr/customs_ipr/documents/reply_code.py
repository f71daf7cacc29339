"""Find the reply code (``答复码 / Reply code: XXXX-XXXX-XXXX``) in a reply's text.

The labelled code wins; without a label, a lone ``XXXX-XXXX-XXXX`` group of code
characters is taken. Two different unlabelled candidates are ambiguous: none is taken
(the reply is then refused for lacking a code, never matched by guess).

The code's form lives here (``cases.reply_codes`` issues and checks codes with it):
12 Crockford base-32 characters printed as ``XXXX-XXXX-XXXX``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: no I, L, O, U (read as 1, 1, 0 and refused)."""
LENGTH = 12

_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]")
_CODE = r"([0-9A-Za-z]{4}[\s\-]?[0-9A-Za-z]{4}[\s\-]?[0-9A-Za-z]{4})"
_LABELLED = re.compile(r"(?:答复码|回复码|reply\s*code)[^0-9A-Za-z]{0,20}" + _CODE, re.I)
_BARE = re.compile(r"(?<![0-9A-Za-z-])([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})(?![0-9A-Za-z-])")


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalize(text: str | None) -> str | None:
    """The 12 code characters of ``text`` (case, dashes and spaces ignored; O→0, I/L→1),
    or None when ``text`` is not a well-formed code."""
    if not text:
        return None
    raw = _SEPARATORS.sub("", text).upper().translate(_READ_AS)
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


def find_reply_code(lines: Iterable[str]) -> str | None:
    """The code written in ``lines`` (the reply's text lines), formatted, or None."""
    text = "\n".join(lines)
    for match in _LABELLED.finditer(text):
        raw = normalize(match.group(1))
        if raw:
            return format_code(raw)
    bare = {normalize(m.group(1)) for m in _BARE.finditer(text)} - {None}
    if len(bare) == 1:
        return format_code(bare.pop() or "")
    return None

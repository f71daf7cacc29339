"""Text from outside (file names, uploaded text, contact addresses) kept as data.

- ``quoted(text)``: what a notice may show of an uploaded text: control and bidirectional
  formatting characters removed, whitespace collapsed, cut to ``limit`` characters with
  "…", inside 「」 — a value in a facts row, never part of the notice's own sentences.
- ``single_address(text)``: the uploader's contact address only if it is exactly one
  syntactically valid address (no lists, no display names, no header tricks); else None.
"""

from __future__ import annotations

import re
import unicodedata

QUOTE_LIMIT = 60
_ADDRESS = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def quoted(text: str | None, limit: int = QUOTE_LIMIT) -> str:
    clean = "".join(
        " " if unicodedata.category(ch) in ("Zl", "Zp") or ch in "\t\r\n" else ch
        for ch in (text or "")
        if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\t\r\n"
    )
    clean = re.sub(r"\s+", " ", clean).strip()
    if len(clean) > limit:
        clean = clean[: limit - 1].rstrip() + "…"
    return f"「{clean}」"


def single_address(text: str | None) -> str | None:
    if not text:
        return None
    candidate = text.strip()
    if len(candidate) > 254 or not _ADDRESS.match(candidate):
        return None
    return candidate

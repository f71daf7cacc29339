"""Find the reply code (``答复码 / Reply code: XXXX-XXXX-XXXX``) in a reply's text.

The labelled code wins; without a label, a lone ``XXXX-XXXX-XXXX`` group of code
characters is taken. Two different unlabelled candidates are ambiguous: none is taken
(the reply is then refused for lacking a code, never matched by guess).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CODE = r"([0-9A-Za-z]{4}[\s\-]?[0-9A-Za-z]{4}[\s\-]?[0-9A-Za-z]{4})"
_LABELLED = re.compile(r"(?:答复码|回复码|reply\s*code)[^0-9A-Za-z]{0,20}" + _CODE, re.I)
_BARE = re.compile(r"(?<![0-9A-Za-z-])([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})(?![0-9A-Za-z-])")


def find_reply_code(lines: Iterable[str]) -> str | None:
    """The code written in ``lines`` (the reply's text lines), formatted, or None."""
    from customs_ipr.cases.reply_codes import format_code, normalize

    text = "\n".join(lines)
    for match in _LABELLED.finditer(text):
        raw = normalize(match.group(1))
        if raw:
            return format_code(raw)
    bare = {normalize(m.group(1)) for m in _BARE.finditer(text)} - {None}
    if len(bare) == 1:
        return format_code(bare.pop() or "")
    return None

"""Who a declaring party is: the holder, a licensee, a pre-confirmed trader, or another party.

A party is the same as a recorded trader when its customs code or unified social credit
code matches, or when its *name* is the same after ``party_name`` - width (full-width →
half-width), case, Traditional → Simplified, punctuation and brackets (``（）`` = ``()``)
folded away, and the spellings of one legal form made one (``Co., Ltd.`` = ``Co Ltd`` =
``Company Limited``; ``Inc.`` = ``Incorporated``; ``C.V.`` = ``CV``). Nothing is dropped:
a different legal form (``C.V.`` vs ``Limited``, ``有限公司`` vs ``贸易有限公司``) or any other
difference makes another party, because customs cannot tell from the name that it is the
same company.

``looks_like`` keeps the older, looser comparison (legal forms removed) only to *explain*:
when a party is not the recorded trader but its name nearly is, screening says so with the
reason ``licensee_name_differs`` instead of staying silent.
"""

from __future__ import annotations

import re
from functools import lru_cache

from customs_ipr.text.normalize import fold, normalize_code, normalize_company, same_code

# Spellings of one legal form → one canonical word (Latin; the Chinese forms are words
# of their own and are compared as written).
_FORM_SPELLINGS = {
    "co": "company",
    "company": "company",
    "ltd": "limited",
    "limited": "limited",
    "inc": "incorporated",
    "incorporated": "incorporated",
    "corp": "corporation",
    "corporation": "corporation",
    "llc": "llc",
    "plc": "plc",
}
_WORD_RE = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=8192)
def party_name(name: str) -> str:
    """The strict comparison form of a company name (see module docstring)."""
    folded = fold(name).replace(".", "")
    words = [_FORM_SPELLINGS.get(word, word) for word in _WORD_RE.findall(folded)]
    return " ".join(words)


def same_name(a: str, b: str) -> bool:
    first, second = party_name(a), party_name(b)
    return bool(first) and first == second


def same_party(name: str, code: str | None, other_name: str, other_code: str | None) -> bool:
    """Same customs / credit code, or the same name under ``party_name``."""
    return same_code(code, other_code) or same_name(name, other_name)


def looks_like(a: str, b: str) -> bool:
    """Names equal once legal forms are dropped: close enough to explain, never to license."""
    first, second = normalize_company(a), normalize_company(b)
    return bool(first) and first == second and not same_name(a, b)


def same_port(recorded: str | None, code: str | None, name: str | None) -> bool:
    """A pre-confirmation's recorded port against the declaration's port (code or name).

    The recorded port may be a code (``2244``), a name (``洋山港区``) or both
    (``2244 洋山港区``); either part matching is enough.
    """
    if not recorded:
        return True
    parts = [p for p in re.split(r"[\s,;/|]+", fold(recorded)) if p]
    declared = {normalize_code(code), normalize_code(name)} - {""}
    return any(normalize_code(part) in declared for part in parts)

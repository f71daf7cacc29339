"""Text normalization shared by the term index, screening and the public look-up.

Declared text and recorded marks are compared only after the same folding, so that
``ＮＩＫＥ牌``, ``nike``, ``Nike`` and ``NIKE`` are one term and ``耐克`` matches a
declaration written in Traditional characters. Two levels exist:

* ``normalize_term`` - the *normalized* form: NFKC (full-width → half-width), Traditional →
  Simplified (OpenCC ``t2s``), case-folded, spaces and punctuation removed, a trailing
  ``牌`` ("brand") dropped. Equality of normalized forms is an ``exact`` match.
* ``skeleton`` - additionally folds characters counterfeiters swap for look-alikes
  (``0→o``, ``1/i/!/|→l``, ``3→e``, ``4/@→a``, ``5/$→s``, ``7→t``, ``8→b``), so ``VEL0CE``
  and ``AD!DAS`` land on the same index key as ``VELOCE`` and ``ADIDAS``. The skeleton is
  only a key and a scoring basis; it is never shown.

Company names (licensees, known infringers) additionally lose their legal form
(有限公司, Co., Ltd., GmbH, ...) in ``normalize_company``; customs and credit codes are
compared without case or spaces (``normalize_code``, ``same_code``).

opencc is imported lazily (cold start) and the converter is cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CONFUSABLES = str.maketrans(
    {
        "0": "o",
        "1": "l",
        "i": "l",
        "!": "l",
        "|": "l",
        "3": "e",
        "4": "a",
        "@": "a",
        "5": "s",
        "$": "s",
        "7": "t",
        "8": "b",
    }
)
_LEET_SYMBOLS = "!|@$"
_NOT_WORD_RE = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
BRAND_SUFFIX = "牌"

_COMPANY_FORMS_LATIN = {
    "co",
    "company",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "llc",
    "plc",
    "bv",
    "nv",
    "srl",
    "spa",
    "kk",
    "pte",
    "pty",
    "oy",
    "ab",
}
_COMPANY_FORMS_CJK = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司")
_COUNTRY_CHINA = {"cn", "chn", "china", "中国", "prc", "中华人民共和国", "peoplesrepublicofchina"}


@lru_cache(maxsize=1)
def _t2s_converter():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese; text without CJK characters is returned as is."""
    if not _CJK_RE.search(text):
        return text
    return _t2s_converter().convert(text)


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def is_cjk_char(char: str) -> bool:
    return bool(_CJK_RE.match(char))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKC, accents dropped, Traditional → Simplified, case folded; punctuation is kept."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = unicodedata.normalize(
            "NFKC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        )
    return to_simplified(text).casefold()


def compact(folded: str) -> str:
    """Drop everything but letters, digits and CJK characters from folded text."""
    return _NOT_WORD_RE.sub("", folded)


def strip_brand_suffix(value: str) -> str:
    """``耐克牌`` → ``耐克``, ``nike牌`` → ``nike``; a bare ``牌`` stays."""
    while len(value) > 1 and value.endswith(BRAND_SUFFIX):
        value = value[: -len(BRAND_SUFFIX)]
    return value


@lru_cache(maxsize=65536)
def normalize_term(text: str) -> str:
    """The normalized form used for exact matching (see module docstring)."""
    return strip_brand_suffix(compact(fold(text)))


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """The confusable-folded form of ``text`` (already folded or not)."""
    return compact(strip_brand_suffix(fold(text)).translate(_CONFUSABLES))


def deletions(value: str) -> set[str]:
    """All strings one deletion away (a SymSpell neighbourhood of distance 1)."""
    return {value[:i] + value[i + 1 :] for i in range(len(value))}


def normalize_company(name: str) -> str:
    """A company name without legal form, punctuation or case, for licensee matching.

    ``Nike Sports (China) Co., Ltd.`` and ``NIKE SPORTS (CHINA) LIMITED`` both become
    ``nikesportschina``; ``耐克体育（中国）有限公司`` becomes ``耐克体育中国``.
    """
    folded = fold(name)
    words = [w for w in _NOT_WORD_RE.split(folded) if w]
    while len(words) > 1 and words[-1] in _COMPANY_FORMS_LATIN:
        words.pop()
    value = "".join(words)
    changed = True
    while changed:
        changed = False
        for form in _COMPANY_FORMS_CJK:
            if value.endswith(form) and len(value) > len(form):
                value = value[: -len(form)]
                changed = True
    return value


def normalize_code(code: str | None) -> str:
    """Customs codes / unified social credit codes compared without case or spaces."""
    return compact(fold(code or "")).upper()


def same_code(a: str | None, b: str | None) -> bool:
    """Two customs / credit codes, both given, equal under ``normalize_code``."""
    return bool(a and b) and normalize_code(a) == normalize_code(b)


def is_domestic_country(country: str | None) -> bool:
    return compact(fold(country or "")) in _COUNTRY_CHINA

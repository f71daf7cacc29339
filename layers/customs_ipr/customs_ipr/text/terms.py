"""The term index: which recorded marks a piece of declared text could be.

Index side, for each title and alias of a recordation and each designation inside them
(``designations``: the Latin and the Chinese part of a mixed title, a name in brackets or
quotes, ``磁吸充电座（MAGDOCK）`` → ``MAGDOCK``):

* a term that starts with a CJK character is keyed ``c:`` + its first two characters and
  the same two characters with one replaced by each of its look-alikes, and ``y:`` + the
  toneless pinyin of its first two characters (``chinese.index_bigrams``); Chinese marks
  are written inside longer goods names without spaces, ``耐克运动鞋``, so the query side
  sends every bigram of the declared text, as characters and as pinyin, and the match is
  confirmed by substring or by ``screening.near_miss``. A Chinese term is also keyed
  ``l:`` + the skeleton of its pinyin (NAIKE), for Latin spellings of it;
* any other term is keyed ``l:`` + its skeleton (see ``normalize.skeleton``), and, when the
  skeleton has at least ``MIN_DELETION_LEN`` characters, ``l:`` + every single-character
  deletion of it. The query side sends its words, runs of two and three words, and the
  single deletions of each word, so any declared word within one edit (insert, delete,
  substitute) of a recorded mark meets it on some key - SymSpell's symmetric deletion,
  without scanning. A term of more than three words is also keyed ``l:`` + the skeleton of
  its first two words, which the query side sends as a two-word phrase.

Each key's item holds *entries* (``TermEntry``): one string per (recordation, term) with the
term, the HS prefixes, the validity and the status, so that screening can drop out-of-scope
and lapsed candidates and score the text before it fetches a single recordation. The
recordation store writes them (``index_entries``); screening's query side
(``screening.textmatch.query_keys``) reads them. ``index_entries`` takes anything shaped
like a recordation (``Indexable``), so this module imports nothing of recordations.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Protocol

from customs_ipr.text import chinese
from customs_ipr.text.normalize import (
    deletions,
    fold,
    is_cjk_char,
    normalize_term,
    skeleton,
)

MIN_DELETION_LEN = 4
MAX_DELETION_LEN = 20
LONG_TERM_WORDS = 3
_SEP = "\x1f"
_WORD_RE = re.compile(r"[0-9a-z]+")
_LATIN_RUN_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z .&'\-]*[0-9A-Za-z]")
_CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
_BRACKETED_RE = re.compile(r"[(\[{《「『“\"'](.+?)[)\]}》」』”\"']")


class Indexable(Protocol):
    """What the index needs of a recordation (``recordations.models.Recordation``)."""

    @property
    def recordation_no(self) -> str: ...
    @property
    def terms(self) -> list[str]: ...
    @property
    def hs_prefixes(self) -> list[str]: ...
    @property
    def valid_from(self) -> date: ...
    @property
    def valid_until(self) -> date: ...
    @property
    def status(self) -> StrEnum: ...


@dataclass(frozen=True)
class TermEntry:
    recordation_no: str
    term: str
    hs_prefixes: tuple[str, ...]
    valid_from: date
    valid_until: date
    status: str

    def encode(self) -> str:
        return _SEP.join(
            (
                self.recordation_no,
                self.term,
                ",".join(self.hs_prefixes),
                self.valid_from.isoformat(),
                self.valid_until.isoformat(),
                self.status,
            )
        )

    @classmethod
    def decode(cls, raw: str) -> TermEntry:
        return _decode(raw)

    @classmethod
    def _from_raw(cls, raw: str) -> TermEntry:
        number, term, hs, start, end, status = raw.split(_SEP)
        return cls(
            number,
            term,
            tuple(p for p in hs.split(",") if p),
            date.fromisoformat(start),
            date.fromisoformat(end),
            status,
        )

    @property
    def normalized(self) -> str:
        return normalize_term(self.term)

    def is_valid_on(self, day: date) -> bool:
        return self.status == "active" and self.valid_from <= day <= self.valid_until


@lru_cache(maxsize=262144)
def _decode(raw: str) -> TermEntry:
    return TermEntry._from_raw(raw)


def is_cjk_term(normalized: str) -> bool:
    return bool(normalized) and is_cjk_char(normalized[0])


@lru_cache(maxsize=65536)
def latin_words(term: str) -> tuple[str, ...]:
    return tuple(normalize_term(w) for w in _WORD_RE.findall(fold(term)))


def designations(term: str) -> list[str]:
    """The term and the names inside it: script runs of a mixed title, bracketed names."""
    found = [term]
    widened = unicodedata.normalize("NFKC", term)
    found += [m.group(1).strip() for m in _BRACKETED_RE.finditer(widened)]
    latin = [m.group() for m in _LATIN_RUN_RE.finditer(term)]
    chinese = _CJK_RUN_RE.findall(term)
    if latin and chinese:
        found += [run for run in latin if len(normalize_term(run)) >= 3] + chinese
    unique: dict[str, str] = {}
    for name in found:
        if len(normalize_term(name)) >= 2 or name == term:
            unique.setdefault(normalize_term(name), name)
    return list(unique.values())


def term_keys(term: str) -> set[str]:
    """Every index key under which ``term`` is stored."""
    normalized = normalize_term(term)
    if not normalized:
        return set()
    if is_cjk_term(normalized):
        pairs, sounds = chinese.index_bigrams(normalized)
        keys = {"c:" + pair for pair in pairs} | {"y:" + sound for sound in sounds}
        if chinese.is_chinese(normalized) and len(normalized) >= 2:
            keys.add("l:" + skeleton(chinese.pinyin_key(normalized)))
        return keys
    skel = skeleton(term)
    keys = {"l:" + skel}
    if MIN_DELETION_LEN <= len(skel) <= MAX_DELETION_LEN:
        keys.update("l:" + variant for variant in deletions(skel))
    words = _WORD_RE.findall(fold(term))
    if len(words) > LONG_TERM_WORDS:
        keys.add("l:" + "".join(skeleton(w) for w in words[:2]))
    return keys


def index_entries(recordation: Indexable) -> dict[str, set[str]]:
    """The encoded entries to store under each key for one recordation."""
    result: dict[str, set[str]] = defaultdict(set)
    prefixes = tuple(recordation.hs_prefixes)
    terms = [d for term in recordation.terms for d in designations(term)]
    for term in dict.fromkeys(terms):
        entry = TermEntry(
            recordation.recordation_no,
            term,
            prefixes,
            recordation.valid_from,
            recordation.valid_until,
            recordation.status.value,
        ).encode()
        for key in term_keys(term):
            result[key].add(entry)
    return dict(result)

"""The term index: which recorded marks a piece of declared text could be.

Index side, for each title and alias of a recordation:

* a term that starts with a CJK character is keyed ``c:`` + its first two characters
  (Chinese marks are written inside longer goods names without spaces, ``耐克运动鞋``, so the
  query side sends every bigram of the declared text and the match is confirmed by
  substring);
* any other term is keyed ``l:`` + its skeleton (see ``normalize.skeleton``), and, when the
  skeleton has at least ``MIN_DELETION_LEN`` characters, ``l:`` + every single-character
  deletion of it. The query side sends its words, runs of two and three words, and the
  single deletions of each word, so any declared word within one edit (insert, delete,
  substitute) of a recorded mark meets it on some key - SymSpell's symmetric deletion,
  without scanning.

Each key's item holds *entries*: one string per (recordation, term) with the term, the HS
prefixes, the validity and the status, so that screening can drop out-of-scope and lapsed
candidates and score the text before it fetches a single recordation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from customs_ipr.recordations.models import Recordation
from customs_ipr.screening.normalize import deletions, is_cjk_char, normalize_term, skeleton

MIN_DELETION_LEN = 4
_SEP = "\x1f"


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


def term_keys(term: str) -> set[str]:
    """Every index key under which ``term`` is stored."""
    normalized = normalize_term(term)
    if not normalized:
        return set()
    if is_cjk_term(normalized):
        return {"c:" + normalized[:2]}
    skel = skeleton(term)
    keys = {"l:" + skel}
    if len(skel) >= MIN_DELETION_LEN:
        keys.update("l:" + variant for variant in deletions(skel))
    return keys


def index_entries(recordation: Recordation) -> dict[str, set[str]]:
    """The encoded entries to store under each key for one recordation."""
    result: dict[str, set[str]] = defaultdict(set)
    prefixes = tuple(recordation.hs_prefixes)
    for term in dict.fromkeys(recordation.terms):
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

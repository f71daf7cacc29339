"""English words, to tell a mark glued to a model word (NIKEAIR) from a word (PEARL).

The word list is pyspellchecker's English frequency dictionary (MIT licence, about 160,000
words with their counts in a large corpus of subtitles and web text; about 1 MB of the
package's 7 MB, read once per container). Two levels:

* a *word* is any entry counted at least ``WORD_MIN_COUNT`` times - PEARL, SPEAR, APPLETON
  are words, so the recorded PEAR or APPLE glued inside them is not looked for;
* a *generic* word, which may be glued to a mark as a model or product word, is a word of
  at least three letters counted at least ``GENERIC_MIN_COUNT`` times (AIR, MAX, PRO, MINI,
  SPORT, BOOST), or a model number (1, 270), or a word and a number (PRO2, MAX270); a
  number is never cut in two.

``glued_cores`` splits a declared token that is not a word into a possible mark and the
generic words around it: ``nikeair`` → ``nike`` (+ ``air``); ``airjordan1`` → ``jordan``
(``air`` + ``1``) and ``airjordan`` (+ ``1``). The mark itself must be at least
``MIN_CORE_LEN`` characters: shorter marks (LV, HP, 3M) are never looked for inside words;
a mark that is itself an English word is looked for only next to a number (STAR in STAR7,
not in BLUESTAR). ``is_word`` also keeps English words out of near matching (PEARL is
not a misspelt PEAR).
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD_MIN_COUNT = 200
GENERIC_MIN_COUNT = 1000
MIN_CORE_LEN = 4
MIN_TOKEN_LEN = MIN_CORE_LEN + 1
MAX_CORES = 6
MIN_GENERIC_LEN = 3
_MODEL_CODE_RE = re.compile(r"^\d+$")


@lru_cache(maxsize=1)
def _counts() -> dict[str, int]:
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def word_count(token: str) -> int:
    return _counts().get(token, 0)


def is_word(token: str) -> bool:
    """A dictionary word (see module docstring); ``token`` is folded, lower-case."""
    return word_count(token) >= WORD_MIN_COUNT


def is_generic(piece: str) -> bool:
    """A model code or a common word that may be glued to a mark."""
    if _MODEL_CODE_RE.match(piece):
        return True
    return len(piece) >= MIN_GENERIC_LEN and word_count(piece) >= GENERIC_MIN_COUNT


@lru_cache(maxsize=65536)
def _generic_run(piece: str) -> bool:
    """Empty, or one or two generic pieces (``air``, ``max270``, ``airmax``)."""
    if not piece or is_generic(piece):
        return True
    return any(is_generic(piece[:i]) and is_generic(piece[i:]) for i in range(1, len(piece)))


def _cuts_a_number(prefix: str, core: str, suffix: str) -> bool:
    return bool(
        (prefix and prefix[-1].isdigit() and core[0].isdigit())
        or (suffix and suffix[0].isdigit() and core[-1].isdigit())
    )


@lru_cache(maxsize=65536)
def glued_cores(token: str) -> tuple[tuple[str, str, str], ...]:
    """``(prefix, core, suffix)`` splits of ``token`` whose prefix and suffix are generic.

    Nothing for tokens that are words, too short, or all digits.
    """
    if len(token) < MIN_TOKEN_LEN or token.isdigit() or not token.isalnum() or is_word(token):
        return ()
    found: list[tuple[str, str, str]] = []
    for start in range(len(token) - MIN_CORE_LEN + 1):
        prefix = token[:start]
        if not _generic_run(prefix):
            continue
        for end in range(len(token), start + MIN_CORE_LEN - 1, -1):
            if start == 0 and end == len(token):
                continue
            core, suffix = token[start:end], token[end:]
            if core.isdigit() or not _generic_run(suffix) or _cuts_a_number(prefix, core, suffix):
                continue
            if is_word(core) and not any(ch.isdigit() for ch in prefix + suffix):
                continue  # a compound of words (BLUESTAR), not a mark glued to a model word
            found.append((prefix, core, suffix))
    # The longest cores first: they are the most specific marks.
    found.sort(key=lambda split: (-len(split[1]), split[0]))
    return tuple(found[:MAX_CORES])

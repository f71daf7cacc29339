"""Reading declared text and finding one recorded term in it, with the transformation used.

Each declared text (brand, name, declaration elements, marks) is folded (``normalize.fold``)
after letters of other scripts that look like Latin ones are replaced
(``homoglyphs.to_latin``), and cut into Latin words and Chinese runs. The *phrases* looked
up are: every run of one to ``MAX_PHRASE_WORDS`` words (so word breaks, punctuation and line
wraps inside a title do not matter), letters spaced or dotted out (``N I K E``,
``N.I.K.E``) read as one word, and the possible marks inside a longer word that is not an
English word (``wordlist.glued_cores``: NIKEAIR → NIKE). Terms longer than
``MAX_PHRASE_WORDS`` words are compared with the declared word sequence directly.

Transformations reported (``Rule``): ``exact``; ``confusable`` (look-alike characters:
other scripts, ``0/o``, ``1/l``, spaced or dotted letters); ``near`` (rapidfuzz ratio of
the skeletons ≥ threshold, marks of at least ``min_len`` characters); ``glued``;
``cross_script`` (the pinyin of a recorded Chinese mark written in Latin letters, NAIKE);
``sound_alike`` and ``look_alike`` (Chinese, see ``screening.near_miss``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from customs_ipr.screening import wordlist
from customs_ipr.screening.homoglyphs import describe, to_latin
from customs_ipr.screening.models import Rule
from customs_ipr.screening.near_miss import near_miss
from customs_ipr.text import chinese
from customs_ipr.text.normalize import (
    compact,
    deletions,
    fold,
    normalize_term,
    skeleton,
)
from customs_ipr.text.terms import MIN_DELETION_LEN, is_cjk_term, latin_words

MAX_PHRASE_WORDS = 3
MAX_DELETION_SOURCE_LEN = 20
MIN_SPACED_LETTERS = 3
MIN_PINYIN_LEN = 4

RULE_RANK = {
    Rule.EXACT: 7,
    Rule.CONFUSABLE: 6,
    Rule.CROSS_SCRIPT: 5,
    Rule.GLUED: 4,
    Rule.LOOK_ALIKE: 3,
    Rule.SOUND_ALIKE: 3,
    Rule.NEAR: 2,
}

_LATIN_WORD_RE = re.compile(r"[0-9a-z!|@$]+")
_CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SPACER_RE = re.compile(r"^[\s.\-·_*]{1,2}$")
_ACCESSORY_EN_RE = re.compile(
    r"(?:compatible\s+with|for\s+use\s+with|suitable\s+for|designed\s+for|replacement\s+for"
    r"|works\s+with|fits?|for)\W*$"
)
_ACCESSORY_ZH = ("适用于", "适用", "用于", "适配", "兼容", "配套", "专用于", "专用", "匹配", "适合")


@dataclass(frozen=True)
class Phrase:
    norm: str
    skel: str
    text: str
    start: int
    words: int
    kind: str = "words"  # words | spaced | glued
    note: str | None = None


@dataclass
class SourceText:
    source: str
    folded: str
    compact: str
    phrases: list[Phrase]
    words: list[tuple[str, int]]
    swapped: str  # the other-script letters replaced, described; "" when none


@dataclass
class TextMatch:
    rule: Rule
    score: float
    source: str
    text: str
    accessory: bool
    detail: str | None = None


def _tokens(folded: str) -> list[tuple[str, int]]:
    words = []
    for found in _LATIN_WORD_RE.finditer(folded):
        token = found.group().strip("!|")
        if token:
            words.append((token, found.start() + found.group().find(token)))
    return words


def _spaced(folded: str, words: list[tuple[str, int]]) -> list[Phrase]:
    """Single letters separated by spaces or dots, read as one word."""
    found: list[Phrase] = []
    run: list[tuple[str, int]] = []
    for word in [*words, ("", -1)]:
        token, at = word
        joined = bool(run) and len(token) == 1 and at > 0
        if joined:
            prev_token, prev_at = run[-1]
            joined = bool(_SPACER_RE.match(folded[prev_at + len(prev_token) : at]))
        if len(token) == 1 and (not run or joined):
            run.append(word)
            continue
        if len(run) >= MIN_SPACED_LETTERS:
            norm = "".join(t for t, _ in run)
            found.append(
                Phrase(norm, skeleton(norm), norm, run[0][1], 1, "spaced", "letters spaced out")
            )
        run = [word] if len(token) == 1 else []
    return found


_FIELD = " \x1e "
_FIELD_PIPE_RE = re.compile(r"(?<![A-Za-z])\||\|(?![A-Za-z])")


@lru_cache(maxsize=8192)
def analyse(source: str, text: str) -> SourceText:
    if source == "spec":
        # declaration elements are fields separated by |; a | between two letters may
        # still be a letter in disguise (N|KE)
        text = _FIELD_PIPE_RE.sub(_FIELD, text)
    latin = to_latin(text)
    folded = fold(latin)
    swapped = describe(text, latin) if latin != text else ""
    words = _tokens(folded)
    phrases: list[Phrase] = []
    for size in range(1, MAX_PHRASE_WORDS + 1):
        for i in range(len(words) - size + 1):
            group = words[i : i + size]
            if size > 1 and "\x1e" in folded[group[0][1] : group[-1][1]]:
                continue  # a phrase never spans two fields of the declaration elements
            norm = "".join(normalize_term(w) for w, _ in group)
            if len(norm) < 2 or (norm.isdigit() and len(norm) < 3):
                continue
            phrases.append(
                Phrase(
                    norm=norm,
                    skel="".join(skeleton(w) for w, _ in group),
                    text=" ".join(w for w, _ in group),
                    start=group[0][1],
                    words=size,
                )
            )
    phrases.extend(_spaced(folded, words))
    for token, at in words:
        for prefix, core, suffix in wordlist.glued_cores(token):
            note = f"inside {token}: " + " + ".join(p for p in (prefix, "…", suffix) if p)
            phrases.append(Phrase(core, skeleton(core), token, at, 1, "glued", note))
    return SourceText(source, folded, compact(folded), phrases, words, swapped)


def query_keys(sources: list[SourceText]) -> set[str]:
    keys: set[str] = set()
    for source in sources:
        for phrase in source.phrases:
            keys.add("l:" + phrase.skel)
            if (
                phrase.kind == "words"
                and phrase.words == 1
                and MIN_DELETION_LEN <= len(phrase.skel) <= MAX_DELETION_SOURCE_LEN
            ):
                keys.update("l:" + variant for variant in deletions(phrase.skel))
        for run in _CJK_RUN_RE.findall(source.compact):
            if len(run) == 1:
                keys.add("c:" + run)
            for i in range(len(run) - 1):
                keys.add("c:" + run[i : i + 2])
                keys.add("y:" + chinese.pinyin_key(run[i : i + 2]))
    return keys


def is_accessory(source: SourceText, latin_start: int | None, compact_start: int | None) -> bool:
    if latin_start is not None:
        before = source.folded[:latin_start]
        if _ACCESSORY_EN_RE.search(before) or compact(before).endswith(_ACCESSORY_ZH):
            return True
    if compact_start is not None:
        return source.compact[:compact_start].endswith(_ACCESSORY_ZH)
    return False


@lru_cache(maxsize=65536)
def term_forms(term: str) -> tuple[str, str, bool, tuple[str, ...], str]:
    """Normalized form, skeleton, whether Chinese, its Latin words, its pinyin."""
    norm = normalize_term(term)
    cjk = is_cjk_term(norm)
    pinyin = chinese.pinyin_key(norm) if cjk and chinese.is_chinese(norm) else ""
    return norm, skeleton(term), cjk, latin_words(term), pinyin


def _chinese_match(norm: str, pinyin: str, source: SourceText) -> TextMatch | None:
    at = source.compact.find(norm)
    if at >= 0:
        return TextMatch(Rule.EXACT, 100.0, source.source, norm, is_accessory(source, None, at))
    if len(pinyin) >= MIN_PINYIN_LEN:
        for phrase in source.phrases:
            if phrase.kind != "glued" and phrase.norm == pinyin:
                detail = f"pinyin {phrase.text} of {norm}"
                accessory = is_accessory(source, phrase.start, None)
                return TextMatch(
                    Rule.CROSS_SCRIPT, 100.0, source.source, phrase.text, accessory, detail
                )
    if not chinese.is_chinese(norm) or len(norm) < 2:
        return None
    best: TextMatch | None = None
    for run in _CJK_RUN_RE.finditer(source.compact):
        text = run.group()
        for i in range(len(text) - len(norm) + 1):
            miss = near_miss(text[i : i + len(norm)], norm)
            if miss is None or (best is not None and best.score >= miss.score):
                continue
            rule = Rule.SOUND_ALIKE if miss.kind == "sound_alike" else Rule.LOOK_ALIKE
            accessory = is_accessory(source, None, run.start() + i)
            best = TextMatch(
                rule, miss.score, source.source, text[i : i + len(norm)], accessory, miss.detail
            )
    return best


def _long_match(words: tuple[str, ...], norm: str, source: SourceText) -> TextMatch | None:
    """A term of more words than phrases have, found in the declared word sequence."""
    declared = [normalize_term(w) for w, _ in source.words]
    for i in range(len(declared)):
        joined = ""
        for j in range(i, len(declared)):
            joined += declared[j]
            if len(joined) >= len(norm):
                break
        if joined == norm:
            start = source.words[i][1]
            text = " ".join(w for w, _ in source.words[i : j + 1])
            return TextMatch(
                Rule.EXACT, 100.0, source.source, text, is_accessory(source, start, None)
            )
    return None


_Candidate = tuple[Rule, float, Phrase, str | None]


def _rank(candidate: _Candidate) -> tuple[int, float]:
    return RULE_RANK[candidate[0]], candidate[1]


def match_term(
    term: str, sources: list[SourceText], threshold: float, min_len: int
) -> list[TextMatch]:
    """Every source in which ``term`` is found, with its best transformation and score there.

    A ``threshold`` above 100 allows exact and confusable matches only (no near, sound- or
    look-alike).
    """
    norm, skel, cjk, words, pinyin = term_forms(term)
    found: list[TextMatch] = []
    for source in sources:
        if cjk:
            hit = _chinese_term_match(norm, pinyin, source, threshold <= 100.0)
        elif len(words) > MAX_PHRASE_WORDS:
            hit = _long_match(words, norm, source)
        else:
            hit = _latin_match(norm, skel, source, threshold, min_len)
        if hit is not None:
            found.append(hit)
    return found


def _chinese_term_match(
    norm: str, pinyin: str, source: SourceText, near_allowed: bool
) -> TextMatch | None:
    if near_allowed:
        return _chinese_match(norm, pinyin, source)
    at = source.compact.find(norm)
    if at < 0:
        return None
    return TextMatch(Rule.EXACT, 100.0, source.source, norm, is_accessory(source, None, at))


def _latin_match(
    norm: str, skel: str, source: SourceText, threshold: float, min_len: int
) -> TextMatch | None:
    """The best phrase of ``source`` for a Latin term of at most ``MAX_PHRASE_WORDS`` words."""
    best: _Candidate | None = None
    for phrase in source.phrases:
        candidate = _phrase_candidate(phrase, norm, skel, source, threshold, min_len)
        if candidate is not None and (best is None or _rank(candidate) > _rank(best)):
            best = candidate
    if best is None:
        return None
    rule, score, phrase, detail = best
    accessory = is_accessory(source, phrase.start, None)
    return TextMatch(rule, score, source.source, phrase.text, accessory, detail)


def _phrase_candidate(
    phrase: Phrase, norm: str, skel: str, source: SourceText, threshold: float, min_len: int
) -> _Candidate | None:
    if phrase.norm == norm:
        return _equal_candidate(phrase, source)
    if len(skel) < min_len or abs(len(phrase.skel) - len(skel)) > 3:
        return None
    if phrase.norm.isdigit():
        return None  # a number is a model or quantity, not a mark in disguise
    if phrase.skel == skel:
        rule = Rule.GLUED if phrase.kind == "glued" else Rule.CONFUSABLE
        return rule, 100.0, phrase, phrase.note or source.swapped or None
    if phrase.kind == "glued" or threshold > 100.0:
        return None
    if any(wordlist.is_word(w) for w in phrase.text.split() if len(w) >= 3):
        return None  # an English word is not a misspelt mark (PEARL, LIONS)
    return _near_candidate(phrase, skel, threshold)


def _equal_candidate(phrase: Phrase, source: SourceText) -> _Candidate:
    """A phrase whose normalized form is the term's: how it was written decides the rule."""
    if phrase.kind == "glued":
        return Rule.GLUED, 100.0, phrase, phrase.note
    if phrase.kind == "spaced":
        return Rule.CONFUSABLE, 100.0, phrase, phrase.note
    if source.swapped:
        return Rule.CONFUSABLE, 100.0, phrase, source.swapped
    return Rule.EXACT, 100.0, phrase, None


def _near_candidate(phrase: Phrase, skel: str, threshold: float) -> _Candidate | None:
    from rapidfuzz import fuzz

    score = fuzz.ratio(phrase.skel, skel)
    if score < threshold:
        return None
    return Rule.NEAR, round(score, 1), phrase, None

"""Finding labelled values on lines of words, whatever the layout.

A value is read relative to its label, never at fixed coordinates: first the words after
the label on the same line (up to the next label: "value beside"), otherwise the words
on the following lines that lie in the label's column, from the label's left edge to the
next label on the label's line (a bordered grid printing the value "below, in the same
cell"). Labels may be Chinese, English or both (``境内收货人 Domestic consignee``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from customs_ipr.documents.pdf import Line, Word

_MAX_LINES_BELOW = 3
_MAX_GAP_BELOW = 45.0
_X_TOLERANCE = 4.0


@dataclass(frozen=True, slots=True)
class LabelHit:
    field: str
    line_index: int
    first_word: int
    last_word: int
    rest: str
    """Text glued to the label inside its last word (``海关编号:2244...`` → ``2244...``)."""
    x0: float


def _alias_pattern(alias: str) -> str:
    escaped = re.escape(alias).replace(r"\ ", r"\s+")
    escaped = escaped.replace(r"\(地区\)", r"(?:\(地区\))?")
    if re.search(r"[A-Za-z]$", alias) or alias.endswith("."):
        return escaped + r"(?![A-Za-z])"
    return escaped


class LabelSet:
    """A set of labels, each mapped to a field name (``None`` for labels read only as
    boundaries of their neighbours' values)."""

    def __init__(self, fields: Mapping[str, Sequence[str]]) -> None:
        pairs: list[tuple[str, str]] = []
        for field, aliases in fields.items():
            for alias in aliases:
                pairs.append((alias, field))
        pairs.sort(key=lambda pair: -len(pair[0]))
        self._field_by_group: dict[str, str] = {}
        parts = []
        for number, (alias, field) in enumerate(pairs):
            group = f"g{number}"
            self._field_by_group[group] = field
            parts.append(f"(?P<{group}>{_alias_pattern(alias)})")
        self._regex = re.compile("|".join(parts), re.IGNORECASE)
        self._start = re.compile("(?:" + "|".join(parts) + ")", re.IGNORECASE)
        self._first_chars = {alias[0].lower() for alias, _ in pairs} | {
            alias[0].upper() for alias, _ in pairs
        }

    def starts_line(self, line: Line) -> bool:
        """Does the line begin with a label? (cheap: no search along the line)"""
        text = line.words[0].text if line.words else ""
        if not text or text[0] not in self._first_chars:
            return False
        return self._start.match(line.text) is not None

    def find(self, line: Line, line_index: int) -> list[LabelHit]:
        """Labels on a line, left to right; each must start at the start of a word (so
        the alternation is tried at word starts only, never along the whole line)."""
        words = line.words
        starts: list[int] = []
        offset = 0
        for word in words:
            starts.append(offset)
            offset += len(word.text) + 1
        text = " ".join(word.text for word in words)
        hits: list[LabelHit] = []
        position = 0
        for first, start in enumerate(starts):
            if start < position:
                continue
            match = self._regex.match(text, start)
            if match is None:
                continue
            end = match.end()
            last = first
            while last + 1 < len(starts) and starts[last + 1] < end:
                last += 1
            word_end = starts[last] + len(words[last].text)
            rest = text[end:word_end]
            field = self._field_by_group[match.lastgroup or ""]
            hits.append(LabelHit(field, line_index, first, last, rest, words[first].x0))
            position = word_end + 1
        return hits


def _words_text(words: Iterable[Word]) -> str:
    return " ".join(w.text for w in words).strip()


def read_values(
    lines: Sequence[Line], labels: LabelSet, *, skip: set[int] | None = None
) -> dict[str, str]:
    """Every labelled value on the page (first occurrence of a field wins).

    ``skip`` names line indexes not to read labels from (the goods table).
    """
    skip = skip or set()
    hits_by_line: dict[int, list[LabelHit]] = {}
    for index, line in enumerate(lines):
        if index in skip:
            continue
        found = labels.find(line, index)
        if found:
            hits_by_line[index] = found
    values: dict[str, str] = {}
    for index, hits in hits_by_line.items():
        line = lines[index]
        for position, hit in enumerate(hits):
            following = hits[position + 1] if position + 1 < len(hits) else None
            stop_word = following.first_word if following else len(line.words)
            beside = hit.rest + " " + _words_text(line.words[hit.last_word + 1 : stop_word])
            value = beside.strip().lstrip(":").strip()
            if not value:
                right = following.x0 if following else float("inf")
                value = _below(lines, hits_by_line, skip, hit, right)
            if hit.field and value and hit.field not in values:
                values[hit.field] = value
    return values


def _below(
    lines: Sequence[Line],
    hits_by_line: dict[int, list[LabelHit]],
    skip: set[int],
    hit: LabelHit,
    right: float,
) -> str:
    left = hit.x0 - _X_TOLERANCE
    label_top = lines[hit.line_index].top
    collected: list[str] = []
    for index in range(hit.line_index + 1, min(len(lines), hit.line_index + 1 + _MAX_LINES_BELOW)):
        line = lines[index]
        if index in skip or line.top - label_top > _MAX_GAP_BELOW:
            break
        if any(left <= h.x0 < right for h in hits_by_line.get(index, ())):
            break
        in_cell = [w for w in line.words if left <= w.x0 < right - 1]
        if not in_cell:
            if collected:
                break
            continue
        collected.append(_words_text(in_cell))
    return " ".join(collected).strip()

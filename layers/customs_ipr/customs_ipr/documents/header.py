"""Reading a declaration's header fields: each label's value, from the label's cell.

Strategy. Every label of the vocabulary (:mod:`vocabulary`) is found on the page's
lines. Each label then owns a region, and its value is the words of that region that are
not labels:

- where ruling lines enclose the label, the region is that CELL (the rules are the best
  evidence); a cell holding nothing but the label takes its value from the cell to its
  right (label cell | value cell forms);
- where there are no rules, ALIGNMENT decides: the region runs from the label's left edge
  to the next label on the same line, and down the following lines until a line that
  holds another label, a wide gap or the goods table.

In the region the value is first the words beside the label (after an optional colon),
then the lines below (a value below its label, a value wrapped over several lines, an
enterprise code on a line of its own such as ``统一社会信用代码: …``). A bilingual label
stacked over two lines (``境内收货人`` over ``Domestic consignee``) is one label. A
value that is only a code in parentheses beside the label (``境内收货人(9131…)``) is kept
and the name is read below it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from customs_ipr.documents.labels import LabelHit, LabelSet
from customs_ipr.documents.pdf import Line, Rule, Word
from customs_ipr.documents.vocabulary import LABEL_TAILS

_PAGE_MARK = re.compile(r"^(?:第\s*\d+\s*页|page\s+\d+|\d+\s*/\s*\d+$|共\s*\d+\s*页)", re.I)
_ONLY_CODE = re.compile(r"^[\s(:]*[0-9A-Z]{10,18}[\s)]*$")
_MAX_LINES = 6


@dataclass(frozen=True, slots=True)
class Region:
    x0: float
    x1: float
    top: float
    bottom: float


def _cell(rules: Sequence[Rule], x: float, y: float) -> Region | None:
    """The smallest rectangle of rules around a point, if rules enclose it on all sides."""
    left = right = top = bottom = None
    for rule in rules:
        if rule.vertical and rule.top - 1 <= y <= rule.bottom + 1:
            if rule.x0 <= x and (left is None or rule.x0 > left):
                left = rule.x0
            elif rule.x0 > x and (right is None or rule.x0 < right):
                right = rule.x0
        elif rule.horizontal and rule.x0 - 1 <= x <= rule.x1 + 1:
            if rule.top <= y and (top is None or rule.top > top):
                top = rule.top
            elif rule.top > y and (bottom is None or rule.top < bottom):
                bottom = rule.top
    if left is None or right is None or top is None or bottom is None:
        return None
    return Region(left, right, top, bottom)


def _bottom_rule(rules: Sequence[Rule], x: float, y: float) -> float | None:
    found = None
    for rule in rules:
        below = rule.horizontal and rule.x0 - 1 <= x <= rule.x1 + 1 and rule.top > y + 1
        if below and (found is None or rule.top < found):
            found = rule.top
    return found


def line_pitch(lines: Sequence[Line]) -> float:
    """The distance between two lines of one wrapped text: the smallest gap between
    consecutive lines that is at least the font size (lines of cells aligned at half a
    line from each other are closer than that)."""
    sizes = sorted(w.size for line in lines for w in line.words[:1] if w.size > 0)
    size = sizes[len(sizes) // 2] if sizes else 8.0
    gaps = [b.top - a.top for a, b in itertools.pairwise(lines)]
    fitting = [g for g in gaps if g >= 0.95 * size]
    return min(fitting) if fitting else size * 1.3


def join_text(parts: Sequence[str]) -> str:
    """Wrapped pieces: CJK joins directly, anything else with a space."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (_cjk(out[-1]) and _cjk(part[0])):
            out += " "
        out += part
    return out


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


class HeaderReader:
    """Values of the labels of one page (see the module docstring)."""

    def __init__(
        self, lines: Sequence[Line], rules: Sequence[Rule], labels: LabelSet, skip: set[int]
    ) -> None:
        self.lines = lines
        self.rules = rules
        self.skip = skip
        self.hits: dict[int, list[LabelHit]] = {}
        for index, line in enumerate(lines):
            if index in skip or _PAGE_MARK.match(line.text):
                continue
            found = _merge(labels.find(line, index), line)
            if found:
                self.hits[index] = found
        self.pitch = line_pitch(lines)
        self.stacked: set[tuple[int, int]] = set()
        for index, hits in self.hits.items():
            for hit in hits:
                if any(self._below_label(h, hit) for h in self._above(index)):
                    self.stacked.add((index, hit.first_word))

    def _above(self, index: int) -> list[LabelHit]:
        """Labels on the line above, if it is close (one line pitch, not a new row)."""
        above = self.hits.get(index - 1, [])
        if above and self.lines[index].top - self.lines[index - 1].top > 1.6 * self.pitch:
            return []
        if index >= 1 and self.lines[index - 1].words[0].text in LABEL_TAILS:
            above = above + self.hits.get(index - 2, [])  # 启运国 / (地区) / Country of…
        return above

    def _below_label(self, upper: LabelHit, lower: LabelHit) -> bool:
        """Is ``lower`` the same label continued under ``upper``, within its column?"""
        if upper.field != lower.field and {upper.field, lower.field} != _ALIKE:
            return False
        if not upper.field:  # labels read by nobody: only a label right under another
            return _overlap(self.lines, upper, lower)
        words = self.lines[upper.line_index].words
        hits = self.hits[upper.line_index]
        after = [h for h in hits if words[h.first_word].x0 > words[upper.first_word].x0]
        right = min((words[h.first_word].x0 for h in after), default=float("inf"))
        x0 = self.lines[lower.line_index].words[lower.first_word].x0
        return _overlap(self.lines, upper, lower) or words[upper.first_word].x0 - 4 <= x0 < right

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for index, hits in self.hits.items():
            for position, hit in enumerate(hits):
                if not hit.field or hit.field in out or (index, hit.first_word) in self.stacked:
                    continue
                following = hits[position + 1] if position + 1 < len(hits) else None
                value = self._value(hit, following)
                if value:
                    out[hit.field] = value
        return out

    def _value(self, hit: LabelHit, following: LabelHit | None) -> str:
        line = self.lines[hit.line_index]
        first = line.words[hit.first_word]
        cell = _cell(self.rules, first.x0 + 1, line.top + 1) if self.rules else None
        if cell is not None:
            right = cell.x1
            if following is not None:
                right = min(right, line.words[following.first_word].x0)
            bottom = cell.bottom
        else:
            right = line.words[following.first_word].x0 if following else float("inf")
            bottom = _bottom_rule(self.rules, first.x0 + 1, line.top) or float("inf")
        # without rules, a neighbour's value may start a little left of its label
        right -= 1 if cell is not None else 4
        stop = following.first_word if following else len(line.words)
        beside_words = [w for w in line.words[hit.last_word + 1 : stop] if w.x0 < right]
        if cell is None and following is None:  # a far word belongs to another column
            beside_words = _near(line.words[hit.last_word], beside_words)
        beside = (hit.rest + " " + " ".join(w.text for w in beside_words)).strip()
        beside = beside.lstrip(":").strip()
        parts = [beside] if beside else []
        if not beside or _ONLY_CODE.match(beside):
            parts += self._below(hit, first.x0 - 3, right, bottom)
        else:
            parts += self._continued(hit, beside_words, right, bottom)
        if cell is not None and (not parts or all(_ONLY_CODE.match(p) for p in parts)):
            parts += self._right_cell(cell)
        return join_text(parts)

    def _region_lines(self, hit: LabelHit, left: float, right: float, bottom: float):  # type: ignore[no-untyped-def]
        """(index, words in the region) for the lines below the label, until a stop."""
        label_line = self.lines[hit.line_index]
        previous_top = label_line.top
        height = self.pitch
        for index in range(hit.line_index + 1, min(len(self.lines), hit.line_index + _MAX_LINES)):
            line = self.lines[index]
            if index in self.skip or line.top >= bottom - 1 or _PAGE_MARK.match(line.text):
                return
            if bottom == float("inf") and line.top - previous_top > 2.6 * height:
                return
            hits = self.hits.get(index, [])
            own = [h for h in hits if (index, h.first_word) in self.stacked]
            others = [h for h in hits if (index, h.first_word) not in self.stacked]
            if bottom == float("inf") and any(line.words[h.first_word].x0 < right for h in others):
                return  # a label in or left of the region: the next row (labels to the right
                # belong to taller neighbouring cells)
            words = [w for w in line.words if left <= w.x0 < right and not _tail(w, index, hit)]
            if others:  # inside a ruled cell: stop at another label within the region
                cut = [
                    line.words[h.first_word].x0
                    for h in others
                    if left <= line.words[h.first_word].x0 < right
                ]
                if cut:
                    return
            if own:
                label_words = {i for h in own for i in range(h.first_word, h.last_word + 1)}
                words = [
                    w
                    for i, w in enumerate(line.words)
                    if i not in label_words and left <= w.x0 < right and not _tail(w, index, hit)
                ]
                glued = [
                    (line.words[h.last_word], h.rest)
                    for h in own
                    if h.rest.strip(" :") and left <= line.words[h.first_word].x0 < right
                ]
                words = [
                    Word(rest.strip(" :"), w.x0, w.x1, w.top, rest, w.size) for w, rest in glued
                ] + words
            previous_top = line.top
            yield index, words

    def _below(self, hit: LabelHit, left: float, right: float, bottom: float) -> list[str]:
        parts: list[str] = []
        for _, words in self._region_lines(hit, left, right, bottom):
            if words:
                parts.append(" ".join(w.text for w in words))
            elif parts:
                break
        return parts

    def _continued(
        self, hit: LabelHit, beside: list[Word], right: float, bottom: float
    ) -> list[str]:
        """Lines wrapping a value printed beside its label: aligned under the value (or,
        for an enterprise code on its own line, anywhere under the label)."""
        label_x = self.lines[hit.line_index].words[hit.first_word].x0
        if not beside and not hit.rest.strip(" :"):
            return []
        starts = [w.x0 for w in beside] or [label_x]  # a name may follow a code beside it
        parts: list[str] = []
        for _, words in self._region_lines(hit, label_x - 3, right, bottom):
            if not words:
                break
            text = " ".join(w.text for w in words)
            aligned = any(abs(words[0].x0 - x) <= 3 for x in [*starts, label_x])
            if aligned or bottom != float("inf") or _is_code_line(text):
                parts.append(text)
            else:
                break
        return parts

    def _right_cell(self, cell: Region) -> list[str]:
        neighbour = _cell(self.rules, cell.x1 + 1, (cell.top + cell.bottom) / 2)
        if neighbour is None:
            return []
        parts = []
        for index, line in enumerate(self.lines):
            if not (neighbour.top <= line.top + 1 and line.top < neighbour.bottom - 1):
                continue
            if self.hits.get(index) and any(
                neighbour.x0 <= line.words[h.first_word].x0 < neighbour.x1 for h in self.hits[index]
            ):
                return []
            words = [w for w in line.words if neighbour.x0 <= w.x0 < neighbour.x1 - 1]
            if words:
                parts.append(" ".join(w.text for w in words))
        return parts


_CODE_LINE = re.compile(
    r"^(?:统一社会信用代码|社会信用代码|海关编码|企业代码|USCC|Customs code|Code)\s*:?", re.I
)


_FAR = 80.0


def _near(label: Word, words: list[Word]) -> list[Word]:
    """The words beside a label up to the first gap wider than any value's spacing."""
    near: list[Word] = []
    previous = label.x1
    for word in words:
        if word.x0 - previous > _FAR:
            break
        near.append(word)
        previous = word.x1
    return near


def _tail(word: Word, index: int, hit: LabelHit) -> bool:
    """The rest of a label split over two lines (``启运国`` over ``（地区）``)."""
    return index == hit.line_index + 1 and word.text in LABEL_TAILS


def _is_code_line(text: str) -> bool:
    return bool(_CODE_LINE.match(text))


def _overlap(lines: Sequence[Line], a: LabelHit, b: LabelHit) -> bool:
    wa = lines[a.line_index].words
    wb = lines[b.line_index].words
    return (
        wa[a.first_word].x0 - 4 <= wb[b.last_word].x1
        and wb[b.first_word].x0 - 4 <= wa[a.last_word].x1
    )


def _merge(hits: list[LabelHit], line: Line) -> list[LabelHit]:
    """Adjacent labels forming one phrase (``境内收货人 Domestic consignee``, or
    ``经营单位 Exporter``) are one label; the more specific field names it."""
    merged: list[LabelHit] = []
    for hit in hits:
        last = merged[-1] if merged else None
        if (
            last is not None
            and hit.first_word == last.last_word + 1
            and not last.rest.strip(" :")
            and _gap(line, last.last_word, hit.first_word) <= 1.5 * _size(line, hit.first_word)
        ):
            field = last.field if last.field not in _WEAK else hit.field
            merged[-1] = LabelHit(
                field, last.line_index, last.first_word, hit.last_word, hit.rest, last.x0
            )
        else:
            merged.append(hit)
    return merged


_WEAK = ("", "operating_unit")
_ALIKE = {"operating_unit", "consignee"}
"""The pre-2018 form's 经营单位 over its English label (``Domestic consignor``): one label."""


def _gap(line: Line, left: int, right: int) -> float:
    return line.words[right].x0 - line.words[left].x1


def _size(line: Line, index: int) -> float:
    return line.words[index].size or 8.0

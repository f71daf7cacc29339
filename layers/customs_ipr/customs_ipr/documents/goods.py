"""Reading the goods table: header by vocabulary, columns by rules or alignment, rows by
item numbers.

- The HEADER is the line with the most column labels (:data:`vocabulary.COLUMNS`) plus
  the lines stacked on it (multi-line header cells: ``原产国`` over ``(地区)``, Chinese over
  English); inside rules, the header row's cell. Each column's words are joined top to
  bottom and named by the longest label they contain, so any order and any subset of
  columns reads, and unknown columns are kept as boundaries.
- COLUMNS are the intervals between vertical rules where the header has them; otherwise
  each runs from its header's left edge to the next header's.
- A ROW starts at the line whose item column holds an item number (``3``, ``第3项``), on
  the left or the right. Other lines belong to the row whose horizontal rules enclose
  them; without rules, lines between two item lines are split at the widest vertical gap
  (the space between rows), so a name or the declaration elements may wrap above or below
  the item line.
- The table continues over pages, with or without a repeated header; page numbers and a
  repeated pre-entry number are skipped; it ends at the first line that starts with a
  header-field label (the declarant's block) or a wide gap.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from customs_ipr.documents.header import join_text, line_pitch
from customs_ipr.documents.labels import LabelSet
from customs_ipr.documents.normalize import nfkc
from customs_ipr.documents.pdf import Line, Rule
from customs_ipr.documents.vocabulary import COLUMNS

COLUMN_LABELS = LabelSet(COLUMNS)
_ALIASES = sorted(
    ((nfkc(alias).lower(), role) for role, aliases in COLUMNS.items() for alias in aliases),
    key=lambda pair: -len(pair[0]),
)
_ITEM = re.compile(r"^(?:第\s*)?(\d{1,4})\s*(?:项)?\.?$")
_PAGE_MARK = re.compile(r"^(?:第\s*\d+\s*页|page\s+\d+|\d+\s*/\s*\d+$|共\s*\d+\s*页)", re.I)
_DATA = re.compile(r"\d{6,}|\|")


@dataclass(slots=True)
class Column:
    role: str
    x0: float
    x1: float
    ruled: bool = False
    hx0: float = 0.0
    """Left edge of the header's words (a centred header starts right of its column)."""
    hx1: float = 0.0


@dataclass(slots=True)
class Row:
    item_no: int
    cells: dict[str, list[str]] = field(default_factory=dict)


def _pitch(lines: Sequence[Line]) -> float:
    return line_pitch(lines)


def _phrases(line: Line, gap: float) -> list[tuple[float, float, str]]:
    """Words a space apart, as (x0, x1, text); a space is at most 0.55 of the font size
    (half-width CJK fonts print a space as 0.5 em; Latin fonts narrower)."""
    out: list[tuple[float, float, str]] = []
    for word in line.words:
        if out and word.x0 - out[-1][1] <= (0.55 * word.size if word.size else gap):
            x0, _, text = out[-1]
            out[-1] = (x0, word.x1, text + " " + word.text)
        else:
            out.append((word.x0, word.x1, word.text))
    return out


def role_of(text: str) -> str | None:
    """The column role whose longest label the header text contains."""
    value = re.sub(r"\s+", " ", nfkc(text).lower())
    compact = value.replace(" ", "")
    for alias, role in _ALIASES:
        if alias in value or (not alias.isascii() and alias in compact):
            return role
    return None


class TableReader:
    """Reads the goods rows page by page; keeps the columns across pages."""

    def __init__(self, header_labels: LabelSet) -> None:
        self.header_labels = header_labels
        self.columns: list[Column] | None = None
        self.rows: list[Row] = []
        self.found = False

    def read_page(self, lines: Sequence[Line], rules: Sequence[Rule]) -> set[int]:
        """Add this page's rows; returns the indexes of the lines the table used."""
        pitch = _pitch(lines)
        used: set[int] = set()
        start = 0
        band = self._header(lines, rules, pitch)
        if band is not None:
            first, last, columns = band
            self.columns = columns
            self.found = True
            used.update(range(first, last + 1))
            start = last + 1
        if self.columns is None:
            return used
        body: list[int] = []
        ended = False
        previous_top: float | None = None
        for index in range(start, len(lines)):
            line = lines[index]
            if _PAGE_MARK.match(line.text):
                used.add(index)
                continue
            if self.header_labels.starts_line(line):
                if body:
                    ended = True
                    break
                continue  # a repeated page header above the continued table
            if previous_top is not None and line.top - previous_top > 5 * pitch and not rules:
                ended = True
                break
            body.append(index)
            previous_top = line.top
        used.update(body)
        self._rows(lines, body, rules)
        if ended:
            self.columns = None
        return used

    # ------------------------------------------------------------------ header
    def _header(self, lines: Sequence[Line], rules: Sequence[Rule], pitch: float):  # type: ignore[no-untyped-def]
        """(first line, last line, columns) of the table header on this page, or None."""
        candidates = []
        for index, line in enumerate(lines):
            if len(line.words) < 3 or _DATA.search(line.text):
                continue
            roles = {h.field for h in COLUMN_LABELS.find(line, index)}
            if len(roles) >= 3:
                candidates.append((-len(roles), index))
        for _, best in sorted(candidates)[:3]:
            first = last = best
            while first > 0 and best - first < 2 and _stacked(lines, first - 1, first, pitch):
                first -= 1
            while (
                last + 1 < len(lines) and last - best < 5 and _stacked(lines, last, last + 1, pitch)
            ):
                last += 1
            band = [lines[i] for i in range(first, last + 1)]
            verticals = sorted(
                {
                    round(r.x0, 1)
                    for r in rules
                    if r.vertical and r.top - 2 <= band[0].top <= r.bottom
                }
            )
            columns = _columns(band, verticals, pitch)
            roles = {c.role for c in columns}
            if len(roles - {""}) >= 3 and {"hs", "name"} & roles and "item" in roles:
                return first, last, columns
        return None

    # ------------------------------------------------------------------ rows
    def _cells(self, line: Line, pitch: float, strips: Sequence[tuple] = ()) -> dict[str, str]:
        assert self.columns is not None
        out: dict[str, list[str]] = {}
        for x0, x1, text in _phrases(line, pitch * 0.45):
            column = (
                next((c for a, b, c in strips if a <= x0 and x1 <= b), None)
                or (_overlapping(self.columns, x0, x1) if strips else None)
                or _between(self.columns, x0, text)
            )
            if column is not None and column.role:
                out.setdefault(column.role, []).append(text)
        return {role: " ".join(texts) for role, texts in out.items()}

    def _rows(self, lines: Sequence[Line], body: list[int], rules: Sequence[Rule]) -> None:
        if not body or self.columns is None:
            return
        pitch = _pitch(lines)
        strips: list[tuple] = []
        if not any(c.ruled for c in self.columns):
            phrases = [p for i in body for p in _phrases(lines[i], pitch * 0.45)]
            strips = blocks(self.columns, phrases)
        cells = {i: self._cells(lines[i], pitch, strips) for i in body}
        anchors = [i for i in body if _anchor(cells[i], self.columns)]
        if not anchors:
            if self.rows:  # the previous page's last row continues
                for i in body:
                    _add(self.rows[-1], cells[i])
            return
        owner = self._owners(lines, body, anchors, rules)
        page_rows: dict[int, Row] = {}
        for a in anchors:
            match = _ITEM.match(cells[a]["item"].strip())
            assert match is not None
            page_rows[a] = Row(int(match.group(1)))
            self.rows.append(page_rows[a])
        for i in body:
            _add(page_rows[owner[i]], cells[i])

    def _owners(
        self, lines: Sequence[Line], body: list[int], anchors: list[int], rules: Sequence[Rule]
    ) -> dict[int, int]:
        assert self.columns is not None
        left, right = self.columns[0].x0, self.columns[-1].x1
        span = right - left if right != float("inf") else 300.0
        bands = sorted(
            {round(r.top, 1) for r in rules if r.horizontal and r.x1 - r.x0 >= 0.5 * span}
        )
        owner: dict[int, int] = {}

        def band(i: int) -> int:
            return sum(1 for b in bands if b <= lines[i].top + 1)

        anchor_of_band = {band(a): a for a in anchors}
        if len(bands) >= 2 and len(anchor_of_band) == len(anchors):  # one row per band
            last = anchors[0]
            for i in body:
                last = anchor_of_band.get(
                    band(i), last if band(i) > band(anchors[0]) else anchors[0]
                )
                owner[i] = last
            return owner
        position = {i: n for n, i in enumerate(body)}
        for i in body:
            if i <= anchors[0]:
                owner[i] = anchors[0]
            elif i >= anchors[-1]:
                owner[i] = anchors[-1]
        for a, b in itertools.pairwise(anchors):
            between = body[position[a] : position[b] + 1]
            gaps = [
                (lines[y].top - lines[x].top, n)
                for n, (x, y) in enumerate(itertools.pairwise(between))
            ]
            widest = max(gaps)[1] if gaps else 0
            for n, i in enumerate(between):
                owner[i] = a if n <= widest else b
        return owner


def _add(row: Row, cells: dict[str, str]) -> None:
    for role, text in cells.items():
        row.cells.setdefault(role, []).append(text)


def _anchor(cells: dict[str, str], columns: Sequence[Column]) -> bool:
    if not _ITEM.match(cells.get("item", "").strip()):
        return False
    if any(c.role == "hs" for c in columns):
        return len(re.sub(r"\D", "", cells.get("hs", ""))) >= 6
    return True


def _stacked(lines: Sequence[Line], upper: int, lower: int, pitch: float) -> bool:
    """Is line ``lower`` part of the same header band as ``upper``? Lines of one header
    cell stand at most a line's pitch apart (with the jitter of hand-made layouts) or 1.6
    times their font size apart (the page's pitch is its closest pair of lines, which
    jitter makes closer than the header's own spacing); the first data line stands
    further below."""
    gap = lines[lower].top - lines[upper].top
    size = min((w.size for i in (upper, lower) for w in lines[i].words), default=0.0)
    if gap > max(pitch * 1.18 + 0.8, 1.6 * size):
        return False
    return not any(_DATA.search(line.text) for line in (lines[upper], lines[lower]))


def _columns(band: list[Line], verticals: list[float], pitch: float) -> list[Column]:
    groups: list[list[tuple[float, float, str, float]]] = []
    if len(verticals) >= 3:
        edges = list(verticals)
        for x0, x1 in itertools.pairwise(edges):
            members = [
                (p[0], p[1], p[2], line.top)
                for line in band
                for p in _phrases(line, pitch * 0.45)
                if x0 - 1 <= p[0] < x1 - 1
            ]
            groups.append(members or [(x0, x1, "", 0.0)])
        bounds = list(itertools.pairwise(edges))
    else:
        ordered = sorted(
            ((p[0], p[1], p[2], line.top) for line in band for p in _phrases(line, pitch * 0.45)),
            key=lambda p: p[0],
        )
        for p in ordered:
            if groups and p[0] <= max(q[1] for q in groups[-1]) + 1:
                groups[-1].append(p)
            else:
                groups.append([p])
        starts = [min(q[0] for q in g) for g in groups]
        bounds = [(s, e) for s, e in zip(starts, [*starts[1:], float("inf")], strict=False)]
    columns: list[Column] = []
    for group, (x0, x1) in zip(groups, bounds, strict=False):
        text = join_text([q[2] for q in sorted(group, key=lambda q: (q[3], q[0]))])
        role = role_of(text) or ""
        if role and any(c.role == role for c in columns):
            role = ""
        texts = [q for q in group if q[2]]
        hx0 = min((q[0] for q in texts), default=x0)
        hx1 = max((q[1] for q in texts), default=x0)
        columns.append(Column(role, x0, x1, len(verticals) >= 3, hx0, hx1))
    return columns


_TYPED = {"hs": re.compile(r"^[\d.\s]+$"), "item": _ITEM}
"""Columns that hold only one kind of value: a phrase of another kind is not theirs."""


def _between(columns: Sequence[Column], x0: float, text: str) -> Column | None:
    """The column of a phrase outside every header strip: the one whose header starts
    left of it, unless that column holds only HS codes or item numbers and the phrase is
    none; then the next column (a centred header stands right of its column's left edge,
    so data left-aligned in the column starts left of its header)."""
    at = next((n for n, c in enumerate(columns) if c.x0 - 3 <= x0 < c.x1 - 3), None)
    if at is None:
        return columns[0] if x0 < columns[0].x0 else None
    typed = _TYPED.get(columns[at].role)
    if typed is not None and not typed.match(text.strip()) and at + 1 < len(columns):
        return columns[at + 1]
    return columns[at]


def _overlapping(columns: Sequence[Column], x0: float, x1: float) -> Column | None:
    """The column whose header words overlap the phrase most, if any does."""
    best, most = None, 0.0
    for column in columns:
        shared = min(x1, column.hx1) - max(x0, column.hx0)
        if column.role and shared > most:
            best, most = column, shared
    return best


def blocks(columns: Sequence[Column], phrases: Sequence[tuple[float, float, str]]):  # type: ignore[no-untyped-def]
    """Without vertical rules: the table's vertical strips of ink (header words and every
    data word merged where they overlap), each with the one column whose header lies in
    it. Data centred or right-aligned under a header aligned otherwise still falls in the
    header's strip, because columns are separated by white space."""
    spans = sorted(
        [(p[0], p[1]) for p in phrases]
        + [(c.hx0, c.hx1) for c in columns if c.role and c.hx1 > c.hx0]
    )
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + 1.0:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    out: list[tuple[float, float, Column]] = []
    for x0, x1 in merged:
        owners = [c for c in columns if c.role and c.hx1 > c.hx0 and c.hx0 < x1 and c.hx1 > x0]
        if len(owners) == 1:
            out.append((x0, x1, owners[0]))
    return out

"""Plain-text tables for the terminal: columns aligned, Chinese counted as two cells wide."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    """Terminal cells ``text`` takes: wide (Chinese) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` cells, with an ellipsis when cut."""
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        cells = width(ch)
        if used + cells > limit - 1:
            break
        out.append(ch)
        used += cells
    return "".join(out) + "…"


def pad(text: str, cells: int) -> str:
    return text + " " * max(cells - width(text), 0)


def table(header: Sequence[str], rows: Sequence[Sequence[object]], *, limit: int = 48) -> str:
    """Rows under a header, each column as wide as its widest cell (cut at ``limit``)."""
    cells = [[clip("—" if v is None or v == "" else str(v), limit) for v in row] for row in rows]
    widths = [width(h) for h in header]
    for row in cells:
        widths = [max(w, width(v)) for w, v in zip(widths, row, strict=True)]
    lines = ["  ".join(pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    for row in cells:
        lines.append("  ".join(pad(v, w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def fields(pairs: Sequence[tuple[str, object]]) -> str:
    """``label  value`` lines, labels aligned."""
    shown = [(k, "—" if v is None or v == "" else str(v)) for k, v in pairs]
    label_width = max((width(k) for k, _ in shown), default=0)
    return "\n".join(f"{pad(k, label_width)}  {v}" for k, v in shown)

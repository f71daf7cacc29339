"""Parsing accuracy on the generated corpus's SEALED seeds, and time per page on it.

The corpus (``tests/fixtures/declgen``) draws every layout axis at random from a seed;
seeds 0–999 and 2000–2299 are for development, 1000–1299 are sealed: only this benchmark
(and one small unit-test sample) reads them, and the reader is never tuned on their
results. Accuracy is exact match per field (header fields per document, goods fields per
goods line; a refused document counts every field wrong), reported per field and per axis
value.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from benchmarks.common import Figure, interleaved, median, ms

TARGET = 0.98
SEALED = range(1000, 1300)
QUICK = range(1000, 1010)
LETTERS_SEALED = range(1000, 1100)
LETTERS_QUICK = range(1000, 1005)


def _declgen():  # type: ignore[no-untyped-def]
    import fixtures.declgen.replies
    import fixtures.declgen.score

    return fixtures.declgen


def _letters(seeds: range) -> tuple[int, int]:
    from customs_ipr.documents.errors import DocumentError
    from customs_ipr.documents.parsing import parse_document

    replies = _declgen().replies
    good = total = 0
    for seed in seeds:
        letter = replies.letter(seed)
        try:
            parsed = parse_document(letter.pdf)
        except DocumentError:
            parsed = None
        for field in ("notice_no", "decision", "guarantee", "recordation_no", "reply_date"):
            total += 1
            good += parsed is not None and getattr(parsed, field) == getattr(letter.truth, field)
    return good, total


def _time(pdfs: list[bytes], rounds: int) -> tuple[float, float, int]:
    """(our seconds per page, anchor seconds per page, pages) over the kept documents."""
    from benchmarks.parsing import page_count, pdfplumber_extract
    from customs_ipr.documents.parsing import parse_document

    pages = sum(page_count(pdf) for pdf in pdfs)

    def ours() -> None:
        for pdf in pdfs:
            parse_document(pdf)

    def theirs() -> None:
        for pdf in pdfs:
            pdfplumber_extract(pdf)

    mine, anchor = interleaved(ours, theirs, rounds)
    return median(mine) / pages, median(anchor) / pages, pages


def run(quick: bool) -> tuple[list[Figure], str, dict[str, Any]]:
    score = _declgen().score
    seeds = QUICK if quick else SEALED
    rows = list(score.evaluate(seeds, keep_every=4 if quick else 10))
    summary = score.summarise(rows)
    kept = [row[4] for row in rows if row[4] is not None]
    fields = summary["fields"]
    worst_field = min(fields, key=lambda f: fields[f])
    axes = summary["axes"]
    worst_axis = min(axes, key=lambda k: axes[k]["worst"])
    label = f"seeds {seeds.start}–{seeds.stop - 1}"
    figures = [
        Figure(
            "parsing",
            f"field accuracy, sealed {label} ({summary['documents']} declarations), worst field",
            f"{fields[worst_field]:.3f} ({worst_field})",
            anchor=f"{summary['refused']} refused",
            target=f"≥ {TARGET}",
            passed=fields[worst_field] >= TARGET,
        ),
        Figure(
            "parsing",
            "field accuracy, worst axis value (its worst field)",
            f"{axes[worst_axis]['worst']:.3f} ({worst_axis[0]}={worst_axis[1]}: "
            f"{axes[worst_axis]['worst_field']})",
            target=f"≥ {TARGET}",
            passed=axes[worst_axis]["worst"] >= TARGET,
        ),
    ]
    letters = LETTERS_QUICK if quick else LETTERS_SEALED
    good, total = _letters(letters)
    figures.append(
        Figure(
            "parsing",
            f"reply letters (prose, CN/EN), field accuracy, sealed seeds "
            f"{letters.start}–{letters.stop - 1}",
            f"{good / total:.3f} ({good}/{total})",
            target=f"≥ {TARGET}",
            passed=good / total >= TARGET,
        )
    )
    per_page, anchor_per_page, pages = _time(kept, 2 if quick else 5)
    ratio = per_page / anchor_per_page
    figures.append(
        Figure(
            "parsing",
            f"time per page, generated corpus ({len(kept)} declarations, {pages} p.)",
            ms(per_page),
            anchor=f"pdfplumber text+tables {ms(anchor_per_page)}",
            ratio=ratio,
            target="≤ 1.00",
            passed=ratio <= 1.0,
        )
    )
    return figures, _details(summary, label), {"corpus_seconds_per_page": per_page}


def _details(summary: dict[str, Any], label: str) -> str:
    out = [
        f"### Field accuracy on the sealed corpus ({label})",
        "",
        "| Field | Accuracy |",
        "|---|---|",
    ]
    out += [f"| {field} | {value:.3f} |" for field, value in summary["fields"].items()]
    by_axis: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for (axis, value), figures in summary["axes"].items():
        by_axis[axis].append((value, figures))
    for axis in sorted(by_axis):
        out += [
            "",
            f"#### Axis: {axis}",
            "",
            "| Value | Declarations | Accuracy (all fields) | Worst field | Its accuracy |",
            "|---|---|---|---|---|",
        ]
        for value, figures in sorted(by_axis[axis]):
            out.append(
                f"| {value} | {figures['docs']} | {figures['accuracy']:.3f} | "
                f"{figures['worst_field']} | {figures['worst']:.3f} |"
            )
    return "\n".join(out)

"""The PDF copy of a notice, built with reportlab platypus from the same data as the e-mail.

Chinese is set in Adobe's built-in CID font ``STSong-Light`` (``UnicodeCIDFont``): the
text is real text (searchable, read back by pdfplumber) and no font file ships with the
layer. The wording paragraphs come from the kind's text template (blocks ``intro`` and
``action``), labels and facts from ``rendering.view``, so the PDF says what the e-mail says.
The PDF is built with ``invariant`` set, so one context always gives the same bytes and
the same SHA-256.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from customs_ipr.notices.models import NoticeContext

FONT = "STSong-Light"


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12),
        "title": ParagraphStyle(
            "title", parent=body, fontSize=16, leading=22, alignment=1, spaceAfter=4
        ),
        "center": ParagraphStyle("center", parent=body, alignment=1, spaceAfter=8),
        "heading": ParagraphStyle(
            "heading", parent=body, fontSize=12, leading=17, spaceBefore=8, spaceAfter=4
        ),
        "due": ParagraphStyle("due", parent=body, fontSize=11.5, leading=16, spaceBefore=6),
    }


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _table(rows: list[list[Any]], widths: list[float], *, header: bool) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    else:
        commands.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f5f5f5")))
    table.setStyle(TableStyle(commands))
    return table


def render_pdf(context: NoticeContext) -> bytes:
    """The notice as PDF bytes: the Chinese document, then the English one on a new page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer

    from customs_ipr.notices.rendering import LANGS, view, wording

    styles = _styles()
    width = A4[0] - 40 * mm
    views = view(context)
    story: list[Any] = []
    for lang in LANGS:
        v = views[lang]
        words = wording(context, lang)
        if story:
            story.append(PageBreak())
        story += [
            _p(v["version"], styles["small"]),
            _p(v["title"], styles["title"]),
            _p(context.notice_no, styles["center"]),
        ]
        meta = [[_p(k, styles["small"]), _p(val, styles["body"])] for k, val in v["meta"]]
        story += [_table(meta, [0.28 * width, 0.72 * width], header=False), Spacer(1, 6)]
        story += [_p(text, styles["body"]) for text in words["intro"]]
        if v["facts"]:
            story.append(_p(v["labels"]["facts"], styles["heading"]))
            rows = [[_p(k, styles["small"]), _p(val, styles["body"])] for k, val in v["facts"]]
            story.append(_table(rows, [0.28 * width, 0.72 * width], header=False))
        if v["goods_rows"]:
            story.append(_p(v["labels"]["goods"], styles["heading"]))
            rows = [[_p(h, styles["small"]) for h in v["goods_header"]]]
            rows += [[_p(cell, styles["small"]) for cell in row] for row in v["goods_rows"]]
            fractions = [0.07, 0.33, 0.15, 0.13, 0.1, 0.22]
            story.append(_table(rows, [f * width for f in fractions], header=True))
        story.append(_p(v["labels"]["action"], styles["heading"]))
        story += [_p(text, styles["body"]) for text in words["action"]]
        if v["extra_action"]:
            story.append(_p(v["extra_action"], styles["body"]))
        if v["due"]:
            story.append(_p(f"{v['labels']['due_date']}: {v['due']}", styles["due"]))
        story += [
            Spacer(1, 10),
            _p(f"{v['labels']['contact']}: {v['contact']}", styles["small"]),
            Spacer(1, 14),
            _p(context.office.name, styles["body"]),
            _p(context.issued_on.isoformat(), styles["body"]),
        ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{views['zh']['title']} {context.notice_no}",
        author=context.office.name,
        subject=views["en"]["title"],
        invariant=1,
    )
    document.build(story)
    return buffer.getvalue()

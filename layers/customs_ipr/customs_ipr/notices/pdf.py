"""The PDF copy of a notice, built with reportlab platypus from the same data as the e-mail.

Every glyph is set in one embedded TrueType font, a subset of WenQuanYi Micro Hei shipped
in ``customs_ipr/data/fonts`` (Apache-2.0; see its README): reportlab embeds in each PDF
only the glyphs that PDF uses, so a notice shows its Chinese on a reader without any CJK
font, and its text stays real text (searchable, read back by pdfplumber). No base-14 font is
used, so ``pdffonts`` lists nothing unembedded.

Layout: the Chinese document, then the English translation on a new page; each fits one
A4 page unless its goods list is long. Every page carries the notice number and "page n of
m" in its header and footer; each language ends with the signature block (issuing office
and the place of its seal, the officer, the date). The wording paragraphs come from the
kind's text template (blocks ``intro`` and ``action``), labels and facts from
``view``, so the PDF says what the e-mail says. ``invariant`` is set, so one
context always gives the same bytes and the same SHA-256.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from customs_ipr.config import DATA_DIR
from customs_ipr.notices.formatting import LANGS
from customs_ipr.notices.models import NoticeContext
from customs_ipr.notices.rendering import wording
from customs_ipr.notices.view import view

FONT = "NoticeSans"
FONT_FILE = DATA_DIR / "fonts" / "wqy-microhei-notice.ttf"


@lru_cache(maxsize=1)
def register_font() -> str:
    """Register the embedded notice font once per process; returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    return FONT


def _styles(lang: str) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    font = register_font()
    # Chinese breaks between any two characters; English only between words.
    wrap = "CJK" if lang == "zh" else None
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13, wordWrap=wrap)
    return {
        "body": body,
        "para": ParagraphStyle("para", parent=body, spaceAfter=2),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5),
        "title": ParagraphStyle(
            "title", parent=body, fontSize=15, leading=20, alignment=1, spaceAfter=2
        ),
        "center": ParagraphStyle("center", parent=body, alignment=1, spaceAfter=6),
        "heading": ParagraphStyle(
            "heading", parent=body, fontSize=10.5, leading=14, spaceBefore=4, spaceAfter=2
        ),
        "due": ParagraphStyle("due", parent=body, fontSize=10, leading=14, spaceBefore=3),
        "seal": ParagraphStyle("seal", parent=body, fontSize=9, leading=12, alignment=1),
    }


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _table(rows: list[list[Any]], widths: list[float], *, header: bool) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # else plain cells declare Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    else:
        commands.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f5f5f5")))
    table.setStyle(TableStyle(commands))
    return table


def _signature(v: dict[str, Any], styles: dict[str, Any], width: float) -> Any:
    """Office (with the place of its seal), officer and date, right-aligned."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    labels, colon = v["labels"], v["colon"]
    lines = [
        _p(f"{labels['seal']}{colon}{v['office']}", styles["body"]),
        _p(f"{labels['officer']}{colon}{v['officer'] or '__________'}", styles["body"]),
        _p(f"{labels['issued_on']}{colon}{v['issued']}", styles["body"]),
    ]
    seal_text = "（印章）" if v["lang"] == "zh" else "(seal)"
    seal_box = 22 * mm
    rows = [[line, _p(seal_text, styles["seal"]) if n == 0 else ""] for n, line in enumerate(lines)]
    table = Table(rows, colWidths=[0.5 * width, seal_box], hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("SPAN", (1, 0), (1, -1)),
                ("BOX", (1, 0), (1, -1), 0.6, colors.HexColor("#b22222"), None, (2, 2)),
                ("VALIGN", (1, 0), (1, -1), "MIDDLE"),
                ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
                ("ROWHEIGHT", (0, 0), (-1, -1), seal_box / 3),
            ]
        )
    )
    return KeepTogether([Spacer(1, 4), table])


def _section(context: NoticeContext, lang: str, v: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import Spacer

    styles = _styles(lang)
    words = wording(context, lang)
    story: list[Any] = [
        _p(v["version"], styles["small"]),
        _p(v["title"], styles["title"]),
        _p(context.notice_no, styles["center"]),
    ]
    meta = [[_p(k, styles["small"]), _p(val, styles["body"])] for k, val in v["meta"]]
    story += [_table(meta, [0.24 * width, 0.76 * width], header=False), Spacer(1, 5)]
    story += [_p(text, styles["para"]) for text in words["intro"]]
    if v["facts"]:
        story.append(_p(v["labels"]["facts"], styles["heading"]))
        rows = [[_p(k, styles["small"]), _p(val, styles["body"])] for k, val in v["facts"]]
        story.append(_table(rows, [0.24 * width, 0.76 * width], header=False))
    if v["goods_rows"]:
        story.append(_p(v["labels"]["goods"], styles["heading"]))
        rows = [[_p(h, styles["small"]) for h in v["goods_header"]]]
        rows += [[_p(cell, styles["small"]) for cell in row] for row in v["goods_rows"]]
        fractions = [0.07, 0.33, 0.15, 0.13, 0.1, 0.22]
        story.append(_table(rows, [f * width for f in fractions], header=True))
    story.append(_p(v["labels"]["action"], styles["heading"]))
    story += [_p(text, styles["para"]) for text in words["action"]]
    if v["extra_action"]:
        story.append(_p(v["extra_action"], styles["para"]))
    if v["due"]:
        story.append(_p(f"{v['labels']['due_date']}{v['colon']}{v['due']}", styles["due"]))
    story += [
        Spacer(1, 6),
        _p(f"{v['labels']['contact']}{v['colon']}{v['contact']}", styles["small"]),
        _signature(v, styles, width),
    ]
    return story


def _page_marks(notice_no: str, views: dict[str, dict[str, Any]]) -> type:
    """A canvas class that stamps the notice number and "page n of m" on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    zh, en = views["zh"]["labels"], views["en"]["labels"]

    class MarkedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._mark(number, total)
                super().showPage()
            super().save()

        def _mark(self, number: int, total: int) -> None:
            width, height = A4
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillGray(0.35)
            # Bilingual page furniture (a letterhead): every page, in either language,
            # carries the number and the page count in Chinese and in English.
            self.drawRightString(
                width - 18 * mm,
                height - 11 * mm,
                f"{zh['notice_no']} / {en['notice_no']} {notice_no}",
            )
            page = zh["page"].format(n=number, total=total)
            page_en = en["page"].format(n=number, total=total)
            self.drawCentredString(width / 2, 10 * mm, f"{notice_no}  ·  {page} / {page_en}")
            self.restoreState()

    return MarkedCanvas


def render_pdf(context: NoticeContext) -> bytes:
    """The notice as PDF bytes: the Chinese document, then the English one on a new page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    register_font()
    width = A4[0] - 36 * mm
    views = view(context)
    story: list[Any] = []
    for lang in LANGS:
        if story:
            story.append(PageBreak())
        story += _section(context, lang, views[lang], width)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{views['zh']['title']} {context.notice_no}",
        author=views["zh"]["office"],
        subject=views["en"]["title"],
        invariant=1,
        # Else reportlab declares Helvetica, a font never embedded, on every page.
        initialFontName=FONT,
        initialFontSize=10,
    )
    document.build(story, canvasmaker=_page_marks(context.notice_no, views))
    return buffer.getvalue()

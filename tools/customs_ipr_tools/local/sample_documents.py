"""Declaration and reply PDFs made at run time, for documents only known at run time.

The demo needs declarations dated in September 2026 (so every 50-working-day deadline
stays inside the known 2026 calendar) and holders' replies that quote the real notice
number a case issued. Neither can be a file in ``samples/``, so they are drawn here with
reportlab and its built-in ``STSong-Light`` CID font (no font file needed), in layouts
the document parser reads:

- declarations: an agent's bilingual-value print, English labels ``Label: value``,
  dates ``YYYY-MM-DD`` (the parser's "english" layout);
- replies: the holder's written reply, bilingual labels with the value beside them.

The page, the renderer and both layouts are also what the tests' PDF fixtures
(``tests/fixtures/pdfs.py``) draw with, so the parser is tested on what the demo uploads.
reportlab is imported inside the functions (imported only when a PDF is drawn).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from customs_ipr.documents.models import (
    Declaration,
    Direction,
    GoodsItem,
    GuaranteeForm,
    HolderDecision,
    HolderResponse,
)

FONT = "STSong-Light"
A4 = (595.27, 841.89)
COUNTRY_CODES: dict[str, tuple[str, str, str]] = {
    "美国": ("USA", "502", "USA"),
    "越南": ("VNM", "141", "Vietnam"),
    "中国": ("CHN", "142", "China"),
    "意大利": ("ITA", "307", "Italy"),
    "德国": ("DEU", "304", "Germany"),
    "丹麦": ("DNK", "302", "Denmark"),
    "印度尼西亚": ("IDN", "112", "Indonesia"),
}
"""How countries are printed: normalised name → (alpha code, numeric code, English name)."""
FORM_PRINT = {
    GuaranteeForm.CASH: "现金 Cash",
    GuaranteeForm.BANK_LETTER: "银行保函 Bank letter of guarantee",
    GuaranteeForm.GENERAL: "总担保 General guarantee",
}
DEMO_SOFTWARE = "customs-ipr demo broker"
DEMO_DECLARANT = "Shanghai Demo Customs Brokerage"
ENGLISH_COLUMNS = [
    ("Item", 40),
    ("HS code", 68),
    ("Description", 125),
    ("Qty", 260),
    ("Unit", 300),
    ("Unit price", 330),
    ("Total", 385),
    ("Currency", 440),
    ("Origin", 485),
    ("Destination", 525),
]


class Page:
    """A reportlab canvas addressed from the top of the page (y grows downwards)."""

    def __init__(self, canvas: Any, size: tuple[float, float] = A4) -> None:
        self.c = canvas
        self.width, self.height = size

    def text(self, x: float, top: float, value: str, size: float = 8.5) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.height - top - size, value)

    def center(self, top: float, value: str, size: float = 14) -> None:
        self.c.setFont(FONT, size)
        self.c.drawCentredString(self.width / 2, self.height - top - size, value)

    def rect(self, x: float, top: float, w: float, h: float) -> None:
        self.c.rect(x, self.height - top - h, w, h, stroke=1, fill=0)

    def hline(self, x0: float, x1: float, top: float) -> None:
        self.c.line(x0, self.height - top, x1, self.height - top)

    def width_of(self, value: str, size: float) -> float:
        from reportlab.pdfbase import pdfmetrics

        return float(pdfmetrics.stringWidth(value, FONT, size))

    def next(self) -> None:
        self.c.showPage()


def render(
    draw: Callable[[Page], None],
    *,
    size: tuple[float, float] = A4,
    encrypt: str | None = None,
    line_width: float | None = None,
) -> bytes:
    """The PDF ``draw`` makes on a fresh canvas (invariant: the same bytes every run)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size, encrypt=encrypt, invariant=1)
    if line_width is not None:
        pdf.setLineWidth(line_width)
    draw(Page(pdf, size))
    pdf.save()
    return buffer.getvalue()


def money_text(value: Decimal | None, places: int = 2) -> str:
    return "" if value is None else f"{value:.{places}f}"


def quantity_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _country(name: str | None, part: int) -> str:
    return COUNTRY_CODES.get(name or "", ("", "", ""))[part]


# ------------------------------------------------------------------ declarations
def declaration_pdf(decl: Declaration) -> bytes:
    """An import or export declaration as the demo's customs broker software prints it."""
    return english_declaration(decl, software=DEMO_SOFTWARE, declarant=DEMO_DECLARANT)


def english_declaration(
    decl: Declaration, *, software: str, declarant: str, line_width: float | None = None
) -> bytes:
    """Agents' English-only print: loose text, ``Label: value``, YYYY-MM-DD dates
    (``line_width``: the canvas's initial line width, as ``render`` takes it)."""

    def draw(p: Page) -> None:
        kind = "IMPORT" if decl.direction is Direction.IMPORT else "EXPORT"
        p.text(40, 30, f"{kind} GOODS DECLARATION", 13)
        p.text(40, 48, f"Printed by {software}", 7)
        top = _english_header(p, decl, 70.0) + 10
        top = _english_goods(p, decl.items, top) + 10
        p.text(40, top, f"Marks and remarks: {decl.marks or ''}")
        royalties = {True: "Yes", False: "No", None: ""}[decl.royalties_paid]
        p.text(40, top + 15, f"Royalties paid: {royalties}      Special relationship: No")
        p.text(40, top + 30, f"Declarant: 0034567  {declarant}")

    return render(draw, line_width=line_width)


def _english_header(p: Page, decl: Declaration, top: float) -> float:
    day = decl.declaration_date.isoformat() if decl.declaration_date else ""
    country = decl.departure_country or ""
    origin = COUNTRY_CODES.get(country, ("", "", country))[2]
    consignee = decl.consignee.name + (
        f" (USCC {decl.consignee.code})" if decl.consignee.code else ""
    )
    port = f"{decl.port.code} {decl.port.name}" if decl.port else ""
    lines = [
        f"Customs No.: {decl.customs_no or ''}      Pre-entry No.: {decl.pre_entry_no or ''}",
        f"Domestic consignee: {consignee}",
        f"Overseas consignor: {decl.foreign_party.name if decl.foreign_party else ''}",
        f"Port of entry: {port}      Declaration date: {day}",
        f"Country of departure: {origin}      Port of departure: {decl.departure_port or ''}",
        f"Trade terms: {decl.trade_terms or ''}      Supervision mode: General trade",
    ]
    for line in lines:
        parts = line.split("      ")
        p.text(40, top, parts[0])
        if len(parts) > 1:
            p.text(320, top, parts[1])
        top += 15
    return top


def _english_goods(p: Page, items: list[GoodsItem], top: float) -> float:
    for label, x in ENGLISH_COLUMNS:
        p.text(x, top, label, 7.5)
    top += 14
    for item in items:
        values = [
            str(item.item_no),
            item.hs_code,
            item.name,
            quantity_text(item.quantity),
            item.unit or "",
            money_text(item.unit_price),
            money_text(item.total_price),
            item.currency or "",
            _country(item.origin_country, 0),
            _country(item.destination_country, 2),
        ]
        for value, (_, x) in zip(values, ENGLISH_COLUMNS, strict=True):
            p.text(x, top, value, 7.5)
        p.text(125, top + 10, item.spec or "", 7.5)
        top += 26
    return top


# ------------------------------------------------------------------ replies
def reply_pdf(reply: HolderResponse, declaration_no: str = "") -> bytes:
    """A holder's written reply to a notice of suspended release (Art. 22)."""
    detain = reply.decision is HolderDecision.DETAIN

    def draw(p: Page) -> None:
        title = "扣留申请书 Application for Detention" if detain else "书面说明 Written Explanation"
        p.center(40, "知识产权权利人书面回复", 15)
        p.center(62, title, 11)
        top = 100.0
        for label, value in _reply_rows(reply, declaration_no):
            p.text(60, top, label, 9)
            p.text(250, top, value, 9)
            top += 20
        p.text(60, top + 6, "说明理由 Reasons", 9)
        top += 24
        for line in _wrap(p, reply.reasons or "", 470, 9):
            p.text(60, top, line, 9)
            top += 14
        p.text(330, top + 30, "权利人签章 Signature", 9)

    return render(draw)


def _reply_rows(reply: HolderResponse, declaration_no: str) -> list[tuple[str, str]]:
    detain = reply.decision is HolderDecision.DETAIN
    rows = [
        ("通知书编号 Notice No.", reply.notice_no),
        ("报关单号 Declaration No.", declaration_no),
        ("备案号 Recordation No.", reply.recordation_no or ""),
        ("权利人 Rights holder", reply.holder_name or ""),
        *([("答复码 Reply code", reply.reply_code)] if reply.reply_code else []),
        (
            "处理意见 Decision",
            "申请扣留 Apply for detention" if detain else "不申请扣留 No detention requested",
        ),
    ]
    guarantee = reply.guarantee
    if guarantee is not None:
        rows.append(("担保方式 Form of guarantee", FORM_PRINT[guarantee.form]))
        if guarantee.amount is not None:
            rows.append(("担保金额 Guarantee amount", f"人民币 {guarantee.amount:,.2f} 元 (CNY)"))
        if guarantee.reference:
            rows.append(("保函或总担保编号 Guarantee No.", guarantee.reference))
    replied = reply.reply_date.strftime("%Y年%m月%d日") if reply.reply_date else ""
    rows.append(("回复日期 Date of reply", replied))
    return rows


def _wrap(p: Page, text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for token in re.findall(r"[A-Za-z0-9.,;:'()-]+ ?|.", text):
        if current and p.width_of(current + token.rstrip(), size) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current:
        lines.append(current.rstrip())
    return lines

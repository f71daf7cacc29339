"""Declaration and reply PDFs made at demo time, for documents only known at run time.

The demo needs declarations dated in September 2026 (so every 50-working-day deadline
stays inside the known 2026 calendar) and holders' replies that quote the real notice
number a case issued. Neither can be a file in ``samples/``, so they are drawn here with
reportlab and its built-in ``STSong-Light`` CID font (no font file needed), in layouts
the document parser reads:

- declarations: an agent's bilingual-value print, English labels ``Label: value``,
  dates ``YYYY-MM-DD`` (the parser's "english" layout);
- replies: the holder's written reply, bilingual labels with the value beside them.

reportlab is imported inside the functions (the package is also a Lambda layer).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from customs_ipr.documents.models import (
    Declaration,
    Direction,
    GuaranteeForm,
    HolderDecision,
    HolderResponse,
)

FONT = "STSong-Light"
A4 = (595.27, 841.89)
COUNTRY_PRINT = {
    "美国": ("USA", "USA"),
    "越南": ("VNM", "Vietnam"),
    "中国": ("CHN", "China"),
    "意大利": ("ITA", "Italy"),
    "德国": ("DEU", "Germany"),
    "丹麦": ("DNK", "Denmark"),
    "印度尼西亚": ("IDN", "Indonesia"),
}
FORM_PRINT = {
    GuaranteeForm.CASH: "现金 Cash",
    GuaranteeForm.BANK_LETTER: "银行保函 Bank letter of guarantee",
    GuaranteeForm.GENERAL: "总担保 General guarantee",
}


class _Page:
    """A canvas addressed from the top of the page."""

    def __init__(self, canvas: Any) -> None:
        self.c = canvas
        self.height = A4[1]

    def text(self, x: float, top: float, value: str, size: float = 8.5) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, self.height - top - size, value)

    def center(self, top: float, value: str, size: float = 14) -> None:
        self.c.setFont(FONT, size)
        self.c.drawCentredString(A4[0] / 2, self.height - top - size, value)

    def width_of(self, value: str, size: float) -> float:
        from reportlab.pdfbase import pdfmetrics

        return float(pdfmetrics.stringWidth(value, FONT, size))


def _render(draw: Callable[[_Page], None]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    draw(_Page(pdf))
    pdf.save()
    return buffer.getvalue()


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _qty(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def declaration_pdf(decl: Declaration) -> bytes:
    """An import or export declaration as a customs broker's software prints it."""

    def draw(p: _Page) -> None:
        kind = "IMPORT" if decl.direction is Direction.IMPORT else "EXPORT"
        p.text(40, 30, f"{kind} GOODS DECLARATION", 13)
        p.text(40, 48, "Printed by customs-ipr demo broker", 7)
        day = decl.declaration_date.isoformat() if decl.declaration_date else ""
        country = decl.departure_country or ""
        origin = COUNTRY_PRINT.get(country, ("", country))[1]
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
        top = 70.0
        for line in lines:
            parts = line.split("      ")
            p.text(40, top, parts[0])
            if len(parts) > 1:
                p.text(320, top, parts[1])
            top += 15
        top += 10
        cols = [
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
        for label, x in cols:
            p.text(x, top, label, 7.5)
        top += 14
        for item in decl.items:
            values = [
                str(item.item_no),
                item.hs_code,
                item.name,
                _qty(item.quantity),
                item.unit or "",
                _money(item.unit_price),
                _money(item.total_price),
                item.currency or "",
                COUNTRY_PRINT.get(item.origin_country or "", ("", ""))[0],
                COUNTRY_PRINT.get(item.destination_country or "", ("", ""))[1],
            ]
            for value, (_, x) in zip(values, cols, strict=True):
                p.text(x, top, value, 7.5)
            p.text(125, top + 10, item.spec or "", 7.5)
            top += 26
        top += 10
        p.text(40, top, f"Marks and remarks: {decl.marks or ''}")
        royalties = {True: "Yes", False: "No", None: ""}[decl.royalties_paid]
        p.text(40, top + 15, f"Royalties paid: {royalties}      Special relationship: No")
        p.text(40, top + 30, "Declarant: 0034567  Shanghai Demo Customs Brokerage")

    return _render(draw)


def reply_pdf(reply: HolderResponse, declaration_no: str = "") -> bytes:
    """A holder's written reply to a notice of suspended release (Art. 22)."""
    detain = reply.decision is HolderDecision.DETAIN

    def draw(p: _Page) -> None:
        title = "扣留申请书 Application for Detention" if detain else "书面说明 Written Explanation"
        p.center(40, "知识产权权利人书面回复", 15)
        p.center(62, title, 11)
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
                rows.append(
                    ("担保金额 Guarantee amount", f"人民币 {guarantee.amount:,.2f} 元 (CNY)")
                )
            if guarantee.reference:
                rows.append(("保函或总担保编号 Guarantee No.", guarantee.reference))
        rows.append(
            (
                "回复日期 Date of reply",
                reply.reply_date.strftime("%Y年%m月%d日") if reply.reply_date else "",
            )
        )
        top = 100.0
        for label, value in rows:
            p.text(60, top, label, 9)
            p.text(250, top, value, 9)
            top += 20
        p.text(60, top + 6, "说明理由 Reasons", 9)
        top += 24
        for line in _wrap(p, reply.reasons or "", 470, 9):
            p.text(60, top, line, 9)
            top += 14
        p.text(330, top + 30, "权利人签章 Signature", 9)

    return _render(draw)


def _wrap(p: _Page, text: str, width: float, size: float) -> list[str]:
    import re

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

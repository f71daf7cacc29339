"""What a notice shows, per language, computed once so the HTML, the text and the PDF agree.

``view(context)`` gives, for ``zh`` and ``en``: the title, the labelled meta rows (number,
date, office, addressee, case, legal basis), the fact rows, the goods table, the due line,
the salutation and the contact line. Every name that comes from an upload (the addressee,
parties, goods, places) is a quoted value in one of these rows, cells or the salutation;
the kinds' sentences refer to those fields and never carry the names themselves.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from customs_ipr.notices.formatting import (
    IP_TYPES_ZH,
    LABELS,
    LANGS,
    fmt_date,
    fmt_money,
    fmt_party,
    fmt_qty,
    label,
    reason_text,
    role_label,
)
from customs_ipr.notices.kinds import NoticeKind, kind_info
from customs_ipr.notices.models import (
    Facts,
    GoodsLine,
    NoticeContext,
    Party,
    RecordationRef,
    UploadFacts,
)
from customs_ipr.notices.zh_text import basis_zh, upload_error_zh, zh_date, zh_time
from customs_ipr.untrusted import quoted

STATED_IN_TEXT: dict[NoticeKind, frozenset[str]] = {
    # The Art. 30 notice enumerates these facts in its own text: no second copy in the table.
    # Parties and places come from the declaration: they stay in the table, as quoted data.
    NoticeKind.CONFISCATION_NOTICE: frozenset(
        {
            "declaration_date",
            "detention_date",
            "penalty_effective_date",
            "fine_amount",
            "other_facts",
        }
    ),
}

UNIT_LIMIT = 8
"""Units longer than this (declared text: 双, 千克, pcs) print quoted and cut."""

GOODS_HEADER = {
    "zh": ["序号", "商品名称", "商品编号", "数量", "单位", "价值"],
    "en": ["No.", "Goods", "HS code", "Quantity", "Unit", "Value"],
}


def view(context: NoticeContext) -> dict[str, dict[str, Any]]:
    """Per language: title, labelled meta and fact rows, goods table, due line, contact."""
    return {lang: _view(context, lang) for lang in LANGS}


def _view(c: NoticeContext, lang: str) -> dict[str, Any]:
    zh = lang == "zh"
    info = kind_info(c.kind)
    office = _office(c, lang)
    return {
        "lang": lang,
        "title": info.title_zh if zh else info.title_en,
        "meta": _meta(c, lang, office),
        "salutation": _salutation(c, lang),
        "facts": _facts(c, lang),
        "goods_header": GOODS_HEADER[lang],
        "goods_rows": [_goods_row(n, g) for n, g in enumerate(c.facts.goods or [], start=1)],
        "rec": _rec(c.facts.recordation, lang),
        "due": _due(c, lang),
        "extra_action": c.action_zh if zh else c.action_en,
        "contact": f"{office}：{c.office.contact}" if zh else f"{office}: {c.office.contact}",
        "office": office,
        "issued": fmt_date(c.issued_on, lang),
        "officer": c.officer,
        "doc_ref": _doc_ref(c, lang),
        "colon": "：" if zh else ": ",
        "labels": {key: label(key, lang) for key in LABELS},
        "version": "中文本" if zh else "English version (translation for information)",
    }


def _office(c: NoticeContext, lang: str) -> str:
    return (c.office.name_zh or c.office.name) if lang == "zh" else c.office.name


def _declared(c: NoticeContext) -> bool:
    """Paths without a declaration (upon application, personal items, unidentified goods)
    stand the case id in for the declaration number: print it as the case number."""
    return c.facts.declaration_no is not None and c.facts.declaration_no != c.case_id


def _addressee(c: NoticeContext, lang: str) -> str:
    role = role_label(c.addressee.role, lang)
    name = quoted(c.addressee.name)
    return f"{name}（{role}）" if lang == "zh" else f"{name} ({role})"


def _salutation(c: NoticeContext, lang: str) -> str:
    """The line that opens the letter: the addressee's name, quoted, alone on its line."""
    name = quoted(c.addressee.name)
    return f"{name}：" if lang == "zh" else f"To {name}:"


def _meta(c: NoticeContext, lang: str, office: str) -> list[tuple[str, str]]:
    basis = c.legal_basis_zh if lang == "zh" else c.legal_basis_en
    return [
        (label("notice_no", lang), c.notice_no),
        (label("issued_on", lang), fmt_date(c.issued_on, lang)),
        (label("office", lang), office),
        (label("addressee", lang), _addressee(c, lang)),
        (label("case_id", lang), c.case_id),
        (label("legal_basis", lang), basis or ""),
    ]


class _Rows:
    """Fact rows in one language; facts the kind states in its own text are left out."""

    def __init__(self, lang: str, stated: frozenset[str]) -> None:
        self.lang = lang
        self.stated = stated
        self.rows: list[tuple[str, str]] = []

    def add(self, key: str, value: object) -> None:
        """Add a row; dates print per language, amounts as CNY, parties with their code."""
        if value is None or key in self.stated:
            return
        if isinstance(value, date):
            value = fmt_date(value, self.lang)
        elif isinstance(value, Decimal):
            value = fmt_money(value)
        elif isinstance(value, Party):
            value = fmt_party(value, self.lang)
        self.rows.append((label(key, self.lang), str(value)))


def _facts(c: NoticeContext, lang: str) -> list[tuple[str, str]]:
    f = c.facts
    rows = _Rows(lang, STATED_IN_TEXT.get(c.kind, frozenset()))
    if _declared(c):
        rows.add("declaration_no", f.declaration_no)
    rows.add("declaration_date", f.declaration_date)
    rows.add("port", _quoted_or_none(f.port))
    for key in ("consignee", "consignor", "holder"):
        rows.add(key, getattr(f, key))
    rows.add("recordation", _recordation_row(f.recordation, lang))
    rows.add("detention_date", f.detention_date)
    rows.add("penalty_effective_date", f.penalty_effective_date)
    rows.add("departure", _quoted_or_none(f.departure))
    rows.add("destination", _quoted_or_none(f.destination))
    _money_rows(rows, f)
    for key in ("application_no", "received_on", "valid_from", "valid_until"):
        rows.add(key, getattr(f, key))
    if f.upload:
        _upload_rows(rows, f.upload)
    if f.other_facts is not None:
        rows.add("other_facts", "；".join(f.other_facts) if f.other_facts else label("none", lang))
    return rows.rows + list(c.extra.items())


def _quoted_or_none(text: str | None) -> str | None:
    return None if text is None else quoted(text)


def _money_rows(rows: _Rows, f: Facts) -> None:
    guarantee = label("general_guarantee", rows.lang) if f.general_guarantee else None
    rows.add("guarantee_amount", guarantee or f.guarantee_amount)
    rows.add("fine_amount", f.fine_amount)
    rows.add("release_reason", f.release_reason and reason_text(f.release_reason, rows.lang))


def _recordation_row(r: RecordationRef | None, lang: str) -> str | None:
    """Number, the right's title quoted (an application's title comes from its upload),
    type and registration number."""
    if r is None:
        return None
    text = " ".join(x for x in (r.recordation_no, quoted(r.title)) if x)
    if lang == "zh":
        ip_type = r.ip_type and IP_TYPES_ZH.get(r.ip_type.lower(), r.ip_type)
        extras = [x for x in (ip_type, r.registration_no and f"注册号{r.registration_no}") if x]
        return f"{text}（{'，'.join(extras)}）" if extras else text
    reg = r.registration_no and f"Reg. {r.registration_no}"
    extras = [x for x in (r.ip_type, reg) if x]
    return f"{text} ({', '.join(extras)})" if extras else text


def _upload_rows(rows: _Rows, upload: UploadFacts) -> None:
    """The file name arrives quoted by the caller (``ingest.quarantine``)."""
    zh = rows.lang == "zh"
    rows.add("upload_file", upload.file_name)
    rows.add("upload_sha256", upload.sha256)
    message = upload_error_zh(upload.code) if zh else upload.message
    rows.add("upload_error", f"{message}（{upload.code}）" if zh else f"{upload.code}: {message}")
    rows.add("upload_received_at", zh_time(upload.received_at) if zh else upload.received_at)


def _goods_row(n: int, g: GoodsLine) -> list[str]:
    """A goods table row; the goods' name and brand (declared text) as one quoted cell."""
    return [
        str(n),
        quoted(" ".join(x for x in (g.name, g.brand) if x)),
        g.hs_code or "—",
        fmt_qty(g.quantity),
        _unit(g.unit),
        fmt_money(g.value, g.currency),
    ]


def _unit(unit: str | None) -> str:
    """A unit as declared (双, 千克, pcs); anything longer or odd is quoted and cut."""
    if not unit:
        return "—"
    if len(unit) <= UNIT_LIMIT and unit.isprintable():
        return unit
    return quoted(unit, limit=UNIT_LIMIT)


def _rec(r: RecordationRef | None, lang: str) -> str:
    """The recorded right as the case notices' sentences name it: title and number."""
    if r is None:
        return ""
    number = r.recordation_no
    sep = "，备案号" if lang == "zh" else ", recordation No."
    return f"{r.title}{sep} {number}" if number else r.title


def _due(c: NoticeContext, lang: str) -> str | None:
    if not c.due_date:
        return None
    if lang == "zh":
        basis = basis_zh(c.due_basis_zh) or basis_zh(c.due_basis_en)
        return f"至{zh_date(c.due_date)}（含当日）" + (f"（依据：{basis}）" if basis else "")
    basis = c.due_basis_en
    return f"{fmt_date(c.due_date)}, inclusive" + (f" ({basis})" if basis else "")


def _doc_ref(c: NoticeContext, lang: str) -> str:
    no = c.facts.declaration_no
    if _declared(c):
        return f"报关单号{no}" if lang == "zh" else f"declaration No. {no}"
    return f"案件编号{c.case_id}" if lang == "zh" else f"case No. {c.case_id}"

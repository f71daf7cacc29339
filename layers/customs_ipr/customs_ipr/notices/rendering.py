"""Render a notice to an HTML and a plain-text e-mail body and to a PDF, from one context.

Templates live in ``templates/notices/``: ``<kind>.html.j2`` and ``<kind>.txt.j2`` extend
``_layout.html.j2`` / ``_layout.txt.j2`` and fill two scoped blocks, ``intro`` (what
happened) and ``action`` (what the addressee must or may do). Each document is written
in Chinese first, then in English below it (holders are often abroad). Labels and
formatted facts are computed here once (``view``) so the HTML, the text and the PDF
agree. HTML is autoescaped (goods and party names come from uploads) and every template
runs with ``StrictUndefined``, so a missing value fails loudly instead of printing blank.

Dates print as 2026年9月16日 in the Chinese text (filter ``dz``) and as ISO ``YYYY-MM-DD`` in
the English one (filter ``d``): unambiguous for readers abroad. The Chinese text names the
office by its Chinese name and carries no English (see ``zh_text``).
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from customs_ipr.errors import CustomsIprError
from customs_ipr.notices.kinds import (
    RELEASE_REASONS,
    ROLE_LABELS,
    NoticeKind,
    ReleaseReason,
    kind_info,
)
from customs_ipr.notices.models import NoticeContext, Party, RenderedNotice
from customs_ipr.notices.zh_text import basis_zh, country_zh, upload_error_zh, zh_date, zh_time

if TYPE_CHECKING:
    from jinja2 import Environment

LANGS = ("zh", "en")
TEMPLATES_ENV = "CUSTOMS_IPR_TEMPLATES"


class TemplatesNotFound(CustomsIprError):
    code = "templates_not_found"


def templates_dir() -> Path:
    """The folder holding ``notices/*.j2``.

    Order: ``$CUSTOMS_IPR_TEMPLATES``; ``customs_ipr/templates/`` inside the installed
    package (where the SAM layer build copies them); the repository's top-level
    ``templates/`` found by walking up from the package (editable installs, tests).
    """
    configured = os.environ.get(TEMPLATES_ENV)
    if configured:
        path = Path(configured)
        if not (path / "notices").is_dir():
            raise TemplatesNotFound(f"{TEMPLATES_ENV}={configured} has no notices/ folder.")
        return path
    package_dir = Path(__file__).resolve().parent.parent
    bundled = package_dir / "templates"
    if (bundled / "notices").is_dir():
        return bundled
    for parent in package_dir.parents:
        candidate = parent / "templates"
        if (candidate / "notices" / "_layout.html.j2").is_file():
            return candidate
    raise TemplatesNotFound("The notice templates were not found; set CUSTOMS_IPR_TEMPLATES.")


@lru_cache(maxsize=4)
def _environment(folder: str) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(d=fmt_date, dz=zh_date, money=fmt_money, qty=fmt_qty, party=fmt_party)
    env.globals.update(
        reason_text=reason_text, role_label=role_label, upload_error_zh=upload_error_zh
    )
    return env


def environment() -> Environment:
    """The Jinja environment over ``templates_dir()/notices`` (cached per folder)."""
    return _environment(str(templates_dir() / "notices"))


def fmt_date(value: date | None, lang: str = "en") -> str:
    if lang == "zh":
        return zh_date(value)
    return value.isoformat() if value else "—"


def fmt_money(amount: Decimal | None, currency: str | None = "CNY") -> str:
    if amount is None:
        return "—"
    return f"{currency or 'CNY'} {amount:,.2f}"


def fmt_qty(quantity: Decimal | None) -> str:
    if quantity is None:
        return "—"
    normal = quantity.normalize()
    return f"{normal:,f}"


def fmt_party(party: Party | None, lang: str = "en") -> str:
    if party is None:
        return "—"
    if lang == "zh":
        text = party.name + (f"（{party.code}）" if party.code else "")
        return text + (f"［{country_zh(party.country)}］" if party.country else "")
    parts = [party.name]
    if party.code:
        parts.append(f"({party.code})")
    if party.country:
        parts.append(f"[{party.country}]")
    return " ".join(parts)


def reason_text(reason: ReleaseReason | str, lang: str) -> str:
    info = RELEASE_REASONS[ReleaseReason(reason)]
    return info.text_zh if lang == "zh" else info.text_en


def role_label(role: str, lang: str) -> str:
    from customs_ipr.notices.kinds import AddresseeRole

    zh, en = ROLE_LABELS[AddresseeRole(role)]
    return zh if lang == "zh" else en


_LABELS: dict[str, tuple[str, str]] = {
    "notice_no": ("文书编号", "Notice No."),
    "issued_on": ("签发日期", "Date"),
    "office": ("签发海关", "Issuing customs office"),
    "addressee": ("受文人", "To"),
    "case_id": ("案件编号", "Case No."),
    "legal_basis": ("法律依据", "Legal basis"),
    "declaration_no": ("报关单号", "Declaration No."),
    "declaration_date": ("申报日期", "Declaration date"),
    "port": ("口岸", "Port"),
    "consignee": ("收货人", "Consignee"),
    "consignor": ("发货人", "Consignor"),
    "holder": ("知识产权权利人", "Right holder"),
    "recordation": ("备案知识产权", "Recorded right"),
    "detention_date": ("扣留日期", "Date of detention"),
    "penalty_effective_date": ("处罚决定生效日期", "Date the penalty decision took effect"),
    "departure": ("启运地", "Place of departure"),
    "destination": ("目的地", "Destination"),
    "guarantee_amount": ("担保金额", "Guarantee"),
    "fine_amount": ("罚款", "Fine"),
    "release_reason": ("放行原因", "Reason for release"),
    "application_no": ("备案申请号", "Application No."),
    "received_on": ("申请收到日期", "Application received on"),
    "valid_from": ("备案有效期起", "Recordation valid from"),
    "valid_until": ("备案有效期至", "Recordation valid until"),
    "upload_file": ("文件名", "File name"),
    "upload_sha256": ("文件SHA-256", "File SHA-256"),
    "upload_error": ("错误", "Error"),
    "upload_received_at": ("收到时间", "Received at"),
    "other_facts": ("其他已知情况", "Other known facts"),
    "facts": ("有关事实", "Facts"),
    "goods": ("货物", "Goods"),
    "action": ("需办理事项", "What you must or may do"),
    "due_date": ("期限", "Due date"),
    "inclusive": ("（含当日）", ", inclusive"),
    "until": ("至", ""),
    "seal": ("签发海关（印章）", "Issuing office (seal)"),
    "officer": ("承办人", "Officer"),
    "page": ("第 {n} 页，共 {total} 页", "Page {n} of {total}"),
    "contact": ("联系方式", "Contact"),
    "none": ("无", "none"),
    "general_guarantee": ("总担保", "general guarantee"),
}

STATED_IN_TEXT: dict[NoticeKind, frozenset[str]] = {
    # The Art. 30 notice enumerates these facts in its own text: no second copy in the table.
    NoticeKind.CONFISCATION_NOTICE: frozenset(
        {
            "consignee",
            "consignor",
            "declaration_date",
            "detention_date",
            "penalty_effective_date",
            "departure",
            "destination",
            "fine_amount",
            "other_facts",
        }
    ),
}

IP_TYPES_ZH = {
    "trademark": "商标",
    "copyright": "著作权",
    "patent": "专利权",
    "olympic": "奥林匹克标志",
    "olympic_symbol": "奥林匹克标志",
    "world_expo_symbol": "世界博览会标志",
    "expo": "世界博览会标志",
}

_GOODS_HEADER = {
    "zh": ["序号", "商品名称", "商品编号", "数量", "单位", "价值"],
    "en": ["No.", "Goods", "HS code", "Quantity", "Unit", "Value"],
}


def _label(key: str, lang: str) -> str:
    zh, en = _LABELS[key]
    return zh if lang == "zh" else en


def view(context: NoticeContext) -> dict[str, dict[str, Any]]:
    """Per language: title, labelled meta and fact rows, goods table, due line, contact."""
    return {lang: _view(context, lang) for lang in LANGS}


def _view(c: NoticeContext, lang: str) -> dict[str, Any]:
    info = kind_info(c.kind)
    f = c.facts
    zh = lang == "zh"
    office = (c.office.name_zh or c.office.name) if zh else c.office.name
    role = role_label(c.addressee.role, lang)
    addressee = f"{c.addressee.name}（{role}）" if zh else f"{c.addressee.name} ({role})"
    # Paths without a declaration (upon application, personal items, unidentified goods)
    # stand the case id in for the declaration number: print it as the case number.
    declared = f.declaration_no is not None and f.declaration_no != c.case_id
    meta = [
        (_label("notice_no", lang), c.notice_no),
        (_label("issued_on", lang), fmt_date(c.issued_on, lang)),
        (_label("office", lang), office),
        (_label("addressee", lang), addressee),
        (_label("case_id", lang), c.case_id),
        (_label("legal_basis", lang), c.legal_basis_zh if zh else c.legal_basis_en),
    ]
    rows: list[tuple[str, str]] = []

    stated = STATED_IN_TEXT.get(c.kind, frozenset())

    def add(key: str, value: object) -> None:
        """Add a fact row; dates print per language, amounts as CNY, parties with their code."""
        if value is None or key in stated:
            return
        if isinstance(value, date):
            value = fmt_date(value, lang)
        elif isinstance(value, Decimal):
            value = fmt_money(value)
        elif isinstance(value, Party):
            value = fmt_party(value, lang)
        rows.append((_label(key, lang), str(value)))

    for key in ("declaration_no", "declaration_date", "port", "consignee", "consignor", "holder"):
        if key != "declaration_no" or declared:
            add(key, getattr(f, key))
    if f.recordation:
        r = f.recordation
        text = " ".join(x for x in (r.recordation_no, r.title) if x)
        if zh:
            ip_type = r.ip_type and IP_TYPES_ZH.get(r.ip_type.lower(), r.ip_type)
            extras = [x for x in (ip_type, r.registration_no and f"注册号{r.registration_no}") if x]
            add("recordation", f"{text}（{'，'.join(extras)}）" if extras else text)
        else:
            reg = r.registration_no and f"Reg. {r.registration_no}"
            extras = [x for x in (r.ip_type, reg) if x]
            add("recordation", f"{text} ({', '.join(extras)})" if extras else text)
    for key in ("detention_date", "penalty_effective_date", "departure", "destination"):
        add(key, getattr(f, key))
    guarantee = _label("general_guarantee", lang) if f.general_guarantee else f.guarantee_amount
    add("guarantee_amount", guarantee)
    add("fine_amount", f.fine_amount)
    add("release_reason", f.release_reason and reason_text(f.release_reason, lang))
    for key in ("application_no", "received_on", "valid_from", "valid_until"):
        add(key, getattr(f, key))
    if f.upload:
        add("upload_file", f.upload.file_name)
        add("upload_sha256", f.upload.sha256)
        message = upload_error_zh(f.upload.code) if zh else f.upload.message
        add(
            "upload_error", f"{message}（{f.upload.code}）" if zh else f"{f.upload.code}: {message}"
        )
        add("upload_received_at", zh_time(f.upload.received_at) if zh else f.upload.received_at)
    if f.other_facts is not None:
        add("other_facts", "；".join(f.other_facts) if f.other_facts else _label("none", lang))
    rows.extend(c.extra.items())

    goods = f.goods or []
    goods_rows = [
        [
            str(n),
            " ".join(x for x in (g.name, g.brand) if x),
            g.hs_code or "—",
            fmt_qty(g.quantity),
            g.unit or "—",
            fmt_money(g.value, g.currency),
        ]
        for n, g in enumerate(goods, start=1)
    ]
    goods_list = "; ".join(
        " ".join(
            x
            for x in (g.name, g.brand, g.quantity is not None and fmt_qty(g.quantity), g.unit)
            if x
        )
        for g in goods
    )
    rec = ""
    if f.recordation:
        number = f.recordation.recordation_no
        label = "，备案号" if zh else ", recordation No."
        rec = f"{f.recordation.title}{label} {number}" if number else f.recordation.title
    due = None
    if c.due_date:
        if zh:
            basis = basis_zh(c.due_basis_zh) or basis_zh(c.due_basis_en)
            due = f"至{zh_date(c.due_date)}（含当日）" + (f"（依据：{basis}）" if basis else "")
        else:
            basis = c.due_basis_en
            due = f"{fmt_date(c.due_date)}, inclusive" + (f" ({basis})" if basis else "")
    if declared:
        doc_ref = f"报关单号{f.declaration_no}" if zh else f"declaration No. {f.declaration_no}"
    else:
        doc_ref = f"案件编号{c.case_id}" if zh else f"case No. {c.case_id}"
    return {
        "lang": lang,
        "title": info.title_zh if zh else info.title_en,
        "meta": meta,
        "facts": rows,
        "goods_header": _GOODS_HEADER[lang],
        "goods_rows": goods_rows,
        "goods_list": goods_list,
        "rec": rec,
        "due": due,
        "extra_action": c.action_zh if zh else c.action_en,
        "contact": f"{office}：{c.office.contact}" if zh else f"{office}: {c.office.contact}",
        "office": office,
        "issued": fmt_date(c.issued_on, lang),
        "officer": c.officer,
        "doc_ref": doc_ref,
        "colon": "：" if zh else ": ",
        "labels": {key: _label(key, lang) for key in _LABELS},
        "version": "中文本" if zh else "English version (translation for information)",
    }


def subject(context: NoticeContext) -> str:
    info = kind_info(context.kind)
    return f"{info.title_zh} / {info.title_en} [{context.notice_no}]"


def _variables(context: NoticeContext) -> dict[str, Any]:
    return {"c": context, "f": context.facts, "view": view(context), "langs": LANGS}


def render_html(context: NoticeContext) -> str:
    return environment().get_template(f"{context.kind.value}.html.j2").render(_variables(context))


def render_text(context: NoticeContext) -> str:
    text = environment().get_template(f"{context.kind.value}.txt.j2").render(_variables(context))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def wording(context: NoticeContext, lang: str) -> dict[str, list[str]]:
    """The kind's own paragraphs (blocks ``intro`` and ``action`` of its text template)."""
    template = environment().get_template(f"{context.kind.value}.txt.j2")
    variables = {**_variables(context), "lang": lang, "v": view(context)[lang]}
    result = {}
    for name in ("intro", "action"):
        block = "".join(template.blocks[name](template.new_context(variables)))
        result[name] = [p.strip() for p in re.split(r"\n\s*\n", block) if p.strip()]
    return result


def render(context: NoticeContext) -> RenderedNotice:
    """HTML and text bodies, the PDF, and the PDF's SHA-256 (what the case record keeps)."""
    from customs_ipr.notices.pdf import render_pdf

    pdf = render_pdf(context)
    return RenderedNotice(
        notice_no=context.notice_no,
        kind=context.kind,
        subject=subject(context),
        html=render_html(context),
        text=render_text(context),
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )

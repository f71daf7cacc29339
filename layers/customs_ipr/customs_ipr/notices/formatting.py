"""How facts print in a notice: labels, dates, amounts, quantities, parties, reasons.

Shared by the fact table (``view``), the templates (as Jinja filters and globals) and the
PDF, so the three agree. Names that come from uploads (parties, goods, places) print only
through ``untrusted.quoted``: cleaned, cut and inside 「」, a value in a labelled field and
never part of a sentence (issue 15, point 6).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from customs_ipr.notices.kinds import (
    RELEASE_REASONS,
    ROLE_LABELS,
    AddresseeRole,
    ReleaseReason,
)
from customs_ipr.notices.models import Party
from customs_ipr.notices.zh_text import country_zh, zh_date
from customs_ipr.untrusted import quoted

LANGS = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
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

IP_TYPES_ZH = {
    "trademark": "商标",
    "copyright": "著作权",
    "patent": "专利权",
    "olympic": "奥林匹克标志",
    "olympic_symbol": "奥林匹克标志",
    "world_expo_symbol": "世界博览会标志",
    "expo": "世界博览会标志",
}


def label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


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
    """A party's name quoted as data (it comes from an upload), then its code and country."""
    if party is None:
        return "—"
    name = quoted(party.name)
    if lang == "zh":
        text = name + (f"（{party.code}）" if party.code else "")
        return text + (f"［{country_zh(party.country)}］" if party.country else "")
    parts = [name]
    if party.code:
        parts.append(f"({party.code})")
    if party.country:
        parts.append(f"[{party.country}]")
    return " ".join(parts)


def reason_text(reason: ReleaseReason | str, lang: str) -> str:
    info = RELEASE_REASONS[ReleaseReason(reason)]
    return info.text_zh if lang == "zh" else info.text_en


def role_label(role: str, lang: str) -> str:
    zh, en = ROLE_LABELS[AddresseeRole(role)]
    return zh if lang == "zh" else en

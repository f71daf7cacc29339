"""Reading a holder's reply written as a letter: the facts stated in prose.

Used where the reply has no labelled field for a fact (and to normalise the fields it
has). Everything is searched in the letter's whole text (NFKC, lines joined):

- Notice number: the form the notices print, ``2200-2026-SUS-000042`` (also with ``/``,
  spaces or an unpadded sequence: normalised to the printed form), or the Chinese document
  number ``沪关知保〔2024〕0315号`` (brackets ``〔〕 [] () 【】`` normalised to ``〔〕``).
- Decision: a refusal (``不申请扣留``, ``无需扣留``, "we do not request detention",
  "no detention") wins over an application (``申请扣留``, ``同意扣留``, ``请求扣留``,
  "we request detention", "apply for detention"), because the refusal contains the words
  of the application; a written explanation with neither is no detention.
- Guarantee: ``总担保``/"general guarantee", ``银行保函``/"bank guarantee"/"letter of
  guarantee", ``现金``/``保证金``/"cash"; its number after 编号/No.; the amount in figures
  after 人民币/RMB/CNY/¥ (or before 元), or in Chinese capital numerals (``壹拾贰万元整``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from customs_ipr.documents import normalize
from customs_ipr.documents.models import GuaranteeForm, HolderDecision
from customs_ipr.documents.numerals import chinese_amount

_NOTICE = re.compile(
    r"(?<![0-9A-Z])(?P<office>\d{4}|[0-9A-Z]{2,8}?)\s*[-/_ ]\s*(?P<year>20\d{2})\s*[-/_ ]\s*"
    r"(?P<abbr>[A-Z]{3})\s*[-/_ ]\s*(?P<seq>\d{1,6})(?!\d)"
)
_NOTICE_CN = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,8})\s*[〔\[(【]\s*(?P<year>\d{4})\s*[〕\])】]\s*"
    r"(?P<seq>\d{1,6})\s*号"
)


def notice_number(text: str | None) -> str | None:
    """The notice number in ``text``, in its printed form (see the module docstring)."""
    if not text:
        return None
    value = normalize.nfkc(text)
    match = _NOTICE.search(value.upper())
    if match:
        seq = int(match.group("seq"))
        return f"{match['office']}-{match['year']}-{match['abbr']}-{seq:06d}"
    match = _NOTICE_CN.search(value)
    if match:
        issuer = re.search(r"[\u4e00-\u5172\u5174-\u9fff]{1,2}关[^关]{0,4}$", match["prefix"])
        prefix = issuer.group(0).lstrip("贵到收我司的第对就") if issuer else match["prefix"]
        return f"{prefix}〔{match['year']}〕{match['seq']}号"
    return None


_NO = re.compile(
    r"不(?:再)?(?:申请|要求|请求)扣留|无需扣留|不予扣留|放弃扣留|"
    r"(?:do|does|will|shall)\s+not\s+(?:request|apply\s+for|seek|require)\s+(?:the\s+)?detention|"
    r"not\s+(?:requesting|applying\s+for)\s+(?:the\s+)?detention|no\s+detention|"
    r"decline\s+to\s+(?:request|apply\s+for)\s+detention",
    re.I,
)
_YES = re.compile(
    r"(?:申请|同意|请求|要求)(?:海关)?(?:予以)?扣留|扣留申请|"
    r"(?:request|apply\s+for|application\s+for|requests?\s+the)\s+(?:the\s+)?detention|"
    r"agree\s+to\s+(?:the\s+)?detention",
    re.I,
)
_EXPLANATION = re.compile(r"书面说明|written\s+explanation", re.I)


def decision(text: str) -> HolderDecision | None:
    if _NO.search(text):
        return HolderDecision.NO_DETENTION
    if _YES.search(text):
        return HolderDecision.DETAIN
    if _EXPLANATION.search(text):
        return HolderDecision.NO_DETENTION
    return None


_FORMS = (
    (re.compile(r"总担保|general\s+guarantee", re.I), GuaranteeForm.GENERAL),
    (
        re.compile(r"保函|letter\s+of\s+guarantee|bank(?:'s)?\s+guarantee|bank", re.I),
        GuaranteeForm.BANK_LETTER,
    ),
    (re.compile(r"现金|保证金|cash", re.I), GuaranteeForm.CASH),
)
_REFERENCE = re.compile(
    r"(?:保函编号|保函号|总担保编号|担保编号|编号|No\.?|number|Ref\.?)\s*(?:为|是|:)?\s*"
    r"(?P<ref>[A-Z0-9][A-Z0-9\-/]{4,}[A-Z0-9])",
    re.I,
)
_FIGURES = re.compile(
    r"(?:人民币|RMB|CNY|¥|￥|USD|US\$|EUR|美元|欧元)\s*(?P<a>\d[\d,]*(?:\.\d+)?)"
    r"|(?P<b>\d[\d,]*(?:\.\d+)?)\s*(?:元|yuan|CNY|RMB)",
    re.I,
)


def guarantee_form(text: str) -> GuaranteeForm | None:
    return next((form for pattern, form in _FORMS if pattern.search(text)), None)


def guarantee_reference(text: str) -> str | None:
    for match in _REFERENCE.finditer(normalize.nfkc(text)):
        reference = match["ref"]
        if notice_number(reference) is None and not re.fullmatch(r"\d{1,6}", reference):
            return reference
    return None


def guarantee_amount(text: str) -> tuple[Decimal | None, str]:
    """(amount, ISO currency) of the guarantee; the currency is CNY unless printed."""
    value = normalize.nfkc(text)
    currency = "CNY"
    if re.search(r"USD|US\$|美元", value):
        currency = "USD"
    elif re.search(r"EUR|欧元", value):
        currency = "EUR"
    figures = _FIGURES.search(value)
    if figures:
        return normalize.parse_decimal(figures["a"] or figures["b"]), currency
    return chinese_amount(value), currency


def reply_date(lines_text: list[str]):  # type: ignore[no-untyped-def]
    """The last date printed in the letter (the date under the signature)."""
    for text in reversed(lines_text):
        found = normalize.parse_date(text)
        if found is not None:
            return found
    return None


_RECORDATION = re.compile(r"(?<![A-Z0-9])([TPC]\d{4}-\d{3,6})(?![0-9])")


def recordation_number(text: str) -> str | None:
    match = _RECORDATION.search(normalize.nfkc(text))
    return match.group(1) if match else None

"""Reading a rights holder's written reply to a notice of suspended release (Art. 22).

The reply carries the notice number and is either an application for detention (with the
guarantee's form — cash, bank letter of guarantee or general guarantee — its amount and
reference) or a written explanation (no detention wanted / goods do not infringe).

Choices (for the README):
- The decision is read from the ``处理意见 Decision`` field, else from the title;
  ``不申请扣留`` / "no detention" / "written explanation" mean no detention.
- A guarantee is only read for an application for detention; a general guarantee may
  carry no amount (the annual general guarantee covers the case), then ``amount`` is None.
- Required: the notice number and the decision, else ``incomplete_reply``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from customs_ipr.documents import errors, normalize
from customs_ipr.documents.labels import LabelSet, read_values
from customs_ipr.documents.models import (
    Guarantee,
    GuaranteeForm,
    HolderDecision,
    HolderResponse,
)
from customs_ipr.documents.pdf import Line
from customs_ipr.documents.reply_code import find_reply_code

REPLY_LABELS = LabelSet(
    {
        "notice_no": ["通知书编号 Notice No.", "通知书编号", "Notice No.", "Notice number"],
        "recordation_no": [
            "备案号 Recordation No.",
            "知识产权备案号",
            "备案号",
            "Recordation No.",
        ],
        "holder_name": ["权利人 Rights holder", "权利人名称", "权利人", "Rights holder"],
        "reply_date": ["回复日期 Date of reply", "回复日期", "Date of reply"],
        "decision": ["处理意见 Decision", "处理意见", "Decision"],
        "guarantee_form": [
            "担保方式 Form of guarantee",
            "担保方式",
            "Form of guarantee",
        ],
        "guarantee_amount": [
            "担保金额 Guarantee amount",
            "担保金额",
            "Guarantee amount",
        ],
        "guarantee_reference": [
            "保函或总担保编号 Guarantee No.",
            "保函或总担保编号",
            "总担保编号",
            "保函编号",
            "Guarantee No.",
        ],
        "reasons": ["说明理由 Reasons", "说明理由", "Reasons"],
        "": [
            "报关单号 Declaration No.",
            "报关单号",
            "Declaration No.",
            "联系人 Contact",
            "联系人",
            "Contact",
            "权利人签章 Signature",
            "权利人签章",
            "Signature",
        ],
    }
)

_NO_DETENTION = re.compile(
    r"不申请扣留|无需扣留|书面说明|no\s+detention|written\s+explanation", re.I
)
_DETAIN = re.compile(
    r"申请扣留|扣留申请|application\s+for\s+detention|apply\s+for\s+detention", re.I
)
_FORMS = (
    (re.compile(r"总担保|general\s+guarantee", re.I), GuaranteeForm.GENERAL),
    (re.compile(r"保函|letter\s+of\s+guarantee|bank", re.I), GuaranteeForm.BANK_LETTER),
    (re.compile(r"现金|保证金|cash", re.I), GuaranteeForm.CASH),
)


def looks_like_reply(first_page: Sequence[Line]) -> bool:
    """A reply names a notice number and asks for detention or explains in writing."""
    text = "\n".join(line.text for line in first_page)
    has_notice = re.search(r"通知书编号|Notice\s+No\.", text, re.I) is not None
    return has_notice and bool(_NO_DETENTION.search(text) or _DETAIN.search(text))


def _decision(values: dict[str, str], title: str) -> HolderDecision | None:
    for text in (values.get("decision", ""), title):
        if _NO_DETENTION.search(text):
            return HolderDecision.NO_DETENTION
        if _DETAIN.search(text):
            return HolderDecision.DETAIN
    return None


def _reasons(lines: Sequence[Line]) -> str | None:
    """The explanation: the reasons label's own text and every line after it, up to the
    next label (the signature block)."""
    collected: list[str] = []
    reading = False
    for index, line in enumerate(lines):
        hits = REPLY_LABELS.find(line, index)
        if reading and hits:
            break
        if hits and hits[0].field == "reasons":
            reading = True
            first = hits[0]
            rest = " ".join(w.raw for w in line.words[first.last_word + 1 :])
            if rest.strip(" :："):
                collected.append(rest.strip(" :："))
            continue
        if reading:
            collected.append(line.raw_text)
    text = re.sub(r"\s+", " ", "".join(_join_wrapped(collected))).strip()
    return text or None


def _join_wrapped(parts: list[str]) -> list[str]:
    """Wrapped lines: CJK text joins directly, Latin text with a space."""
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if out and re.search(r"[A-Za-z0-9.,;:]$", out[-1]) and re.match(r"[A-Za-z0-9(]", part):
            out.append(" ")
        out.append(part)
    return out


def parse_reply_lines(pages: Sequence[Sequence[Line]]) -> HolderResponse:
    values: dict[str, str] = {}
    all_lines: list[Line] = []
    for lines in pages:
        all_lines.extend(lines)
        for key, value in read_values(lines, REPLY_LABELS).items():
            values.setdefault(key, value)
    title = " ".join(line.text for line in all_lines[:4])
    notice_no = normalize.clean(values.get("notice_no"))
    decision = _decision(values, title)
    missing = []
    if notice_no is None:
        missing.append("the notice number")
    if decision is None:
        missing.append("the decision (apply for detention or not)")
    if missing:
        raise errors.IncompleteReply("The written reply is missing " + " and ".join(missing) + ".")
    assert notice_no is not None and decision is not None
    guarantee = None
    if decision is HolderDecision.DETAIN:
        guarantee = _guarantee(values)
    return HolderResponse(
        notice_no=notice_no,
        decision=decision,
        guarantee=guarantee,
        recordation_no=normalize.clean(values.get("recordation_no")),
        holder_name=normalize.clean(values.get("holder_name")),
        reply_date=normalize.parse_date(values.get("reply_date")),
        reasons=_reasons(all_lines),
        reply_code=find_reply_code(line.text for line in all_lines),
    )


def _guarantee(values: dict[str, str]) -> Guarantee | None:
    form_text = values.get("guarantee_form", "")
    form = next((f for pattern, f in _FORMS if pattern.search(form_text)), None)
    if form is None:
        return None
    amount_text = values.get("guarantee_amount")
    currency = "CNY"
    if amount_text:
        for token in re.split(r"[\s\d.,]+", normalize.nfkc(amount_text)):
            found = normalize.currency(token.strip("()元 ")) if token.strip("()元 ") else None
            if found:
                currency = found
                break
    return Guarantee(
        form=form,
        amount=normalize.parse_decimal(amount_text),
        currency=currency,
        reference=normalize.clean(values.get("guarantee_reference")),
    )

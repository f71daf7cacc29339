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
from typing import Any

from customs_ipr.documents import errors, normalize
from customs_ipr.documents import reply_prose as prose
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

_NOTICE_MARK = re.compile(r"通知书|notice", re.I)


def looks_like_reply(first_page: Sequence[Line]) -> bool:
    """A reply refers to a notice and asks for detention or explains in writing (in a
    labelled form or in a letter)."""
    text = "\n".join(line.text for line in first_page)
    return _NOTICE_MARK.search(text) is not None and prose.decision(text) is not None


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
    """Labelled fields first; facts a letter states in prose fill the rest (see
    :mod:`reply_prose`). ``fields`` are the model's keyword arguments: a new fact is one
    more entry."""
    values: dict[str, str] = {}
    all_lines: list[Line] = []
    for lines in pages:
        all_lines.extend(lines)
        for key, value in read_values(lines, REPLY_LABELS).items():
            values.setdefault(key, value)
    text = "\n".join(line.text for line in all_lines)
    title = " ".join(line.text for line in all_lines[:4])
    labelled = normalize.clean(values.get("notice_no"))
    notice_no = prose.notice_number(labelled) or labelled or prose.notice_number(text)
    decision = prose.decision(values.get("decision", "")) or prose.decision(title)
    decision = decision or prose.decision(text)
    missing = []
    if notice_no is None:
        missing.append("the notice number")
    if decision is None:
        missing.append("the decision (apply for detention or not)")
    if missing:
        raise errors.IncompleteReply("The written reply is missing " + " and ".join(missing) + ".")
    fields: dict[str, Any] = {
        "notice_no": notice_no,
        "decision": decision,
        "guarantee": _guarantee(values, text) if decision is HolderDecision.DETAIN else None,
        "recordation_no": prose.recordation_number(values.get("recordation_no", ""))
        or normalize.clean(values.get("recordation_no"))
        or prose.recordation_number(text),
        "holder_name": normalize.clean(values.get("holder_name")),
        "reply_date": normalize.parse_date(values.get("reply_date"))
        or prose.reply_date([line.text for line in all_lines]),
        "reasons": _reasons(all_lines),
        "reply_code": find_reply_code(line.text for line in all_lines),
    }
    return HolderResponse(**fields)


_GUARANTEE_TALK = re.compile(r"担保|保函|保证金|guarantee|deposit|bond", re.I)


def _guarantee(values: dict[str, str], text: str) -> Guarantee | None:
    """From the labelled fields, else from the sentences about the guarantee."""
    mention = _GUARANTEE_TALK.search(text)
    about = text[max(0, mention.start() - 40) : mention.start() + 240] if mention else ""
    form = prose.guarantee_form(values.get("guarantee_form", "")) or prose.guarantee_form(about)
    if form is None:
        return None
    amount_text = values.get("guarantee_amount") or about
    amount, currency = prose.guarantee_amount(amount_text)
    labelled = normalize.clean(values.get("guarantee_reference"))
    token = re.match(r"[A-Za-z0-9][A-Za-z0-9\-/]{3,}[A-Za-z0-9]", labelled or "")
    reference = token.group(0) if token else labelled
    if reference is None and form is not GuaranteeForm.CASH:
        reference = prose.guarantee_reference(about)
    return Guarantee(form=form, amount=amount, currency=currency, reference=reference)

"""Names from declarations stay data in every notice (issue 15, point 6).

Party names, goods names and places come from uploaded declarations. A notice shows them
only quoted and cut (``untrusted.quoted``) in labelled positions: the meta and fact rows,
the goods table and the salutation line; the kind's own sentences never carry them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from customs_ipr.notices import NoticeKind, build_context, render
from customs_ipr.notices.formatting import LABELS, LANGS
from customs_ipr.notices.rendering import wording
from customs_ipr.notices.view import view
from customs_ipr.untrusted import quoted

SAMPLES = Path(__file__).resolve().parents[2] / "templates" / "notices" / "samples"
PHISH = "请立即付款至账户 6222 0000"
LONG = "Mallory Trading Ltd\n请回复本邮件并付款\n" + "x" * 200
QUOTED = re.compile(r"「[^「」]*」")


def hostile_context(kind: str):
    data = json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    data["addressee"]["name"] = PHISH
    facts = data["facts"]
    facts.update(
        consignee={"name": PHISH, "code": "91310115MA1H7K2Q3X"},
        consignor={"name": LONG},
        port=PHISH,
        departure=PHISH,
        destination=LONG,
    )
    goods = facts.get("goods") or [{"name": "x"}]
    goods[0].update(name=PHISH, brand=None)
    facts["goods"] = [*goods, {"name": LONG, "quantity": "3", "unit": PHISH}]
    return build_context(data)


def field_line(line: str) -> bool:
    """A labelled row ("label：value", "- label: value"), a goods row, or the salutation."""
    line = line.strip().removeprefix("- ")
    if " | " in line:
        return True
    if line in {f"{quoted(PHISH)}：", f"To {quoted(PHISH)}:"}:
        return True
    labels = {text for pair in LABELS.values() for text in pair if text}
    return any(line.startswith(f"{name}：") or line.startswith(f"{name}: ") for name in labels)


@pytest.mark.parametrize("kind", [k.value for k in NoticeKind])
def test_declared_names_appear_only_quoted_in_field_positions(kind):
    # GIVEN a notice whose parties, goods and places carry a payment instruction and a
    # very long name broken by newlines
    context = hostile_context(kind)

    # WHEN it is rendered
    rendered = render(context)

    # THEN outside the quotes no trace of them is left, in the text and in the HTML
    for body in (rendered.text, rendered.html):
        unquoted = QUOTED.sub("", body)
        assert "6222 0000" not in unquoted
        assert "Mallory" not in unquoted
        assert "x" * 100 not in body
    assert quoted(PHISH) in rendered.text
    assert quoted(LONG) in rendered.text and quoted(LONG).endswith("…」")
    # AND every line that shows them is a labelled row, a goods row or the salutation
    shown = [
        line for line in rendered.text.splitlines() if "6222 0000" in line or "Mallory" in line
    ]
    assert shown and all(field_line(line) for line in shown), shown


@pytest.mark.parametrize("kind", [k.value for k in NoticeKind])
def test_the_kinds_sentences_never_carry_a_declared_name(kind):
    # GIVEN the same hostile notice
    context = hostile_context(kind)
    views = view(context)

    for lang in LANGS:
        # WHEN its own paragraphs are read (what the PDF prints between the tables)
        words = wording(context, lang)

        # THEN none of them names a party, goods or place, except the salutation line
        paragraphs = [p for p in words["intro"] + words["action"] if p != views[lang]["salutation"]]
        assert paragraphs
        for paragraph in paragraphs:
            assert "6222" not in paragraph and "Mallory" not in paragraph, paragraph

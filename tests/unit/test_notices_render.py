"""Notices render from their context to HTML, text and a PDF that reads back as text."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from pydantic import ValidationError

from customs_ipr.errors import InvalidInput
from customs_ipr.notices import (
    KINDS,
    NoticeContext,
    NoticeKind,
    ReleaseReason,
    build_context,
    kinds_table,
    render,
    templates_dir,
)
from customs_ipr.notices.rendering import TemplatesNotFound

SAMPLES = Path(__file__).resolve().parents[2] / "templates" / "notices" / "samples"


def sample(kind: str) -> dict:
    return json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


@pytest.mark.parametrize("kind", [k.value for k in NoticeKind])
def test_every_kind_renders_from_its_sample_to_html_text_and_pdf(kind):
    # GIVEN the shipped sample of this kind
    context = build_context(sample(kind))
    info = KINDS[context.kind]

    # WHEN it is rendered
    rendered = render(context)

    # THEN all three forms carry the number, both titles and (when set) the due date
    text_of_pdf = pdf_text(rendered.pdf)
    for body in (rendered.html, rendered.text, text_of_pdf):
        assert context.notice_no in body
        assert info.title_zh in body
    assert info.title_en in rendered.html
    assert info.title_en in rendered.text
    assert info.title_en.split(":")[0] in text_of_pdf
    if context.due_date:
        due = context.due_date.isoformat()
        assert due in rendered.html and due in rendered.text and due in text_of_pdf
    # Chinese comes first, English below it
    assert rendered.text.index(info.title_zh) < rendered.text.index(info.title_en)
    assert rendered.html.index("中文本") < rendered.html.index("English version")
    assert rendered.pdf.startswith(b"%PDF")
    assert rendered.subject == f"{info.title_zh} / {info.title_en} [{context.notice_no}]"


def test_every_kind_has_both_templates_and_a_sample():
    folder = templates_dir() / "notices"
    for kind in NoticeKind:
        assert (folder / f"{kind}.html.j2").is_file()
        assert (folder / f"{kind}.txt.j2").is_file()
        assert (SAMPLES / f"{kind}.json").is_file()
    assert set(kinds_table()) == {k.value for k in NoticeKind}


def test_pdf_holds_chinese_and_english_text_of_the_suspension_notice():
    context = build_context(sample("suspension_notice"))

    text = pdf_text(render(context).pdf)

    assert "中止放行侵权嫌疑货物通知书" in text
    assert "上海蓝海贸易有限公司" in text
    assert "洋山港区" in text
    assert "Notice of Suspended Release of Suspected Infringing Goods" in text
    assert "2200-2026-SUS-000102" in text
    assert "2026-03-12" in text
    assert "CNY 86,620.00" in text


def test_confiscation_notice_states_every_article_30_fact():
    context = build_context(sample("confiscation_notice"))

    rendered = render(context)

    for expected in (
        # Changed with issue 15 (point 6): goods, parties and places are quoted data in
        # the goods table and the fact rows; the Art. 30 enumeration refers to them.
        "「运动鞋 NIKE牌 AJ1」 | 6403990090 | 1,200 | 双",  # goods name and quantity
        "上海蓝海贸易有限公司",  # consignee
        "GOLDEN STEP TRADING LIMITED",  # consignor
        "申报进出口日期：2026年3月2日",
        "海关扣留日期：2026年3月12日",
        "处罚决定生效日期：2026年5月20日",
        "启运地：「越南胡志明市",
        "目的地：「上海洋山港",
        "提单号 / B/L No. COSU6234567890",  # other known facts
        "CNY 45,000.00",  # the fine
    ):
        assert expected in rendered.text
    assert "date the penalty decision took effect: 2026-05-20" in rendered.text


def test_confiscation_notice_without_art_30_facts_is_refused_naming_them():
    data = sample("confiscation_notice")
    del data["facts"]["penalty_effective_date"]
    del data["facts"]["departure"]

    with pytest.raises(InvalidInput) as error:
        build_context(data)

    assert "facts.penalty_effective_date" in error.value.message
    assert "facts.departure" in error.value.message


def test_a_kind_with_a_legal_deadline_needs_its_due_date():
    data = sample("suspension_notice")
    del data["due_date"]

    with pytest.raises(ValidationError, match="a suspension_notice needs: due_date"):
        NoticeContext.model_validate({**data, "office": {"name": "x", "contact": "y"}})


def test_confiscation_with_no_other_facts_says_none():
    data = sample("confiscation_notice")
    data["facts"]["other_facts"] = []

    rendered = render(build_context(data))

    assert "海关可以提供的其他与侵权货物有关的情况：无。" in rendered.text
    assert "other facts customs can provide: none." in rendered.text


@pytest.mark.parametrize(
    ("reason", "article_zh", "text_en"),
    [
        (ReleaseReason.NO_GUARANTEE, "第二十五条", "did not provide the guarantee in time"),
        (ReleaseReason.SETTLEMENT, "第二十七条第三款", "settled and asked in writing"),
        (ReleaseReason.NO_COURT_NOTICE, "第二十九条第二款", "within 50 working days"),
        (ReleaseReason.COUNTER_GUARANTEE, "第二十八条第二款", "equal to the value"),
    ],
)
def test_release_notice_cites_the_article_of_its_reason(reason, article_zh, text_en):
    data = sample("release_notice")
    data["facts"]["release_reason"] = reason.value

    context = build_context(data)
    rendered = render(context)

    assert context.legal_basis_zh.endswith(article_zh)
    assert text_en in rendered.text


def test_html_escapes_script_and_markup_from_uploads():
    # GIVEN goods and party names carrying HTML and script, as a hostile upload could
    data = sample("detention_voucher")
    data["facts"]["goods"][0]["name"] = "<script>alert(1)</script>"
    data["facts"]["consignee"]["name"] = '<b onmouseover="x()">Evil & Co</b>'
    data["addressee"]["name"] = "<img src=x onerror=alert(2)>"

    # WHEN the notice is rendered
    rendered = render(build_context(data))

    # THEN the HTML holds the escaped text and never the raw tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert "<script>" not in rendered.html
    assert "&lt;b onmouseover=&#34;x()&#34;&gt;Evil &amp; Co&lt;/b&gt;" in rendered.html
    assert "<b onmouseover" not in rendered.html
    assert "<img src=x" not in rendered.html
    # the plain text keeps the names as written, and the PDF survives the markup
    assert "<script>alert(1)</script>" in rendered.text
    assert "<script>alert(1)</script>" in pdf_text(rendered.pdf)


def test_same_context_gives_the_same_pdf_and_sha256():
    context = build_context(sample("detention_notice"))

    first, second = render(context), render(context)

    assert first.pdf == second.pdf
    assert first.sha256 == second.sha256
    assert len(first.sha256) == 64


def test_values_and_quantities_print_without_float_artefacts():
    data = sample("detention_voucher")
    data["facts"]["goods"][0].update(quantity="1200.000", value="18000.10", currency="USD")

    rendered = render(build_context(data))

    assert "1,200 | 双 | USD 18,000.10" in rendered.text


def test_office_defaults_to_the_configured_office(monkeypatch):
    monkeypatch.setenv("OFFICE_NAME", "宁波海关 Ningbo Customs")
    monkeypatch.setenv("OFFICE_CONTACT", "ipr@nb.customs.example.cn")

    context = build_context(sample("release_notice"))

    assert context.office.name == "宁波海关 Ningbo Customs"
    assert "ipr@nb.customs.example.cn" in render(context).text


def test_unsafe_notice_number_is_refused():
    data = {**sample("release_notice"), "notice_no": "../../etc/passwd"}

    with pytest.raises(InvalidInput, match="notice_no"):
        build_context(data)


def test_templates_dir_prefers_the_environment_then_the_package(tmp_path, monkeypatch):
    (tmp_path / "notices").mkdir()
    monkeypatch.setenv("CUSTOMS_IPR_TEMPLATES", str(tmp_path))
    assert templates_dir() == tmp_path

    monkeypatch.setenv("CUSTOMS_IPR_TEMPLATES", str(tmp_path / "missing"))
    with pytest.raises(TemplatesNotFound):
        templates_dir()

    monkeypatch.delenv("CUSTOMS_IPR_TEMPLATES")
    found = templates_dir()
    assert (found / "notices" / "_layout.html.j2").is_file()


def test_templates_dir_finds_templates_bundled_in_the_package(tmp_path, monkeypatch):
    # GIVEN a copy of the package as the SAM layer build lays it out (templates inside it)
    import shutil

    import customs_ipr.notices.rendering as render_module

    package = tmp_path / "python" / "customs_ipr"
    (package / "notices").mkdir(parents=True)
    shutil.copytree(templates_dir() / "notices", package / "templates" / "notices")
    monkeypatch.delenv("CUSTOMS_IPR_TEMPLATES", raising=False)
    monkeypatch.setattr(render_module, "__file__", str(package / "notices" / "render.py"))

    assert render_module.templates_dir() == package / "templates"


def test_dates_print_in_chinese_in_the_chinese_text_and_iso_in_the_english():
    # Changed with issue 19: the Chinese text reads 2026年3月3日, the due day is inclusive.
    data = sample("require_ip_status_declaration")

    context = build_context(data)
    rendered = render(context)

    assert context.issued_on == date(2026, 3, 3)
    assert "签发日期：2026年3月3日" in rendered.text
    assert "期限：至2026年3月6日（含当日）（依据：海关指定期限）" in rendered.text
    assert "Due date: 2026-03-06, inclusive (period set by customs (Art. 21 ¶1))" in rendered.text


def test_negative_fine_is_refused():
    data = sample("confiscation_notice")
    data["facts"]["fine_amount"] = "-1"

    with pytest.raises(InvalidInput, match="fine_amount"):
        build_context(data)
    assert Decimal(sample("confiscation_notice")["facts"]["fine_amount"]) == Decimal("45000.00")


def test_a_not_infringing_release_does_not_say_infringement_cannot_be_determined():
    from customs_ipr.notices.kinds import RELEASE_REASONS, ReleaseReason

    info = RELEASE_REASONS[ReleaseReason.NOT_INFRINGING]
    assert "不能认定" not in info.text_zh and "不侵犯" in info.text_zh
    assert "not establish" not in info.text_en and "do not infringe" in info.text_en

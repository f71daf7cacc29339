"""Notice PDFs as a reader sees them: fonts embedded, Chinese glyphs drawn, one page per language.

The pure-Python checks (pdfplumber / pdfminer) always run. Where poppler-utils is installed
(``pdffonts``, ``pdftoppm``), the PDFs are also checked the way a person would: ``pdffonts``
must list every font as embedded, and each page is rasterized by poppler, which draws
Chinese only from embedded glyphs when no CJK font is installed; the area of the Chinese
characters on each page must then hold ink. CI does not need poppler; these checks skip.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from customs_ipr.notices import NoticeKind, build_context, render

SAMPLES = Path(__file__).resolve().parents[2] / "templates" / "notices" / "samples"
CJK = re.compile(r"[\u4e00-\u9fff]")
EXPECTED_PAGES = 2
"""Each sample notice fits one A4 page in Chinese and one in English."""


def _pdf(kind: str, **changes: object) -> bytes:
    data = json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    data.update(changes)
    return render(build_context(data)).pdf


def _fonts(pdf: bytes) -> list[dict]:
    """Every font dictionary used by any page (descendant fonts included)."""
    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    found = []
    for page in PDFPage.create_pages(document):
        fonts = resolve1(resolve1(page.resources).get("Font", {})) or {}
        for reference in fonts.values():
            font = resolve1(reference)
            found.append(font)
            for descendant in resolve1(font.get("DescendantFonts", [])) or []:
                found.append(resolve1(descendant))
    return found


def _embedded(font: dict) -> bool:
    if "Type0" in str(font.get("Subtype")):
        return True  # its descendant carries the file and is checked itself
    descriptor = resolve1(font.get("FontDescriptor")) or {}
    return any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3"))


@pytest.mark.parametrize("kind", [k.value for k in NoticeKind])
def test_every_font_is_embedded_and_each_language_takes_one_page(kind):
    # WHEN the sample notice is rendered
    pdf = _pdf(kind)

    # THEN every font it uses is embedded, none is a base-14 font a reader must supply
    fonts = _fonts(pdf)
    assert fonts
    assert all(_embedded(font) for font in fonts), [str(f.get("BaseFont")) for f in fonts]
    # AND it has one A4 page in Chinese and one in English, each with Chinese characters
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == EXPECTED_PAGES
        for page in document.pages:
            assert (round(page.width), round(page.height)) == (595, 842)
            assert CJK.search(page.extract_text() or "")
        chinese = document.pages[0].extract_text()
        english = document.pages[1].extract_text()
    # AND the notice number stands on every page
    number = json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))["notice_no"]
    assert chinese.count(number) >= 2 and english.count(number) >= 2
    # AND the signature block closes each language
    assert "签发海关（印章）" in chinese and "承办人" in chinese
    assert "Issuing office (seal)" in english and "Officer" in english


def test_chinese_text_uses_chinese_dates_and_the_chinese_office_name():
    pdf = _pdf("suspension_notice")

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chinese = document.pages[0].extract_text()
        english = document.pages[1].extract_text()

    assert "2026年3月9日" in chinese and "2026-03-09" not in chinese
    assert "上海海关" in chinese and "Shanghai Customs District" not in chinese
    assert "至2026年3月12日（含当日）" in chinese
    assert "Implementing Measures" not in chinese
    assert "Shanghai Customs District" in english and "上海海关" not in english


def test_pilcrow_and_latin_names_render_as_text():
    pdf = _pdf("suspension_notice")

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        english = document.pages[1].extract_text()

    assert "Art. 21 ¶2" in english
    assert "Nike Innovate C.V." in english


def test_a_long_goods_list_flows_onto_more_pages_with_the_number_on_each():
    data = json.loads((SAMPLES / "release_notice.json").read_text(encoding="utf-8"))
    line = data["facts"]["goods"][0]
    data["facts"]["goods"] = [dict(line, name=f"运动鞋{n}") for n in range(80)]

    pdf = render(build_context(data)).pdf

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [page.extract_text() for page in document.pages]
    assert len(pages) > EXPECTED_PAGES
    total = len(pages)
    for n, text in enumerate(pages, start=1):
        assert data["notice_no"] in text
        assert f"第 {n} 页，共 {total} 页 / Page {n} of {total}" in text


def test_upload_rejected_is_wholly_chinese_in_its_chinese_text():
    pdf = _pdf("upload_rejected")

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chinese = document.pages[0].extract_text()

    assert "文件不是可读取的PDF文件" in chinese
    assert "The file is not a readable PDF" not in chinese


# ------------------------------------------------------------------ poppler, where installed
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdffonts") and shutil.which("pdftoppm")),
    reason="poppler-utils (pdffonts, pdftoppm) not installed",
)


@needs_poppler
@pytest.mark.parametrize("kind", ["suspension_notice", "confiscation_notice", "upload_rejected"])
def test_pdffonts_lists_every_font_embedded(kind, tmp_path):
    path = tmp_path / "notice.pdf"
    path.write_bytes(_pdf(kind))

    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]

    assert listing
    for row in listing:
        # columns: name, type, encoding, emb, sub, uni, object ID
        assert row.split()[-5] == "yes", row


def _ink(path: Path, page: int, box: tuple[float, float, float, float]) -> int:
    """Dark pixels poppler draws inside ``box`` (PDF points, top-left origin) of ``page``."""
    scale = 2  # 144 dpi
    x0, top, x1, bottom = (round(v * scale) for v in box)
    gray = subprocess.run(
        [
            *("pdftoppm", "-gray", "-r", "144", "-f", str(page), "-l", str(page)),
            *("-x", str(x0), "-y", str(top), "-W", str(x1 - x0), "-H", str(bottom - top)),
            str(path),
        ],
        capture_output=True,
        check=True,
    ).stdout
    # PGM: "P5\n<w> <h>\n255\n" then one byte per pixel
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", gray)
    assert header
    pixels = gray[header.end() :]
    return sum(1 for value in pixels if value < 128)


@needs_poppler
def test_poppler_draws_the_chinese_glyphs_on_every_page(tmp_path):
    # GIVEN a notice PDF (its fonts embedded)
    path = tmp_path / "notice.pdf"
    path.write_bytes(_pdf("suspension_notice"))
    with pdfplumber.open(path) as document:
        for number, page in enumerate(document.pages, start=1):
            # WHEN poppler draws the area of the page's Chinese characters
            chars = [c for c in page.chars if CJK.match(c["text"])]
            assert chars, f"page {number} has no Chinese characters"
            box = (
                min(c["x0"] for c in chars[:12]),
                min(c["top"] for c in chars[:12]),
                max(c["x1"] for c in chars[:12]),
                max(c["bottom"] for c in chars[:12]),
            )
            # THEN the glyphs are there: the area holds ink, not blank paper
            assert _ink(path, number, box) > 50, f"page {number}: Chinese glyphs not drawn"

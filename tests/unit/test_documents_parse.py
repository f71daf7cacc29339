"""Parsing generated declarations and replies: whole results against golden JSON, bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures import pdfs

from customs_ipr.documents.errors import DocumentError
from customs_ipr.documents.models import Declaration, HolderResponse
from customs_ipr.documents.parsing import parse_declaration, parse_document, parse_reply

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
GOOD = pdfs.good_fixtures()


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {name: make() for name, (_, make) in GOOD.items()}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_golden_is_the_generator_input(name):
    # GIVEN the data the generator renders WHEN compared with the stored golden
    model, _ = GOOD[name]
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    # THEN they are the same (the golden was written from the input, not the parser)
    assert golden == _dump(model)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_parsed_document_equals_golden(name, rendered):
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))

    parsed = parse_document(rendered[name], filename=f"{name}.pdf")

    assert _dump(parsed) == golden


def _dump(model):
    """JSON of a parsed document; ``reply_code`` (added after the goldens) only when set."""
    data = model.model_dump(mode="json")
    if data.get("reply_code", "") is None:
        del data["reply_code"]
    return data


def test_multipage_export_covers_export_fields(rendered):
    data = rendered["declaration_export_multipage"]

    parsed = parse_declaration(data)

    assert parsed.direction == "export"
    assert len(parsed.items) == 45
    assert [i.item_no for i in parsed.items] == list(range(1, 46))
    assert parsed.port.code == "2248" and parsed.port.name == "外港海关"
    assert parsed.destination_country == "美国"
    assert parsed.destination_port == "洛杉矶"
    assert parsed.consignee.code == "3318960123"


def test_specific_entry_points_reject_the_other_kind(rendered):
    with pytest.raises(DocumentError) as declaration_error:
        parse_declaration(rendered["reply_detain_cash"])
    with pytest.raises(DocumentError) as reply_error:
        parse_reply(rendered["declaration_grid_cn"])

    assert declaration_error.value.code == "unrecognized_document"
    assert reply_error.value.code == "unrecognized_document"
    assert isinstance(parse_reply(rendered["reply_explanation"]), HolderResponse)
    assert isinstance(parse_declaration(rendered["declaration_english"]), Declaration)


@pytest.mark.parametrize("name", sorted(pdfs.BAD_FIXTURES))
def test_bad_input_gets_its_own_code_and_one_sentence(name):
    code, make = pdfs.BAD_FIXTURES[name]

    with pytest.raises(DocumentError) as caught:
        parse_document(make())

    assert caught.value.code == code
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    assert "Traceback" not in message


def test_no_text_layer_says_ocr_is_not_done():
    with pytest.raises(DocumentError) as caught:
        parse_document(pdfs.image_only())

    assert "OCR" in caught.value.message and "not done" in caught.value.message


def test_incomplete_declaration_names_what_is_missing():
    with pytest.raises(DocumentError) as caught:
        parse_document(pdfs.incomplete())

    assert caught.value.code == "incomplete_declaration"
    assert "consignee" in caught.value.message
    assert "goods items" in caught.value.message


def test_too_many_pages(monkeypatch, rendered):
    monkeypatch.setenv("MAX_PAGES", "2")

    with pytest.raises(DocumentError) as caught:
        parse_document(rendered["declaration_export_multipage"])

    assert caught.value.code == "too_many_pages"
    assert "3 pages" in caught.value.message and "limit of 2" in caught.value.message


def test_too_large(monkeypatch, rendered):
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "1000")

    with pytest.raises(DocumentError) as caught:
        parse_document(rendered["declaration_grid_cn"])

    assert caught.value.code == "too_large"
    assert "1,000 bytes" in caught.value.message


class FakeRemaining:
    """A Lambda clock: ``spent_ms`` pass per call (a page read), no real time involved."""

    def __init__(self, left_ms: int, spent_ms: int) -> None:
        self.left_ms = left_ms
        self.spent_ms = spent_ms

    def __call__(self) -> int:
        left = self.left_ms
        self.left_ms -= self.spent_ms
        return left


def test_pdf_too_long_for_the_time_left_is_refused_before_reading_on(rendered):
    # GIVEN 3 pages, 16 s left of which 15 s are reserved, and 2 s spent per page
    clock = FakeRemaining(16_000, 2_000)

    with pytest.raises(DocumentError) as caught:
        parse_document(rendered["declaration_export_multipage"], remaining_ms=clock)

    # THEN it is refused cleanly as too large, naming the page it stopped at
    assert caught.value.code == "too_large"
    assert "3 pages" in caught.value.message and "stopped at page" in caught.value.message


def test_pdf_within_the_time_left_parses(rendered):
    clock = FakeRemaining(60_000, 1_000)

    parsed = parse_document(rendered["declaration_export_multipage"], remaining_ms=clock)

    assert len(parsed.items) == 45


def test_pace_of_pages_read_decides_before_the_time_runs_out(monkeypatch, rendered):
    # GIVEN 30 s left, 10 s reserved, pages costing 9 s each: page 1 fits, 3 pages do not
    clock = FakeRemaining(30_000, 9_000)
    monkeypatch.setenv("PARSE_RESERVE_SECONDS", "10")

    with pytest.raises(DocumentError) as caught:
        parse_document(rendered["declaration_export_multipage"], remaining_ms=clock)

    assert caught.value.code == "too_large"
    assert "stopped at page 2" in caught.value.message


@pytest.mark.parametrize("cut", [0.2, 0.5, 0.9])
def test_damaged_bytes_never_escape_as_pdfminer_errors(rendered, cut):
    # GIVEN a valid PDF whose middle is overwritten, keeping header and %%EOF
    data = bytearray(rendered["declaration_bilingual"])
    start = int(len(data) * cut)
    data[start : start + 400] = b"\x00garbage" * 50

    # WHEN parsed THEN either it still reads or it fails as a DocumentError
    try:
        parse_document(bytes(data))
    except DocumentError as error:
        assert error.code in {
            "damaged_pdf",
            "unrecognized_document",
            "incomplete_declaration",
            "no_text_layer",
        }


def test_items_after_unreadable_row_are_kept_and_the_gap_is_flagged():
    # GIVEN a declaration whose item numbers jump (item 2 missing)
    declaration = pdfs.import_english_declaration()
    items = [declaration.items[0], declaration.items[1].model_copy(update={"item_no": 3})]
    data = pdfs.english(declaration.model_copy(update={"items": items}))

    # WHEN parsed (fail soft: the goods read are screened, never lost)
    parsed = parse_declaration(data)

    # THEN both rows read are kept, the gap is listed and the declaration flagged
    assert [item.item_no for item in parsed.items] == [1, 3]
    assert parsed.items[1].hs_code == items[1].hs_code
    assert any("goods item 2" in entry for entry in parsed.missing)
    assert parsed.needs_review is True

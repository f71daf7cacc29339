"""``customs-ipr parse`` as a user runs it."""

from __future__ import annotations

import json

import pytest
from fixtures import pdfs

from customs_ipr_tools.cli import main


def test_parse_prints_the_declaration_json(tmp_path, capsys):
    declaration = pdfs.import_grid_declaration()
    path = tmp_path / "declaration.pdf"
    path.write_bytes(pdfs.grid_cn(declaration))

    assert main(["parse", str(path)]) == 0

    printed = json.loads(capsys.readouterr().out)
    assert printed["kind"] == "declaration"
    assert printed["direction"] == "import"
    assert printed["customs_no"] == "224420241000123456"
    assert printed["consignee"] == {"name": "上海蓝海贸易有限公司", "code": "91310115MA1K3B2X7Q"}
    assert printed["port"] == {"code": "2244", "name": "洋山港区"}
    first = printed["items"][0]
    assert set(first) >= {
        "item_no",
        "hs_code",
        "name",
        "spec",
        "brand",
        "quantity",
        "unit",
        "unit_price",
        "total_price",
        "currency",
        "origin_country",
        "destination_country",
    }
    assert first["hs_code"] == "6403990090" and first["brand"] == "NIKE"
    assert first["total_price"] == 51000 and first["currency"] == "USD"


def test_parse_prints_a_reply(tmp_path, capsys):
    path = tmp_path / "reply.pdf"
    path.write_bytes(pdfs.reply_pdf(pdfs.detention_reply(pdfs.GuaranteeForm.BANK_LETTER)))

    main(["parse", str(path)])

    printed = json.loads(capsys.readouterr().out)
    assert printed["kind"] == "holder_response"
    assert printed["decision"] == "detain"
    assert printed["guarantee"]["form"] == "bank_letter"
    assert printed["guarantee"]["amount"] == 100000


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"", "customs-ipr: empty_file: The file is empty (0 bytes).\n"),
        (b"hello", "customs-ipr: not_pdf: The file is not a PDF document.\n"),
    ],
)
def test_bad_file_exits_2_with_one_line(tmp_path, capsys, content, line):
    path = tmp_path / "upload.pdf"
    path.write_bytes(content)

    with pytest.raises(SystemExit) as exited:
        main(["parse", str(path)])

    captured = capsys.readouterr()
    assert exited.value.code == 2
    assert captured.err == line
    assert captured.out == ""


def test_missing_file_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["parse", str(tmp_path / "nope.pdf")])

    assert exited.value.code == 2
    assert capsys.readouterr().err.startswith("customs-ipr: invalid_input: ")

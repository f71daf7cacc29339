"""``customs-ipr notice render`` previews a notice from a data file or a stored case."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from moto import mock_aws

from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party, Port
from customs_ipr.notices import NoticeKind, facts_from_declaration
from customs_ipr_tools.cli import main
from customs_ipr_tools.local.stack import create_tables

SAMPLES = Path(__file__).resolve().parents[2] / "templates" / "notices" / "samples"


def test_render_from_data_writes_html_text_and_pdf(tmp_path, capsys):
    # WHEN the user previews the confiscation sample
    code = main(
        [
            "notice",
            "render",
            "confiscation_notice",
            "--data",
            str(SAMPLES / "confiscation_notice.json"),
            "--out",
            str(tmp_path),
        ]
    )

    # THEN the three files are written and the JSON names them
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["notice_no"] == "2200-2026-CNF-000107"
    assert result["kind"] == "confiscation_notice"
    pdf = (tmp_path / "2200-2026-CNF-000107.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert "没收侵权货物通知书" in document.pages[0].extract_text()
    assert "Notice of Confiscation" in (tmp_path / "2200-2026-CNF-000107.html").read_text()
    assert "处罚决定生效日期" in (tmp_path / "2200-2026-CNF-000107.txt").read_text()
    assert result["files"]["pdf"] == str(tmp_path / "2200-2026-CNF-000107.pdf")


def test_render_with_data_of_another_kind_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(
            [
                "notice",
                "render",
                "release_notice",
                "--data",
                str(SAMPLES / "detention_notice.json"),
                "--out",
                str(tmp_path),
            ]
        )

    assert stop.value.code == 2
    assert capsys.readouterr().err.strip() == (
        f"customs-ipr: invalid_input: {SAMPLES / 'detention_notice.json'} holds a "
        "detention_notice, not a release_notice."
    )


def test_render_with_incomplete_data_names_the_missing_facts(tmp_path, capsys):
    data = json.loads((SAMPLES / "confiscation_notice.json").read_text(encoding="utf-8"))
    del data["facts"]["destination"]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(SystemExit):
        main(["notice", "render", "confiscation_notice", "--data", str(path), "--out", "x"])

    assert "facts.destination" in capsys.readouterr().err


def test_kinds_lists_addressees_and_legal_basis(capsys):
    main(["notice", "kinds"])

    table = json.loads(capsys.readouterr().out)
    assert table["confiscation_notice"]["addressees"] == ["holder"]
    assert table["confiscation_notice"]["legal_basis_en"].endswith("Art. 30")
    assert table["detention_voucher"]["addressees"] == ["consignee", "consignor"]
    assert len(table) == len(NoticeKind)


def _declaration() -> Declaration:
    return Declaration(
        direction=Direction.IMPORT,
        customs_no="224420260000123456",
        declaration_date=date(2026, 3, 2),
        consignee=Party(name="上海蓝海贸易有限公司", code="91310115MA1H7K2Q3X"),
        foreign_party=Party(name="GOLDEN STEP TRADING LIMITED"),
        port=Port(code="2244", name="洋山港区"),
        departure_port="胡志明市",
        items=[
            GoodsItem(
                item_no=1,
                hs_code="6403990090",
                name="运动鞋",
                brand="NIKE",
                quantity=Decimal("1200"),
                unit="双",
                total_price=Decimal("18000"),
                currency="USD",
            )
        ],
    )


def test_import_declaration_maps_to_consignee_consignor_and_route():
    facts = facts_from_declaration(_declaration())

    assert facts.consignee.name == "上海蓝海贸易有限公司"
    assert facts.consignor.name == "GOLDEN STEP TRADING LIMITED"
    assert facts.departure == "胡志明市"
    assert facts.destination == "2244 洋山港区"
    assert facts.goods[0].value == Decimal("18000")


@mock_aws
def test_unknown_case_exits_2(capsys, monkeypatch):
    # GIVEN the real tables, holding no case
    template = create_tables()
    monkeypatch.setenv("CASES_TABLE", template.name_of("CasesTable"))

    with pytest.raises(SystemExit) as raised:
        main(["notice", "render", "release_notice", "--case", "NOPE", "--out", "x"])

    assert raised.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("customs-ipr: not_found: ") and "NOPE" in err

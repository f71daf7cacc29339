"""The geometry reader on words with boxes built by hand (no PDF, as an OCR engine would
give them): labels and values wherever they stand, the goods table in any arrangement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from customs_ipr.documents.declaration import parse_declaration_lines
from customs_ipr.documents.errors import DocumentError
from customs_ipr.documents.goods import role_of
from customs_ipr.documents.pdf import Line, Page, Rule, Word

SIZE = 8.0


def line(top: float, *words: tuple[float, str]) -> Line:
    """A line of words at ``top``; each word is (x0, text), 8 pt, ~0.6 em per Latin char."""
    built = []
    for x0, text in words:
        width = sum(SIZE if ord(ch) > 0x2E80 else SIZE * 0.55 for ch in text)
        built.append(Word(text, x0, x0 + width, top, text, SIZE))
    return Line(tuple(built), top)


def table(top: float, item_x: float = 40, hs_x: float = 70, name_x: float = 130) -> list[Line]:
    """Two goods rows, the name wrapped ABOVE the item line, item numbers written 第N项."""
    header = [
        line(
            top,
            (item_x, "项号"),
            (hs_x, "商品编号"),
            (name_x, "商品名称及规格型号"),
            (300, "数量及单位"),
            (360, "单价/总价/币制"),
            (440, "原产国"),
        ),
        line(top + 10, (440, "(地区)")),
    ]
    rows = []
    y = top + 28
    for number, (hs, name, spec) in enumerate(
        [
            ("6403990090", "运动鞋", "4|3|运动鞋|NIKE牌|AJ1"),
            ("4202921000", "背包", "0|0|背包|无品牌"),
        ],
        start=1,
    ):
        rows += [
            line(y, (name_x, name), (360, "85.00")),
            line(
                y + 10,
                (item_x, f"第{number}项"),
                (hs_x, hs),
                (name_x, spec),
                (300, "1,200双"),
                (360, "102,000.00"),
            ),
            line(y + 20, (360, "(502)美元"), (440, "越南")),
        ]
        y += 40
    return header + rows


def test_values_beside_below_and_codes_on_their_own_line():
    # GIVEN a header with values beside (full-width colon), below, and a code line
    page = Page(
        [
            line(30, (200, "中华人民共和国海关进口货物报关单")),
            line(
                50,
                (40, "预录入编号：123456789012345678"),
                (300, "海关编号"),
                (345, "223344556677889900"),
            ),
            line(70, (40, "境内收货人"), (300, "Overseas consignor"), (380, "ACME LTD.")),
            line(80, (40, "上海蓝海贸易有限公司")),
            line(90, (40, "统一社会信用代码: 91310115MA1K3B2X7X")),
            line(110, (40, "进境关别 (2244)洋山港区"), (300, "申报日期 2024年3月5日")),
            line(130, (40, "启运国(地区)"), (300, "成交方式:"), (340, "CIF")),
            line(140, (40, "(141)越南")),
            *table(170),
        ]
    )

    declaration = parse_declaration_lines([page])

    assert declaration.direction == "import"
    assert declaration.pre_entry_no == "123456789012345678"
    assert declaration.customs_no == "223344556677889900"
    assert declaration.consignee.name == "上海蓝海贸易有限公司"
    assert declaration.consignee.code == "91310115MA1K3B2X7X"
    assert declaration.foreign_party is not None and declaration.foreign_party.name == "ACME LTD."
    assert declaration.port is not None and declaration.port.code == "2244"
    assert str(declaration.declaration_date) == "2024-03-05"
    assert declaration.departure_country == "越南"
    assert declaration.trade_terms == "CIF"
    first, second = declaration.items
    assert (first.item_no, first.hs_code, first.name) == (1, "6403990090", "运动鞋")
    assert first.spec == "4|3|运动鞋|NIKE牌|AJ1" and first.brand == "NIKE"
    assert first.quantity == Decimal("1200") and first.unit == "双"
    assert first.unit_price == Decimal("85.00") and first.total_price == Decimal("102000.00")
    assert first.currency == "USD" and first.origin_country == "越南"
    assert second.name == "背包" and second.brand is None
    assert declaration.missing == [] and declaration.needs_review is False


def test_ruled_cells_keep_values_apart_and_labels_out_of_values():
    # GIVEN a ruled grid: label cell | value cell, and a value below its label in a cell
    rules = [
        Rule(30, 60, 560, 60),
        Rule(30, 100, 560, 100),
        Rule(30, 60, 30, 100),
        Rule(120, 60, 120, 100),
        Rule(300, 60, 300, 100),
        Rule(560, 60, 560, 100),
    ]
    page = Page(
        [
            line(30, (200, "EXPORT GOODS DECLARATION")),
            line(45, (40, "Pre-entry No. 998877665544332211")),
            line(65, (35, "Domestic consignor"), (125, "Yiwu Global Export Co."), (305, "Terms:")),
            line(75, (125, "(3318960123)"), (305, "FOB")),
            *table(120),
        ],
        rules,
    )

    declaration = parse_declaration_lines([page])

    assert declaration.direction == "export"
    assert declaration.consignee.name == "Yiwu Global Export Co."
    assert declaration.consignee.code == "3318960123"
    assert declaration.trade_terms == "FOB"
    assert len(declaration.items) == 2


def test_missing_header_fields_are_listed_and_flagged_but_goods_are_kept():
    page = Page([line(30, (200, "进口货物报关单")), *table(60)])

    declaration = parse_declaration_lines([page])

    assert len(declaration.items) == 2
    assert declaration.needs_review is True
    assert {"consignee", "customs_no", "port", "declaration_date"} <= set(declaration.missing)
    assert declaration.consignee.name == "(not read)"


def test_a_declaration_without_goods_is_refused():
    page = Page(
        [line(30, (200, "进口货物报关单")), line(50, (40, "境内收货人 上海蓝海贸易有限公司"))]
    )

    with pytest.raises(DocumentError) as caught:
        parse_declaration_lines([page])

    assert caught.value.code == "incomplete_declaration"
    assert "goods items" in caught.value.message


def test_table_continues_on_a_page_without_a_repeated_header():
    first = Page(
        [
            line(30, (200, "进口货物报关单")),
            line(50, (40, "境内收货人 上海蓝海贸易有限公司")),
            *table(80),
        ]
    )
    rows = [row for row in table(80) if row.top >= 108]
    renumbered = [
        Line(
            tuple(
                Word(
                    w.text.replace("第1项", "第3项").replace("第2项", "第4项"),
                    w.x0,
                    w.x1,
                    w.top,
                    w.raw,
                    w.size,
                )
                for w in row.words
            ),
            row.top,
        )
        for row in rows
    ]
    second = Page([line(20, (250, "第 2 页 共 2 页")), *renumbered])

    declaration = parse_declaration_lines([first, second])

    assert [item.item_no for item in declaration.items] == [1, 2, 3, 4]
    assert declaration.items[3].name == "背包"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("原产国 (地区)", "origin"),
        ("商品名称及规格型号 Description", "name"),
        ("Unit price/Total/Currency", "combo"),
        ("Unit price", "price"),
        ("数量及单位 Quantity", "qty"),
        ("最终目的国 (地区) Final destination country", "dest"),
        ("征免", "levy"),
    ],
)
def test_column_roles_come_from_the_vocabulary(text, role):
    assert role_of(text) == role

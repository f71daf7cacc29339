"""The five demo declarations and what each must end in (see ``customs_ipr_tools.local.demo``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from customs_ipr.documents.models import (
    BrandType,
    Declaration,
    Direction,
    GoodsItem,
    Party,
    Port,
)


@dataclass
class Scenario:
    key: str
    title: str
    declaration: Declaration
    expect_status: str
    """``released`` (at screening) or the case status at the end."""
    expect_case: bool
    expect_release_reason: str | None = None
    holder: str = "silent"
    """What the holder does with the suspension notice: ``silent`` or ``detain``."""
    officer: str | None = None
    """The officer's input while goods are detained: ``penalty_decision`` or ``settlement``."""
    expect_notice: str | None = None
    """A notice kind that must have been issued (e.g. the Art. 30 confiscation notice)."""
    expect_item_outcomes: frozenset[str] | None = None
    """The screening outcomes its goods items must have (``clear``, ``licensed``, ``hit``)."""


@dataclass(frozen=True)
class _Goods:
    hs_code: str
    name: str
    brand: str | None
    spec: str
    quantity: str
    unit: str
    unit_price: str
    origin: str = "越南"


@dataclass(frozen=True)
class _Row:
    """One demo declaration: who imports what, and the scenario's expectations."""

    key: str
    title: str
    serial: int
    day: date
    consignee: Party
    foreign: str
    goods: _Goods
    marks: str
    expect: dict[str, Any]


def _item(goods: _Goods) -> GoodsItem:
    qty, price = Decimal(goods.quantity), Decimal(goods.unit_price)
    return GoodsItem(
        item_no=1,
        hs_code=goods.hs_code,
        name=goods.name,
        spec=goods.spec,
        brand=goods.brand,
        brand_type=BrandType.FOREIGN_OTHER if goods.brand else BrandType.NO_BRAND,
        quantity=qty,
        unit=goods.unit,
        unit_price=price,
        total_price=(qty * price).quantize(Decimal("0.01")),
        currency="USD",
        origin_country=goods.origin,
        destination_country="中国",
    )


def _declaration(row: _Row) -> Declaration:
    number = f"22442026{row.serial:010d}"
    item = _item(row.goods)
    return Declaration(
        direction=Direction.IMPORT,
        customs_no=number,
        pre_entry_no=number,
        declaration_date=row.day,
        consignee=row.consignee,
        foreign_party=Party(name=row.foreign),
        port=Port(code="2244", name="洋山港区"),
        departure_country=item.origin_country,
        trade_terms="CIF",
        departure_port="胡志明市" if item.origin_country == "越南" else None,
        marks=row.marks,
        royalties_paid=False,
        items=[item],
    )


_ROWS = (
    _Row(
        "no-match",
        "unbranded cutlery",
        914001,
        date(2026, 9, 14),
        Party(name="上海恒通五金有限公司", code="3122960101"),
        "HANOI KITCHENWARE JSC",
        _Goods(
            "8215990000",
            "不锈钢餐具",
            None,
            "0|0|不锈钢餐具|无品牌|304不锈钢",
            "2000",
            "套",
            "3.50",
        ),
        "N/M",
        {"expect_status": "released", "expect_case": False, "expect_item_outcomes": {"clear"}},
    ),
    _Row(
        "licensed",
        "NIKE shoes for Nike's licensed user",
        915001,
        date(2026, 9, 15),
        Party(name="耐克体育(中国)有限公司", code="3122440001"),
        "NIKE TRADING VIETNAM CO., LTD.",
        _Goods(
            "6403990090",
            "运动鞋",
            "NIKE",
            "4|3|运动鞋|NIKE牌|AJ1|皮革面|男式",
            "600",
            "双",
            "85.00",
        ),
        "N/M NIKE AJ1",
        {"expect_status": "released", "expect_case": False, "expect_item_outcomes": {"licensed"}},
    ),
    _Row(
        "silent-holder",
        "ADIDAS shoes, holder silent",
        916001,
        date(2026, 9, 16),
        Party(name="上海蓝海贸易有限公司", code="3122990451"),
        "SAIGON FOOTWEAR TRADING CO.",
        _Goods(
            "6404110000",
            "运动鞋",
            "ADIDAS",
            "4|3|运动鞋|ADIDAS牌|SUPERSTAR|纺织面|男式",
            "800",
            "双",
            "22.00",
        ),
        "ADIDAS SUPERSTAR",
        {
            "expect_status": "released",
            "expect_case": True,
            "expect_release_reason": "no_application",
        },
    ),
    _Row(
        "confiscation",
        "NIKE backpacks, detained and confiscated",
        917001,
        date(2026, 9, 17),
        Party(name="宁波远航进出口有限公司", code="3302960123"),
        "GUANGXI BORDER GOODS LTD.",
        _Goods(
            "4202921000",
            "背包",
            "NIKE",
            "4|3|背包|NIKE牌|BA5954|外表面为化纤纺织材料|双肩包",
            "1000",
            "个",
            "6.00",
        ),
        "NIKE BA5954",
        {
            "expect_status": "confiscated",
            "expect_case": True,
            "holder": "detain",
            "officer": "penalty_decision",
            "expect_notice": "confiscation_notice",
        },
    ),
    _Row(
        "settlement",
        "LEGO toys, detained, parties settle",
        918001,
        date(2026, 9, 18),
        Party(name="深圳童乐贸易有限公司", code="4403960456"),
        "BRICKWORLD TOYS CO.",
        _Goods(
            "9503008900",
            "塑料积木玩具",
            "LEGO",
            "4|3|积木玩具|LEGO牌|CITY 60316|塑料",
            "500",
            "盒",
            "18.00",
        ),
        "LEGO CITY",
        {
            "expect_status": "released",
            "expect_case": True,
            "holder": "detain",
            "officer": "settlement",
            "expect_release_reason": "settlement",
        },
    ),
)


def _scenario(row: _Row) -> Scenario:
    expect = dict(row.expect)
    if "expect_item_outcomes" in expect:
        expect["expect_item_outcomes"] = frozenset(expect["expect_item_outcomes"])
    return Scenario(row.key, row.title, _declaration(row), **expect)


def scenarios() -> list[Scenario]:
    """The five demo declarations (see ``customs_ipr_tools.local.demo``)."""
    return [_scenario(row) for row in _ROWS]

"""Titles of any length and designations inside titles are found in the goods text."""

from __future__ import annotations

from datetime import date

from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party
from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.store import InMemoryRecordationStore
from customs_ipr.screening.matching import screen_declaration
from customs_ipr.screening.models import ItemOutcome, Rule
from customs_ipr.text.terms import designations


def _recordation(number: str, ip_type: str, title: str, hs: str) -> Recordation:
    return Recordation.model_validate(
        {
            "recordation_no": number,
            "ip_type": ip_type,
            "title": title,
            "holder": {"name": "Moon Studio Ltd.", "country": "GB"},
            "goods": [{"name": "goods", "hs_codes": [hs]}],
            "valid_from": "2022-01-01",
            "valid_until": "2031-12-31",
        }
    )


STORE = InMemoryRecordationStore(
    [
        _recordation("C2022-00001", "copyright", "The Moonlit Kingdom of the North", "4911"),
        _recordation("P2022-00002", "patent", "磁吸充电座（MAGDOCK）", "8504"),
        _recordation("C2022-00003", "copyright", "STAR PANDA", "9503"),
    ]
)


def _screen(hs: str, name: str, spec: str | None = None):
    declaration = Declaration(
        direction=Direction.IMPORT,
        declaration_date=date(2026, 10, 15),
        consignee=Party(name="上海远航国际贸易有限公司"),
        items=[GoodsItem(item_no=1, hs_code=hs, name=name, spec=spec, brand="无品牌")],
    )
    return screen_declaration(declaration, STORE).items[0]


def test_a_long_title_across_a_line_wrap_and_punctuation():
    item = _screen("4911910000", "印刷品 poster: THE MOONLIT\nKINGDOM, of the north art")
    assert item.outcome is ItemOutcome.HIT
    assert item.reasons[0].rule is Rule.EXACT
    assert item.reasons[0].matched_text == "the moonlit kingdom of the north"


def test_a_patent_designation_in_the_declaration_elements():
    item = _screen("8504409999", "充电器", "0|0|充电器|MAGDOCK magnetic type|无品牌")
    assert item.outcome is ItemOutcome.HIT and item.recordations == ["P2022-00002"]


def test_a_character_name_inside_the_goods_name():
    item = _screen("9503008900", "plush toy with STAR PANDA character")
    assert item.outcome is ItemOutcome.HIT and item.recordations == ["C2022-00003"]


def test_designations_of_a_mixed_title():
    assert designations("星星熊猫 STAR PANDA") == ["星星熊猫 STAR PANDA", "STAR PANDA", "星星熊猫"]
    assert "MAGDOCK" in designations("磁吸充电座（MAGDOCK）")

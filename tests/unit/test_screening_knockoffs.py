"""Knock-off transformations: each hit names its transformation; traps stay clear."""

from __future__ import annotations

from pathlib import Path

import pytest

from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party
from customs_ipr.recordations.store import InMemoryRecordationStore
from customs_ipr.screening.matching import screen_declaration
from customs_ipr.screening.models import ItemOutcome, Rule

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "recordations.json"


@pytest.fixture(scope="module")
def store() -> InMemoryRecordationStore:
    return InMemoryRecordationStore.from_file(str(SAMPLES))


def screen(store, brand: str, name: str = "运动鞋", hs: str = "6404199000"):
    declaration = Declaration(
        direction=Direction.IMPORT,
        consignee=Party(name="上海远航国际贸易有限公司", code="3101960001"),
        items=[GoodsItem(item_no=1, hs_code=hs, name=name, brand=brand, brand_type="4")],
    )
    return screen_declaration(declaration, store).items[0]


@pytest.mark.parametrize(
    ("brand", "name", "rule"),
    [
        ("АDIDAS", "运动鞋", Rule.CONFUSABLE),
        ("无品牌", "运动鞋 N.I.K.E", Rule.CONFUSABLE),
        ("NIKEAIR", "运动鞋", Rule.GLUED),
        ("NAIKE", "运动鞋", Rule.CROSS_SCRIPT),
        ("无品牌", "奈克运动鞋", Rule.SOUND_ALIKE),
    ],
)
def test_each_transformation_is_named(store, brand, name, rule):
    item = screen(store, brand, name)
    assert item.outcome is ItemOutcome.HIT
    assert item.reasons[0].rule is rule and item.reasons[0].matched_text


def test_dictionary_words_are_not_glued_or_near_marks(store):
    assert screen(store, "PEARLSTAR", "运动鞋 PEARL SPEAR").outcome is ItemOutcome.CLEAR


def test_knockoff_generator_on_a_tuning_seed(store):
    from fixtures import make_knockoffs as mk

    recs = mk.recordations(0)
    cases = mk.cases(0, recs)
    assert len(cases) >= 1000 and len(recs) >= 200
    assert {c.category for c in cases} == set(mk.CATEGORIES)


def _food_store() -> InMemoryRecordationStore:
    from customs_ipr.recordations.models import Recordation

    def rec(number: str, title: str, hs: str) -> Recordation:
        return Recordation.model_validate(
            {
                "recordation_no": number,
                "ip_type": "trademark",
                "title": title,
                "holder": {"name": f"{title}有限公司", "country": "CN"},
                "goods": [{"name": "食品", "hs_codes": [hs]}],
                "valid_from": "2020-01-01",
                "valid_until": "2029-12-31",
            }
        )

    return InMemoryRecordationStore(
        [
            rec("T2020-00001", "康师傅", "1902"),
            rec("T2020-00002", "雪碧", "2202"),
            rec("T2020-00003", "奥利奥", "1905"),
            rec("T2020-00004", "洽洽", "2008"),
        ]
    )


@pytest.mark.parametrize(
    ("name", "hs", "declared", "recorded"),
    [
        ("康帅傅红烧牛肉面", "1902309000", "帅", "师"),
        ("雷碧柠檬味汽水", "2202100000", "雷", "雪"),
        ("粤利粤夹心饼干", "1905310000", "粤", "奥"),
        ("治治香瓜子", "2008199900", "治", "洽"),
    ],
)
def test_chinese_look_alikes_say_which_characters_differ_and_why(name, hs, declared, recorded):
    item = screen(_food_store(), "无品牌", name, hs)
    assert item.outcome is ItemOutcome.HIT
    reason = item.reasons[0]
    assert reason.rule is Rule.LOOK_ALIKE and reason.score is not None
    assert reason.detail is not None and reason.detail.startswith(f"{declared} for {recorded} (")
    assert "four-corner" in reason.detail


def test_a_common_word_is_not_a_look_alike_of_a_short_mark():
    # 洽谈 ("negotiation") shares 洽 but the other character is no look-alike of 洽
    assert (
        screen(_food_store(), "无品牌", "洽谈样品瓜子", "2008199900").outcome is ItemOutcome.CLEAR
    )

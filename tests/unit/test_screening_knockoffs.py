"""Knock-off transformations: each hit names its transformation; traps stay clear."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party
from customs_ipr.recordations.store import InMemoryRecordationStore
from customs_ipr.screening.matching import screen_declaration
from customs_ipr.screening.models import ItemOutcome, Rule

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "recordations.json"


@pytest.fixture(scope="module")
def store() -> InMemoryRecordationStore:
    return InMemoryRecordationStore.from_file(SAMPLES)


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
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
    import make_knockoffs as mk

    recs = mk.recordations(0)
    cases = mk.cases(0, recs)
    assert len(cases) >= 1000 and len(recs) >= 200
    assert {c.category for c in cases} == set(mk.CATEGORIES)

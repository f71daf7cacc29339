"""Licensing by name (issue 17, point 9): one legal form's spellings, nothing more."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party, Port
from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.store import InMemoryRecordationStore
from customs_ipr.screening.matching import screen_declaration
from customs_ipr.screening.models import ItemOutcome, Rule
from customs_ipr.screening.parties import same_name, same_port

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "recordations.json"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pou Chen Trading Co., Ltd.", "POU CHEN TRADING CO LTD"),
        ("Pou Chen Trading Co., Ltd.", "Pou Chen Trading Company Limited"),
        ("耐克体育（中国）有限公司", "耐克体育(中国)有限公司"),
        ("Nike Innovate C.V.", "NIKE INNOVATE CV"),
        ("Ｎｉｋｅ Ｉｎｎｏｖａｔｅ C.V.", "nike innovate c.v."),
    ],
)
def test_same_party_after_width_case_punctuation_and_one_legal_form(a, b):
    assert same_name(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nike Innovate C.V.", "NIKE INNOVATE CV LIMITED"),
        ("上海远航有限公司", "上海远航贸易有限公司"),
        ("Pou Chen Trading Co., Ltd.", "Pou Chen Trading"),
        ("Pou Chen Trading Co., Ltd.", "Pou Chen Trading Inc."),
    ],
)
def test_another_legal_form_or_wording_is_another_party(a, b):
    assert not same_name(a, b)


def _declaration(consignee: Party, port: Port | None = None) -> Declaration:
    return Declaration(
        direction=Direction.IMPORT,
        declaration_date=date(2026, 10, 15),
        consignee=Party(name="上海远航国际贸易有限公司", code="3101960001"),
        foreign_party=consignee,
        port=port,
        items=[
            GoodsItem(item_no=1, hs_code="6404199000", name="运动鞋", brand="NIKE", brand_type="4")
        ],
    )


def test_holder_name_with_another_legal_form_is_a_hit_that_says_why():
    # GIVEN NIKE recorded by "Nike Innovate C.V."
    store = InMemoryRecordationStore.from_file(str(SAMPLES))
    # WHEN a foreign consignor "NIKE INNOVATE CV LIMITED" declares NIKE shoes
    result = screen_declaration(_declaration(Party(name="NIKE INNOVATE CV LIMITED")), store)
    # THEN the goods are not licensed, and the reason names the difference
    [item] = result.items
    assert item.outcome is ItemOutcome.HIT
    rules = [r.rule for r in item.reasons]
    assert Rule.LICENSEE_NAME_DIFFERS in rules and Rule.HOLDER not in rules


def _with_port(port: str | None) -> InMemoryRecordationStore:
    store = InMemoryRecordationStore.from_file(str(SAMPLES))
    nike = store.get("T2019-12345")
    assert nike is not None
    pre = {
        "name": "Global Sourcing Ltd.",
        "code": "GS001",
        "hs_codes": ["6404"],
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
        "port": port,
    }
    doc = nike.model_dump(mode="json")
    doc["preconfirmations"] = [pre]
    store.save(Recordation.model_validate(doc))
    return store


def test_preconfirmation_port_is_checked_at_screening():
    store = _with_port("2244 洋山港区")
    trader = Party(name="Global Sourcing Ltd.", code="GS001")
    there = screen_declaration(_declaration(trader, Port(code="2244")), store)
    elsewhere = screen_declaration(_declaration(trader, Port(code="2201", name="吴淞海关")), store)
    nowhere = screen_declaration(_declaration(trader), store)
    assert there.items[0].outcome is ItemOutcome.LICENSED
    assert elsewhere.items[0].outcome is ItemOutcome.HIT
    assert Rule.PRECONFIRMATION_PORT_DIFFERS in [r.rule for r in elsewhere.items[0].reasons]
    assert nowhere.items[0].outcome is ItemOutcome.HIT


def test_preconfirmation_without_a_port_counts_at_any_port():
    store = _with_port(None)
    trader = Party(name="Global Sourcing Ltd.", code="GS001")
    result = screen_declaration(_declaration(trader, Port(code="2201")), store)
    assert result.items[0].outcome is ItemOutcome.LICENSED


def test_same_port_by_code_or_name():
    assert same_port("2244 洋山港区", "2244", None)
    assert same_port("洋山港区", None, "洋山港区")
    assert not same_port("2244", "2201", "吴淞")

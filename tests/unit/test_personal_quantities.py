"""Art. 31: the reasonable quantity for personal use is an operator table per goods kind."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from customs_ipr.cases.model import CaseGoods
from customs_ipr.cases.rules.personal import (
    QuantityTableInvalid,
    assess,
    default_table,
    load_table,
)


def _goods(name: str, quantity: str, hs: str | None = None) -> CaseGoods:
    return CaseGoods(name=name, quantity=Decimal(quantity), hs_code=hs)


def test_each_kind_is_held_to_its_own_quantity():
    # GIVEN two pairs of shoes and one watch: within use for each kind
    within = assess([_goods("运动鞋", "2", "6404110000"), _goods("手表", "1")])
    assert within["beyond"] == []
    # WHEN three watches come with them
    beyond = assess([_goods("运动鞋", "2", "6404110000"), _goods("手表", "3", "9102110000")])
    # THEN only the watches are beyond their reasonable quantity
    assert beyond["beyond"] == ["watches"]
    shoes = next(k for k in beyond["per_kind"] if k["kind"] == "footwear")
    assert (shoes["quantity"], shoes["reasonable_quantity"]) == (Decimal("2"), Decimal("2"))


def test_five_shirts_are_personal_use_though_the_old_rule_counted_two_units_in_total():
    assert assess([_goods("T恤衫", "5", "6109100010")])["beyond"] == []
    assert assess([_goods("T恤衫", "6", "6109100010")])["beyond"] == ["clothing"]


def test_a_kind_not_in_the_table_uses_the_default():
    assert default_table().default.quantity == Decimal("2")
    assert assess([_goods("雨伞", "3")])["beyond"] == ["default"]


def test_the_operator_replaces_the_table(tmp_path, monkeypatch):
    table = tmp_path / "quantities.json"
    table.write_text(
        json.dumps(
            {
                "default": {"quantity": "1"},
                "kinds": [{"kind": "bags", "hs_prefixes": ["4202"], "quantity": "4"}],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("REASONABLE_QUANTITIES", str(table))
    from customs_ipr.config import get_settings

    get_settings.cache_clear()
    try:
        assert assess([_goods("handbag", "4", "4202210000")])["beyond"] == []
        assert assess([_goods("scarf", "2")])["beyond"] == ["default"]
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_a_broken_table_is_refused_naming_the_problem(tmp_path):
    table = tmp_path / "bad.json"
    table.write_text(json.dumps({"default": {"quantity": "two"}}), encoding="utf-8")
    with pytest.raises(QuantityTableInvalid, match="not a number"):
        load_table(str(table))

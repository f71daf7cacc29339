"""Screening goods items against recordations: rules, outcomes and the release policy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party
from customs_ipr.recordations.store import DynamoRecordationStore, InMemoryRecordationStore
from customs_ipr.screening.candidates import declared_brand
from customs_ipr.screening.matching import screen_declaration
from customs_ipr.screening.models import Action, ItemOutcome, Rule

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "recordations.json"
TRADER = Party(name="上海远航国际贸易有限公司", code="3101960001")


@pytest.fixture(scope="module")
def store() -> InMemoryRecordationStore:
    return InMemoryRecordationStore.from_file(str(SAMPLES))


def item(no: int = 1, **fields) -> GoodsItem:
    base = {"item_no": no, "hs_code": "6404199000", "name": "运动鞋", "brand_type": "4"}
    base.update(fields)
    return GoodsItem.model_validate(base)


def declare(
    *items: GoodsItem, consignee: Party = TRADER, marks: str | None = None, on: str = "2026-10-15"
) -> Declaration:
    return Declaration(
        direction=Direction.IMPORT,
        customs_no="224420260000000001",
        declaration_date=date.fromisoformat(on),
        consignee=consignee,
        foreign_party=Party(name="Global Sourcing Ltd."),
        marks=marks,
        items=list(items),
    )


def test_exact_hit_asks_for_an_ip_status_declaration(store):
    result = screen_declaration(declare(item(brand="NIKE", spec="0|0|运动鞋|NIKE|AIR")), store)
    [found] = result.items
    assert (result.action, found.outcome, found.recordations) == (
        Action.REQUIRE_IP_STATUS_DECLARATION,
        ItemOutcome.HIT,
        ["T2019-12345"],
    )
    reason = found.reasons[0]
    assert (reason.rule, reason.matched_text, reason.score, reason.source) == (
        Rule.EXACT,
        "nike",
        100.0,
        "brand",
    )


def test_near_miss_is_reported_with_its_score(store):
    result = screen_declaration(declare(item(brand="ADIBAS")), store)
    reason = result.items[0].reasons[0]
    assert (reason.recordation_no, reason.rule, reason.score) == ("T2018-00231", Rule.NEAR, 83.3)
    confusable = screen_declaration(declare(item(hs_code="8712003000", brand="VEL0CE")), store)
    assert confusable.items[0].reasons[0].rule == Rule.CONFUSABLE


def test_common_word_out_of_scope_is_clear_with_a_note(store):
    # GIVEN fresh apples marked APPLE; APPLE is recorded for electronics only
    result = screen_declaration(
        declare(item(hs_code="0808100000", name="鲜苹果", spec="0|0|红富士"), marks="APPLE"), store
    )
    [found] = result.items
    assert (result.action, found.outcome, found.recordations) == (
        Action.RELEASE,
        ItemOutcome.CLEAR,
        [],
    )
    assert {(r.recordation_no, r.rule) for r in found.reasons} == {
        ("T2020-04567", Rule.OUT_OF_SCOPE)
    }


def test_lapsed_and_not_yet_valid_recordations_do_not_hit(store):
    lapsed = screen_declaration(declare(item(hs_code="4202210000", brand="GUCCI")), store)
    assert lapsed.items[0].outcome == ItemOutcome.CLEAR
    assert lapsed.items[0].reasons[0].rule == Rule.NOT_VALID
    expired = screen_declaration(declare(item(hs_code="8506101100", brand="DURACELL")), store)
    assert expired.items[0].outcome == ItemOutcome.CLEAR
    before = screen_declaration(
        declare(item(hs_code="8506101100", brand="DURACELL"), on="2026-06-30"), store
    )
    assert before.items[0].outcome == ItemOutcome.HIT


@pytest.mark.parametrize(
    ("consignee", "rule"),
    [
        (Party(name="whatever", code="3122440001"), Rule.LICENSEE),
        (Party(name="耐克体育(中国)有限公司"), Rule.LICENSEE),
        (Party(name="POU CHEN TRADING COMPANY LIMITED"), Rule.LICENSEE),
        (Party(name="NIKE INNOVATE CV"), Rule.HOLDER),
    ],
)
def test_licensee_by_code_or_normalized_name(store, consignee, rule):
    result = screen_declaration(declare(item(brand="NIKE"), consignee=consignee), store)
    [found] = result.items
    assert (result.action, found.outcome, found.recordations) == (
        Action.RELEASE,
        ItemOutcome.LICENSED,
        ["T2019-12345"],
    )
    assert found.reasons[-1].rule == rule


def test_preconfirmation_counts_only_within_its_period_and_goods(store):
    trader = Party(name="上海锐动贸易有限公司", code="3101230456")
    inside = screen_declaration(declare(item(brand="ADIDAS"), consignee=trader), store)
    assert inside.items[0].outcome == ItemOutcome.LICENSED
    assert inside.items[0].reasons[-1].rule == Rule.PRECONFIRMATION
    later = screen_declaration(
        declare(item(brand="ADIDAS"), consignee=trader, on="2027-01-04"), store
    )
    assert later.items[0].outcome == ItemOutcome.HIT
    other_goods = screen_declaration(
        declare(item(hs_code="6109100021", brand="ADIDAS"), consignee=trader), store
    )
    assert other_goods.items[0].outcome == ItemOutcome.HIT


def test_known_infringer_suspends_release(store):
    infringer = Party(name="莆田市荔城区顺达鞋业有限公司", code="3505960123")
    result = screen_declaration(declare(item(brand="NIKE"), consignee=infringer), store)
    assert result.action == Action.SUSPEND_RELEASE
    assert [r.rule for r in result.items[0].reasons] == [Rule.EXACT, Rule.KNOWN_INFRINGER]


def test_unbranded_declaration_of_a_foreign_mark_suspends_release(store):
    result = screen_declaration(declare(item(brand="NIKE", brand_type="0")), store)
    assert result.action == Action.SUSPEND_RELEASE
    assert result.items[0].reasons[-1].rule == Rule.BRAND_TYPE_CONTRADICTION
    # a domestic holder's mark declared as a domestic brand is no contradiction
    domestic = screen_declaration(
        declare(item(hs_code="8517130000", brand="华为", brand_type="1")), store
    )
    assert domestic.action == Action.REQUIRE_IP_STATUS_DECLARATION


def test_accessory_with_its_own_brand_is_clear_and_explained(store):
    charger = item(hs_code="8504401400", name="Charger compatible with iPhone 15", brand="ANKER")
    result = screen_declaration(declare(charger), store)
    [found] = result.items
    assert (result.action, found.outcome) == (Action.RELEASE, ItemOutcome.CLEAR)
    assert (found.reasons[0].rule, found.reasons[0].recordation_no) == (
        Rule.ACCESSORY_REFERENCE,
        "T2020-04568",
    )
    chinese = item(hs_code="8504401400", name="充电器", spec="0|0|适用于华为手机", brand="绿联")
    assert screen_declaration(declare(chinese), store).items[0].outcome == ItemOutcome.CLEAR


def test_unbranded_accessory_is_a_hit_that_never_suspends(store):
    case = item(
        hs_code="3926909090",
        name="手机壳",
        spec="0|0|无品牌|适用于iPhone 15",
        brand="无品牌",
        brand_type="0",
    )
    result = screen_declaration(declare(case), store)
    assert result.action == Action.REQUIRE_IP_STATUS_DECLARATION
    assert [r.rule for r in result.items[0].reasons] == [Rule.ACCESSORY_REFERENCE]


def test_the_mark_as_declared_brand_is_never_an_accessory_reference(store):
    result = screen_declaration(
        declare(item(hs_code="8504401400", name="for iPhone", brand="IPHONE")), store
    )
    assert result.items[0].reasons[0].rule == Rule.EXACT


def test_marks_belong_to_the_item_that_shows_them(store):
    # GIVEN NIKE shoes and unbranded T-shirts on one declaration marked "N/M NIKE AJ1"
    shoes = item(1, brand="NIKE", spec="4|3|运动鞋|NIKE牌|AJ1")
    shirts = item(
        2, hs_code="6109100021", name="针织T恤", spec="0|3|针织T恤|无品牌", brand_type="0"
    )
    result = screen_declaration(declare(shoes, shirts, marks="N/M NIKE AJ1"), store)
    # THEN only the shoes hit and nothing suspends
    assert [i.outcome for i in result.items] == [ItemOutcome.HIT, ItemOutcome.CLEAR]
    assert result.items[1].reasons[0].rule == Rule.MARKS_OF_OTHER_ITEM
    assert result.action == Action.REQUIRE_IP_STATUS_DECLARATION
    # AND marks alone still hit an item in scope, without a brand-type contradiction
    alone = screen_declaration(declare(shirts, marks="NIKE"), store)
    assert alone.items[0].outcome == ItemOutcome.HIT
    assert alone.action == Action.REQUIRE_IP_STATUS_DECLARATION


def test_brand_is_read_from_the_declaration_elements():
    assert declared_brand(item(spec="4|3|运动鞋|NIKE牌|AJ1")) == "NIKE"
    assert declared_brand(item(brand="ADIDAS", spec="4|3|X牌")) == "ADIDAS"
    assert declared_brand(item(spec="0|0|棉")) is None


def test_two_store_reads_per_declaration_and_none_without_candidates(store):
    many = [item(n, brand=b) for n, b in enumerate(["NIKE", "ADIDAS", "LV", "无"], start=1)]
    many[2] = item(3, hs_code="4202210000", brand="LV")
    result = screen_declaration(declare(*many), store)
    assert [i.outcome for i in result.items] == [ItemOutcome.HIT] * 3 + [ItemOutcome.CLEAR]
    assert result.stats.dynamodb_requests == 2
    quiet = screen_declaration(declare(item(brand="PUMA")), store)
    assert quiet.stats.dynamodb_requests == 1 and quiet.stats.recordations_fetched == 0


def test_dynamodb_store_gives_the_same_answer_in_two_batch_reads(recordations_table, store):
    # GIVEN the sample recordations imported into the table
    from customs_ipr.recordations.importer import import_file

    import_file(SAMPLES)
    dynamo = DynamoRecordationStore()
    declaration = declare(
        item(1, brand="NIKE"),
        item(2, hs_code="8712003000", brand="VEL0CE"),
        item(3, hs_code="0808100000", name="鲜苹果"),
        consignee=Party(name="x", code="3122440001"),
    )
    calls: list[str] = []
    dynamo.client.meta.events.register(
        "before-call.dynamodb.*", lambda model, **_: calls.append(model.name)
    )
    # WHEN screened against the table and against memory
    in_table = screen_declaration(declaration, dynamo)
    in_memory = screen_declaration(declaration, store)
    # THEN the items are the same and the table was read with two BatchGetItems
    assert in_table.items == in_memory.items
    assert [i.outcome for i in in_table.items] == [
        ItemOutcome.LICENSED,
        ItemOutcome.HIT,
        ItemOutcome.CLEAR,
    ]
    assert calls == ["BatchGetItem", "BatchGetItem"]
    assert in_table.stats.dynamodb_requests == 2

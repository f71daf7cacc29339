"""Quality on the labelled set, and flat cost as the number of recordations grows."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party
from customs_ipr.recordations.records_file import read_recordations_file
from customs_ipr.recordations.store import InMemoryRecordationStore
from customs_ipr.screening.matching import screen_declaration
from customs_ipr_tools.evaluation import baseline, evaluate, load_cases
from customs_ipr_tools.synthetic import generate

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "tests" / "fixtures" / "screening_eval.jsonl"
SAMPLES = ROOT / "samples" / "recordations.json"


def test_labelled_set_is_large_and_varied():
    cases = load_cases(EVAL)
    categories = Counter(c.category for c in cases)
    labels = Counter(c.expected for c in cases)
    assert len(cases) >= 150
    assert labels["hit"] >= 90 and labels["clear"] >= 50 and labels["licensed"] >= 10
    for needed in (
        "case",
        "fullwidth",
        "traditional",
        "brand_suffix",
        "near",
        "marks",
        "scope",
        "lapsed",
        "similar",
        "accessory_own_brand",
        "licensed",
    ):
        assert categories[needed] >= 5, needed
    recordations = json.loads(SAMPLES.read_text(encoding="utf-8"))
    assert 15 <= len(recordations) <= 30
    assert {r["ip_type"] for r in recordations} == {
        "trademark",
        "copyright",
        "patent",
        "olympic_symbol",
        "world_expo_symbol",
    }


def test_recall_and_false_positive_rate_beat_the_substring_baseline():
    # GIVEN the labelled set and the sample recordations
    cases = load_cases(EVAL)
    recordations = read_recordations_file(SAMPLES)
    # WHEN screened, and by the naive substring search
    ours = evaluate(cases, InMemoryRecordationStore(recordations))
    naive = baseline(cases, recordations)
    # THEN the targets hold and the baseline is beaten on every measure
    assert ours.recall >= 0.97, ours.misses
    assert ours.fpr <= 0.02, ours.false_alarms
    assert ours.licensed_right == ours.licensed_total
    assert ours.recall > naive.recall and ours.fpr < naive.fpr
    assert ours.precision > naive.precision


def _probe() -> Declaration:
    return Declaration(
        direction=Direction.IMPORT,
        consignee=Party(name="上海远航国际贸易有限公司"),
        marks="N/M MADE IN CHINA",
        items=[
            GoodsItem(
                item_no=1,
                hs_code="6404199000",
                name="运动鞋 sports shoes",
                spec="0|0|运动鞋|KOBALO牌|纺织面|橡胶底",
                brand="KOBALO",
            ),
            GoodsItem(
                item_no=2,
                hs_code="8518300000",
                name="蓝牙耳机 bluetooth headset",
                spec="0|0|耳机|无品牌|BT5.0",
                brand="无品牌",
            ),
        ],
    )


def _cost(store: InMemoryRecordationStore, rounds: int = 30) -> tuple[float, int]:
    declaration = _probe()
    screen_declaration(declaration, store)
    started = time.perf_counter()
    for _ in range(rounds):
        result = screen_declaration(declaration, store)
    return (time.perf_counter() - started) / rounds, result.stats.term_entries


def test_cost_does_not_grow_with_the_number_of_recordations():
    # GIVEN 1,000 and 10,000 generated recordations
    small = InMemoryRecordationStore(generate(1_000, seed=3))
    large = InMemoryRecordationStore(generate(10_000, seed=3))
    # WHEN the same declaration is screened against both
    small_time, small_entries = _cost(small)
    large_time, large_entries = _cost(large)
    # THEN only the index entries under its own keys are read, not the recordations
    assert large_entries <= small_entries + 20
    assert large_time < 0.05
    assert large_time < max(small_time * 3, 0.005)

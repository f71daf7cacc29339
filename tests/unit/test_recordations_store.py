"""Recordation model, import, DynamoDB store and public look-up."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from customs_ipr.errors import InvalidInput
from customs_ipr.ingest.recordation_files import import_object
from customs_ipr.recordations.importer import import_file, import_text
from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.search import search_recordations
from customs_ipr.recordations.store import DynamoRecordationStore, InMemoryRecordationStore
from customs_ipr.text.normalize import skeleton
from customs_ipr_tools.synthetic import generate

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "recordations.json"


def _nike(**changes) -> dict:
    record = {
        "recordation_no": "T2019-12345",
        "ip_type": "trademark",
        "title": "NIKE",
        "aliases": ["耐克"],
        "holder": {"name": "Nike Innovate C.V.", "country": "US", "email": "ip@nike.example"},
        "agent": {"name": "上海知识产权代理有限公司", "email": "a@agent.example"},
        "goods": [{"name": "footwear", "hs_codes": ["6403", "6404"]}],
        "licensees": [{"name": "耐克体育（中国）有限公司", "code": "3122440001"}],
        "known_infringers": [{"name": "某鞋业有限公司", "code": "3505960123"}],
        "valid_from": "2019-06-01",
        "valid_until": "2029-05-31",
        "general_guarantee": {
            "amount": "200000",
            "approved_on": "2026-01-05",
            "expires_on": "2026-12-31",
        },
    }
    record.update(changes)
    return record


def test_public_view_hides_licensees_contacts_agent_and_infringers():
    # GIVEN a recordation with licensees, contacts and an agent
    recordation = Recordation.model_validate(_nike())
    # WHEN the public sees it
    view = recordation.public_view()
    # THEN only holder, right, registration and goods are shown
    text = json.dumps(view, default=str, ensure_ascii=False)
    assert view["holder"] == {"name": "Nike Innovate C.V.", "country": "US"}
    assert view["goods"] == [{"name": "footwear", "hs_codes": ["6403", "6404"]}]
    for hidden in ("耐克体育", "3122440001", "ip@nike.example", "agent", "某鞋业", "200000"):
        assert hidden not in text


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"goods": [{"name": "x", "hs_codes": ["64"]}]}, "not 4 to 10 digits"),
        ({"recordation_no": "X-1"}, "not like T2019-12345"),
        ({"recordation_no": "P2019-12345"}, "is for a patent"),
        ({"valid_until": "2018-01-01"}, "before valid_from"),
        ({"valid_until": "2030-01-01", "term_from": "2019-06-01"}, "exceeds 10 years"),
        ({"valid_until": "2031-01-01", "term_from": "2021-01-01"}, "not the start of a renewed"),
        ({"ip_type": "design"}, "ip_type"),
    ],
)
def test_invalid_records_are_reported_with_position_and_reason(changes, reason):
    # GIVEN a JSON Lines file whose second record is bad
    text = "\n".join(json.dumps(r) for r in [_nike(), _nike(**changes)])
    store = InMemoryRecordationStore()
    # WHEN it is imported
    result = import_text(text, store, source="test")
    # THEN the good one is stored and the bad one reported at line 2
    assert (result.total, result.created, result.rejected) == (2, 1, 1)
    assert result.errors[0].line == 2
    assert result.errors[0].position == "line 2"
    assert reason in result.errors[0].reason


def test_array_positions_and_non_json_lines():
    store = InMemoryRecordationStore()
    array = json.dumps([_nike(), {"title": "x"}, "text"])
    result = import_text(array, store, source="a.json")
    assert [(e.index, e.position) for e in result.errors] == [(1, "index 1"), (2, "index 2")]
    assert "recordation_no: Field required" in result.errors[0].reason
    assert result.errors[1].reason == "a record must be a JSON object"
    lines = json.dumps(_nike()) + "\n{not json\n"
    result = import_text(lines, InMemoryRecordationStore(), source="b.jsonl")
    assert result.created == 1
    assert result.errors[0].line == 2 and "not valid JSON" in result.errors[0].reason
    with pytest.raises(InvalidInput, match="not a valid JSON array"):
        import_text("[{", store, source="c.json")


def test_reimport_updates_and_keeps_history(recordations_table):
    # GIVEN a recordation stored in the DynamoDB table
    store = DynamoRecordationStore()
    first = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)
    import_text(json.dumps([_nike()]), store, source="v1.json", now=first)
    # WHEN it is imported again renewed, with a new licensee, and once more unchanged
    renewed = _nike(
        valid_from="2029-06-01",
        valid_until="2039-05-31",
        licensees=[*_nike()["licensees"], {"name": "Pou Chen Trading Co., Ltd."}],
    )
    second = import_text(json.dumps([renewed]), store, source="v2.json")
    third = import_text(json.dumps([renewed]), store, source="v2.json")
    # THEN the record is updated and the history tells what changed, when and from where
    assert (second.updated, third.unchanged) == (1, 1)
    stored = store.get("T2019-12345")
    assert stored is not None and str(stored.valid_until) == "2039-05-31"
    assert len(stored.licensees) == 2
    history = store.history("t2019-12345")
    assert [h.action for h in history] == ["created", "updated"]
    assert history[0].at == first and history[0].source == "v1.json"
    assert sorted(history[1].changes) == ["licensees", "valid_from", "valid_until"]
    assert history[1].changes["valid_until"] == {"old": "2029-05-31", "new": "2039-05-31"}


def test_term_entries_follow_changes(recordations_table):
    # GIVEN a mark stored with an alias
    store = DynamoRecordationStore()
    store.save(Recordation.model_validate(_nike()))
    assert store.lookup_terms(["c:耐克"])["c:耐克"][0].recordation_no == "T2019-12345"
    # WHEN the alias is dropped and the scope widened
    store.save(
        Recordation.model_validate(
            _nike(aliases=[], goods=[{"name": "footwear", "hs_codes": ["6403", "6404", "6405"]}])
        )
    )
    # THEN the old key is empty and the entry carries the new scope
    terms = store.lookup_terms(["c:耐克", "l:nlke"])
    assert "c:耐克" not in terms
    assert [e.hs_prefixes for e in terms["l:nlke"]] == [("6403", "6404", "6405")]


def test_import_from_s3(recordations_table):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="docs")
    s3.put_object(Bucket="docs", Key="recordations/batch.json", Body=SAMPLES.read_bytes())
    result = import_object(s3, "docs", "recordations/batch.json", DynamoRecordationStore())
    assert (result.created, result.rejected, result.source) == (
        25,
        0,
        "s3://docs/recordations/batch.json",
    )
    assert DynamoRecordationStore().get("T2021-30001").title == "VELOCE"


def test_cli_file_import_counts(recordations_table, tmp_path):
    path = tmp_path / "recs.jsonl"
    path.write_text(json.dumps(_nike()) + "\n" + json.dumps(_nike(recordation_no="bad")) + "\n")
    result = import_file(path)
    assert (result.created, result.rejected) == (1, 1)
    assert result.errors[0].line == 2 and result.errors[0].recordation_no == "bad"


@pytest.mark.parametrize("store_kind", ["memory", "dynamodb"])
def test_public_search_by_mark_holder_and_number(store_kind):
    with mock_aws():
        if store_kind == "memory":
            store = InMemoryRecordationStore.from_file(SAMPLES)
        else:
            from customs_ipr import aws
            from customs_ipr_tools.local.stack import create_table
            from customs_ipr_tools.local.template import Template

            aws.reset()
            template = Template.from_project()
            create_table(template, template.resources["RecordationsTable"])
            store = DynamoRecordationStore(template.name_of("RecordationsTable"))
            store.bulk_load(InMemoryRecordationStore.from_file(SAMPLES)._recordations.values())
        by_mark = search_recordations("Veloce", store)
        near = search_recordations("ADIBAS", store)
        chinese = search_recordations("華為", store)
        by_holder = search_recordations("APPLE INC", store)
        by_number = search_recordations("t2019-12345", store)
    assert [r["recordation_no"] for r in by_mark] == ["T2021-30001"]
    assert [r["recordation_no"] for r in near] == ["T2018-00231"]
    assert [r["recordation_no"] for r in chinese] == ["T2017-08810"]
    assert {r["recordation_no"] for r in by_holder} == {"T2020-04567", "T2020-04568"}
    assert by_number[0]["recordation_no"] == "T2019-12345"
    assert "licensees" not in by_number[0] and "email" not in by_number[0]["holder"]
    with pytest.raises(InvalidInput):
        search_recordations("x", store)


def test_dynamodb_screening_reads_never_scan(recordations_table):
    # GIVEN 160 generated recordations in the table
    store = DynamoRecordationStore()
    recordations = generate(160, seed=7)
    store.bulk_load(recordations)
    store.requests = 0
    calls: list[str] = []
    store.client.meta.events.register(
        "before-call.dynamodb.*", lambda model, **_: calls.append(model.name)
    )
    # WHEN a term lookup with more than 100 keys and a recordation batch are read
    keys = ["l:" + skeleton(r.title) for r in recordations[:150]]
    terms = store.lookup_terms(keys)
    found = store.get_many(r.recordation_no for r in recordations[:120])
    # THEN both are chunked BatchGetItems and nothing scans
    assert len(found) == 120
    assert len(terms) == 150
    assert calls == ["BatchGetItem"] * 4
    assert store.requests == 4

"""``customs-ipr screen``, ``customs-ipr recordations ...`` and the public HTTP look-up."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import cast

import pytest
from aws_lambda_powertools.utilities.typing import LambdaContext
from fixtures import pdfs

from customs_ipr_tools.cli import main
from customs_ipr_tools.cli.recordations import recordations_subparsers

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "recordations.json"


def run(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_screen_a_declaration_pdf_against_a_recordations_file(tmp_path, capsys):
    # GIVEN the single-window print of NIKE shoes, bags and unbranded T-shirts (March 2024)
    path = tmp_path / "declaration.pdf"
    path.write_bytes(pdfs.grid_cn(pdfs.import_grid_declaration()))
    # WHEN screened
    printed = run(capsys, "screen", str(path), "--recordations", str(SAMPLES))
    # THEN shoes and bags hit NIKE, the T-shirts are cleared, the consignee must declare
    assert printed["action"] == "require_ip_status_declaration"
    assert [(i["item_no"], i["outcome"], i["recordations"]) for i in printed["items"]] == [
        (1, "hit", ["T2019-12345"]),
        (2, "hit", ["T2019-12345"]),
        (3, "clear", []),
    ]
    assert printed["items"][0]["reasons"][0]["rule"] == "exact"
    assert printed["stats"]["dynamodb_requests"] == 2


def test_screen_a_declaration_json_on_a_given_date(tmp_path, capsys):
    declaration = pdfs.import_grid_declaration().model_copy(update={"marks": None})
    path = tmp_path / "declaration.json"
    path.write_text(declaration.model_dump_json(), encoding="utf-8")
    printed = run(
        capsys, "screen", str(path), "--recordations", str(SAMPLES), "--date", "2019-01-01"
    )
    # NIKE was recorded from 2019-06-01: nothing to screen against yet
    assert printed["action"] == "release"
    assert {r["rule"] for i in printed["items"] for r in i["reasons"]} == {"not_valid"}


def test_screen_rejects_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["screen", str(bad), "--recordations", str(SAMPLES)])
    assert stopped.value.code == 2
    assert "is not a declaration: direction: Field required" in capsys.readouterr().err
    good = tmp_path / "good.json"
    good.write_text(pdfs.import_grid_declaration().model_dump_json(), encoding="utf-8")
    broken = tmp_path / "recs.json"
    broken.write_text(json.dumps([{"recordation_no": "T2019-1"}]), encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["screen", str(good), "--recordations", str(broken)])
    assert "recs.json; index 0: recordation_no:" in capsys.readouterr().err


def test_recordations_import_and_search_through_the_table(recordations_table, tmp_path, capsys):
    imported = run(capsys, "recordations", "import", str(SAMPLES))
    assert (imported["created"], imported["rejected"]) == (25, 0)
    found = run(capsys, "recordations", "search", "耐克")
    assert [r["recordation_no"] for r in found["results"]] == ["T2019-12345"]
    assert "licensees" not in found["results"][0]
    offline = run(capsys, "recordations", "search", "Hello Kitty", "--recordations", str(SAMPLES))
    assert [r["recordation_no"] for r in offline["results"]] == ["C2021-00456"]


def test_recordations_group_accepts_subcommands_from_other_modules():
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    first = recordations_subparsers(subparsers)
    again = recordations_subparsers(subparsers)
    again.add_parser("renew").set_defaults(handler="renew")
    assert first is again
    assert parser.parse_args(["recordations", "renew"]).handler == "renew"


def test_public_http_lookup_shows_public_fields_only(recordations_table, monkeypatch):
    from customs_ipr import api
    from customs_ipr.api import build_resolver
    from customs_ipr.recordations.importer import import_file

    import_file(SAMPLES)
    monkeypatch.setattr(api, "ROUTER_MODULES", ["customs_ipr.api.public"])
    build_resolver.cache_clear()

    def get(query: str) -> dict:
        event = {
            "version": "2.0",
            "routeKey": "GET /public/recordations",
            "rawPath": "/public/recordations",
            "rawQueryString": query,
            "queryStringParameters": dict(p.split("=", 1) for p in query.split("&") if p),
            "headers": {},
            "requestContext": {
                "http": {"method": "GET", "path": "/public/recordations", "sourceIp": "1.2.3.4"},
                "requestId": "r1",
                "stage": "$default",
            },
            "isBase64Encoded": False,
        }
        return build_resolver().resolve(event, cast(LambdaContext, None))

    answer = get("q=LV")
    missing = get("")
    build_resolver.cache_clear()
    assert answer["statusCode"] == 200
    body = json.loads(answer["body"])
    assert [r["recordation_no"] for r in body["results"]] == ["T2021-02233"]
    assert set(body["results"][0]) == {
        "recordation_no",
        "ip_type",
        "title",
        "aliases",
        "registration_no",
        "holder",
        "goods",
        "valid_from",
        "valid_until",
        "status",
    }
    assert missing["statusCode"] == 400

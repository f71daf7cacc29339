"""Each benchmark runs at its quick size, so the code behind ``make bench`` cannot rot.

No timing is asserted (timings depend on the machine); the tests check that every figure is
produced and well formed, and that the counts and bounds that do not depend on speed hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import coldstart, common, parsing, run, screening

ROOT = Path(__file__).resolve().parents[2]


def _by_name(section: common.Section, start: str) -> common.Figure:
    return next(f for f in section.figures if f.name.startswith(start))


def test_percentile_is_nearest_rank():
    # GIVEN 1..200 WHEN p99 and p50 THEN the 198th and 100th values
    values = [float(v) for v in range(1, 201)]
    assert common.percentile(values, 0.99) == 198.0
    assert common.percentile(values, 0.5) == 100.0
    assert common.percentile([3.0], 0.99) == 3.0


def test_figure_line_carries_anchor_ratio_target_and_verdict():
    figure = common.Figure(
        "x", "thing", "2 ms", anchor="a 4 ms", ratio=0.5, target="≤ 1", passed=True
    )
    assert figure.line() == "[x] thing: 2 ms | anchor a 4 ms | ratio 0.50 | target ≤ 1 | PASS"
    assert common.Figure("x", "n", "v", passed=False).verdict == "MISS"
    assert common.Figure("x", "n", "v").verdict == "info"


def test_machine_describes_cpu_cores_memory_python_and_date():
    info = common.machine()
    assert set(info) == {"CPU", "Cores", "Memory", "Python", "OS", "Date"}
    assert info["Python"].startswith("CPython 3.")
    assert info["Cores"].isdigit()


def test_only_rewrites_its_own_section_and_keeps_the_others():
    # GIVEN a report with two sections and a new parsing section with a per-axis table
    report = "# Benchmarks\n\n## Parsing declaration PDFs\n\nold\n\n## Screening\n\nkept\n"
    section = common.Section(
        name="parsing",
        title="Parsing declaration PDFs",
        method="new method",
        figures=[common.Figure("parsing", "worst axis", "1.000", passed=True)],
        details="#### Axis: rules\n\n| Value | Accuracy |",
    )
    info = {"Date": "2026-12-02 16:00 UTC", "Cores": "2", "CPU": "AMD EPYC"}

    # WHEN the parsing section alone is spliced in
    text = run.splice(report, [section], info)

    # THEN it replaces the old one in place, says which run it is from, keeps the rest
    assert "old" not in text and "new method" in text and "#### Axis: rules" in text
    assert "--only parsing` run of 2026-12-02 16:00 UTC" in text
    assert text.index("new method") < text.index("## Screening\n\nkept")


def test_parsing_quick_reports_every_layout_and_memory():
    section = parsing.run(quick=True)
    names = [f.name for f in section.figures]
    assert any("declaration_grid_cn" in n for n in names)
    assert any("declaration_english" in n for n in names)
    assert all(f.ratio and f.ratio > 0 for f in section.figures if f.name.startswith("time"))
    largest = [f for f in section.figures if f.name.startswith("peak RSS,")][-1]
    assert largest.passed is True  # a 5-page declaration is far under 256 MB
    assert "KiB/page); parse heap peak" in _by_name(section, "peak RSS growth").value


def test_screening_quick_counts_requests_without_scan_and_scores_quality():
    section = screening.run(quick=True)
    requests = _by_name(section, "DynamoDB requests")
    assert "Scan 0" in requests.value
    # counted on the boto3 client, the same as the store's own count
    assert requests.value.split(" ")[0] == requests.anchor.rsplit(" ", 1)[1]
    assert "by its number of goods items: " in section.details
    recall = _by_name(section, "recall")
    assert recall.anchor.startswith("substring baseline")
    latency = _by_name(section, "latency per item")
    assert "hit" in latency.note and "clear" in latency.note
    growth = _by_name(section, "latency growth")
    assert growth.ratio is not None and growth.ratio > 0


def test_goods_items_mix_marks_variants_and_clean_goods():
    from customs_ipr_tools.synthetic import generate

    recordations = generate(50, seed=1)
    titles = {r.title for r in recordations}
    items = screening.goods_items(recordations, 8)
    assert items[0]["brand"] in titles  # the exact mark
    assert items[1]["brand"] not in titles  # one letter changed
    assert all(len(i["hs_code"]) == 10 for i in items)


def test_coldstart_quick_times_every_handler_against_boto3():
    section = coldstart.run(quick=True)
    handlers = {p.parent.name for p in (ROOT / "functions").glob("*/app.py")}
    assert {f.name.split("/")[1] for f in section.figures} == handlers
    assert all(f.anchor.startswith("import boto3") and f.ratio for f in section.figures)


def test_importtime_chain_walks_up_to_the_importer():
    # importtime prints children first, one level deeper than their importer
    rows = [(2, "pdfminer", 10), (1, "pdfplumber", 5), (2, "x", 1), (0, "app", 1)]
    assert coldstart._chain(rows, 0) == ["pdfminer", "pdfplumber", "app"]


@pytest.mark.workflow
def test_e2e_quick_gives_every_declaration_its_first_notice():
    from benchmarks import e2e

    section = e2e.run(quick=True)
    assert section.figures[0].passed is True, section.details
    # the handlers' calls were counted: one execution per case, one upload PUT each
    case = section.data["case"]["calls"]
    assert case["stepfunctions:StartExecution"] == 1.0
    assert case["s3:PutObject (upload)"] == 1.0
    assert section.data["released"]["read_units"] > 0
    assert "stepfunctions:StartExecution" not in section.data["released"]["calls"]


def test_report_is_markdown_with_machine_and_tables():
    section = common.Section("s", "Title", "How.", [common.Figure("s", "n", "v", ratio=1.0)])
    text = run.render([section], {"CPU": "cpu"}, quick=True, seconds=1.0)
    assert "## Machine" in text and "| CPU | cpu |" in text
    assert "| n | v |  | 1.00 |  | info |" in text


def _measured() -> dict[str, common.Section]:
    calls = {
        "dynamodb:BatchGetItem": 1.0,
        "dynamodb:PutItem": 2.0,
        "dynamodb:UpdateItem": 2.0,
        "s3:GetObject": 1.0,
        "s3:HeadObject": 1.0,
        "sqs:ReceiveMessage": 3.0,
        "s3:PutObject (upload)": 1.0,
    }
    case_calls = {**calls, "dynamodb:UpdateItem": 12.0, "s3:PutObject": 2.0}
    e2e = {
        "pdf_bytes": 50_000.0,
        "released": {"calls": calls, "read_units": 29.0, "write_units": 4.0},
        "case": {
            "calls": case_calls,
            "read_units": 40.0,
            "write_units": 24.0,
            "states_to_first_notice": 4.0,
        },
    }
    return {
        "parsing": common.Section("parsing", "", "", [], data={"seconds_per_page": 0.05}),
        "screening": common.Section("screening", "", "", [], data={"seconds_per_item": 0.0001}),
        "e2e": common.Section("e2e", "", "", [], data=e2e),
    }


def test_cost_is_worked_out_from_the_measurements():
    from benchmarks import cost

    # GIVEN 50 ms per page, 0.1 ms per item, 7 AWS calls by the ingest function
    section = cost.section(_measured())
    rows = {
        (line.service, line.what): line
        for line in cost.lines(
            *(_measured()[name].data for name in ("parsing", "screening", "e2e"))
        )
    }
    # THEN ingest = (2 × 0.05 + 4 × 0.0001) × 1769/1024 + 7 × 0.010 s at 1 GB, per declaration
    ingest = rows[("Lambda", "ingest: parse + screen + its AWS calls")]
    assert ingest.quantity == pytest.approx(243_444.9, rel=1e-5)
    # 29 read units per declaration at 0.125 USD per million
    reads = rows[("DynamoDB", "reads per declaration (1.0 BatchGetItem)")]
    assert reads.cost == pytest.approx(3.625)
    # 10,000 cases × 16 transitions at 0.025 USD per thousand
    assert rows[("Step Functions", "Standard state transitions")].cost == pytest.approx(4.0)
    assert section is not None
    assert section.data["total"] == pytest.approx(sum(line.cost for line in rows.values()))
    assert "| **Total** |" in section.details
    assert ("DynamoDB", "writes per declaration (2.0 PutItem + 2.0 UpdateItem)") in rows


def test_cost_is_left_out_when_a_benchmark_did_not_run():
    from benchmarks import cost

    measured = _measured()
    del measured["e2e"]
    assert cost.section(measured) is None

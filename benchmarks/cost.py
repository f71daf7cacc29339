"""The AWS cost of one million declarations, worked out from this run's measurements.

Measured (this run): the parser's time per page, screening time per item at the largest
recordation count, and from the end-to-end run the AWS calls, DynamoDB request units and
Step Functions states per declaration, for a declaration that is released and for one that
opens a case (up to its first notice).

Assumed (stated, change them here): the mix of declarations, how much of a Lambda vCPU
1024 MB buys, the latency of one AWS call inside the region, how far a case runs, notices
and recipients per case, and the list prices (us-east-1, on-demand, without free tiers;
AWS changes them: check https://aws.amazon.com/pricing/ before quoting).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from benchmarks.common import Figure, Section

DECLARATIONS = 1_000_000

# --------------------------------------------------------------------------- assumptions
PAGES_PER_DECLARATION = 2
ITEMS_PER_DECLARATION = 4
CASE_SHARE = 0.01
"""Share of declarations that open a case. An upper bound: China Customs detains some tens
of thousands of consignments a year against tens of millions of declarations (~0.1%)."""
NOTICES_PER_CASE = 3
"""First notice, the holder's notice, the outcome; each costs about what the first did."""
RECIPIENTS_PER_NOTICE = 2
TRANSITIONS_PER_CASE = 16
"""States entered on the longest common path of ``statemachine/case.asl.json`` (suspension
→ holder's reply → detention → investigation → confiscation → referral)."""
LAMBDA_MEMORY_GB = 1.0
VCPU_SHARE = 1024 / 1769
"""Lambda gives one full vCPU at 1,769 MB; at 1,024 MB CPU-bound work takes 1.73× as long
as on one core of the benchmark machine."""
SECONDS_PER_AWS_CALL = 0.010
"""In-region latency of one S3 / DynamoDB / Step Functions call, billed as Lambda time."""
NOTICE_RENDER_SECONDS = 0.3
"""Jinja + reportlab for a one- or two-page notice (not measured here)."""
SQS_BATCH = 5
"""Average messages per receive of the event source mapping (BatchSize 10, window 2 s)."""
LOG_KB_PER_DECLARATION = 2.0
NOTICE_PDF_KB = 30.0

# --------------------------------------------------------------------------- list prices
PRICES = {
    "lambda_gb_second": 0.0000166667,
    "lambda_request": 0.20 / 1e6,
    "sqs_request": 0.40 / 1e6,
    "s3_put": 0.005 / 1000,
    "s3_get": 0.0004 / 1000,
    "s3_gb_month": 0.023,
    "dynamodb_wru": 0.625 / 1e6,
    "dynamodb_rru": 0.125 / 1e6,
    "sfn_transition": 0.025 / 1000,
    "ses_email": 0.10 / 1000,
    "ses_attachment_gb": 0.12,
    "logs_gb": 0.50,
    "xray_trace": 5.00 / 1e6,
}
PRICE_LABELS = {
    "lambda_gb_second": "Lambda (x86) per GB-second",
    "lambda_request": "Lambda per request",
    "sqs_request": "SQS standard per request (64 KB chunk)",
    "s3_put": "S3 Standard PUT per request",
    "s3_get": "S3 Standard GET/HEAD per request",
    "s3_gb_month": "S3 Standard per GB-month",
    "dynamodb_wru": "DynamoDB on-demand per write request unit",
    "dynamodb_rru": "DynamoDB on-demand per read request unit",
    "sfn_transition": "Step Functions Standard per state transition",
    "ses_email": "SES per e-mail",
    "ses_attachment_gb": "SES per GB of attachments",
    "logs_gb": "CloudWatch Logs per GB ingested",
    "xray_trace": "X-Ray per trace recorded",
}

_FUNCTION_SERVICES = ("dynamodb", "s3", "stepfunctions", "sesv2", "ses", "sns")


@dataclass
class Line:
    service: str
    what: str
    arithmetic: str
    quantity: float
    price_key: str

    @property
    def cost(self) -> float:
        return self.quantity * PRICES[self.price_key]


def _function_calls(calls: dict[str, float]) -> float:
    """Calls the function itself makes (not the pump's SQS/Lambda calls, not the upload)."""
    return sum(
        n
        for name, n in calls.items()
        if name.split(":")[0] in _FUNCTION_SERVICES and "(upload)" not in name
    )


READS = ("BatchGetItem", "GetItem", "Query", "TransactGetItems")
WRITES = ("BatchWriteItem", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems")


def _dynamodb(calls: dict[str, float], operations: tuple[str, ...]) -> str:
    """The measured DynamoDB calls of these kinds, e.g. ``2.0 PutItem + 2.0 UpdateItem``."""
    found = [
        f"{calls[f'dynamodb:{op}']:.1f} {op}" for op in operations if calls.get(f"dynamodb:{op}")
    ]
    return " + ".join(found) or "none"


def _calls(calls: dict[str, float], *names: str) -> float:
    return sum(calls.get(name, 0.0) for name in names)


def lines(parsing: dict[str, Any], screening: dict[str, Any], e2e: dict[str, Any]) -> list[Line]:
    released, case = e2e["released"], e2e["case"]
    n, cases = DECLARATIONS, DECLARATIONS * CASE_SHARE
    page_s, item_s = parsing["seconds_per_page"], screening["seconds_per_item"]
    ingest_calls = _function_calls(released["calls"])
    cpu = (PAGES_PER_DECLARATION * page_s + ITEMS_PER_DECLARATION * item_s) / VCPU_SHARE
    ingest_s = cpu + ingest_calls * SECONDS_PER_AWS_CALL
    notice_calls = max(_function_calls(case["calls"]) - ingest_calls, 0.0)
    notice_s = notice_calls * SECONDS_PER_AWS_CALL + NOTICE_RENDER_SECONDS
    gets = _calls(released["calls"], "s3:GetObject", "s3:HeadObject")
    notice_puts = _calls(case["calls"], "s3:PutObject")
    case_rru = max(case["read_units"] - released["read_units"], 0.0)
    case_wru = max(case["write_units"] - released["write_units"], 0.0)
    pdf_gb = e2e["pdf_bytes"] / 1e9
    invocations = n / SQS_BATCH + cases * TRANSITIONS_PER_CASE / 2
    return [
        Line(
            "Lambda",
            "ingest: parse + screen + its AWS calls",
            f"{n:,} × ({PAGES_PER_DECLARATION} p × {page_s * 1000:.0f} ms + "
            f"{ITEMS_PER_DECLARATION} items × {item_s * 1000:.2f} ms) ÷ {VCPU_SHARE:.2f} vCPU "
            f"+ {ingest_calls:.1f} calls × {SECONDS_PER_AWS_CALL * 1000:.0f} ms = "
            f"{ingest_s:.3f} s × {LAMBDA_MEMORY_GB:g} GB",
            n * ingest_s * LAMBDA_MEMORY_GB,
            "lambda_gb_second",
        ),
        Line(
            "Lambda",
            "case tasks: each notice",
            f"{cases:,.0f} cases × {NOTICES_PER_CASE} notices × ({notice_calls:.1f} calls × "
            f"{SECONDS_PER_AWS_CALL * 1000:.0f} ms + {NOTICE_RENDER_SECONDS * 1000:.0f} ms "
            f"render) = {notice_s:.3f} s × {LAMBDA_MEMORY_GB:g} GB",
            cases * NOTICES_PER_CASE * notice_s * LAMBDA_MEMORY_GB,
            "lambda_gb_second",
        ),
        Line(
            "Lambda",
            "invocations",
            f"{n:,} ÷ {SQS_BATCH} per batch + {cases:,.0f} cases × "
            f"{TRANSITIONS_PER_CASE // 2} task invocations",
            invocations,
            "lambda_request",
        ),
        Line(
            "SQS",
            "S3 notification + receive + delete",
            f"{n:,} × (1 send + 2 ÷ {SQS_BATCH} receive/delete per batch)",
            n * (1 + 2 / SQS_BATCH),
            "sqs_request",
        ),
        Line("S3", "upload PUT", f"{n:,} × 1", n, "s3_put"),
        Line("S3", "ingest GET + HEAD", f"{n:,} × {gets:.1f}", n * gets, "s3_get"),
        Line(
            "S3",
            "notice archive PUTs (PDF + HTML)",
            f"{cases:,.0f} cases × {NOTICES_PER_CASE} notices × {notice_puts:.1f}",
            cases * NOTICES_PER_CASE * notice_puts,
            "s3_put",
        ),
        Line(
            "S3",
            "storage of the uploads, one month",
            f"{n:,} × {e2e['pdf_bytes'] / 1000:.1f} KB (the benchmark's PDFs)",
            n * pdf_gb,
            "s3_gb_month",
        ),
        Line(
            "DynamoDB",
            f"reads per declaration ({_dynamodb(released['calls'], READS)})",
            f"{n:,} × {released['read_units']:.1f} RRU",
            n * released["read_units"],
            "dynamodb_rru",
        ),
        Line(
            "DynamoDB",
            f"writes per declaration ({_dynamodb(released['calls'], WRITES)})",
            f"{n:,} × {released['write_units']:.1f} WRU",
            n * released["write_units"],
            "dynamodb_wru",
        ),
        Line(
            "DynamoDB",
            "case reads",
            f"{cases:,.0f} × {NOTICES_PER_CASE} × {case_rru:.1f} RRU",
            cases * NOTICES_PER_CASE * case_rru,
            "dynamodb_rru",
        ),
        Line(
            "DynamoDB",
            "case writes",
            f"{cases:,.0f} × {NOTICES_PER_CASE} × {case_wru:.1f} WRU",
            cases * NOTICES_PER_CASE * case_wru,
            "dynamodb_wru",
        ),
        Line(
            "Step Functions",
            "Standard state transitions",
            f"{cases:,.0f} cases × {TRANSITIONS_PER_CASE} (measured "
            f"{case['states_to_first_notice']:.1f} up to the first notice)",
            cases * TRANSITIONS_PER_CASE,
            "sfn_transition",
        ),
        Line(
            "SES",
            "notice e-mails",
            f"{cases:,.0f} × {NOTICES_PER_CASE} notices × {RECIPIENTS_PER_NOTICE} recipients",
            cases * NOTICES_PER_CASE * RECIPIENTS_PER_NOTICE,
            "ses_email",
        ),
        Line(
            "SES",
            "notice PDF attachments",
            f"{cases * NOTICES_PER_CASE * RECIPIENTS_PER_NOTICE:,.0f} × {NOTICE_PDF_KB:.0f} KB",
            cases * NOTICES_PER_CASE * RECIPIENTS_PER_NOTICE * NOTICE_PDF_KB / 1e6,
            "ses_attachment_gb",
        ),
        Line(
            "CloudWatch Logs",
            "structured logs",
            f"{n:,} × {LOG_KB_PER_DECLARATION:.0f} KB",
            n * LOG_KB_PER_DECLARATION / 1e6,
            "logs_gb",
        ),
        Line(
            "X-Ray",
            "traces (Tracing: Active; at this volume the default sampling rule's "
            "1 request/s reservoir traces nearly every invocation)",
            f"{invocations:,.0f} invocations, one trace each",
            invocations,
            "xray_trace",
        ),
    ]


def _price(value: float) -> str:
    return f"{value:.10f}".rstrip("0").rstrip(".")


def table(rows: list[Line]) -> str:
    out = [
        "| Service | What | Arithmetic | Quantity | Unit price (USD) | Cost (USD) |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        out.append(
            f"| {row.service} | {row.what} | {row.arithmetic} | {row.quantity:,.1f} | "
            f"{_price(PRICES[row.price_key])} | {row.cost:,.2f} |"
        )
    total = sum(row.cost for row in rows)
    out.append(f"| **Total** | | | | | **{total:,.2f}** |")
    return "\n".join(out)


def section(measured: dict[str, Section]) -> Section | None:
    """The cost section, when parsing, screening and e2e all ran and measured what it needs."""
    try:
        rows = lines(measured["parsing"].data, measured["screening"].data, measured["e2e"].data)
    except KeyError:
        return None
    total = sum(row.cost for row in rows)
    by_service: dict[str, float] = {}
    for row in rows:
        by_service[row.service] = by_service.get(row.service, 0.0) + row.cost
    assumptions = "\n".join(
        f"- {label}: {_price(PRICES[key])} USD" for key, label in PRICE_LABELS.items()
    )
    return Section(
        name="cost",
        title="AWS cost per one million declarations (from this run)",
        method=(
            f"{DECLARATIONS:,} declarations of {PAGES_PER_DECLARATION} pages and "
            f"{ITEMS_PER_DECLARATION} goods items, {CASE_SHARE:.0%} opening a case of "
            f"{NOTICES_PER_CASE} notices to {RECIPIENTS_PER_NOTICE} recipients; Lambda at "
            f"{LAMBDA_MEMORY_GB * 1024:.0f} MB. Times, calls and request units are this run's "
            "measurements (parsing, screening, end to end); the rest are the assumptions in "
            "`benchmarks/cost.py`. List prices, us-east-1, without free tiers; they change."
        ),
        figures=[
            Figure(
                "cost",
                f"AWS cost per {DECLARATIONS:,} declarations",
                f"{total:,.2f} USD",
                anchor=", ".join(f"{k} {v:,.2f}" for k, v in by_service.items()),
            )
        ],
        details=table(rows) + "\n\nUnit prices assumed:\n\n" + assumptions,
        data={"total": total, "by_service": by_service},
    )

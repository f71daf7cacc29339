"""``customs-ipr demo`` (``make demo``): the real pipeline, end to end, on one machine.

It starts the local runtime (embedded moto server, every resource of ``template.yaml``,
the upload pump), imports ``samples/recordations.json`` through the real import path
(an upload to ``recordations/``), uploads five declaration PDFs and drives the cases they
open down the paths of the Implementing Measures on the virtual legal clock:

| declaration | goods | expected |
| --- | --- | --- |
| 2026-09-14 | unbranded cutlery | released at screening (no recordation) |
| 2026-09-15 | NIKE shoes to Nike's licensed user | released at screening (licensed user) |
| 2026-09-16 | ADIDAS shoes | holder silent 3 working days → released (Art. 25) |
| 2026-09-17 | NIKE backpacks | holder applies + guarantee → detained → confiscated (Art. 30) |
| 2026-09-18 | LEGO toys | holder applies + guarantee → detained → settled → released (Art. 27) |

Dates: the calendar (chinese-calendar, plus the override table) knows PRC working days only
up to 2026, and a deadline must never be guessed. The declarations are therefore dated
14-18 September 2026. The virtual clock (``customs_ipr_tools.local.virtual_time``) starts on
14 September 2026 at 09:00 Beijing time; each declaration is uploaded on its own date, each
answer is given on the date the clock shows, and the clock then moves from one deadline
timer to the next (a wait ends at 24:00 on its due date). The stack settles completely
after every step, so the same legal dates, notice numbers and outcomes come out of every
run, however busy the machine is.

Officers' inputs go through ``customs_ipr.cases.submission.submit_input`` (what ``customs-ipr
case`` and the officer API call); holders' replies are PDFs quoting the real notice number,
drawn at run time (``customs_ipr_tools.local.sample_documents``) and uploaded to ``replies/``.

Output in ``--out``: ``mailbox/`` (every notice as ``.eml``), ``notices/`` (the archived
notice PDFs copied from S3), ``uploads/`` (the PDFs that were uploaded), ``summary.json``.
Exit non-zero (``DemoFailed``) if any scenario did not end as expected.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from customs_ipr import aws
from customs_ipr.documents.models import (
    BrandType,
    Declaration,
    Direction,
    GoodsItem,
    Guarantee,
    GuaranteeForm,
    HolderDecision,
    HolderResponse,
    Party,
    Port,
)
from customs_ipr.errors import CustomsIprError

DEMO_START = date(2026, 9, 14)
"""The virtual clock's first day (the first declaration's date)."""
MAX_STEPS = 200
"""Answers plus timers fired: far more than the five scenarios need; a guard against loops."""
BROKER_EMAIL = "declarations@broker.example.cn"
TERMINAL = {
    "released",
    "cleared",
    "confiscated",
    "renounced",
    "application_refused",
    "failed",
    "court_assistance",
}


class DemoFailed(CustomsIprError):
    code = "demo_failed"


@dataclass
class Scenario:
    key: str
    title: str
    declaration: Declaration
    expect_status: str
    """``released`` (at screening) or the case status at the end."""
    expect_case: bool
    expect_release_reason: str | None = None
    holder: str = "silent"
    """What the holder does with the suspension notice: ``silent`` or ``detain``."""
    officer: str | None = None
    """The officer's input while goods are detained: ``penalty_decision`` or ``settlement``."""
    expect_notice: str | None = None
    """A notice kind that must have been issued (e.g. the Art. 30 confiscation notice)."""
    expect_item_outcomes: frozenset[str] | None = None
    """The screening outcomes its goods items must have (``clear``, ``licensed``, ``hit``)."""


@dataclass
class Result:
    scenario: Scenario
    upload_status: str = "missing"
    action: str = ""
    case_id: str | None = None
    case_status: str | None = None
    release_reason: str | None = None
    item_outcomes: frozenset[str] = frozenset()
    notices: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    answered: set[str] = field(default_factory=set)

    @property
    def done(self) -> bool:
        return self.case_id is None or self.case_status in TERMINAL


# ---------------------------------------------------------------- scenarios
def _item(
    hs_code: str,
    name: str,
    brand: str | None,
    spec: str,
    quantity: str,
    unit: str,
    unit_price: str,
    origin: str,
) -> GoodsItem:
    qty, price = Decimal(quantity), Decimal(unit_price)
    return GoodsItem(
        item_no=1,
        hs_code=hs_code,
        name=name,
        spec=spec,
        brand=brand,
        brand_type=BrandType.FOREIGN_OTHER if brand else BrandType.NO_BRAND,
        quantity=qty,
        unit=unit,
        unit_price=price,
        total_price=(qty * price).quantize(Decimal("0.01")),
        currency="USD",
        origin_country=origin,
        destination_country="中国",
    )


def _declaration(
    serial: int, day: date, consignee: Party, foreign: str, item: GoodsItem, marks: str
) -> Declaration:
    number = f"22442026{serial:010d}"
    return Declaration(
        direction=Direction.IMPORT,
        customs_no=number,
        pre_entry_no=number,
        declaration_date=day,
        consignee=consignee,
        foreign_party=Party(name=foreign),
        port=Port(code="2244", name="洋山港区"),
        departure_country=item.origin_country,
        trade_terms="CIF",
        departure_port="胡志明市" if item.origin_country == "越南" else None,
        marks=marks,
        royalties_paid=False,
        items=[item],
    )


def scenarios() -> list[Scenario]:
    """The five demo declarations (see the module docstring)."""
    return [
        Scenario(
            "no-match",
            "unbranded cutlery",
            _declaration(
                914001,
                date(2026, 9, 14),
                Party(name="上海恒通五金有限公司", code="3122960101"),
                "HANOI KITCHENWARE JSC",
                _item(
                    "8215990000",
                    "不锈钢餐具",
                    None,
                    "0|0|不锈钢餐具|无品牌|304不锈钢",
                    "2000",
                    "套",
                    "3.50",
                    "越南",
                ),
                "N/M",
            ),
            expect_status="released",
            expect_case=False,
            expect_item_outcomes=frozenset({"clear"}),
        ),
        Scenario(
            "licensed",
            "NIKE shoes for Nike's licensed user",
            _declaration(
                915001,
                date(2026, 9, 15),
                Party(name="耐克体育(中国)有限公司", code="3122440001"),
                "NIKE TRADING VIETNAM CO., LTD.",
                _item(
                    "6403990090",
                    "运动鞋",
                    "NIKE",
                    "4|3|运动鞋|NIKE牌|AJ1|皮革面|男式",
                    "600",
                    "双",
                    "85.00",
                    "越南",
                ),
                "N/M NIKE AJ1",
            ),
            expect_status="released",
            expect_case=False,
            expect_item_outcomes=frozenset({"licensed"}),
        ),
        Scenario(
            "silent-holder",
            "ADIDAS shoes, holder silent",
            _declaration(
                916001,
                date(2026, 9, 16),
                Party(name="上海蓝海贸易有限公司", code="3122990451"),
                "SAIGON FOOTWEAR TRADING CO.",
                _item(
                    "6404110000",
                    "运动鞋",
                    "ADIDAS",
                    "4|3|运动鞋|ADIDAS牌|SUPERSTAR|纺织面|男式",
                    "800",
                    "双",
                    "22.00",
                    "越南",
                ),
                "ADIDAS SUPERSTAR",
            ),
            expect_status="released",
            expect_case=True,
            expect_release_reason="no_application",
        ),
        Scenario(
            "confiscation",
            "NIKE backpacks, detained and confiscated",
            _declaration(
                917001,
                date(2026, 9, 17),
                Party(name="宁波远航进出口有限公司", code="3302960123"),
                "GUANGXI BORDER GOODS LTD.",
                _item(
                    "4202921000",
                    "背包",
                    "NIKE",
                    "4|3|背包|NIKE牌|BA5954|外表面为化纤纺织材料|双肩包",
                    "1000",
                    "个",
                    "6.00",
                    "越南",
                ),
                "NIKE BA5954",
            ),
            expect_status="confiscated",
            expect_case=True,
            holder="detain",
            officer="penalty_decision",
            expect_notice="confiscation_notice",
        ),
        Scenario(
            "settlement",
            "LEGO toys, detained, parties settle",
            _declaration(
                918001,
                date(2026, 9, 18),
                Party(name="深圳童乐贸易有限公司", code="4403960456"),
                "BRICKWORLD TOYS CO.",
                _item(
                    "9503008900",
                    "塑料积木玩具",
                    "LEGO",
                    "4|3|积木玩具|LEGO牌|CITY 60316|塑料",
                    "500",
                    "盒",
                    "18.00",
                    "越南",
                ),
                "LEGO CITY",
            ),
            expect_status="released",
            expect_case=True,
            holder="detain",
            officer="settlement",
            expect_release_reason="settlement",
        ),
    ]


# ---------------------------------------------------------------- progress
class Progress:
    """One line per step, with the seconds since the demo started."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stdout
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[{elapsed:6.1f}s] {message}", file=self.stream, flush=True)


# ---------------------------------------------------------------- the run
def run_demo(
    out: Path,
    progress: Callable[[str], None] | None = None,
) -> list[Result]:
    """Run every scenario; return the results, or raise ``DemoFailed`` (see module doc)."""
    from customs_ipr_tools.local.runtime import local_runtime

    say = progress or Progress()
    out = out.resolve()
    (out / "functions.log").unlink(missing_ok=True)
    for folder in ("mailbox", "notices", "uploads"):
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir(parents=True, exist_ok=True)
    samples = _samples_dir()
    say("customs-ipr demo: the real pipeline on an embedded moto server (127.0.0.1)")
    say(
        f"legal clock: virtual, from {DEMO_START} 09:00 Beijing; declarations dated "
        "2026-09-14..2026-09-18, each uploaded on its date; the clock then moves from one "
        "deadline to the next, so all deadlines (up to 50 working days) stay within 2026"
    )
    with (
        warnings.catch_warnings(),
        local_runtime(
            clock_start=DEMO_START,
            mailbox_dir=out / "mailbox",
            quiet=True,
            function_log=out / "functions.log",
        ) as runtime,
    ):
        warnings.simplefilter("ignore", UserWarning)  # Powertools: "no metrics to publish"
        say(f"stack deployed from template.yaml at {runtime.endpoint} (bucket {runtime.bucket})")
        _import_recordations(runtime, samples / "recordations.json", say)
        results = _upload_declarations(runtime, scenarios(), out / "uploads", say)
        _drive_cases(runtime, results, out / "uploads", say)
        copied = _copy_notice_pdfs(runtime.bucket, out / "notices")
        say(f"copied {copied} notice PDF(s) from s3://{runtime.bucket}/notices/")
    _check(results)
    table = summary_table(results)
    print(table, flush=True)
    (out / "summary.txt").write_text(table + "\n", encoding="utf-8")
    (out / "summary.json").write_text(
        json.dumps([_as_dict(r) for r in results], indent=2, ensure_ascii=False), encoding="utf-8"
    )
    mails = len(list((out / "mailbox").glob("**/*.eml")))
    say(f"mailbox: {mails} message(s) in {out / 'mailbox'}; notice PDFs in {out / 'notices'}")
    failures = [f"{r.scenario.key}: {p}" for r in results for p in r.problems]
    if failures:
        raise DemoFailed("Not every expected outcome happened: " + "; ".join(failures))
    say("all scenarios ended as expected")
    return results


def _samples_dir() -> Path:
    from customs_ipr_tools.local.template import find_project_root

    folder = find_project_root() / "samples"
    if not (folder / "recordations.json").is_file():
        raise DemoFailed(
            f"{folder}/recordations.json is missing: run the demo from the project checkout."
        )
    return folder


def _ledger_outcome(key: str) -> dict[str, Any] | None:
    """The ingest ledger's outcome for an upload (``pk = UPLOAD#<key>``), once finished."""
    from customs_ipr.config import get_settings

    items = aws.client("dynamodb").query(
        TableName=get_settings().cases_table,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": f"UPLOAD#{key}"}},
        ConsistentRead=True,
    )["Items"]
    for item in items:
        if "outcome" in item:
            return dict(json.loads(item["outcome"]["S"]))
    return None


def _wait_for_outcomes(
    runtime: Any, keys: list[str], timeout: float = 30.0
) -> dict[str, dict[str, Any]]:
    """Outcomes of the uploads, as the ingest function records them (partial on timeout)."""
    found: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + timeout
    while len(found) < len(keys) and time.monotonic() < deadline:
        for key in keys:
            if key not in found and (outcome := _ledger_outcome(key)) is not None:
                found[key] = outcome
        if len(found) < len(keys):
            time.sleep(0.1)
    return found


def _ingest_error(runtime: Any) -> str:
    error = runtime.pump.totals.last_error
    return f" (ingest function error: {error})" if error else ""


def _import_recordations(runtime: Any, path: Path, say: Callable[[str], None]) -> None:
    from customs_ipr_tools.local.uploads import upload_file

    uploaded = upload_file(path, bucket=runtime.bucket, kind="recordations")
    say(f"uploaded {path.name} → s3://{runtime.bucket}/{uploaded.key}")
    runtime.time.settle()  # however long the import takes on this machine
    outcome = _wait_for_outcomes(runtime, [uploaded.key]).get(uploaded.key)
    if not outcome or outcome.get("status") != "imported":
        raise DemoFailed(
            f"The recordations were not imported (outcome: {outcome}){_ingest_error(runtime)}."
        )
    say(
        f"recordations imported through the ingest function: {outcome.get('created', 0)} "
        f"created, {outcome.get('problems', 0)} problem(s)"
    )


def _upload_declarations(
    runtime: Any, plan: list[Scenario], folder: Path, say: Callable[[str], None]
) -> list[Result]:
    from customs_ipr_tools.local.sample_documents import declaration_pdf
    from customs_ipr_tools.local.uploads import upload_file

    results, keys = [], []
    outcomes: dict[str, dict[str, Any]] = {}
    for scenario in plan:
        decl = scenario.declaration
        if decl.declaration_date and decl.declaration_date > runtime.time.today():
            _advance(runtime, decl.declaration_date, say)
        path = folder / f"declaration-{decl.declaration_date}-{scenario.key}.pdf"
        path.write_bytes(declaration_pdf(decl))
        uploaded = upload_file(path, bucket=runtime.bucket, kind="declaration", email=BROKER_EMAIL)
        say(f"uploaded {path.name} → {uploaded.key}")
        results.append(Result(scenario=scenario))
        keys.append(uploaded.key)
        runtime.time.settle()
        outcomes.update(_wait_for_outcomes(runtime, [uploaded.key]))
    for result, key in zip(results, keys, strict=True):
        outcome = outcomes.get(key, {})
        if not outcome:
            result.problems.append(f"the upload was not processed{_ingest_error(runtime)}")
        result.upload_status = str(outcome.get("status", "not processed"))
        result.action = str(outcome.get("action", outcome.get("code", "")))
        result.item_outcomes = frozenset((outcome.get("items") or {}).values())
        case_ids = outcome.get("case_ids") or ([outcome["case_id"]] if "case_id" in outcome else [])
        result.case_id = case_ids[0] if case_ids else None
        if len(case_ids) > 1:
            result.problems.append(f"expected one case, {len(case_ids)} were opened")
        say(
            f"{result.scenario.key}: screening → {result.upload_status}"
            + (f" ({result.action})" if result.action else "")
            + (f", goods {'/'.join(sorted(result.item_outcomes))}" if result.item_outcomes else "")
            + (f", case {result.case_id}" if result.case_id else "")
        )
    return results


def _drive_cases(
    runtime: Any, results: list[Result], folder: Path, say: Callable[[str], None]
) -> None:
    """Answer each case's waits as its scenario says; between answers, let the virtual clock
    run to the next deadline timer; until every case has ended."""
    from customs_ipr.cases.store import CaseStore

    store = CaseStore()
    active = [r for r in results if r.case_id]
    last_status: dict[str, str] = {}
    for _ in range(MAX_STEPS):
        runtime.time.settle()
        acted = False
        for result in active:
            case = store.get(str(result.case_id))
            if case is None:
                continue
            status = str(case.status.value if hasattr(case.status, "value") else case.status)
            if last_status.get(result.scenario.key) != status:
                say(f"{result.scenario.key}: case {case.case_id} is {status}")
                last_status[result.scenario.key] = status
            result.case_status = status
            if status in TERMINAL:
                continue
            if case.wait is not None and case.wait.kind not in result.answered:
                _answer(runtime, result, case, folder, say)
                runtime.time.settle()
                acted = True
        if all(r.done for r in active):
            break
        if acted:
            continue
        timer = runtime.time.next_timer()
        if timer is None:
            break
        _advance_to_timer(runtime, timer, say)
    for result in active:
        if not result.done:
            result.problems.append(f"case still {result.case_status} with no deadline ahead")
        _collect(store, result)


def _advance(runtime: Any, day: date, say: Callable[[str], None]) -> None:
    runtime.time.advance_to_date(day)
    say(f"clock → {day} 09:00 Beijing")


def _advance_to_timer(runtime: Any, timer: Any, say: Callable[[str], None]) -> None:
    import json as _json

    from customs_ipr.cases import clock

    payload = _json.loads(timer.payload)
    runtime.time.advance_to(timer.at)
    end = clock.beijing_date(timer.at)
    say(
        f"clock → {end} 00:00 Beijing: the {payload.get('wait')} period of "
        f"{payload.get('case_id')} ended at 24:00 on {payload.get('due')}"
    )


def _answer(
    runtime: Any, result: Result, case: Any, folder: Path, say: Callable[[str], None]
) -> None:
    from customs_ipr.cases.submission import submit_input

    wait = case.wait
    scenario = result.scenario
    if wait.kind == "ip_status_declaration":
        result.answered.add(wait.kind)
        submit_input(
            case.case_id,
            "ip_status_declaration",
            {"suspect": True, "statement": "No licence shown; suspicion stands."},
        )
        say(f"{scenario.key}: officer records the IP status declaration (still suspect)")
    elif wait.kind == "holder_reply":
        result.answered.add(wait.kind)
        if scenario.holder == "silent":
            say(f"{scenario.key}: holder stays silent on notice {wait.notice_no} (due {wait.due})")
            return
        key = _upload_reply(runtime, case, folder)
        say(f"{scenario.key}: holder applies for detention with a cash guarantee → {key}")
    elif wait.kind == "investigation" and scenario.officer:
        result.answered.add(wait.kind)
        if scenario.officer == "penalty_decision":
            fine = (case.value_rmb * Decimal("0.10")).quantize(Decimal("1"))
            submit_input(case.case_id, "penalty_decision", {"fine_rmb": str(fine)})
            say(
                f"{scenario.key}: officer records the penalty decision "
                f"(confiscation, fine RMB {fine})"
            )
        else:
            from customs_ipr.cases.rules.settlement import attach_text

            submit_input(
                case.case_id,
                "settlement",
                {
                    "statement": "Holder and consignee settled and ask for release.",
                    "agreement_key": attach_text(
                        case.case_id,
                        "settlement-agreement.txt",
                        "和解协议：权利人与收货人就被扣留货物达成和解，共同书面申请海关放行。\n"
                        "Settlement agreement: the holder and the consignee settled and "
                        "jointly ask customs in writing to release the detained goods.\n",
                    ),
                },
            )
            say(f"{scenario.key}: officer records the parties' settlement")


def _upload_reply(runtime: Any, case: Any, folder: Path) -> str:
    """The holder's application for detention, quoting the notice the case issued."""
    from customs_ipr import money
    from customs_ipr.cases import clock
    from customs_ipr_tools.local.reply_inbox import code_from_mailbox
    from customs_ipr_tools.local.sample_documents import reply_pdf
    from customs_ipr_tools.local.uploads import upload_file

    amount = money.ex_officio_guarantee(case.value_rmb).amount
    reply = HolderResponse(
        notice_no=case.wait.notice_no,
        decision=HolderDecision.DETAIN,
        guarantee=Guarantee(form=GuaranteeForm.CASH, amount=amount),
        recordation_no=case.recordation.recordation_no if case.recordation else None,
        holder_name=case.holder.name if case.holder else None,
        reply_date=clock.legal_today(case),
        reply_code=code_from_mailbox(folder.parent / "mailbox", case.wait.notice_no),
        reasons="经核查，该批货物使用的商标未经权利人许可，申请海关予以扣留并提供担保。",
    )
    path = folder / f"reply-{case.case_id}.pdf"
    declaration_no = case.declaration.customs_no if case.declaration else ""
    path.write_bytes(reply_pdf(reply, declaration_no or ""))
    holder_email = case.holder.email if case.holder and case.holder.email else None
    return upload_file(path, bucket=runtime.bucket, kind="reply", email=holder_email).key


def _collect(store: Any, result: Result) -> None:
    view = store.view(str(result.case_id))
    case = view.case
    result.case_status = str(case.status.value if hasattr(case.status, "value") else case.status)
    result.release_reason = case.release_reason
    result.notices = [
        f"{n.get('kind', n.get('step', '?'))} {n.get('notice_no', '')}".strip()
        for n in view.notices
    ]
    result.deadlines = [
        f"{d.rule} {d.start}→{d.due}" for d in sorted(view.deadlines, key=lambda d: d.start)
    ]


def _copy_notice_pdfs(bucket: str, folder: Path) -> int:
    from customs_ipr.config import get_settings

    s3 = aws.client("s3")
    prefix = get_settings().notice_archive_prefix
    copied = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            if not obj["Key"].lower().endswith(".pdf"):
                continue
            target = folder / obj["Key"].removeprefix(prefix)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read())
            copied += 1
    return copied


def _check(results: list[Result]) -> None:
    for result in results:
        scenario = result.scenario
        wanted = scenario.expect_item_outcomes
        if wanted is not None and result.item_outcomes != wanted:
            result.problems.append(
                f"expected goods {', '.join(sorted(wanted))} at screening, got "
                f"{', '.join(sorted(result.item_outcomes)) or 'nothing'}"
            )
        if not scenario.expect_case:
            if result.upload_status != scenario.expect_status:
                result.problems.append(
                    f"expected {scenario.expect_status} at screening, got {result.upload_status}"
                )
            continue
        if result.case_id is None:
            result.problems.append(f"expected a case, upload ended {result.upload_status}")
            continue
        if result.case_status != scenario.expect_status:
            result.problems.append(
                f"expected case {scenario.expect_status}, got {result.case_status}"
            )
        if scenario.expect_release_reason and result.release_reason != (
            scenario.expect_release_reason
        ):
            result.problems.append(
                f"expected release reason {scenario.expect_release_reason}, "
                f"got {result.release_reason}"
            )
        if scenario.expect_notice and not any(
            n.startswith(scenario.expect_notice) for n in result.notices
        ):
            result.problems.append(f"no {scenario.expect_notice} was issued")


# ---------------------------------------------------------------- summary
def _outcome_text(result: Result) -> str:
    if result.case_id is None:
        return result.upload_status
    reason = f" ({result.release_reason})" if result.release_reason else ""
    return f"{result.case_status}{reason}"


def _short_notices(notices: list[str]) -> str:
    """``5: require_ip_status_declaration, suspension_notice, ...`` without the numbers."""
    if not notices:
        return "-"
    kinds = [n.split(" ", 1)[0].removesuffix("_notice") for n in notices]
    return f"{len(kinds)}: " + ", ".join(kinds)


def _short_deadline(text: str) -> str:
    """``holder_reply 2026-09-16→2026-09-20`` → ``holder_reply→09-20``."""
    rule, _, span = text.partition(" ")
    return f"{rule}→{span.rpartition('→')[2][5:]}"


def summary_table(results: list[Result]) -> str:
    """Declaration, goods, action, case outcome, notices sent, deadlines - one row each."""
    headers = [
        "declaration",
        "goods",
        "action",
        "case outcome",
        "notices sent",
        "deadlines",
        "check",
    ]
    rows = []
    for r in results:
        decl = r.scenario.declaration
        rows.append(
            [
                f"{decl.customs_no} ({decl.declaration_date})",
                r.scenario.title,
                r.action or r.upload_status,
                _outcome_text(r),
                _short_notices(r.notices),
                ", ".join(_short_deadline(d) for d in r.deadlines) or "-",
                "ok" if not r.problems else "FAILED",
            ]
        )
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|-" + "-|-".join("-" * w for w in widths) + "-|"
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def _as_dict(result: Result) -> dict[str, Any]:
    decl = result.scenario.declaration
    return {
        "scenario": result.scenario.key,
        "declaration": decl.customs_no,
        "declaration_date": str(decl.declaration_date),
        "goods": result.scenario.title,
        "upload_status": result.upload_status,
        "action": result.action,
        "case_id": result.case_id,
        "case_status": result.case_status,
        "release_reason": result.release_reason,
        "notices": result.notices,
        "deadlines": result.deadlines,
        "problems": result.problems,
    }

"""The demo's steps against the running stack: uploads, outcomes, answers, collection."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from customs_ipr import aws, money
from customs_ipr.cases import clock
from customs_ipr.cases.rules.settlement import attach_text
from customs_ipr.cases.submission import submit_input
from customs_ipr.config import get_settings
from customs_ipr.documents.models import (
    Guarantee,
    GuaranteeForm,
    HolderDecision,
    HolderResponse,
)
from customs_ipr_tools.local.demo.results import DemoFailed, Result
from customs_ipr_tools.local.demo.scenarios import Scenario
from customs_ipr_tools.local.reply_inbox import code_from_mailbox
from customs_ipr_tools.local.sample_documents import declaration_pdf, reply_pdf
from customs_ipr_tools.local.uploads import upload_file

BROKER_EMAIL = "declarations@broker.example.cn"


def _ledger_outcome(key: str) -> dict[str, Any] | None:
    """The ingest ledger's outcome for an upload (``pk = UPLOAD#<key>``), once finished."""
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


def import_recordations(runtime: Any, path: Path, say: Callable[[str], None]) -> None:

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


def advance(runtime: Any, day: date, say: Callable[[str], None]) -> None:
    runtime.time.advance_to_date(day)
    say(f"clock → {day} 09:00 Beijing")


def upload_declarations(
    runtime: Any, plan: list[Scenario], folder: Path, say: Callable[[str], None]
) -> list[Result]:

    results, keys = [], []
    outcomes: dict[str, dict[str, Any]] = {}
    for scenario in plan:
        decl = scenario.declaration
        if decl.declaration_date and decl.declaration_date > runtime.time.today():
            advance(runtime, decl.declaration_date, say)
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


def answer(
    runtime: Any, result: Result, case: Any, folder: Path, say: Callable[[str], None]
) -> None:

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


def collect(store: Any, result: Result) -> None:
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


def copy_notice_pdfs(bucket: str, folder: Path) -> int:

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

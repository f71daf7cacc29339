"""``customs-ipr upload FILE --wait`` reports what the pipeline made of an upload;
``customs-ipr uploads`` lists recent uploads and their outcomes.

The wait polls the upload ledger (``ingest.ledger``: one item per object version, written
by the ingest function) until the upload has an outcome, then, for a declaration that
opened cases, polls each case until its workflow has reached its first wait or its end.
It waits on events, not on assumptions about speed: it polls every ``--poll`` seconds up to
a generous ``--timeout`` (default 300 s), showing a progress line on stderr, and when the
time is up it says the upload is still queued rather than guess an outcome.

Outcomes: released at screening (no recorded right hit), licensed (the trader is the holder,
a licensee or pre-confirmed), case opened (its id, state and next deadline), reply recorded
(the case it answered and where that case went), quarantined (code and reason), waiting for
operator data (retried by itself once the operator adds it), imported, application received.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TextIO

from customs_ipr_tools.cli.tables import table

DEFAULT_TIMEOUT = 300.0
DEFAULT_POLL = 0.5


def register(subparsers: Any) -> None:
    uploads = subparsers.add_parser(
        "uploads",
        help="recent uploads and their outcomes, newest first",
        description="Recent uploads (from the upload ledger) and what became of each.",
        allow_abbrev=False,
    )
    uploads.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    uploads.add_argument("--json", action="store_true", help="print JSON instead of a table")
    uploads.set_defaults(handler=uploads_command)


def add_wait_options(parser: argparse.ArgumentParser) -> None:
    """``--wait``, ``--timeout``, ``--poll`` and ``--json`` for ``customs-ipr upload``."""
    parser.add_argument("--wait", action="store_true", help="wait for the outcome and print it")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"with --wait: give up waiting after this long (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--poll",
        type=float,
        default=DEFAULT_POLL,
        metavar="SECONDS",
        help=f"with --wait: how often to look (default {DEFAULT_POLL:g})",
    )
    parser.add_argument(
        "--json", action="store_true", help="with --wait: print the outcome as JSON"
    )


# ---------------------------------------------------------------- waiting
class Progress:
    """One line on stderr, rewritten while waiting (plain lines when not a terminal)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last = ""

    def show(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r" + text.ljust(len(self.last)))
            self.stream.flush()
        elif text.split(" (")[0] != self.last.split(" (")[0]:
            self.stream.write(text + "\n")
        self.last = text

    def done(self) -> None:
        if self.tty and self.last:
            self.stream.write("\n")
            self.stream.flush()


def _poll(
    look: Callable[[], Any | None],
    describe: Callable[[], str],
    *,
    deadline: float,
    interval: float,
    progress: Progress,
    started: float,
) -> Any | None:
    while True:
        progress.show(f"{describe()} ({time.monotonic() - started:.0f} s)")
        found = look()
        if found is not None:
            return found
        now = time.monotonic()
        if now >= deadline:
            return None
        time.sleep(min(interval, max(deadline - now, 0.0)))


def _ledger_item(upload: Any) -> dict[str, Any] | None:
    """The upload's ledger item once it has an outcome or a waiting note.

    The ledger keys on the version id the S3 event carries, else the ETag; an event may
    lack the version id even where PutObject returned one (moto does), so both are tried.
    """
    from dataclasses import replace

    from customs_ipr.ingest import ledger

    item = ledger.get(upload)
    if item is None and upload.version_id and upload.etag:
        item = ledger.get(replace(upload, version_id=None))
    if item is None:
        return None
    if item.get("status") not in (None, ledger.RECEIVED) or item.get("waiting_code"):
        return item
    return None


def _case_settled(case_id: str) -> Any | None:
    """The case once its workflow waits for someone or has ended; None while it moves."""
    from customs_ipr.cases.model import FINAL_STATUSES
    from customs_ipr.cases.store import CaseStore

    case = CaseStore().get(case_id)
    if case is not None and (case.wait is not None or case.status in FINAL_STATUSES):
        return case
    return None


def wait_for_outcome(
    upload: Any, *, timeout: float, poll: float, stream: TextIO | None = None
) -> dict[str, Any]:
    """Poll until the upload has an outcome (and its cases their first wait)."""
    progress = Progress(stream)
    started = time.monotonic()
    deadline = started + timeout
    try:
        item = _poll(
            lambda: _ledger_item(upload),
            lambda: f"waiting for the pipeline to process {upload.key}",
            deadline=deadline,
            interval=poll,
            progress=progress,
            started=started,
        )
        if item is None:
            return {"status": "pending", "key": upload.key, "waited_seconds": round(timeout)}
        if item.get("waiting_code") and item.get("status") == "received":
            return {
                "status": "waiting_for_operator_data",
                "key": upload.key,
                "code": item["waiting_code"],
                "message": item.get("waiting_message"),
            }
        outcome = dict(item.get("outcome") or {"status": item.get("status")})
        case_ids = list(outcome.get("case_ids") or [])
        reply_case = (outcome.get("case") or {}).get("case_id")
        if reply_case:
            case_ids.append(reply_case)
        cases = []
        for case_id in case_ids:
            case = _poll(
                partial(_case_settled, case_id),
                partial("waiting for the next step of case {}".format, case_id),
                deadline=deadline,
                interval=poll,
                progress=progress,
                started=started,
            )
            cases.append(_case_summary(case_id, case))
        if cases:
            outcome["cases"] = cases
        return outcome
    finally:
        progress.done()


def _case_summary(case_id: str, case: Any | None) -> dict[str, Any]:
    if case is None:
        return {"case_id": case_id, "status": "starting"}
    summary: dict[str, Any] = {"case_id": case_id, "status": str(case.status)}
    if case.wait is not None:
        summary |= {
            "waits_for": case.wait.kind,
            "notice_no": case.wait.notice_no,
            "due": case.wait.due,
        }
    return summary


def describe(outcome: dict[str, Any]) -> list[str]:
    """The outcome in a sentence or two a person reads."""
    status = outcome.get("status")
    key = outcome.get("key", "the upload")
    if status == "released":
        items = outcome.get("items") or {}
        if any(v == "licensed" for v in items.values()):
            return [f"{key}: licensed — released at screening (the trader may use the right)"]
        return [f"{key}: released at screening (no recorded right is involved)"]
    if status in ("case_started", "reply_recorded"):
        return _describe_cases(key, outcome)
    if status == "quarantined":
        return [
            f"{key}: quarantined — {outcome.get('code')}: {outcome.get('message')}",
            f"  kept at {outcome.get('quarantine_key') or outcome.get('original_key')}; "
            f"uploader notified: {'yes' if outcome.get('uploader_notified') else 'no'}",
        ]
    return _describe_other(key, status, outcome)


def _describe_cases(key: str, outcome: dict[str, Any]) -> list[str]:
    head = (
        f"{key}: case opened (screening: {outcome.get('action')})"
        if outcome.get("status") == "case_started"
        else f"{key}: reply recorded for notice {outcome.get('notice_no')}"
    )
    lines = [head]
    for case in outcome.get("cases", []):
        line = f"  case {case['case_id']}: {case['status']}"
        if case.get("waits_for"):
            line += f", waits for {case['waits_for']}"
            if case.get("notice_no"):
                line += f" (notice {case['notice_no']})"
            if case.get("due"):
                line += f", next deadline {case['due']}"
        lines.append(line)
    return lines


def _describe_other(key: str, status: Any, outcome: dict[str, Any]) -> list[str]:
    if status == "waiting_for_operator_data":
        return [
            f"{key}: waiting for operator data — {outcome.get('code')}: {outcome.get('message')}",
            "  nothing is lost: the upload is retried by itself once the operator adds the data",
        ]
    if status == "pending":
        return [
            f"{key}: no outcome yet after {outcome.get('waited_seconds')} s; it is still queued "
            f"(see 'customs-ipr uploads' later)"
        ]
    if status == "imported":
        return [f"{key}: recordations imported ({outcome.get('problems', 0)} problem(s))"]
    if status == "application_received":
        return [f"{key}: application received ({outcome.get('status_detail') or 'see uploads'})"]
    return [f"{key}: {status}"]


def upload_identity(result: Any) -> Any:
    """The ledger's key of an uploaded object version (version id, else its ETag)."""
    from customs_ipr import aws
    from customs_ipr.ingest.events import Upload

    extra = {"VersionId": result.version_id} if result.version_id else {}
    head = aws.client("s3").head_object(Bucket=result.bucket, Key=result.key, **extra)
    etag = str(head.get("ETag", "")).strip('"')
    return Upload(
        bucket=result.bucket, key=result.key, version_id=result.version_id, etag=etag, size=None
    )


def wait_and_report(result: Any, args: argparse.Namespace) -> dict[str, Any] | None:
    if args.timeout <= 0 or args.poll <= 0:
        from customs_ipr.errors import InvalidInput

        raise InvalidInput("--timeout and --poll must be more than 0 seconds.")
    outcome = wait_for_outcome(upload_identity(result), timeout=args.timeout, poll=args.poll)
    outcome.setdefault("key", result.key)
    if args.json:
        return outcome
    print("\n".join(describe(outcome)))
    return None


# ---------------------------------------------------------------- listing
def uploads_command(args: argparse.Namespace) -> Any:
    from customs_ipr.ingest import ledger

    items = ledger.recent(limit=args.limit)
    if args.json:
        return items
    if not items:
        print("No uploads yet.")
        return None
    rows = []
    for item in items:
        outcome = item.get("outcome") or {}
        status = item.get("status")
        detail = ""
        if item.get("waiting_code") and status == "received":
            status, detail = "waiting", item["waiting_code"]
        elif status == "quarantined":
            detail = outcome.get("code", "")
        elif status == "case_started":
            detail = ", ".join(outcome.get("case_ids", []))
        elif status == "reply_recorded":
            detail = (outcome.get("case") or {}).get("case_id") or outcome.get("notice_no", "")
        elif status == "released":
            items_ = (outcome.get("items") or {}).values()
            detail = "licensed" if "licensed" in items_ else "no recorded right"
        rows.append(
            [
                str(item.get("received_at") or item.get("finished_at") or "")[:19],
                str(item.get("pk", "")).removeprefix("UPLOAD#"),
                item.get("kind") or outcome.get("kind"),
                status,
                detail,
            ]
        )
    print(table(["received", "key", "kind", "outcome", "detail"], rows, limit=56))
    return None

"""``make soak``: many uploads through the local stack, with faults, and every one accounted for.

Usage: ``python benchmarks/soak.py [--uploads N] [--seed S] [--no-write]`` (``make soak
SOAK_UPLOADS=N``). The whole local pipeline (``local_runtime``: embedded moto server, the
S3 → SQS notifications, the pump playing the ingest function's event source mapping,
Step Functions running the case state machine, notices rendered and e-mailed; legal time
is the virtual clock, standing at ``CLOCK_START`` for the whole run) receives N uploads,
mixed:

- declarations that open a case (1 in 50): the officer records the IP status declaration
  when asked, and once the case waits for the holder, the holder's genuine reply (with the
  reply code read from the notice e-mail) is uploaded, *its S3 event delivered twice*, and
  a forged reply (a guessed code) is uploaded too;
- declarations released at screening, broken files (not a PDF, truncated PDFs) and
  recordation files with a bad record among good ones.

Faults injected: ``SendTaskSuccess`` throttled on the first try of every reply (after the
token was taken), S3 ``GetObject`` throttled at random (2 % of the handlers' reads), and
one crash of the ingest function after it had processed its batch (the whole batch comes
back). The uploads queue's visibility timeout is set to 3 s for the run (production: 360 s)
so retries come back within the run.

Reported: uploads accounted for (processed + quarantined + dead-lettered = sent, from the
upload ledger and the dead-letter queue), duplicates (a second case for a declaration, a
second accepted answer for a case), lost replies (a genuine reply not accepted: must be
0), and the time from the first upload until the queue is drained and every genuine reply
is accepted. The section is written into ``docs/benchmarks.md`` between the ``soak``
markers (``make bench`` keeps it).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

if __package__ in (None, ""):
    # Run as a script (`python benchmarks/soak.py`): the repository root (`benchmarks`) and
    # tests/ (`fixtures`) on the path, as pytest's `pythonpath` in pyproject.toml has them.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, bench_runtime, machine
from benchmarks.e2e import CLOCK_START as E2E_CLOCK_START
from benchmarks.e2e import load_recordations

BEGIN, END = "<!-- soak:begin -->", "<!-- soak:end -->"
CLOCK_START = E2E_CLOCK_START
"""Where the virtual legal clock stands for the whole run (the sample declarations' month).
The soak never advances it, so no reply period ends during the run however long the
machine takes: a reply not accepted is a real loss, never a late one."""
VISIBILITY_SECONDS = 3


class Faults:
    """Throttles and one crash, injected through botocore events and the function table."""

    def __init__(self, rng: random.Random, get_throttle: float) -> None:
        self.rng = rng
        self.get_throttle = get_throttle
        self.lock = threading.Lock()
        self.tokens_throttled: set[str] = set()
        self.counts: Counter[str] = Counter()
        self.crash_armed = False

    def install(self, runtime: Any) -> None:
        from customs_ipr import aws

        aws.client("stepfunctions").meta.events.register(
            "before-parameter-build.states.SendTaskSuccess",
            self._task_success,
            unique_id="soak-sfn",
        )
        aws.client("s3").meta.events.register(
            "before-call.s3.GetObject", self._get_object, unique_id="soak-s3"
        )
        stack = runtime.stack
        ingest = stack.function_name("IngestUploadFunction")
        original = stack.invoke_local

        def invoke(function_name: str, event: Any) -> Any:
            answer = original(function_name, event)
            if function_name == ingest and event.get("Records"):
                with self.lock:
                    crash, self.crash_armed = self.crash_armed, False
                if crash:
                    self.counts["ingest crash after processing its batch"] += 1
                    raise RuntimeError("injected crash: the batch's response is lost")
            return answer

        stack.invoke_local = invoke  # what moto's lambda:Invoke calls (dispatch_lambda_...)

    def _throttle(self, operation: str) -> None:
        from botocore.exceptions import ClientError

        self.counts[f"{operation} throttled"] += 1
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "soak"}}, operation)

    def _task_success(self, params: dict[str, Any], **_: Any) -> None:
        token = str(params.get("taskToken", ""))
        with self.lock:
            first = token not in self.tokens_throttled
            self.tokens_throttled.add(token)
        if first:
            self._throttle("SendTaskSuccess")

    def _get_object(self, **_: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            return
        with self.lock:
            hit = self.rng.random() < self.get_throttle
        if hit:
            self._throttle("GetObject")


# ---------------------------------------------------------------------------- uploads
def plan(total: int, rng: random.Random) -> dict[str, list[tuple[str, bytes]]]:
    """The uploads (key, body), by kind; replies are made later, per case."""
    from benchmarks.e2e import declaration_pdfs, released_pdfs

    cases = max(2, total // 50)  # each case adds 2 reply uploads
    bad = max(2, total // 10)
    recordation_files = max(1, total // 100)
    released = max(1, total - cases * 3 - bad - recordation_files)
    broken: list[tuple[str, bytes]] = []
    sample = released_pdfs(1)[0][1]
    for index in range(bad):
        if index % 2:
            body = sample[: rng.randint(200, len(sample) - 200)]
            broken.append((f"declarations/broken-{index:05d}.pdf", body))
        else:
            body = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 400)))
            broken.append((f"declarations/not-a-pdf-{index:05d}.pdf", body))
    records = json.loads((ROOT / "samples" / "recordations.json").read_text(encoding="utf-8"))
    files = []
    for index in range(recordation_files):
        lines = [json.dumps(r, ensure_ascii=False) for r in rng.sample(records, 2)]
        lines.insert(rng.randint(0, 2), '{"recordation_no": "T2026-BROKEN"')
        files.append((f"recordations/soak-{index:04d}.jsonl", "\n".join(lines).encode()))
    return {
        "case": [(f"declarations/{n}", b) for n, b in declaration_pdfs(cases)],
        "released": [(f"declarations/{n}", b) for n, b in released_pdfs(released)],
        "bad": broken,
        "recordations": files,
    }


def _notification(bucket: str, key: str, put: dict[str, Any], size: int) -> str:
    """The S3 event of an upload, to deliver it a second time (a duplicate delivery)."""
    obj = {"key": quote_plus(key), "size": size, "eTag": put["ETag"].strip('"')}
    if put.get("VersionId"):
        obj["versionId"] = put["VersionId"]
    record = {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": "us-east-1",
        "eventTime": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "eventName": "ObjectCreated:Put",
        "s3": {"bucket": {"name": bucket}, "object": obj},
    }
    return json.dumps({"Records": [record]})


class Soak:
    def __init__(self, runtime: Any, rng: random.Random) -> None:
        from customs_ipr import aws

        self.runtime = runtime
        self.rng = rng
        self.s3 = aws.client("s3")
        self.sent: list[tuple[str, str | None, str]] = []  # key, version, kind
        self.genuine: dict[str, str] = {}  # case id → reply key
        self.answered: set[tuple[str, str]] = set()
        self.retries = 0

    def put(self, key: str, body: bytes, kind: str, email: str | None = None) -> dict[str, Any]:
        metadata = {"contact-email": email} if email else {}
        answer = self.s3.put_object(
            Bucket=self.runtime.bucket, Key=key, Body=body, Metadata=metadata
        )
        self.sent.append((key, answer.get("VersionId"), kind))
        return dict(answer)

    def answer_waiting_cases(self) -> None:
        """The officer and the holders, as in the demo: answer what each case waits for."""
        from botocore.exceptions import ClientError

        from customs_ipr.cases.store import CaseStore
        from customs_ipr.cases.submission import submit_input

        for case in CaseStore().list(limit=500):
            wait = case.wait
            if wait is None or (case.case_id, wait.kind) in self.answered:
                continue
            if wait.kind == "ip_status_declaration":
                # the officer's client retries a failed request with the same request id
                request = f"soak-{case.case_id}-{wait.kind}"
                for attempt in range(5):
                    try:
                        submit_input(case.case_id, wait.kind, {"suspect": True}, request_id=request)
                        break
                    except ClientError:
                        self.retries += 1
                        if attempt == 4:
                            raise
                self.answered.add((case.case_id, wait.kind))
            elif wait.kind == "holder_reply" and self._reply(case):
                self.answered.add((case.case_id, wait.kind))

    def _reply(self, case: Any) -> bool:
        from customs_ipr.cases import reply_codes
        from customs_ipr.documents.models import HolderDecision, HolderResponse
        from customs_ipr_tools.local.reply_inbox import code_from_mailbox
        from customs_ipr_tools.local.sample_documents import reply_pdf

        code = code_from_mailbox(self.runtime.mailbox_dir, case.wait.notice_no)
        if code is None:
            return False  # the e-mail is not written yet: next round
        reply = HolderResponse(
            notice_no=case.wait.notice_no,
            decision=HolderDecision.NO_DETENTION,
            guarantee=None,
            recordation_no=case.recordation.recordation_no if case.recordation else None,
            holder_name=case.holder.name if case.holder else None,
            reasons="The goods were checked; no detention is requested.",
            reply_code=code,
        )
        email = case.holder.email if case.holder else None
        key = f"replies/reply-{case.case_id}.pdf"
        body = reply_pdf(reply)
        put = self.put(key, body, "reply", email)
        self.genuine[case.case_id] = key
        # the same S3 event delivered a second time (at-least-once delivery)
        from customs_ipr import aws

        aws.client("sqs").send_message(
            QueueUrl=str(self.runtime.stack.ref("UploadsQueue")),
            MessageBody=_notification(self.runtime.bucket, key, put, len(body)),
        )
        forged = reply.model_copy(update={"reply_code": reply_codes.new_code()})
        self.put(f"replies/forged-{case.case_id}.pdf", reply_pdf(forged), "forged_reply")
        return True


# ---------------------------------------------------------------------------- accounting
def account(runtime: Any, soak: Soak, case_numbers: list[str]) -> dict[str, Any]:
    from customs_ipr import aws
    from customs_ipr.cases.store import CaseStore
    from customs_ipr.ingest import ledger
    from customs_ipr.ingest.events import Upload

    sqs = aws.client("sqs")
    dead: set[str] = set()
    dlq = str(runtime.stack.ref("UploadsDeadLetterQueue"))
    while True:
        messages = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            break
        for message in messages:
            for record in json.loads(message["Body"]).get("Records", []):
                dead.add(record["s3"]["object"]["key"])
            sqs.delete_message(QueueUrl=dlq, ReceiptHandle=message["ReceiptHandle"])
    outcomes: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    unaccounted = []
    for key, version, kind in soak.sent:
        item = ledger.get(
            Upload(bucket=runtime.bucket, key=key, version_id=version, etag="", size=None)
        )
        status = (item or {}).get("status")
        if status == "quarantined":
            outcomes["quarantined"] += 1
        elif status and status != "received":
            outcomes["processed"] += 1
        elif quote_plus(key) in dead or key in dead:
            outcomes["dead-lettered"] += 1
        else:
            unaccounted.append((key, status))
        by_kind[f"{kind}: {status or 'dead-lettered'}"] += 1
    store = CaseStore()
    cases = store.list(limit=1000)
    per_declaration = Counter(c.declaration_ref for c in cases)
    answers = Counter(
        (c.case_id, e.detail.get("kind"))
        for c in cases
        for e in store.view(c.case_id).history
        if e.event == "input_accepted"
    )
    duplicates = sum(n - 1 for n in per_declaration.values() if n > 1)
    duplicates += sum(n - 1 for n in answers.values() if n > 1)
    lost = [cid for cid in soak.genuine if answers.get((cid, "holder_reply"), 0) != 1]
    return {
        "sent": len(soak.sent),
        "outcomes": dict(outcomes),
        "by_kind": dict(sorted(by_kind.items())),
        "unaccounted": unaccounted,
        "cases": len(cases),
        "case_declarations": len(case_numbers),
        "genuine_replies": len(soak.genuine),
        "duplicates": duplicates,
        "lost_replies": len(lost),
    }


def _accepted(store: Any, case_id: str, kind: str = "holder_reply") -> int:
    return sum(
        1
        for e in store.view(case_id).history
        if e.event == "input_accepted" and e.detail.get("kind") == kind
    )


def _replies_accepted(soak: Soak) -> bool:
    from customs_ipr.cases.store import CaseStore

    store = CaseStore()
    return all(_accepted(store, cid) >= 1 for cid in soak.genuine)


# ---------------------------------------------------------------------------- run
def run(total: int, seed: int, timeout: float) -> dict[str, Any]:
    from customs_ipr import aws

    rng = random.Random(seed)
    uploads = plan(total, rng)
    with bench_runtime(CLOCK_START, "CRITICAL", function_log=True) as runtime:
        load_recordations()
        aws.client("sqs").set_queue_attributes(
            QueueUrl=str(runtime.stack.ref("UploadsQueue")),
            Attributes={"VisibilityTimeout": str(VISIBILITY_SECONDS)},
        )
        faults = Faults(rng, get_throttle=0.02)
        faults.install(runtime)
        soak = Soak(runtime, rng)
        runtime.pump.start()
        started = time.perf_counter()
        deadline = started + timeout
        _send(soak, faults, uploads, rng)
        _drain(runtime, soak, len(uploads["case"]), deadline)
        drained = time.perf_counter() - started
        runtime.pump.stop()
        result = account(runtime, soak, [k for k, _ in uploads["case"]])
        result |= {
            "seed": seed,
            "drain_seconds": round(drained, 1),
            "faults": dict(faults.counts),
            "officer_retries": soak.retries,
            "timed_out": time.perf_counter() >= deadline,
        }
    return result


def _send(
    soak: Soak, faults: Faults, uploads: dict[str, list[tuple[str, bytes]]], rng: random.Random
) -> None:
    """The case declarations first, then the rest shuffled; the crash armed a third of the
    way through; the officer and the holders answer every 25 uploads."""
    for key, body in uploads["case"]:
        soak.put(key, body, "case_declaration", "broker@example.com")
    rest = [(k, b, kind) for kind in ("released", "bad", "recordations") for k, b in uploads[kind]]
    rng.shuffle(rest)
    crash_at = len(rest) // 3
    for index, (key, body, kind) in enumerate(rest):
        soak.put(key, body, kind, "uploader@example.com")
        if index == crash_at:
            faults.crash_armed = True
        if index % 25 == 0:
            soak.answer_waiting_cases()
        if index % 100 == 99:
            _progress(f"{index + 1 + len(uploads['case'])} uploads sent")


def _progress(message: str) -> None:
    """A line on stderr for whoever watches a long run (stdout carries the result)."""
    print(f"soak: {message}", file=sys.stderr, flush=True)


def _drain(runtime: Any, soak: Soak, cases: int, deadline: float) -> None:
    """Answer until every case's genuine reply is in and accepted and the queue is empty."""
    rounds = 0
    while time.perf_counter() < deadline:
        soak.answer_waiting_cases()
        pending = runtime.pump.pending()
        if len(soak.genuine) == cases and pending == 0 and _replies_accepted(soak):
            break
        rounds += 1
        if rounds % 60 == 0:
            _progress(f"{pending} messages in the uploads queue")
        time.sleep(0.5)
    runtime.pump.wait_until_idle(timeout=max(deadline - time.perf_counter(), 1.0))


def render(result: dict[str, Any], info: dict[str, str]) -> str:
    outcomes = result["outcomes"]
    accounted = sum(outcomes.values())
    lines = [
        BEGIN,
        "## Soak: uploads under faults (`make soak`)",
        "",
        "Generated by `python benchmarks/soak.py` (see its docstring): uploads mixed "
        "(case-opening and released declarations, genuine, replayed and forged holder replies, "
        "broken files, recordation files with a bad record) through the local stack, with "
        "`SendTaskSuccess` throttled on every reply's first try, 2 % of the handlers' S3 reads "
        "throttled and one ingest crash after its batch was processed. The legal clock is the "
        f"virtual one, standing at {CLOCK_START} for the whole run, so no reply period ends "
        "however long the machine takes (a reply not accepted is lost, never late); the "
        f"uploads queue's visibility timeout is {VISIBILITY_SECONDS} s for the run (production: "
        "360 s) so retried messages come back within it.",
        "",
        "| Figure | Value |",
        "|---|---|",
        f"| Uploads sent | {result['sent']} |",
        f"| Processed | {outcomes.get('processed', 0)} |",
        f"| Quarantined | {outcomes.get('quarantined', 0)} |",
        f"| Dead-lettered | {outcomes.get('dead-lettered', 0)} |",
        f"| Accounted for (processed + quarantined + dead-lettered = sent) | "
        f"{accounted} of {result['sent']} |",
        f"| Cases opened / case declarations | {result['cases']} / {result['case_declarations']} |",
        f"| Duplicates (second case, second accepted answer) | {result['duplicates']} |",
        f"| Genuine replies / lost | {result['genuine_replies']} / {result['lost_replies']} |",
        f"| Time to drain | {result['drain_seconds']} s |",
        "",
        "Faults injected: "
        + ", ".join(f"{name} × {n}" for name, n in sorted(result["faults"].items()))
        + f". Seed {result['seed']}. Machine: {info.get('CPU', '?')}, {info.get('Date', '')}.",
        "",
        "Outcome by kind: "
        + "; ".join(f"{name} {n}" for name, n in result["by_kind"].items())
        + ".",
        END,
    ]
    return "\n".join(lines)


def write_section(text: str, path: Path) -> None:
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        current = head + text + tail
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(current, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    result = run(args.uploads, args.seed, args.timeout)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if not args.no_write:
        write_section(render(result, machine()), args.out)
    ok = (
        not result["unaccounted"]
        and result["duplicates"] == 0
        and result["lost_replies"] == 0
        and not result["timed_out"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

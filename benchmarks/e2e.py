"""End to end on the local stack: declarations per second from upload to first notice.

The whole local pipeline (``customs_ipr_tools.local.runtime.local_runtime``): the embedded moto
server with every resource of ``template.yaml``, the S3 → SQS notification, the pump that
plays the SQS event source mapping of the ingest function, ``lambda:Invoke`` routed to the
real handlers, Step Functions executing the case state machine, notices rendered, archived
in S3 and sent through SES. The legal clock is the virtual one and nothing advances it, so
no deadline falls due during the run and only the first notice of each case is in the
figure.

The batch: small declaration PDFs (the grid and English layouts of
``tests/fixtures/pdfs.py``, each with its own declaration number) whose goods carry a
recorded mark, so every declaration opens a case and its first notice is issued. The clock
runs from the first upload until every case has a notice PDF archived under ``notices/``.

Anchor: the bare transport for the same objects on the same server: put the same PDFs into
a plain bucket whose notifications go to a plain queue, and receive and delete every
message. The ratio is the pipeline's time per declaration over the transport's.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections import Counter
from datetime import date
from typing import Any

from benchmarks.common import ROOT, Figure, Section, bench_runtime, pdf_fixtures

CLOCK_START = date(2026, 9, 14)
"""The virtual legal clock stands still during the run (nothing advances it), so no
deadline of a case falls due while the batch runs: the figure is upload → first notice."""


DECLARED_ON = date(2026, 10, 15)
"""Inside the recordations' validity, the bundled sample exchange rates and the known holiday
calendar, so every declaration of the batch can open its case."""


def declaration_pdfs(count: int) -> list[tuple[str, bytes]]:
    """``count`` small declarations, each with its own number, alternating two layouts."""
    fixtures = pdf_fixtures()
    made: list[tuple[str, bytes]] = []
    for index in range(count):
        if index % 2:
            model, render = fixtures.import_english_declaration(), fixtures.english
        else:
            model, render = fixtures.import_grid_declaration(), fixtures.grid_cn
        number = f"{model.customs_no[:10]}{9_000_000 + index:08d}"
        model = model.model_copy(
            update={"customs_no": number, "pre_entry_no": number, "declaration_date": DECLARED_ON}
        )
        made.append((f"bench-{number}.pdf", render(model)))
    return made


class CallCounter:
    """Counts every AWS API call this process makes, and DynamoDB items read and written.

    Registered on boto3's default session before the stack's clients are created, so the
    handlers', the pump's and the benchmark's calls all go through it; ``active`` keeps the
    set-up (recordations, the anchor) out of the count, and calls from the main thread (the
    benchmark uploading and watching) are not counted: the upload's PUT is added by hand.

    Request units as on-demand capacity bills them, assuming items up to 4 KB read and 1 KB
    written: a strongly consistent read 1 unit per item, eventually consistent 0.5,
    transactional 2; a write 1 unit per item, transactional 2. Every requested key counts
    as read (an upper bound: the term index asks for keys that may not exist). A Query is
    counted as one item read (the term and case queries return a few small items).
    """

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.read_units = 0.0
        self.write_units = 0
        self.active = False

    def snapshot(self) -> tuple[Counter[str], float, int]:
        return Counter(self.calls), self.read_units, self.write_units

    @contextlib.contextmanager
    def installed(self) -> Any:
        """Registered on boto3's default session (the one ``customs_ipr.aws`` uses) for a
        block; clients created inside the block carry the handler."""
        import boto3

        session = boto3._get_default_session()._session
        session.register("before-parameter-build", self)
        try:
            yield self
        finally:
            session.unregister("before-parameter-build", self)

    def __call__(self, **kwargs: Any) -> None:
        """botocore's ``before-parameter-build`` handler (keyword arguments only)."""
        params: dict[str, Any] = kwargs["params"]
        model: Any = kwargs["model"]
        if not self.active or threading.current_thread() is threading.main_thread():
            return  # the benchmark's own uploads and polling run on the main thread
        service = model.service_model.service_name
        self.calls[f"{service}:{model.name}"] += 1
        if service != "dynamodb":
            return
        name = model.name
        if name == "BatchGetItem":
            for table in params["RequestItems"].values():
                self._read(len(table.get("Keys", [])), table.get("ConsistentRead", False))
        elif name in ("GetItem", "Query"):
            self._read(1, params.get("ConsistentRead", False))
        elif name == "TransactGetItems":
            self.read_units += 2 * len(params.get("TransactItems", []))
        elif name == "BatchWriteItem":
            self.write_units += sum(len(t) for t in params["RequestItems"].values())
        elif name in ("PutItem", "UpdateItem", "DeleteItem"):
            self.write_units += 1
        elif name == "TransactWriteItems":
            self.write_units += 2 * len(params.get("TransactItems", []))

    def _read(self, items: int, consistent: bool) -> None:
        self.read_units += items * (1.0 if consistent else 0.5)


def state_transitions() -> tuple[int, int]:
    """(executions, states entered) of every Step Functions execution so far."""
    from customs_ipr import aws

    sfn = aws.client("stepfunctions")
    executions = entered = 0
    for machine in sfn.list_state_machines()["stateMachines"]:
        pages = sfn.get_paginator("list_executions").paginate(
            stateMachineArn=machine["stateMachineArn"]
        )
        for page in pages:
            for execution in page["executions"]:
                executions += 1
                history = sfn.get_execution_history(
                    executionArn=execution["executionArn"], maxResults=1000
                )["events"]
                entered += sum(e["type"].endswith("StateEntered") for e in history)
    return executions, entered


def released_pdfs(count: int) -> list[tuple[str, bytes]]:
    """Declarations whose goods carry no recorded mark (the bilingual layout): released."""
    fixtures = pdf_fixtures()
    made: list[tuple[str, bytes]] = []
    for index in range(count):
        model = fixtures.import_bilingual_declaration()
        number = f"{model.customs_no[:10]}{8_000_000 + index:08d}"
        model = model.model_copy(
            update={"customs_no": number, "pre_entry_no": number, "declaration_date": DECLARED_ON}
        )
        made.append((f"bench-{number}.pdf", fixtures.bilingual(model)))
    return made


def released_calls(
    runtime: Any, counter: CallCounter, pdfs: list[tuple[str, bytes]], timeout: float
) -> tuple[Counter[str], float, float]:
    """AWS calls, items read and written per released declaration (no case, no notice)."""
    from customs_ipr import aws

    before, read, written = counter.snapshot()
    s3 = aws.client("s3")
    for file_name, data in pdfs:
        s3.put_object(Bucket=runtime.bucket, Key=f"declarations/{file_name}", Body=data)
    runtime.pump.wait_until_idle(timeout=timeout)
    after, read_after, written_after = counter.snapshot()
    return after - before, (read_after - read) / len(pdfs), (written_after - written) / len(pdfs)


def _per(calls: Counter[str], count: int) -> str:
    return ", ".join(f"{name} {n / count:.2f}" for name, n in sorted(calls.items()))


def load_recordations() -> int:
    from customs_ipr.recordations.records_file import read_recordations_file
    from customs_ipr.recordations.store import DynamoRecordationStore

    return DynamoRecordationStore().bulk_load(
        read_recordations_file(ROOT / "samples" / "recordations.json")
    )


def transport_round_trip(pdfs: list[tuple[str, bytes]], timeout: float) -> float:
    """Seconds to put every object into a plain bucket and receive every notification."""
    from customs_ipr import aws

    s3, sqs = aws.client("s3"), aws.client("sqs")
    name = f"bench-anchor-{uuid.uuid4().hex[:8]}"
    queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    s3.create_bucket(Bucket=name)
    s3.put_bucket_notification_configuration(
        Bucket=name,
        NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": queue_arn, "Events": ["s3:ObjectCreated:*"]}]
        },
    )
    _drain(sqs, queue_url, want=None, deadline=time.monotonic() + 2)  # s3:TestEvent
    started = time.perf_counter()
    for file_name, data in pdfs:
        s3.put_object(Bucket=name, Key=f"declarations/{file_name}", Body=data)
    received = _drain(sqs, queue_url, want=len(pdfs), deadline=time.monotonic() + timeout)
    elapsed = time.perf_counter() - started
    if received < len(pdfs):
        raise RuntimeError(f"the anchor queue received {received} of {len(pdfs)} notifications")
    return elapsed


def _drain(sqs: Any, queue_url: str, want: int | None, deadline: float) -> int:
    received = 0
    while time.monotonic() < deadline and (want is None or received < want):
        messages = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0
        ).get("Messages", [])
        if not messages:
            if want is None:
                return received
            time.sleep(0.01)
            continue
        sqs.delete_message_batch(
            QueueUrl=queue_url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)
            ],
        )
        received += sum('"Records"' in m["Body"] for m in messages)
    return received


def _cases_with_notice(s3: Any, bucket: str, prefix: str) -> set[str]:
    cases: set[str] = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for entry in page.get("Contents", []):
            key = entry["Key"]
            if key.endswith(".pdf"):
                cases.add(key[len(prefix) :].split("/", 1)[0])
    return cases


def _count(s3: Any, bucket: str, prefix: str) -> int:
    return sum(
        len(page.get("Contents", []))
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    )


def pipeline(pdfs: list[tuple[str, bytes]], timeout: float) -> dict[str, Any]:
    """Upload every PDF under ``declarations/``; wait until each case has its first notice."""
    import boto3

    from customs_ipr import aws
    from customs_ipr.config import get_settings

    settings = get_settings()
    s3 = aws.client("s3")
    watcher = boto3.session.Session().client("s3")  # its polling is not the pipeline's cost
    bucket = settings.documents_bucket
    started = time.perf_counter()
    for file_name, data in pdfs:
        s3.put_object(
            Bucket=bucket, Key=f"declarations/{file_name}", Body=data, ContentType="application/pdf"
        )
    uploaded = time.perf_counter() - started
    deadline = time.monotonic() + timeout
    noticed: set[str] = set()
    while time.monotonic() < deadline:
        noticed = _cases_with_notice(watcher, bucket, settings.notice_archive_prefix)
        if len(noticed) >= len(pdfs):
            break
        time.sleep(0.25)
    elapsed = time.perf_counter() - started
    return {
        "elapsed": elapsed,
        "uploaded": uploaded,
        "noticed": len(noticed),
        "quarantined": _count(watcher, bucket, settings.quarantine_prefix),
        "notice_files": _count(watcher, bucket, settings.notice_archive_prefix),
    }


def run(quick: bool = False) -> Section:
    count = 4 if quick else 200
    timeout = 120.0 if quick else 480.0
    pdfs = declaration_pdfs(count)
    counter = CallCounter()
    with counter.installed(), bench_runtime(CLOCK_START, "WARNING") as runtime:
        recordations = load_recordations()
        anchor = transport_round_trip(pdfs, timeout)
        counter.active = True
        runtime.pump.start()
        result = pipeline(pdfs, timeout)
        executions, entered = state_transitions()
        case_calls, case_read, case_written = counter.snapshot()
        released = released_pdfs(max(2, count // 10))
        released_counted = released_calls(runtime, counter, released, timeout)
        counter.active = False
        totals: Counter[str] = Counter()
        totals_source = getattr(runtime.pump, "totals", None)
        if totals_source is not None:
            totals.update({k: v for k, v in vars(totals_source).items() if isinstance(v, int)})
    ours = result["elapsed"]
    done = result["noticed"]
    rate = done / ours if ours else 0.0
    anchor_rate = count / anchor
    figures = [
        Figure(
            "e2e",
            f"declarations per second, upload → first notice ({count} declarations)",
            f"{rate:.2f}/s ({done} of {count} noticed in {ours:.1f} s)",
            anchor=f"bare S3 put + SQS receive {anchor_rate:.1f}/s ({anchor:.2f} s)",
            ratio=(ours / done) / (anchor / count) if done else None,
            target=f"all {count} noticed",
            passed=done == count,
            note="ratio: time per declaration over the transport's",
        )
    ]
    details = [
        f"Recordations loaded: {recordations} (`samples/recordations.json`). Uploading the "
        f"{count} PDFs took {result['uploaded']:.1f} s of the total; notice files archived: "
        f"{result['notice_files']} (PDF + HTML per notice); quarantined uploads: "
        f"{result['quarantined']}.",
    ]
    per = max(done, 1)
    case_calls["s3:PutObject (upload)"] = count
    release_calls, release_read, release_written = released_counted
    release_calls["s3:PutObject (upload)"] = len(released)
    details.append(
        "AWS calls per declaration that opens a case, up to its first notice (counted on the "
        "boto3 clients of the handlers and the pump; the upload's PUT added): "
        f"{_per(case_calls, per)}. DynamoDB read request units {case_read / per:.1f}, "
        f"write request units {case_written / per:.1f}. Step Functions: {executions} executions, "
        f"{entered / max(executions, 1):.1f} states entered per execution up to the first "
        "notice."
    )
    details.append(
        f"AWS calls per released declaration ({len(released)} declarations without a recorded "
        f"mark, uploaded after the batch): {_per(release_calls, len(released))}. DynamoDB "
        f"read request units {release_read:.1f}, write request units {release_written:.1f}."
    )
    if totals:
        details.append("Pump totals: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    if done < count:
        details.append(
            f"Only {done} of {count} declarations reached a first notice within "
            f"{timeout:.0f} s: see the quarantine and the dead-letter queue of the run."
        )
    data = {
        "declarations_per_second": rate,
        "pdf_bytes": sum(len(d) for _, d in pdfs) / len(pdfs),
        "case": {
            "calls": {k: v / per for k, v in case_calls.items()},
            "read_units": case_read / per,
            "write_units": case_written / per,
            "states_to_first_notice": entered / max(executions, 1),
        },
        "released": {
            "calls": {k: v / len(released) for k, v in release_calls.items()},
            "read_units": release_read,
            "write_units": release_written,
        },
    }
    return Section(
        name="e2e",
        title="End to end on the local stack",
        method=(
            "The local stack (`customs_ipr_tools.local.runtime.local_runtime`: embedded moto "
            "server, template resources, SQS pump, real handlers, Step Functions executed by "
            f"moto) with the virtual legal clock standing at {CLOCK_START}; {count} declaration "
            "PDFs with a recorded mark uploaded under `declarations/`; clock from the first "
            "upload until "
            "every case has a notice PDF under `notices/`. Anchor: the same objects put into "
            "a plain bucket notifying a plain queue on the same server, every message "
            "received and deleted. Single process, so both share the Python interpreter with "
            "moto: the figure is a floor for the pipeline's own cost, not AWS's latency."
        ),
        figures=figures,
        details="\n\n".join(details),
        data=data,
    )

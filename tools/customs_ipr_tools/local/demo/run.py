"""``customs-ipr demo``: run every scenario (see ``customs_ipr_tools.local.demo``)."""

from __future__ import annotations

import json
import shutil
import sys
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from customs_ipr.cases import clock
from customs_ipr.cases.store import CaseStore
from customs_ipr_tools.local.demo import steps
from customs_ipr_tools.local.demo.results import (
    TERMINAL,
    DemoFailed,
    Result,
    as_dict,
    check,
    summary_table,
)
from customs_ipr_tools.local.demo.scenarios import scenarios
from customs_ipr_tools.local.runtime import local_runtime
from customs_ipr_tools.local.template import find_project_root

DEMO_START = date(2026, 9, 14)
"""The virtual clock's first day (the first declaration's date)."""
MAX_STEPS = 200
"""Answers plus timers fired: far more than the five scenarios need; a guard against loops."""


class Progress:
    """One line per step, with the seconds since the demo started."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stdout
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[{elapsed:6.1f}s] {message}", file=self.stream, flush=True)


def run_demo(
    out: Path,
    progress: Callable[[str], None] | None = None,
) -> list[Result]:
    """Run every scenario; return the results, or raise ``DemoFailed`` (see the package doc)."""
    say = progress or Progress()
    out = out.resolve()
    _prepare(out)
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
        steps.import_recordations(runtime, samples / "recordations.json", say)
        results = steps.upload_declarations(runtime, scenarios(), out / "uploads", say)
        _drive_cases(runtime, results, out / "uploads", say)
        copied = steps.copy_notice_pdfs(runtime.bucket, out / "notices")
        say(f"copied {copied} notice PDF(s) from s3://{runtime.bucket}/notices/")
    check(results)
    _write_summary(out, results, say)
    failures = [f"{r.scenario.key}: {p}" for r in results for p in r.problems]
    if failures:
        raise DemoFailed("Not every expected outcome happened: " + "; ".join(failures))
    say("all scenarios ended as expected")
    return results


def _prepare(out: Path) -> None:
    (out / "functions.log").unlink(missing_ok=True)
    for folder in ("mailbox", "notices", "uploads"):
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir(parents=True, exist_ok=True)


def _write_summary(out: Path, results: list[Result], say: Callable[[str], None]) -> None:
    table = summary_table(results)
    print(table, flush=True)
    (out / "summary.txt").write_text(table + "\n", encoding="utf-8")
    (out / "summary.json").write_text(
        json.dumps([as_dict(r) for r in results], indent=2, ensure_ascii=False), encoding="utf-8"
    )
    mails = len(list((out / "mailbox").glob("**/*.eml")))
    say(f"mailbox: {mails} message(s) in {out / 'mailbox'}; notice PDFs in {out / 'notices'}")


def _samples_dir() -> Path:
    folder = find_project_root() / "samples"
    if not (folder / "recordations.json").is_file():
        raise DemoFailed(
            f"{folder}/recordations.json is missing: run the demo from the project checkout."
        )
    return folder


def _drive_cases(
    runtime: Any, results: list[Result], folder: Path, say: Callable[[str], None]
) -> None:
    """Answer each case's waits as its scenario says; between answers, let the virtual clock
    run to the next deadline timer; until every case has ended."""
    store = CaseStore()
    active = [r for r in results if r.case_id]
    last_status: dict[str, str] = {}
    for _ in range(MAX_STEPS):
        runtime.time.settle()
        acted = False
        for result in active:
            acted = _step(runtime, store, result, last_status, folder, say) or acted
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
        steps.collect(store, result)


def _step(
    runtime: Any,
    store: CaseStore,
    result: Result,
    last_status: dict[str, str],
    folder: Path,
    say: Callable[[str], None],
) -> bool:
    """Note the case's status and answer what it waits for; True if it was answered."""
    case = store.get(str(result.case_id))
    if case is None:
        return False
    status = str(case.status.value if hasattr(case.status, "value") else case.status)
    if last_status.get(result.scenario.key) != status:
        say(f"{result.scenario.key}: case {case.case_id} is {status}")
        last_status[result.scenario.key] = status
    result.case_status = status
    if status in TERMINAL:
        return False
    if case.wait is not None and case.wait.kind not in result.answered:
        steps.answer(runtime, result, case, folder, say)
        runtime.time.settle()
        return True
    return False


def _advance_to_timer(runtime: Any, timer: Any, say: Callable[[str], None]) -> None:
    payload = json.loads(timer.payload)
    runtime.time.advance_to(timer.at)
    end = clock.beijing_date(timer.at)
    say(
        f"clock → {end} 00:00 Beijing: the {payload.get('wait')} period of "
        f"{payload.get('case_id')} ended at 24:00 on {payload.get('due')}"
    )

"""What every benchmark shares: the figure it reports, timing helpers, the machine, fixtures.

No figure is an absolute time compared with a constant: each is a ratio to an anchor measured
in the same run on the same machine (or a count, or a bound the issue fixes, such as 256 MB),
so the verdicts hold on a slow laptop and on a fast CI runner alike.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
"""The project root (the folder holding ``template.yaml``)."""


@dataclass
class Figure:
    """One reported figure: what was measured, against what, and the verdict.

    ``passed`` is ``None`` for figures reported for information (no target).
    """

    benchmark: str
    name: str
    value: str
    anchor: str = ""
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.passed is None:
            return "info"
        return "PASS" if self.passed else "MISS"

    def line(self) -> str:
        ratio = "" if self.ratio is None else f"ratio {self.ratio:.2f}"
        parts = [f"[{self.benchmark}] {self.name}: {self.value}"]
        if self.anchor:
            parts.append(f"anchor {self.anchor}")
        if ratio:
            parts.append(ratio)
        if self.target:
            parts.append(f"target {self.target}")
        parts.append(self.verdict)
        return " | ".join(parts)


@dataclass
class Section:
    """A benchmark's figures plus the prose that says how they were measured."""

    name: str
    title: str
    method: str
    figures: list[Figure]
    details: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    """Raw measurements other sections use (the cost estimate)."""


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p99 of 200 samples is the 198th smallest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def timed(function: Callable[[], Any]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def best_of(
    repeats: int, function: Callable[[], Any], setup: Callable[[], Any] | None = None
) -> float:
    """The fastest of ``repeats`` timings (noise from other processes only adds time);
    ``setup`` runs untimed before each."""
    best = float("inf")
    for _ in range(repeats):
        if setup is not None:
            setup()
        best = min(best, timed(function))
    return best


def interleaved(
    candidate: Callable[[], Any], anchor: Callable[[], Any], rounds: int
) -> tuple[list[float], list[float]]:
    """Time both ``rounds`` times, alternating which goes first, after one warm-up each.

    Alternating spreads the machine's drift (frequency scaling, other tenants) over both.
    """
    candidate()
    anchor()
    ours: list[float] = []
    theirs: list[float] = []
    for round_no in range(rounds):
        if round_no % 2:
            theirs.append(timed(anchor))
            ours.append(timed(candidate))
        else:
            ours.append(timed(candidate))
            theirs.append(timed(anchor))
    return ours, theirs


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def mb(kib: float) -> str:
    return f"{kib / 1024:.1f} MB"


def python_env() -> dict[str, str]:
    """The environment for child interpreters: the package importable, no stray AWS endpoint."""
    env = dict(os.environ)
    env.pop("AWS_ENDPOINT_URL", None)
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    env.setdefault("AWS_ACCESS_KEY_ID", "testing")
    env.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    env.setdefault("POWERTOOLS_SERVICE_NAME", "customs-ipr")
    env.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    env["PYTHONDONTWRITEBYTECODE"] = "0"
    return env


def run_python(
    code: str,
    *args: str,
    env: dict[str, str] | None = None,
    flags: tuple[str, ...] = (),
    cwd: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter (same executable), failing loudly on error."""
    result = subprocess.run(
        [sys.executable, *flags, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env or python_env(),
        cwd=str(cwd or ROOT),
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"child interpreter failed: {result.stderr.strip()[-2000:]}")
    return result


def pdf_fixtures() -> ModuleType:
    """``tests/fixtures/pdfs.py``: the declaration PDF generator (reportlab)."""
    from fixtures import pdfs

    return pdfs


@contextlib.contextmanager
def bench_runtime(
    clock_start: _dt.date, log_level: str, *, function_log: bool = False
) -> Iterator[Any]:
    """The local stack a benchmark drives (``local_runtime`` on a free port, the pump not
    started, the legal clock standing at ``clock_start``), in a temporary folder; what the
    handlers print (logs, metrics; to ``functions.log`` with ``function_log``) and warnings
    are kept out of the report."""
    from customs_ipr_tools.local.runtime import local_runtime

    with (
        open(os.devnull, "w") as quiet,
        contextlib.redirect_stdout(quiet),
        tempfile.TemporaryDirectory() as folder,
        local_runtime(
            port=0,
            clock_start=clock_start,
            mailbox_dir=Path(folder) / "mailbox",
            pump=False,
            parameter_overrides={"LogLevel": log_level},
            function_log=Path(folder) / "functions.log" if function_log else None,
        ) as runtime,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        yield runtime


def machine() -> dict[str, str]:
    """CPU model, cores, memory, Python and OS, and the date: printed with every report."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "Memory": memory or "unknown",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": f"{platform.system()} {platform.release()}",
        "Date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }

"""Cold start: importing each Lambda handler module, as a ratio to ``import boto3`` alone.

Every handler needs boto3, so ``import boto3`` in a fresh interpreter is the floor a
handler's init phase cannot go below; the target (≤ 1.3) says the handler adds at most 30%
on top: Powertools, pydantic models, the package's thin entry modules, and none of the heavy
libraries (pdfplumber/pdfminer, reportlab, rapidfuzz, jinja2, opencc, chinese_calendar),
which load inside the functions that use them.

Each import runs in a fresh interpreter, with the function's folder first on ``sys.path``
(as ``/var/task`` is on Lambda) and the function's environment from ``template.yaml``; the
time is taken inside the child around the import statement only (interpreter start-up is
the same for both and is left out, which makes the ratio stricter). Median of several runs,
handlers and anchor interleaved.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import ROOT, Figure, Section, median, ms, python_env, run_python

TARGET = 1.3
HEAVY = (
    "pdfplumber",
    "pdfminer",
    "pypdfium2",
    "PIL",
    "reportlab",
    "fpdf",
    "rapidfuzz",
    "jinja2",
    "opencc",
    "chinese_calendar",
    "moto",
)

_CHILD = """
import sys, time
folder = sys.argv[1]
if folder:
    sys.path.insert(0, folder)
started = time.perf_counter()
if folder:
    import app
else:
    import boto3
print(time.perf_counter() - started)
"""


def handlers() -> dict[str, tuple[Path, dict[str, str]]]:
    """Function folder name → (folder, its environment from template.yaml)."""
    from customs_ipr_tools.local.template import Template

    template = Template.from_project(ROOT)
    found: dict[str, tuple[Path, dict[str, str]]] = {}
    for logical_id, resource in template.of_type("AWS::Serverless::Function").items():
        props = resource.get("Properties", {})
        folder = (ROOT / str(props["CodeUri"])).resolve()
        if (folder / "app.py").exists():
            env = template.function_environment(logical_id)
            found[folder.name] = (folder, env)
    for folder in sorted((ROOT / "functions").glob("*/app.py")):
        found.setdefault(folder.parent.name, (folder.parent, {}))
    return found


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = python_env()
    env.update(extra)
    env["POWERTOOLS_TRACE_DISABLED"] = "true"  # no X-Ray daemon outside Lambda
    return env


def import_seconds(folder: Path | None, env: dict[str, str]) -> float:
    return float(run_python(_CHILD, str(folder or ""), env=_env(env)).stdout.strip())


def _importtime(folder: Path | None, env: dict[str, str]) -> list[tuple[int, str, int]]:
    """(depth, module, self µs) rows of ``python -X importtime`` for the import."""
    stderr = run_python(_CHILD, str(folder or ""), env=_env(env), flags=("-X", "importtime")).stderr
    rows: list[tuple[int, str, int]] = []
    for line in stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3:
            continue
        self_us = parts[0].removeprefix("import time:").strip()
        if not self_us.isdigit():
            continue
        raw = parts[2].rstrip()
        name = raw.lstrip()
        rows.append(((len(raw) - len(name) - 1) // 2, name, int(self_us)))
    return rows


def _chain(rows: list[tuple[int, str, int]], index: int) -> list[str]:
    """The importer of a row at depth d is the next row below it at depth d - 1."""
    depth, name, _ = rows[index]
    chain = [name]
    wanted = depth - 1
    for later_depth, later_name, _ in rows[index + 1 :]:
        if wanted < 0:
            break
        if later_depth == wanted:
            chain.append(later_name)
            wanted -= 1
    return chain


def extra_imports(folder: Path, env: dict[str, str], anchor_roots: set[str]) -> list[str]:
    """Packages the handler loads beyond what ``import boto3`` loads, costliest first.

    Each with its own import time (self time summed over the package's modules) and the chain
    that first pulls it in; heavy libraries (``HEAVY``) are marked.
    """
    rows = _importtime(folder, env)
    cost: dict[str, int] = {}
    first: dict[str, int] = {}
    for index, (_, name, self_us) in enumerate(rows):
        root = name.split(".")[0]
        if root in anchor_roots or root == "app":
            continue
        cost[root] = cost.get(root, 0) + self_us
        if root not in first or rows[index][0] <= rows[first[root]][0]:
            first[root] = index  # the outermost (shallowest, last printed) row of the package
    ranked = sorted(cost, key=cost.get, reverse=True)  # type: ignore[arg-type]
    lines = []
    for root in ranked[:8]:
        mark = " **heavy**" if root in HEAVY else ""
        chain = " ← ".join(_chain(rows, first[root]))
        lines.append(f"{root}{mark}: {cost[root] / 1000:.0f} ms, via {chain}")
    return lines


def run(quick: bool = False) -> Section:
    rounds = 2 if quick else 9
    found = handlers()
    times: dict[str, list[float]] = {name: [] for name in found}
    anchor: list[float] = []
    for _ in range(rounds):
        anchor.append(import_seconds(None, {}))
        for name, (folder, env) in found.items():
            times[name].append(import_seconds(folder, env))
    boto3_time = median(anchor)
    anchor_roots = {name.split(".")[0] for _, name, _ in _importtime(None, {})}
    figures: list[Figure] = []
    details: list[str] = []
    for name, samples in times.items():
        value = median(samples)
        ratio = value / boto3_time
        folder, env = found[name]
        extras = extra_imports(folder, env, anchor_roots)
        heavy = sorted({line.split(":")[0].split(" ")[0] for line in extras if "**heavy**" in line})
        if extras:
            verdict = "over target" if ratio > TARGET else "within target"
            details.append(f"- `functions/{name}/app.py` ({verdict}) loads beyond boto3:")
            details += [f"  - {line}" for line in extras]
        figures.append(
            Figure(
                "coldstart",
                f"import functions/{name}/app.py",
                ms(value),
                anchor=f"import boto3 {ms(boto3_time)}",
                ratio=ratio,
                target=f"≤ {TARGET}",
                passed=ratio <= TARGET,
                note=("heavy: " + ", ".join(heavy)) if heavy else "",
            )
        )
    return Section(
        name="coldstart",
        title="Cold start (handler module import)",
        method=(
            "Each `functions/*/app.py` imported in a fresh interpreter (function folder on "
            "`sys.path`, environment from `template.yaml`, tracing disabled as there is no "
            "X-Ray daemon), timed inside the child around the import only; anchor `import "
            f"boto3` alone in a fresh interpreter. Median of {rounds} interleaved runs. Heavy "
            "libraries: " + ", ".join(HEAVY) + "."
        ),
        figures=figures,
        details=(
            "What each handler imports beyond `import boto3` (`python -X importtime`, own "
            "import time per package, and the chain that first pulls it in, "
            "library ← importer ← … ← handler):\n\n" + "\n".join(details)
            if details
            else "No handler imports anything beyond boto3 at start."
        ),
    )

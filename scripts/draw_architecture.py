"""Draw docs/architecture.md's pictures from the code: ``make docs``.

Run from the repository root as ``python -m scripts.draw_architecture [--check]``.

Two Mermaid blocks are rewritten between their markers, the prose around them is kept:
- the case workflow as a ``stateDiagram-v2``, read from ``statemachine/case.asl.json``
  (every state; the edges of ``Next``, ``Choices``, ``Default`` and ``Catch``);
- the parts of the domain package and who imports whom as a ``flowchart``, from the import
  contract's data (``scripts/import_graph.py``), an edge that breaks the contract dashed.

``--check`` writes nothing and exits 1 when the file is not current
(``tests/unit/test_architecture.py`` does the same).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from scripts import import_graph

ROOT = Path(__file__).resolve().parent.parent
ASL = ROOT / "statemachine" / "case.asl.json"
DOC = ROOT / "docs" / "architecture.md"
FUNCTIONS = ROOT / "functions"
MARKERS = {
    "states": ("<!-- states:begin (make docs) -->", "<!-- states:end -->"),
    "parts": ("<!-- parts:begin (make docs) -->", "<!-- parts:end -->"),
}
MAX_DRAWN_CHOICES = 10
"""A Choice with more branches (the resume switch) is listed under the picture, not drawn."""
ANY_ERROR = ["States.ALL"]
FAILURE_STATE = "Record failure"


def _choice_label(rule: dict[str, Any]) -> str:
    for key, value in rule.items():
        if key not in ("Variable", "Next") and not isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False).strip('"')
    return "rule"


def _edges(name: str, state: dict[str, Any]) -> list[tuple[str, str, str]]:
    edges: list[tuple[str, str, str]] = []
    if "Next" in state:
        edges.append((name, state["Next"], ""))
    choices = state.get("Choices", [])
    if len(choices) <= MAX_DRAWN_CHOICES:
        edges += [(name, rule["Next"], _choice_label(rule)) for rule in choices]
    if "Default" in state:
        edges.append((name, state["Default"], "otherwise"))
    for catch in state.get("Catch", []):
        if catch["ErrorEquals"] == ANY_ERROR and catch["Next"] == FAILURE_STATE:
            continue  # every Task has it; said once under the picture
        edges.append((name, catch["Next"], ", ".join(catch["ErrorEquals"])))
    if state["Type"] in ("Succeed", "Fail") or state.get("End"):
        edges.append((name, "[*]", ""))
    return edges


def _catches_any_error(state: dict[str, Any]) -> bool:
    return any(
        catch["ErrorEquals"] == ANY_ERROR and catch["Next"] == FAILURE_STATE
        for catch in state.get("Catch", [])
    )


def state_diagram(asl: dict[str, Any]) -> str:
    """The workflow as Mermaid ``stateDiagram-v2`` plus the notes on what is not drawn."""
    states: dict[str, dict[str, Any]] = asl["States"]
    ids = {name: f"s{number}" for number, name in enumerate(states, start=1)}
    ids["[*]"] = "[*]"
    lines = ["```mermaid", "stateDiagram-v2"]
    lines += [f'    state "{name}" as {ids[name]}' for name in states]
    lines.append(f"    [*] --> {ids[asl['StartAt']]}")
    for name, state in states.items():
        for source, target, label in _edges(name, state):
            arrow = f"    {ids[source]} --> {ids[target]}"
            lines.append(f"{arrow} : {label}" if label else arrow)
    lines += ["```", "", "Not drawn:", ""]
    caught = sum(_catches_any_error(state) for state in states.values())
    lines.append(
        f"- any other error of the {caught} states that catch it goes to `{FAILURE_STATE}`;"
    )
    for name, state in states.items():
        choices = state.get("Choices", [])
        if len(choices) > MAX_DRAWN_CHOICES:
            targets = ", ".join(f"`{rule['Next']}`" for rule in choices)
            lines.append(f"- `{name}` ({len(choices)} branches) goes on to {targets};")
    lines[-1] = lines[-1].removesuffix(";") + "."
    return "\n".join(lines)


def _handler_parts() -> set[tuple[str, str]]:
    """(``handlers``, part) for every import of the domain package by a Lambda handler."""
    return {
        ("handlers", import_graph.part(edge.target))
        for app in sorted(FUNCTIONS.glob("*/app.py"))
        for edge in import_graph.imports_in(app, f"functions.{app.parent.name}.app")
    }


def _arrow(source: str, target: str) -> str:
    """Solid where the import is allowed; dashed where the contract forbids it (the test
    fails) or where it points against the pipeline order (allowed, worth a look)."""
    forbidden = source == "base" or any(
        import_graph.part(a) == source and import_graph.part(b) == target
        for a, b in import_graph.FORBIDDEN
        if a != import_graph.DOMAIN
    )
    if forbidden:
        return "-.->|forbidden|"
    order = ["base", *import_graph.PIPELINE]
    if source in order and target in order and order.index(source) < order.index(target):
        return "-.->|against the order|"
    return "-->"


def part_graph() -> str:
    """Who imports whom between the parts, as a Mermaid ``flowchart``."""
    pairs = set(import_graph.part_edges()) | _handler_parts()
    layer = ["base", *import_graph.PIPELINE]
    lines = ["```mermaid", "flowchart BT"]
    lines.append('    subgraph layer ["Lambda layer: customs_ipr"]')
    lines += [f"        {name}" for name in layer]
    lines.append("    end")
    lines.append('    handlers["handlers: functions/*/app.py"]')
    lines.append('    tools["tools: customs_ipr_tools (not in the layer)"]')
    for source, target in sorted(pairs):
        lines.append(f"    {source} {_arrow(source, target)} {target}")
    lines.append("```")
    return "\n".join(lines)


def render(text: str) -> str:
    """``text`` with both pictures redrawn between their markers."""
    blocks = {
        "states": state_diagram(json.loads(ASL.read_text(encoding="utf-8"))),
        "parts": part_graph(),
    }
    for key, (begin, end) in MARKERS.items():
        head, found, rest = text.partition(begin)
        _, found_end, tail = rest.partition(end)
        if not (found and found_end):
            raise SystemExit(f"{DOC.relative_to(ROOT)} lacks the markers {begin} ... {end}")
        text = f"{head}{begin}\n{blocks[key]}\n{end}{tail}"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    current = DOC.read_text(encoding="utf-8")
    drawn = render(current)
    if args.check:
        if drawn != current:
            print(f"{DOC.relative_to(ROOT)} is stale: run make docs", file=sys.stderr)
        return int(drawn != current)
    DOC.write_text(drawn, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

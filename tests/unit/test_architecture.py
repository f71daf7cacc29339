"""The import contract and the size limits, read from the code (``scripts/import_graph.py``).

Every import counts wherever it stands: at module level, inside a function, under
``TYPE_CHECKING``, relative or absolute, or by name through ``importlib``. A failure names
the file and line of each import that breaks the rule.
"""

from __future__ import annotations

import ast

import pytest

from scripts import draw_architecture
from scripts import import_graph as contract
from scripts.import_graph import DOMAIN, TOOLS, Import


def explicit(package: str = DOMAIN) -> list[Import]:
    """The imports as written (the package ``__init__`` edges only repeat them)."""
    return [edge for edge in contract.imports(package) if edge.kind != "init"]


def report(title: str, lines: list[str]) -> str:
    return "\n".join([f"{title} ({len(lines)}):", *(f"  {line}" for line in lines)])


@pytest.mark.parametrize(
    ("importer", "imported"),
    contract.FORBIDDEN,
    ids=[f"{a}-not-{b}" for a, b in contract.FORBIDDEN],
)
def test_forbidden_imports_are_absent(importer: str, imported: str) -> None:
    breaking = [
        edge.describe()
        for edge in explicit()
        if contract.is_within(edge.importer, importer) and contract.is_within(edge.target, imported)
    ]

    assert not breaking, report(f"{importer} must not import {imported}", breaking)


def test_no_import_circle_in_the_domain_package() -> None:
    edges = contract.imports(DOMAIN)

    found = contract.circles(edges)

    assert not found, "\n".join(circle.describe(edges) for circle in found)


def test_base_modules_import_only_base_modules() -> None:
    breaking = [
        f"{edge.describe()} ({contract.part(edge.target)})"
        for edge in explicit()
        if contract.part(edge.importer) == "base" and contract.part(edge.target) != "base"
    ]

    assert not breaking, report("a base module imports above the base layer", breaking)


def test_every_top_level_part_of_the_domain_has_a_layer() -> None:
    known = {"base", *contract.PIPELINE}

    unplaced = sorted(name for name in contract.modules(DOMAIN) if contract.part(name) not in known)

    assert not unplaced, report(
        "no layer: add it to BASE_MODULES or PIPELINE in scripts/import_graph.py", unplaced
    )


def test_no_domain_module_over_the_line_limit() -> None:
    too_long = [
        f"{contract.module_path(name)}: {lines} lines"
        for name, lines in contract.module_lines(DOMAIN).items()
        if lines > contract.MAX_MODULE_LINES
    ]

    assert not too_long, report(f"modules over {contract.MAX_MODULE_LINES} lines", too_long)


@pytest.mark.parametrize("package", [DOMAIN, TOOLS])
def test_no_function_over_the_line_limit(package: str) -> None:
    too_long = [
        f"{contract.module_path(f.module)}:{f.line} {f.name}: {f.lines} lines"
        for f in contract.functions(package)
        if f.lines > contract.MAX_FUNCTION_LINES
    ]

    assert not too_long, report(f"functions over {contract.MAX_FUNCTION_LINES} lines", too_long)


# The reader itself, on code written here (the modules named are the stable base ones).


def read(importer: str, source: str) -> list[tuple[str, str]]:
    reader = contract._Reader(importer)
    reader.visit(ast.parse(source))
    return [(edge.target, edge.kind) for edge in reader.found]


def test_the_reader_sees_relative_imports_inside_functions_and_type_checking() -> None:
    # GIVEN a module of the documents package that imports in every way Python allows
    source = "\n".join(
        [
            "from typing import TYPE_CHECKING",
            "import json",
            "from .. import errors",
            "from ..cases import Case",
            "if TYPE_CHECKING:",
            "    from customs_ipr.config import Settings",
            "def parse():",
            "    from ..money import parse_amount",
            "    import customs_ipr_tools.cli",
            "MODULES = ['customs_ipr.jsonutil']",
        ]
    )

    # WHEN it is read
    found = read("customs_ipr.documents.anything", source)

    # THEN every import of ours is an edge, to the module that runs, of the right kind
    assert found == [
        ("customs_ipr.errors", "module"),
        ("customs_ipr.cases", "module"),
        ("customs_ipr.config", "type"),
        ("customs_ipr.money", "function"),
        ("customs_ipr_tools.cli", "function"),
        ("customs_ipr.jsonutil", "dynamic"),
    ]


def test_a_circle_is_named_with_its_path() -> None:
    # GIVEN a -> b -> c -> a, and c -> d outside the circle
    edges = [
        Import("a", "b", 1, "module"),
        Import("b", "c", 2, "function"),
        Import("c", "a", 3, "module"),
        Import("c", "d", 4, "module"),
    ]

    # WHEN the circles are looked for
    found = contract.circles(edges)

    # THEN the one circle is named from its first module, d is not in it
    assert [(c.members, c.paths) for c in found] == [(("a", "b", "c"), (("a", "b", "c", "a"),))]
    assert "a -> b -> c -> a" in found[0].describe(edges)


def test_the_architecture_pictures_are_current() -> None:
    # GIVEN docs/architecture.md as committed
    current = draw_architecture.DOC.read_text(encoding="utf-8")

    # WHEN its pictures are drawn again from the ASL and the imports
    drawn = draw_architecture.render(current)

    # THEN nothing changes (else: make docs)
    assert drawn == current, "docs/architecture.md is stale: run make docs"


def test_the_state_diagram_draws_every_state_and_edge_kind() -> None:
    # GIVEN a small workflow with a choice, a default, a catch and an end
    asl = {
        "StartAt": "Check",
        "States": {
            "Check": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Work"}],
                "Default": "Stop",
            },
            "Work": {
                "Type": "Task",
                "Next": "Done",
                "Catch": [
                    {"ErrorEquals": ["States.Timeout"], "Next": "Stop"},
                    {"ErrorEquals": ["States.ALL"], "Next": "Record failure"},
                ],
            },
            "Done": {"Type": "Succeed"},
            "Stop": {"Type": "Fail"},
            "Record failure": {"Type": "Fail"},
        },
    }

    # WHEN it is drawn
    drawn = draw_architecture.state_diagram(asl)

    # THEN each state is named once and each edge kind is there, the generic catch said in words
    assert 'state "Check" as s1' in drawn and 'state "Record failure" as s5' in drawn
    assert "[*] --> s1" in drawn
    assert "s1 --> s2 : true" in drawn and "s1 --> s4 : otherwise" in drawn
    assert "s2 --> s3\n" in drawn and "s2 --> s4 : States.Timeout" in drawn
    assert "s2 --> s5" not in drawn
    assert "s3 --> [*]" in drawn and "s4 --> [*]" in drawn
    assert "any other error of the 1 states that catch it goes to `Record failure`." in drawn

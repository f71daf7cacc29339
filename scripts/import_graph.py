"""The import contract's data: who imports whom inside the domain package, read from the code.

Every ``import`` and ``from ... import`` is read from the syntax tree, wherever it stands:
at module level, inside a function, under ``if TYPE_CHECKING:`` (kind ``type``), and
``importlib.import_module("customs_ipr.x")`` or a string naming a module in a list of
modules loaded that way (kind ``dynamic``). Relative imports are resolved against the
importing module's package.

An edge goes to the module that runs: ``from customs_ipr.cases import tasks`` is an edge to
``customs_ipr.cases.tasks`` when that is a module, ``from customs_ipr.cases import Case`` an
edge to the package ``customs_ipr.cases``, i.e. its ``__init__``. Importing a submodule
also runs the ``__init__`` of every package around it: from a module outside that package
this is an edge too (kind ``init``), because a circle through a package's ``__init__`` is a
circle at import time. From inside the package it is not (the ``__init__`` has already
started).

Used by ``tests/unit/test_architecture.py`` (the contract) and
``scripts/draw_architecture.py`` (the package picture in ``docs/architecture.md``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "customs_ipr"
TOOLS = "customs_ipr_tools"
SOURCES = {DOMAIN: ROOT / "layers" / "customs_ipr" / DOMAIN, TOOLS: ROOT / "tools" / TOOLS}

BASE_MODULES = frozenset(
    {"errors", "config", "jsonutil", "money", "aws", "untrusted", "deadlines", "text", "clock"}
)
"""Top-level parts of ``customs_ipr`` that form the base layer (plus every ``calendar*``):
they import nothing of the package but each other."""

PIPELINE = ("documents", "recordations", "screening", "notices", "cases", "ingest", "api")
"""The subpackages in pipeline order: upload → parse → screen → case → notice, then the
entry points (``ingest`` for S3 uploads, ``api`` for HTTP)."""

FORBIDDEN = (
    ("customs_ipr", "customs_ipr_tools"),
    ("customs_ipr.notices", "customs_ipr.cases"),
    ("customs_ipr.recordations", "customs_ipr.screening"),
    ("customs_ipr.documents", "customs_ipr.cases"),
)
"""(importer, imported) prefixes that must never meet: the domain never needs the tools,
notices receive the case's facts as arguments, recordations know nothing of screening,
parsing knows nothing of cases."""

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


@dataclass(frozen=True)
class Import:
    importer: str
    target: str
    line: int
    kind: str  # "module", "function", "type", "dynamic" or "init"

    def describe(self) -> str:
        where = {
            "module": "",
            "function": " (inside a function)",
            "type": " (under TYPE_CHECKING)",
            "dynamic": " (by name, importlib)",
            "init": " (its package __init__)",
        }[self.kind]
        return f"{module_path(self.importer)}:{self.line} imports {self.target}{where}"


@dataclass(frozen=True)
class Function:
    module: str
    name: str
    line: int
    lines: int


def is_within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@cache
def modules(package: str = DOMAIN) -> dict[str, Path]:
    """Every module of ``package``, dotted name → file (a package is its ``__init__.py``)."""
    root = SOURCES[package]
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def module_path(name: str) -> str:
    for package in SOURCES:
        if name in modules(package):
            return modules(package)[name].relative_to(ROOT).as_posix()
    return name


def _is_package(name: str) -> bool:
    return any(name in modules(p) and modules(p)[name].name == "__init__.py" for p in SOURCES)


def _known(name: str) -> bool:
    return any(name in modules(p) for p in SOURCES)


def _resolve_from(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = importer if _is_package(importer) else importer.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _ours(name: str) -> bool:
    return any(is_within(name, package) for package in SOURCES)


def _longest_known(name: str) -> str:
    while name and not _known(name):
        name = name.rpartition(".")[0]
    return name


class _Reader(ast.NodeVisitor):
    def __init__(self, importer: str) -> None:
        self.importer = importer
        self.found: list[Import] = []
        self._functions = 0
        self._type_checking = 0

    def _kind(self) -> str:
        if self._type_checking:
            return "type"
        return "function" if self._functions else "module"

    def _add(self, target: str, line: int, kind: str | None = None) -> None:
        if not _ours(target):
            return
        # `import customs_ipr.cases.model.Case`-like names end at the longest module of ours;
        # a name that matches none (a module since removed) is kept as written.
        resolved = _longest_known(target) or target
        self.found.append(Import(self.importer, resolved, line, kind or self._kind()))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._functions += 1
        self.generic_visit(node)
        self._functions -= 1

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        guarded = (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        )
        self.visit(node.test)
        self._type_checking += guarded
        for child in node.body:
            self.visit(child)
        self._type_checking -= guarded
        for child in node.orelse:
            self.visit(child)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = _resolve_from(self.importer, node)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            self._add(submodule if _known(submodule) else base, node.lineno)

    def visit_Constant(self, node: ast.Constant) -> None:
        # "customs_ipr.api.admin" in a list handed to importlib.import_module
        if isinstance(node.value, str) and _ours(node.value) and _known(node.value):
            self._add(node.value, node.lineno, "dynamic")


def _with_package_inits(found: list[Import]) -> Iterator[Import]:
    for edge in found:
        yield edge
        package = edge.target.rpartition(".")[0]
        while package and package not in SOURCES:
            if not is_within(edge.importer, package) and _known(package):
                yield Import(edge.importer, package, edge.line, "init")
            package = package.rpartition(".")[0]


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imports_in(path: Path, importer: str) -> list[Import]:
    """The imports of ours that the file ``path``, the module ``importer``, makes."""
    reader = _Reader(importer)
    reader.visit(_tree(path))
    return reader.found


@cache
def imports(package: str = DOMAIN) -> tuple[Import, ...]:
    """Every import made by a module of ``package`` of a module of ours, in file order."""
    edges: dict[tuple[str, str, int], Import] = {}
    for name, path in modules(package).items():
        for edge in _with_package_inits(imports_in(path, name)):
            if edge.target != name:
                edges.setdefault((edge.importer, edge.target, edge.line), edge)
    return tuple(edges.values())


def graph(edges: Iterable[Import]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for edge in edges:
        out.setdefault(edge.importer, set()).add(edge.target)
        out.setdefault(edge.target, set())
    return out


def _components(nodes: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(nodes[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(nodes[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(sorted(component))
    return found


def _shortest_cycle(nodes: dict[str, set[str]], inside: set[str], start: str) -> list[str]:
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for child in sorted(nodes[node] & inside):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    return [start, start]


def _rotated(cycle: list[str]) -> tuple[str, ...]:
    ring = cycle[:-1]
    first = ring.index(min(ring))
    return (*ring[first:], *ring[:first], ring[first])


@dataclass(frozen=True)
class Circle:
    """Modules that import each other (a strongly connected group) and, for each of them,
    the shortest circle through it."""

    members: tuple[str, ...]
    paths: tuple[tuple[str, ...], ...]

    def describe(self, edges: Iterable[Import]) -> str:
        inside = set(self.members)
        lines = [f"import circle among {len(self.members)} modules:"]
        lines += ["  " + " -> ".join(path) for path in self.paths]
        lines.append("  the imports that close it:")
        lines += [
            "    " + edge.describe()
            for edge in edges
            if edge.importer in inside and edge.target in inside
        ]
        return "\n".join(lines)


def circles(edges: Iterable[Import]) -> list[Circle]:
    """Every group of modules that import each other, empty when the graph is acyclic."""
    nodes = graph(edges)
    found: list[Circle] = []
    for members in _components(nodes):
        if len(members) == 1 and members[0] not in nodes[members[0]]:
            continue
        inside = set(members)
        paths = {_rotated(_shortest_cycle(nodes, inside, start)) for start in members}
        found.append(Circle(tuple(members), tuple(sorted(paths, key=lambda p: (len(p), p)))))
    return found


def part(name: str) -> str:
    """The part of the domain a module belongs to: ``base``, a pipeline subpackage, or the
    top-level name itself when it has no layer yet."""
    if not is_within(name, DOMAIN):
        return "tools" if is_within(name, TOOLS) else name
    top = name.split(".")[1] if "." in name else ""
    if top in PIPELINE:
        return top
    if top in BASE_MODULES or top.startswith("calendar") or top == "":
        return "base"
    return top


def functions(package: str = DOMAIN) -> list[Function]:
    found: list[Function] = []
    for name, path in modules(package).items():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                found.append(Function(name, node.name, node.lineno, length))
    return found


def module_lines(package: str = DOMAIN) -> dict[str, int]:
    return {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in modules(package).items()
    }


def part_edges() -> dict[tuple[str, str], int]:
    """How many module imports go from one part to another (domain and tools)."""
    counts: dict[tuple[str, str], int] = {}
    for package in SOURCES:
        for edge in imports(package):
            if edge.kind == "init":
                continue
            pair = (part(edge.importer), part(edge.target))
            if pair[0] != pair[1]:
                counts[pair] = counts.get(pair, 0) + 1
    return dict(sorted(counts.items()))

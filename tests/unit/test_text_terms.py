"""The term index keys in ``customs_ipr.text``: stable, and shared without an import circle."""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

from customs_ipr.recordations.models import Recordation
from customs_ipr.text.terms import TermEntry, index_entries

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "layers" / "customs_ipr" / "customs_ipr"
SAMPLES = ROOT / "samples" / "recordations.json"


def _samples() -> list[Recordation]:
    return [Recordation.model_validate(r) for r in json.loads(SAMPLES.read_text("utf-8"))]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_sample_index_is_byte_for_byte_what_deployed_tables_hold():
    # GIVEN the sample recordations, WHEN indexed, THEN every key and entry is unchanged:
    # a table filled before would otherwise need a re-import
    lines = [
        f"{key}\t{entry}"
        for recordation in _samples()
        for key, entries in sorted(index_entries(recordation).items())
        for entry in sorted(entries)
    ]
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    assert len(lines) == 950
    assert digest == "75ec8e4ffb7a8b0ae1b46e83aa7d6466a536e2cfe82ca2871d80cfe9daef059e"


def test_a_latin_and_a_chinese_mark_are_keyed_by_skeleton_bigram_and_pinyin():
    nike = next(r for r in _samples() if r.recordation_no == "T2019-12345")
    entries = index_entries(nike)
    assert {"l:nlke", "l:nke", "l:lke", "l:nle", "l:nlk", "l:nalke"} <= set(entries)
    assert {"c:耐克", "c:付克", "y:naike", "y:nengke"} <= set(entries)
    assert len(entries) == 33
    (raw,) = entries["c:耐克"]
    entry = TermEntry.decode(raw)
    assert (entry.recordation_no, entry.term, entry.status) == ("T2019-12345", "耐克", "active")
    assert entry.encode() == raw


def test_recordations_never_import_screening_and_text_imports_no_other_part():
    for path in sorted((PACKAGE / "recordations").glob("*.py")):
        assert not any(m.startswith("customs_ipr.screening") for m in _imports(path)), path
    for path in sorted((PACKAGE / "text").glob("*.py")):
        ours = {m for m in _imports(path) if m.startswith("customs_ipr")}
        assert all(m.startswith("customs_ipr.text") for m in ours), path

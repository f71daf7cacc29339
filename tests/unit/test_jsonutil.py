"""Reading a JSON file a user named: one clear sentence for every way it can go wrong."""

from __future__ import annotations

import subprocess
import sys

import pytest

from customs_ipr.errors import InvalidInput
from customs_ipr.jsonutil import read_json_file, read_json_object


def test_a_json_file_is_read(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"名称": "耐克"}', encoding="utf-8")
    assert read_json_object(path) == {"名称": "耐克"}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "does not exist"),
        (b"{not json", "is not readable UTF-8 JSON"),
        ("{}".encode("utf-16"), "is not readable UTF-8 JSON"),
    ],
)
def test_unreadable_files_are_named(tmp_path, content, fragment):
    path = tmp_path / "b.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InvalidInput) as raised:
        read_json_file(path, what="request file")
    assert raised.value.message.startswith(f"The request file {path} ")
    assert fragment in raised.value.message


def test_an_object_is_required_where_one_is_expected(tmp_path):
    path = tmp_path / "c.json"
    path.write_text("[1, 2]")
    assert read_json_file(path) == [1, 2]
    with pytest.raises(InvalidInput, match="must hold a JSON object"):
        read_json_object(path)


def test_the_cli_reports_a_missing_application_file_in_one_line(tmp_path):
    missing = tmp_path / "nope.json"
    result = subprocess.run(
        [sys.executable, "-m", "customs_ipr_tools.cli", "recordations", "apply", str(missing)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"customs-ipr: invalid_input: The application file {missing} does not exist."
    )

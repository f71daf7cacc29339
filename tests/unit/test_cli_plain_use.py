"""The command line as a new user meets it: exact option names, real dates, plain help."""

from __future__ import annotations

import argparse

import pytest

from customs_ipr_tools.cli import build_parser, main
from customs_ipr_tools.cli.local import _prepare_state_dir


def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _all_parsers(sub)
    return found


def test_an_abbreviated_option_is_refused_not_guessed(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["deadline", "--serve", "2026-09-30", "--working-days", "3"])

    assert stopped.value.code == 2
    assert "--served" in capsys.readouterr().err  # it is still required: --serve did not count


def test_every_parser_refuses_abbreviations():
    parsers = _all_parsers(build_parser())

    assert len(parsers) > 20
    assert all(parser.allow_abbrev is False for parser in parsers)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2029-02-30", "not a real date"), ("30/02/2029", "not a date in the form YYYY-MM-DD")],
)
def test_an_impossible_date_is_not_a_format_error(capsys, text, expected):
    with pytest.raises(SystemExit):
        main(["deadline", "--served", text, "--working-days", "3"])

    assert expected in capsys.readouterr().err


def test_help_texts_carry_no_markup_or_internal_notes():
    for parser in _all_parsers(build_parser()):
        text = parser.format_help()
        assert "``" not in text, parser.prog
        assert "seed 0" not in text, parser.prog
        assert ":func:" not in text and ":class:" not in text, parser.prog


def test_local_up_clean_empties_the_old_mailbox(tmp_path, capsys):
    mailbox = tmp_path / "mailbox" / "2026"
    mailbox.mkdir(parents=True)
    (mailbox / "old.eml").write_text("x")
    (tmp_path / "env.sh").write_text("export X=1")

    _prepare_state_dir(tmp_path, clean=False)
    assert "holds 1 e-mail(s) from an earlier run" in capsys.readouterr().err
    assert (mailbox / "old.eml").exists()

    _prepare_state_dir(tmp_path, clean=True)
    assert not (tmp_path / "mailbox").exists()
    assert not (tmp_path / "env.sh").exists()

"""The ``customs-ipr`` command line.

Every command prints JSON on stdout and exits 0; bad input exits 2 with one line
on stderr (``customs-ipr: CODE: message``), never a stack trace. Each command group
lives in its own module in this folder and exposes ``register(subparsers)``; the
modules are listed in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from customs_ipr.errors import CustomsIprError

COMMAND_MODULES = [
    "customs_ipr_tools.cli.rules",
    "customs_ipr_tools.cli.notice",
    "customs_ipr_tools.cli.parse",
    "customs_ipr_tools.cli.local",
    "customs_ipr_tools.cli.recordations",
    "customs_ipr_tools.cli.screen",
    "customs_ipr_tools.cli.lifecycle",
    "customs_ipr_tools.cli.case",
    "customs_ipr_tools.cli.uploads",
    "customs_ipr_tools.cli.sample",
    "customs_ipr_tools.cli.dlq",
    "customs_ipr_tools.cli.calendar",
    "customs_ipr_tools.cli.clock",
]

Handler = Callable[[argparse.Namespace], Any]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the product's one-line format.

    Options are never abbreviated (``--serve`` is not taken for ``--served``), and
    descriptions taken from docstrings are shown without their reStructuredText markup.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        for key in ("description", "epilog"):
            if kwargs.get(key):
                kwargs[key] = plain_text(kwargs[key])
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        _fail("usage", f"{message} (see '{self.prog} --help')")


def plain_text(text: str) -> str:
    """Docstring text for a terminal: ``code`` and :role:`name` become plain words."""
    import re

    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"\1", text)
    return text.replace("``", "")


def _fail(code: str, message: str) -> None:
    print(f"customs-ipr: {code}: {message}", file=sys.stderr)
    raise SystemExit(2)


def print_json(value: Any) -> None:
    """Print a result the way every command does: indented UTF-8 JSON."""
    from customs_ipr.jsonutil import dumps

    print(dumps(value))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="customs-ipr", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


AWS_HINT = (
    "start the local stack (customs-ipr local up, then source .customs-ipr-local/env.sh) "
    "or configure AWS credentials, region and the stack's table names"
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        result = handler(args)
        if result is not None:
            print_json(result)
    except CustomsIprError as error:
        _fail(error.code, error.message)
    except KeyboardInterrupt:
        _fail("interrupted", "stopped by the user")
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as the Python docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as error:
        if type(error).__module__.startswith(("botocore", "boto3")):
            _fail("aws_unavailable", f"{error} - {AWS_HINT}.")
        raise
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

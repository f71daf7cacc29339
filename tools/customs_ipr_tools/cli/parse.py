"""``customs-ipr parse FILE.pdf``: print a declaration or a holder's reply as JSON."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from customs_ipr.errors import InvalidInput


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="parse a declaration PDF or a rights holder's written reply and print it as JSON",
        description=(
            "Reads a China Customs goods declaration (import or export) or a rights "
            "holder's written reply; the kind is detected from the content."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FILE.pdf", help="the PDF to read")
    parser.set_defaults(handler=_parse)


def _parse(args: argparse.Namespace) -> Any:
    from customs_ipr.documents.parsing import parse_document

    path: Path = args.file
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a file.") from None
    except OSError as error:
        raise InvalidInput(f"{path} cannot be read ({error.strerror}).") from None
    return parse_document(data, filename=path.name)

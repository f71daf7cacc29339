"""``customs-ipr screen FILE --recordations RECS.json``: screen a declaration's goods.

FILE is a declaration PDF (parsed with ``customs_ipr.documents.parsing.parse_document``) or the
declaration's JSON as ``customs-ipr parse`` prints it. Without ``--recordations`` the
recordations table is used.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any


def _declaration(path: Path) -> Any:
    from pydantic import ValidationError

    from customs_ipr.documents.models import Declaration
    from customs_ipr.errors import InvalidInput

    if not path.is_file():
        raise InvalidInput(f"No such file: {path}.")
    data = path.read_bytes()
    if path.suffix.lower() == ".json":
        try:
            return Declaration.model_validate_json(data)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise InvalidInput(f"{path} is not a declaration: {where}: {first['msg']}.") from error
    from customs_ipr.documents.parsing import parse_document

    document = parse_document(data, filename=path.name)
    if not isinstance(document, Declaration):
        raise InvalidInput(f"{path} is not a goods declaration.")
    return document


def screen_command(args: argparse.Namespace) -> Any:
    from customs_ipr.errors import InvalidInput
    from customs_ipr.recordations.store import InMemoryRecordationStore, default_store
    from customs_ipr.screening.matching import screen_declaration

    declaration = _declaration(Path(args.file))
    store = (
        InMemoryRecordationStore.from_file(args.recordations)
        if args.recordations
        else default_store()
    )
    on = None
    if args.date:
        from customs_ipr_tools.cli.dates import date_problem

        problem = date_problem(args.date)
        if problem:
            raise InvalidInput(f"--date: {problem}.")
        on = date.fromisoformat(args.date.strip())
    return screen_declaration(declaration, store, on=on).summary()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "screen", help="screen a declaration's goods against recorded IP"
    )
    parser.add_argument("file", help="declaration PDF, or its JSON")
    parser.add_argument("--recordations", metavar="RECS.json", help="recordations file")
    parser.add_argument("--date", help="screen as on this date (default: the declaration date)")
    parser.set_defaults(handler=screen_command)

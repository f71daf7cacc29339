"""``customs-ipr recordations import FILE`` and ``customs-ipr recordations search TEXT``.

Other modules add subcommands to the same group through ``recordations_subparsers``.
"""

from __future__ import annotations

import argparse
from typing import Any

_GROUP_ATTR = "_customs_ipr_recordations_subparsers"


def recordations_subparsers(subparsers: Any) -> Any:
    """The ``recordations`` group's own subparsers, created on first call (idempotent)."""
    parser = subparsers.choices.get("recordations")
    if parser is None:
        parser = subparsers.add_parser(
            "recordations", help="recordations: import, public search, and their lifecycle"
        )
        group = parser.add_subparsers(
            dest="recordations_command", required=True, parser_class=type(parser)
        )
        setattr(parser, _GROUP_ATTR, group)
    return getattr(parser, _GROUP_ATTR)


def _store(path: str | None) -> Any:
    from customs_ipr.recordations.store import InMemoryRecordationStore, default_store

    return InMemoryRecordationStore.from_file(path) if path else default_store()


def import_command(args: argparse.Namespace) -> Any:
    from customs_ipr.recordations.importer import import_file

    return import_file(args.file)


def search_command(args: argparse.Namespace) -> Any:
    from customs_ipr.recordations.search import search_recordations

    results = search_recordations(args.text, _store(args.recordations), limit=args.limit)
    return {"query": args.text, "count": len(results), "results": results}


def _date(text: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def guarantee_called_command(args: argparse.Namespace) -> Any:
    from customs_ipr.recordations.general_guarantee import call_general_guarantee
    from customs_ipr.recordations.store import default_store

    return call_general_guarantee(default_store(), args.recordation_no, args.on)


def register(subparsers: Any) -> None:
    group = recordations_subparsers(subparsers)
    importer = group.add_parser(
        "import",
        help="import a JSON array or JSON Lines file of recordations into the table",
    )
    importer.add_argument("file", help="recordations in the exchange format")
    importer.set_defaults(handler=import_command)
    search = group.add_parser(
        "search", help="the public look-up: by mark text, holder or recordation number"
    )
    search.add_argument("text")
    search.add_argument(
        "--recordations", metavar="RECS.json", help="search this file instead of the table"
    )
    search.add_argument("--limit", type=int, default=50)
    search.set_defaults(handler=search_command)
    called = group.add_parser(
        "guarantee-called",
        help="GAC called the holder's general guarantee (Art. 24): per-case guarantees from then",
    )
    called.add_argument("recordation_no")
    called.add_argument(
        "--on", required=True, type=_date, help="date of GAC's notice of performance"
    )
    called.set_defaults(handler=guarantee_called_command)

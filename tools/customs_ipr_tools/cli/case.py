"""``customs-ipr case``: list and show cases, give officers' inputs, open cases by hand.

Examples::

    customs-ipr case list
    customs-ipr case show EXO-223320260000123456-T2019-12345
    customs-ipr case input EXO-... investigation_result --set result=undetermined
    customs-ipr case input EXO-... penalty_decision --set fine_rmb=5000 --set criminal_referral=true
    customs-ipr case input EXO-... holder_reply --data reply.json --received-on 2026-03-05
    customs-ipr case start-application --data application.json
    customs-ipr case contact --name 上海某贸易有限公司 --code 91310000MA1FL12345 --email a@b.cn
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from customs_ipr.errors import InvalidInput
from customs_ipr.jsonutil import read_json_object
from customs_ipr_tools.cli.case_inputs import KindHelp, kinds_epilog
from customs_ipr_tools.cli.simulate import register as register_simulate


def _date(text: str) -> date:
    from customs_ipr_tools.cli.dates import parse_date

    return parse_date(text)


def register(subparsers: Any) -> None:
    case = subparsers.add_parser("case", help="cases: list, show, officers' inputs, open by hand")
    commands = case.add_subparsers(dest="case_command", required=True)

    listing = commands.add_parser("list", help="the latest cases, newest first")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="a case with its history, deadlines and notices")
    show.add_argument("case_id")
    show.add_argument("--json", action="store_true", help="print the full record as JSON")
    show.add_argument(
        "--timeline",
        type=Path,
        metavar="FILE",
        help="also draw the case's timeline into FILE (.svg, .png or .pdf; needs matplotlib)",
    )
    show.set_defaults(handler=_show)

    notices = commands.add_parser("notices", help="download a case's notice PDFs")
    notices.add_argument("case_id")
    notices.add_argument("--out", type=Path, required=True, metavar="DIR", help="target folder")
    notices.set_defaults(handler=_notices)

    _register_input(commands)
    _register_starts(commands)
    register_simulate(commands)


def _register_input(commands: Any) -> None:
    given = commands.add_parser(
        "input",
        help="an officer's input that resumes a waiting case",
        epilog=kinds_epilog(),
        add_help=False,
    )
    given.add_argument("-h", "--help", action=KindHelp)
    given.add_argument("case_id")
    given.add_argument("kind", help="what the input is (see the kinds below)")
    given.add_argument("--data", type=Path, help="a JSON file with the input's fields")
    given.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a field (repeatable); true/false and JSON values are understood",
    )
    given.add_argument("--received-on", type=_date, help="date the input was received")
    given.add_argument(
        "--attach",
        type=Path,
        metavar="FILE",
        help="settlement: the signed agreement (uploaded, recorded with its SHA-256)",
    )
    given.set_defaults(handler=_input)


def _register_starts(commands: Any) -> None:
    for name, help_text in (
        ("start-application", "the holder applies for detention (upon application)"),
        ("start-personal", "personal items or mail beyond a reasonable quantity (Art. 31)"),
        ("start-unidentified", "goods whose parties cannot be identified (Art. 32)"),
    ):
        start = commands.add_parser(name, help=help_text)
        start.add_argument(
            "--data",
            type=Path,
            required=True,
            help="JSON: see customs_ipr.cases.api_models / events/ samples",
        )
        start.set_defaults(handler=_start, path=name)

    contact = commands.add_parser("contact", help="record a trader's e-mail for notices")
    contact.add_argument("--name", required=True)
    contact.add_argument("--code")
    contact.add_argument("--email", required=True)
    contact.set_defaults(handler=_contact)


def _list(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.store import CaseStore

    if not args.json:
        from customs_ipr_tools.cli.case_view import list_text

        print(list_text(CaseStore().list(limit=args.limit)))
        return None
    return [
        {
            "case_id": c.case_id,
            "path": c.path,
            "status": c.status,
            "created_at": c.created_at,
            "declaration": c.declaration_ref,
            "legal_date": c.legal_date,
            "waiting_for": c.wait.kind if c.wait else None,
            "due": c.wait.due if c.wait else None,
        }
        for c in CaseStore().list(limit=args.limit)
    ]


def _show(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.api_models import public_view
    from customs_ipr.cases.store import CaseStore

    view = CaseStore().view(args.case_id)
    drawn = None
    if args.timeline is not None:
        from customs_ipr_tools.cli.case_timeline import draw_timeline

        drawn = draw_timeline(view, args.timeline)
    if args.json:
        return public_view(view) | ({"timeline": drawn} if drawn else {})
    from customs_ipr_tools.cli.case_view import show_text

    print(show_text(view))
    if drawn:
        print(f"\ntimeline written to {drawn['timeline']}")
    return None


def _notices(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.store import CaseStore
    from customs_ipr_tools.cli.case_view import download_notices

    return download_notices(CaseStore().view(args.case_id), args.out)


def _load(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    return read_json_object(path, what="data file")


def _input(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.submission import submit_input

    data = _load(args.data)
    for item in args.set:
        field, sep, raw = item.partition("=")
        if not sep or not field:
            raise InvalidInput(f"--set {item!r} must look like FIELD=VALUE.")
        try:
            data[field] = json.loads(raw)
        except json.JSONDecodeError:
            data[field] = raw
    if args.attach is not None:
        from customs_ipr.cases.rules.settlement import attach_file

        data["agreement_key"] = attach_file(args.case_id, args.attach)
    return submit_input(args.case_id, args.kind, data, received_on=args.received_on)


def _start(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.api_models import start_from_dict

    return start_from_dict(args.path.removeprefix("start-"), _load(args.data))


def _contact(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.contacts import register_contact

    return register_contact(args.name, args.email, args.code)

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


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def register(subparsers: Any) -> None:
    case = subparsers.add_parser("case", help="cases: list, show, officers' inputs, open by hand")
    commands = case.add_subparsers(dest="case_command", required=True)

    listing = commands.add_parser("list", help="the latest cases, newest first")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="a case with its history, deadlines and notices")
    show.add_argument("case_id")
    show.set_defaults(handler=_show)

    given = commands.add_parser("input", help="an officer's input that resumes a waiting case")
    given.add_argument("case_id")
    given.add_argument(
        "kind",
        help="e.g. investigation_result, settlement, penalty_decision, "
        "court_notice, counter_guarantee, renunciation, explanation, "
        "ip_status_declaration, party_identified, holder_reply, notice_served",
    )
    given.add_argument("--data", type=Path, help="a JSON file with the input's fields")
    given.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a field (repeatable); true/false and JSON values are understood",
    )
    given.add_argument("--received-on", type=_date, help="date the input was received")
    given.set_defaults(handler=_input)

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

    from customs_ipr.cli.simulate import register as register_simulate

    register_simulate(commands)


def _list(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.store import CaseStore

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

    return public_view(CaseStore().view(args.case_id))


def _load(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    return read_json_object(path, what="data file")


def _input(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.workflow import submit_input

    data = _load(args.data)
    for item in args.set:
        field, sep, raw = item.partition("=")
        if not sep or not field:
            raise InvalidInput(f"--set {item!r} must look like FIELD=VALUE.")
        try:
            data[field] = json.loads(raw)
        except json.JSONDecodeError:
            data[field] = raw
    return submit_input(args.case_id, args.kind, data, received_on=args.received_on)


def _start(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.api_models import start_from_dict

    return start_from_dict(args.path.removeprefix("start-"), _load(args.data))


def _contact(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.contacts import register_contact

    return register_contact(args.name, args.email, args.code)

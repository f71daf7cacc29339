"""The recordation lifecycle on the command line.

``customs-ipr recordations apply FILE`` · ``decide NO --approve|--reject --reason …`` ·
``renew NO`` · ``change NO FILE`` · ``application NO`` · ``schedules``; and
``customs-ipr preconfirm request FILE | confirm ID | withdraw ID | list NO``.
Dates default to today in China; ``--on`` sets them (back-office entry of paper filings).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from customs_ipr.jsonutil import read_json_file


def _day(text: str) -> date:
    from customs_ipr_tools.cli.dates import parse_date

    return parse_date(text)


def _lifecycle() -> Any:
    from customs_ipr.recordations.lifecycle.service import default_lifecycle

    return default_lifecycle()


def _json_file(path: str) -> Any:
    return read_json_file(path)


def apply_command(args: argparse.Namespace) -> Any:
    return _lifecycle().receive_application_file(args.file, received_on=args.on)


def application_command(args: argparse.Namespace) -> Any:
    life = _lifecycle()
    if args.number:
        return life.get_application(args.number)
    return {"open": life.open_applications()}


def decide_command(args: argparse.Namespace) -> Any:
    decision = _lifecycle().decide(
        args.number, approve=args.approve, reasons=args.reason, decided_on=args.on
    )
    return {"application": decision.application, "recordation": decision.recordation}


def renew_command(args: argparse.Namespace) -> Any:
    renewal = _lifecycle().renew(args.number, applied_on=args.on, ip_expires_on=args.ip_expires_on)
    return {"recordation_no": args.number.upper(), "renewal": renewal}


def change_command(args: argparse.Namespace) -> Any:
    return _lifecycle().file_change(args.number, _json_file(args.file), filed_on=args.on)


def schedules_command(args: argparse.Namespace) -> Any:
    return _lifecycle().run_schedules(args.on)


def _pre() -> Any:
    from customs_ipr.recordations.preconfirm import Preconfirmations

    return Preconfirmations(_lifecycle())


def pre_request_command(args: argparse.Namespace) -> Any:
    return _pre().request_file(args.file, requested_on=args.on)


def pre_confirm_command(args: argparse.Namespace) -> Any:
    return _pre().confirm(args.request_id, on=args.on)


def pre_withdraw_command(args: argparse.Namespace) -> Any:
    return _pre().withdraw(args.request_id, on=args.on, reason=args.reason)


def pre_list_command(args: argparse.Namespace) -> Any:
    requests = _pre().list(args.recordation_no)
    return {"recordation_no": args.recordation_no.upper(), "requests": requests}


def _on(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--on", type=_day, metavar="YYYY-MM-DD", help=f"{what} (default today)")


def register(subparsers: Any) -> None:
    from customs_ipr_tools.cli.recordations import recordations_subparsers

    group = recordations_subparsers(subparsers)
    _register_applications(group)
    _register_changes(group)
    _register_preconfirm(subparsers)


def _register_applications(group: Any) -> None:
    apply = group.add_parser(
        "apply", help="file a recordation application (JSON; its PDFs in the same folder)"
    )
    apply.add_argument("file")
    _on(apply, "the day it was received")
    apply.set_defaults(handler=apply_command)

    show = group.add_parser("application", help="show an application, or list the open ones")
    show.add_argument("number", nargs="?")
    show.set_defaults(handler=application_command)

    decide = group.add_parser("decide", help="approve or reject a complete application")
    decide.add_argument("number", help="application number, e.g. A2026-000001")
    choice = decide.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", action="store_true", dest="approve")
    choice.add_argument("--reject", action="store_false", dest="approve")
    decide.add_argument("--reason", action="append", default=[], help="repeat for each reason")
    _on(decide, "the decision date")
    decide.set_defaults(handler=decide_command)


def _register_changes(group: Any) -> None:
    renew = group.add_parser("renew", help="renew a recordation in the 6 months before it lapses")
    renew.add_argument("number")
    renew.add_argument(
        "--ip-expires-on",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the right's own (new) expiry, if not on file",
    )
    _on(renew, "the day of the renewal application")
    renew.set_defaults(handler=renew_command)

    change = group.add_parser("change", help="file a change (JSON: changed_on, set, licensees)")
    change.add_argument("number")
    change.add_argument("file")
    _on(change, "the filing date")
    change.set_defaults(handler=change_command)

    schedules = group.add_parser(
        "schedules", help="run the daily schedule: renewals, lapses, reminders, decision alerts"
    )
    _on(schedules, "the day to run for")
    schedules.set_defaults(handler=schedules_command)


def _register_preconfirm(subparsers: Any) -> None:
    pre = subparsers.add_parser(
        "preconfirm", help="pre-confirmation of rights: traders cleared in advance by the holder"
    )
    pre_group = pre.add_subparsers(dest="preconfirm_command", required=True, parser_class=type(pre))
    request = pre_group.add_parser("request", help="a trader's request (JSON; PDFs beside it)")
    request.add_argument("file")
    _on(request, "the day of the request")
    request.set_defaults(handler=pre_request_command)
    confirm = pre_group.add_parser("confirm", help="the holder confirms a request")
    confirm.add_argument("request_id")
    _on(confirm, "the day of confirmation")
    confirm.set_defaults(handler=pre_confirm_command)
    withdraw = pre_group.add_parser("withdraw", help="withdraw a confirmation / refuse a request")
    withdraw.add_argument("request_id")
    withdraw.add_argument("--reason")
    _on(withdraw, "the day of withdrawal")
    withdraw.set_defaults(handler=pre_withdraw_command)
    listing = pre_group.add_parser("list", help="the requests on a recordation")
    listing.add_argument("recordation_no")
    listing.set_defaults(handler=pre_list_command)

"""``customs-ipr clock``: the local stack's virtual legal clock.

Examples (in a shell that sourced ``.customs-ipr-local/env.sh``)::

    customs-ipr clock show                       # now, today in Beijing, the armed timers
    customs-ipr clock advance --working-days 3   # to 09:00 on the 3rd working day from today
    customs-ipr clock advance --to 2026-09-22    # to 09:00 Beijing on that date

Advancing fires, in order, every deadline timer that falls due on the way (a holder's 3
working days end at 24:00 on their due date), waiting for the stack to finish what each
one starts. The clock never goes back. A stack on the real clock (``LEGAL_CLOCK=system``,
production) refuses these commands.
"""

from __future__ import annotations

import argparse
from typing import Any

from customs_ipr.errors import InvalidInput


def register(subparsers: Any) -> None:
    from customs_ipr_tools.cli.case import _date

    clock = subparsers.add_parser("clock", help="the local stack's virtual legal clock")
    commands = clock.add_subparsers(dest="clock_command", required=True)
    show = commands.add_parser("show", help="the virtual clock and the armed deadline timers")
    show.set_defaults(handler=_show)
    advance = commands.add_parser("advance", help="move the virtual clock forward")
    target = advance.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", type=_date, help="to 09:00 Beijing time on this date")
    target.add_argument("--working-days", type=int, help="by N PRC working days")
    advance.set_defaults(handler=_advance)


def _time() -> Any:
    from customs_ipr.cases.clock import is_virtual
    from customs_ipr_tools.local.virtual_time import VirtualTime

    if not is_virtual():
        raise InvalidInput(
            "This stack counts legal time on the real clock (LEGAL_CLOCK is not 'virtual'): "
            "source the local stack's env.sh first."
        )
    return VirtualTime()


def _show(args: argparse.Namespace) -> Any:
    return _time().show()


def _advance(args: argparse.Namespace) -> Any:
    time_ = _time()
    before = time_.now().isoformat()
    if args.to is not None:
        fired = time_.advance_to_date(args.to)
    else:
        fired = time_.advance_working_days(args.working_days)
    return {"from": before, **time_.show(), "fired": fired}

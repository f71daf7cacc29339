"""``customs-ipr deadline`` and ``customs-ipr guarantee``: the legal rules, as a user asks them."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from customs_ipr import deadlines, money
from customs_ipr.errors import InvalidInput


def _date(text: str) -> date:
    from customs_ipr_tools.cli.dates import parse_date

    return parse_date(text)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def register(subparsers: Any) -> None:
    deadline = subparsers.add_parser(
        "deadline",
        help="compute a legal deadline on the PRC working-day calendar",
        description="Counting starts the day after service (Art. 41).",
    )
    deadline.add_argument(
        "--served",
        type=_date,
        required=True,
        help="date the notice was served / the period starts, YYYY-MM-DD",
    )
    period = deadline.add_mutually_exclusive_group(required=True)
    period.add_argument("--working-days", type=_positive_int, metavar="N")
    period.add_argument("--months", type=_positive_int, metavar="N")
    period.add_argument(
        "--rule", choices=sorted(deadlines.RULES), help="a named legal rule (gives its basis)"
    )
    deadline.set_defaults(handler=_deadline)

    guarantee = subparsers.add_parser(
        "guarantee", help="the guarantee a holder must post (Art. 23 / 24)"
    )
    guarantee.add_argument("--value", help="value of the goods")
    guarantee.add_argument("--currency", default="CNY", help="currency of --value (default CNY)")
    guarantee.add_argument("--rate", help="RMB per unit of --currency (else the rate table)")
    guarantee.add_argument(
        "--on", type=_date, default=None, help="date whose monthly rate applies (default today)"
    )
    guarantee.add_argument(
        "--on-application",
        action="store_true",
        help="detention upon the holder's application: equal to the value",
    )
    guarantee.add_argument(
        "--general", action="store_true", help="general guarantee (Art. 24, trademarks only)"
    )
    guarantee.add_argument("--last-year-costs", help="with --general: last year's costs in RMB")
    guarantee.set_defaults(handler=_guarantee)


def _deadline(args: argparse.Namespace) -> dict[str, Any]:
    if args.rule:
        result = deadlines.compute(args.rule, args.served)
    elif args.working_days:
        result = deadlines.due_in_working_days(args.served, args.working_days)
    else:
        result = deadlines.due_in_months(args.served, args.months)
    answer = {"due": result.due, "served": result.start, "unit": result.unit}
    answer[str(result.unit)] = result.count
    answer.update(rule=result.rule, basis=result.basis, calendar_source=result.calendar_source)
    return answer


def _guarantee(args: argparse.Namespace) -> dict[str, Any]:
    if args.general:
        if args.last_year_costs is None:
            raise InvalidInput("--general needs --last-year-costs (RMB).")
        result = money.general_guarantee_amount(
            money.parse_amount(args.last_year_costs, what="last year's costs")
        )
        return {
            "amount": result.amount,
            "last_year_costs": result.value_rmb,
            "rule": result.rule,
            "basis": result.basis,
            "currency": "CNY",
        }
    if args.value is None:
        raise InvalidInput("--value is required (or --general --last-year-costs).")
    value = money.parse_amount(args.value, what="value")
    currency = args.currency.upper()
    if args.rate is not None:
        rate = money.parse_amount(args.rate, what="rate")
        if rate == 0:
            raise InvalidInput("The exchange rate must be greater than zero.")
        rate_source = "given"
    else:
        rates = money.default_rates()
        rate = rates.rate(currency, args.on or date.today())
        rate_source = "CNY" if currency in ("CNY", "RMB") else rates.source
    value_rmb = money.cents(value * rate)
    compute = money.on_application_guarantee if args.on_application else money.ex_officio_guarantee
    result = compute(value_rmb)
    return {
        "amount": result.amount,
        "value_rmb": result.value_rmb,
        "value": value,
        "currency": currency,
        "rate": rate,
        "rate_source": rate_source,
        "rule": result.rule,
        "basis": result.basis,
    }

"""``customs-ipr case simulate SCENARIO.json``: rehearse a case on the virtual clock; and
``customs-ipr case recompute-deadline CASE_ID`` (a calendar year added or corrected).

Runs the real state machine and case tasks on an in-process moto stack and prints one
JSON document (see ``customs_ipr_tools.local.simulate`` and README "Time"). A bad scenario
exits 2 with one line naming the problem.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    """Add ``simulate`` to the ``case`` command's subcommands."""
    simulate = commands.add_parser(
        "simulate", help="rehearse a scenario on the virtual clock (no AWS account needed)"
    )
    simulate.add_argument("scenario", type=Path, help="scenario JSON (see samples/scenarios/)")
    simulate.set_defaults(handler=_simulate)
    recompute = commands.add_parser(
        "recompute-deadline",
        help="recount the current wait's deadline on today's calendar and move its timer",
    )
    recompute.add_argument("case_id")
    recompute.set_defaults(handler=_recompute)


def _recompute(args: argparse.Namespace) -> Any:
    from customs_ipr.cases.service import recompute_deadline

    return recompute_deadline(args.case_id)


def _simulate(args: argparse.Namespace) -> Any:
    import warnings

    from customs_ipr_tools.local.simulate import load_scenario, simulate

    scenario = load_scenario(args.scenario)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Powertools: "no metrics to publish"
        return simulate(scenario)

"""``customs-ipr dlq redrive``: return dead-lettered uploads to be processed again."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    dlq = subparsers.add_parser("dlq", help="the uploads dead-letter queue")
    dlq_sub = dlq.add_subparsers(dest="dlq_command", required=True)
    redrive = dlq_sub.add_parser(
        "redrive",
        help="move dead-lettered uploads back to the uploads queue "
        "(StartMessageMoveTask; receive/send when it is unavailable, as on moto)",
    )
    redrive.add_argument("--queue-url", help="the dead-letter queue (default: this stack's)")
    redrive.set_defaults(handler=redrive_command)


def redrive_command(args: argparse.Namespace) -> dict[str, Any]:
    from customs_ipr.ingest.redrive import redrive

    return redrive(args.queue_url)

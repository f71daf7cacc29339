"""Correlation keys on the service logger, tolerated when no handler logger exists (CLI)."""

from __future__ import annotations

import contextlib

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.exceptions import OrphanedChildLoggerError

logger = Logger(child=True)


def tag(**keys: str) -> None:
    """Add keys (upload key, case id, correlation id) to every following log line."""
    try:
        if "correlation_id" in keys:
            logger.set_correlation_id(keys.pop("correlation_id"))
        logger.append_keys(**keys)
    except OrphanedChildLoggerError:
        pass


def untag(*names: str) -> None:
    with contextlib.suppress(OrphanedChildLoggerError):
        logger.remove_keys(list(names))

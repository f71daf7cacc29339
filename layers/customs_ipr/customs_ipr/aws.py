"""boto3 clients, created lazily and reused across warm Lambda invocations.

Endpoints follow boto3's own ``AWS_ENDPOINT_URL`` setting, which is how the local
moto stack is reached; nothing here knows about moto.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3


@cache
def client(service: str) -> Any:
    return boto3.client(service)  # type: ignore[call-overload]


@cache
def resource(service: str) -> Any:
    return boto3.resource(service)  # type: ignore[call-overload]


def reset() -> None:
    """Forget cached clients (tests start a fresh moto mock per test)."""
    client.cache_clear()
    resource.cache_clear()

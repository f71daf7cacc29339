"""boto3 clients, created lazily and reused across warm Lambda invocations.

boto3 itself is imported on the first client, not when this module is imported, so a
handler's import stays light (``make bench`` measures it) and a call that needs no AWS
service (a test event, a refused request) never loads it. Endpoints follow boto3's own
``AWS_ENDPOINT_URL`` setting, which is how the local moto stack is reached; nothing here
knows about moto.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def client(service: str) -> Any:
    import boto3

    return boto3.client(service)  # type: ignore[call-overload]


@cache
def resource(service: str) -> Any:
    import boto3

    return boto3.resource(service)  # type: ignore[call-overload]


def reset() -> None:
    """Forget cached clients (tests start a fresh moto mock per test)."""
    client.cache_clear()
    resource.cache_clear()

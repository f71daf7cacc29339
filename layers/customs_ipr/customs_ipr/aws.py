"""boto3 clients, created lazily and reused across warm Lambda invocations.

boto3 itself is imported on the first client, not when this module is imported, so a
handler's import stays light (``make bench`` measures it) and a call that needs no AWS
service (a test event, a refused request) never loads it. Endpoints follow boto3's own
``AWS_ENDPOINT_URL`` setting, which is how the local moto stack is reached; nothing here
knows about moto.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

_CREATING = threading.Lock()
"""boto3's default session is not thread-safe while it creates a client (concurrent first
calls can fail with ``NoRegionError``); the local stack runs tasks in several threads."""


@cache
def client(service: str) -> Any:
    import boto3

    with _CREATING:
        return boto3.client(service)  # type: ignore[call-overload]


@cache
def resource(service: str) -> Any:
    import boto3

    with _CREATING:
        return boto3.resource(service)  # type: ignore[call-overload]


def reset() -> None:
    """Forget cached clients (tests start a fresh moto mock per test)."""
    client.cache_clear()
    resource.cache_clear()

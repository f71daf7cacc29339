"""Two costs moto's server pays again and again that the local stack need not pay.

- For every request, moto's server finds the backend by listing its own package folder
  (``moto.backends.list_of_moto_modules``: a directory listing and a ``stat`` per entry),
  under the lock every request thread takes. The folder does not change while the server
  runs, so the list is read once.
- For every Lambda task of a state machine, moto's Step Functions interpreter creates a new
  boto3 client (loading the service model, opening a new connection). The client it makes
  depends only on the region, the service and the server's port (its credentials argument
  is unused), so one client per region and service is made and reused; boto3 clients are
  safe to share between threads.

Nothing else changes: the same backends answer, the same requests are made.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock


@contextmanager
def faster_moto_server() -> Iterator[None]:
    """Apply both shortcuts for the block (the embedded server's lifetime)."""
    from moto import backends
    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils

    modules = tuple(backends.list_of_moto_modules())
    original = lambda_eval_utils.boto_client_for
    clients: dict[tuple[str, str], Any] = {}
    lock = threading.Lock()

    def boto_client_for(region: str, service: str, state_credentials: Any = None) -> Any:
        with lock:
            if (region, service) not in clients:
                clients[(region, service)] = original(region, service, state_credentials)
            return clients[(region, service)]

    with (
        mock.patch.object(backends, "list_of_moto_modules", lambda: modules),
        mock.patch.object(lambda_eval_utils, "boto_client_for", boto_client_for),
    ):
        yield

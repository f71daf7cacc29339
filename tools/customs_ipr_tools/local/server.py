"""An embedded moto server, bound to 127.0.0.1 only, that the local stack runs on.

Why a server and not ``mock_aws``: ``customs-ipr local up`` must be reachable from other
processes (``aws --endpoint-url``, ``customs-ipr upload``, ``customs-ipr case list``), and
moto's Step Functions interpreter calls Lambda over HTTP at ``http://localhost:$MOTO_PORT``.
The server runs in this process, so
:func:`~customs_ipr_tools.local.stack.dispatch_lambda_to_handlers` routes those calls to the
real handlers here.

The credentials set here are fake on purpose: nothing local may ever use real ones.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from customs_ipr import aws
from customs_ipr.config import get_settings
from customs_ipr.errors import CustomsIprError
from customs_ipr_tools.local.moto_speedups import faster_moto_server
from customs_ipr_tools.local.stack import MOTO_CONFIG

LOOPBACK = "127.0.0.1"
DEFAULT_REGION = "us-east-1"
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}
_CLEARED = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")


class LocalServerError(CustomsIprError):
    code = "local_server"


class _IsPresentProbe(logging.Filter):
    """moto's Step Functions logs an ERROR each time a Choice asks ``IsPresent`` of a field
    that is absent (the case workflow's first state does, for every case): the look-up
    raises inside moto and the answer is false. A path that is really missing still fails
    its state, is logged as a ``FailureEventException`` and is in the execution history, so
    only the probe's own line is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Exception=NoSuchJsonPathError")


def quiet_moto_probes() -> None:
    """Keep the probe lines of moto's ASL interpreter off the console (idempotent)."""
    logger = logging.getLogger("moto.stepfunctions.parser.asl.component.eval_component")
    if not any(isinstance(f, _IsPresentProbe) for f in logger.filters):
        logger.addFilter(_IsPresentProbe())


def client_environment(endpoint: str, region: str = DEFAULT_REGION) -> dict[str, str]:
    """What a process needs to talk to the local server (printed by ``local up``)."""
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        **FAKE_CREDENTIALS,
    }


@dataclass
class EmbeddedMotoServer:
    """moto's threaded server on 127.0.0.1, configured for the local stack.

    ``port=0`` lets the system choose a free port (tests, the demo); ``local up`` defaults
    to a fixed port so a second terminal can find it.
    """

    port: int = 0
    region: str = DEFAULT_REGION
    _server: object | None = field(default=None, init=False, repr=False)

    @property
    def endpoint(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> EmbeddedMotoServer:
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per request
        quiet_moto_probes()
        if self.port and not _port_is_free(self.port):
            raise LocalServerError(
                f"Port {self.port} on {LOOPBACK} is already in use: stop the other local "
                f"stack or choose another port with --port."
            )
        server = ThreadedMotoServer(ip_address=LOOPBACK, port=self.port, verbose=False)
        server.start()
        self._server = server
        self.port = int(server.get_host_and_port()[1])
        self.configure()
        return self

    def configure(self) -> None:
        """Start from empty backends (an earlier server in this process, a test's or a
        benchmark's, leaves its resources in moto's memory), then tell moto to execute
        state machines and to run Lambda without Docker."""
        self._post("/moto-api/reset", b"")
        self._post("/moto-api/config", json.dumps(MOTO_CONFIG).encode())

    def _post(self, path: str, data: bytes) -> None:
        request = urllib.request.Request(
            f"{self.endpoint}{path}",
            data=data,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()  # type: ignore[attr-defined]
            wsgi = getattr(self._server, "_server", None)
            if wsgi is not None:
                wsgi.server_close()  # release the listening socket now
            self._server = None

    def environment(self) -> dict[str, str]:
        """Client environment plus ``MOTO_PORT`` (where moto's interpreter calls Lambda)."""
        return {**client_environment(self.endpoint, self.region), "MOTO_PORT": str(self.port)}


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # as the server itself binds (werkzeug sets SO_REUSEADDR): a port left in TIME_WAIT
        # by the last `local up` is free, so a restart works at once
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


@contextmanager
def patched_environment(values: dict[str, str], cleared: tuple[str, ...] = ()) -> Iterator[None]:
    """Set (and clear) environment variables for a block, restoring them afterwards.

    Cached settings and boto3 clients are reset on the way in and out, since both read
    the environment once.
    """
    saved = {name: os.environ.get(name) for name in (*values, *cleared)}
    for name in cleared:
        os.environ.pop(name, None)
    os.environ.update(values)
    get_settings.cache_clear()
    aws.reset()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()
        aws.reset()


@contextmanager
def embedded_server(port: int = 0, region: str = DEFAULT_REGION) -> Iterator[EmbeddedMotoServer]:
    """Run the server for a block, with this process's AWS environment pointing at it."""
    with faster_moto_server():
        server = EmbeddedMotoServer(port=port, region=region).start()
        try:
            with patched_environment(server.environment(), cleared=_CLEARED):
                yield server
        finally:
            server.stop()

"""The whole pipeline on one machine: embedded moto server + template stack + upload pump.

``local_runtime()`` is what ``customs-ipr local up`` and ``customs-ipr demo`` run:

1. start moto on 127.0.0.1 (execute state machines, Lambda without Docker);
2. point this process's AWS environment at it (fake credentials, ``MOTO_PORT``);
3. create every resource of ``template.yaml`` with ``LegalClock=virtual`` and set the
   virtual clock (``clock_start``, 09:00 Beijing time): legal time moves only when
   ``runtime.time`` (or ``customs-ipr clock advance`` from another shell) advances it,
   firing the deadline timers that fall due (``customs_ipr_tools.local.virtual_time``);
4. export the functions' environment (bucket, tables, state machine, ...) plus
   ``MAILBOX_DIR`` (where notices are written as ``.eml``);
5. route ``lambda:Invoke`` to the real handlers in this process, and start the pump that
   plays the SQS event source mapping of the ingest function.
"""

from __future__ import annotations

import io
import shlex
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from customs_ipr.cases.clock import BEIJING, at_office_hours
from customs_ipr.config import get_settings
from customs_ipr_tools.local.pump import UploadPump
from customs_ipr_tools.local.server import (
    DEFAULT_REGION,
    EmbeddedMotoServer,
    client_environment,
    embedded_server,
    patched_environment,
)
from customs_ipr_tools.local.stack import (
    LocalStack,
    dispatch_lambda_to_handlers,
    serialised_moto_dynamodb,
)
from customs_ipr_tools.local.virtual_time import VirtualTime

LOCAL_STACK_NAME = "customs-ipr-local"
DEFAULT_PORT = 5107
"""``local up``'s default port: fixed, so other terminals can find the stack."""


@dataclass
class LocalRuntime:
    server: EmbeddedMotoServer
    stack: LocalStack
    pump: UploadPump
    environment: dict[str, str]
    mailbox_dir: Path
    time: VirtualTime

    @property
    def endpoint(self) -> str:
        return self.server.endpoint

    @property
    def bucket(self) -> str:
        return self.environment["DOCUMENTS_BUCKET"]

    def client_environment(self) -> dict[str, str]:
        """Everything another process needs to use this stack (``env.sh``)."""
        shared = {
            name: value
            for name, value in self.environment.items()
            if not name.startswith(("POWERTOOLS_", "MOTO_"))
        }
        return {
            **client_environment(self.endpoint, self.server.region),
            **shared,
            "MAILBOX_DIR": str(self.mailbox_dir),
        }

    def export_lines(self) -> list[str]:
        return [
            f"export {name}={shlex.quote(value)}"
            for name, value in sorted(self.client_environment().items())
        ]


@contextmanager
def local_runtime(
    *,
    port: int = 0,
    clock_start: date | None = None,
    mailbox_dir: Path,
    stack_name: str = LOCAL_STACK_NAME,
    region: str = DEFAULT_REGION,
    parameter_overrides: dict[str, str] | None = None,
    pump: bool = True,
    quiet: bool = False,
    function_log: Path | None = None,
) -> Iterator[LocalRuntime]:
    """Run the local stack for the duration of the block (see the module docstring).

    ``quiet`` (the demo) sets the functions' log level to WARNING and turns off their
    CloudWatch metrics, which would otherwise be printed to stdout in EMF.
    ``function_log`` sends what the functions print (their CloudWatch Logs, on AWS) to a
    file instead of the terminal; the main thread's output still reaches the terminal.
    """
    overrides = {"LegalClock": "virtual", **(parameter_overrides or {})}
    if quiet:
        overrides.setdefault("LogLevel", "WARNING")
    mailbox_dir = mailbox_dir.resolve()
    mailbox_dir.mkdir(parents=True, exist_ok=True)
    log_context = _function_output_to(function_log) if function_log else nullcontext()
    with log_context, embedded_server(port=port, region=region) as server:
        stack = LocalStack.from_project(
            stack_name=stack_name, region=region, parameter_overrides=overrides
        )
        stack.deploy()
        function_env = stack.environment()
        with (
            patched_environment(_process_environment(function_env, mailbox_dir, quiet)),
            dispatch_lambda_to_handlers(stack),
            serialised_moto_dynamodb(),
        ):
            upload_pump = UploadPump.for_stack(stack)
            get_settings.cache_clear()
            virtual_time = VirtualTime(idle=(lambda: upload_pump.pending() == 0) if pump else None)
            start = clock_start or datetime.now(BEIJING).date()
            virtual_time.start(at_office_hours(start))
            runtime = LocalRuntime(
                server=server,
                stack=stack,
                pump=upload_pump,
                environment={**server.environment(), **function_env},
                mailbox_dir=mailbox_dir,
                time=virtual_time,
            )
            if pump:
                upload_pump.start()
            try:
                yield runtime
            finally:
                upload_pump.stop()


def _process_environment(
    function_env: dict[str, str], mailbox_dir: Path, quiet: bool
) -> dict[str, str]:
    """What the functions, run in this process, find in their environment."""
    return {
        **function_env,
        "MAILBOX_DIR": str(mailbox_dir),
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true" if quiet else "false",
        "POWERTOOLS_METRICS_NAMESPACE": function_env.get(
            "POWERTOOLS_METRICS_NAMESPACE", "CustomsIpr"
        ),
    }


def write_env_file(runtime: LocalRuntime, path: Path) -> Path:
    """Write ``export`` lines for other shells (``source <state-dir>/env.sh``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# customs-ipr local stack - source this file in another shell\n"
    path.write_text(header + "\n".join(runtime.export_lines()) + "\n", encoding="utf-8")
    return path


class _ThreadRouter(io.TextIOBase):
    """stdout that sends the main thread's writes to the terminal and all others to a log.

    The functions run in the server's and the pump's threads, so their output (logs, EMF
    metrics) lands in the log file, as it would land in CloudWatch Logs.
    """

    def __init__(self, terminal: io.TextIOBase, log: io.TextIOBase) -> None:
        self.terminal = terminal
        self.log = log
        self.main = threading.main_thread()
        self.lock = threading.Lock()

    def write(self, text: str) -> int:
        if threading.current_thread() is self.main:
            return self.terminal.write(text)
        with self.lock:
            written = self.log.write(text)
            self.log.flush()
            return written

    def flush(self) -> None:
        self.terminal.flush()


@contextmanager
def _function_output_to(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        terminal = sys.stdout
        sys.stdout = _ThreadRouter(terminal, log)  # type: ignore[assignment,arg-type]
        try:
            yield
        finally:
            sys.stdout = terminal

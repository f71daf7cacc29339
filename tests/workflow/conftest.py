"""The local stack in moto on the virtual clock (tests/workflow).

Legal time is the virtual clock (``LEGAL_CLOCK=virtual``), set to 2 March 2026, 09:00
Beijing time, when the stack is deployed; it moves only when a test (or the harness's
``finished`` / ``waiting_for``) advances it, firing the deadline timers that fall due on
the way. No test depends on the speed of the machine. ``@pytest.mark.safety_net(s)``
gives every callback a real timeout of ``s`` seconds instead (the AWS safety net path).
Each test gets its own moto backend, so the folder runs in parallel with pytest-xdist.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from moto import mock_aws

from customs_ipr import aws
from customs_ipr_tools.local.stack import MOTO_CONFIG, LocalStack, dispatch_lambda_to_handlers

CLOCK_START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
"""09:00 Beijing time on Monday 2 March 2026."""

pytestmark = pytest.mark.workflow


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "safety_net(s): every callback times out after s real seconds"
    )


@pytest.fixture
def stack(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalStack]:
    marker = request.node.get_closest_marker("safety_net")
    with mock_aws(config=MOTO_CONFIG):
        local = LocalStack.from_project(parameter_overrides={"LegalClock": "virtual"}).deploy()
        for key, value in local.environment().items():
            monkeypatch.setenv(key, value)
        if marker:
            monkeypatch.setenv("SAFETY_NET_SECONDS", str(marker.args[0]))
        from customs_ipr.cases.clock import VirtualClock
        from customs_ipr.config import get_settings

        get_settings.cache_clear()
        aws.reset()
        VirtualClock().set(CLOCK_START)
        with dispatch_lambda_to_handlers(local):
            yield local
            _stop_running_executions()


def _stop_running_executions() -> None:
    """A failed test may leave an execution waiting; stop it so it cannot outlive the test."""
    sfn = aws.client("stepfunctions")
    for machine in sfn.list_state_machines()["stateMachines"]:
        running = sfn.list_executions(
            stateMachineArn=machine["stateMachineArn"], statusFilter="RUNNING"
        )["executions"]
        for execution in running:
            sfn.stop_execution(executionArn=execution["executionArn"])

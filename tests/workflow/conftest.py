"""The local stack in moto with the compressed clock (tests/workflow).

``WORKING_DAY_SECONDS`` is 0.25 unless a test says otherwise with
``@pytest.mark.working_day_seconds(x)``: a 3-working-day wait lasts under a second, a
50-working-day one about 13 s. Each test gets its own moto backend, so the folder runs in
parallel with pytest-xdist (``-n 2``).

moto parses the whole ASL with ANTLR on every ``create_state_machine`` and every
``start_execution`` (about 2 s for this state machine). The parse result depends only on
the definition text, so it is memoised here for the test process.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from moto import mock_aws

from customs_ipr import aws
from customs_ipr.local.stack import MOTO_CONFIG, LocalStack, dispatch_lambda_to_handlers

DEFAULT_WORKING_DAY_SECONDS = 0.5

pytestmark = pytest.mark.workflow


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "working_day_seconds(x): compressed clock for this workflow test"
    )


@pytest.fixture(scope="session", autouse=True)
def _memoised_asl_parse() -> Iterator[None]:
    from moto.stepfunctions.parser.asl.parse import asl_parser

    original = asl_parser.AmazonStateLanguageParser.parse
    cache: dict[str, Any] = {}

    def parse(definition: str) -> Any:
        if definition not in cache:
            cache[definition] = original(definition)
        return cache[definition]

    asl_parser.AmazonStateLanguageParser.parse = staticmethod(parse)  # type: ignore[method-assign]
    yield
    asl_parser.AmazonStateLanguageParser.parse = staticmethod(original)  # type: ignore[method-assign]


@pytest.fixture
def stack(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalStack]:
    marker = request.node.get_closest_marker("working_day_seconds")
    seconds = marker.args[0] if marker else DEFAULT_WORKING_DAY_SECONDS
    with mock_aws(config=MOTO_CONFIG):
        local = LocalStack.from_project(
            parameter_overrides={"WorkingDaySeconds": str(seconds)}
        ).deploy()
        for key, value in local.environment().items():
            monkeypatch.setenv(key, value)
        from customs_ipr.config import get_settings

        get_settings.cache_clear()
        aws.reset()
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

"""Shared test setup: fake AWS credentials, no network, fresh settings and clients per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_SESSION_TOKEN", "testing")
os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "customs-ipr")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "CustomsIpr")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_DEV", "false")
os.environ.pop("AWS_ENDPOINT_URL", None)


@pytest.fixture(autouse=True)
def _fresh_settings_and_clients():
    from customs_ipr import aws
    from customs_ipr.config import get_settings

    get_settings.cache_clear()
    aws.reset()
    yield
    get_settings.cache_clear()
    aws.reset()


@pytest.fixture(scope="session", autouse=True)
def _serialised_moto_dynamodb() -> Iterator[None]:
    """Tests race deliveries and workflow threads on purpose; moto must answer DynamoDB
    atomically per request, as DynamoDB does (see ``serialised_moto_dynamodb``)."""
    from customs_ipr_tools.local.stack import serialised_moto_dynamodb

    with serialised_moto_dynamodb():
        yield


@pytest.fixture(scope="session", autouse=True)
def _moto_speedups() -> Iterator[None]:
    """What the local stack does to spare moto repeated work, for the test process: one
    parse per state machine definition, one loading of each botocore service model
    (``customs_ipr_tools.local.moto_speedups``)."""
    from customs_ipr_tools.local.moto_speedups import faster_moto

    with faster_moto():
        yield

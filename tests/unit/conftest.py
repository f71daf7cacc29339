"""Fixtures shared by unit tests."""

from __future__ import annotations

import pytest
from moto import mock_aws


@pytest.fixture
def recordations_table(monkeypatch: pytest.MonkeyPatch):
    """The RecordationsTable of template.yaml, created in moto; yields its name.

    ``RECORDATIONS_TABLE`` points the settings at it, so ``default_store()`` finds it.
    """
    from customs_ipr import aws
    from customs_ipr.config import get_settings
    from customs_ipr_tools.local.stack import create_table
    from customs_ipr_tools.local.template import Template

    with mock_aws():
        aws.reset()
        template = Template.from_project()
        create_table(template, template.resources["RecordationsTable"])
        name = template.name_of("RecordationsTable")
        monkeypatch.setenv("RECORDATIONS_TABLE", name)
        get_settings.cache_clear()
        yield name
    aws.reset()


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch):
    """Every resource of template.yaml deployed in moto, with the functions' environment."""
    from customs_ipr.config import get_settings
    from customs_ipr_tools.local.stack import MOTO_CONFIG, LocalStack

    with mock_aws(config=MOTO_CONFIG):
        local = LocalStack.from_project().deploy()
        for name, value in local.environment().items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        yield local

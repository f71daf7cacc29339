"""The local stack's shortcuts around moto change costs, never answers."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from customs_ipr_tools.local.moto_speedups import memoised_asl_parse, shared_botocore_loader

ROLE = "arn:aws:iam::123456789012:role/sfn"
DEFINITION = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})


def test_each_definition_is_parsed_once_and_a_bad_one_is_refused_every_time():
    from moto.stepfunctions.parser.asl.parse import asl_parser

    # GIVEN moto's parser, counted
    calls: list[str] = []
    original = asl_parser.AmazonStateLanguageParser.parse

    def counted(definition: str) -> Any:
        calls.append(definition)
        return original(definition)

    with (
        mock.patch.object(asl_parser.AmazonStateLanguageParser, "parse", staticmethod(counted)),
        mock_aws(config={"stepfunctions": {"execute_state_machine": True}}),
        memoised_asl_parse(),
    ):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        # WHEN the same definition is created twice and run, and a bad one is tried twice
        arns = [
            sfn.create_state_machine(name=name, definition=DEFINITION, roleArn=ROLE)[
                "stateMachineArn"
            ]
            for name in ("one", "two")
        ]
        sfn.start_execution(stateMachineArn=arns[0], name="run-1")
        for name in ("bad-1", "bad-2"):
            with pytest.raises(ClientError, match="ASLParserException"):
                sfn.create_state_machine(name=name, definition='{"StartAt": 1}', roleArn=ROLE)

    # THEN the good definition was parsed once, the bad one each time it was given
    assert calls.count(DEFINITION) == 1
    assert calls.count('{"StartAt": 1}') == 2


def test_sessions_in_the_block_share_one_loader_whose_paths_do_not_grow():
    # GIVEN two sessions made inside the block and one made after it
    with shared_botocore_loader():
        first, second = boto3.Session(), boto3.Session()
        loader = first._session.get_component("data_loader")
        paths = list(loader.search_paths)
        with mock_aws():
            tables = first.client("dynamodb", region_name="us-east-1").list_tables()
    after = boto3.Session()._session.get_component("data_loader")

    # THEN the two share the loader, boto3's own data folder is listed once, clients work
    assert second._session.get_component("data_loader") is loader
    assert len(paths) == len(set(paths))
    assert tables["TableNames"] == []
    assert after is not loader

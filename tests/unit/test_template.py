"""template.yaml is the one source of truth: it resolves, and the local stack builds from it."""

from __future__ import annotations

import json
from urllib.parse import unquote_plus

import pytest
from moto import mock_aws

from customs_ipr import aws
from customs_ipr_tools.local.stack import MOTO_CONFIG, LocalStack, create_tables
from customs_ipr_tools.local.template import Template, TemplateError


def test_every_resource_and_output_resolves():
    template = Template.from_project()
    for logical_id, resource in template.resources.items():
        if template.condition_holds(resource):
            template.resolve(resource.get("Properties", {}))
        assert logical_id
    outputs = template.resolve(template.document["Outputs"])
    assert outputs["DocumentsBucketName"]["Value"].startswith("customs-ipr-local-documents-")


def test_unknown_intrinsic_is_refused():
    template = Template.from_project()
    with pytest.raises(TemplateError):
        template.resolve({"Fn::Cidr": ["10.0.0.0/16", 2, 8]})


def test_parameter_overrides_reach_the_functions_environment():
    template = Template.from_project(parameter_overrides={"LegalClock": "virtual"})
    env = template.function_environment()
    assert env["LEGAL_CLOCK"] == "virtual"
    assert env["DEADLINE_TIMER_ARN"].endswith(":function:customs-ipr-local-fire-deadline")
    assert env["CASES_TABLE"] == "customs-ipr-local-cases"
    assert env["STATE_MACHINE_ARN"].endswith(":stateMachine:customs-ipr-local-case")


def test_every_function_has_its_handler_file():
    template = Template.from_project()
    for resource in template.of_type("AWS::Serverless::Function").values():
        props = resource["Properties"]
        module = props["Handler"].split(".")[0]
        assert (template.root / props["CodeUri"] / f"{module}.py").is_file(), props["CodeUri"]


@mock_aws
def test_tables_are_created_from_the_template():
    template = create_tables()
    client = aws.client("dynamodb")
    names = set(client.list_tables()["TableNames"])
    assert names == {
        template.name_of(logical_id) for logical_id in template.of_type("AWS::DynamoDB::Table")
    }
    cases = client.describe_table(TableName="customs-ipr-local-cases")["Table"]
    assert [k["AttributeName"] for k in cases["KeySchema"]] == ["pk", "sk"]
    assert cases["GlobalSecondaryIndexes"][0]["IndexName"] == "gsi1"


def test_the_whole_stack_deploys_in_moto_and_routes_uploads_to_the_queue():
    with mock_aws(config=MOTO_CONFIG):
        # GIVEN the stack from template.yaml
        stack = LocalStack.from_project().deploy()
        env = stack.export_environment()
        # WHEN a declaration is uploaded
        aws.client("s3").put_object(
            Bucket=env["DOCUMENTS_BUCKET"], Key="declarations/a b.pdf", Body=b"%PDF-1.4"
        )
        # THEN S3 notifies the uploads queue (after its test event), as configured
        messages = aws.client("sqs").receive_message(
            QueueUrl=stack.ref("UploadsQueue"), MaxNumberOfMessages=10
        )["Messages"]
        bodies = [json.loads(message["Body"]) for message in messages]
        records = [r for body in bodies for r in body.get("Records", [])]
        # (event keys are URL-encoded: handlers apply unquote_plus)
        assert [unquote_plus(r["s3"]["object"]["key"]) for r in records] == ["declarations/a b.pdf"]
        # AND an upload outside the watched prefixes is not queued
        aws.client("s3").put_object(Bucket=env["DOCUMENTS_BUCKET"], Key="other/x", Body=b"x")
        assert "Messages" not in aws.client("sqs").receive_message(
            QueueUrl=stack.ref("UploadsQueue")
        )
        # AND the state machine (the real ASL, validated by moto) exists with its name
        machines = aws.client("stepfunctions").list_state_machines()["stateMachines"]
        assert [m["stateMachineArn"] for m in machines] == [env["STATE_MACHINE_ARN"]]
        # AND the dead-letter queue is wired by the redrive policy
        attributes = aws.client("sqs").get_queue_attributes(
            QueueUrl=stack.ref("UploadsQueue"), AttributeNames=["RedrivePolicy"]
        )["Attributes"]
        assert json.loads(attributes["RedrivePolicy"])["maxReceiveCount"] == 5

"""Least privilege and storage protection, read from template.yaml itself."""

from __future__ import annotations

from typing import Any

import pytest

from customs_ipr_tools.local.template import find_project_root, load_template

TEMPLATE = load_template(find_project_root() / "template.yaml")
RESOURCES: dict[str, dict[str, Any]] = TEMPLATE["Resources"]

DOCUMENTED_UNSCOPED = {
    ("CaseStateMachine", "StateMachineLogDelivery"): (
        "CloudWatch Logs delivery actions (logs:CreateLogDelivery, ...) do not support "
        "resource-level permissions; AWS documents Resource '*' for Step Functions logging."
    ),
}
"""Statements allowed ``Resource: "*"``, each with the reason (README: Security)."""

SAM_POLICY_RESOURCE_ARGS = {
    "BucketName",
    "TableName",
    "StateMachineName",
    "TopicName",
    "FunctionName",
    "QueueName",
    "IdentityName",
}


def of_type(*types: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in RESOURCES.items() if v["Type"] in types}


def references_own_resource(value: Any) -> bool:
    """``!Ref X`` / ``!GetAtt X.Y`` of a template resource or parameter, or a ``!Sub`` of one."""
    if isinstance(value, dict):
        if "Ref" in value:
            return value["Ref"] in RESOURCES or value["Ref"] in TEMPLATE.get("Parameters", {})
        if "Fn::GetAtt" in value:
            return value["Fn::GetAtt"][0] in RESOURCES
        if "Fn::Sub" in value:
            text = value["Fn::Sub"] if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"][0]
            return any("${" + name in text for name in RESOURCES)
    return False


def statements() -> list[tuple[str, dict[str, Any]]]:
    """Every Allow/Deny statement of every function, state machine, role and policy."""
    found = []
    for name, resource in of_type(
        "AWS::Serverless::Function", "AWS::Serverless::StateMachine"
    ).items():
        for policy in resource["Properties"].get("Policies", []):
            if isinstance(policy, dict) and "Statement" in policy:
                found += [(name, s) for s in policy["Statement"]]
    for name, resource in of_type(
        "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"
    ).items():
        props = resource["Properties"]
        documents = [p["PolicyDocument"] for p in props.get("Policies", [])]
        documents += [props["PolicyDocument"]] if "PolicyDocument" in props else []
        for document in documents:
            found += [(name, s) for s in document["Statement"]]
    return found


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_there_are_statements_and_policy_templates_to_check():
    assert len(statements()) >= 1
    assert of_type("AWS::Serverless::Function")


@pytest.mark.parametrize(("owner", "statement"), statements())
def test_no_wildcard_action_and_every_resource_scoped(owner, statement):
    if statement.get("Effect") != "Allow":
        return
    for action in as_list(statement["Action"]):
        assert action != "*" and not action.endswith(":*"), (owner, action)
    resources = as_list(statement.get("Resource", []))
    if "*" in resources:
        assert (owner, statement.get("Sid")) in DOCUMENTED_UNSCOPED, (owner, statement)
    else:
        assert all(references_own_resource(r) for r in resources), (owner, statement)


@pytest.mark.parametrize(
    "name",
    sorted(of_type("AWS::Serverless::Function", "AWS::Serverless::StateMachine")),
)
def test_policy_templates_name_the_templates_own_resources(name):
    for policy in RESOURCES[name]["Properties"].get("Policies", []):
        assert isinstance(policy, dict), f"{name}: managed policy {policy!r} is not scoped"
        if "Statement" in policy:
            continue
        ((template_name, arguments),) = policy.items()
        assert template_name.endswith("Policy"), (name, template_name)
        scoped = {k: v for k, v in arguments.items() if k in SAM_POLICY_RESOURCE_ARGS}
        assert scoped, (name, template_name)
        assert all(references_own_resource(v) for v in scoped.values()), (name, policy)


def test_ingest_can_read_and_write_documents_but_never_delete():
    # explicit statements since issue 15 (tests/unit/test_iam_least_privilege.py expands them)
    actions = {
        action
        for owner, statement in statements()
        if owner == "IngestUploadFunction"
        for action in as_list(statement["Action"])
    }
    assert {"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"} <= actions
    assert not {a for a in actions if a.startswith("s3:Delete") or "Acl" in a}
    policies = RESOURCES["IngestUploadFunction"]["Properties"]["Policies"]
    names = {next(iter(p)) for p in policies}
    assert not names & {"S3CrudPolicy", "S3FullAccessPolicy", "S3WritePolicy", "SESCrudPolicy"}


def test_buckets_are_versioned_encrypted_private_and_tls_only():
    buckets = of_type("AWS::S3::Bucket")
    assert buckets
    for name, bucket in buckets.items():
        props = bucket["Properties"]
        assert props["VersioningConfiguration"]["Status"] == "Enabled"
        (rule,) = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in {"AES256", "aws:kms"}
        assert all(props["PublicAccessBlockConfiguration"].values())
        assert len(props["PublicAccessBlockConfiguration"]) == 4
        policies = [
            p
            for p in of_type("AWS::S3::BucketPolicy").values()
            if p["Properties"]["Bucket"] == {"Ref": name}
        ]
        denies = [
            s
            for p in policies
            for s in p["Properties"]["PolicyDocument"]["Statement"]
            if s["Effect"] == "Deny"
            and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
        ]
        assert denies, f"{name} has no TLS-only policy"


def test_tables_have_point_in_time_recovery_and_encryption():
    tables = of_type("AWS::DynamoDB::Table")
    assert len(tables) >= 3
    for props in (t["Properties"] for t in tables.values()):
        assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
        assert props["SSESpecification"]["SSEEnabled"] is True


def test_queues_are_encrypted_and_uploads_redrive_to_a_dead_letter_queue():
    queues = of_type("AWS::SQS::Queue")
    for props in (q["Properties"] for q in queues.values()):
        assert props.get("SqsManagedSseEnabled") is True or "KmsMasterKeyId" in props
    redrive = RESOURCES["UploadsQueue"]["Properties"]["RedrivePolicy"]
    assert redrive["deadLetterTargetArn"] == {"Fn::GetAtt": ["UploadsDeadLetterQueue", "Arn"]}
    assert redrive["maxReceiveCount"] == 5


def test_every_checkov_suppression_has_a_written_reason():
    for name, resource in RESOURCES.items():
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert skip["id"].startswith("CKV_"), name
            assert len(skip.get("comment", "").split()) >= 8, (name, skip["id"])

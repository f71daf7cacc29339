"""Least privilege, on the IAM the deployed stack would really get (issue 15, point 5).

checkov reads ``template.yaml`` as written and cannot see inside SAM policy templates
(``S3CrudPolicy`` grants ``s3:PutLifecycleConfiguration``, ``SESCrudPolicy``
``ses:VerifyEmailIdentity`` …). Here the template is expanded by ``samtranslator`` — the
same transform CloudFormation runs — and every function role's actions and resources are
compared with what its code calls.
"""

from __future__ import annotations

from typing import Any

import pytest

from customs_ipr_tools.local.template import find_project_root, load_template

samtranslator = pytest.importorskip("samtranslator")

READ_TABLE = {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"}
CASES = {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"}
RECORDATIONS = CASES | {"dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"}
SEND = {"ses:SendEmail", "ses:SendRawEmail"}
CASE_FLOW = {"states:StartExecution", "states:SendTaskSuccess"}

OPERATOR_DATA = {"s3:GetObject", "s3:ListBucket"}
"""The holiday table under ``config/`` (``calendar_store``); ListBucket so that a table not
imported yet reads as missing (404), not as denied (403)."""

EXPECTED: dict[str, set[str]] = {
    "IngestUploadFunction": {"s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"}
    | {"s3:ListBucketVersions", "s3:PutObject", "dynamodb:DeleteItem", "sns:Publish"}
    | RECORDATIONS
    | SEND
    | CASE_FLOW,
    "CaseTasksFunction": {"s3:PutObject"} | OPERATOR_DATA | CASES | READ_TABLE | SEND,
    "OfficerApiFunction": {"s3:PutObject"} | OPERATOR_DATA | RECORDATIONS | SEND | CASE_FLOW,
    "PublicLookupFunction": READ_TABLE,
    "RunSchedulesFunction": {"s3:PutObject", "sns:Publish", "dynamodb:DeleteItem"}
    | {"dynamodb:Scan", "states:StartExecution"}  # resumes cases stopped on an unknown year
    | {"sqs:SendMessage"}  # Lambda itself puts a failed scheduled event on its dead-letter queue
    | OPERATOR_DATA
    | RECORDATIONS
    | SEND,
    "DeadlineTimerFunction": CASES | OPERATOR_DATA | {"states:SendTaskFailure"},
}
"""Every action each function's code calls (boto3 calls in ``customs_ipr``), nothing more."""

NEVER = {
    "s3:PutLifecycleConfiguration",
    "s3:PutObjectAcl",
    "s3:PutBucketAcl",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:PutBucketPolicy",
    "s3:BypassGovernanceRetention",
    "s3:PutObjectRetention",
    "ses:VerifyEmailIdentity",
    "ses:DeleteIdentity",
    "dynamodb:DeleteTable",
}

MANAGED = {
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
}
"""Managed policies SAM attaches (logs, X-Ray); the SQS event source adds its own."""


class _Policies:
    """The managed policy names SAM needs to know (offline: no IAM ListPolicies call)."""

    def load(self) -> dict[str, str]:
        names = [
            "service-role/AWSLambdaBasicExecutionRole",
            "AWSXrayWriteOnlyAccess",
            "service-role/AWSLambdaSQSQueueExecutionRole",
            "service-role/AWSLambdaRole",
        ]
        return {n.rsplit("/", 1)[-1]: f"arn:aws:iam::aws:policy/{n}" for n in names}


@pytest.fixture(scope="module")
def expanded() -> dict[str, Any]:
    from samtranslator.translator.transform import transform

    template = load_template(find_project_root() / "template.yaml")
    for resource in template["Resources"].values():  # as `sam package` leaves them
        for uri in ("CodeUri", "DefinitionUri", "ContentUri"):
            if isinstance(resource.get("Properties", {}).get(uri), str):
                resource["Properties"][uri] = f"s3://packaged/{uri.lower()}.zip"
    return transform(template, {}, _Policies())["Resources"]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _role_of(resources: dict[str, Any], function: str) -> dict[str, Any]:
    role = resources[function]["Properties"]["Role"]["Fn::GetAtt"][0]
    return resources[role]["Properties"]


def _statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for p in role.get("Policies", []) for s in p["PolicyDocument"]["Statement"]]


def _mentions(resource: Any) -> set[str]:
    """The template resources a statement's Resource refers to."""
    if isinstance(resource, dict):
        if "Ref" in resource:
            return {resource["Ref"]}
        if "Fn::GetAtt" in resource:
            return {resource["Fn::GetAtt"][0]}
        if "Fn::Sub" in resource:
            text = resource["Fn::Sub"] if isinstance(resource["Fn::Sub"], str) else ""
            return {part.split("}")[0].split(".")[0] for part in text.split("${")[1:]}
    return {str(resource)}


def test_every_function_is_checked(expanded):
    functions = {k for k, v in expanded.items() if v["Type"] == "AWS::Lambda::Function"}
    assert functions == set(EXPECTED)


@pytest.mark.parametrize("function", sorted(EXPECTED))
def test_each_function_gets_exactly_the_actions_its_code_calls(expanded, function):
    statements = _statements(_role_of(expanded, function))
    actions = {a for s in statements if s["Effect"] == "Allow" for a in _as_list(s["Action"])}
    assert actions == EXPECTED[function]
    assert not actions & NEVER
    assert not any(a == "*" or a.endswith(":*") for a in actions)
    for statement in statements:
        resources = _as_list(statement["Resource"])
        assert "*" not in resources, (function, statement)


@pytest.mark.parametrize("function", sorted(EXPECTED))
def test_managed_policies_are_only_logs_tracing_and_the_queue(expanded, function):
    managed = set(_role_of(expanded, function).get("ManagedPolicyArns", []))
    extra = {"arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"}
    allowed = MANAGED | (extra if function == "IngestUploadFunction" else set())
    assert managed <= allowed and managed >= MANAGED


def test_writes_are_confined_to_their_prefixes(expanded):
    for function in EXPECTED:
        for statement in _statements(_role_of(expanded, function)):
            if "s3:PutObject" not in _as_list(statement["Action"]):
                continue
            for resource in _as_list(statement["Resource"]):
                text = resource["Fn::Sub"]
                prefix = text.split("}/", 1)[1]
                assert prefix in {"notices/*", "quarantine/*", "lifecycle-documents/*"}, text


def test_the_public_lookup_reads_only_the_recordations_table(expanded):
    statements = _statements(_role_of(expanded, "PublicLookupFunction"))
    mentioned = {m for s in statements for r in _as_list(s["Resource"]) for m in _mentions(r)}
    assert mentioned == {"RecordationsTable"}
    environment = expanded["PublicLookupFunction"]["Properties"]["Environment"]["Variables"]
    assert environment["POWERTOOLS_SERVICE_NAME"] == "public-lookup"


def test_the_public_route_has_its_own_function_concurrency_and_throttle(expanded):
    template = load_template(find_project_root() / "template.yaml")["Resources"]
    public = template["PublicLookupFunction"]["Properties"]
    officer = template["OfficerApiFunction"]["Properties"]
    assert "PublicLookup" in public["Events"]
    assert all(
        e["Properties"]["Auth"]["Authorizer"] == "AWS_IAM" for e in officer["Events"].values()
    )
    assert "ReservedConcurrentExecutions" in public
    routes = template["CustomsApi"]["Properties"]["RouteSettings"]
    assert set(routes["GET /public/recordations"]) == {
        "ThrottlingBurstLimit",
        "ThrottlingRateLimit",
    }


def test_documents_are_locked_and_tables_protected():
    template = load_template(find_project_root() / "template.yaml")["Resources"]
    bucket = template["DocumentsBucket"]["Properties"]
    assert bucket["ObjectLockEnabled"] is True
    retention = bucket["ObjectLockConfiguration"]["Rule"]["DefaultRetention"]
    assert retention == {"Mode": "GOVERNANCE", "Days": {"Ref": "DocumentRetentionDays"}}
    tables = [r for r in template.values() if r["Type"] == "AWS::DynamoDB::Table"]
    assert tables and all(t["Properties"]["DeletionProtectionEnabled"] is True for t in tables)


def test_deadline_timers_manage_only_their_own_schedules():
    template = load_template(find_project_root() / "template.yaml")["Resources"]
    policy = template["DeadlineTimersPolicy"]["Properties"]
    manage, pass_role = policy["PolicyDocument"]["Statement"]
    assert set(manage["Action"]) == {
        "scheduler:CreateSchedule",
        "scheduler:UpdateSchedule",
        "scheduler:DeleteSchedule",
        "scheduler:GetSchedule",
    }
    assert "schedule/${DeadlineScheduleGroup}/*" in manage["Resource"]["Fn::Sub"]
    assert pass_role["Action"] == "iam:PassRole"
    assert pass_role["Condition"] == {
        "StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}
    }
    scheduler_role = template["DeadlineSchedulerRole"]["Properties"]
    [invoke] = scheduler_role["Policies"][0]["PolicyDocument"]["Statement"]
    assert invoke["Action"] == "lambda:InvokeFunction"
    assert invoke["Resource"] == {"Fn::GetAtt": ["DeadlineTimerFunction", "Arn"]}

"""The local stack: every resource of ``template.yaml`` created in moto.

Used by the tests (inside ``mock_aws``), by ``make demo`` and by ``customs-ipr local up``
(against an embedded moto server). Nothing here repeats a schema, a name or a
substitution: all of it is read from the template.

moto without Docker does not run Lambda code, so :func:`dispatch_lambda_to_handlers`
routes ``lambda:Invoke`` (the state machine's Task states, and the local upload pump)
to the real handlers in ``functions/<name>/app.py``, in this process.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from customs_ipr import aws
from customs_ipr.config import get_settings
from customs_ipr_tools.local.template import Template

if TYPE_CHECKING:
    from moto.core.config import DefaultConfig

logger = Logger(child=True)

MOTO_CONFIG: DefaultConfig = {
    "stepfunctions": {"execute_state_machine": True},
    "lambda": {"use_docker": False},
}
"""The moto configuration the local stack needs (``mock_aws(config=...)`` or the server's
``/moto-api/config``): execute state machines, run Lambda without Docker."""

LAMBDA_ROLE_NAME = "customs-ipr-local-lambda"


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    name: str
    arn: str
    code_dir: Path
    handler: str

    def load(self) -> Callable[[dict[str, Any], Any], Any]:
        module_file, _, attribute = self.handler.rpartition(".")
        return getattr(_load_module(self.code_dir / f"{module_file}.py"), attribute)


_MODULES: dict[Path, ModuleType] = {}
_MODULES_LOCK = threading.Lock()


def _load_module(path: Path) -> ModuleType:
    """Import a handler file once, under a unique module name (all are called ``app.py``)."""
    with _MODULES_LOCK:
        if path not in _MODULES:
            name = f"customs_ipr_handler_{path.parent.name}"
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None:  # pragma: no cover - file checked by caller
                raise ImportError(path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            _MODULES[path] = module
        return _MODULES[path]


@dataclass
class LocalContext:
    """The parts of the Lambda context object that handlers and Powertools read."""

    function_name: str
    invoked_function_arn: str
    memory_limit_in_mb: int = 1024
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "local"
    log_stream_name: str = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


@dataclass
class LocalStack:
    """Creates the template's resources in moto and knows their names."""

    template: Template
    functions: dict[str, FunctionSpec] = field(default_factory=dict)

    @classmethod
    def from_project(cls, root: Path | None = None, **kwargs: Any) -> LocalStack:
        return cls(Template.from_project(root, **kwargs))

    # ------------------------------------------------------------ names
    def ref(self, logical_id: str) -> Any:
        return self.template.ref(logical_id)

    def name(self, logical_id: str) -> str:
        return self.template.name_of(logical_id)

    def environment(self) -> dict[str, str]:
        """The environment every function gets (Globals plus each function's own variables).

        Functions differ only in ``POWERTOOLS_SERVICE_NAME``, which is left to the caller.
        """
        env = self.template.function_environment()
        env.pop("POWERTOOLS_SERVICE_NAME", None)
        return env

    def export_environment(self) -> dict[str, str]:
        """Set this process's environment as the functions see it, and reset cached settings."""
        env = self.environment()
        os.environ.update(env)
        get_settings.cache_clear()
        aws.reset()
        return env

    # ------------------------------------------------------------ deploy
    def deploy(self) -> LocalStack:
        """Create every resource (idempotent enough for one fresh moto backend)."""
        queues = sorted(  # dead-letter queues first: a redrive policy names an existing queue
            self.template.of_type("AWS::SQS::Queue").items(),
            key=lambda item: "RedrivePolicy" in item[1]["Properties"],
        )
        for logical_id, resource in queues:
            self._create_queue(logical_id, resource["Properties"])
        for logical_id in self.template.of_type("AWS::SNS::Topic"):
            aws.client("sns").create_topic(Name=self.name(logical_id))
        for resource in self.template.of_type("AWS::DynamoDB::Table").values():
            create_table(self.template, resource)
        for logical_id, resource in self.template.of_type("AWS::S3::Bucket").items():
            self._create_bucket(logical_id, resource["Properties"])
        for resource in self.template.of_type("AWS::SES::EmailIdentity").values():
            identity = self.template.resolve(resource["Properties"]["EmailIdentity"])
            ses = aws.client("ses")
            ses.verify_email_identity(EmailAddress=identity)
            ses.verify_domain_identity(Domain=identity.rpartition("@")[2])
        for logical_id in self.template.of_type("AWS::Scheduler::ScheduleGroup"):
            aws.client("scheduler").create_schedule_group(Name=self.name(logical_id))
        self._create_functions()
        for logical_id, resource in self.template.of_type("AWS::Serverless::StateMachine").items():
            self._create_state_machine(logical_id, resource["Properties"])
        return self

    def _create_queue(self, logical_id: str, props: dict[str, Any]) -> None:
        resolved = self.template.resolve(props)
        attributes: dict[str, str] = {}
        if "VisibilityTimeout" in resolved:
            attributes["VisibilityTimeout"] = str(resolved["VisibilityTimeout"])
        if "MessageRetentionPeriod" in resolved:
            attributes["MessageRetentionPeriod"] = str(resolved["MessageRetentionPeriod"])
        if "RedrivePolicy" in resolved:
            attributes["RedrivePolicy"] = json.dumps(resolved["RedrivePolicy"])
        url = aws.client("sqs").create_queue(
            QueueName=resolved["QueueName"], Attributes=attributes
        )["QueueUrl"]
        self.template.physical_refs[logical_id] = url

    def _create_bucket(self, logical_id: str, props: dict[str, Any]) -> None:
        resolved = self.template.resolve(props)
        s3 = aws.client("s3")
        bucket = resolved["BucketName"]
        s3.create_bucket(
            Bucket=bucket, ObjectLockEnabledForBucket=bool(resolved.get("ObjectLockEnabled"))
        )
        if resolved.get("VersioningConfiguration"):
            s3.put_bucket_versioning(
                Bucket=bucket, VersioningConfiguration=resolved["VersioningConfiguration"]
            )
        lock = resolved.get("ObjectLockConfiguration")
        if lock:  # governance-mode retention of every version (notices, evidence)
            retention = lock["Rule"]["DefaultRetention"]
            rule = {"DefaultRetention": {"Mode": retention["Mode"], "Days": int(retention["Days"])}}
            s3.put_object_lock_configuration(
                Bucket=bucket,
                ObjectLockConfiguration={"ObjectLockEnabled": "Enabled", "Rule": rule},
            )
        notifications = resolved.get("NotificationConfiguration", {})
        queue_configs = [
            {
                "QueueArn": config["Queue"],
                "Events": [config["Event"]],
                "Filter": {
                    "Key": {
                        "FilterRules": [
                            {"Name": rule["Name"], "Value": rule["Value"]}
                            for rule in config["Filter"]["S3Key"]["Rules"]
                        ]
                    }
                },
            }
            for config in notifications.get("QueueConfigurations", [])
        ]
        if queue_configs:
            s3.put_bucket_notification_configuration(
                Bucket=bucket,
                NotificationConfiguration={"QueueConfigurations": queue_configs},
            )

    def _create_functions(self) -> None:
        iam = aws.client("iam")
        try:
            role_arn = iam.get_role(RoleName=LAMBDA_ROLE_NAME)["Role"]["Arn"]
        except iam.exceptions.NoSuchEntityException:
            role_arn = iam.create_role(
                RoleName=LAMBDA_ROLE_NAME,
                AssumeRolePolicyDocument=json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "lambda.amazonaws.com"},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    }
                ),
            )["Role"]["Arn"]
        root = self.template.root
        for logical_id, resource in self.template.of_type("AWS::Serverless::Function").items():
            props = self.template.resolve(resource["Properties"])
            spec = FunctionSpec(
                logical_id=logical_id,
                name=props["FunctionName"],
                arn=self.template.get_att(logical_id, "Arn"),
                code_dir=(root / props["CodeUri"]).resolve(),
                handler=props["Handler"],
            )
            self.functions[spec.name] = spec
            aws.client("lambda").create_function(
                FunctionName=spec.name,
                Runtime="python3.11",
                Role=role_arn,
                Handler=spec.handler,
                Code={"ZipFile": _zip_of(spec.code_dir)},
                Timeout=int(props.get("Timeout", 60)),
            )

    def _create_state_machine(self, logical_id: str, props: dict[str, Any]) -> None:
        definition = (self.template.root / props["DefinitionUri"]).read_text(encoding="utf-8")
        substitutions = self.template.resolve(props.get("DefinitionSubstitutions", {}))
        for key, value in substitutions.items():
            definition = definition.replace("${" + key + "}", str(value))
        aws.client("stepfunctions").create_state_machine(
            name=self.template.resolve(props["Name"]),
            definition=definition,
            roleArn=f"arn:aws:iam::{self.template.account_id}:role/{LAMBDA_ROLE_NAME}",
            type=props.get("Type", "STANDARD"),
        )

    # ------------------------------------------------------------ invoking
    def invoke_local(self, function_name: str, event: Any) -> Any:
        """Run a function's real handler in this process, as Lambda would."""
        spec = self.functions[function_name]
        context = LocalContext(function_name=spec.name, invoked_function_arn=spec.arn)
        return spec.load()(event, context)

    def function_name(self, logical_id: str) -> str:
        return self.template.name_of(logical_id)


def create_table(template: Template, resource: dict[str, Any]) -> None:
    """Create one DynamoDB table from its template definition (used by tests too)."""
    props = template.resolve(resource["Properties"])
    kwargs: dict[str, Any] = {
        "TableName": props["TableName"],
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
    }
    if props.get("GlobalSecondaryIndexes"):
        kwargs["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
    if props.get("DeletionProtectionEnabled"):
        kwargs["DeletionProtectionEnabled"] = True
    client = aws.client("dynamodb")
    client.create_table(**kwargs)
    ttl = props.get("TimeToLiveSpecification")
    if ttl:
        client.update_time_to_live(TableName=props["TableName"], TimeToLiveSpecification=ttl)


def create_tables(template: Template | None = None) -> Template:
    """Create every DynamoDB table of the template (unit tests under ``mock_aws``)."""
    template = template or Template.from_project()
    for resource in template.of_type("AWS::DynamoDB::Table").values():
        create_table(template, resource)
    return template


def _zip_of(code_dir: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(code_dir.rglob("*.py")):
            archive.write(path, path.relative_to(code_dir).as_posix())
    return buffer.getvalue()


@contextmanager
def serialised_moto_dynamodb() -> Iterator[None]:
    """Apply moto's DynamoDB requests one at a time, as real DynamoDB applies each atomically.

    moto's DynamoDB backend is not thread-safe: it deep-copies items while another thread
    writes, and two threads' conditional writes can both succeed. The local stack runs the
    state machine's tasks in moto's threads beside uploads and officers' inputs, so without
    this a race could pass a condition that DynamoDB would refuse. Works for ``mock_aws`` and
    for the embedded server alike (both answer through moto's ``DynamoHandler``).
    """
    from unittest import mock

    from moto.dynamodb.responses import DynamoHandler

    lock = threading.RLock()
    original = DynamoHandler.call_action

    def call_action(handler: Any) -> Any:
        with lock:
            return original(handler)

    with mock.patch.object(DynamoHandler, "call_action", call_action):
        yield


@contextmanager
def dispatch_lambda_to_handlers(stack: LocalStack) -> Iterator[None]:
    """Route moto's ``lambda:Invoke`` to the in-process handlers for the stack's functions.

    Errors raised by a handler are returned as Lambda does (``FunctionError: Unhandled``
    with ``errorType``/``errorMessage``), so the state machine's Retry and Catch see them.
    """
    from unittest import mock

    from moto.awslambda_simple.models import LambdaSimpleBackend

    def invoke(
        backend: Any,
        function_name: str,
        qualifier: Any,
        body: Any,
        headers: Any,
        response_headers: Any,
    ) -> bytes:
        name = function_name.rsplit(":", 1)[-1] if ":" in function_name else function_name
        if name.startswith("function:"):
            name = name.removeprefix("function:")
        if name not in stack.functions:
            name = next((n for n, s in stack.functions.items() if s.arn == function_name), name)
        event = json.loads(body) if body else {}
        try:
            result = stack.invoke_local(name, event)
        except Exception as error:  # a handler failure is reported the way Lambda reports it
            response_headers["x-amz-function-error"] = "Unhandled"
            logger.warning("local handler failed", function=name, error_type=type(error).__name__)
            return json.dumps(
                {"errorType": type(error).__name__, "errorMessage": str(error)}
            ).encode()
        return json.dumps(result, default=str).encode()

    with mock.patch.object(LambdaSimpleBackend, "invoke", invoke):
        yield

"""Read ``template.yaml`` and resolve its intrinsic functions, for the local stack and tests.

The SAM template is the one description of the system's resources. The local moto
stack and the tests read it through this module rather than repeating table schemas,
bucket names or the state machine's substitutions. Supported intrinsics: ``Ref``,
``Fn::GetAtt``, ``Fn::Sub``, ``Fn::Join``, ``Fn::If``, ``Fn::Equals``, ``Fn::Not``,
``Fn::Select`` and conditions; a test resolves the whole template so a new intrinsic
that this resolver does not know fails loudly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from customs_ipr.errors import CustomsIprError

NO_VALUE = object()


class TemplateError(CustomsIprError):
    code = "template_error"


def find_project_root(start: Path | None = None) -> Path:
    """The folder holding ``template.yaml``: from the working directory or this package."""
    candidates = [start or Path.cwd(), Path(__file__).resolve()]
    for candidate in candidates:
        for folder in [candidate, *candidate.parents]:
            if (folder / "template.yaml").is_file() and (folder / "statemachine").is_dir():
                return folder
    raise TemplateError(
        "template.yaml was not found: run this from the customs-ipr project folder."
    )


class _CfnLoader(yaml.SafeLoader):
    """YAML loader that turns CloudFormation short tags into their long form."""


def _multi(tag: str) -> Any:
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        name = "Ref" if tag == "Ref" else f"Fn::{tag}"
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if tag == "GetAtt":
                value = str(value).split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        return {name: value}

    return construct


for _tag in (
    "Ref",
    "Sub",
    "GetAtt",
    "Join",
    "If",
    "Equals",
    "Not",
    "Select",
    "And",
    "Or",
    "Split",
    "FindInMap",
    "Base64",
    "ImportValue",
    "GetAZs",
    "Condition",
):
    _CfnLoader.add_constructor(f"!{_tag}", _multi(_tag))


def load_template(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_CfnLoader)
    if not isinstance(document, dict) or "Resources" not in document:
        raise TemplateError(f"{path} is not a CloudFormation/SAM template.")
    return document


_SUB_VARIABLE = re.compile(r"\$\{([^}!]+)\}")


@dataclass
class Template:
    """A loaded template plus what is needed to resolve it (stack name, account, region)."""

    document: dict[str, Any]
    root: Path
    stack_name: str = "customs-ipr-local"
    account_id: str = "123456789012"
    region: str = "us-east-1"
    parameter_overrides: dict[str, str] = field(default_factory=dict)
    physical_refs: dict[str, str] = field(default_factory=dict)
    """Values of ``Ref`` learnt at creation time (e.g. queue URLs), by logical id."""

    @classmethod
    def from_project(cls, root: Path | None = None, **kwargs: Any) -> Template:
        project = root or find_project_root()
        return cls(load_template(project / "template.yaml"), project, **kwargs)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.document["Resources"]

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {
            logical_id: resource
            for logical_id, resource in self.resources.items()
            if resource["Type"] == resource_type and self.condition_holds(resource)
        }

    def parameter(self, name: str) -> str:
        if name in self.parameter_overrides:
            return str(self.parameter_overrides[name])
        spec = self.document.get("Parameters", {}).get(name)
        if spec is None:
            raise TemplateError(f"Parameter {name} is not declared in template.yaml.")
        return str(spec.get("Default", ""))

    def condition_holds(self, resource: dict[str, Any]) -> bool:
        name = resource.get("Condition")
        return True if name is None else self.condition(name)

    def condition(self, name: str) -> bool:
        return bool(self.resolve(self.document["Conditions"][name]))

    # ------------------------------------------------------------ physical values
    def pseudo(self, name: str) -> str:
        return {
            "AWS::StackName": self.stack_name,
            "AWS::AccountId": self.account_id,
            "AWS::Region": self.region,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }[name]

    def ref(self, name: str) -> Any:
        if name.startswith("AWS::"):
            return NO_VALUE if name == "AWS::NoValue" else self.pseudo(name)
        if name in self.document.get("Parameters", {}):
            return self.parameter(name)
        if name in self.physical_refs:
            return self.physical_refs[name]
        if name not in self.resources and name.removesuffix("Role") in self.of_type(
            "AWS::Serverless::Function"
        ):
            return f"{self.stack_name}-{name}"  # the role SAM generates for a function
        resource = self._resource(name)
        props = resource.get("Properties", {})
        kind = resource["Type"]
        if kind in ("AWS::SNS::Topic", "AWS::Serverless::StateMachine", "AWS::Logs::LogGroup"):
            return self.get_att(name, "Arn")
        named = {
            "AWS::S3::Bucket": "BucketName",
            "AWS::DynamoDB::Table": "TableName",
            "AWS::Serverless::Function": "FunctionName",
            "AWS::SES::EmailIdentity": "EmailIdentity",
            "AWS::Scheduler::ScheduleGroup": "Name",
            "AWS::IAM::Role": "RoleName",
        }
        if kind in named and named[kind] in props:
            return self.resolve(props[named[kind]])
        if kind == "AWS::SQS::Queue":
            queue = self.resolve(props["QueueName"])
            return f"https://sqs.{self.region}.amazonaws.com/{self.account_id}/{queue}"
        return f"{self.stack_name}-{name}"

    def name_of(self, logical_id: str) -> str:
        resource = self._resource(logical_id)
        props = resource.get("Properties", {})
        for key in (
            "QueueName",
            "TopicName",
            "TableName",
            "BucketName",
            "FunctionName",
            "Name",
            "LayerName",
            "RoleName",
        ):
            if key in props:
                return str(self.resolve(props[key]))
        return f"{self.stack_name}-{logical_id}"

    def get_att(self, logical_id: str, attribute: str) -> str:
        resource = self._resource(logical_id)
        kind = resource["Type"]
        name = self.name_of(logical_id)
        arn_prefix = f"arn:aws:{{service}}:{self.region}:{self.account_id}:"
        if attribute in ("Name", "TopicName", "QueueName"):
            return name
        if attribute != "Arn":
            raise TemplateError(f"GetAtt {logical_id}.{attribute} is not supported locally.")
        if kind == "AWS::S3::Bucket":
            return f"arn:aws:s3:::{name}"
        if kind == "AWS::SQS::Queue":
            return arn_prefix.format(service="sqs") + name
        if kind == "AWS::SNS::Topic":
            return arn_prefix.format(service="sns") + name
        if kind == "AWS::DynamoDB::Table":
            return arn_prefix.format(service="dynamodb") + f"table/{name}"
        if kind == "AWS::Serverless::Function":
            return arn_prefix.format(service="lambda") + f"function:{name}"
        if kind == "AWS::Serverless::StateMachine":
            return arn_prefix.format(service="states") + f"stateMachine:{name}"
        if kind == "AWS::IAM::Role":
            return f"arn:aws:iam::{self.account_id}:role/{name}"
        if kind == "AWS::Scheduler::ScheduleGroup":
            return arn_prefix.format(service="scheduler") + f"schedule-group/{name}"
        if kind == "AWS::Logs::LogGroup":
            return arn_prefix.format(service="logs") + f"log-group:{name}:*"
        raise TemplateError(f"GetAtt {logical_id}.Arn ({kind}) is not supported locally.")

    def _resource(self, logical_id: str) -> dict[str, Any]:
        try:
            return self.resources[logical_id]
        except KeyError:
            raise TemplateError(f"template.yaml has no resource {logical_id}.") from None

    # ------------------------------------------------------------ intrinsics
    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            items = [self.resolve(item) for item in value]
            return [item for item in items if item is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, argument),) = value.items()
            intrinsic = self._INTRINSICS.get(key)
            if intrinsic is not None:
                return intrinsic(self, argument)
            if key.startswith("Fn::"):
                raise TemplateError(f"The intrinsic {key} is not supported by the local stack.")
        resolved = {key: self.resolve(item) for key, item in value.items()}
        return {key: item for key, item in resolved.items() if item is not NO_VALUE}

    def _get_att(self, argument: Any) -> Any:
        logical_id, attribute = argument
        return self.get_att(logical_id, attribute)

    def _join(self, argument: Any) -> str:
        separator, parts = argument
        return str(separator.join(str(part) for part in self.resolve(parts)))

    def _if(self, argument: Any) -> Any:
        name, when_true, when_false = argument
        return self.resolve(when_true if self.condition(name) else when_false)

    def _equals(self, argument: Any) -> bool:
        left, right = self.resolve(argument)
        return str(left) == str(right)

    def _not(self, argument: Any) -> bool:
        return not self.resolve(argument[0])

    def _select(self, argument: Any) -> Any:
        index, items = argument
        return self.resolve(items)[int(index)]

    _INTRINSICS: ClassVar[dict[str, Callable[[Template, Any], Any]]] = {
        "Ref": lambda self, argument: self.ref(argument),
        "Fn::GetAtt": _get_att,
        "Fn::Sub": lambda self, argument: self._sub(argument),
        "Fn::Join": _join,
        "Fn::If": _if,
        "Fn::Equals": _equals,
        "Fn::Not": _not,
        "Fn::Select": _select,
    }

    def _sub(self, argument: Any) -> str:
        text, variables = (argument, {}) if isinstance(argument, str) else argument
        local = {name: self.resolve(item) for name, item in variables.items()}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in local:
                return str(local[name])
            if "." in name:
                logical_id, attribute = name.split(".", 1)
                return self.get_att(logical_id, attribute)
            return str(self.ref(name))

        return _SUB_VARIABLE.sub(replace, text)

    # ------------------------------------------------------------ functions
    def function_environment(self, logical_id: str | None = None) -> dict[str, str]:
        """Globals' environment merged with one function's own (or all functions')."""
        merged: dict[str, str] = {}
        globals_env = self.document.get("Globals", {}).get("Function", {}).get("Environment", {})
        merged.update(self.resolve(globals_env.get("Variables", {})))
        functions = self.of_type("AWS::Serverless::Function")
        chosen = [logical_id] if logical_id else list(functions)
        for name in chosen:
            env = functions[name].get("Properties", {}).get("Environment", {})
            merged.update(self.resolve(env.get("Variables", {})))
        return {key: str(value) for key, value in merged.items()}

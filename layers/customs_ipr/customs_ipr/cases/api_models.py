"""Request bodies for opening cases by hand (CLI ``case start-*`` and ``POST /cases``) and
the printable view of a case (task tokens are never shown)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from customs_ipr.cases import opening
from customs_ipr.cases.inputs import problems
from customs_ipr.cases.model import CaseGoods, CaseParty, CaseRecordation, CaseView
from customs_ipr.cases.rules.unidentified import InfringementFinding
from customs_ipr.errors import InvalidInput


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApplicationBody(_Body):
    holder: CaseParty
    goods: list[CaseGoods] = Field(min_length=1)
    guarantee_rmb: Decimal = Field(ge=0)
    consignee: CaseParty | None = None
    recordation: CaseRecordation | None = None
    value_rmb: Decimal | None = None
    started_on: date | None = None


class PersonalBody(_Body):
    person: CaseParty
    goods: list[CaseGoods] = Field(min_length=1)
    recordation: CaseRecordation
    holder: CaseParty | None = None
    explanation: str | None = None
    started_on: date | None = None


class UnidentifiedBody(_Body):
    goods: list[CaseGoods] = Field(min_length=1)
    finding: InfringementFinding
    recordation: CaseRecordation | None = None
    holder: CaseParty | None = None
    detention_on: date | None = None
    started_on: date | None = None


BODIES: dict[str, type[_Body]] = {
    "application": ApplicationBody,
    "personal": PersonalBody,
    "unidentified": UnidentifiedBody,
}


def start_from_dict(path: str, data: dict[str, Any]) -> dict[str, Any]:
    """Open an upon-application, personal-items or unidentified-parties case."""
    model = BODIES.get(path)
    if model is None:
        raise InvalidInput(f"Unknown case path {path!r}; use one of {', '.join(BODIES)}.")
    try:
        body = model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(f"The {path} case is not valid: {problems(error)}.") from None
    start: dict[str, Callable[..., Any]] = {
        "application": opening.start_application_case,
        "personal": opening.start_personal_case,
        "unidentified": opening.start_unidentified_case,
    }
    return start[path](**dict(body)).model_dump(mode="json")


def public_view(view: CaseView) -> dict[str, Any]:
    """The case as officers see it: everything but the Step Functions task token."""
    data = view.model_dump(mode="json")
    if data["case"].get("wait"):
        data["case"]["wait"].pop("token", None)
    return data

"""Starting a case's Step Functions execution (a new case, or a stopped case resumed).

The execution input is ``{"case_id", "path", "require_declaration", "court_rule",
"answer": {}}`` (plus ``resume_at`` for a resumed case); the tasks read everything else
from the case record. An execution is named after the case (``<case_id>``, or
``<case_id>-r<n>`` for the n-th resumption), so ``ExecutionAlreadyExists`` means it was
started already and counts as started.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr import aws
from customs_ipr.cases.model import Case, CasePath
from customs_ipr.config import get_settings
from customs_ipr.errors import CustomsIprError

logger = Logger(child=True)

COURT_RULE = {
    CasePath.UPON_APPLICATION: "court_assistance_on_application",
}
"""The deadline rule of the court notice a path waits for (default ``court_assistance``)."""


def execution_input(case: Case, resume_at: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case_id": case.case_id,
        "path": case.path.value,
        "require_declaration": case.require_declaration,
        "court_rule": COURT_RULE.get(case.path, "court_assistance"),
        "answer": {},
    }
    if resume_at is not None:
        data["resume_at"] = resume_at
    return data


def start_execution(case: Case, name: str, *, resume_at: str | None = None) -> str:
    """Start the execution ``name`` for ``case``; its ARN (also when it existed already)."""
    arn = get_settings().state_machine_arn
    if not arn:
        what = "a stopped case cannot be resumed" if resume_at else "the case workflow cannot start"
        raise CustomsIprError(f"STATE_MACHINE_ARN is not set: {what}.", code="configuration")
    sfn = aws.client("stepfunctions")
    try:
        started = sfn.start_execution(
            stateMachineArn=arn, name=name, input=json.dumps(execution_input(case, resume_at))
        )
    except sfn.exceptions.ExecutionAlreadyExists:
        logger.info("case execution already exists", case_id=case.case_id, execution=name)
        return f"{arn.replace(':stateMachine:', ':execution:')}:{name}"
    return str(started["executionArn"])

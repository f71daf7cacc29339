"""Detention upon application (Regulations Arts. 14, 15): the guarantee must equal the
value of the goods, or the application is refused in writing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from customs_ipr.cases.model import Case, CaseStatus
from customs_ipr.cases.rules import application as application_rules
from customs_ipr.cases.rules import guarantee as guarantee_rules
from customs_ipr.cases.tasks.context import TaskContext
from customs_ipr.cases.tasks.issuing import issue
from customs_ipr.cases.tasks.registry import TaskParams, task
from customs_ipr.notices.kinds import AddresseeRole, NoticeKind


@task("assess_application")
def assess_application(ctx: TaskContext, case: Case, params: TaskParams) -> dict[str, Any]:
    """Upon application the guarantee must equal the value of the goods."""
    required = guarantee_rules.required_for(case)
    posted = case.guarantee_posted or Decimal("0")
    adequate = posted >= required
    ctx.record(
        case,
        "application_assessed",
        state=params.state,
        required_rmb=required,
        posted_rmb=posted,
        outcome="detain" if adequate else "refused",
        basis="Regulations Art. 14",
    )
    return {"outcome": "detain" if adequate else "refused"}


@task("refuse_application")
def refuse_application(ctx: TaskContext, case: Case, params: TaskParams) -> dict[str, Any]:
    """Regulations Art. 15: no guarantee, no detention; the applicant is told in writing."""
    ctx.store.update(case.case_id, outcome="application_refused")
    reasons = application_rules.refusal_reasons(case, guarantee_rules.required_for(case))
    ctx.record(
        case,
        "application_refused",
        state=params.state,
        status=CaseStatus.APPLICATION_REFUSED,
        reason="the guarantee is less than the value of the goods",
    )
    issue(
        ctx,
        case,
        step="application_refused",
        kind=NoticeKind.APPLICATION_REFUSED,
        role=AddresseeRole.HOLDER,
        party=case.holder,
        issued_on=ctx.today(case),
        reasons=reasons,
    )
    return {"outcome": "refused"}

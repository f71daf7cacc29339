"""Detention upon application (Regulations Arts. 14, 15, 23, 24 (1); seed 000).

On this path there is no customs investigation and no 30/50-working-day rule: the holder
must bring a people's court's assistance notice within 20 working days of detention, or
customs releases the goods (Regulations Art. 24 (1)). The detention notice says so, and
the release notice cites that rule. An application without an adequate guarantee is
refused (Art. 15: "未提供担保的，海关不得扣留"), and the applicant is told in writing why.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from customs_ipr.cases.model import Case, CasePath
from customs_ipr.notices.kinds import ReleaseReason


def detention_facts(case: Case) -> dict[str, Any]:
    """Facts of the detention notice that depend on the path."""
    facts: dict[str, Any] = {}
    if case.path is CasePath.UPON_APPLICATION:
        facts["on_application"] = True
    if case.guarantee_posted is not None:
        facts["guarantee_amount"] = str(case.guarantee_posted)
    return facts


def release_reason(case: Case, reason: ReleaseReason) -> ReleaseReason:
    """No court notice in time: 20 working days upon application, 50 ex officio."""
    if reason is ReleaseReason.NO_COURT_NOTICE and case.path is CasePath.UPON_APPLICATION:
        return ReleaseReason.NO_COURT_NOTICE_ON_APPLICATION
    return reason


def refusal_reasons(case: Case, required: Decimal) -> list[str]:
    posted = case.guarantee_posted or Decimal("0")
    return [
        f"担保金额 {posted:,.2f} 元低于货物价值 {required:,.2f} 元"
        f"（《中华人民共和国知识产权海关保护条例》第十四条、第十五条） / "
        f"the guarantee of {posted:,.2f} RMB is less than the value "
        f"of the goods, {required:,.2f} RMB (Regulations Arts. 14 and 15)"
    ]

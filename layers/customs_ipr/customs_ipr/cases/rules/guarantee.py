"""Art. 23–25: is the holder's guarantee enough to detain, and what if it is not yet?

- **Per-case guarantee (Art. 23)**: the amount is sized on the value of the goods
  (``money.ex_officio_guarantee``; upon application the value itself).
- **General guarantee (Art. 24)**: covers trademark detentions from its approval to
  31 December of that year, unless GAC has issued a notice of performance of guarantee
  liability to the guarantor (``called_on``): from that day the holder must post a
  per-case guarantee.
- **Short guarantee (Art. 25)**: the law releases the goods only when the holder "fails
  to apply or provide a guarantee" within the 3 working days of Art. 22. A reply whose
  guarantee is short of the Art. 23 amount is therefore not a refusal: the office keeps
  waiting until the end of the 3 days for a top-up. Each further reply to the same notice
  adds its amount to what was posted (a top-up is a further deposit, not a restated
  total). Silence until the due date then releases with reason ``no_guarantee``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from customs_ipr import money
from customs_ipr.cases.model import Case, CasePath, CaseTaskRefused


@dataclass(frozen=True)
class GuaranteeAssessment:
    outcome: str
    """``detain``, or ``top_up`` (short: wait for the rest within the period)."""
    required: Decimal
    posted: Decimal | None
    detail: str


def required_guarantee(value_rmb: Decimal, path: CasePath) -> Decimal:
    if path is CasePath.UPON_APPLICATION:
        return money.on_application_guarantee(value_rmb).amount
    return money.ex_officio_guarantee(value_rmb).amount


def required_for(case: Case) -> Decimal:
    """The guarantee this case requires; refused when the case has no value in RMB."""
    if case.value_rmb is None:
        raise CaseTaskRefused(
            f"Case {case.case_id} has no value in RMB, so the guarantee cannot be sized."
        )
    return required_guarantee(case.value_rmb, case.path)


def in_rmb(guarantee: dict[str, Any], on: date) -> Decimal:
    """A posted guarantee's amount in RMB at the month's rate."""
    amount = money.parse_amount(guarantee.get("amount") or 0, what="guarantee")
    return money.default_rates().to_rmb(amount, str(guarantee.get("currency") or "CNY"), on)


def general_guarantee_status(case: Case, on: date) -> tuple[bool, str]:
    """Whether a general guarantee covers this case on ``on``, and why (not)."""
    recordation = case.recordation
    if recordation is None or recordation.general_guarantee is None:
        return False, "the holder has no general guarantee"
    if (recordation.ip_type or "").lower() != "trademark":
        return False, "a general guarantee covers trademarks only (Art. 23 ¶2, Art. 24)"
    general = recordation.general_guarantee
    if general.called_on is not None and on >= general.called_on:
        return False, (
            f"GAC issued a notice of performance of the general guarantee on "
            f"{general.called_on.isoformat()}: a per-case guarantee is required (Art. 24)"
        )
    if general.expires_on is not None and on > general.expires_on:
        return False, "the general guarantee has expired"
    if not money.general_guarantee_covers(general.approved_on, on):
        return False, "the general guarantee does not cover this date (Art. 24 ¶3)"
    return True, "general guarantee (Art. 24)"


def assess(
    case: Case, guarantee: dict[str, Any], required: Decimal, on: date, in_rmb: Any
) -> GuaranteeAssessment:
    """Assess an application's guarantee; ``in_rmb(guarantee, on)`` converts an amount."""
    already = case.guarantee_posted or Decimal("0")
    if guarantee.get("form") == "general":
        covered, why = general_guarantee_status(case, on)
        if covered:
            return GuaranteeAssessment("detain", required, None, why)
        return GuaranteeAssessment(
            "top_up", required, already, f"{why}; {required} RMB required (Art. 23)"
        )
    added = in_rmb(guarantee, on) if guarantee.get("amount") is not None else Decimal("0")
    posted = already + added
    if posted >= required:
        detail = f"posted {posted} RMB against {required} RMB required (Art. 23)"
        return GuaranteeAssessment("detain", required, posted, detail)
    detail = (
        f"posted {posted} RMB against {required} RMB required (Art. 23): "
        f"{required - posted} RMB short, the holder may top up within the period (Art. 25)"
    )
    return GuaranteeAssessment("top_up", required, posted, detail)


def suspension_facts(case: Case, on: date) -> dict[str, Any]:
    """What the Art. 21 ¶2 notice says about the guarantee the holder must provide."""
    covered, _ = general_guarantee_status(case, on)
    if covered:
        return {"general_guarantee": True}
    if case.value_rmb is None:
        return {}
    return {"guarantee_amount": str(required_guarantee(case.value_rmb, case.path))}

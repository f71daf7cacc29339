"""What each demo scenario ended in, the checks against its expectations, the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from customs_ipr.errors import CustomsIprError
from customs_ipr_tools.local.demo.scenarios import Scenario

TERMINAL = {
    "released",
    "cleared",
    "confiscated",
    "renounced",
    "application_refused",
    "failed",
    "court_assistance",
}


class DemoFailed(CustomsIprError):
    code = "demo_failed"


@dataclass
class Result:
    scenario: Scenario
    upload_status: str = "missing"
    action: str = ""
    case_id: str | None = None
    case_status: str | None = None
    release_reason: str | None = None
    item_outcomes: frozenset[str] = frozenset()
    notices: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    answered: set[str] = field(default_factory=set)

    @property
    def done(self) -> bool:
        return self.case_id is None or self.case_status in TERMINAL


def check(results: list[Result]) -> None:
    for result in results:
        scenario = result.scenario
        wanted = scenario.expect_item_outcomes
        if wanted is not None and result.item_outcomes != wanted:
            result.problems.append(
                f"expected goods {', '.join(sorted(wanted))} at screening, got "
                f"{', '.join(sorted(result.item_outcomes)) or 'nothing'}"
            )
        if not scenario.expect_case:
            if result.upload_status != scenario.expect_status:
                result.problems.append(
                    f"expected {scenario.expect_status} at screening, got {result.upload_status}"
                )
            continue
        if result.case_id is None:
            result.problems.append(f"expected a case, upload ended {result.upload_status}")
            continue
        if result.case_status != scenario.expect_status:
            result.problems.append(
                f"expected case {scenario.expect_status}, got {result.case_status}"
            )
        if scenario.expect_release_reason and result.release_reason != (
            scenario.expect_release_reason
        ):
            result.problems.append(
                f"expected release reason {scenario.expect_release_reason}, "
                f"got {result.release_reason}"
            )
        if scenario.expect_notice and not any(
            n.startswith(scenario.expect_notice) for n in result.notices
        ):
            result.problems.append(f"no {scenario.expect_notice} was issued")


# ---------------------------------------------------------------- summary
def _outcome_text(result: Result) -> str:
    if result.case_id is None:
        return result.upload_status
    reason = f" ({result.release_reason})" if result.release_reason else ""
    return f"{result.case_status}{reason}"


def _short_notices(notices: list[str]) -> str:
    """``5: require_ip_status_declaration, suspension_notice, ...`` without the numbers."""
    if not notices:
        return "-"
    kinds = [n.split(" ", 1)[0].removesuffix("_notice") for n in notices]
    return f"{len(kinds)}: " + ", ".join(kinds)


def _short_deadline(text: str) -> str:
    """``holder_reply 2026-09-16→2026-09-20`` → ``holder_reply→09-20``."""
    rule, _, span = text.partition(" ")
    return f"{rule}→{span.rpartition('→')[2][5:]}"


def summary_table(results: list[Result]) -> str:
    """Declaration, goods, action, case outcome, notices sent, deadlines - one row each."""
    headers = [
        "declaration",
        "goods",
        "action",
        "case outcome",
        "notices sent",
        "deadlines",
        "check",
    ]
    rows = []
    for r in results:
        decl = r.scenario.declaration
        rows.append(
            [
                f"{decl.customs_no} ({decl.declaration_date})",
                r.scenario.title,
                r.action or r.upload_status,
                _outcome_text(r),
                _short_notices(r.notices),
                ", ".join(_short_deadline(d) for d in r.deadlines) or "-",
                "ok" if not r.problems else "FAILED",
            ]
        )
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|-" + "-|-".join("-" * w for w in widths) + "-|"
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def as_dict(result: Result) -> dict[str, Any]:
    decl = result.scenario.declaration
    return {
        "scenario": result.scenario.key,
        "declaration": decl.customs_no,
        "declaration_date": str(decl.declaration_date),
        "goods": result.scenario.title,
        "upload_status": result.upload_status,
        "action": result.action,
        "case_id": result.case_id,
        "case_status": result.case_status,
        "release_reason": result.release_reason,
        "notices": result.notices,
        "deadlines": result.deadlines,
        "problems": result.problems,
    }

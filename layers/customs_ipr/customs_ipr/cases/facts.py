"""The facts a case's notices state, taken from the case record.

The notices package renders what it is given: the case workflow (issuing a notice) and the
previews (``customs_ipr.cases.preview``) hand it these facts, so notices never read cases.
"""

from __future__ import annotations

from typing import Any

from customs_ipr.cases.model import Case, CaseParty, CasePath
from customs_ipr.documents.models import Direction
from customs_ipr.notices.context import facts_from_declaration
from customs_ipr.notices.kinds import AddresseeRole

UNKNOWN = "未查明 / not identified"


def domestic_party(case: Case) -> tuple[CaseParty | None, AddresseeRole]:
    """The trader customs writes to: the consignee of an import, the consignor of an export."""
    exporting = case.declaration is not None and case.declaration.direction is Direction.EXPORT
    if exporting:
        return case.consignor, AddresseeRole.CONSIGNOR
    if case.path is CasePath.PERSONAL_ITEMS and case.person is not None:
        return case.person, AddresseeRole.CONSIGNEE
    return case.consignee, AddresseeRole.CONSIGNEE


def party_or_unknown(party: CaseParty | None) -> dict[str, Any]:
    """A party as a notice names it, or "not identified"."""
    if party is None:
        return {"name": UNKNOWN}
    return {"name": party.name, "code": party.code}


def case_facts(case: Case, **extra: Any) -> dict[str, Any]:
    """The facts every notice of this case states (also used by notice previews)."""
    facts: dict[str, Any] = {}
    if case.declaration is not None:
        facts = facts_from_declaration(case.declaration).model_dump(mode="json")
    facts["declaration_no"] = case.declaration_ref or case.case_id
    facts["goods"] = [
        {k: v for k, v in g.model_dump(mode="json").items() if k != "item_no"} for g in case.goods
    ]
    for role in ("consignee", "consignor", "holder"):
        party = getattr(case, role)
        if party is None and role == "consignee" and case.person is not None:
            party = case.person
        if party is not None:
            facts[role] = {"name": party.name, "code": party.code, "country": party.country}
    facts.setdefault("consignee", {"name": UNKNOWN})
    if case.recordation is not None:
        facts["recordation"] = {
            "recordation_no": case.recordation.recordation_no,
            "title": case.recordation.title,
            "ip_type": case.recordation.ip_type,
            "registration_no": case.recordation.registration_no,
        }
    if case.detention_on:
        facts["detention_date"] = case.detention_on.isoformat()
    facts.update(extra)
    return {k: v for k, v in facts.items() if v is not None}

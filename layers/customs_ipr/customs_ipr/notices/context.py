"""Build notice facts from what the pipeline already holds: a parsed declaration, a case.

``load_case_context`` needs the case module (``customs_ipr.cases.store.CaseStore``); it
is imported only when called, so rendering from a data file works without it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from customs_ipr.documents.models import Declaration, Direction
from customs_ipr.errors import CustomsIprError, InvalidInput
from customs_ipr.notices.kinds import AddresseeRole, NoticeKind, kind_info
from customs_ipr.notices.models import Facts, GoodsLine, NoticeContext, Party, build_context


def facts_from_declaration(declaration: Declaration) -> Facts:
    """Declaration → notice facts, mapping 境内/境外 parties to consignee/consignor by direction."""
    domestic = Party(name=declaration.consignee.name, code=declaration.consignee.code)
    foreign = (
        Party(name=declaration.foreign_party.name, code=declaration.foreign_party.code)
        if declaration.foreign_party
        else None
    )
    importing = declaration.direction is Direction.IMPORT
    port = None
    if declaration.port:
        port = " ".join(x for x in (declaration.port.code, declaration.port.name) if x) or None
    if importing:
        departure = declaration.departure_port or declaration.departure_country
        destination = port
    else:
        departure = port
        destination = declaration.destination_port or declaration.destination_country
    return Facts(
        declaration_no=declaration.reference,
        declaration_date=declaration.declaration_date,
        port=port,
        goods=[
            GoodsLine(
                name=item.name,
                brand=item.brand,
                hs_code=item.hs_code,
                quantity=item.quantity,
                unit=item.unit,
                value=item.total_price,
                currency=item.currency,
            )
            for item in declaration.items
        ],
        consignee=domestic if importing else foreign,
        consignor=foreign if importing else domestic,
        departure=departure,
        destination=destination,
    )


def _field(record: Any, name: str) -> Any:
    if isinstance(record, dict):
        return record.get(name)
    return getattr(record, name, None)


def load_case_context(
    case_id: str,
    kind: NoticeKind | str,
    *,
    notice_no: str | None = None,
    issued_on: date | None = None,
) -> NoticeContext:
    """The context of a notice of ``kind`` for a stored case (for previews).

    If the case record offers ``notice_context(kind)`` (a dict or ``NoticeContext``), that
    is used. Otherwise the facts come from its ``declaration`` plus any of these fields
    the record has: ``holder``, ``recordation``, ``detention_date``,
    ``penalty_effective_date``, ``guarantee_amount``, ``release_reason``, ``due_date``.
    A preview without a number gets ``PREVIEW-<case_id>``.
    """
    try:
        from customs_ipr.cases.store import CaseStore  # type: ignore[import-not-found]
    except ImportError as error:
        raise CustomsIprError(
            "Rendering from a case needs the case store, which is not installed; use --data.",
            code="case_store_unavailable",
        ) from error
    kind = NoticeKind(kind)
    case = CaseStore().get(case_id)
    if case is None:
        raise CustomsIprError(f"There is no case {case_id}.", code="not_found")
    provider = getattr(case, "notice_context", None)
    if callable(provider):
        made = provider(kind)
        return made if isinstance(made, NoticeContext) else build_context(made)
    declaration = _field(case, "declaration")
    if declaration is None:
        raise InvalidInput(f"Case {case_id} holds no declaration to take notice facts from.")
    if isinstance(declaration, dict):
        declaration = Declaration.model_validate(declaration)
    facts = facts_from_declaration(declaration).model_dump()
    for name in (
        "holder",
        "recordation",
        "detention_date",
        "penalty_effective_date",
        "guarantee_amount",
        "release_reason",
    ):
        value = _field(case, name)
        if value is not None:
            facts[name] = value.model_dump() if hasattr(value, "model_dump") else value
    role = kind_info(kind).roles[0]
    party = facts.get("holder") if role is AddresseeRole.HOLDER else facts.get("consignee")
    addressee = {"name": (party or {}).get("name") or role.value, "role": role.value}
    return build_context(
        {
            "notice_no": notice_no or f"PREVIEW-{case_id}",
            "kind": kind.value,
            "issued_on": (issued_on or date.today()).isoformat(),
            "addressee": addressee,
            "case_id": case_id,
            "facts": facts,
            "due_date": _field(case, "due_date"),
        }
    )

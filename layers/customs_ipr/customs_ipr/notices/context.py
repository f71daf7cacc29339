"""Build notice facts from what the pipeline already holds: a parsed declaration, a case.

``load_case_context`` asks the case workflow (``customs_ipr.cases.notify.preview_data``)
what a case's notice would say; it is imported only when called.
"""

from __future__ import annotations

from datetime import date

from customs_ipr.documents.models import Declaration, Direction
from customs_ipr.notices.kinds import NoticeKind
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


def load_case_context(
    case_id: str,
    kind: NoticeKind | str,
    *,
    notice_no: str | None = None,
    issued_on: date | None = None,
) -> NoticeContext:
    """The context of a notice of ``kind`` for a stored case (``notice render --case``).

    The case workflow owns what a case's notices say (``customs_ipr.cases.notify``); a
    preview without a number gets ``PREVIEW-<case_id>``.
    """
    from customs_ipr.cases.notify import preview_data

    return build_context(
        preview_data(case_id, NoticeKind(kind), notice_no=notice_no, issued_on=issued_on)
    )

"""Build notice facts from what the pipeline already holds: a parsed declaration.

Notices never read a case: the case workflow hands them a case's facts
(``customs_ipr.cases.facts``; previews: ``customs_ipr.cases.preview``).
"""

from __future__ import annotations

from customs_ipr.documents.models import Declaration, Direction
from customs_ipr.notices.models import Facts, GoodsLine, Party


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

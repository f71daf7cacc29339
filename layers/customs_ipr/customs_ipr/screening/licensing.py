"""Whether a declaring party may use a matched recordation: holder, licensee, pre-confirmed.

See ``screening.parties`` for what counts as the same party. A pre-confirmation counts
only within its period, for its goods and, when it records a port, at that port: the
declaration's port (code or name) must match, and a declaration that names no port does
not match a pre-confirmation bound to one.

When no party is licensed but one *nearly* is - its name equals the holder's, a
licensee's or a pre-confirmed trader's only once legal forms are dropped, or it is the
pre-confirmed trader at another port - the answer is a reason with ``effect = hit``
(``licensee_name_differs`` / ``preconfirmation_port_differs``) that tells the officer why
the goods were not released as licensed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from customs_ipr.documents.models import Declaration, GoodsItem, Party
from customs_ipr.recordations.models import Recordation, hs_covered
from customs_ipr.screening.models import Effect, Reason, Rule
from customs_ipr.screening.parties import looks_like, same_party, same_port


def declaring_parties(declaration: Declaration) -> list[Party]:
    return [p for p in (declaration.consignee, declaration.foreign_party) if p is not None]


def _port(declaration: Declaration | None) -> tuple[str | None, str | None]:
    if declaration is None or declaration.port is None:
        return None, None
    return declaration.port.code, declaration.port.name


def _base(recordation: Recordation) -> dict[str, Any]:
    return {"recordation_no": recordation.recordation_no, "term": recordation.title}


def licence(
    recordation: Recordation,
    parties: list[Party],
    item: GoodsItem,
    day: date,
    declaration: Declaration | None = None,
) -> tuple[Reason | None, list[Reason]]:
    """The licensing reason, if any, and the near-miss reasons that explain a refusal."""
    port = _port(declaration)
    near: list[Reason] = []
    for party in parties:
        granted = _holder_or_licensee(recordation, party)
        if granted is None:
            granted, port_differs = _preconfirmed(recordation, party, item, day, port)
            near.extend(port_differs)
        if granted is not None:
            return granted, []
        near.extend(_names_differ(recordation, party))
    return None, near


def _holder_or_licensee(recordation: Recordation, party: Party) -> Reason | None:
    base = _base(recordation)
    if same_party(party.name, party.code, recordation.holder.name, None):
        return Reason(
            **base,
            rule=Rule.HOLDER,
            effect=Effect.LICENSED,
            detail="the declaring party is the holder",
        )
    for licensee in recordation.licensees:
        if same_party(party.name, party.code, licensee.name, licensee.code):
            return Reason(
                **base, rule=Rule.LICENSEE, effect=Effect.LICENSED, detail="recorded licensee"
            )
    return None


def _preconfirmed(
    recordation: Recordation,
    party: Party,
    item: GoodsItem,
    day: date,
    port: tuple[str | None, str | None],
) -> tuple[Reason | None, list[Reason]]:
    """A pre-confirmation of ``party`` for these goods on ``day`` at the declared port.

    Also the pre-confirmations that would count but for the port, as near-miss reasons.
    """
    base = _base(recordation)
    port_code, port_name = port
    near: list[Reason] = []
    for pre in recordation.preconfirmations:
        if not same_party(party.name, party.code, pre.name, pre.code):
            continue
        if not (
            pre.valid_from <= day <= pre.valid_until and hs_covered(item.hs_code, pre.hs_codes)
        ):
            continue
        if not same_port(pre.port, port_code, port_name):
            near.append(
                Reason(
                    **base,
                    rule=Rule.PRECONFIRMATION_PORT_DIFFERS,
                    effect=Effect.HIT,
                    detail=f"{party.name} is pre-confirmed for port {pre.port}, "
                    f"declared at {port_code or port_name or 'no port'}",
                )
            )
            continue
        granted = Reason(
            **base,
            rule=Rule.PRECONFIRMATION,
            effect=Effect.LICENSED,
            detail=f"pre-confirmed {pre.valid_from}..{pre.valid_until}",
        )
        return granted, near
    return None, near


def _names_differ(recordation: Recordation, party: Party) -> list[Reason]:
    """A reason for each recorded trader whose name ``party`` nearly has (legal form only)."""
    recorded = [("holder", recordation.holder.name)]
    recorded += [("licensee", t.name) for t in recordation.licensees]
    recorded += [("pre-confirmed trader", t.name) for t in recordation.preconfirmations]
    return [
        Reason(
            **_base(recordation),
            rule=Rule.LICENSEE_NAME_DIFFERS,
            effect=Effect.HIT,
            detail=f"declared party {party.name!r} is not the recorded {role} "
            f"{name!r}: the names differ (legal form or wording) and no code matches",
        )
        for role, name in recorded
        if looks_like(party.name, name)
    ]


def known_infringer(recordation: Recordation, parties: list[Party]) -> bool:
    return any(
        same_party(party.name, party.code, infringer.name, infringer.code)
        for party in parties
        for infringer in recordation.known_infringers
    )

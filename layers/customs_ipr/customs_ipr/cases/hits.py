"""What an ex officio case needs of screening: each suspected item and the recordation it hits."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from customs_ipr.cases.model import GeneralGuaranteeRef
from customs_ipr.recordations.store import RecordationStore, default_store


class CaseHit(BaseModel):
    """A suspected item and the recordation it hits, with what the case needs of it."""

    model_config = ConfigDict(extra="ignore")

    item_no: int
    recordation_no: str | None = None
    holder_name: str | None = None
    holder_email: str | None = None
    holder_country: str | None = None
    ip_type: str | None = None
    title: str | None = None
    registration_no: str | None = None
    general_guarantee: GeneralGuaranteeRef | None = None


def hits_from_screening(
    screening: Any, recordations: RecordationStore | None = None
) -> tuple[str, list[CaseHit]]:
    """Accept a ``ScreeningResult`` or a plain dict ``{"action": ..., "hits": [...]}``.

    A ScreeningResult names recordations only, so holder, IP type and general guarantee
    are read from the recordations store (``recordations``, default: the DynamoDB one).
    """
    if isinstance(screening, dict):
        action = str(screening.get("action", "suspend_release"))
        hits = [CaseHit.model_validate(h) for h in screening.get("hits", [])]
    else:
        action = str(getattr(screening.action, "value", screening.action))
        hits = [
            CaseHit(item_no=item.item_no, recordation_no=number)
            for item in screening.items
            if str(getattr(item.outcome, "value", item.outcome)) == "hit"
            for number in item.recordations[:1]
        ]
    missing = {h.recordation_no for h in hits if h.recordation_no and not h.holder_name}
    if missing:
        found = (recordations or default_store()).get_many(sorted(missing))
        hits = [_with_recordation(h, found.get(h.recordation_no or "")) for h in hits]
    return action, hits


def _with_recordation(hit: CaseHit, recordation: Any) -> CaseHit:
    if recordation is None or hit.holder_name:
        return hit
    general = recordation.general_guarantee
    email = recordation.holder.email or (recordation.agent.email if recordation.agent else None)
    return hit.model_copy(
        update={
            "holder_name": recordation.holder.name,
            "holder_email": hit.holder_email or email,
            "holder_country": recordation.holder.country,
            "ip_type": str(getattr(recordation.ip_type, "value", recordation.ip_type)),
            "title": recordation.title,
            "registration_no": recordation.registration_no,
            "general_guarantee": (
                GeneralGuaranteeRef(
                    amount=general.amount,
                    approved_on=general.approved_on,
                    expires_on=general.expires_on,
                    called_on=general.called_on,
                )
                if general
                else None
            ),
        }
    )

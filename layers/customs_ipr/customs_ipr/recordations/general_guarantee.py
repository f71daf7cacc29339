"""Art. 24 ¶3: GAC calls a holder's general guarantee (notice of performance to the guarantor).

``customs-ipr recordations guarantee-called NO --on DATE`` records the day GAC issued the
notice of performance of guarantee liability to the bank or financial institution (the
holder failed to pay the fees of Regulations Art. 25 or to bear the liability of Art. 29).
From that day the general guarantee covers no new detention: the holder answers a
suspension with a per-case guarantee (Art. 23). The change is kept in the recordation's
history like any other.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from customs_ipr.errors import Conflict, NotFound
from customs_ipr.recordations.models import Recordation


def call_general_guarantee(store: Any, number: str, on: date) -> dict[str, Any]:
    current = store.get(number.upper())
    if current is None:
        raise NotFound(f"There is no recordation {number}.")
    general = current.general_guarantee
    if general is None:
        raise Conflict(f"Recordation {current.recordation_no} has no general guarantee.")
    if general.called_on is not None:
        raise Conflict(
            f"The general guarantee of {current.recordation_no} was already called on "
            f"{general.called_on.isoformat()}."
        )
    updated = current.model_dump()
    updated["general_guarantee"] = {**general.model_dump(), "called_on": on}
    recordation = Recordation.model_validate(updated)
    outcome = store.save(recordation, source=f"GAC notice of performance of {on.isoformat()}")
    return {
        "recordation_no": recordation.recordation_no,
        "general_guarantee_called_on": on.isoformat(),
        "action": outcome.action,
        "effect": "from this day the holder must post a per-case guarantee (Art. 23)",
    }

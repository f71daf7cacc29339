"""Art. 32 ¶1: infringing goods whose parties cannot be identified.

- **Finding first.** The announcement states that the goods "经调查认定侵犯知识产权" (were
  found by investigation to infringe). The case therefore opens with the officer's
  infringement finding (date, officer, what it rests on), recorded as the event
  ``infringement_found``; the announcement task refuses to publish without it and is never
  dated before it.
- **A party identified late.** When a consignee or consignor comes forward during the 3
  months, the goods become an ordinary detained case. The periods that protect a party
  (30 working days for the Art. 28 notice, 50 for the court's assistance notice, Art. 29)
  cannot run before the party exists, so they count from the identification date
  (``Case.periods_from``), not from the original detention (which stays the detention
  date every notice states). The identified party is served the detention voucher (Art. 26).
- **Confiscation after the 3 months** is a confiscation: the holder gets the written
  Art. 30 notice, with the parties "未查明" and no fine (nobody to fine).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class InfringementFinding(BaseModel):
    """The officer's finding that the goods infringe (before any Art. 32 announcement)."""

    model_config = ConfigDict(extra="forbid")

    found_on: date
    officer: str = Field(min_length=1)
    basis: str = Field(min_length=1, description="what the finding rests on (comparison …)")


def periods_start(case: Any) -> date | None:
    """The date the 30/50-working-day periods of a detained case count from."""
    return case.periods_from or case.detention_on

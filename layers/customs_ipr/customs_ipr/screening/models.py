"""The typed answer of screening one declaration."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ItemOutcome(StrEnum):
    CLEAR = "clear"
    LICENSED = "licensed"
    HIT = "hit"


class Action(StrEnum):
    RELEASE = "release"
    REQUIRE_IP_STATUS_DECLARATION = "require_ip_status_declaration"  # Art. 21 para. 1
    SUSPEND_RELEASE = "suspend_release"  # Art. 21 para. 2


class Rule(StrEnum):
    EXACT = "exact"
    CONFUSABLE = "confusable"
    NEAR = "near"
    SOUND_ALIKE = "sound_alike"
    LOOK_ALIKE = "look_alike"
    GLUED = "glued"
    CROSS_SCRIPT = "cross_script"
    ACCESSORY_REFERENCE = "accessory_reference"
    KNOWN_INFRINGER = "known_infringer"
    BRAND_TYPE_CONTRADICTION = "brand_type_contradiction"
    LICENSEE = "licensee"
    PRECONFIRMATION = "preconfirmation"
    HOLDER = "holder"
    OUT_OF_SCOPE = "out_of_scope"
    MARKS_OF_OTHER_ITEM = "marks_of_other_item"
    NOT_VALID = "not_valid"
    LICENSEE_NAME_DIFFERS = "licensee_name_differs"
    PRECONFIRMATION_PORT_DIFFERS = "preconfirmation_port_differs"


class Effect(StrEnum):
    """What a reason did to the item: made it a hit, licensed it, or explains a clear."""

    HIT = "hit"
    STRONG = "strong"
    LICENSED = "licensed"
    CLEARED = "cleared"


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)

    recordation_no: str
    rule: Rule
    effect: Effect
    term: str
    matched_text: str | None = None
    source: str | None = None
    score: float | None = None
    detail: str | None = None


class ItemResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    item_no: int
    outcome: ItemOutcome
    recordations: list[str]
    reasons: list[Reason]


class ScreeningStats(BaseModel):
    dynamodb_requests: int
    term_keys: int
    term_entries: int
    recordations_fetched: int
    elapsed_ms: float


class ScreeningResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    declaration: str
    action: Action
    items: list[ItemResult]
    stats: ScreeningStats

    def summary(self) -> dict[str, object]:
        """The CLI's shape: action, items, stats."""
        return {
            "declaration": self.declaration,
            "action": self.action,
            "items": self.items,
            "stats": self.stats,
        }

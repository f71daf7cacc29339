"""Art. 31: personal items and postal items beyond a reasonable quantity for personal use.

The law does not fix the reasonable quantity. The office keeps it as operator data, one
quantity per kind of goods (``customs_ipr/data/reasonable_personal_quantities.json``; the
``REASONABLE_QUANTITIES`` setting names a replacement file). Each kind is assessed on its
own: two pairs of shoes and one watch are within use, three watches are not. Items of a
kind the table does not list use its ``default``.

The law sets no time limit on a renunciation ("unless the passenger or recipient declares a
renunciation and customs consents"): the office's 3 working days (``LOCAL_RULES``) are
the time given to renounce or explain before the investigation starts, and a renunciation
that comes later is still accepted while the case is under investigation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from customs_ipr.cases.model import CaseGoods
from customs_ipr.config import DATA_DIR
from customs_ipr.errors import RetryableError

BUNDLED_TABLE = DATA_DIR / "reasonable_personal_quantities.json"


class QuantityTableInvalid(RetryableError):
    code = "reasonable_quantities_invalid"


@dataclass(frozen=True)
class GoodsKind:
    kind: str
    quantity: Decimal
    unit: str
    hs_prefixes: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuantityTable:
    kinds: tuple[GoodsKind, ...]
    default: GoodsKind

    def kind_of(self, goods: CaseGoods) -> GoodsKind:
        code = "".join(ch for ch in (goods.hs_code or "") if ch.isdigit())
        by_code = [
            (len(prefix), kind)
            for kind in self.kinds
            for prefix in kind.hs_prefixes
            if code and code.startswith(prefix)
        ]
        if by_code:
            return max(by_code, key=lambda pair: pair[0])[1]
        name = goods.name.lower()
        for kind in self.kinds:
            if any(word.lower() in name for word in kind.words):
                return kind
        return self.default


def _decimal(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise QuantityTableInvalid(f"{where}: quantity {value!r} is not a number.") from None
    if number < 0:
        raise QuantityTableInvalid(f"{where}: quantity {value} is negative.")
    return number


def parse_table(raw: dict[str, Any], origin: str) -> QuantityTable:
    default = raw.get("default")
    if not isinstance(default, dict) or "quantity" not in default:
        raise QuantityTableInvalid(f"{origin}: needs a 'default' with a 'quantity'.")
    kinds = []
    for index, entry in enumerate(raw.get("kinds", [])):
        where = f"{origin}: kinds[{index}]"
        if not isinstance(entry, dict) or not entry.get("kind"):
            raise QuantityTableInvalid(f"{where} needs a 'kind' name.")
        kinds.append(
            GoodsKind(
                kind=str(entry["kind"]),
                quantity=_decimal(entry.get("quantity"), where),
                unit=str(entry.get("unit", "")),
                hs_prefixes=tuple(str(p) for p in entry.get("hs_prefixes", [])),
                words=tuple(str(w) for w in entry.get("words", [])),
            )
        )
    return QuantityTable(
        kinds=tuple(kinds),
        default=GoodsKind(
            kind="default",
            quantity=_decimal(default["quantity"], f"{origin}: default"),
            unit=str(default.get("unit", "")),
        ),
    )


@lru_cache(maxsize=4)
def load_table(path: str) -> QuantityTable:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QuantityTableInvalid(f"Reasonable-quantity table {path} does not exist.") from None
    except json.JSONDecodeError as error:
        raise QuantityTableInvalid(f"{path} is not valid JSON ({error}).") from None
    return parse_table(raw, origin=str(path))


def default_table() -> QuantityTable:
    from customs_ipr.config import get_settings

    return load_table(get_settings().reasonable_quantities or str(BUNDLED_TABLE))


def assess(goods: list[CaseGoods], table: QuantityTable | None = None) -> dict[str, Any]:
    """Quantities per kind against the table; ``beyond`` lists the kinds over their limit."""
    table = table or default_table()
    totals: dict[str, Decimal] = {}
    kinds: dict[str, GoodsKind] = {}
    for item in goods:
        kind = table.kind_of(item)
        kinds[kind.kind] = kind
        totals[kind.kind] = totals.get(kind.kind, Decimal("0")) + (item.quantity or Decimal("1"))
    per_kind = [
        {
            "kind": name,
            "quantity": totals[name],
            "reasonable_quantity": kinds[name].quantity,
            "unit": kinds[name].unit,
            "beyond": totals[name] > kinds[name].quantity,
        }
        for name in sorted(totals)
    ]
    return {"per_kind": per_kind, "beyond": [k["kind"] for k in per_kind if k["beyond"]]}

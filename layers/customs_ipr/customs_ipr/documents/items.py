"""One goods row's cells (column role → its lines, top to bottom) as a ``GoodsItem``.

- Name and declaration elements in one column (``商品名称及规格型号``): the lines before
  the first line holding a ``|`` are the name, the rest the elements (joined as printed).
- Quantity: the FIRST line of 数量及单位 (the legal first unit, as the single window prints
  it); a separate 单位 column gives the unit.
- Prices: in a combined ``单价/总价/币制`` column the first number is the unit price, the
  second the total, and the currency is the word (or the 3-digit customs code after the
  two prices); separate columns are read each for itself. Thousands separators are dropped.
"""

from __future__ import annotations

import re

from customs_ipr.documents import normalize
from customs_ipr.documents.goods import Row
from customs_ipr.documents.header import join_text
from customs_ipr.documents.models import GoodsItem


def _spec(lines: list[str]) -> str | None:
    text = "".join(lines)
    if not text:
        return None
    return normalize.clean(re.sub(r"\s*\|\s*", "|", text))


def _combined(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """``单价/总价/币制`` in one column: the first two numbers and the currency word (or the
    3-digit customs code after the two prices)."""
    numbers: list[str] = []
    currency = None
    for token in " ".join(lines).replace("/", " ").split():
        if len(numbers) >= 2 and currency is None and normalize.is_currency(token):
            currency = token
        elif normalize.is_number(token) and len(numbers) < 2:
            numbers.append(token)
        elif currency is None and not normalize.is_number(token) and normalize.is_currency(token):
            currency = token
    price = numbers[0] if numbers else None
    total = numbers[1] if len(numbers) > 1 else None
    return price, total, currency


def _first_number(lines: list[str]) -> str | None:
    """The first number of a price column's cell."""
    for text in lines:
        found = next((t for t in text.split() if normalize.is_number(t)), None)
        if found is not None:
            return found
    return None


def _currency_beside(lines: list[str]) -> str | None:
    """A currency printed beside a price (``85.00 USD``)."""
    for text in lines:
        for token in text.split():
            if not normalize.is_number(token) and normalize.is_currency(token):
                return token
    return None


def _prices(cells: dict[str, list[str]]) -> tuple[str | None, str | None, str | None]:
    price = total = currency = None
    if "combo" in cells:
        price, total, currency = _combined(cells["combo"])
    if price is None:
        price = _first_number(cells.get("price", []))
    if total is None:
        total = _first_number(cells.get("total", []))
    if currency is None and "currency" in cells:
        currency = " ".join(cells["currency"])
    if currency is None:
        currency = _currency_beside(cells.get("price", []) + cells.get("total", []))
    return price, total, currency


def goods_item(row: Row) -> GoodsItem | str:
    """A GoodsItem, or the reason the row cannot be read."""
    cells = row.cells
    hs = normalize.hs_code("".join(cells.get("hs", [])).replace(" ", ""))
    if hs is None:
        return f"item {row.item_no} has no 10-digit HS code"
    name_lines = cells.get("name", [])
    spec_lines = list(cells.get("spec", []))
    split = next((n for n, text in enumerate(name_lines) if "|" in text), len(name_lines))
    if "spec" not in cells:
        spec_lines = name_lines[split:]
    name = normalize.clean(join_text(name_lines[:split]))
    if not name:
        return f"item {row.item_no} has no goods name"
    spec = _spec(spec_lines)
    brand_type, brand = normalize.spec_brand(spec)
    qty_lines = cells.get("qty") or []
    quantity, unit = normalize.quantity_and_unit(qty_lines[0] if qty_lines else None)
    if "unit" in cells:
        unit = normalize.clean(cells["unit"][0])
    price, total, currency = _prices(cells)
    return GoodsItem(
        item_no=row.item_no,
        hs_code=hs,
        name=name,
        spec=spec,
        brand=brand,
        brand_type=brand_type,
        quantity=quantity,
        unit=unit,
        unit_price=normalize.money(price),
        total_price=normalize.money(total),
        currency=normalize.currency(currency),
        origin_country=normalize.country(join_text(cells.get("origin", []))),
        destination_country=normalize.country(join_text(cells.get("dest", []))),
    )

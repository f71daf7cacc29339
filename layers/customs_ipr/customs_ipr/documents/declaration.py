"""Reading a goods declaration (报关单) from its pages' words and rules.

Strategy: the goods table is found by its header vocabulary and read by columns and item
numbers (:mod:`goods`, :mod:`items`); every other line is searched for header labels,
whose values are read from the label's cell where ruling lines exist and by alignment
otherwise (:mod:`header`). Labels are data (:mod:`vocabulary`). The input is words with
boxes and ruling lines (:class:`~customs_ipr.documents.pdf.Page`), so an OCR engine's
output can be read the same way.

Fail soft (for the README):
- A declaration whose goods were read is returned even when header fields were not: the
  fields not read are listed in ``missing`` and ``needs_review`` is true (an officer
  checks it); a domestic party not read is printed as ``(not read)``; a direction not
  read is taken as import (and listed). Goods rows that cannot be read (no HS code,
  a jump in item numbers) are listed too, and the rows that were read are kept.
- Only a declaration with no readable goods is refused (``incomplete_declaration``).
- Header fields: the first occurrence wins (continuation pages repeat the header).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from customs_ipr.documents import errors, normalize
from customs_ipr.documents.goods import TableReader
from customs_ipr.documents.header import HeaderReader
from customs_ipr.documents.items import goods_item
from customs_ipr.documents.labels import LabelSet
from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party, Port
from customs_ipr.documents.pdf import Line
from customs_ipr.documents.vocabulary import header_labels

NOT_READ = "(not read)"
_TITLE_DIRECTION = re.compile(
    r"(进口|出口)货物报关单|\b(import|export)\b[^\n]{0,30}declaration|"
    r"declaration\s*\((import|export)\)",
    re.I,
)
_LABELS = {key: LabelSet(header_labels(key)) for key in ("import", "export", None)}
_DIRECTION_LABELS = {
    Direction.IMPORT: re.compile(
        r"境内收货人|进境关别|进口口岸|进口日期|Import date|Port of entry|Importer", re.I
    ),
    Direction.EXPORT: re.compile(
        r"境内发货人|出境关别|出口口岸|出口日期|Export date|Port of exit|Exporter", re.I
    ),
}


def _direction(pages: Sequence[Sequence[Line]]) -> Direction | None:
    first = pages[0] if pages else ()
    for line in first[:10]:
        match = _TITLE_DIRECTION.search(line.text)
        if match:
            word = next(g for g in match.groups() if g).lower()
            return Direction.IMPORT if word in ("进口", "import") else Direction.EXPORT
    text = "\n".join(line.text for line in first)
    counts = {d: len(p.findall(text)) for d, p in _DIRECTION_LABELS.items()}
    if counts[Direction.IMPORT] != counts[Direction.EXPORT]:
        return max(counts, key=lambda d: counts[d])
    return None


def parse_declaration_lines(pages: Sequence[Sequence[Line]]) -> Declaration:
    """Build the declaration from every page (see the module docstring)."""
    direction = _direction(pages)
    labels = _LABELS[direction.value if direction else None]
    table = TableReader(labels)
    values: dict[str, str] = {}
    for lines in pages:
        rules = getattr(lines, "rules", [])
        used = table.read_page(lines, rules)
        for key, value in HeaderReader(lines, rules, labels, used).values().items():
            values.setdefault(key, value)
    missing: list[str] = []
    items: list[GoodsItem] = []
    expected = 1
    for row in table.rows:
        item = goods_item(row)
        if isinstance(item, str):
            missing.append(item)
            expected = max(expected, row.item_no + 1)
            continue
        if item.item_no > expected:
            missing.append(
                f"goods item {expected}"
                + (f" to {item.item_no - 1}" if item.item_no - 1 > expected else "")
                + f" (the rows read jump to item {item.item_no})"
            )
        items.append(item)
        expected = item.item_no + 1
    if not items:
        found = (
            "the goods items"
            if not table.rows
            else "readable goods items (" + "; ".join(missing) + ")"
        )
        header_missing = (
            []
            if normalize.party(values.get("consignee") or values.get("operating_unit"))[0]
            else ["the domestic consignee or consignor"]
        )
        raise errors.IncompleteDeclaration(
            "The declaration is missing " + "; ".join([*header_missing, found]) + "."
        )
    return _declaration(direction, values, items, missing)


def _declaration(
    direction: Direction | None, values: dict[str, str], items: list[GoodsItem], missing: list[str]
) -> Declaration:
    header_missing: list[str] = []
    if direction is None:
        header_missing.append("direction")
    name, code = normalize.party(values.get("consignee"))
    if name is None:
        name, other_code = normalize.party(values.get("operating_unit"))
        code = code or other_code
    if name is None:
        header_missing.append("consignee")
    customs_no = _number(values.get("customs_no"))
    pre_entry_no = _number(values.get("pre_entry_no"))
    if customs_no is None and pre_entry_no is None:
        header_missing.append("customs_no")
    foreign_name, foreign_code = normalize.party(values.get("foreign_party"))
    port = _port(values.get("port"))
    declared = normalize.parse_date(values.get("declaration_date"))
    imp = direction is not Direction.EXPORT
    country_field = "departure_country" if imp else "destination_country"
    country = normalize.country(values.get(country_field))
    for key, value in (
        ("foreign_party", foreign_name),
        ("port", port),
        ("declaration_date", declared),
        (country_field, country),
    ):
        if value is None:
            header_missing.append(key)
    return Declaration(
        direction=direction or Direction.IMPORT,
        customs_no=customs_no,
        pre_entry_no=pre_entry_no,
        declaration_date=declared,
        consignee=Party(name=name or NOT_READ, code=code),
        foreign_party=Party(name=foreign_name, code=foreign_code) if foreign_name else None,
        port=port,
        departure_country=country if imp else None,
        destination_country=None if imp else country,
        trade_terms=_trade_terms(values.get("trade_terms")),
        departure_port=_place(values.get("departure_port")) if imp else None,
        destination_port=None if imp else _place(values.get("destination_port")),
        marks=normalize.clean(values.get("marks")),
        royalties_paid=_yes_no(values.get("royalties")),
        items=items,
        missing=header_missing + missing,
        needs_review=bool(header_missing or missing),
    )


def _yes_no(text: str | None) -> bool | None:
    value = normalize.clean(text)
    if value is None:
        return None
    if re.match(r"^(是|yes|y)\b", value, re.I):
        return True
    if re.match(r"^(否|no|n)\b", value, re.I):
        return False
    return None


def _port(text: str | None) -> Port | None:
    value = normalize.clean(text)
    if value is None:
        return None
    code, name = normalize.split_code(value)
    return Port(code=code, name=name or None)


_NUMBER_LENGTH = 18
"""Customs and pre-entry numbers are 18 characters long."""


def _number(text: str | None) -> str | None:
    """A document number: the first run of 9+ letters/digits (the single window prints
    the port name after the customs number: ``224420241000123456 (洋山港区)``). A number
    wrapped in a narrow cell (``422796974500`` over ``157843``) is read as one: the runs
    that follow it are joined while the number stays within 18 characters."""
    value = normalize.clean(text)
    if value is None:
        return None
    upper = value.upper()
    match = re.search(r"[0-9A-Z]{9,}", upper)
    if match is None:
        return value
    number, rest = match.group(0), upper[match.end() :]
    while (more := re.match(r"\s+([0-9A-Z]+)(?![^\s(])", rest)) is not None:
        if len(number) + len(more.group(1)) > _NUMBER_LENGTH:
            break
        number, rest = number + more.group(1), rest[more.end() :]
    return number


def _place(text: str | None) -> str | None:
    """A port of loading/destination: its name, without the code in parentheses."""
    value = normalize.clean(text)
    if value is None:
        return None
    _, name = normalize.split_code(value)
    return name or value


def _trade_terms(text: str | None) -> str | None:
    value = normalize.clean(text)
    if value is None:
        return None
    _, name = normalize.split_code(value)
    return (name or value).upper()

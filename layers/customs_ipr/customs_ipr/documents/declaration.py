"""Reading a goods declaration (报关单) from the lines of its pages.

Header fields are found by their labels (see :mod:`labels`); the goods table by its
header row (项号 / 商品编号 / ... or Item / HS code / ...): each column runs from its
header's left edge to the next header's, and a goods row starts where the item column
holds a number. Continuation lines of a row belong to it (the specification under the
name, further quantity lines under the first). The header row repeated on later pages
is recognised again, so a table may run over any number of pages.

Choices (for the README):
- The quantity and unit are the FIRST line of 数量及单位 (the legal first unit, as the
  single window prints it); further lines (second legal unit, transaction unit) are not read.
- Prices: the numbers in the price columns, in reading order, are the unit price then
  the total; the non-number is the currency (so both the stacked ``单价/总价/币制`` cell
  and separate columns work).
- Header fields: the first occurrence wins (continuation pages repeat the header).
- Required: the domestic consignee/consignor name, a customs or pre-entry number, and at
  least one goods item with a 10-digit HS code and a name; otherwise
  ``incomplete_declaration`` names what is missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from customs_ipr.documents import errors, normalize
from customs_ipr.documents.labels import LabelSet, read_values
from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party, Port
from customs_ipr.documents.pdf import Line

HEADER_LABELS = LabelSet(
    {
        "pre_entry_no": ["预录入编号", "Pre-entry No.", "Pre-entry number"],
        "customs_no": ["海关编号", "Customs No.", "Customs number"],
        "consignee_import": ["境内收货人 Domestic consignee", "境内收货人", "Domestic consignee"],
        "consignee_export": ["境内发货人 Domestic consignor", "境内发货人", "Domestic consignor"],
        "port_import": ["进境关别 Port of entry", "进境关别", "Port of entry"],
        "port_export": ["出境关别 Port of exit", "出境关别", "Port of exit"],
        "movement_date": [
            "进口日期 Import date",
            "出口日期 Export date",
            "进口日期",
            "出口日期",
            "Import date",
            "Export date",
        ],
        "declaration_date": ["申报日期 Declaration date", "申报日期", "Declaration date"],
        "foreign_import": [
            "境外发货人 Overseas consignor",
            "境外发货人",
            "Overseas consignor",
            "Foreign consignor",
        ],
        "foreign_export": [
            "境外收货人 Overseas consignee",
            "境外收货人",
            "Overseas consignee",
            "Foreign consignee",
        ],
        "departure_country": [
            "启运国(地区) Country of departure",
            "启运国(地区)",
            "Country of departure",
        ],
        "destination_country": [
            "运抵国(地区) Country of destination",
            "运抵国(地区)",
            "Country of destination",
        ],
        "departure_port": ["启运港 Port of departure", "启运港", "Port of departure"],
        "destination_port": ["指运港 Port of destination", "指运港", "Port of destination"],
        "trade_terms": ["成交方式 Trade terms", "成交方式", "Trade terms"],
        "marks": ["标记唛码及备注 Marks and remarks", "标记唛码及备注", "Marks and remarks"],
        "royalties": [
            "支付特许权使用费确认 Royalties paid",
            "支付特许权使用费确认",
            "Royalties paid",
        ],
        "": [
            "备案号",
            "Record No.",
            "运输方式",
            "Mode of transport",
            "运输工具名称及航次号",
            "Means of transport",
            "提运单号",
            "Bill of lading No.",
            "货物存放地点",
            "Place of storage",
            "消费使用单位",
            "Consumer",
            "生产销售单位",
            "Producer",
            "监管方式",
            "Supervision mode",
            "征免性质",
            "Levy nature",
            "许可证号",
            "Licence No.",
            "合同协议号",
            "Contract No.",
            "贸易国(地区)",
            "Trading country",
            "经停港",
            "Port of transit",
            "入境口岸",
            "Entry port",
            "离境口岸",
            "Exit port",
            "境内货源地",
            "Domestic source",
            "包装种类",
            "Packaging",
            "件数",
            "Packages",
            "毛重(千克)",
            "Gross weight",
            "净重(千克)",
            "Net weight",
            "运费",
            "Freight",
            "保费",
            "Insurance",
            "杂费",
            "Other charges",
            "随附单证及编号",
            "Attached documents",
            "特殊关系确认",
            "Special relationship",
            "价格影响确认",
            "Price influence",
            "自报自缴",
            "Self-assessment",
            "申报单位",
            "Declaring unit",
            "申报人员",
            "Declarant",
            "海关批注及签章",
            "Customs endorsement",
            "兹申明对以上内容承担如实申报、依法纳税之法律责任",
        ],
    }
)

COLUMN_LABELS = LabelSet(
    {
        "item": ["项号", "Item No.", "Item"],
        "hs": ["商品编号", "HS code", "Commodity code"],
        "name": ["商品名称及规格型号", "商品名称", "Description", "Goods name"],
        "spec": ["规格型号", "Specification", "Declaration elements"],
        "qty": ["数量及单位", "数量", "Quantity", "Qty"],
        "unit": ["单位", "Unit"],
        "price": ["单价/总价/币制", "单价", "Unit price"],
        "total": ["总价", "Total price", "Total"],
        "currency": ["币制", "Currency"],
        "origin": ["原产国(地区)", "Country of origin", "Origin"],
        "dest": ["最终目的国(地区)", "Final destination", "Destination"],
        "domestic": ["境内目的地", "境内货源地", "Domestic destination", "Domestic source"],
        "levy": ["征免", "Duty", "Levy"],
    }
)

_FOOTER = re.compile(r"^(?:第\s*\d+\s*页|Page\s+\d+|\d+\s*/\s*\d+$|共\s*\d+\s*页)", re.I)
_TITLE_DIRECTION = re.compile(
    r"(进口|出口)货物报关单|\b(import|export)\b[^\n]{0,30}declaration", re.I
)


@dataclass(slots=True)
class _Column:
    role: str
    x0: float


@dataclass(slots=True)
class _Row:
    cells: dict[str, list[str]] = field(default_factory=dict)


_HEADER_HINT = re.compile(r"项号|item", re.I)


def _table_header(line: Line, index: int) -> list[_Column] | None:
    if not _HEADER_HINT.search(line.text):
        return None
    hits = COLUMN_LABELS.find(line, index)
    roles = {h.field for h in hits}
    if len(roles) < 4 or "item" not in roles or "hs" not in roles:
        return None
    columns: list[_Column] = []
    for hit in hits:
        if all(c.role != hit.field for c in columns):
            columns.append(_Column(hit.field, hit.x0))
    return sorted(columns, key=lambda c: c.x0)


def _column_of(columns: Sequence[_Column], x0: float) -> str | None:
    chosen = None
    for column in columns:
        if x0 >= column.x0 - 3:
            chosen = column.role
    return chosen


_PHRASE_GAP = 4.5


def _split_row_line(columns: Sequence[_Column], line: Line) -> dict[str, str]:
    """The line's text per column; words a space apart form one phrase and stay in the
    column where the phrase starts (``Running shoes``, ``100% cotton``)."""
    parts: dict[str, list[str]] = {}
    role: str | None = None
    previous_x1: float | None = None
    for word in line.words:
        if previous_x1 is None or word.x0 - previous_x1 > _PHRASE_GAP:
            role = _column_of(columns, word.x0)
        previous_x1 = word.x1
        if role:
            parts.setdefault(role, []).append(word.text)
    return {role: " ".join(words) for role, words in parts.items()}


def _is_row_start(cells: dict[str, str]) -> bool:
    return bool(re.fullmatch(r"\d{1,4}", cells.get("item", ""))) and bool(
        re.search(r"\d", cells.get("hs", ""))
    )


def _read_table(lines: Sequence[Line], rows: list[_Row]) -> set[int]:
    """Append this page's goods rows; returns the line indexes that belong to the table."""
    used: set[int] = set()
    columns: list[_Column] | None = None
    current: _Row | None = None
    for index, line in enumerate(lines):
        header = _table_header(line, index)
        if header is not None:
            if columns is None:
                columns = header
            used.add(index)
            current = None
            continue
        if columns is None:
            continue
        if _FOOTER.match(line.text):
            used.add(index)
            current = None
            continue
        if _ends_table(line, index, columns):
            columns = None
            current = None
            continue
        cells = _split_row_line(columns, line)
        if _is_row_start(cells):
            current = _Row()
            rows.append(current)
        if current is None:
            continue
        used.add(index)
        for role, text in cells.items():
            current.cells.setdefault(role, []).append(text)
    return used


def _ends_table(line: Line, index: int, columns: Sequence[_Column]) -> bool:
    """A header label starting left of the goods-name column ends the table (a goods
    name or specification that happens to contain a label word does not)."""
    name_x = next((c.x0 for c in columns if c.role == "name"), float("inf"))
    if line.words[0].x0 >= name_x - 3:
        return False
    hits = HEADER_LABELS.find(line, index)
    return bool(hits) and hits[0].first_word == 0


def _goods_item(row: _Row) -> GoodsItem | str:
    """A GoodsItem, or the reason the row cannot be read."""
    cells = row.cells
    item_no = int(cells["item"][0])
    hs = normalize.hs_code("".join(cells.get("hs", [])))
    if hs is None:
        return f"item {item_no} has no 10-digit HS code"
    name_lines = cells.get("name", [])
    if not name_lines:
        return f"item {item_no} has no goods name"
    name = name_lines[0].strip()
    spec_text = "".join(cells["spec"]) if "spec" in cells else "".join(name_lines[1:])
    spec = normalize.clean(spec_text.replace(" |", "|").replace("| ", "|")) if spec_text else None
    brand_type, brand = normalize.spec_brand(spec)
    quantity, unit = normalize.quantity_and_unit(cells.get("qty", [None])[0])
    if "unit" in cells:
        unit = normalize.clean(cells["unit"][0])
    numbers: list[str] = []
    currency_text: str | None = None
    for role in ("price", "total", "currency"):
        for text in cells.get(role, []):
            for token in text.split():
                if normalize.is_number(token):
                    numbers.append(token)
                elif currency_text is None and normalize.is_currency(token):
                    currency_text = token
    return GoodsItem(
        item_no=item_no,
        hs_code=hs,
        name=name,
        spec=spec,
        brand=brand,
        brand_type=brand_type,
        quantity=quantity,
        unit=unit,
        unit_price=normalize.money(numbers[0]) if numbers else None,
        total_price=normalize.money(numbers[1]) if len(numbers) > 1 else None,
        currency=normalize.currency(currency_text),
        origin_country=normalize.country("".join(cells.get("origin", []))),
        destination_country=normalize.country("".join(cells.get("dest", []))),
    )


def _direction(pages: Sequence[Sequence[Line]], values: dict[str, str]) -> Direction | None:
    for line in pages[0][:8] if pages else ():
        match = _TITLE_DIRECTION.search(line.text)
        if match:
            word = (match.group(1) or match.group(2)).lower()
            return Direction.IMPORT if word in ("进口", "import") else Direction.EXPORT
    if "consignee_import" in values:
        return Direction.IMPORT
    if "consignee_export" in values:
        return Direction.EXPORT
    return None


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


def parse_declaration_lines(pages: Sequence[Sequence[Line]]) -> Declaration:
    """Build the declaration from every page's lines (see the module docstring)."""
    values: dict[str, str] = {}
    rows: list[_Row] = []
    for lines in pages:
        used = _read_table(lines, rows)
        for key, value in read_values(lines, HEADER_LABELS, skip=used).items():
            values.setdefault(key, value)
    direction = _direction(pages, values)
    consignee_text = values.get("consignee_import") or values.get("consignee_export")
    name, code = normalize.party(consignee_text)
    missing: list[str] = []
    if direction is None:
        missing.append("the direction (import or export)")
    if name is None:
        missing.append("the domestic consignee or consignor")
    customs_no = _number(values.get("customs_no"))
    pre_entry_no = _number(values.get("pre_entry_no"))
    if customs_no is None and pre_entry_no is None:
        missing.append("the customs or pre-entry number")
    items: list[GoodsItem] = []
    for expected, row in enumerate(rows, start=1):
        item = _goods_item(row)
        if isinstance(item, str):
            missing.append(item)
        elif item.item_no != expected:
            missing.append(f"goods item {expected} (the rows read jump to item {item.item_no})")
            break
        else:
            items.append(item)
    if not rows:
        missing.append("the goods items")
    if missing:
        raise errors.IncompleteDeclaration("The declaration is missing " + "; ".join(missing) + ".")
    foreign_name, foreign_code = normalize.party(
        values.get("foreign_import") or values.get("foreign_export")
    )
    assert direction is not None and name is not None
    return Declaration(
        direction=direction,
        customs_no=customs_no,
        pre_entry_no=pre_entry_no,
        declaration_date=normalize.parse_date(values.get("declaration_date")),
        consignee=Party(name=name, code=code),
        foreign_party=Party(name=foreign_name, code=foreign_code) if foreign_name else None,
        port=_port(values.get("port_import") or values.get("port_export")),
        departure_country=normalize.country(values.get("departure_country")),
        destination_country=normalize.country(values.get("destination_country")),
        departure_port=_place(values.get("departure_port")),
        destination_port=_place(values.get("destination_port")),
        trade_terms=_trade_terms(values.get("trade_terms")),
        marks=normalize.clean(values.get("marks")),
        royalties_paid=_yes_no(values.get("royalties")),
        items=items,
    )


def _number(text: str | None) -> str | None:
    """A document number: the first run of 9+ letters/digits (the single window prints
    the port name after the customs number: ``224420241000123456 (洋山港区)``)."""
    value = normalize.clean(text)
    if value is None:
        return None
    match = re.search(r"[0-9A-Z]{9,}", value.upper())
    return match.group(0) if match else value


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

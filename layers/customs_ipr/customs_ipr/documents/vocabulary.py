"""The label vocabulary, as data: which printed labels name which declaration field.

One table per part of the form. ``HEADER_FIELDS`` maps each field to the labels that
print it on the 2018 GAC form, the pre-2018 form and in English (agents' exports and
bilingual prints combine a Chinese and an English label; both are matched). Fields whose
label depends on the direction list ``import``/``export`` labels; ``any`` labels serve
both. ``OTHER_LABELS`` are labels read by nobody: they only end their neighbours'
values (so no label text leaks into a value). ``COLUMNS`` maps goods-table roles to
their header texts. Labels are matched after NFKC (full-width brackets and colons read
as half-width) and case-insensitively; ``(地区)`` is optional.

To teach the reader a new form, add its labels here; no code changes.
"""

from __future__ import annotations

HEADER_FIELDS: dict[str, dict[str, list[str]]] = {
    "pre_entry_no": {"any": ["预录入编号", "预录入号", "Pre-entry No.", "Pre-entry number"]},
    "customs_no": {
        "any": ["海关编号", "报关单号", "Customs No.", "Customs declaration No.", "Customs number"]
    },
    "consignee": {
        "import": ["境内收货人", "收货单位", "Domestic consignee", "Importer", "Consignee"],
        "export": ["境内发货人", "发货单位", "Domestic consignor", "Exporter"],
    },
    "operating_unit": {"any": ["经营单位", "Operating unit"]},
    "foreign_party": {
        "import": [
            "境外发货人",
            "Overseas consignor",
            "Foreign consignor",
            "Overseas shipper",
            "Shipper",
            "Seller",
        ],
        "export": ["境外收货人", "Overseas consignee", "Foreign consignee", "Buyer"],
    },
    "port": {
        "import": ["进境关别", "进口口岸", "Customs port", "Port of entry", "Port of import"],
        "export": ["出境关别", "出口口岸", "Customs port", "Port of exit", "Port of export"],
    },
    "declaration_date": {"any": ["申报日期", "Declaration date", "Date of declaration"]},
    "departure_country": {
        "import": [
            "启运国(地区)",
            "起运国(地区)",
            "Country of departure",
            "Departure country",
            "Country of shipment",
        ]
    },
    "destination_country": {
        "export": ["运抵国(地区)", "Country of destination", "Destination country"]
    },
    "departure_port": {
        "import": ["启运港", "装货港", "Port of loading", "Port of departure", "Port of shipment"]
    },
    "destination_port": {
        "export": ["指运港", "Port of destination", "Final port", "Destination port"]
    },
    "trade_terms": {
        "any": ["成交方式", "Trade terms", "Terms of delivery", "Transaction mode", "Terms"]
    },
    "marks": {
        "any": [
            "标记唛码及备注",
            "标记唛码",
            "Marks and remarks",
            "Marks & Remarks",
            "Marks & Nos.",
            "Marks and numbers",
        ]
    },
    "royalties": {
        "any": ["支付特许权使用费确认", "Royalties paid", "Royalty payment", "Royalties"]
    },
}

OTHER_LABELS: list[str] = [
    # the other direction's fields (a label names a boundary even when not read)
    "运抵国(地区)",
    "指运港",
    "启运国(地区)",
    "起运国(地区)",
    "启运港",
    "装货港",
    "进口日期",
    "出口日期",
    "Import date",
    "Export date",
    "备案号",
    "Record No.",
    "运输方式",
    "Mode of transport",
    "运输工具名称及航次号",
    "运输工具名称",
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
    "贸易方式",
    "Supervision mode",
    "Trade mode",
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
    "离境口岸",
    "Entry port",
    "Exit port",
    "境内目的地",
    "境内货源地",
    "Domestic source",
    "包装种类",
    "Kind of packages",
    "Packaging",
    "件数",
    "Packages",
    "毛重(千克)",
    "Gross weight (kg)",
    "Gross weight",
    "净重(千克)",
    "Net weight (kg)",
    "Net weight",
    "运费",
    "Freight",
    "保费",
    "Insurance",
    "杂费",
    "Other charges",
    "随附单证及编号",
    "随附单证",
    "Attached documents",
    "特殊关系确认",
    "Special relationship",
    "价格影响确认",
    "Price influence",
    "自报自缴",
    "Self-assessment",
    "用途",
    "结汇方式",
    "批准文号",
    "申报单位",
    "Declaring unit",
    "申报人员",
    "Declarant",
    "海关批注及签章",
    "Customs endorsement",
    "兹申明对以上内容承担如实申报、依法纳税之法律责任",
    "兹申明",
]

CODE_LABELS: list[str] = [
    "统一社会信用代码",
    "社会信用代码",
    "海关编码",
    "企业代码",
    "USCC",
    "Customs code",
    "Code",
]
"""Labels of an enterprise code printed on a line of its own under a party's name: part
of that party's value, never a boundary."""

LABEL_TAILS: set[str] = {"(地区)", "(千克)", "确认"}
"""Ends of labels printed on the next line in a narrow cell (``启运国`` over ``（地区）``):
part of the label, never of the value."""

COLUMNS: dict[str, list[str]] = {
    "item": ["项号", "序号", "Item No.", "Item", "No."],
    "hs": ["商品编号", "商品编码", "HS code", "H.S. Code", "Commodity code", "HS"],
    "name": [
        "商品名称及规格型号",
        "商品名称、规格型号",
        "商品名称",
        "Description of goods",
        "Goods and specification",
        "Goods name",
        "Description",
    ],
    "spec": ["规格型号", "Specification", "Declaration elements"],
    "qty": ["数量及单位", "数量", "Quantity", "Qty"],
    "unit": ["单位", "Unit"],
    "combo": ["单价/总价/币制", "Unit price/Total/Currency"],
    "price": ["单价", "Unit price"],
    "total": ["总价", "Total price", "Amount", "Total"],
    "currency": ["币制", "Currency", "Curr."],
    "origin": ["原产国(地区)", "原产国", "Country of origin", "Origin"],
    "dest": [
        "最终目的国(地区)",
        "最终目的国",
        "Final destination country",
        "Final destination",
        "Destination",
    ],
    "levy": ["征免", "Duty mode", "Levy"],
    "domestic": ["境内目的地", "境内货源地", "Domestic destination", "Domestic source"],
    "use": ["用途", "Use"],
}


def header_labels(direction: str | None) -> dict[str, list[str]]:
    """Field → labels for a direction (``import``/``export``; None: both)."""
    out: dict[str, list[str]] = {}
    for field, by_direction in HEADER_FIELDS.items():
        labels: list[str] = list(by_direction.get("any", []))
        for key in ("import", "export"):
            if direction in (None, key):
                labels += [label for label in by_direction.get(key, []) if label not in labels]
        if labels:
            out[field] = labels
    taken = {label for labels in out.values() for label in labels}
    out[""] = [label for label in OTHER_LABELS if label not in taken]
    return out

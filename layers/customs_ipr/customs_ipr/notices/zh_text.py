"""Chinese wording the notices need besides their templates: dates, legal bases, upload errors.

The Chinese text of a notice is wholly Chinese: dates read 2026年9月16日, a deadline's legal
basis kept in English by the workflow ("Implementing Measures Art. 22: 3 working days") is
translated (《实施办法》第二十二条，3个工作日), and an upload's error is explained by its code.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1–99 as Chinese numerals (二十二), the way articles are numbered."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}" if n < 100 else str(n)


def zh_date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "—"


def zh_time(text: str | None) -> str | None:
    """An ISO timestamp in Beijing time, written the Chinese way; other text as given."""
    if not text:
        return text
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone(timedelta(hours=8)))
    return f"{zh_date(moment.date())} {moment:%H:%M}（北京时间）"


def has_cjk(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


_ACT = {
    "implementing measures": "《实施办法》",
    "regulations": "《条例》",
}
_ARTICLE = re.compile(
    r"(?P<act>Implementing Measures|Regulations)?\s*Arts?\.\s*(?P<art>\d+)"
    r"(?:\s*¶\s*(?P<para>\d+))?(?:\s*\((?P<item>\d+)\))?",
    re.I,
)
_PERIOD = re.compile(r"(?P<n>\d+)\s+(?P<unit>working days?|months?|days?)", re.I)
_UNITS = {"working": "个工作日", "month": "个月", "day": "日"}


def basis_zh(text: str | None) -> str | None:
    """A legal basis in Chinese; Chinese text is kept, English is translated or dropped.

    "Implementing Measures Art. 22: 3 working days" → "《实施办法》第二十二条，3个工作日";
    a text that names no article gives None rather than English inside the Chinese text.
    """
    if not text:
        return None
    if has_cjk(text):
        return text
    parts = []
    for match in _ARTICLE.finditer(text):
        act = _ACT.get((match.group("act") or "").lower(), "")
        article = f"{act}第{zh_number(int(match.group('art')))}条"
        if match.group("para"):
            article += f"第{zh_number(int(match.group('para')))}款"
        if match.group("item"):
            article += f"第（{zh_number(int(match.group('item')))}）项"
        parts.append(article)
    if not parts:
        return None
    result = "、".join(parts)
    if re.search(r"upon application", text, re.I):
        result += "（依申请扣留）"
    period = _PERIOD.search(text.split(":", 1)[1]) if ":" in text else None
    if period:
        unit = period.group("unit").lower()
        key = next(k for k in _UNITS if unit.startswith(k))
        result += f"，{period.group('n')}{_UNITS[key]}"
    return result


UPLOAD_ERRORS_ZH: dict[str, str] = {
    "empty_file": "文件为空",
    "not_pdf": "文件不是PDF文件",
    "pdf_unreadable": "文件不是可读取的PDF文件",
    "truncated_pdf": "PDF文件不完整（可能在传输中被截断）",
    "damaged_pdf": "PDF文件已损坏，无法读取",
    "encrypted_pdf": "PDF文件已加密或设有密码，无法读取",
    "no_text_layer": "PDF文件没有文字层（扫描图像），系统不进行文字识别",
    "unrecognized_document": "无法识别文件类型（既非报关单，也非权利人答复）",
    "incomplete_declaration": "报关单内容不完整，缺少必要的项目",
    "incomplete_reply": "答复内容不完整，缺少必要的项目",
    "too_many_pages": "文件页数超过系统限制",
    "too_large": "文件大小超过系统限制",
    "page_time_exceeded": "文件页面过于复杂，无法在规定时间内读取",
    "conflict": "该文件与案件当前状态不符（例如答复已逾期、重复答复或所引用的文书不存在）",
    "not_found": "未找到文件所引用的案件或文书",
    "invalid_input": "文件内容不符合要求",
    "document_error": "文件无法读取",
}


def upload_error_zh(code: str) -> str:
    """The Chinese explanation of an upload error code (the English message stays English)."""
    return UPLOAD_ERRORS_ZH.get(code, "文件无法处理")


COUNTRIES_ZH: dict[str, str] = {
    "china": "中国",
    "cn": "中国",
    "hong kong, china": "中国香港",
    "hong kong": "中国香港",
    "hk": "中国香港",
    "macao, china": "中国澳门",
    "taiwan, china": "中国台湾",
    "us": "美国",
    "usa": "美国",
    "united states": "美国",
    "netherlands": "荷兰",
    "nl": "荷兰",
    "france": "法国",
    "fr": "法国",
    "germany": "德国",
    "de": "德国",
    "japan": "日本",
    "jp": "日本",
    "korea": "韩国",
    "kr": "韩国",
    "viet nam": "越南",
    "vietnam": "越南",
    "vn": "越南",
    "italy": "意大利",
    "it": "意大利",
    "united kingdom": "英国",
    "uk": "英国",
    "gb": "英国",
    "switzerland": "瑞士",
    "ch": "瑞士",
    "denmark": "丹麦",
    "dk": "丹麦",
    "sweden": "瑞典",
    "singapore": "新加坡",
}


def country_zh(country: str) -> str:
    """A country's Chinese name where known; a name already Chinese, or unknown, as given."""
    return COUNTRIES_ZH.get(country.strip().lower(), country)

"""Normalising the values printed on declarations and replies.

Choices (documented for the README):
- Text is NFKC-normalised first, so full-width digits, letters, brackets and colons
  (``（５０２）美元：``) read as their half-width forms.
- Countries keep the **Chinese name as printed, without the code** in parentheses
  (``美国(USA)`` and ``(502)美国`` both give ``美国``). An English-only name or code that
  the small table below knows is mapped to the Chinese name (``USA`` → ``美国``), so the
  same country always reads the same; an unknown English name is kept as printed.
- Currencies become ISO 4217 codes: ``美元``, ``USD``, ``(502)美元`` and ``502`` → ``USD``.
- Dates are read from ``YYYYMMDD``, ``YYYY-MM-DD``, ``YYYY/MM/DD``, ``YYYY.MM.DD`` and
  ``YYYY年M月D日``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from customs_ipr.documents.models import BrandType


def nfkc(text: str) -> str:
    """Full-width → half-width (digits, Latin letters, brackets, colon, ideographic space)."""
    return unicodedata.normalize("NFKC", text)


def clean(text: str | None) -> str | None:
    """Collapse whitespace; an empty or placeholder value (``-``, ``无``, ``N/A``) is None."""
    if text is None:
        return None
    value = re.sub(r"\s+", " ", nfkc(text)).strip(" :")
    if value in {"", "-", "--", "/", "N/A", "NIL"}:
        return None
    return value


_PAREN = re.compile(r"\(([^()]*)\)")


def split_code(text: str) -> tuple[str | None, str]:
    """Split ``(502)美元`` / ``美国(USA)`` / ``2244 洋山港区`` into (code, name).

    The code is what stands in parentheses, or a leading run of digits.
    """
    value = nfkc(text).strip()
    codes = _PAREN.findall(value)
    name = _PAREN.sub(" ", value).strip()
    code: str | None = codes[0].strip() if codes else None
    if code is None:
        match = re.match(r"^(\d{3,6})\s*(.*)$", name)
        if match and match.group(2):
            code, name = match.group(1), match.group(2)
        else:
            match = re.match(r"^(.*\D)\s+(\d{3,6})$", name)
            if match:
                name, code = match.group(1), match.group(2)
    return (code or None), re.sub(r"\s+", " ", name).strip()


_COUNTRIES: dict[str, str] = {
    "USA": "美国",
    "US": "美国",
    "UNITED STATES": "美国",
    "UNITED STATES OF AMERICA": "美国",
    "502": "美国",
    "VNM": "越南",
    "VIETNAM": "越南",
    "VIET NAM": "越南",
    "141": "越南",
    "CHN": "中国",
    "CHINA": "中国",
    "142": "中国",
    "DEU": "德国",
    "GERMANY": "德国",
    "304": "德国",
    "FRA": "法国",
    "FRANCE": "法国",
    "305": "法国",
    "ITA": "意大利",
    "ITALY": "意大利",
    "307": "意大利",
    "JPN": "日本",
    "JAPAN": "日本",
    "116": "日本",
    "KOR": "韩国",
    "KOREA": "韩国",
    "133": "韩国",
    "GBR": "英国",
    "UNITED KINGDOM": "英国",
    "303": "英国",
    "HKG": "中国香港",
    "HONG KONG": "中国香港",
    "110": "中国香港",
    "IDN": "印度尼西亚",
    "INDONESIA": "印度尼西亚",
    "112": "印度尼西亚",
    "THA": "泰国",
    "THAILAND": "泰国",
    "136": "泰国",
    "AUS": "澳大利亚",
    "AUSTRALIA": "澳大利亚",
    "601": "澳大利亚",
    "NLD": "荷兰",
    "NETHERLANDS": "荷兰",
    "309": "荷兰",
}

_CJK = re.compile(r"[\u3400-\u9fff]")


def country(text: str | None) -> str | None:
    """The country's Chinese name as printed, without its code (see the module docstring)."""
    value = clean(text)
    if value is None:
        return None
    code, name = split_code(value)
    if name and _CJK.search(name):
        return name.replace(" ", "")
    for candidate in (name, code):
        if candidate and candidate.upper() in _COUNTRIES:
            return _COUNTRIES[candidate.upper()]
    return name or code


_CURRENCIES: dict[str, str] = {
    "美元": "USD",
    "502": "USD",
    "欧元": "EUR",
    "300": "EUR",
    "人民币": "CNY",
    "RMB": "CNY",
    "142": "CNY",
    "日元": "JPY",
    "116": "JPY",
    "港币": "HKD",
    "港元": "HKD",
    "110": "HKD",
    "英镑": "GBP",
    "303": "GBP",
    "韩元": "KRW",
    "133": "KRW",
}


def currency(text: str | None) -> str | None:
    """ISO 4217 code for a printed currency (``(502)美元`` → ``USD``); None when unknown."""
    value = clean(text)
    if value is None:
        return None
    code, name = split_code(value)
    for candidate in (name, code):
        if not candidate:
            continue
        if candidate in _CURRENCIES:
            return _CURRENCIES[candidate]
        if re.fullmatch(r"[A-Za-z]{3}", candidate):
            upper = candidate.upper()
            return "CNY" if upper == "RMB" else upper
    return None


def is_currency(text: str) -> bool:
    return currency(text) is not None


_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"),
)


def parse_date(text: str | None) -> date | None:
    """A date printed as YYYYMMDD, YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年M月D日."""
    value = clean(text)
    if value is None:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(value)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?|-?\.\d+")


def parse_decimal(text: str | None) -> Decimal | None:
    """A printed amount (``1,234.50``) as Decimal, keeping the printed precision."""
    value = clean(text)
    if value is None:
        return None
    match = _NUMBER.search(value)
    if not match:
        return None
    try:
        return Decimal(match.group(0).replace(",", ""))
    except InvalidOperation:
        return None


def money(text: str | None) -> Decimal | None:
    """A printed price, at least to the cent: ``85.0000`` → ``85.00``, ``12.3456`` kept."""
    value = parse_decimal(text)
    if value is None:
        return None
    reduced = value.normalize()
    exponent = reduced.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        return value.quantize(Decimal("0.01"))
    return reduced


def is_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d[\d,]*(?:\.\d+)?", nfkc(text).strip()))


_QUANTITY = re.compile(r"^\s*(-?\d[\d,]*(?:\.\d+)?)\s*(.*?)\s*$")


def quantity_and_unit(text: str | None) -> tuple[Decimal | None, str | None]:
    """``600双`` / ``600 双`` / ``1,250.5 千克`` → (Decimal, unit)."""
    value = clean(text)
    if value is None:
        return None, None
    match = _QUANTITY.match(value)
    if not match:
        return None, value
    return Decimal(match.group(1).replace(",", "")), (match.group(2) or None)


def hs_code(text: str | None) -> str | None:
    """The HS code's digits (``6403.9900.90`` → ``6403990090``); None unless 10 digits."""
    value = clean(text)
    if value is None:
        return None
    digits = re.sub(r"[\s.]", "", value)
    return digits if re.fullmatch(r"\d{10}", digits) else None


_USCC = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10})(?![0-9A-Z])")
_CUSTOMS_CODE = re.compile(r"(?<![0-9A-Z])(\d{10})(?![0-9A-Z])")


_EMPTY_CODE = re.compile(
    r"[(\[]\s*(?:(?:USCC|CODE|代码|统一社会信用代码|海关编码|企业代码)\s*)*:?\s*[)\]]", re.I
)
"""An empty code placeholder printed after a name: ``(USCC: )``, ``[代码 Code: ]``."""
_CODE_LABEL = re.compile(
    r"(?:USCC|Customs code|(?<![A-Za-z])Code(?![A-Za-z])|统一社会信用代码|社会信用代码|"
    r"海关编码|企业代码)\s*:?",
    re.I,
)


def party(text: str | None) -> tuple[str | None, str | None]:
    """(name, code) from a party cell: the code is an 18-character unified social credit
    code or a 10-digit customs code, printed before or after the name, with or without
    parentheses or a ``USCC``/``Code`` prefix."""
    value = clean(text)
    if value is None:
        return None, None
    code = None
    for pattern in (_USCC, _CUSTOMS_CODE):
        match = pattern.search(value.upper())
        if match:
            code = match.group(1)
            value = value[: match.start()] + " " + value[match.end() :]
            break
    value = _EMPTY_CODE.sub(" ", value)
    value = _CODE_LABEL.sub(" ", value)
    name = re.sub(r"\s+", " ", value).strip(" :,;()")
    return (name or None), code


_NO_BRAND = {"无品牌", "无牌", "无", "杂牌", "NO BRAND", "NONE", "N/A"}
_BRAND_LABEL = re.compile(
    r"^(?:品牌(?:\(中文及外文名称\)|名称)?|brand(?:\s*name)?)\s*[:：]\s*(.*)$", re.I
)
_BRAND_TYPE_LABEL = re.compile(r"^(?:品牌类型|brand\s*type)\s*[:：]\s*([0-4])\b", re.I)


def spec_brand(spec: str | None) -> tuple[BrandType | None, str | None]:
    """(brand type, brand) from the pipe-separated declaration elements (申报要素).

    Rule, in the order the GAC element standard prints them:
    - brand type: an element labelled ``品牌类型:N`` / ``Brand type:N``; otherwise the
      FIRST element when it is a single digit 0–4 (品牌类型 comes first, 出口享惠情况
      second, so in ``4|3|运动鞋|NIKE牌`` the brand type is 4);
    - brand: an element labelled ``品牌:`` / ``Brand:``; otherwise the first element
      ending in ``牌``, without that suffix (``NIKE牌`` → ``NIKE``). ``无品牌``, ``无牌``,
      ``杂牌`` and ``No brand`` mean there is none (None).
    """
    if not spec:
        return None, None
    elements = [nfkc(e).strip() for e in spec.split("|")]
    brand_type: BrandType | None = None
    brand: str | None = None
    labelled_brand = False
    for element in elements:
        type_match = _BRAND_TYPE_LABEL.match(element)
        if type_match and brand_type is None:
            brand_type = BrandType(type_match.group(1))
            continue
        brand_match = _BRAND_LABEL.match(element)
        if brand_match and not labelled_brand:
            labelled_brand = True
            brand = brand_match.group(1).strip() or None
    if brand_type is None and elements and re.fullmatch(r"[0-4]", elements[0]):
        brand_type = BrandType(elements[0])
    if not labelled_brand:
        for element in elements:
            if element.upper() in _NO_BRAND:
                brand = None
                break
            if element.endswith("牌") and len(element) > 1:
                brand = element[:-1].strip()
                break
    if brand is not None and (brand.upper() in _NO_BRAND or brand.endswith("无品牌")):
        brand = None
    elif brand is not None and brand.endswith("牌") and len(brand) > 1:
        brand = brand[:-1].strip()
    return brand_type, brand

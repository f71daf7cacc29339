"""Amounts written in Chinese numerals, as on cheques and guarantees (大写金额).

``人民币壹拾贰万元整`` → 120000; ``壹万贰仟伍佰元伍角`` → 12500.5; the everyday forms
(``十二万元``, ``两万元``) read too. The amount must end in 元 (or 圆), so ordinary text
(``一批货物``) is never read as a number. Returns None when there is no such amount.
"""

from __future__ import annotations

import re
from decimal import Decimal

_DIGITS = {
    "零": 0, "〇": 0, "壹": 1, "一": 1, "贰": 2, "貳": 2, "二": 2, "两": 2, "叁": 3, "參": 3,
    "三": 3, "肆": 4, "四": 4, "伍": 5, "五": 5, "陆": 6, "陸": 6, "六": 6, "柒": 7, "七": 7,
    "捌": 8, "八": 8, "玖": 9, "九": 9,
}  # fmt: skip
_SMALL = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_LARGE = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CHARS = "".join(_DIGITS) + "".join(_SMALL) + "".join(_LARGE)
AMOUNT = re.compile(f"[{_CHARS}]+[元圆](?:[{''.join(_DIGITS)}][角分])*整?")


def _integer(text: str) -> int | None:
    total = section = digit = 0
    seen = False
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
            seen = True
        elif ch in _SMALL:
            section += (digit or 1) * _SMALL[ch]
            digit = 0
            seen = True
        elif ch in _LARGE:
            total = (total + section + digit) * _LARGE[ch]
            section = digit = 0
            seen = True
        else:
            return None
    return total + section + digit if seen else None


def chinese_amount(text: str) -> Decimal | None:
    """The first amount in Chinese numerals in ``text`` (see the module docstring)."""
    match = AMOUNT.search(text)
    if match is None:
        return None
    amount = match.group(0).rstrip("整")
    yuan, _, fraction = amount.replace("圆", "元").partition("元")
    whole = _integer(yuan)
    if whole is None or (whole == 0 and not fraction):
        return None
    value = Decimal(whole)
    for digit_text, unit in re.findall(f"([{''.join(_DIGITS)}])([角分])", fraction):
        value += Decimal(_DIGITS[digit_text]) * (
            Decimal("0.1") if unit == "角" else Decimal("0.01")
        )
    return value

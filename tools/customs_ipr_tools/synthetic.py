"""Generated recordations for scale benchmarks (``make bench``: 1,000 to 100,000).

Marks are pronounceable Latin words of 7-12 letters (so that, as in a real register,
most marks are not one typo away from another) built from syllables, plus a Chinese
alias for one in four; goods scopes are drawn from real HS chapters; a tenth have licensees
and a twentieth have lapsed. The same ``(n, seed)`` always gives the same list; numbers are
unique (``T<year>-<serial>``) and marks almost always are.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from customs_ipr.recordations.models import Recordation

_SYLLABLES = [
    c + v for c in "bcdfghjklmnprstvwxz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "ei")
]
_CJK = (
    "安邦宝博灿辰达德丰富冠海航恒华佳金杰俊凯康朗力隆美明宁鹏奇瑞盛顺泰天伟鑫信雅阳亿永宇源远正中卓"
)
_SCOPES = [
    ("footwear", ["6402", "6403", "6404"]),
    ("apparel", ["6109", "6110", "6203", "6204"]),
    ("bags", ["4202"]),
    ("phones", ["8517"]),
    ("audio", ["8518"]),
    ("toys", ["9503"]),
    ("watches", ["9101", "9102"]),
    ("cosmetics", ["3303", "3304"]),
    ("tools", ["8205", "8467"]),
    ("bicycles", ["8712", "8714"]),
    ("lighting", ["9405"]),
    ("batteries", ["8506", "8507"]),
]
_COUNTRIES = ["US", "DE", "FR", "IT", "JP", "GB", "CH", "KR", "CN", "NL"]


def _mark(rng: random.Random) -> str:
    word = ""
    target = rng.randint(7, 12)
    while len(word) < target:
        word += rng.choice(_SYLLABLES)
    return word[:12].upper()


def generate(n: int, seed: int = 0) -> list[Recordation]:
    rng = random.Random(seed)
    result: list[Recordation] = []
    for i in range(n):
        year = 2017 + i % 9
        mark = _mark(rng)
        scope = rng.sample(_SCOPES, k=rng.randint(1, 3))
        start = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        lapsed = rng.random() < 0.05
        aliases = [rng.choice(_CJK) + rng.choice(_CJK) + rng.choice(_CJK)] if i % 4 == 0 else []
        holder = f"{mark.title()} Holdings Ltd."
        result.append(
            Recordation.model_validate(
                {
                    "recordation_no": f"T{year}-{i + 1:07d}",
                    "ip_type": "trademark",
                    "title": mark,
                    "aliases": aliases,
                    "registration_no": f"G{rng.randrange(10**6, 10**7)}",
                    "holder": {"name": holder, "country": rng.choice(_COUNTRIES)},
                    "goods": [{"name": name, "hs_codes": codes} for name, codes in scope],
                    "licensees": (
                        [{"name": f"{mark.title()} Trading Co., Ltd.", "code": f"31{i:08d}"}]
                        if i % 10 == 0
                        else []
                    ),
                    "valid_from": start.isoformat(),
                    "valid_until": (start + timedelta(days=3650)).isoformat(),
                    "status": "lapsed" if lapsed else "active",
                }
            )
        )
    return result

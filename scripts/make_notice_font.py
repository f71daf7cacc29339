"""Rebuild the notice font from Debian's fonts-wqy-microhei (see data/fonts/README.md).

    apt-get install -y fonts-wqy-microhei
    python scripts/make_notice_font.py [/usr/share/fonts/truetype/wqy/wqy-microhei.ttc]

Needs fontTools (it comes with matplotlib, in the `local` extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
TARGET = (
    Path(__file__).resolve().parent.parent
    / "layers/customs_ipr/customs_ipr/data/fonts/wqy-microhei-notice.ttf"
)
RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 (¶ §), Latin Extended-A/B
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x21FF),  # letterlike, number forms, arrows
    (0x2460, 0x257F),  # enclosed numbers, box drawing
    (0x25A0, 0x25FF),  # geometric shapes
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x33FF),  # enclosed CJK, compatibility
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
]


def main(source: str = SOURCE) -> int:
    font = TTCollection(source).fonts[0]
    cmap = font.getBestCmap()
    wanted = [c for c in cmap if any(lo <= c <= hi for lo, hi in RANGES)]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    font.save(str(TARGET))
    print(f"{TARGET}: {len(wanted)} code points, {TARGET.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

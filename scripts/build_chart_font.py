"""Build xiyuan/fonts/XiyuanChartSans.otf: Noto Sans CJK SC Regular cut down to GB 2312.

The circular's chart needs a Chinese font on every machine, the same one, so that it looks the
same everywhere and never draws boxes. The full Noto Sans CJK is 16 MB; the 7,445 characters of
GB 2312 (every character of a community or enterprise name in everyday use), ASCII and the CJK
punctuation come to about 3 MB. The font is under the SIL Open Font License 1.1; a cut-down
copy is a Modified Version, so it is renamed (the licence reserves "Source") and ships with the
licence in xiyuan/fonts/OFL.txt.

    python scripts/build_chart_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

FAMILY = "Xiyuan Chart Sans"
TARGET = Path(__file__).resolve().parents[1] / "xiyuan" / "fonts" / "XiyuanChartSans.otf"


def gb2312() -> set[str]:
    characters = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return characters


def main(source: str) -> None:
    collection = TTCollection(source)
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    text = "".join(sorted(gb2312())) + "".join(chr(c) for c in range(0x20, 0x7F)) + "　、。〈〉《》「」『』【】〔〕（）％，－．：；？！"
    options = subset.Options()
    options.hinting = False  # the chart is drawn at 150 dpi by Agg, which does not use CFF hints
    options.desubroutinize = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, FAMILY), (2, "Regular"), (3, f"{FAMILY} Regular; subset of Noto Sans CJK SC"),
                           (4, f"{FAMILY} Regular"), (6, "XiyuanChartSans-Regular")):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    font["CFF "].cff.fontNames = ["XiyuanChartSans-Regular"]
    TARGET.parent.mkdir(exist_ok=True)
    font.save(str(TARGET))
    print(f"{TARGET} {TARGET.stat().st_size / 1e6:.1f} MB, {len(text)} characters")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

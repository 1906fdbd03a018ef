"""The circular's chart: each community's share of the work done, as a bar chart.

matplotlib finds no Chinese font on many machines and draws empty boxes, with English warnings.
The chart is drawn with the font the package ships (xiyuan/fonts: Noto Sans CJK SC cut down to
GB 2312, under the SIL Open Font License), never with what fontconfig happens to find, so every
machine draws the same chart. A character outside GB 2312 in a community's name is reported
in Chinese by the caller, not by matplotlib.
"""

from __future__ import annotations

import warnings
from pathlib import Path

FONT = Path(__file__).resolve().parents[1] / "fonts" / "XiyuanChartSans.otf"


def missing_characters(texts) -> list[str]:
    """The characters of `texts` the chart font cannot draw."""
    from fontTools.ttLib import TTFont

    covered = set(TTFont(str(FONT), lazy=True).getBestCmap())
    return sorted({ch for text in texts for ch in str(text) if not ch.isspace() and ord(ch) not in covered})


def missing_words(missing: list[str]) -> str:
    return (f"工作通报的图表字体里没有“{'、'.join(missing[:10])}”，图中这些字显示为方框；"
            "文字部分不受影响。")


def use_chart_font() -> None:
    """Make the shipped font matplotlib's font for everything drawn after this."""
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font_manager.fontManager.addfont(str(FONT))
    plt.rcParams["font.family"] = font_manager.FontProperties(fname=str(FONT)).get_name()
    plt.rcParams["axes.unicode_minus"] = False


def community_chart(rows: list[dict], target: str | Path) -> Path:
    """Draw the chart to a PNG at `target`."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    use_chart_font()
    names = [r["name"] for r in rows]
    rates = [float(str(r["rate"]).rstrip("%")) if isinstance(r["rate"], str) else r["rate"] * 100 for r in rows]
    key = [r["key"] for r in rows]
    figure, axis = plt.subplots(figsize=(7.5, 3.6), dpi=150)
    bars = axis.bar(names, rates, color="#C00000")
    for bar, rate, count in zip(bars, rates, key):
        axis.annotate(f"{rate:.0f}%", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                      ha="center", va="bottom", fontsize=9)
    axis.set_ylim(0, 110)
    axis.set_ylabel("工作落实率（%）")
    axis.set_title("各社区工业企业疫情防控工作落实率")
    axis.spines[["top", "right"]].set_visible(False)
    with warnings.catch_warnings():
        # a missing glyph is reported by missing_characters, in Chinese; nothing else is silenced
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
        figure.tight_layout()
        figure.savefig(str(target), metadata={"Software": None})
    plt.close(figure)
    return Path(target)

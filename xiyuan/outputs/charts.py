"""The circular's chart: each community's share of the work done, as a bar chart.

matplotlib finds no Chinese font by default and draws empty boxes; the first installed CJK
font found by fontconfig (Noto Sans CJK SC, WenQuanYi, SimHei on Windows) is registered.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

_PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei")


def cjk_font() -> str | None:
    """The path of an installed font with Chinese glyphs, or None."""
    for family in _PREFERRED:
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}\n%{family}", f"{family}:lang=zh-cn"],
                                   capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            break
        path, _, families = found.partition("\n")
        if path and family.split()[0] in families:
            return path
    for windows in (Path("C:/Windows/Fonts/simhei.ttf"), Path("C:/Windows/Fonts/msyh.ttc")):
        if windows.exists():
            return str(windows)
    return None


def community_chart(rows: list[dict], target: str | Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font = cjk_font()
    if font:
        font_manager.fontManager.addfont(font)
        plt.rcParams["font.family"] = font_manager.FontProperties(fname=font).get_name()
    plt.rcParams["axes.unicode_minus"] = False
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
    figure.tight_layout()
    figure.savefig(str(target))
    plt.close(figure)
    return Path(target)

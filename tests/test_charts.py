"""The circular's chart draws Chinese with the font the package ships, on any machine."""

import os
import subprocess
import sys
import textwrap

from xiyuan.outputs import charts, documents

ROWS = [{"name": "洋埭社区", "rate": "84%", "key": 5}, {"name": "霞浯社区", "rate": "54%", "key": 2}]
DRAW = textwrap.dedent("""
    import sys, warnings
    warnings.simplefilter("error")  # any warning - a missing glyph, a font not found - fails
    from xiyuan.outputs.charts import community_chart
    community_chart({rows!r}, sys.argv[1])
""")


def draw(target, env):
    subprocess.run([sys.executable, "-c", DRAW.format(rows=ROWS), str(target)], check=True, env=env,
                   capture_output=True, text=True)
    return target.read_bytes()


def test_the_chart_is_the_same_without_any_system_font(tmp_path):
    """fontconfig pointed at an empty folder and a fresh matplotlib cache: no CJK font on the
    machine. The chart comes out byte for byte as it does here, with every character drawn."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><dir>{empty}</dir><cachedir>{empty}</cachedir></fontconfig>')
    bare = dict(os.environ, FONTCONFIG_FILE=str(config), MPLCONFIGDIR=str(tmp_path / "mpl-bare"))
    here = dict(os.environ, MPLCONFIGDIR=str(tmp_path / "mpl-here"))
    assert draw(tmp_path / "bare.png", bare) == draw(tmp_path / "here.png", here)
    assert subprocess.run(["fc-list"], env=bare, capture_output=True, text=True).stdout.strip() == ""


def test_every_character_the_chart_draws_is_in_its_font():
    drawn = ["各社区工业企业疫情防控工作落实率", "工作落实率（%）", "0123456789%", *(r["name"] for r in ROWS)]
    assert charts.missing_characters(drawn) == []


def test_a_name_the_font_lacks_gives_a_chinese_note(tmp_path):
    """堃 is not in GB 2312: the circular is still written, and the clerk is told in Chinese."""
    context = documents.sample_context("circular")
    context["communities"][0]["name"] = "堃园社区"

    class Contexts:
        def circular(self):
            return dict(context)

    contexts = Contexts()
    notes = []
    documents.write_circular(contexts, documents.find_templates() / "工作通报.docx", tmp_path / "通报.docx", notes)
    assert (tmp_path / "通报.docx").exists()
    assert notes == ["工作通报的图表字体里没有“堃”，图中这些字显示为方框；文字部分不受影响。"]


def test_the_font_ships_with_its_licence():
    licence = (charts.FONT.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Reserved Font Name 'Source'" in licence
    assert charts.FONT.stat().st_size < 4_000_000

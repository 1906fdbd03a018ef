"""The README promises what the tool does: its CLI reference must be the real --help."""

from pathlib import Path

from xiyuan.faces.cli import help_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_cli_reference_matches_help():
    assert help_markdown() in README.read_text(encoding="utf-8")


def test_readme_gives_the_two_commands_ci_runs():
    text = README.read_text(encoding="utf-8")
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    test_line = "bash scripts/setup.sh test && .venv/bin/python -m pytest -q"
    assert test_line in text and test_line in ci
    assert "bash scripts/setup.sh && .venv/bin/xiyuan demo" in text


def test_setup_installs_every_system_package_the_tests_need():
    """A fresh machine has none of them; the button workbook is opened by Calc, documents by Writer."""
    setup = (README.parent / "scripts" / "setup.sh").read_text(encoding="utf-8")
    for package in ("libreoffice-writer-nogui", "libreoffice-calc-nogui", "poppler-utils", "fonts-noto-cjk",
                    "fonts-arphic-gkai00mp", "fontconfig", "python3-venv"):
        assert package in setup

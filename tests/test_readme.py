"""The README promises what the tool does: its CLI reference must be the real --help."""

from pathlib import Path

from xiyuan.cli import help_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_cli_reference_matches_help():
    assert help_markdown() in README.read_text(encoding="utf-8")


def test_readme_gives_the_two_commands_ci_runs():
    text = README.read_text(encoding="utf-8")
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    test_line = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest -q"
    assert test_line in text and test_line in ci
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/xiyuan demo" in text

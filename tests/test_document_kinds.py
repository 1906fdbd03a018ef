"""A new kind of document is one registry entry plus its template: no other code changes."""

import dataclasses
import shutil

from test_cli_policy import ledger, run
from test_documents import TEMPLATES
from xiyuan.outputs import document_kinds, documents
from xiyuan.outputs.document_kinds import KINDS


def test_a_new_kind_is_one_registry_entry_and_its_template(tmp_path, monkeypatch, capsys):
    reminder = dataclasses.replace(KINDS["enterprise"], key="reminder", label="督促函", template="督促函.docx",
                                   number="西街防控督〔{year}〕{n}号", stem=lambda r: f"{r.name}_督促函")
    monkeypatch.setitem(KINDS, "reminder", reminder)
    monkeypatch.setattr(document_kinds, "NOTICE_KINDS", (*document_kinds.NOTICE_KINDS, "reminder"))
    templates = tmp_path / "模板"
    shutil.copytree(TEMPLATES, templates)
    shutil.copy(templates / KINDS["enterprise"].template, templates / "督促函.docx")
    out = tmp_path / "文书"
    code, stdout, err = run(capsys, "notices", "--kind", "reminder", ledger(tmp_path), "--date", "2022-11-25",
                          "--out", str(out), "--templates", str(templates))
    assert code == 0 and "已生成督促函 2 份" in stdout, (code, stdout, err)
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(
        f"{name}_督促函_2022-11-25.docx" for name in ("晋江市鑫盛鞋业有限公司", "福建恒达纺织科技有限公司"))
    # the shipped settings file does not number the new kind: it takes the registry's pattern
    assert documents.load_settings().number("reminder", 2022, 3) == "西街防控督〔2022〕3号"
    code, stdout, _ = run(capsys, "check-template", str(templates / "督促函.docx"))
    assert code == 0 and "检查通过" in stdout


def test_settings_may_leave_out_kinds_but_not_name_unknown_ones(tmp_path):
    text = documents.DEFAULT_SETTINGS.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("daily = ")]
    path = tmp_path / "office.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert documents.load_settings(path).number("daily", 2022, 5) == KINDS["daily"].number.format(year=2022, n=5)
    path.write_text(text.replace("first = 1", 'memo = "备忘〔{year}〕{n}号"\nfirst = 1'), encoding="utf-8")
    try:
        documents.load_settings(path)
    except documents.SettingsError as exc:
        assert "numbers.memo 不是已知的文书种类" in str(exc)
    else:
        raise AssertionError("an unknown kind in the settings must be refused")

"""The office's settings file (office.toml) and where the Word templates are.

Light on purpose: the daily refresh reads these to decide whether anything changed before it
loads the Word libraries (documents.py re-exports them).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from xiyuan.outputs.document_kinds import KINDS

DEFAULT_SETTINGS = Path(__file__).parents[1] / "settings" / "office.toml"
PHONE_BLANK = "_" * 16  # a telephone number written in by hand needs more room than a name


class SettingsError(Exception):
    pass


@dataclass
class Settings:
    office: dict
    numbers: dict
    communities: dict
    task_force: dict

    def number(self, kind: str, year: int, n: int) -> str:
        """The 发文字号: the settings file's pattern for the kind, else the registry's default.
        Only {year} and {n} are filled in (a settings file cannot reach Python's attributes)."""
        pattern = self.numbers.get(kind) or KINDS[kind].number
        return pattern.replace("{year}", str(year)).replace("{n}", str(n))

    def community(self, name: str) -> dict:
        found = self.communities.get(name) or self.communities.get("default") or {}
        # an empty setting is a blank the clerk fills in by hand, not text left out
        return {"name": name, "contact": found.get("contact") or None,
                "phone": found.get("phone") or PHONE_BLANK}


def load_settings(path: str | Path | None = None) -> Settings:
    path = Path(path) if path else DEFAULT_SETTINGS
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise SettingsError(f"找不到设置文件《{path.name}》。") from None
    except UnicodeDecodeError:
        raise SettingsError(f"设置文件《{path.name}》不是UTF-8编码的文本文件，请用记事本另存为UTF-8后再试。") from None
    except tomllib.TOMLDecodeError as exc:
        from xiyuan.rules.policy import toml_error_words

        raise SettingsError(f"设置文件《{path.name}》{toml_error_words(exc, text)}。请改正后再试。") from None
    for table, keys in (("office", ("name", "mark", "signer", "printer", "cc", "report_to")),
                        ("numbers", ("first",))):
        if not isinstance(data.get(table), dict):
            raise SettingsError(f"设置文件《{path.name}》缺少 [{table}]。")
        for key in keys:
            if key not in data[table]:
                raise SettingsError(f"设置文件《{path.name}》的 [{table}] 缺少“{key}”。")
    for table, key, low, high in (("office", "rectification_days", 1, 365), ("numbers", "first", 1, 999_999)):
        value = data[table].get(key, low)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingsError(f"设置文件《{path.name}》中 {table}.{key} 应为{low}到{high}之间的整数（现在是“{value}”）。")
    # a kind the file does not number takes the registry's pattern; one it does must count
    for kind, template in data["numbers"].items():
        if kind == "first":
            continue
        if kind not in KINDS:
            raise SettingsError(f"设置文件《{path.name}》中 numbers.{kind} 不是已知的文书种类（可用：{'、'.join(KINDS)}）。")
        if not isinstance(template, str) or "{n}" not in template:
            raise SettingsError(f"设置文件《{path.name}》中 numbers.{kind} 应含 {{n}}（序号），如“西街防控告〔{{year}}〕{{n}}号”。")
        other = re.sub(r"\{(year|n)\}", "", template)
        if "{" in other or "}" in other:
            raise SettingsError(f"设置文件《{path.name}》中 numbers.{kind} 只能用 {{year}}（年份）和 {{n}}（序号）两个占位符。")
    return Settings(data["office"], data["numbers"], data.get("communities", {}), data.get("task_force", {}))


def find_templates(explicit: str | None = None) -> Path:
    """--templates, else ./templates, else the project's templates/, else the installed copy. A
    folder named explicitly is used as it is, never silently replaced by the shipped copies."""
    if explicit:
        folder = Path(explicit)
        if not folder.is_dir():
            raise FileNotFoundError(str(folder))
        return folder
    candidates = [Path.cwd() / "templates", Path(__file__).resolve().parents[2] / "templates",
                   Path(sys.prefix) / "share" / "xiyuan-tools" / "templates"]
    for folder in candidates:
        if (folder / KINDS["enterprise"].template).exists():
            return folder
    raise FileNotFoundError("templates")

"""An install folder for office PCs without internet: Windows 64-bit, Python 3.10 to 3.13.

`xiyuan build-installer --out 安装包` writes:

    安装包/
      安装.bat            installs per user, no administrator: checks Python, pip-installs from
                          wheels/ only (no index), puts the add-in in Excel's XLSTART folder
      wheels/             every wheel the tool needs, for win_amd64 and each Python version
      西园防疫.xlam        the ribbon add-in;  xiyuan_tools.xlsm  the button workbook
      templates/          the Word templates;  说明.txt

pip's trap: `pip download --platform win_amd64` still judges environment markers by the
machine it runs on, so Windows-only dependencies (pywin32 for xlwings, colorama for tqdm) are
silently left out. The folder is therefore closed by reading every wheel's own metadata with
Windows markers and downloading what is missing, until nothing is.
"""

from __future__ import annotations

import email.parser
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parents[2]
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
EXTRAS = ("excel",)


class InstallerError(Exception):
    """The folder could not be made; the message (Chinese) says why."""


def windows_environment(python: str) -> dict[str, str]:
    env = default_environment()
    env.update({"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64",
                "python_version": python, "python_full_version": f"{python}.0", "implementation_name": "cpython",
                "platform_python_implementation": "CPython"})
    return env


def wheel_requirements(wheel: Path, extras=()) -> list[Requirement]:
    """The Requires-Dist of a wheel (with the given extras)."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        metadata = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))
    return [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]


def missing(folder: Path, python: str, roots: list[Path]) -> list[Requirement]:
    """Requirements (Windows markers) of the wheels for `python` that have no wheel in `folder`."""
    have = {canonicalize_name(parse_wheel_filename(w.name)[0]): w for w in folder.glob("*.whl")
            if fits(w, python)}
    env = windows_environment(python)
    wanted, seen, todo = [], set(), [(w, EXTRAS if w in roots else ()) for w in roots]
    while todo:
        wheel, extras = todo.pop()
        for requirement in wheel_requirements(wheel):
            keep = requirement.marker is None or any(
                requirement.marker.evaluate({**env, "extra": extra}) for extra in (*extras, ""))
            name = canonicalize_name(requirement.name)
            if not keep or name in seen:
                continue
            seen.add(name)
            if name in have:
                todo.append((have[name], tuple(requirement.extras)))
            else:
                wanted.append(requirement)
    return wanted


def fits(wheel: Path, python: str) -> bool:
    """A wheel Windows 64-bit CPython `python` can install."""
    _, _, _, tags = parse_wheel_filename(wheel.name)
    version = "cp" + python.replace(".", "")
    return any((tag.platform in ("any", "win_amd64"))
               and (tag.interpreter in ("py3", "py2.py3", version) or tag.interpreter.startswith("py3"))
               and tag.abi in ("none", "abi3", version) for tag in tags)


def _pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
        raise InstallerError(f"下载安装包失败（{last[0][:160]}）。请检查本机能否访问 Python 软件包索引后重试。")


def download(folder: Path, python: str, requirements: list[str]) -> None:
    _pip("download", "--quiet", "--only-binary=:all:", "--platform", "win_amd64", "--implementation", "cp",
         "--python-version", python, "--dest", str(folder), *requirements)


def project_wheel(folder: Path) -> Path:
    """The tool itself as a wheel (pure Python, any platform)."""
    _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder), str(ROOT))
    return max(folder.glob("xiyuan_tools-*.whl"), key=lambda p: p.stat().st_mtime)


def build_installer(out: str | Path, pythons=PYTHONS) -> Path:
    out = Path(out)
    wheels = out / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    ours = project_wheel(wheels)
    for python in pythons:
        for _ in range(10):  # each round adds what the new wheels ask for
            wanted = missing(wheels, python, [ours])
            if not wanted:
                break
            download(wheels, python, [str(r.name) + str(r.specifier) for r in wanted])
        else:
            raise InstallerError(f"Python {python} 的依赖总是缺少：{'、'.join(r.name for r in wanted)}。")
    for name in ("西园防疫.xlam", "xiyuan_tools.xlsm"):
        shutil.copy2(ROOT / "workbooks" / name, out / name)
    shutil.copytree(ROOT / "templates", out / "templates", dirs_exist_ok=True)
    (out / "安装.bat").write_bytes(install_script(pythons).replace("\n", "\r\n").encode("utf-8"))
    (out / "说明.txt").write_text(README.format(first=pythons[0], last=pythons[-1]), encoding="utf-8")
    return out


README = """西园防疫台账工具 安装包（Windows 64位，不需要联网）

1. 先安装 Python {first} 至 {last} 中的任一版本（安装时勾选 Add python.exe to PATH）。
2. 双击“安装.bat”：它检查 Python 版本，从本文件夹的 wheels 里安装 xiyuan-tools 及其依赖（只装给当前用户，
   不需要管理员权限），并把“西园防疫.xlam”放进 Excel 的启动文件夹。
3. 重新打开 Excel，功能区出现“西园防疫”选项卡。也可以直接打开 xiyuan_tools.xlsm 用操作面板上的按钮。
4. templates 是公文模板；改过的模板放在台账旁边的 templates 文件夹里即可生效。
"""


def install_script(pythons) -> str:
    low, high = pythons[0].split("."), pythons[-1].split(".")
    return f"""@echo off
chcp 65001 >nul
setlocal
cd /d "%~dp0"
echo 西园防疫台账工具 安装程序
set "PY=python"
where py >nul 2>nul && set "PY=py -3"
%PY% -c "import sys; sys.exit(0 if ({low[0]}, {low[1]}) <= sys.version_info[:2] <= ({high[0]}, {high[1]}) else 1)" >nul 2>nul
if errorlevel 1 (
  echo 没有找到 Python {pythons[0]} 至 {pythons[-1]}。请先安装 Python（安装时勾选 Add python.exe to PATH），再双击本程序。
  pause
  exit /b 1
)
%PY% -m pip install --user --no-index --find-links wheels "xiyuan-tools[excel]"
if errorlevel 1 (
  echo 安装 xiyuan-tools 没有成功，请把上面的提示拍照发给维护人员。
  pause
  exit /b 1
)
set "START=%APPDATA%\\Microsoft\\Excel\\XLSTART"
if not exist "%START%" mkdir "%START%"
copy /y "西园防疫.xlam" "%START%\\" >nul
echo 已安装 xiyuan-tools；加载项“西园防疫.xlam”已放到 %START%。
echo 请重新打开 Excel，功能区会出现“西园防疫”选项卡。
pause
"""

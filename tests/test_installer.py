"""The offline install folder, built here for one Python version: every requirement of the tool,
Windows-only ones included, is a wheel Windows 64-bit can install, and nothing needs an index."""

from __future__ import annotations

import pytest
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from xiyuan.faces.cli import main
from xiyuan.outputs.installer import EXTRAS, fits, wheel_requirements, windows_environment

PYTHON = "3.11"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("installer") / "安装包"
    assert main(["build-installer", "--out", str(out), "--python", PYTHON]) == 0
    return out


def test_every_requirement_is_a_windows_wheel_in_the_folder(folder):
    wheels = {canonicalize_name(parse_wheel_filename(w.name)[0]): w for w in (folder / "wheels").glob("*.whl")}
    assert all(fits(w, PYTHON) for w in wheels.values()), [w.name for w in wheels.values() if not fits(w, PYTHON)]
    env = windows_environment(PYTHON)
    ours = wheels["xiyuan-tools"]
    todo, seen = [(ours, EXTRAS)], set()
    while todo:
        wheel, extras = todo.pop()
        for requirement in wheel_requirements(wheel):
            if requirement.marker is not None and not any(
                    requirement.marker.evaluate({**env, "extra": e}) for e in (*extras, "")):
                continue
            name = canonicalize_name(requirement.name)
            assert name in wheels, f"{wheel.name} needs {requirement} and the folder has no wheel for it"
            version = parse_wheel_filename(wheels[name].name)[1]
            assert requirement.specifier.contains(Version(str(version)), prereleases=True), (requirement, version)
            if name not in seen:
                seen.add(name)
                todo.append((wheels[name], tuple(requirement.extras)))
    assert {"xlwings", "pywin32", "python-calamine", "colorama"} <= seen  # the Windows-only ones are there


def test_the_folder_holds_what_a_clerk_needs_and_installs_without_an_index(folder):
    names = {p.name for p in folder.iterdir()}
    assert {"安装.bat", "说明.txt", "西园防疫.xlam", "xiyuan_tools.xlsm", "templates", "wheels"} <= names
    script = (folder / "安装.bat").read_bytes()
    text = script.decode("utf-8")
    assert script.count(b"\n") == script.count(b"\r\n") and text.startswith("@echo off\r\nchcp 65001")
    assert "--no-index --find-links wheels" in text and "--user" in text and "XLSTART" in text
    assert "没有找到 Python 3.11 至 3.11" in text and "xiyuan-tools[excel]" in text

#!/usr/bin/env bash
# Set up this project on a fresh Debian/Ubuntu machine (or re-check an existing one):
#   bash scripts/setup.sh        the tool itself in .venv
#   bash scripts/setup.sh test   also what the tests need: LibreOffice Writer and Calc (documents
#                                and the button workbook are opened by it), poppler, fonts
# System packages are installed only when missing (as root, or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=no
[ "${1:-}" = "test" ] && want_tests=yes

if ! python3 -c "import sqlite3" 2>/dev/null; then
    # the run history and the document numbers are kept in SQLite; Debian's python3 has it, a
    # Python built from source has it only if libsqlite3-dev was installed before building
    echo "这个 python3 没有 sqlite3 模块：请改用系统自带的 python3（apt install python3），" >&2
    echo "或先 apt install libsqlite3-dev 再重新编译 Python。" >&2
    exit 1
fi

packages=""
python3 -c "import venv, ensurepip" 2>/dev/null || packages="python3-venv"
if [ "$want_tests" = yes ]; then
    packages="$packages libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fontconfig fonts-noto-cjk
              fonts-arphic-gkai00mp fonts-liberation"
fi
if [ -n "${packages// /}" ] && ! dpkg -s $packages >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages
fi

python3 -m venv .venv
if [ "$want_tests" = yes ]; then
    .venv/bin/pip install -q -e '.[test]'
else
    .venv/bin/pip install -q .
fi

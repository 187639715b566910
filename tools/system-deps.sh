#!/usr/bin/env bash
# Install the system packages a source build of quiverdb needs, when missing
# (Debian/Ubuntu: a C++ compiler, SQLite and Lua 5.4 headers, Python venv).
set -euo pipefail

need=()
command -v g++ >/dev/null 2>&1 || need+=(g++)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
dpkg -s liblua5.4-dev >/dev/null 2>&1 || need+=(liblua5.4-dev)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)

if [ ${#need[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "quiverdb: please install: ${need[*]} (a C++ compiler, SQLite >= 3.37 and Lua 5.4 headers)" >&2
        exit 1
    fi
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "quiverdb: installing system packages: ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

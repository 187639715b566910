#!/usr/bin/env bash
# Create (or reuse) .venv and install quiverdb into it from this checkout.
# Usage: tools/venv.sh [extra]   e.g. tools/venv.sh test   installs quiverdb[test]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/system-deps.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
spec="."
[ $# -gt 0 ] && spec=".[$1]"
.venv/bin/python -m pip install -q "$spec"

#!/usr/bin/env bash
# Quick start: install what is missing (system packages via tools/system-deps.sh, .venv with
# quiverdb via tools/venv.sh), then run examples/demo.lua with the `quiver` command on a fresh
# database made from examples/study.sql. The script prints what it built.
# Usage: tools/demo.sh [DATABASE]     (default: build/demo/study.db, recreated every run)
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/venv.sh
db=${1:-build/demo/study.db}
mkdir -p "$(dirname "$db")"
echo "quiverdb: quiver $db examples/demo.lua --schema examples/study.sql"
.venv/bin/quiver "$db" examples/demo.lua --schema examples/study.sql
echo "quiverdb: explore it with: .venv/bin/quiver $db   (an interactive Lua prompt; Ctrl-D exits)"

#!/usr/bin/env bash
# Run the whole test suite against quiverdb installed into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/venv.sh test
exec .venv/bin/python -m pytest -q "$@"

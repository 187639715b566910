#!/usr/bin/env bash
# Run one of upstream quiverdb's own Python test suites against this checkout's package and print
# the count.
# Usage: tools/upstream-suite.sh PATH
#   PATH = an upstream Python tests folder (upstream's bindings/python/tests, or the tests/ folder
#   of a quiverdb sdist from PyPI). Upstream's conftest.py reads the shared schemas from
#   <PATH>/../../../tests/schemas; when they are not there, the suite is copied into a scratch
#   layout whose tests/schemas is this repository's copy of upstream's test schemas.
# The 0.10.0 suite is not in this repository and no registry serves it: PyPI serves only
# quiverdb 0.1.0 (whose sdist has an early suite: `pip download --no-deps --no-binary :all:
# --ignore-requires-python quiverdb`).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: tools/upstream-suite.sh PATH_TO_UPSTREAM_PYTHON_TESTS" >&2
    exit 2
fi
bash tools/venv.sh test >/dev/null
suite="$(cd "$1" && pwd)"
if [ ! -d "$suite/../../../tests/schemas" ]; then
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    mkdir -p "$scratch/bindings/python" "$scratch/tests"
    cp -r "$suite" "$scratch/bindings/python/tests"
    ln -s "$root/tests/schemas" "$scratch/tests/schemas"
    suite="$scratch/bindings/python/tests"
fi
cd "$suite"
set +e
"$root/.venv/bin/python" -m pytest -q -p no:cacheprovider -p no:randomly --rootdir "$suite" "$suite" >"$root/build/upstream-suite.log" 2>&1
status=$?
set -e
tail -n 30 "$root/build/upstream-suite.log" | grep -E "^(FAILED|ERROR)" || true
tail -n 1 "$root/build/upstream-suite.log"
exit "$status"

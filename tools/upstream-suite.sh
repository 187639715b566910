#!/usr/bin/env bash
# Run upstream quiverdb's own Python test suite against this checkout's package and print the count.
# Usage: tools/upstream-suite.sh PATH   PATH = upstream's bindings/python/tests folder (of 0.5.0 or
#        0.10.0), with the schemas it reads where it expects them (upstream's tests/schemas beside it).
# The suite is not in this repository and no registry serves it (PyPI's "quiverdb" is an unrelated
# 0.1.0 wheel without tests), so it has to be copied from an upstream checkout by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: tools/upstream-suite.sh PATH_TO_UPSTREAM_PYTHON_TESTS" >&2
    exit 2
fi
bash tools/venv.sh test
suite="$(cd "$1" && pwd)"
# upstream's tests import quiverdb and nothing else of upstream: run them from their own folder
# (their conftest.py finds the schemas relative to itself) against the installed package
cd "$suite"
set +e
"$OLDPWD/.venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$suite" "$suite" | tee /tmp/upstream-suite.log
status=${PIPESTATUS[0]}
set -e
tail -1 /tmp/upstream-suite.log
exit "$status"

#!/usr/bin/env bash
# Fast incremental developer build: install this checkout into a private venv
# with a persistent build directory (no build isolation).
#   tools/dev-install.sh NAME   -> venv /work/venvs/NAME, build dir /work/builds/NAME
# Then run tests from outside the checkout, e.g.:
#   /work/venvs/NAME/bin/python -m pytest -q tests/
set -euo pipefail
name=${1:?usage: tools/dev-install.sh NAME}
cd "$(dirname "$0")/.."
venv=/work/venvs/$name
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q scikit-build-core cffi pytest hypothesis
fi
"$venv/bin/pip" install -q --no-build-isolation --no-deps -C build-dir=/work/builds/$name . 

#!/usr/bin/env bash
# Build the documentation site (mkdocs.yml) into build/site with `mkdocs build --strict`: any
# warning (a broken link, a page missing from the nav, a docstring mkdocstrings cannot parse)
# fails the build. Installs the pinned toolchain, pyproject.toml's "docs" extra, into .venv; the
# API reference is read from src/, so quiverdb itself need not be built.
# Usage: tools/docs.sh [mkdocs build options]   e.g. tools/docs.sh --verbose
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
mapfile -t pins < <(.venv/bin/python - <<'PY'
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["docs"]))
PY
)
.venv/bin/python -m pip install -q "${pins[@]}"
export NO_MKDOCS_2_WARNING=1  # the "MkDocs 2.0" notice material prints on every build
exec .venv/bin/mkdocs build --strict -d build/site "$@"

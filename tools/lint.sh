#!/usr/bin/env bash
# The lint gate (.ci/run runs it first): ruff (lint + format) over the Python files, mypy on
# src/quiverdb (strict on the public API; settings in pyproject.toml), clang-format over the C and
# C++ sources (.clang-format). Tool versions are pinned in pyproject.toml's "lint" extra.
# Usage: tools/lint.sh [--fix]   --fix rewrites files instead of only checking them
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
mapfile -t pins < <(.venv/bin/python - <<'PY'
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["lint"]))
PY
)
.venv/bin/python -m pip install -q "${pins[@]}"
mapfile -t cxx < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'include/*.h')
if [ "${1:-}" = --fix ]; then
  .venv/bin/ruff check --fix .
  .venv/bin/ruff format .
  .venv/bin/clang-format -i "${cxx[@]}"
else
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  .venv/bin/clang-format --dry-run --Werror "${cxx[@]}"
fi
.venv/bin/mypy
echo "lint: ruff, ruff format, clang-format and mypy passed"

"""Where the suite's files are: tests/ itself, its schemas, and the project root next to it.

The root holds docs/, examples/, benchmarks/ and README.md, in the checkout and in the copies
the wheel checks make (pyproject.toml's ``test-sources``, tools/wheel-check.sh).
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
SCHEMAS = TESTS / "schemas"
VALID = SCHEMAS / "valid"
INVALID = SCHEMAS / "invalid"

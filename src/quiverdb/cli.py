"""The ``quiver`` command line (implemented with the Lua/CLI issue)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("quiver: the command line is not implemented yet", file=sys.stderr)
    return 2

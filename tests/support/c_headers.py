"""The functions the public C headers declare with ``QUIVER_C_API`` (include/quiver/c/*.h):
what libquiver_c must export, no more and no less (tests/packaging/test_packaging.py on every
platform, tools/windows-check.sh for the MinGW-built DLL)."""

from __future__ import annotations

import re
from pathlib import Path


def declared_functions(header_dir: Path) -> set[str]:
    names: set[str] = set()
    for header in header_dir.glob("*.h"):
        text = header.read_text(encoding="utf-8")
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"//[^\n]*", "", text)
        text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        names.update(re.findall(r"\bQUIVER_C_API\b[^;(]*?\b(quiver_\w+)\s*\(", text))
    return names

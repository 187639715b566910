"""The fenced code blocks of a Markdown page, with the marker comment above each.

Shared by the docs runners (tests/docs/): the generic one (test_docs_code_blocks.py, whose
convention docs/index.md states) and the dedicated ones for docs/lua.md and docs/dataframes.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# a fence at the start of a line (indented fences, e.g. inside list items, are text of the page)
_FENCE = re.compile(r"^```([\w+-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
_MARKER = re.compile(r"^<!--\s*(file|not-run):\s*(.*?)\s*-->$")


@dataclass(frozen=True)
class Block:
    lang: str  # the fence's info string ("" for a bare fence)
    line: int  # 1-based line of the first code line
    code: str
    file: str | None = None  # `<!-- file: NAME -->` above the fence: written to NAME, not run
    not_run: str | None = None  # `<!-- not-run: REASON -->` above the fence: skipped


def blocks(page: Path, *langs: str) -> list[Block]:
    """Every fenced block of ``page`` (only those of ``langs`` when given), in page order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for m in _FENCE.finditer(text):
        if langs and m.group(1) not in langs:
            continue
        above = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()  # the last line above
        marker = _MARKER.match(above)
        kind, value = marker.groups() if marker else (None, None)
        found.append(
            Block(
                lang=m.group(1),
                line=text.count("\n", 0, m.start()) + 2,
                code=m.group(2),
                file=value if kind == "file" else None,
                not_run=value if kind == "not-run" else None,
            )
        )
    return found

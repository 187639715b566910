"""The code blocks of the guides (getting started, schema, migrations, concurrency) run and their
assertions hold, so the guides cannot drift from the code.

The convention of docs/ code blocks, implemented here for these four pages (a general collector for
every page may replace this file):

- per page, in a fresh scratch directory (the working directory), the ```python blocks run in
  order in one shared namespace;
- a ```sql block whose fence line is immediately preceded by the line ``<!-- file: NAME.sql -->``
  is written to NAME.sql in the scratch directory before the later blocks run;
- a ```lua block runs through ``quiverdb.LuaRunner(db).run(code)`` on the namespace's current ``db``;
- a block preceded by ``<!-- not-run: REASON -->`` is skipped;
- at the end of the page ``db`` (if any) must be closed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import quiverdb
from support.paths import ROOT

PAGES = ["getting-started.md", "schema.md", "migrations.md", "concurrency.md"]

_FILE = re.compile(r"^<!-- file: ([A-Za-z0-9_.-]+\.sql) -->$")
_NOT_RUN = re.compile(r"^<!-- not-run: .+ -->$")


def blocks(text: str) -> list[tuple[int, str, str, str | None]]:
    """(line number of the code, language, code, file name or None) of every block to run."""
    out: list[tuple[int, str, str, str | None]] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("```") or line == "```":
            i += 1
            continue
        lang = line[3:].strip()
        end = lines.index("```", i + 1)  # a block without its closing fence fails the test
        code = "\n".join(lines[i + 1 : end]) + "\n"
        before = lines[i - 1] if i > 0 else ""
        file = _FILE.match(before)
        if _NOT_RUN.match(before):
            pass
        elif lang == "sql" and file:
            out.append((i + 2, "file", code, file.group(1)))
        elif lang in ("python", "lua"):
            out.append((i + 2, lang, code, None))
        i = end + 1
    return out


def run_page(page: Path) -> dict[str, object]:
    """Run the page's blocks in the current directory; the namespace they shared."""
    namespace: dict[str, object] = {"__name__": page.stem.replace("-", "_")}
    for line, kind, code, file in blocks(page.read_text(encoding="utf-8")):
        where = f"docs/{page.name} block at line {line}"
        try:
            if kind == "file":
                assert file is not None
                Path(file).write_text(code, encoding="utf-8")
            elif kind == "python":
                exec(compile(code, f"{page}:{line}", "exec"), namespace)
            else:
                with quiverdb.LuaRunner(namespace["db"]) as runner:  # type: ignore[arg-type]
                    runner.run(code)
        except Exception as e:  # name the block that failed
            raise AssertionError(f"{where} failed: {e!r}") from e
    return namespace


@pytest.mark.parametrize("name", PAGES)
def test_guide_runs(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = ROOT / "docs" / name
    assert len([b for b in blocks(page.read_text(encoding="utf-8")) if b[1] == "python"]) >= 3
    monkeypatch.chdir(tmp_path)
    namespace = run_page(page)
    db = namespace.get("db")
    assert db is None or repr(db) == "Database(closed)", f"docs/{name} leaves db open"


def test_the_collector_follows_the_convention() -> None:
    text = "\n".join(
        [
            "<!-- file: a.sql -->",
            "```sql",
            "SELECT 1;",
            "```",
            "```sql",
            "SELECT 2;",
            "```",
            "<!-- not-run: needs a server -->",
            "```python",
            "boom()",
            "```",
            "```python",
            "x = 1",
            "```",
            "```lua",
            "return 1",
            "```",
            "```text",
            "output",
            "```",
        ]
    )
    assert blocks(text) == [
        (3, "file", "SELECT 1;\n", "a.sql"),
        (13, "python", "x = 1\n", None),
        (16, "lua", "return 1\n", None),
    ]

"""Every ```python and ```lua block of README.md and docs/**/*.md runs, so the docs cannot drift.

The convention (docs/index.md, "Code blocks are tested"): per page, in a fresh scratch directory
holding a copy of examples/, the python blocks run in order in one shared namespace; a block
with `<!-- file: NAME -->` on the line above is written to NAME instead; a lua block runs
through LuaRunner against the page's current `db`; `<!-- not-run: REASON -->` skips a block.
docs/lua.md and docs/dataframes.md have their own runners (test_docs_lua.py,
test_docs_dataframes.py): their examples follow those pages' own rules.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import quiverdb
from support.doc_blocks import Block, blocks
from support.paths import ROOT

OWN_RUNNER = {"docs/lua.md", "docs/dataframes.md"}
RUN = ("python", "lua")
OPTIONAL = ("numpy", "pandas", "pyarrow", "polars", "matplotlib")


def pages() -> list[str]:
    """Repo-relative paths of the pages with a python or lua block the generic runner runs."""
    found = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    names = [p.relative_to(ROOT).as_posix() for p in found]
    return [n for n in names if n not in OWN_RUNNER and any(b.lang in RUN for b in blocks(ROOT / n))]


def run_block(page: str, block: Block, namespace: dict[str, object]) -> None:
    where = f"{page}:{block.line}"
    if block.lang == "python":
        exec(compile(block.code, where, "exec"), namespace)
        return
    db = namespace.get("db")
    if not isinstance(db, quiverdb.Database):
        raise AssertionError(f"{where}: a lua block needs a `db` (a quiverdb.Database) from an earlier python block")
    with quiverdb.LuaRunner(db) as runner:
        runner.run(block.code)


def test_every_page_with_examples_is_collected() -> None:
    assert "README.md" in pages()
    assert not OWN_RUNNER & set(pages())


def run_page(path: Path, page: str, scratch: Path) -> None:
    """Run the page's blocks by the convention, in ``scratch`` (already the current directory)."""
    namespace: dict[str, object] = {"__name__": "docs_page"}
    try:
        for block in blocks(path):
            if block.not_run is not None:
                continue
            if block.file is not None:
                target = scratch / block.file
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.code, encoding="utf-8")
            elif block.lang in RUN:
                try:
                    run_block(page, block, namespace)
                except Exception as e:  # name the page and line of the block that failed
                    raise AssertionError(f"{page}:{block.line}: {block.lang} block failed: {e!r}") from e
    finally:  # pages may leave databases open: close them before the scratch directory goes
        for value in namespace.values():
            if isinstance(value, quiverdb.Database):
                value.close()


@pytest.mark.parametrize("page", pages())
def test_page_code_blocks_run(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    python = "\n".join(b.code for b in blocks(ROOT / page) if b.lang == "python" and not b.file and not b.not_run)
    for module in OPTIONAL:  # a page skips only when one of its blocks imports the missing module
        if re.search(rf"^\s*(import|from)\s+{module}\b", python, re.M):
            pytest.importorskip(module)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    run_page(ROOT / page, page, tmp_path)


PAGE = """\
<!-- file: s.sql -->
```sql
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
```

```python
import quiverdb
db = quiverdb.Database.from_schema("s.db", "s.sql")
```

<!-- not-run: shows a failure -->
```python
raise RuntimeError("skipped")
```

```lua
assert(db:read_element_ids("Configuration")[1] == nil)
```

```lua
error("the docs drifted")
```
"""


def test_a_failing_block_is_named_by_page_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file and not-run markers apply; a failure points at the block that failed."""
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AssertionError, match=r"^docs/page\.md:21: lua block failed: .*the docs drifted"):
        run_page(tmp_path / "page.md", "docs/page.md", tmp_path)
    assert (tmp_path / "s.db").exists()


def test_a_lua_block_needs_a_db(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("```lua\nreturn 1\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"docs/page\.md:2: a lua block needs a `db`"):
        run_page(tmp_path / "page.md", "docs/page.md", tmp_path)

"""Every Lua example of docs/lua.md runs, and its assertions hold.

The guide's rule: each example runs on a fresh database made from examples/study.sql, after
the guide's first example (the sample data). docs/ and examples/ sit next to tests/ (also in
the copies the wheel checks run from).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quiverdb import Database, LuaRunner
from support.doc_blocks import blocks
from support.paths import ROOT

GUIDE = ROOT / "docs" / "lua.md"
STUDY = ROOT / "examples" / "study.sql"


def lua_blocks() -> list[tuple[int, str]]:
    """(line number, code) of every ```lua block of the guide."""
    return [(b.line, b.code) for b in blocks(GUIDE, "lua")]


BLOCKS = lua_blocks()
SETUP = BLOCKS[0][1]


def test_guide_has_examples_for_every_task() -> None:
    assert len(BLOCKS) >= 15
    text = GUIDE.read_text(encoding="utf-8")
    for heading in (
        "Create, update, delete",
        "Reading all elements",
        "Reading one element",
        "Metadata",
        "Time series",
        "Time series files",
        "Queries",
        "Transactions",
        "CSV",
        "The sandbox and limits",
        "Return values",
        "Errors",
        "The command line",
    ):
        assert f"\n## {heading}\n" in text, heading
    assert "examples/study.sql" in text


@pytest.mark.parametrize(("line", "code"), BLOCKS, ids=[f"line{line}" for line, _ in BLOCKS])
def test_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: int, code: str) -> None:
    monkeypatch.chdir(tmp_path)  # examples that write files (CSV) write them here
    with Database.from_schema(str(tmp_path / "study.db"), str(STUDY)) as db, LuaRunner(db) as runner:
        if code is not SETUP:
            runner.run(SETUP)
        runner.run(code)


def test_return_values_example_converts_as_documented(tmp_path: Path) -> None:
    """The example of "Return values" gives the Python value its comment shows."""
    code = next(code for _, code in BLOCKS if code.rstrip().endswith("'capacity': 120.0}]"))
    with Database.from_schema(str(tmp_path / "study.db"), str(STUDY)) as db, LuaRunner(db) as runner:
        runner.run(SETUP)
        assert runner.run(code) == [{"label": "Plant A", "capacity": 350.0}, {"label": "Plant B", "capacity": 120.0}]

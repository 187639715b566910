"""Every Python example of docs/dataframes.md runs, in order, in one namespace (the page is one
worked example), in a scratch directory; its assertions hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.doc_blocks import blocks
from support.paths import ROOT

PAGE = ROOT / "docs" / "dataframes.md"


def python_blocks() -> list[tuple[int, str]]:
    """(line number, code) of every ```python block of the page."""
    return [(b.line, b.code) for b in blocks(PAGE, "python")]


def test_page_has_the_read_side() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert text.startswith("# Working with pandas, numpy and Arrow\n")
    for name in (
        "read_columns",
        "read_frame",
        "read_arrow",
        "read_time_series_frame",
        "read_time_series_arrow",
        "read_time_series_group_frame",
    ):
        assert f"`{name}`" in text or f"db.{name}(" in text, name
    assert len(python_blocks()) >= 6


def test_page_has_the_write_side() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert "## Writing many elements" in text
    for name in ("create_elements", "query", "update_time_series_frame"):
        assert f"db.{name}(" in text, name


def test_examples_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("numpy", "pandas", "pyarrow", "polars", "matplotlib"):
        pytest.importorskip(module)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "dataframes_md"}
    for line, code in python_blocks():
        try:
            exec(compile(code, f"{PAGE}:{line}", "exec"), namespace)
        except Exception as e:  # name the block that failed
            raise AssertionError(f"docs/dataframes.md block at line {line} failed: {e!r}") from e
    db = namespace.get("db")
    assert db is not None and repr(db) == "Database(closed)"

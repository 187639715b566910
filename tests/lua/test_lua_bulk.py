"""Lua db:create_elements and db:read_columns (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiverdb import Database
from support.lua import error_line, run
from support.paths import ROOT

BENCH_SCHEMA = ROOT / "benchmarks" / "schema.sql"


@pytest.fixture
def items(tmp_path: Path):
    db = Database.from_schema(str(tmp_path / "items.db"), str(BENCH_SCHEMA))
    try:
        yield db
    finally:
        db.close()


def test_create_elements_and_read_columns(items):
    ids = run(
        items,
        """
        local rows = {}
        for i = 1, 5 do
          rows[i] = { label = "Item " .. i, some_integer = i * 10, some_float = i, value = { i, i + 0.5 } }
        end
        rows[3].some_integer = nil
        return db:create_elements("Items", rows)
        """,
    )
    assert ids == [1, 2, 3, 4, 5]
    assert items.read_vector_floats_by_id("Items", "value", 2) == [2.0, 2.5]
    result = run(
        items,
        """
        local c = db:read_columns("Items", { "label", "some_integer", "some_float" })
        local out = {}
        for i = 1, #c.id do
          out[i] = c.id[i] .. ":" .. c.label[i] .. ":" .. tostring(c.some_integer[i]) .. ":" .. c.some_float[i]
        end
        return out
        """,
    )
    assert result == ["1:Item 1:10:1.0", "2:Item 2:20:2.0", "3:Item 3:nil:3.0", "4:Item 4:40:4.0", "5:Item 5:50:5.0"]
    everything = run(
        items, 'local c = db:read_columns("Items"); return { c.date_created == nil, #c.some_string, #c.label }'
    )
    assert everything == [False, 0, 5]


def test_create_elements_is_all_or_nothing(items):
    text = error_line(
        items,
        'db:create_elements("Items", { { label = "a" }, { label = "b", some_float = "x" } })',
    )
    assert "Cannot create_elements: element 1: " in text
    assert "some_float" in text
    assert items.number_of_elements("Items") == 0
    text = error_line(items, 'db:create_elements("Items", { { label = "a" }, 3 })')
    assert "create_elements: row 2 must be a table" in text
    assert items.number_of_elements("Items") == 0


def test_read_columns_errors(items):
    assert "attribute 'nope' not found in collection 'Items'" in error_line(items, 'db:read_columns("Items", {"nope"})')
    assert "collection not found: Nope" in error_line(items, 'db:read_columns("Nope")')

"""Dates from Lua scripts (issue 16, item 17): on a strict database the engine's date check holds
for every Lua write (create_element, update_element, update_time_series_group,
upsert_time_series_row, update_vector_group), with the same message as Python and C."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiverdb import Database
from support.lua import error_line, run
from support.paths import VALID


@pytest.fixture
def strict(tmp_path: Path) -> Iterator[Database]:
    db = Database.from_schema(str(tmp_path / "lua.db"), str(VALID / "csv_round_trip.sql"), strict=True)
    db.create_element("Thing", label="T")
    yield db
    db.close()


def message(text: str, column: str, table: str) -> str:
    return f"Invalid date-time '{text}' for column '{column}' of '{table}' (expected YYYY-MM-DD[THH:MM[:SS]])"


@pytest.mark.parametrize(
    ("call", "text", "column", "table"),
    [
        ('db:create_element("Thing", {label = "X", date_made = "31/12/2020"})', "31/12/2020", "date_made", "Thing"),
        (
            'db:update_element("Thing", 1, {date_made = "2024-02-30T00:00:00"})',
            "2024-02-30T00:00:00",
            "date_made",
            "Thing",
        ),
        (
            'db:update_element("Thing", 1, {date_sampled = {"0000-01-01"}})',
            "0000-01-01",
            "date_sampled",
            "Thing_vector_samples",
        ),
        (
            'db:update_vector_group("Thing", "samples", 1, {date_sampled = {"2023-02-29"}})',
            "2023-02-29",
            "date_sampled",
            "Thing_vector_samples",
        ),
        (
            'db:update_time_series_group("Thing", "log", 1, {{date_time = "31/12/2020", level = 1}})',
            "31/12/2020",
            "date_time",
            "Thing_time_series_log",
        ),
        (
            'db:upsert_time_series_row("Thing", "log", 1, {date_time = "2024-02-30", level = 1})',
            "2024-02-30",
            "date_time",
            "Thing_time_series_log",
        ),
    ],
)
def test_lua_writes_refuse_invalid_dates(strict: Database, call: str, text: str, column: str, table: str) -> None:
    assert re.search(re.escape(message(text, column, table)), error_line(strict, call))
    assert strict.query("SELECT date_made FROM Thing") == [(None,)]
    assert strict.query("SELECT COUNT(*) FROM Thing_vector_samples") == [(0,)]
    assert strict.query("SELECT COUNT(*) FROM Thing_time_series_log") == [(0,)]


def test_lua_writes_store_the_canonical_form(strict: Database) -> None:
    run(
        strict,
        """
        db:update_element("Thing", 1, {date_made = "2024-02-29 10:30", date_sampled = {"2024-03-01"}})
        db:update_time_series_group("Thing", "log", 1, {{date_time = "2024-01-01", level = 1}})
        """,
    )
    assert strict.query("SELECT date_made FROM Thing") == [("2024-02-29T10:30:00",)]
    assert strict.query("SELECT date_sampled FROM Thing_vector_samples") == [("2024-03-01T00:00:00",)]
    assert strict.query("SELECT date_time FROM Thing_time_series_log") == [("2024-01-01T00:00:00",)]

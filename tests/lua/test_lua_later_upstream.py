"""Later-upstream methods of the Lua ``db`` and script parameters (issue 17)."""

from __future__ import annotations

import pytest

from quiverdb import Database, LuaRunner, QuiverError


def test_lua_dry_run_and_reports(collections_db: Database) -> None:
    with LuaRunner(collections_db) as lua:
        result = lua.run(
            """
            db:begin_dry_run()
            local during = db:in_dry_run()
            db:create_element("Collection", {label = "x"})
            local n = #db:read_element_ids("Collection")
            db:end_dry_run()
            return during, n, db:in_dry_run(), #db:read_element_ids("Collection")
            """
        )
        assert result == (True, 1, False, 0)
        assert lua.run('return db:describe_collection("Collection")').startswith("Collection: Collection\n")
        assert lua.run('return db:summarize_collection("Collection")').startswith("Collection: 0 elements,")
        # a failed run ends the dry run it began itself
        with pytest.raises(QuiverError, match="boom"):
            lua.run('db:begin_dry_run() db:create_element("Collection", {label = "y"}) error("boom")')
        assert collections_db.in_dry_run() is False
        assert collections_db.read_element_ids("Collection") == []


def test_lua_time_series_rows(mixed_time_series_db: Database) -> None:
    mixed_time_series_db.create_element("Sensor", label="S1")
    with LuaRunner(mixed_time_series_db) as lua:
        row = lua.run(
            """
            db:upsert_time_series_row("Sensor", "readings", 1,
                {date_time = "2024-01-01T00:00:00", temperature = 20, humidity = 5, status = "ok"})
            db:upsert_time_series_row("Sensor", "readings", 1, {date_time = "2024-01-01T00:00:00", humidity = 6})
            return db:read_time_series_row("Sensor", "readings", 1, "2024-06-01")
            """
        )
        assert row == {"humidity": 6, "status": "ok", "temperature": 20.0}
        assert lua.run('return db:read_time_series_row("Sensor", "readings", 1, "2000-01-01")') == []
        with pytest.raises(QuiverError, match="column 'pressure' not found"):
            lua.run('db:upsert_time_series_row("Sensor", "readings", 1, {date_time = "2024-02-01", pressure = 1})')


def test_lua_files_columns_declared(collections_db: Database) -> None:
    with LuaRunner(collections_db) as lua:
        assert lua.run('return db:list_time_series_files_columns_declared("Collection")') == [
            "data_file",
            "metadata_file",
        ]


def test_run_with_globals_both_ways(collections_db: Database) -> None:
    with LuaRunner(collections_db) as lua:
        assert lua.run("return threshold + 1", globals={"threshold": 1000}) == 1001
        value = {"n": None, "b": True, "i": -3, "f": 2.5, "s": "é", "list": [1, "two", [3]], "map": {"k": 1, 2: "x"}}
        back = lua.run("return x", globals={"x": value})
        assert back == {"b": True, "i": -3, "f": 2.5, "s": "é", "list": [1, "two", [3]], "map": {"k": 1, 2: "x"}}
        assert lua.run("return threshold") == 1000  # stays set for later runs
        assert lua.run("return t", globals={"t": ()}) == []
        with pytest.raises(QuiverError, match="the global 'db' is the database"):
            lua.run("return 1", globals={"db": 1})
        with pytest.raises(TypeError, match="unsupported type object"):
            lua.run("return 1", globals={"o": object()})
        with pytest.raises(TypeError, match="global names must be str"):
            lua.run("return 1", globals={1: 2})  # type: ignore[dict-item]
        assert lua.run("return db:path()", globals={}) == collections_db.path()

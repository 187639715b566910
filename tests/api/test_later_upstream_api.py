"""The Python API that code written for later upstream versions (0.6-0.10) uses, accepted next to
0.5.0's (issue 17): every 0.5.0 call keeps its behaviour (docs/compatibility.md)."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

import pytest

import quiverdb
from quiverdb import Database, LogLevel, QuiverError
from support.paths import VALID

# ---- 1. parameters=, console_level=, LogLevel ----


def test_log_level_is_exported_and_all_keeps_its_0_5_0_prefix() -> None:
    assert quiverdb.LogLevel is LogLevel
    assert quiverdb.__all__[:10] == [
        "CSVOptions",
        "DataType",
        "Database",
        "DatabaseCSVExport",
        "DatabaseCSVImport",
        "GroupMetadata",
        "LuaRunner",
        "QuiverError",
        "ScalarMetadata",
        "version",
    ]
    assert quiverdb.__all__[10:] == ["LogLevel"]


def test_query_parameters_keyword(db: Database) -> None:
    db.create_element("Configuration", label="item1", integer_attribute=5)
    sql = "SELECT integer_attribute FROM Configuration WHERE label = ?"
    assert db.query_integer(sql, parameters=["item1"]) == 5
    with pytest.raises(TypeError):
        db.query_integer(sql, ["item1"])  # type: ignore[misc]  # keyword-only, as 0.5.0's params
    assert db.query_integer(sql, params=["item1"]) == 5
    assert db.query_string("SELECT label FROM Configuration WHERE id = ?", parameters=[1]) == "item1"
    assert db.query_float("SELECT ? * 2", parameters=[1.5]) == 3.0
    assert db.query_date_time("SELECT ?", parameters=["2025-06-15T10:30:00"]) == datetime(
        2025, 6, 15, 10, 30, tzinfo=timezone.utc
    )
    with pytest.raises(TypeError, match="give params or parameters, not both"):
        db.query_integer(sql, parameters=["a"], params=["a"])


@pytest.mark.parametrize("constructor", ["from_schema", "open"])
def test_console_level_is_log_level(tmp_path: Path, caplog: pytest.LogCaptureFixture, constructor: str) -> None:
    path = str(tmp_path / "x.db")
    Database.from_schema(path, str(VALID / "collections.sql")).close()
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    if constructor == "open":
        db = Database.open(path, console_level=LogLevel.DEBUG)
    else:
        db = Database.from_schema(path, str(VALID / "collections.sql"), console_level="debug")
    with db:
        db.create_element("Collection", label="a")
    assert any("create_element" in r.getMessage() for r in caplog.records)
    with pytest.raises(TypeError, match="give log_level or console_level, not both"):
        Database.open(path, log_level="debug", console_level="off")


# ---- 3. time series rows; datetime and int cells; unknown columns ----


def test_read_and_upsert_time_series_row(mixed_time_series_db: Database) -> None:
    db = mixed_time_series_db
    db.create_element("Sensor", label="S1")
    db.upsert_time_series_row(
        "Sensor",
        "readings",
        1,
        {"date_time": datetime(2024, 1, 1), "temperature": 20, "humidity": 60, "status": "ok"},
    )
    db.upsert_time_series_row("Sensor", "readings", 1, {"date_time": "2024-01-01T00:00:00", "humidity": 61})
    db.upsert_time_series_row(
        "Sensor",
        "readings",
        1,
        {"date_time": "2024-01-03T00:00:00", "temperature": 22.5, "humidity": 70, "status": "hot"},
    )
    assert db.read_time_series_group("Sensor", "readings", 1) == [
        {"date_time": "2024-01-01T00:00:00", "humidity": 61, "status": "ok", "temperature": 20.0},
        {"date_time": "2024-01-03T00:00:00", "humidity": 70, "status": "hot", "temperature": 22.5},
    ]
    assert db.read_time_series_row("Sensor", "readings", 1, datetime(2024, 1, 2)) == {
        "humidity": 61,
        "status": "ok",
        "temperature": 20.0,
    }
    assert db.read_time_series_row("Sensor", "readings", 1, "2023-01-01") == {
        "humidity": None,
        "status": None,
        "temperature": None,
    }
    with pytest.raises(QuiverError, match="column 'pressure' not found in group 'readings'"):
        db.upsert_time_series_row("Sensor", "readings", 1, {"date_time": "2024-01-05", "pressure": 1.0})
    with pytest.raises(QuiverError, match="dimension column 'date_time' missing from the row"):
        db.upsert_time_series_row("Sensor", "readings", 1, {"humidity": 1})
    with pytest.raises(QuiverError, match="Time series group not found"):
        db.read_time_series_row("Sensor", "nope", 1, "2024-01-01")


def test_list_of_dicts_update_accepts_datetime_but_keeps_0_5_0_type_rules(mixed_time_series_db: Database) -> None:
    db = mixed_time_series_db
    db.create_element("Sensor", label="S1")
    row = {
        "date_time": datetime(2024, 1, 1, 12, tzinfo=timezone.utc),
        "temperature": 20.5,
        "humidity": 1,
        "status": "a",
    }
    db.update_time_series_group("Sensor", "readings", 1, [row])
    assert db.read_time_series_group("Sensor", "readings", 1)[0]["date_time"] == "2024-01-01T12:00:00"
    # 0.5.0 (tested upstream): an int for a FLOAT column is refused in the list-of-dicts form
    with pytest.raises(TypeError, match="Column 'temperature' expects float, got int"):
        db.update_time_series_group("Sensor", "readings", 1, [dict(row, temperature=20)])


def test_columnar_time_series_read_and_write(mixed_time_series_db: Database) -> None:
    db = mixed_time_series_db
    db.create_element("Sensor", label="S1")
    db.update_time_series_group(
        "Sensor",
        "readings",
        1,
        {
            "date_time": [datetime(2024, 1, 1), "2024-01-02T00:00:00"],
            "temperature": [20, 21.5],  # an int for a REAL column
            "humidity": [1, 2],
            "status": ["a", "b"],
        },
    )
    assert db.read_time_series_group("Sensor", "readings", 1, columnar=True) == {
        "date_time": [datetime(2024, 1, 1, tzinfo=timezone.utc), datetime(2024, 1, 2, tzinfo=timezone.utc)],
        "humidity": [1, 2],
        "status": ["a", "b"],
        "temperature": [20.0, 21.5],
    }
    with pytest.raises(QuiverError, match="column 'pressure' not found in group 'readings'"):
        db.update_time_series_group("Sensor", "readings", 1, {"date_time": ["2024-01-01"], "pressure": [1.0]})
    assert len(db.read_time_series_group("Sensor", "readings", 1)) == 2  # a refused write changed nothing
    db.update_time_series_group("Sensor", "readings", 1, {})
    assert db.read_time_series_group("Sensor", "readings", 1, columnar=True) == {
        "date_time": [],
        "humidity": [],
        "status": [],
        "temperature": [],
    }


# ---- 4. dry run ----


def test_dry_run_context_manager_rolls_back(collections_db: Database) -> None:
    db = collections_db
    db.create_element("Collection", label="kept")
    assert db.in_dry_run() is False
    with db.dry_run() as tx:
        assert tx is db and db.in_dry_run() is True
        db.create_element("Collection", label="gone", some_integer=1)
        db.update_element("Collection", 1, some_integer=5)
        with db.transaction():
            db.create_element("Collection", label="nested")
        assert db.read_scalar_strings("Collection", "label") == ["kept", "gone", "nested"]
        with pytest.raises(QuiverError, match="UNIQUE"):
            db.create_element("Collection", label="kept")  # writes are checked
    assert db.in_dry_run() is False
    assert db.read_scalar_strings("Collection", "label") == ["kept"]
    assert db.read_scalar_integers("Collection", "some_integer") == []


def test_dry_run_explicit_calls_and_errors(collections_db: Database) -> None:
    db = collections_db
    with pytest.raises(QuiverError, match="Cannot end_dry_run: no active dry run"):
        db.end_dry_run()
    db.begin_dry_run()
    with pytest.raises(QuiverError, match="dry run already active"):
        db.begin_dry_run()
    db.create_element("Collection", label="x")
    db.end_dry_run()
    assert db.read_element_ids("Collection") == []
    with pytest.raises(ValueError, match="boom"):
        with db.dry_run():
            db.create_element("Collection", label="y")
            raise ValueError("boom")
    assert db.read_element_ids("Collection") == [] and not db.in_dry_run()


# ---- 5. describe reports as strings ----


def test_describe_text_and_collection_reports(describe_db: Database, capfd: pytest.CaptureFixture[str]) -> None:
    assert describe_db.describe() is None
    printed = capfd.readouterr().out
    text = describe_db.describe(as_text=True)
    assert text == printed and capfd.readouterr().out == ""
    section = describe_db.describe_collection("Items")
    assert section.startswith("Collection: Items\n") and section in text
    assert describe_db.summarize_collection("Items") == (
        "Items: 0 elements, 4 scalar attributes, 2 vector groups, 2 set groups, 2 time series groups\n"
    )
    with pytest.raises(QuiverError, match="Cannot summarize_collection: collection not found: Nope"):
        describe_db.summarize_collection("Nope")


# ---- 6. NULL-keeping bulk reads ----


def test_keep_nulls_aligned_with_read_element_ids(collections_db: Database) -> None:
    db = collections_db
    db.create_element("Collection", label="a", some_integer=1)
    db.create_element("Collection", label="b", some_float=2.5)
    db.create_element("Collection", label="c", some_integer=3, some_float=1.0)
    assert db.read_element_ids("Collection") == [1, 2, 3]
    assert db.read_scalar_integers("Collection", "some_integer") == [1, 3]  # 0.5.0
    assert db.read_scalar_integers("Collection", "some_integer", keep_nulls=True) == [1, None, 3]
    assert db.read_scalar_floats("Collection", "some_float", keep_nulls=True) == [None, 2.5, 1.0]
    assert db.read_scalar_strings("Collection", "label", keep_nulls=True) == ["a", "b", "c"]
    assert db.read_scalar_integers("Collection", "some_integer", keep_nulls=True) is not None
    with pytest.raises(QuiverError, match="Cannot read_scalar_integers: column 'nope' not found"):
        db.read_scalar_integers("Collection", "nope", keep_nulls=True)


# ---- 7. strict mode ----


def test_strict_mode_checks(tmp_path: Path) -> None:
    schema = str(VALID / "collections.sql")
    with Database.from_schema(str(tmp_path / "loose.db"), schema) as loose:
        loose.delete_element("Collection", 42)  # 0.5.0: ignored
        loose.update_element("Collection", 42, some_integer=1)  # 0.5.0: ignored
        loose.create_element("Collection", label="whole", some_integer=2.0)  # 0.5.0: a whole float is stored
        assert loose.read_scalar_integers("Collection", "some_integer") == [2]
    with Database.from_schema(str(tmp_path / "strict.db"), schema, strict=True) as db:
        db.create_element("Collection", label="a", some_integer=1)
        with pytest.raises(QuiverError, match="Type mismatch for column 'some_integer': expected INTEGER, got REAL"):
            db.create_element("Collection", label="b", some_integer=1.0)
        with pytest.raises(
            QuiverError, match="Type mismatch for array 'value_int' index 0: expected INTEGER, got REAL"
        ):
            db.update_element("Collection", 1, value_int=[1.5])
        with pytest.raises(QuiverError, match="Cannot delete_element: element 42 not found in collection 'Collection'"):
            db.delete_element("Collection", 42)
        with pytest.raises(QuiverError, match="Cannot update_element: element 42 not found in collection 'Collection'"):
            db.update_element("Collection", 42, some_integer=1)
        # the parameter count is checked on every database since issue 16
        with pytest.raises(QuiverError, match="has 0 parameter"):
            db.query_integer("SELECT 1", parameters=[1])
        assert db.query_integer("SELECT ?", parameters=[7]) == 7
        assert db.read_scalar_integers("Collection", "some_integer") == [1]


# ---- 8. time series files columns in declaration order ----


def test_list_time_series_files_columns_order(tmp_path: Path) -> None:
    schema = tmp_path / "files.sql"
    schema.write_text(
        "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
        "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
        "CREATE TABLE Plant_time_series_files (zeta TEXT, alpha TEXT) STRICT;\n"
    )
    with Database.from_schema(str(tmp_path / "f.db"), str(schema)) as db:
        assert db.list_time_series_files_columns("Plant") == ["alpha", "zeta"]
        assert db.list_time_series_files_columns("Plant", order="declaration") == ["zeta", "alpha"]
        with pytest.raises(ValueError, match="order must be"):
            db.list_time_series_files_columns("Plant", order="size")

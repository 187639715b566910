"""Time series groups through Python: read/update_time_series_group (docs/reference/database-api.md 5.1, 9.1 #68-73,
9.2 #4 and #22), NULL cells, atomicity and writes through create_element/update_element lists."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, QuiverError
from support.paths import VALID

ROW = {"date_time": "2024-01-01T00:00:00", "temperature": 20.5, "humidity": 65, "status": "normal"}


def _rows(n: int) -> list[dict[str, Any]]:
    return [
        {"date_time": f"2024-01-{d:02d}T00:00:00", "temperature": 20.0 + d / 4, "humidity": 60 + d, "status": f"s{d}"}
        for d in range(1, n + 1)
    ]


@pytest.fixture
def sensor(mixed_time_series_db: Database) -> int:
    return mixed_time_series_db.create_element("Sensor", label="Sensor 1")


# A schema with nullable value columns of every type, a DATE_TIME value column and a
# dimension column that is not called date_time.
NULLABLE_SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Station (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Station_time_series_log (
    id INTEGER NOT NULL REFERENCES Station(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    note TEXT,
    level INTEGER,
    reading REAL,
    date_verified TEXT,
    PRIMARY KEY (id, date_time)
) STRICT;
CREATE TABLE Station_time_series_audit (
    id INTEGER NOT NULL REFERENCES Station(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_recorded TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (id, date_recorded)
) STRICT;
"""


@pytest.fixture
def nullable_db(tmp_path: Path) -> Iterator[Database]:
    schema = tmp_path / "nullable.sql"
    schema.write_text(NULLABLE_SCHEMA)
    db = Database.from_schema(str(tmp_path / "nullable.db"), str(schema))
    try:
        yield db
    finally:
        db.close()


# ---- reads and round trips (9.1 #68-73) ----


def test_no_rows_reads_empty(mixed_time_series_db: Database, sensor: int) -> None:
    assert mixed_time_series_db.read_time_series_group("Sensor", "readings", sensor) == []


def test_unknown_id_reads_empty(mixed_time_series_db: Database) -> None:
    assert mixed_time_series_db.read_time_series_group("Sensor", "readings", 999) == []


def test_one_row_round_trip(mixed_time_series_db: Database, sensor: int) -> None:
    mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, [ROW])
    assert mixed_time_series_db.read_time_series_group("Sensor", "readings", sensor) == [ROW]


def test_rows_come_back_ordered_by_dimension(mixed_time_series_db: Database, sensor: int) -> None:
    rows = _rows(3)
    mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, [rows[2], rows[0], rows[1]])
    assert mixed_time_series_db.read_time_series_group("Sensor", "readings", sensor) == rows


def test_row_keys_and_value_types(mixed_time_series_db: Database, sensor: int) -> None:
    mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, [ROW])
    (row,) = mixed_time_series_db.read_time_series_group("Sensor", "readings", sensor)
    # dimension first, then the value columns alphabetically
    assert list(row) == ["date_time", "humidity", "status", "temperature"]
    assert type(row["date_time"]) is str
    assert type(row["temperature"]) is float
    assert type(row["humidity"]) is int
    assert type(row["status"]) is str


def test_empty_list_and_none_clear(mixed_time_series_db: Database, sensor: int) -> None:
    db = mixed_time_series_db
    db.update_time_series_group("Sensor", "readings", sensor, _rows(2))
    db.update_time_series_group("Sensor", "readings", sensor, [])
    assert db.read_time_series_group("Sensor", "readings", sensor) == []
    db.update_time_series_group("Sensor", "readings", sensor, _rows(2))
    db.update_time_series_group("Sensor", "readings", sensor, None)
    assert db.read_time_series_group("Sensor", "readings", sensor) == []


def test_second_update_replaces_all_rows(mixed_time_series_db: Database, sensor: int) -> None:
    db = mixed_time_series_db
    db.update_time_series_group("Sensor", "readings", sensor, _rows(3))
    new = {"date_time": "2025-06-01T00:00:00", "temperature": 1.5, "humidity": 1, "status": "new"}
    db.update_time_series_group("Sensor", "readings", sensor, [new])
    assert db.read_time_series_group("Sensor", "readings", sensor) == [new]


def test_collections_data_group(collections_db: Database) -> None:
    item = collections_db.create_element("Collection", label="Item 1")
    rows = [{"date_time": "2024-01-01T00:00:00", "value": 3.14}, {"date_time": "2024-01-02T00:00:00", "value": 2.72}]
    collections_db.update_time_series_group("Collection", "data", item, rows)
    assert collections_db.read_time_series_group("Collection", "data", item) == rows


def test_elements_and_groups_are_independent(multi_time_series_db: Database) -> None:
    db = multi_time_series_db
    a = db.create_element("Sensor", label="A")
    b = db.create_element("Sensor", label="B")
    db.update_time_series_group("Sensor", "temperature", a, [{"date_time": "2024-01-01", "temperature": 1.0}])
    db.update_time_series_group("Sensor", "temperature", b, [{"date_time": "2024-01-01", "temperature": 2.0}])
    db.update_time_series_group("Sensor", "humidity", a, [{"date_time": "2024-01-01", "humidity": 3.0}])
    db.update_time_series_group("Sensor", "temperature", a, [])
    assert db.read_time_series_group("Sensor", "temperature", a) == []
    assert db.read_time_series_group("Sensor", "temperature", b) == [{"date_time": "2024-01-01", "temperature": 2.0}]
    assert db.read_time_series_group("Sensor", "humidity", a) == [{"date_time": "2024-01-01", "humidity": 3.0}]


def test_deleting_the_element_removes_its_rows(mixed_time_series_db: Database, sensor: int) -> None:
    mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, _rows(2))
    mixed_time_series_db.delete_element("Sensor", sensor)
    assert mixed_time_series_db.read_time_series_group("Sensor", "readings", sensor) == []


def test_values_round_trip_exactly(mixed_time_series_db: Database, sensor: int) -> None:
    rows = [
        {"date_time": "2024-01-01", "temperature": math.inf, "humidity": 2**63 - 1, "status": "ação ☃ 水"},
        {"date_time": "2024-01-02", "temperature": -0.1, "humidity": -(2**63), "status": ""},
        {"date_time": "2024-01-03", "temperature": 1e-300, "humidity": 0, "status": "x" * 10_000},
    ]
    mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, rows)
    assert mixed_time_series_db.read_time_series_group("Sensor", "readings", sensor) == rows


def test_text_cells_are_trimmed(mixed_time_series_db: Database, sensor: int) -> None:
    row = {"date_time": " 2024-01-01T00:00:00\n", "temperature": 1.0, "humidity": 1, "status": "\t ok  "}
    mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, [row])
    (read,) = mixed_time_series_db.read_time_series_group("Sensor", "readings", sensor)
    assert read["date_time"] == "2024-01-01T00:00:00"
    assert read["status"] == "ok"


def test_extra_keys_are_ignored(mixed_time_series_db: Database, sensor: int) -> None:
    mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, [{**ROW, "pressure": 1013}])
    assert mixed_time_series_db.read_time_series_group("Sensor", "readings", sensor) == [ROW]


def test_dimension_column_named_otherwise(nullable_db: Database) -> None:
    st = nullable_db.create_element("Station", label="S")
    rows = [{"date_recorded": "2024-02-01", "score": 2.0}, {"date_recorded": "2024-01-01", "score": 1.0}]
    nullable_db.update_time_series_group("Station", "audit", st, rows)
    assert nullable_db.read_time_series_group("Station", "audit", st) == [rows[1], rows[0]]


def test_many_rows_round_trip(mixed_time_series_db: Database, sensor: int) -> None:
    rows = [
        {
            "date_time": f"2024-01-01T{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}",
            "temperature": i * 0.5,
            "humidity": i,
            "status": str(i),
        }
        for i in range(20_000)
    ]
    mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, rows)
    assert mixed_time_series_db.read_time_series_group("Sensor", "readings", sensor) == rows


# ---- Python validation (9.1 #72) ----


MISSING = object()


@pytest.mark.parametrize(
    ("column", "value", "error", "message"),
    [
        ("status", MISSING, ValueError, "Row 0 is missing column 'status'"),
        ("date_time", MISSING, ValueError, "Row 0 is missing column 'date_time'"),
        ("temperature", 20, TypeError, "Column 'temperature' expects float, got int"),
        ("humidity", "65", TypeError, "Column 'humidity' expects int, got str"),
        ("humidity", True, TypeError, "Column 'humidity' expects int, got bool"),
        ("humidity", 65.0, TypeError, "Column 'humidity' expects int, got float"),
        ("status", 1, TypeError, "Column 'status' expects str, got int"),
        ("date_time", 20240101, TypeError, "Column 'date_time' expects str, got int"),
        ("temperature", None, TypeError, "Column 'temperature' expects float, got NoneType"),
    ],
)
def test_validation_errors(
    mixed_time_series_db: Database, sensor: int, column: str, value: Any, error: type, message: str
) -> None:
    row = dict(ROW)
    if value is MISSING:
        del row[column]
    else:
        row[column] = value
    with pytest.raises(error, match=f"^{message}$"):
        mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, [row])


def test_first_error_in_row_then_column_order(mixed_time_series_db: Database, sensor: int) -> None:
    db = mixed_time_series_db
    good = dict(ROW)
    # row 1 misses date_time and has a bad humidity: the dimension column is checked first
    bad1 = {"temperature": 1.0, "humidity": "x", "status": "a"}
    # row 2 would fail too, but row 1 comes first
    bad2 = {"date_time": "2024-01-03"}
    with pytest.raises(ValueError, match="^Row 1 is missing column 'date_time'$"):
        db.update_time_series_group("Sensor", "readings", sensor, [good, bad1, bad2])
    # within a row: humidity before status before temperature (alphabetical)
    bad = {"date_time": "2024-01-01", "temperature": 1, "humidity": "x"}
    with pytest.raises(TypeError, match="^Column 'humidity' expects int, got str$"):
        db.update_time_series_group("Sensor", "readings", sensor, [bad])
    bad = {"date_time": "2024-01-01", "temperature": 1, "humidity": 1}
    with pytest.raises(ValueError, match="^Row 0 is missing column 'status'$"):
        db.update_time_series_group("Sensor", "readings", sensor, [bad])


def test_int_subclass_is_rejected(mixed_time_series_db: Database, sensor: int) -> None:
    class MyInt(int):
        pass

    row = {**ROW, "humidity": MyInt(3)}
    with pytest.raises(TypeError, match="^Column 'humidity' expects int, got MyInt$"):
        mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, [row])


def test_failed_validation_writes_nothing(mixed_time_series_db: Database, sensor: int) -> None:
    db = mixed_time_series_db
    db.update_time_series_group("Sensor", "readings", sensor, [ROW])
    with pytest.raises(TypeError):
        db.update_time_series_group("Sensor", "readings", sensor, _rows(5) + [{**ROW, "humidity": None}])
    assert db.read_time_series_group("Sensor", "readings", sensor) == [ROW]


def test_integer_out_of_range_is_rejected(mixed_time_series_db: Database, sensor: int) -> None:
    with pytest.raises(OverflowError):
        mixed_time_series_db.update_time_series_group("Sensor", "readings", sensor, [{**ROW, "humidity": 2**63}])
    assert mixed_time_series_db.read_time_series_group("Sensor", "readings", sensor) == []


def test_fk_column_takes_ints_not_labels(relations_db: Database) -> None:
    db = relations_db
    parent = db.create_element("Parent", label="Parent 1")
    child = db.create_element("Child", label="Child 1")
    db.update_time_series_group("Child", "events", child, [{"date_time": "2024-01-01", "sponsor_id": parent}])
    assert db.read_time_series_group("Child", "events", child) == [{"date_time": "2024-01-01", "sponsor_id": parent}]
    with pytest.raises(TypeError, match="^Column 'sponsor_id' expects int, got str$"):
        db.update_time_series_group("Child", "events", child, [{"date_time": "2024-01-02", "sponsor_id": "Parent 1"}])


# ---- engine errors ----


def test_read_errors(mixed_time_series_db: Database) -> None:
    db = mixed_time_series_db
    with pytest.raises(QuiverError, match=r"^Cannot get_time_series_metadata: collection not found: Nope$"):
        db.read_time_series_group("Nope", "readings", 1)
    with pytest.raises(QuiverError, match=r"^Time series group not found: 'nope' in collection 'Sensor'$"):
        db.read_time_series_group("Sensor", "nope", 1)


def test_clear_errors(mixed_time_series_db: Database) -> None:
    db = mixed_time_series_db
    with pytest.raises(QuiverError, match=r"^Cannot update_time_series_group: collection not found: Nope$"):
        db.update_time_series_group("Nope", "readings", 1, [])
    with pytest.raises(QuiverError, match=r"^Time series group 'nope' not found for collection 'Sensor'$"):
        db.update_time_series_group("Sensor", "nope", 1, [])


def test_write_errors_come_from_the_metadata_lookup(mixed_time_series_db: Database) -> None:
    db = mixed_time_series_db
    with pytest.raises(QuiverError, match=r"^Cannot get_time_series_metadata: collection not found: Nope$"):
        db.update_time_series_group("Nope", "readings", 1, [ROW])
    with pytest.raises(QuiverError, match=r"^Time series group not found: 'nope' in collection 'Sensor'$"):
        db.update_time_series_group("Sensor", "nope", 1, [ROW])


def test_clearing_a_missing_element_is_not_an_error(mixed_time_series_db: Database) -> None:
    mixed_time_series_db.update_time_series_group("Sensor", "readings", 42, [])


def test_writing_rows_for_a_missing_element_fails(mixed_time_series_db: Database) -> None:
    with pytest.raises(QuiverError, match=r"^Failed to execute statement: FOREIGN KEY constraint failed"):
        mixed_time_series_db.update_time_series_group("Sensor", "readings", 42, [ROW])


def test_duplicate_dimension_fails_and_keeps_previous_rows(mixed_time_series_db: Database, sensor: int) -> None:
    db = mixed_time_series_db
    db.update_time_series_group("Sensor", "readings", sensor, [ROW])
    with pytest.raises(
        QuiverError,
        match=r"^Failed to execute statement: UNIQUE constraint failed: "
        r"Sensor_time_series_readings\.id, Sensor_time_series_readings\.date_time",
    ):
        db.update_time_series_group("Sensor", "readings", sensor, _rows(2) + _rows(1))
    assert db.read_time_series_group("Sensor", "readings", sensor) == [ROW]


def test_failed_update_inside_a_transaction_undoes_itself(mixed_time_series_db: Database, sensor: int) -> None:
    db = mixed_time_series_db
    db.update_time_series_group("Sensor", "readings", sensor, [ROW])
    db.begin_transaction()
    with pytest.raises(QuiverError, match="UNIQUE constraint failed"):
        db.update_time_series_group("Sensor", "readings", sensor, _rows(2) + _rows(1))
    # the failed call left nothing behind in the caller's transaction
    assert db.read_time_series_group("Sensor", "readings", sensor) == [ROW]
    db.commit()
    assert db.read_time_series_group("Sensor", "readings", sensor) == [ROW]


def test_update_joins_the_callers_transaction(mixed_time_series_db: Database, sensor: int) -> None:
    db = mixed_time_series_db
    db.update_time_series_group("Sensor", "readings", sensor, [ROW])
    db.begin_transaction()
    db.update_time_series_group("Sensor", "readings", sensor, _rows(3))
    assert len(db.read_time_series_group("Sensor", "readings", sensor)) == 3
    db.rollback()
    assert db.read_time_series_group("Sensor", "readings", sensor) == [ROW]
    with db.transaction():
        db.update_time_series_group("Sensor", "readings", sensor, _rows(2))
    assert db.read_time_series_group("Sensor", "readings", sensor) == _rows(2)


def test_read_only_database_rejects_writes(tmp_path: Path) -> None:
    path = str(tmp_path / "ro.db")
    schema = str(VALID / "collections.sql")
    db = Database.from_schema(path, schema)
    item = db.create_element("Collection", label="Item 1")
    db.update_time_series_group("Collection", "data", item, [{"date_time": "2024-01-01", "value": 1.0}])
    db.close()
    ro = Database.open(path, read_only=True)
    try:
        assert ro.read_time_series_group("Collection", "data", item) == [{"date_time": "2024-01-01", "value": 1.0}]
        with pytest.raises(QuiverError, match=r"^Cannot update_time_series_group: database is read-only$"):
            ro.update_time_series_group("Collection", "data", item, [])
        with pytest.raises(QuiverError, match=r"^Cannot update_time_series_files: database is read-only$"):
            ro.update_time_series_files("Collection", {"data_file": "x"})
        assert ro.read_time_series_files("Collection") == {"data_file": None, "metadata_file": None}
    finally:
        ro.close()


def test_methods_after_close_raise(mixed_time_series_db: Database) -> None:
    mixed_time_series_db.close()
    with pytest.raises(QuiverError, match="^Database has been closed$"):
        mixed_time_series_db.read_time_series_group("Sensor", "readings", 1)
    with pytest.raises(QuiverError, match="^Database has been closed$"):
        mixed_time_series_db.update_time_series_group("Sensor", "readings", 1, [])
    with pytest.raises(QuiverError, match="^Database has been closed$"):
        mixed_time_series_db.update_time_series_group("Sensor", "readings", 1, [ROW])


def test_non_str_names_raise_type_error(mixed_time_series_db: Database) -> None:
    with pytest.raises(TypeError):
        mixed_time_series_db.read_time_series_group(1, "readings", 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        mixed_time_series_db.update_time_series_group("Sensor", None, 1, [])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        mixed_time_series_db.read_time_series_group("Sensor", "readings", "1")  # type: ignore[arg-type]


# ---- NULL cells (later-upstream behaviour adopted) ----


def test_null_cells_read_as_none(nullable_db: Database) -> None:
    db = nullable_db
    st = db.create_element("Station", label="S")
    db.query_integer(
        "INSERT INTO Station_time_series_log (id, date_time, note, level, reading, date_verified) "
        "VALUES (?, '2024-01-02', NULL, NULL, NULL, NULL), (?, '2024-01-01', 'n', 0, 0.0, '2024-02-01')",
        params=[st, st],
    )
    assert db.read_time_series_group("Station", "log", st) == [
        {"date_time": "2024-01-01", "date_verified": "2024-02-01", "level": 0, "note": "n", "reading": 0.0},
        {"date_time": "2024-01-02", "date_verified": None, "level": None, "note": None, "reading": None},
    ]


def test_python_rejects_none_cells(nullable_db: Database) -> None:
    st = nullable_db.create_element("Station", label="S")
    row = {"date_time": "2024-01-01", "date_verified": "2024-01-01", "level": 1, "note": None, "reading": 1.0}
    with pytest.raises(TypeError, match="^Column 'note' expects str, got NoneType$"):
        nullable_db.update_time_series_group("Station", "log", st, [row])


def test_date_time_value_column_is_a_string(nullable_db: Database) -> None:
    st = nullable_db.create_element("Station", label="S")
    row = {"date_time": "2024-01-01", "date_verified": "2024-03-01T10:00:00", "level": 1, "note": "a", "reading": 1.0}
    nullable_db.update_time_series_group("Station", "log", st, [row])
    assert nullable_db.read_time_series_group("Station", "log", st) == [row]


# ---- time series written through create_element / update_element lists (9.2 #4, #11) ----


def test_create_element_with_parallel_lists(mixed_time_series_db: Database) -> None:
    db = mixed_time_series_db
    sensor = db.create_element(
        "Sensor",
        label="S",
        date_time=["2024-01-03", "2024-01-01", "2024-01-02"],
        temperature=[3.0, 1.0, 2.0],
        humidity=[30, 10, 20],
        status=["c", "a", "b"],
    )
    assert db.read_time_series_group("Sensor", "readings", sensor) == [
        {"date_time": "2024-01-01", "humidity": 10, "status": "a", "temperature": 1.0},
        {"date_time": "2024-01-02", "humidity": 20, "status": "b", "temperature": 2.0},
        {"date_time": "2024-01-03", "humidity": 30, "status": "c", "temperature": 3.0},
    ]


def test_one_date_list_feeds_two_groups(multi_time_series_db: Database) -> None:
    db = multi_time_series_db
    sensor = db.create_element(
        "Sensor",
        label="S",
        date_time=["2024-01-01", "2024-01-02", "2024-01-03"],
        temperature=[1.0, 2.0, 3.0],
        humidity=[10.0, 20.0, 30.0],
    )
    temps = db.read_time_series_group("Sensor", "temperature", sensor)
    hums = db.read_time_series_group("Sensor", "humidity", sensor)
    assert [r["temperature"] for r in temps] == [1.0, 2.0, 3.0]
    assert [r["humidity"] for r in hums] == [10.0, 20.0, 30.0]
    assert (
        [r["date_time"] for r in temps] == [r["date_time"] for r in hums] == ["2024-01-01", "2024-01-02", "2024-01-03"]
    )


def test_update_element_replaces_time_series(collections_db: Database) -> None:
    db = collections_db
    item = db.create_element("Collection", label="I", date_time=["2024-01-01", "2024-01-02"], value=[1.0, 2.0])
    db.update_element("Collection", item, date_time=["2025-01-03", "2025-01-01", "2025-01-02"], value=[3.0, 1.0, 2.0])
    assert db.read_time_series_group("Collection", "data", item) == [
        {"date_time": "2025-01-01", "value": 1.0},
        {"date_time": "2025-01-02", "value": 2.0},
        {"date_time": "2025-01-03", "value": 3.0},
    ]


def test_create_element_resolves_fk_labels_in_time_series(relations_db: Database) -> None:
    db = relations_db
    p1 = db.create_element("Parent", label="P1")
    p2 = db.create_element("Parent", label="P2")
    child = db.create_element("Child", label="C", date_time=["2024-01-01", "2024-01-02"], sponsor_id=["P1", "P2"])
    assert db.read_time_series_group("Child", "events", child) == [
        {"date_time": "2024-01-01", "sponsor_id": p1},
        {"date_time": "2024-01-02", "sponsor_id": p2},
    ]


def test_nul_character_in_a_value_is_rejected(mixed_time_series_db: Database, sensor: int) -> None:
    db = mixed_time_series_db
    db.update_time_series_group("Sensor", "readings", sensor, [ROW])
    rows = _rows(3)
    rows[2]["status"] = "bad\0value"
    with pytest.raises(ValueError, match="^Column 'status' in row 2 contains a NUL character$"):
        db.update_time_series_group("Sensor", "readings", sensor, rows)
    assert db.read_time_series_group("Sensor", "readings", sensor) == [ROW]


def test_names_never_reach_sql_unresolved(mixed_time_series_db: Database, sensor: int) -> None:
    db = mixed_time_series_db
    db.update_time_series_group("Sensor", "readings", sensor, [ROW])
    evil = 'readings"; DROP TABLE Sensor; --'
    with pytest.raises(QuiverError, match="^Time series group not found: "):
        db.read_time_series_group("Sensor", evil, sensor)
    with pytest.raises(QuiverError, match="^Time series group not found: "):
        db.update_time_series_group("Sensor", evil, sensor, [ROW])
    with pytest.raises(QuiverError, match="^Time series group '.*' not found for collection 'Sensor'$"):
        db.update_time_series_group("Sensor", evil, sensor, [])
    assert db.read_time_series_group("Sensor", "readings", sensor) == [ROW]


def test_dimension_order_is_text_order(collections_db: Database) -> None:
    item = collections_db.create_element("Collection", label="I")
    rows = [{"date_time": d, "value": 1.0} for d in ("2024-1-10", "2024-1-9", "2024-01-31", "2023-12-31")]
    collections_db.update_time_series_group("Collection", "data", item, rows)
    read = [r["date_time"] for r in collections_db.read_time_series_group("Collection", "data", item)]
    assert read == ["2023-12-31", "2024-01-31", "2024-1-10", "2024-1-9"]

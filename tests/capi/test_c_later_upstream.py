"""The C extensions for code written for later upstream versions (issue 17): dry run, strict mode,
describe reports as strings, NULL-keeping scalar reads, time series rows, declaration-ordered
time series files columns, Lua globals; and the renamed group readers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import quiverdb
from quiverdb._c_api import ffi, lib
from support.paths import VALID

INTEGER, FLOAT, STRING, DATE_TIME = 0, 1, 2, 3
OK, ERROR = lib.QUIVER_OK, lib.QUIVER_ERROR


def last_error() -> str:
    return ffi.string(lib.quiver_get_last_error()).decode()


def open_db(schema: Path) -> Any:
    options = ffi.new("quiver_database_options_t *", lib.quiver_database_options_default())
    options.console_level = lib.QUIVER_LOG_OFF
    out = ffi.new("quiver_database_t **")
    assert lib.quiver_database_from_schema(b":memory:", str(schema).encode(), options, out) == OK, last_error()
    return out[0]


def execute(db: Any, sql: str) -> None:
    rc = lib.quiver_database_query_integer(db, sql.encode(), ffi.new("int64_t *"), ffi.new("int *"))
    assert rc == OK, last_error()


def count(db: Any, sql: str) -> int:
    out, has = ffi.new("int64_t *"), ffi.new("int *")
    assert lib.quiver_database_query_integer(db, sql.encode(), out, has) == OK
    return int(out[0])


def text(db: Any, fn: Any, *args: Any) -> str:
    out = ffi.new("char **")
    assert fn(db, *args, out) == OK, last_error()
    try:
        return ffi.string(out[0]).decode()
    finally:
        lib.quiver_database_free_string(out[0])


@pytest.fixture
def coll() -> Iterator[Any]:
    db = open_db(VALID / "collections.sql")
    yield db
    lib.quiver_database_close(db)


@pytest.fixture
def mixed() -> Iterator[Any]:
    db = open_db(VALID / "mixed_time_series.sql")
    execute(db, "INSERT INTO Sensor (label) VALUES ('S1')")
    yield db
    lib.quiver_database_close(db)


def test_no_symbol_under_upstreams_clashing_group_reader_names() -> None:
    assert not hasattr(lib, "quiver_database_read_vector_group_by_id")
    assert not hasattr(lib, "quiver_database_read_set_group_by_id")
    assert hasattr(lib, "quiver_database_read_vector_group_columns_by_id")
    assert hasattr(lib, "quiver_database_read_set_group_columns_by_id")
    # the header installed with the package (the checkout's include/ is absent where the wheel is tested)
    header = (Path(quiverdb.__file__).resolve().parent / "include" / "quiver" / "c" / "database.h").read_text()
    assert "quiver_error_t quiver_database_read_vector_group_by_id(" not in header
    assert "quiver_error_t quiver_database_read_set_group_by_id(" not in header


def test_dry_run_rolls_back_and_absorbs_transactions(coll: Any) -> None:
    active = ffi.new("int *")
    assert lib.quiver_database_in_dry_run(coll, active) == OK and active[0] == 0
    assert lib.quiver_database_end_dry_run(coll) == ERROR
    assert last_error() == "Cannot end_dry_run: no active dry run"
    assert lib.quiver_database_begin_dry_run(coll) == OK
    assert lib.quiver_database_begin_dry_run(coll) == ERROR
    assert last_error() == "Cannot begin_dry_run: dry run already active"
    assert lib.quiver_database_in_dry_run(coll, active) == OK and active[0] == 1
    in_tx = ffi.new("bool *")
    assert lib.quiver_database_in_transaction(coll, in_tx) == OK and not in_tx[0]
    execute(coll, "INSERT INTO Collection (label) VALUES ('a')")
    assert lib.quiver_database_begin_transaction(coll) == OK
    assert lib.quiver_database_in_transaction(coll, in_tx) == OK and in_tx[0]
    execute(coll, "INSERT INTO Collection (label) VALUES ('b')")
    assert lib.quiver_database_commit(coll) == OK
    assert count(coll, "SELECT COUNT(*) FROM Collection") == 2
    # a raw COMMIT does not persist anything either
    lib.quiver_database_query_integer(coll, b"COMMIT", ffi.new("int64_t *"), ffi.new("int *"))
    assert lib.quiver_database_end_dry_run(coll) == OK
    assert count(coll, "SELECT COUNT(*) FROM Collection") == 0
    assert lib.quiver_database_in_dry_run(coll, active) == OK and active[0] == 0


def test_dry_run_refused_inside_a_transaction(coll: Any) -> None:
    assert lib.quiver_database_begin_transaction(coll) == OK
    assert lib.quiver_database_begin_dry_run(coll) == ERROR
    assert last_error() == "Cannot begin_dry_run: transaction already active"
    assert lib.quiver_database_rollback(coll) == OK


def test_strict_mode(coll: Any) -> None:
    flag = ffi.new("int *")
    assert lib.quiver_database_is_strict(coll, flag) == OK and flag[0] == 0
    # 0.5.0: a missing id is silently ignored
    assert lib.quiver_database_delete_element(coll, b"Collection", 99) == OK
    assert lib.quiver_database_set_strict(coll, 1) == OK
    assert lib.quiver_database_is_strict(coll, flag) == OK and flag[0] == 1
    assert lib.quiver_database_delete_element(coll, b"Collection", 99) == ERROR
    assert last_error() == "Cannot delete_element: element 99 not found in collection 'Collection'"
    element = ffi.new("quiver_element_t **")
    assert lib.quiver_element_create(element) == OK
    try:
        assert lib.quiver_element_set_string(element[0], b"label", b"a") == OK
        assert lib.quiver_element_set_float(element[0], b"some_integer", 1.0) == OK
        assert lib.quiver_database_create_element(coll, b"Collection", element[0], ffi.new("int64_t *")) == ERROR
        assert last_error() == "Type mismatch for column 'some_integer': expected INTEGER, got REAL"
        assert lib.quiver_database_set_strict(coll, 0) == OK  # 0.5.0: SQLite stores the whole float
        assert lib.quiver_database_create_element(coll, b"Collection", element[0], ffi.new("int64_t *")) == OK
    finally:
        lib.quiver_element_destroy(element[0])


def test_describe_reports_as_strings(coll: Any) -> None:
    report = text(coll, lib.quiver_database_describe_to_string)
    assert report.startswith("Database: :memory:\nVersion: 0\n")
    section = text(coll, lib.quiver_database_describe_collection, b"Collection")
    assert section.startswith("Collection: Collection\n  Scalars:\n")
    assert section in report
    execute(coll, "INSERT INTO Collection (label) VALUES ('a')")
    assert text(coll, lib.quiver_database_summarize_collection, b"Collection") == (
        "Collection: 1 element, 4 scalar attributes, 1 vector group, 1 set group, 1 time series group,"
        " time series files\n"
    )
    assert lib.quiver_database_describe_collection(coll, b"Nope", ffi.new("char **")) == ERROR
    assert last_error() == "Cannot describe_collection: collection not found: Nope"


def test_masked_scalar_reads_keep_nulls_aligned_with_ids(coll: Any) -> None:
    execute(coll, "INSERT INTO Collection (label, some_integer, some_float) VALUES ('a', 1, NULL)")
    execute(coll, "INSERT INTO Collection (label, some_integer, some_float) VALUES ('b', NULL, 2.5)")
    values, mask, n = ffi.new("int64_t **"), ffi.new("uint8_t **"), ffi.new("size_t *")
    assert lib.quiver_database_read_scalar_integers_masked(coll, b"Collection", b"some_integer", values, mask, n) == OK
    assert n[0] == 2 and list(values[0][0:2]) == [1, 0] and list(mask[0][0:2]) == [1, 0]
    lib.quiver_database_free_integer_array(values[0])
    lib.quiver_database_free_mask(mask[0])
    fvalues = ffi.new("double **")
    assert lib.quiver_database_read_scalar_floats_masked(coll, b"Collection", b"some_float", fvalues, mask, n) == OK
    assert list(mask[0][0:2]) == [0, 1] and fvalues[0][1] == 2.5
    lib.quiver_database_free_float_array(fvalues[0])
    lib.quiver_database_free_mask(mask[0])
    strings = ffi.new("char ***")
    assert lib.quiver_database_read_scalar_strings_masked(coll, b"Collection", b"label", strings, n) == OK
    assert [ffi.string(strings[0][i]) for i in range(2)] == [b"a", b"b"]
    lib.quiver_database_free_string_array(strings[0], n[0])
    assert lib.quiver_database_free_mask(ffi.NULL) == OK


def _row(db: Any, dimension: bytes) -> dict[str, Any]:
    cols, n = ffi.new("quiver_column_t **"), ffi.new("size_t *")
    rc = lib.quiver_database_read_time_series_row_columns(db, b"Sensor", b"readings", 1, dimension, cols, n)
    assert rc == OK, last_error()
    out: dict[str, Any] = {}
    for i in range(n[0]):
        c = cols[0][i]
        name = ffi.string(c.name).decode()
        if not c.has_value[0]:
            out[name] = None
        elif c.data_type == INTEGER:
            out[name] = ffi.cast("int64_t *", c.values)[0]
        elif c.data_type == FLOAT:
            out[name] = ffi.cast("double *", c.values)[0]
        else:
            out[name] = ffi.string(ffi.cast("char **", c.values)[0]).decode()
    lib.quiver_database_free_columns(cols[0], n[0])
    return out


def _upsert(db: Any, row: dict[str, tuple[int, Any]]) -> int:
    keep: list[Any] = []
    names = [ffi.new("char[]", k.encode()) for k in row]
    data = []
    for code, v in row.values():
        if code == INTEGER:
            p = ffi.new("int64_t[]", [v])
        elif code == FLOAT:
            p = ffi.new("double[]", [v])
        else:
            s = ffi.new("char[]", v.encode())
            keep.append(s)
            p = ffi.new("char *[]", [s])
        data.append(p)
    return int(
        lib.quiver_database_upsert_time_series_row_columns(
            db,
            b"Sensor",
            b"readings",
            1,
            ffi.new("char *[]", names),
            ffi.new("int[]", [code for code, _ in row.values()]),
            ffi.new("void *[]", [ffi.cast("void *", p) for p in data]),
            ffi.NULL,
            len(row),
        )
    )


def test_time_series_rows(mixed: Any) -> None:
    full = {
        "date_time": (STRING, "2024-01-01T00:00:00"),
        "temperature": (INTEGER, 20),  # an integer for a REAL column
        "humidity": (INTEGER, 60),
        "status": (STRING, "ok"),
    }
    assert _upsert(mixed, full) == OK, last_error()
    assert _upsert(mixed, {"date_time": (DATE_TIME, "2024-01-01T00:00:00"), "humidity": (INTEGER, 61)}) == OK
    assert count(mixed, "SELECT COUNT(*) FROM Sensor_time_series_readings") == 1
    assert _row(mixed, b"2024-01-01T12:00:00") == {"humidity": 61, "status": "ok", "temperature": 20.0}
    assert _row(mixed, b"2023-12-31T00:00:00") == {"humidity": None, "status": None, "temperature": None}
    assert _upsert(mixed, {"date_time": (STRING, "2024-01-02"), "pressure": (FLOAT, 1.0)}) == ERROR
    assert last_error() == (
        "Cannot upsert_time_series_row: column 'pressure' not found in group 'readings' for collection 'Sensor'"
    )
    assert _upsert(mixed, {"humidity": (INTEGER, 1)}) == ERROR
    assert last_error() == "Cannot upsert_time_series_row: dimension column 'date_time' missing from the row"
    assert _upsert(mixed, {"date_time": (STRING, "2024-01-02"), "humidity": (FLOAT, 1.5)}) == ERROR
    assert last_error() == "Cannot upsert_time_series_row: column 'humidity' has type INTEGER but received REAL"


def test_time_series_files_columns_in_declaration_order(tmp_path: Path) -> None:
    schema = tmp_path / "files_order.sql"
    schema.write_text(
        "PRAGMA foreign_keys = ON;\n"
        "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
        "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
        "CREATE TABLE Plant_time_series_files (zeta TEXT, alpha TEXT, mid TEXT) STRICT;\n"
    )
    db = open_db(schema)
    try:
        names, n = ffi.new("char ***"), ffi.new("size_t *")
        assert lib.quiver_database_list_time_series_files_columns(db, b"Plant", names, n) == OK
        assert [ffi.string(names[0][i]) for i in range(n[0])] == [b"alpha", b"mid", b"zeta"]
        lib.quiver_database_free_string_array(names[0], n[0])
        assert lib.quiver_database_list_time_series_files_columns_declared(db, b"Plant", names, n) == OK
        assert [ffi.string(names[0][i]) for i in range(n[0])] == [b"zeta", b"alpha", b"mid"]
        lib.quiver_database_free_string_array(names[0], n[0])
    finally:
        lib.quiver_database_close(db)


def test_lua_runner_set_global(coll: Any) -> None:
    runner = ffi.new("quiver_lua_runner_t **")
    assert lib.quiver_lua_runner_new(coll, runner) == OK
    r = runner[0]
    try:
        value = ffi.new("quiver_lua_value_t *")
        value.type = lib.QUIVER_LUA_INTEGER
        value.integer = 1000
        assert lib.quiver_lua_runner_set_global(r, b"threshold", 9, value) == OK
        out, n = ffi.new("quiver_lua_value_t **"), ffi.new("size_t *")
        script = b"return threshold * 2"
        assert lib.quiver_lua_runner_run_values(r, script, len(script), out, n) == OK
        assert n[0] == 1 and out[0][0].integer == 2000
        lib.quiver_lua_runner_free_values(out[0], n[0])
        assert lib.quiver_lua_runner_set_global(r, b"db", 2, value) == ERROR
        assert last_error() == "Lua error: the global 'db' is the database and cannot be set"
    finally:
        lib.quiver_lua_runner_free(r)

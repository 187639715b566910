# docs/reference/lua.md 4.1 items: 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78
"""Lua time series groups and files (docs/reference/lua.md 3.5.2, 3.7.6, 3.7.7): row-oriented reads and
writes, replacement, clearing, ordering, types, and the files table, checked against Python.

Binding deviations tested as the behaviour (docs/compatibility.md): update_time_series_group
takes the union of the keys of all rows (missing cells NULL) and checks cell types against
the column types with a clear error."""

from __future__ import annotations

import pytest

from quiverdb import Database
from support.lua import error_line, run


@pytest.fixture
def collection(collections_db: Database) -> Database:
    collections_db.create_element("Configuration", label="cfg")
    collections_db.create_element("Collection", label="Item 1")
    return collections_db


@pytest.fixture
def sensor(mixed_time_series_db: Database) -> Database:
    mixed_time_series_db.create_element("Sensor", label="S1")
    return mixed_time_series_db


MIXED_ROWS = [
    {"date_time": "2024-01-01T00:00:00", "temperature": 20.5, "humidity": 60, "status": "ok"},
    {"date_time": "2024-01-02T00:00:00", "temperature": 21.0, "humidity": 65, "status": "warn"},
    {"date_time": "2024-01-03T00:00:00", "temperature": 19.25, "humidity": 70, "status": "ok"},
    {"date_time": "2024-01-04T00:00:00", "temperature": -3.5, "humidity": 0, "status": "cold"},
    {"date_time": "2024-01-05T00:00:00", "temperature": 1e-3, "humidity": -5, "status": "é ü"},
]


def _lua_rows(rows: list[dict]) -> str:
    def lit(v: object) -> str:
        if isinstance(v, str):
            return '"' + v + '"'
        if isinstance(v, float):
            return repr(v) if "." in repr(v) or "e" in repr(v) else repr(v) + ".0"
        return str(v)

    return "{" + ", ".join("{" + ", ".join(f"{k} = {lit(v)}" for k, v in r.items()) + "}" for r in rows) + "}"


# ---- read_time_series_group ----


def test_read_rows_ordered_by_date_with_types(collection: Database) -> None:
    # item 66
    collection.update_time_series_group(
        "Collection", "data", 1, [{"date_time": "2024-01-02", "value": 2.5}, {"date_time": "2024-01-01", "value": 1.5}]
    )
    rows, types = run(
        collection,
        'local rows = db:read_time_series_group("Collection", "data", 1)\n'
        "return rows, { type(rows[1].date_time), math.type(rows[1].value), #rows }",
    )
    assert rows == [{"date_time": "2024-01-01", "value": 1.5}, {"date_time": "2024-01-02", "value": 2.5}]
    assert types == ["string", "float", 2]


def test_read_element_without_rows_is_empty(collection: Database) -> None:
    # item 74
    assert run(collection, 'local r = db:read_time_series_group("Collection", "data", 1); return type(r), #r') == (
        "table",
        0,
    )
    assert run(collection, 'return #db:read_time_series_group("Collection", "data", 99)') == 0


def test_read_null_cells_are_absent_from_the_row(collection: Database) -> None:
    collection.query_integer(
        "INSERT INTO Collection_time_series_data (id, date_time, value) VALUES (1, '2024-01-01', NULL)"
    )
    assert run(collection, 'return db:read_time_series_group("Collection", "data", 1)') == [{"date_time": "2024-01-01"}]


def test_read_unknown_group_fails(collection: Database) -> None:
    assert error_line(collection, 'db:read_time_series_group("Collection", "nope", 1)') == (
        "Time series group not found: 'nope' in collection 'Collection'"
    )


# ---- create_element with parallel arrays ----


def test_create_fills_both_series_sharing_the_dimension(multi_time_series_db: Database) -> None:
    # item 67
    run(
        multi_time_series_db,
        'db:create_element("Sensor", { label = "S1",\n'
        '  date_time = {"2024-01-01T00:00:00", "2024-01-02T00:00:00", "2024-01-03T00:00:00"},\n'
        "  temperature = {20.5, 21.0, 22.5}, humidity = {60.0, 65.0, 70.0} })",
    )
    dates = ["2024-01-01T00:00:00", "2024-01-02T00:00:00", "2024-01-03T00:00:00"]
    temperature = multi_time_series_db.read_time_series_group("Sensor", "temperature", 1)
    humidity = multi_time_series_db.read_time_series_group("Sensor", "humidity", 1)
    assert temperature == [{"date_time": d, "temperature": t} for d, t in zip(dates, [20.5, 21.0, 22.5])]
    assert humidity == [{"date_time": d, "humidity": h} for d, h in zip(dates, [60.0, 65.0, 70.0])]
    assert run(multi_time_series_db, 'return db:read_time_series_group("Sensor", "humidity", 1)') == humidity


def test_create_with_unequal_time_series_columns_fails(multi_time_series_db: Database) -> None:
    assert (
        error_line(
            multi_time_series_db,
            'db:create_element("Sensor", { label = "S1", date_time = {"2024-01-01", "2024-01-02"}, temperature = {1.5} })',
        )
        == "Cannot create_element: time series columns in table 'Sensor_time_series_temperature' must have the same length"
    )
    assert multi_time_series_db.read_element_ids("Sensor") == []


# ---- update_time_series_group ----


def test_update_stores_rows_in_order(collection: Database) -> None:
    # item 68
    run(
        collection,
        'db:update_time_series_group("Collection", "data", 1, {\n'
        '  { date_time = "2024-01-01", value = 1.0 },\n'
        '  { date_time = "2024-01-02", value = 2.0 },\n'
        '  { date_time = "2024-01-03", value = 3.0 } })',
    )
    assert collection.read_time_series_group("Collection", "data", 1) == [
        {"date_time": "2024-01-01", "value": 1.0},
        {"date_time": "2024-01-02", "value": 2.0},
        {"date_time": "2024-01-03", "value": 3.0},
    ]


def test_mixed_column_types_round_trip(sensor: Database) -> None:
    # item 73
    rows = MIXED_ROWS[:3]
    run(sensor, f'db:update_time_series_group("Sensor", "readings", 1, {_lua_rows(rows)})')
    back, types = run(
        sensor,
        'local r = db:read_time_series_group("Sensor", "readings", 1)[1]\n'
        'return db:read_time_series_group("Sensor", "readings", 1),\n'
        "  { type(r.date_time), type(r.temperature), type(r.humidity), type(r.status),\n"
        "    math.type(r.temperature), math.type(r.humidity) }",
    )
    assert back == rows
    assert types == ["string", "number", "number", "string", "float", "integer"]
    assert sensor.read_time_series_group("Sensor", "readings", 1) == rows


def test_second_update_replaces_all_rows(collection: Database) -> None:
    # item 75
    run(
        collection,
        'db:update_time_series_group("Collection", "data", 1, { { date_time = "2024-01-01", value = 1.0 },'
        ' { date_time = "2024-01-02", value = 2.0 } })\n'
        'db:update_time_series_group("Collection", "data", 1, { { date_time = "2024-02-01", value = 10.0 },'
        ' { date_time = "2024-02-02", value = 20.0 }, { date_time = "2024-02-03", value = 30.0 } })',
    )
    assert collection.read_time_series_group("Collection", "data", 1) == [
        {"date_time": "2024-02-01", "value": 10.0},
        {"date_time": "2024-02-02", "value": 20.0},
        {"date_time": "2024-02-03", "value": 30.0},
    ]


def test_update_with_empty_rows_clears(collection: Database) -> None:
    # item 76
    collection.create_element("Collection", label="Item 2")
    collection.update_time_series_group("Collection", "data", 1, [{"date_time": "2024-01-01", "value": 1.0}])
    collection.update_time_series_group("Collection", "data", 2, [{"date_time": "2024-01-01", "value": 2.0}])
    run(collection, 'db:update_time_series_group("Collection", "data", 1, {})')
    assert collection.read_time_series_group("Collection", "data", 1) == []
    assert collection.read_time_series_group("Collection", "data", 2) == [{"date_time": "2024-01-01", "value": 2.0}]


def test_rows_out_of_order_are_read_sorted(sensor: Database) -> None:
    # item 77
    shuffled = [MIXED_ROWS[2], MIXED_ROWS[0], MIXED_ROWS[1]]
    run(sensor, f'db:update_time_series_group("Sensor", "readings", 1, {_lua_rows(shuffled)})')
    assert run(sensor, 'return db:read_time_series_group("Sensor", "readings", 1)') == MIXED_ROWS[:3]


def test_five_rows_round_trip_exactly(sensor: Database) -> None:
    # item 78
    run(sensor, f'db:update_time_series_group("Sensor", "readings", 1, {_lua_rows(MIXED_ROWS)})')
    assert run(sensor, 'return db:read_time_series_group("Sensor", "readings", 1)') == MIXED_ROWS
    assert sensor.read_time_series_group("Sensor", "readings", 1) == MIXED_ROWS


def test_union_of_row_keys_missing_cells_null(collection: Database) -> None:
    # binding deviation: a key only in a later row is written too; missing cells are NULL
    run(
        collection,
        'db:update_time_series_group("Collection", "data", 1, { { date_time = "2024-01-01" },'
        ' { date_time = "2024-01-02", value = 2.5 } })',
    )
    assert collection.read_time_series_group("Collection", "data", 1) == [
        {"date_time": "2024-01-01", "value": None},
        {"date_time": "2024-01-02", "value": 2.5},
    ]


def test_integer_for_real_and_whole_float_for_integer_follow_the_column(sensor: Database) -> None:
    run(
        sensor,
        'db:update_time_series_group("Sensor", "readings", 1, {'
        ' { date_time = "2024-01-01", temperature = 20, humidity = 60.0, status = "ok" } })',
    )
    assert run(
        sensor,
        'local r = db:read_time_series_group("Sensor", "readings", 1)[1]\n'
        "return r.temperature, math.type(r.temperature), r.humidity, math.type(r.humidity)",
    ) == (20.0, "float", 60, "integer")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ('{ { temperature = 1.5, humidity = 1, status = "x" } }',
         "Cannot update_time_series_group: row missing required 'date_time' column"),
        ('{ { date_time = "2024-01-01", temperature = "hot", humidity = 1, status = "x" } }',
         "Cannot update_time_series_group: row 1 column 'temperature': expected REAL, got string"),
        ('{ { date_time = "2024-01-01", temperature = 1.5, humidity = 1.5, status = "x" } }',
         "Cannot update_time_series_group: row 1 column 'humidity': expected INTEGER, got the float 1.5"),
        ('{ { date_time = "2024-01-01", temperature = 1.5, humidity = 1, status = 3 } }',
         "Cannot update_time_series_group: row 1 column 'status': expected TEXT, got integer"),
        ('{ { date_time = 20240101, temperature = 1.5, humidity = 1, status = "x" } }',
         "Cannot update_time_series_group: row 1 column 'date_time': expected TEXT, got integer"),
        ('{ { date_time = "2024-01-01", temperature = 1.5, humidity = 1, status = "x", nope = 1.5 } }',
         "Cannot update_time_series_group: column 'nope' not found in group 'readings' for collection 'Sensor'"),
        ('{ { date_time = "2024-01-01", temperature = 1.5, humidity = 1, status = "x" }, { date_time = "2024-01-02", extra = "x" } }',
         "Cannot update_time_series_group: column 'extra' not found in group 'readings' for collection 'Sensor'"),
        ('{ { date_time = "2024-01-01", temperature = true } }',
         "update_time_series_group: row 1 column 'temperature': expected an integer, float or string, got boolean"),
        ("{ 5 }", "update_time_series_group: row 1 must be a table, got integer"),
        ('{ { [1] = "x", date_time = "2024-01-01" } }',
         "update_time_series_group: row 1: column names must be strings, got a key of type integer"),
        ('{ { date_time = "2024-01-01", temperature = 1.5, humidity = 1, status = "a" },'
         ' { date_time = "2024-01-01", temperature = 2.5, humidity = 2, status = "b" } }',
         "Failed to execute statement: UNIQUE constraint failed: Sensor_time_series_readings.id, Sensor_time_series_readings.date_time"
         " (Sensor element 1: 'date_time' = '2024-01-01' given more than once (row 2))"),
    ],
)  # fmt: skip
def test_update_errors_keep_the_old_rows(sensor: Database, rows: str, message: str) -> None:
    sensor.update_time_series_group("Sensor", "readings", 1, MIXED_ROWS[:1])
    assert error_line(sensor, f'db:update_time_series_group("Sensor", "readings", 1, {rows})') == message
    assert sensor.read_time_series_group("Sensor", "readings", 1) == MIXED_ROWS[:1]


def test_update_unknown_group_or_element_fails(collection: Database) -> None:
    row = '{ { date_time = "2024-01-01", value = 1.5 } }'
    assert error_line(collection, f'db:update_time_series_group("Collection", "nope", 1, {row})') == (
        "Time series group not found: 'nope' in collection 'Collection'"
    )
    assert error_line(collection, f'db:update_time_series_group("Collection", "data", 99, {row})') == (
        "Failed to execute statement: FOREIGN KEY constraint failed (no Collection has id 99)"
    )


def test_update_inside_a_transaction_rolls_back_with_it(collection: Database) -> None:
    run(
        collection,
        "db:begin_transaction()\n"
        'db:update_time_series_group("Collection", "data", 1, { { date_time = "2024-01-01", value = 1.5 } })\n'
        "db:rollback()",
    )
    assert collection.read_time_series_group("Collection", "data", 1) == []


# ---- time series files ----


def test_has_time_series_files(collections_db: Database, db: Database) -> None:
    # item 69
    assert run(collections_db, 'return db:has_time_series_files("Collection")') is True
    assert run(db, 'return db:has_time_series_files("Configuration")') is False
    assert (
        error_line(db, 'db:has_time_series_files("Nope")') == "Cannot has_time_series_files: collection not found: Nope"
    )


def test_list_time_series_files_columns(collections_db: Database, db: Database) -> None:
    # item 70
    assert run(collections_db, 'return db:list_time_series_files_columns("Collection")') == [
        "data_file",
        "metadata_file",
    ]
    assert error_line(db, 'db:list_time_series_files_columns("Configuration")') == (
        "Time series files table not found: Configuration_time_series_files"
    )


def test_read_time_series_files_when_nothing_stored(collections_db: Database, db: Database) -> None:
    # item 71
    assert run(collections_db, 'local f = db:read_time_series_files("Collection"); return type(f), next(f) == nil') == (
        "table",
        True,
    )
    assert error_line(db, 'db:read_time_series_files("Configuration")') == (
        "Time series files table not found for collection 'Configuration'"
    )


def test_update_and_read_time_series_files(collections_db: Database) -> None:
    # item 72
    paths = run(
        collections_db,
        'db:update_time_series_files("Collection", { data_file = "/path/to/data.csv", metadata_file = "/path/to/meta.json" })\n'
        'return db:read_time_series_files("Collection")',
    )
    expected = {"data_file": "/path/to/data.csv", "metadata_file": "/path/to/meta.json"}
    assert paths == expected
    assert collections_db.read_time_series_files("Collection") == expected


def test_files_not_mentioned_become_null(collections_db: Database) -> None:
    collections_db.update_time_series_files("Collection", {"data_file": "a.csv", "metadata_file": "m.json"})
    assert run(
        collections_db,
        'db:update_time_series_files("Collection", { data_file = "b.csv" }); return db:read_time_series_files("Collection")',
    ) == {"data_file": "b.csv"}
    assert collections_db.read_time_series_files("Collection") == {"data_file": "b.csv", "metadata_file": None}


def test_empty_files_table_is_a_no_op(collections_db: Database) -> None:
    collections_db.update_time_series_files("Collection", {"data_file": "a.csv", "metadata_file": "m.json"})
    run(collections_db, 'db:update_time_series_files("Collection", {})')
    assert collections_db.read_time_series_files("Collection") == {"data_file": "a.csv", "metadata_file": "m.json"}


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        ('{ nope = "x" }', "Cannot update_time_series_files: column 'nope' not found in table 'Collection_time_series_files'"),
        ("{ data_file = 5 }", "update_time_series_files: the path of column 'data_file' must be a string, got integer"),
        ('{ "x" }', "update_time_series_files: column names must be strings, got a key of type integer"),
    ],
)  # fmt: skip
def test_update_time_series_files_errors(collections_db: Database, paths: str, message: str) -> None:
    collections_db.update_time_series_files("Collection", {"data_file": "a.csv"})
    assert error_line(collections_db, f'db:update_time_series_files("Collection", {paths})') == message
    assert collections_db.read_time_series_files("Collection") == {"data_file": "a.csv", "metadata_file": None}


def test_update_time_series_files_without_table_fails(db: Database) -> None:
    assert error_line(db, 'db:update_time_series_files("Configuration", { a = "x" })') == (
        "Time series files table not found for collection 'Configuration'"
    )


def test_dimension_column_not_called_date_time(describe_db: Database) -> None:
    describe_db.create_element("Items", label="i")
    assert (
        run(describe_db, 'return db:get_time_series_metadata("Items", "metrics").dimension_column') == "date_recorded"
    )
    run(
        describe_db,
        'db:update_time_series_group("Items", "metrics", 1, { { date_recorded = "2024-02-01", temperature = 2.5 },'
        ' { date_recorded = "2024-01-01", temperature = 1 } })',
    )
    rows = [{"date_recorded": "2024-01-01", "temperature": 1.0}, {"date_recorded": "2024-02-01", "temperature": 2.5}]
    assert run(describe_db, 'return db:read_time_series_group("Items", "metrics", 1)') == rows
    assert describe_db.read_time_series_group("Items", "metrics", 1) == rows
    assert error_line(
        describe_db, 'db:update_time_series_group("Items", "metrics", 1, { { date_time = "2024-01-01" } })'
    ) == ("Cannot update_time_series_group: row missing required 'date_recorded' column")
    assert describe_db.read_time_series_group("Items", "metrics", 1) == rows

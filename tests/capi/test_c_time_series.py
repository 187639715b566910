"""The C contract of the time series functions (docs/reference/c-api-list.md 3.3.13-3.3.14, 1.5, 4 "Time series"),
including the masked (NULL-aware) extensions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from quiverdb._c_api import ffi, lib
from support.capi import execute, last_error, open_schema
from support.paths import VALID

INTEGER, FLOAT, STRING, DATE_TIME = 0, 1, 2, 3
OK, ERROR = lib.QUIVER_OK, lib.QUIVER_ERROR


def open_db(schema: str, *labels: str, collection: str = "Sensor") -> Any:
    db = open_schema(":memory:", VALID / schema)
    for label in labels:
        execute(db, f"INSERT INTO {collection} (label) VALUES ('{label}')")
    return db


@pytest.fixture
def mixed() -> Iterator[Any]:
    db = open_db("mixed_time_series.sql", "Sensor 1")
    yield db
    lib.quiver_database_close(db)


@pytest.fixture
def coll() -> Iterator[Any]:
    db = open_db("collections.sql", "Item 1", collection="Collection")
    yield db
    lib.quiver_database_close(db)


class Columns:
    """Column-wise C input kept alive for one call."""

    def __init__(self, columns: Sequence[tuple[str | None, int, Sequence[Any] | None]], masks: Any = None) -> None:
        self.keep: list[Any] = []
        names, arrays = [], []
        for name, code, values in columns:
            names.append(self._str(name))
            if values is None:
                arrays.append(ffi.NULL)
            elif code == INTEGER:
                arrays.append(self._keep(ffi.new("int64_t[]", list(values))))
            elif code == FLOAT:
                arrays.append(self._keep(ffi.new("double[]", list(values))))
            else:
                arrays.append(self._keep(ffi.new("char *[]", [self._str(v) for v in values])))
        self.names = ffi.new("char *[]", names)
        self.types = ffi.new("int[]", [code for _, code, _ in columns])
        self.data = ffi.new("void *[]", arrays)
        self.count = len(columns)
        self.masks = ffi.NULL
        if masks is not None:
            self.masks = ffi.new(
                "uint8_t *[]", [ffi.NULL if m is None else self._keep(ffi.new("uint8_t[]", m)) for m in masks]
            )

    def _keep(self, obj: Any) -> Any:
        self.keep.append(obj)
        return obj

    def _str(self, s: str | None) -> Any:
        return ffi.NULL if s is None else self._keep(ffi.new("char[]", s.encode()))


def update(
    db: Any, cols: Columns, rows: int, collection: bytes = b"Sensor", group: bytes = b"readings", id: int = 1
) -> int:
    return lib.quiver_database_update_time_series_group(
        db, collection, group, id, cols.names, cols.types, cols.data, cols.count, rows
    )


def update_masked(
    db: Any, cols: Columns, rows: int, collection: bytes = b"Sensor", group: bytes = b"readings", id: int = 1
) -> int:
    return lib.quiver_database_update_time_series_group_masked(
        db, collection, group, id, cols.names, cols.types, cols.data, cols.masks, cols.count, rows
    )


def read(
    db: Any, collection: bytes = b"Sensor", group: bytes = b"readings", id: int = 1, masked: bool = False
) -> dict[str, Any]:
    """Read through C, copy everything out, free it, and return names/types/columns(/masks)."""
    names, types, data = ffi.new("char ***"), ffi.new("int **"), ffi.new("void ***")
    masks = ffi.new("uint8_t ***")
    ncols, nrows = ffi.new("size_t *"), ffi.new("size_t *")
    if masked:
        rc = lib.quiver_database_read_time_series_group_masked(
            db, collection, group, id, names, types, data, masks, ncols, nrows
        )
    else:
        rc = lib.quiver_database_read_time_series_group(db, collection, group, id, names, types, data, ncols, nrows)
    assert rc == OK, last_error()
    nc, nr = ncols[0], nrows[0]
    out: dict[str, Any] = {"names": [], "types": [], "columns": [], "masks": [], "rows": nr}
    if nc == 0:
        assert names[0] == ffi.NULL and types[0] == ffi.NULL and data[0] == ffi.NULL and nr == 0
        if masked:
            assert masks[0] == ffi.NULL
        return out
    for c in range(nc):
        out["names"].append(ffi.string(names[0][c]).decode())
        code = types[0][c]
        out["types"].append(code)
        if code == INTEGER:
            out["columns"].append(ffi.unpack(ffi.cast("int64_t *", data[0][c]), nr))
        elif code == FLOAT:
            out["columns"].append(ffi.unpack(ffi.cast("double *", data[0][c]), nr))
        else:
            ptrs = ffi.unpack(ffi.cast("char **", data[0][c]), nr)
            out["columns"].append([None if p == ffi.NULL else ffi.string(p).decode() for p in ptrs])
        if masked:
            out["masks"].append(list(ffi.unpack(masks[0][c], nr)))
    assert lib.quiver_database_free_time_series_data(names[0], types[0], data[0], nc, nr) == OK
    if masked:
        assert lib.quiver_database_free_time_series_masks(masks[0], nc) == OK
    return out


FULL = [
    ("date_time", STRING, ["2024-01-02", "2024-01-01"]),
    ("temperature", FLOAT, [2.5, 1.5]),
    ("humidity", INTEGER, [20, 10]),
    ("status", STRING, ["b", "a"]),
]


# ---- read / update ----


def test_read_column_order_types_and_data(mixed: Any) -> None:
    # written in reverse column order: the read is dimension first, then alphabetical
    assert update(mixed, Columns(list(reversed(FULL))), 2) == OK, last_error()
    r = read(mixed)
    assert r["names"] == ["date_time", "humidity", "status", "temperature"]
    assert r["types"] == [STRING, INTEGER, STRING, FLOAT]
    assert r["columns"] == [["2024-01-01", "2024-01-02"], [10, 20], ["a", "b"], [1.5, 2.5]]
    assert r["rows"] == 2


def test_read_empty_is_all_null(mixed: Any, coll: Any) -> None:
    assert read(mixed)["rows"] == 0
    assert read(mixed, id=999, masked=True)["rows"] == 0
    assert read(coll, b"Collection", b"data")["rows"] == 0


def test_update_replaces_then_clear_with_nulls(coll: Any) -> None:
    cols = Columns([("date_time", STRING, ["a", "b", "c"]), ("value", FLOAT, [1.0, 2.0, 3.0])])
    assert update(coll, cols, 3, b"Collection", b"data") == OK
    cols = Columns([("date_time", STRING, ["x"]), ("value", FLOAT, [9.0])])
    assert update(coll, cols, 1, b"Collection", b"data") == OK
    assert read(coll, b"Collection", b"data")["columns"] == [["x"], [9.0]]
    rc = lib.quiver_database_update_time_series_group(
        coll, b"Collection", b"data", 1, ffi.NULL, ffi.NULL, ffi.NULL, 0, 0
    )
    assert rc == OK
    assert read(coll, b"Collection", b"data")["rows"] == 0


def test_columns_with_zero_rows_clear(coll: Any) -> None:
    # (quirk, as upstream) column_count > 0 with row_count 0 clears
    assert (
        update(coll, Columns([("date_time", STRING, ["a"]), ("value", FLOAT, [1.0])]), 1, b"Collection", b"data") == OK
    )
    assert update(coll, Columns([("date_time", STRING, []), ("value", FLOAT, [])]), 0, b"Collection", b"data") == OK
    assert read(coll, b"Collection", b"data")["rows"] == 0


def test_date_time_and_string_are_interchangeable(mixed: Any) -> None:
    cols = [
        ("date_time", DATE_TIME, ["2024-01-01"]),
        ("temperature", FLOAT, [1.0]),
        ("humidity", INTEGER, [1]),
        ("status", STRING, ["s"]),
    ]
    assert update(mixed, Columns(cols), 1) == OK, last_error()
    assert read(mixed)["columns"][0] == ["2024-01-01"]


def test_date_time_value_column_reports_type_3(tmp_path: Path) -> None:
    schema = tmp_path / "s.sql"
    schema.write_text(
        "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;"
        "CREATE TABLE Station (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;"
        "CREATE TABLE Station_time_series_log (id INTEGER NOT NULL REFERENCES Station(id) ON DELETE CASCADE "
        "ON UPDATE CASCADE, date_time TEXT NOT NULL, date_verified TEXT, note TEXT, PRIMARY KEY (id, date_time)) STRICT;"
    )
    options = ffi.new("quiver_database_options_t *", lib.quiver_database_options_default())
    options.console_level = lib.QUIVER_LOG_OFF
    out = ffi.new("quiver_database_t **")
    assert lib.quiver_database_from_schema(b":memory:", str(schema).encode(), options, out) == OK
    db = out[0]
    try:
        assert (
            lib.quiver_database_query_integer(
                db, b"INSERT INTO Station (label) VALUES ('s')", ffi.new("int64_t *"), ffi.new("int *")
            )
            == OK
        )
        # STRING given for the DATE_TIME value column is accepted
        cols = Columns([("date_time", STRING, ["d"]), ("date_verified", STRING, ["c"]), ("note", DATE_TIME, ["n"])])
        assert update(db, cols, 1, b"Station", b"log") == OK, last_error()
        r = read(db, b"Station", b"log")
        assert r["names"] == ["date_time", "date_verified", "note"]
        assert r["types"] == [STRING, DATE_TIME, STRING]
    finally:
        lib.quiver_database_close(db)


# ---- validation messages (docs/reference/c-api-list.md 3.3.13, in order) ----


def test_missing_dimension(mixed: Any) -> None:
    assert update(mixed, Columns(FULL[1:]), 2) == ERROR
    assert last_error() == "Cannot update_time_series_group: dimension column 'date_time' missing from column_names"


def test_unknown_column(mixed: Any) -> None:
    assert update(mixed, Columns(FULL + [("pressure", FLOAT, [1.0, 2.0])]), 2) == ERROR
    assert last_error() == (
        "Cannot update_time_series_group: column 'pressure' not found in group 'readings' for collection 'Sensor'"
    )
    assert update(mixed, Columns(FULL + [("id", INTEGER, [1, 1])]), 2) == ERROR
    assert "column 'id' not found in group 'readings'" in last_error()


def test_wrong_type(mixed: Any) -> None:
    cols = [FULL[0], ("temperature", INTEGER, [1, 2]), FULL[2], FULL[3]]
    assert update(mixed, Columns(cols), 2) == ERROR
    assert last_error() == "Cannot update_time_series_group: column 'temperature' has type FLOAT but received INTEGER"
    cols = [("date_time", FLOAT, [1.0, 2.0])] + FULL[1:]
    assert update(mixed, Columns(cols), 2) == ERROR
    assert last_error() == "Cannot update_time_series_group: column 'date_time' has type STRING but received FLOAT"


def test_unknown_type_code(mixed: Any) -> None:
    cols = [FULL[0], ("temperature", 9, None), FULL[2], FULL[3]]
    assert update(mixed, Columns(cols), 2) == ERROR
    assert last_error() == "Cannot update_time_series_group: column 'temperature' has type FLOAT but received UNKNOWN"


def test_omitting_not_null_columns_fails_in_sql(mixed: Any) -> None:
    assert update(mixed, Columns(FULL[:2]), 2) == ERROR
    assert last_error().startswith("Failed to execute statement: NOT NULL constraint failed")


def test_count_checks(mixed: Any) -> None:
    rc = lib.quiver_database_update_time_series_group(
        mixed, b"Sensor", b"readings", 1, ffi.NULL, ffi.NULL, ffi.NULL, 0, 3
    )
    assert rc == ERROR
    assert last_error() == "Cannot update_time_series_group: column_count must be > 0 when row_count > 0"
    cols = Columns(FULL)
    for names, types, data in (
        (ffi.NULL, cols.types, cols.data),
        (cols.names, ffi.NULL, cols.data),
        (cols.names, cols.types, ffi.NULL),
    ):
        rc = lib.quiver_database_update_time_series_group(mixed, b"Sensor", b"readings", 1, names, types, data, 4, 2)
        assert rc == ERROR
        assert last_error() == (
            "Cannot update_time_series_group: column_names, column_types, and column_data must be non-null "
            "when column_count > 0"
        )


def test_metadata_errors_on_write(mixed: Any) -> None:
    assert update(mixed, Columns(FULL), 2, collection=b"Nope") == ERROR
    assert last_error() == "Cannot get_time_series_metadata: collection not found: Nope"
    assert update(mixed, Columns(FULL), 2, group=b"nope") == ERROR
    assert last_error() == "Time series group not found: 'nope' in collection 'Sensor'"


def test_bad_pointers_are_errors_and_keep_previous_rows(mixed: Any) -> None:
    assert update(mixed, Columns(FULL), 2) == OK
    before = read(mixed)
    cases = [
        ([FULL[0], (None, FLOAT, [1.0, 2.0]), FULL[2], FULL[3]], "column name at index 1 is NULL"),
        ([FULL[0], ("temperature", FLOAT, None), FULL[2], FULL[3]], "column data for 'temperature' is NULL"),
        ([FULL[0], FULL[1], FULL[2], ("status", STRING, ["ok", None])], "NULL string in column 'status' at row 1"),
        (FULL + [("humidity", INTEGER, [1, 2])], "column 'humidity' given more than once"),
    ]
    for cols, message in cases:
        assert update(mixed, Columns(cols), 2) == ERROR
        assert last_error() == f"Cannot update_time_series_group: {message}"
    assert read(mixed) == before


def test_failing_insert_keeps_previous_rows(mixed: Any) -> None:
    assert update(mixed, Columns(FULL), 2) == OK
    before = read(mixed)
    dup = [("date_time", STRING, ["x", "x"])] + FULL[1:]
    assert update(mixed, Columns(dup), 2) == ERROR
    assert "UNIQUE constraint failed" in last_error()
    assert read(mixed) == before


def test_read_errors_reset_outputs(mixed: Any) -> None:
    garbage = ffi.cast("void *", 1)
    names = ffi.new("char ***", ffi.cast("char **", garbage))
    types = ffi.new("int **", ffi.cast("int *", garbage))
    data = ffi.new("void ***", ffi.cast("void **", garbage))
    ncols, nrows = ffi.new("size_t *", 7), ffi.new("size_t *", 7)
    rc = lib.quiver_database_read_time_series_group(mixed, b"Sensor", b"nope", 1, names, types, data, ncols, nrows)
    assert rc == ERROR
    assert last_error() == "Time series group not found: 'nope' in collection 'Sensor'"
    assert names[0] == ffi.NULL and types[0] == ffi.NULL and data[0] == ffi.NULL
    assert ncols[0] == 0 and nrows[0] == 0
    rc = lib.quiver_database_read_time_series_group(mixed, b"Nope", b"readings", 1, names, types, data, ncols, nrows)
    assert rc == ERROR
    assert last_error() == "Cannot get_time_series_metadata: collection not found: Nope"


# ---- NULL arguments ----


def _read_args(db: Any) -> list[Any]:
    return [
        db,
        b"Sensor",
        b"readings",
        1,
        ffi.new("char ***"),
        ffi.new("int **"),
        ffi.new("void ***"),
        ffi.new("size_t *"),
        ffi.new("size_t *"),
    ]


@pytest.mark.parametrize(
    ("index", "name"),
    [
        (0, "db"),
        (1, "collection"),
        (2, "group"),
        (4, "out_column_names"),
        (5, "out_column_types"),
        (6, "out_column_data"),
        (7, "out_column_count"),
        (8, "out_row_count"),
    ],
)
def test_read_null_arguments(mixed: Any, index: int, name: str) -> None:
    args = _read_args(mixed)
    args[index] = ffi.NULL
    assert lib.quiver_database_read_time_series_group(*args) == ERROR
    assert last_error() == f"Null argument: {name}"


@pytest.mark.parametrize(
    ("index", "name"),
    [
        (0, "db"),
        (1, "collection"),
        (2, "group"),
        (4, "out_column_names"),
        (5, "out_column_types"),
        (6, "out_column_data"),
        (7, "out_column_has_value"),
        (8, "out_column_count"),
        (9, "out_row_count"),
    ],
)
def test_masked_read_null_arguments(mixed: Any, index: int, name: str) -> None:
    args = _read_args(mixed)
    args.insert(7, ffi.new("uint8_t ***"))
    args[index] = ffi.NULL
    assert lib.quiver_database_read_time_series_group_masked(*args) == ERROR
    assert last_error() == f"Null argument: {name}"


@pytest.mark.parametrize(("index", "name"), [(0, "db"), (1, "collection"), (2, "group")])
def test_update_null_arguments(mixed: Any, index: int, name: str) -> None:
    args = [mixed, b"Sensor", b"readings", 1, ffi.NULL, ffi.NULL, ffi.NULL, 0, 0]
    args[index] = ffi.NULL
    assert lib.quiver_database_update_time_series_group(*args) == ERROR
    assert last_error() == f"Null argument: {name}"
    args.insert(7, ffi.NULL)
    assert lib.quiver_database_update_time_series_group_masked(*args) == ERROR
    assert last_error() == f"Null argument: {name}"


# ---- free ----


def test_free_time_series_data_accepts_null() -> None:
    assert lib.quiver_database_free_time_series_data(ffi.NULL, ffi.NULL, ffi.NULL, 0, 0) == OK
    assert lib.quiver_database_free_time_series_masks(ffi.NULL, 0) == OK


def test_free_time_series_data_unknown_type_frees_nothing(mixed: Any) -> None:
    assert update(mixed, Columns(FULL), 2) == OK
    names, types, data = ffi.new("char ***"), ffi.new("int **"), ffi.new("void ***")
    ncols, nrows = ffi.new("size_t *"), ffi.new("size_t *")
    assert (
        lib.quiver_database_read_time_series_group(mixed, b"Sensor", b"readings", 1, names, types, data, ncols, nrows)
        == OK
    )
    real = types[0][1]
    types[0][1] = 42
    assert lib.quiver_database_free_time_series_data(names[0], types[0], data[0], ncols[0], nrows[0]) == ERROR
    assert last_error() == "Cannot free_time_series_data: unknown data type 42"
    # nothing was freed: the data is intact and a correct free succeeds
    assert ffi.string(names[0][0]) == b"date_time"
    types[0][1] = real
    assert lib.quiver_database_free_time_series_data(names[0], types[0], data[0], ncols[0], nrows[0]) == OK


# ---- NULL cells: legacy read and the masked extensions ----


def test_masked_write_and_reads(coll: Any) -> None:
    # has_value 0: NULL cell whose data is not read (a NULL string pointer is fine there)
    cols = Columns(
        [("date_time", STRING, ["a", "b", "c"]), ("value", FLOAT, [1.5, -1.0, 3.5])], masks=[None, [1, 0, 1]]
    )
    assert update_masked(coll, cols, 3, b"Collection", b"data") == OK, last_error()
    legacy = read(coll, b"Collection", b"data")
    assert legacy["columns"] == [["a", "b", "c"], [1.5, 0.0, 3.5]]  # FLOAT NULL reads 0.0
    masked = read(coll, b"Collection", b"data", masked=True)
    assert masked["columns"] == legacy["columns"]
    assert masked["masks"] == [[1, 1, 1], [1, 0, 1]]


def test_masked_column_without_data(coll: Any) -> None:
    cols = Columns([("date_time", STRING, ["a", "b"]), ("value", FLOAT, None)], masks=[None, [0, 0]])
    assert update_masked(coll, cols, 2, b"Collection", b"data") == OK, last_error()
    assert read(coll, b"Collection", b"data", masked=True)["masks"] == [[1, 1], [0, 0]]
    cols = Columns([("date_time", STRING, ["a", "b"]), ("value", FLOAT, None)], masks=[None, [0, 1]])
    assert update_masked(coll, cols, 2, b"Collection", b"data") == ERROR
    assert last_error() == "Cannot update_time_series_group: column data for 'value' is NULL"


def test_null_text_cells() -> None:
    db = open_db("relations.sql", "C", collection="Child")
    try:
        # NULL integer FK cells are written through the mask
        cols = Columns([("date_time", STRING, ["d1", "d2"]), ("sponsor_id", INTEGER, [0, 0])], masks=[None, [0, 0]])
        assert update_masked(db, cols, 2, b"Child", b"events") == OK, last_error()
        r = read(db, b"Child", b"events", masked=True)
        assert r["columns"] == [["d1", "d2"], [0, 0]] and r["masks"] == [[1, 1], [0, 0]]
        # the NOT NULL dimension rejects a masked-out cell
        cols = Columns([("date_time", STRING, ["d1", None]), ("sponsor_id", INTEGER, [0, 0])], masks=[[1, 0], [0, 0]])
        assert update_masked(db, cols, 2, b"Child", b"events") == ERROR
        assert "NOT NULL constraint failed" in last_error()
    finally:
        lib.quiver_database_close(db)


def test_legacy_read_of_null_text_gives_null_pointer(tmp_path: Path) -> None:
    schema = tmp_path / "s.sql"
    schema.write_text(
        "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;"
        "CREATE TABLE Station (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;"
        "CREATE TABLE Station_time_series_log (id INTEGER NOT NULL REFERENCES Station(id) ON DELETE CASCADE "
        "ON UPDATE CASCADE, date_time TEXT NOT NULL, note TEXT, level INTEGER, PRIMARY KEY (id, date_time)) STRICT;"
    )
    options = ffi.new("quiver_database_options_t *", lib.quiver_database_options_default())
    options.console_level = lib.QUIVER_LOG_OFF
    out = ffi.new("quiver_database_t **")
    assert lib.quiver_database_from_schema(b":memory:", str(schema).encode(), options, out) == OK
    db = out[0]
    try:
        assert (
            lib.quiver_database_query_integer(
                db, b"INSERT INTO Station (label) VALUES ('s')", ffi.new("int64_t *"), ffi.new("int *")
            )
            == OK
        )
        cols = Columns(
            [("date_time", STRING, ["a", "b"]), ("note", STRING, ["x", None]), ("level", INTEGER, [5, 0])],
            masks=[None, [1, 0], [1, 0]],
        )
        assert update_masked(db, cols, 2, b"Station", b"log") == OK, last_error()
        r = read(db, b"Station", b"log")  # 0.5.0 signature: no failure on a NULL text cell
        assert r["names"] == ["date_time", "level", "note"]
        assert r["columns"] == [["a", "b"], [5, 0], ["x", None]]
    finally:
        lib.quiver_database_close(db)


# ---- time series files ----


def files(db: Any, collection: bytes = b"Collection") -> dict[str, str | None]:
    cols, paths, count = ffi.new("char ***"), ffi.new("char ***"), ffi.new("size_t *")
    assert lib.quiver_database_read_time_series_files(db, collection, cols, paths, count) == OK, last_error()
    n = count[0]
    out = {
        ffi.string(cols[0][i]).decode(): (None if paths[0][i] == ffi.NULL else ffi.string(paths[0][i]).decode())
        for i in range(n)
    }
    assert lib.quiver_database_free_time_series_files(cols[0], paths[0], n) == OK
    return out


def update_files(db: Any, pairs: list[tuple[str | None, str | None]], collection: bytes = b"Collection") -> int:
    keep = [ffi.NULL if s is None else ffi.new("char[]", s.encode()) for pair in pairs for s in pair]
    columns = ffi.new("char *[]", keep[0::2])
    paths = ffi.new("char *[]", keep[1::2])
    return lib.quiver_database_update_time_series_files(db, collection, columns, paths, len(pairs))


def test_files_has_list_read_update(coll: Any) -> None:
    out = ffi.new("int *", 7)
    assert lib.quiver_database_has_time_series_files(coll, b"Collection", out) == OK and out[0] == 1
    assert lib.quiver_database_has_time_series_files(coll, b"Configuration", out) == OK and out[0] == 0
    cols, count = ffi.new("char ***"), ffi.new("size_t *")
    assert lib.quiver_database_list_time_series_files_columns(coll, b"Collection", cols, count) == OK
    assert [ffi.string(cols[0][i]) for i in range(count[0])] == [b"data_file", b"metadata_file"]
    assert lib.quiver_database_free_string_array(cols[0], count[0]) == OK
    assert files(coll) == {"data_file": None, "metadata_file": None}
    assert update_files(coll, [("data_file", "/path/to/data.csv"), ("metadata_file", "/path/to/meta.json")]) == OK
    assert files(coll) == {"data_file": "/path/to/data.csv", "metadata_file": "/path/to/meta.json"}
    assert update_files(coll, [("data_file", "x"), ("metadata_file", None)]) == OK
    assert files(coll) == {"data_file": "x", "metadata_file": None}


def test_files_repeated_column_keeps_last_path(coll: Any) -> None:
    assert update_files(coll, [("data_file", "first"), ("data_file", "last")]) == OK
    assert files(coll) == {"data_file": "last", "metadata_file": None}


def test_files_errors(coll: Any) -> None:
    cols, paths, count = ffi.new("char ***"), ffi.new("char ***"), ffi.new("size_t *")
    assert lib.quiver_database_read_time_series_files(coll, b"Configuration", cols, paths, count) == ERROR
    assert last_error() == "Time series files table not found for collection 'Configuration'"
    assert lib.quiver_database_list_time_series_files_columns(coll, b"Configuration", cols, count) == ERROR
    assert last_error() == "Time series files table not found: Configuration_time_series_files"
    # count 0 changes nothing, but the table must exist
    assert lib.quiver_database_update_time_series_files(coll, b"Collection", ffi.NULL, ffi.NULL, 0) == OK
    assert lib.quiver_database_update_time_series_files(coll, b"Configuration", ffi.NULL, ffi.NULL, 0) == ERROR
    assert last_error() == "Time series files table not found for collection 'Configuration'"
    assert update_files(coll, [("data_file", "a")]) == OK
    assert update_files(coll, [("data_file", "b"), (None, "c")]) == ERROR
    assert last_error() == "Cannot update_time_series_files: column name at index 1 is NULL"
    assert update_files(coll, [("data_file", "b"), ("nope", "c")]) == ERROR
    assert last_error() == (
        "Cannot update_time_series_files: column 'nope' not found in table 'Collection_time_series_files'"
    )
    assert files(coll) == {"data_file": "a", "metadata_file": None}


def test_files_null_arguments(coll: Any) -> None:
    out = ffi.new("int *")
    for args, name in (
        ((ffi.NULL, b"Collection", out), "db"),
        ((coll, ffi.NULL, out), "collection"),
        ((coll, b"Collection", ffi.NULL), "out_result"),
    ):
        assert lib.quiver_database_has_time_series_files(*args) == ERROR
        assert last_error() == f"Null argument: {name}"
    cols, count = ffi.new("char ***"), ffi.new("size_t *")
    for args, name in (
        ((ffi.NULL, b"Collection", cols, count), "db"),
        ((coll, ffi.NULL, cols, count), "collection"),
        ((coll, b"Collection", ffi.NULL, count), "out_columns"),
        ((coll, b"Collection", cols, ffi.NULL), "out_count"),
    ):
        assert lib.quiver_database_list_time_series_files_columns(*args) == ERROR
        assert last_error() == f"Null argument: {name}"
    paths = ffi.new("char ***")
    base = [coll, b"Collection", cols, paths, count]
    for i, name in enumerate(["db", "collection", "out_columns", "out_paths", "out_count"]):
        args = list(base)
        args[i] = ffi.NULL
        assert lib.quiver_database_read_time_series_files(*args) == ERROR
        assert last_error() == f"Null argument: {name}"
    data_file = ffi.new("char[]", b"data_file")  # kept alive while `one` points at it
    one = ffi.new("char *[]", [data_file])
    assert lib.quiver_database_update_time_series_files(ffi.NULL, b"Collection", one, one, 1) == ERROR
    assert last_error() == "Null argument: db"
    assert lib.quiver_database_update_time_series_files(coll, ffi.NULL, one, one, 1) == ERROR
    assert last_error() == "Null argument: collection"
    assert lib.quiver_database_update_time_series_files(coll, b"Collection", ffi.NULL, one, 1) == ERROR
    assert last_error() == "Null columns or paths with non-zero count"
    assert lib.quiver_database_update_time_series_files(coll, b"Collection", one, ffi.NULL, 1) == ERROR
    assert last_error() == "Null columns or paths with non-zero count"
    assert lib.quiver_database_free_time_series_files(ffi.NULL, ffi.NULL, 0) == ERROR
    assert last_error() == "Null argument: columns"


# ---- packed string columns (extension) ----


def update_packed(
    db: Any,
    columns: Sequence[tuple[str, int, Any]],
    rows: int,
    masks: Any = None,
    collection: bytes = b"Sensor",
    group: bytes = b"readings",
) -> int:
    """``columns``: (name, type, values); string columns as one bytes buffer."""
    keep: list[Any] = []
    names, arrays, sizes = [], [], []
    for name, code, values in columns:
        keep.append(ffi.new("char[]", name.encode()))
        names.append(keep[-1])
        if code == INTEGER:
            arrays.append(ffi.new("int64_t[]", values))
            sizes.append(0)
        elif code == FLOAT:
            arrays.append(ffi.new("double[]", values))
            sizes.append(0)
        else:
            arrays.append(ffi.new("char[]", values) if values else ffi.NULL)
            sizes.append(len(values))
        keep.append(arrays[-1])
    c_masks = ffi.NULL
    if masks is not None:
        arrays_of_masks = [ffi.NULL if m is None else ffi.new("uint8_t[]", m) for m in masks]
        keep.extend(arrays_of_masks)
        c_masks = ffi.new("uint8_t *[]", arrays_of_masks)
        keep.append(c_masks)
    return lib.quiver_database_update_time_series_group_packed(
        db,
        collection,
        group,
        1,
        ffi.new("char *[]", names),
        ffi.new("int[]", [c for _, c, _ in columns]),
        ffi.new("void *[]", arrays),
        ffi.new("size_t[]", sizes),
        c_masks,
        len(columns),
        rows,
    )


def test_packed_update_round_trip(mixed: Any) -> None:
    cols = [
        ("date_time", STRING, b"2024-01-02\x002024-01-01\x00"),
        ("temperature", FLOAT, [2.5, 1.5]),
        ("humidity", INTEGER, [20, 10]),
        ("status", STRING, b" b \x00\x00"),
    ]
    assert update_packed(mixed, cols, 2) == OK, last_error()
    assert read(mixed)["columns"] == [["2024-01-01", "2024-01-02"], [10, 20], ["", "b"], [1.5, 2.5]]


def test_packed_update_with_mask(coll: Any) -> None:
    cols = [("date_time", STRING, b"a\x00b\x00"), ("value", FLOAT, [1.0, 2.0])]
    assert update_packed(coll, cols, 2, masks=[None, [0, 1]], collection=b"Collection", group=b"data") == OK
    assert read(coll, b"Collection", b"data", masked=True)["masks"] == [[1, 1], [0, 1]]


def test_packed_update_rejects_malformed_buffers(mixed: Any) -> None:
    assert update(mixed, Columns(FULL), 2) == OK
    before = read(mixed)
    base = [("temperature", FLOAT, [2.5, 1.5]), ("humidity", INTEGER, [20, 10]), ("status", STRING, b"a\x00b\x00")]
    assert update_packed(mixed, [("date_time", STRING, b"2024-01-02\x00")] + base, 2) == ERROR
    assert last_error() == "Cannot update_time_series_group: packed column 'date_time' holds fewer than 2 strings"
    assert update_packed(mixed, [("date_time", STRING, b"x\x00y\x00z")] + base, 2) == ERROR
    assert last_error() == "Cannot update_time_series_group: packed column 'date_time' holds more than 2 strings"
    assert update_packed(mixed, [("date_time", STRING, b"x\x00y")] + base, 2) == ERROR
    assert last_error() == "Cannot update_time_series_group: packed column 'date_time' holds fewer than 2 strings"
    rc = lib.quiver_database_update_time_series_group_packed(
        mixed,
        b"Sensor",
        b"readings",
        1,
        ffi.new("char *[]", 1),
        ffi.new("int[]", 1),
        ffi.new("void *[]", 1),
        ffi.NULL,
        ffi.NULL,
        1,
        1,
    )
    assert rc == ERROR
    assert last_error() == "Cannot update_time_series_group: column_bytes must be non-null when column_count > 0"
    assert read(mixed) == before
    # clear through the packed entry point
    rc = lib.quiver_database_update_time_series_group_packed(
        mixed, b"Sensor", b"readings", 1, ffi.NULL, ffi.NULL, ffi.NULL, ffi.NULL, ffi.NULL, 0, 0
    )
    assert rc == OK
    assert read(mixed)["rows"] == 0

"""Database options: read_only is enforced for every write path (docs/reference/database-api.md §2.1, docs/reference/c-api-list.md §2.3)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiverdb import Database, QuiverError
from support.paths import VALID


@pytest.fixture
def ro_path(tmp_path: Path) -> str:
    """A collections.sql database with one element, closed again."""
    path = str(tmp_path / "ro.db")
    with Database.from_schema(path, str(VALID / "collections.sql")) as db:
        db.query_integer("INSERT INTO Collection (label, some_integer) VALUES ('Item 1', 10)")
        db.query_integer("INSERT INTO Collection_vector_values (id, vector_index, value_int) VALUES (1, 0, 5)")
        db.query_integer("INSERT INTO Collection_set_tags (id, tag) VALUES (1, 'a')")
        db.query_integer("INSERT INTO Collection_time_series_data (id, date_time, value) VALUES (1, '2024-01-01', 1.5)")
    return path


@pytest.fixture
def ro(ro_path: str) -> Iterator[Database]:
    db = Database.open(ro_path, read_only=True)
    yield db
    db.close()


def snapshot(path: str) -> list[object]:
    with Database.open(path) as db:
        return [
            db.query_integer("SELECT COUNT(*) FROM Collection"),
            db.query_integer("SELECT some_integer FROM Collection WHERE id = 1"),
            db.query_integer("SELECT COUNT(*) FROM Collection_vector_values"),
            db.query_integer("SELECT COUNT(*) FROM Collection_set_tags"),
            db.query_integer("SELECT COUNT(*) FROM Collection_time_series_data"),
            db.query_integer("SELECT COUNT(*) FROM Collection_time_series_files"),
        ]


def test_reads_work(ro: Database) -> None:
    assert ro.query_string("SELECT label FROM Collection") == "Item 1"
    assert ro.current_version() == 0
    assert ro.is_healthy() is True


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO Collection (label) VALUES ('x')",
        "UPDATE Collection SET some_integer = 99",
        "DELETE FROM Collection",
        "CREATE TABLE Other (id INTEGER PRIMARY KEY)",
        "PRAGMA user_version = 4",
    ],
)
def test_query_with_a_write_statement(ro: Database, ro_path: str, sql: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match=r"attempt to write a readonly database \(SQL: "):
        ro.query_integer(sql)
    assert snapshot(ro_path) == before
    assert ro.current_version() == 0


def test_temp_tables_stay_usable(ro: Database) -> None:
    ro.query_integer("CREATE TEMP TABLE scratch (x INTEGER)")
    ro.query_integer("INSERT INTO scratch VALUES (?)", params=[3])
    assert ro.query_integer("SELECT x FROM scratch") == 3


def test_transaction_then_write(ro: Database, ro_path: str) -> None:
    before = snapshot(ro_path)
    ro.begin_transaction()  # a read transaction is allowed
    assert ro.in_transaction() is True
    with pytest.raises(QuiverError, match="attempt to write a readonly database"):
        ro.query_integer("INSERT INTO Collection (label) VALUES ('x')")
    ro.rollback()
    with pytest.raises(QuiverError, match="attempt to write a readonly database"):
        with ro.transaction():
            ro.query_integer("DELETE FROM Collection")
    assert ro.in_transaction() is False
    assert snapshot(ro_path) == before


def test_read_only_open_of_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(QuiverError, match="^Failed to open database: "):
        Database.open(str(missing), read_only=True)
    assert not missing.exists()


def test_from_schema_rejects_read_only(ro_path: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot from_schema: read_only mode"):
        Database.from_schema(ro_path, str(VALID / "collections.sql"), read_only=True)
    assert snapshot(ro_path) == before  # nothing deleted


def test_read_only_must_not_be_positional(ro_path: str) -> None:
    with pytest.raises(TypeError):
        Database.open(ro_path, True)  # type: ignore[misc]


def test_upstream_positional_signatures_still_work(tmp_path: Path) -> None:
    with Database.from_schema(str(tmp_path / "a.db"), str(VALID / "basic.sql")) as db:
        assert db.is_healthy() is True
    with Database.from_schema(db_path=str(tmp_path / "b.db"), schema_path=str(VALID / "basic.sql")) as db:
        assert db.is_healthy() is True


def test_open_existing_database_has_full_access(ro_path: str) -> None:
    with Database.open(ro_path) as db:
        db.query_integer("UPDATE Collection SET some_integer = 11")
        assert db.query_integer("SELECT some_integer FROM Collection") == 11


def test_open_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    # upstream created an empty file (issue 16, item 13: an error naming the path, nothing created)
    path = tmp_path / "new.db"
    with pytest.raises(QuiverError, match=f"^Failed to open database: file not found: {re.escape(str(path))}$"):
        Database.open(str(path))
    assert not path.exists()
    path.touch()  # an existing empty file opens, without a schema
    with Database.open(str(path)) as db:
        assert db.path() == str(path)
        assert db.current_version() == 0


def test_open_rejects_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "text.db"
    path.write_text("this is not a database, just some text that is long enough " * 20)
    with pytest.raises(QuiverError, match="^Failed to open database: file is not a database"):
        Database.open(str(path))


def test_open_argument_types(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        Database.open(42)  # type: ignore[arg-type]


# ---- library write methods (each must fail cleanly and change nothing) ----


def test_update_time_series_group_clear(ro: Database, ro_path: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot update_time_series_group: database is read-only$"):
        ro.update_time_series_group("Collection", "data", 1, [])
    assert snapshot(ro_path) == before


def test_update_time_series_files(ro: Database, ro_path: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot update_time_series_files: database is read-only$"):
        ro.update_time_series_files("Collection", {"data_file": "a.csv", "metadata_file": None})
    assert snapshot(ro_path) == before


def test_update_time_series_group_rows(ro: Database, ro_path: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot update_time_series_group: database is read-only$"):
        ro.update_time_series_group("Collection", "data", 1, [{"date_time": "2024-02-01", "value": 2.5}])
    assert snapshot(ro_path) == before


def test_import_csv(ro: Database, ro_path: str, tmp_path: Path) -> None:
    csv = tmp_path / "items.csv"
    ro.export_csv("Collection", "", str(csv))  # reading (and writing a file) is fine
    assert "Item 1" in csv.read_text()
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot import_csv: database is read-only$"):
        ro.import_csv("Collection", "", str(csv))
    tags = tmp_path / "tags.csv"
    ro.export_csv("Collection", "tags", str(tags))
    with pytest.raises(QuiverError, match="^Cannot import_csv: database is read-only$"):
        ro.import_csv("Collection", "tags", str(tags))
    assert snapshot(ro_path) == before


def test_open_gives_collection_access(ro: Database, ro_path: str) -> None:
    # the schema of an opened file is loaded on first use (later upstream)
    assert ro.read_scalar_integers("Collection", "some_integer") == [10]
    assert ro.read_vector_integers_by_id("Collection", "value_int", 1) == [5]
    assert "some_float" in [m.name for m in ro.list_scalar_attributes("Collection")]


def test_open_of_an_empty_file_has_no_schema(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    with Database.open(str(tmp_path / "empty.db")) as db:
        with pytest.raises(QuiverError, match="^Cannot read_element_ids: no schema loaded$"):
            db.read_element_ids("Collection")


def test_open_of_an_invalid_schema_names_the_problem(tmp_path: Path) -> None:
    path = str(tmp_path / "bad.db")
    (tmp_path / "bad.db").touch()
    with Database.open(path) as db:
        db.query_integer("CREATE TABLE Lonely (id INTEGER PRIMARY KEY)")
    # the schema is validated at open (issue 16, item 13; upstream: on first use)
    with pytest.raises(
        QuiverError,
        match=f"^Failed to open database: {re.escape(str(path))} is not a quiver database \\(Schema validation error: ",
    ):
        Database.open(path)


# ---- the C options struct (docs/reference/c-api-list.md §2.3, §4 Lifecycle) ----


def test_c_options_default() -> None:
    from quiverdb._c_api import lib

    options = lib.quiver_database_options_default()
    assert options.read_only == 0
    assert options.console_level == lib.QUIVER_LOG_INFO


def test_c_open_levels_and_read_only(ro_path: str, tmp_path: Path) -> None:
    from quiverdb._c_api import ffi, lib

    out = ffi.new("quiver_database_t **")
    options = ffi.new("quiver_database_options_t *", lib.quiver_database_options_default())
    for level in (0, 1, 2, 3, 4, 99):  # an out-of-range level behaves as INFO
        options.console_level = level
        assert lib.quiver_database_open(b":memory:", options, out) == lib.QUIVER_OK
        lib.quiver_database_close(out[0])
    assert lib.quiver_database_open(b":memory:", ffi.NULL, out) == lib.QUIVER_OK
    lib.quiver_database_close(out[0])
    options.read_only = 1
    assert lib.quiver_database_open(ro_path.encode(), options, out) == lib.QUIVER_OK
    lib.quiver_database_close(out[0])
    missing = tmp_path / "missing.db"
    assert lib.quiver_database_open(str(missing).encode(), options, out) == lib.QUIVER_ERROR
    assert ffi.string(lib.quiver_get_last_error()).startswith(b"Failed to open database: ")
    assert not missing.exists()


def test_create_element(ro: Database, ro_path: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot create_element: database is read-only$"):
        ro.create_element("Collection", label="Item 2", some_integer=5, value_int=[1, 2], tag=["x"])
    assert snapshot(ro_path) == before


def test_update_element(ro: Database, ro_path: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot update_element: database is read-only$"):
        ro.update_element("Collection", 1, some_integer=99)
    with pytest.raises(QuiverError, match="^Cannot update_element: database is read-only$"):
        ro.update_element("Collection", 1, value_int=[])
    assert snapshot(ro_path) == before


def test_delete_element(ro: Database, ro_path: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot delete_element: database is read-only$"):
        ro.delete_element("Collection", 1)
    assert snapshot(ro_path) == before


def test_update_vector_group(ro: Database, ro_path: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot update_vector_group: database is read-only$"):
        ro.update_vector_group("Collection", "values", 1, {"value_int": [7, 8]})
    with pytest.raises(QuiverError, match="^Cannot update_vector_group: database is read-only$"):
        ro.update_vector_group("Collection", "values", 1, {})
    assert snapshot(ro_path) == before


def test_update_set_group(ro: Database, ro_path: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot update_set_group: database is read-only$"):
        ro.update_set_group("Collection", "tags", 1, {"tag": ["b"]})
    with pytest.raises(QuiverError, match="^Cannot update_set_group: database is read-only$"):
        ro.update_set_group("Collection", "tags", 1, {})
    assert snapshot(ro_path) == before


def test_begin_transaction_then_library_write(ro: Database, ro_path: str) -> None:
    before = snapshot(ro_path)
    with pytest.raises(QuiverError, match="^Cannot create_element: database is read-only$"):
        with ro.transaction():
            ro.create_element("Collection", label="Item 2")
    assert ro.in_transaction() is False
    assert snapshot(ro_path) == before

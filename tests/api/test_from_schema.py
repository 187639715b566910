"""Applying a schema file: Database.from_schema / quiver_database_from_schema (docs/reference/schema.md 1)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quiverdb import Database, QuiverError
from quiverdb._c_api import ffi, last_error, lib
from support.paths import VALID

BASIC = VALID / "basic.sql"
COLLECTIONS = VALID / "collections.sql"
CONFIGURATION = "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"


def write(tmp_path: Path, text: str | bytes, name: str = "schema.sql") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return str(path)


def user_tables(db_path: Path) -> list[str]:
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def failure(db_path: str, schema_path: str) -> str:
    with pytest.raises(QuiverError) as info:
        Database.from_schema(db_path, schema_path)
    return str(info.value)


# ---- the returned database ----


def test_returns_an_open_database(tmp_path):
    db = Database.from_schema(str(tmp_path / "test.db"), str(BASIC))
    try:
        assert isinstance(db, Database)
        assert db.is_healthy() is True
        assert "test.db" in db.path()
        version = db.current_version()
        assert isinstance(version, int) and version == 0
    finally:
        db.close()
    with pytest.raises(QuiverError, match="closed"):
        db.path()


def test_context_manager_closes(tmp_path):
    with Database.from_schema(str(tmp_path / "test.db"), str(BASIC)) as db:
        assert db.is_healthy() is True
    with pytest.raises(QuiverError, match="closed"):
        db.path()


def test_in_memory(tmp_path):
    with Database.from_schema(":memory:", str(COLLECTIONS)) as db:
        assert db.path() == ":memory:"
        assert [g.group_name for g in db.list_set_groups("Collection")] == ["tags"]


def test_only_what_the_schema_creates(tmp_path):
    db_path = tmp_path / "c.db"
    Database.from_schema(str(db_path), str(COLLECTIONS)).close()
    assert user_tables(db_path) == [
        "Collection",
        "Collection_set_tags",
        "Collection_time_series_data",
        "Collection_time_series_files",
        "Collection_vector_values",
        "Configuration",
        "sqlite_sequence",
    ]
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM Configuration").fetchone()[0] == 0
    finally:
        con.close()


def test_user_version_set_by_the_schema_is_committed(tmp_path):
    schema = write(tmp_path, CONFIGURATION + "PRAGMA user_version = 5;\n")
    db_path = tmp_path / "v.db"
    with Database.from_schema(str(db_path), schema) as db:
        assert db.current_version() == 5
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 5
    finally:
        con.close()


def test_foreign_keys_are_enforced(tmp_path):
    with Database.from_schema(":memory:", str(COLLECTIONS)) as db:
        assert db.query_integer("PRAGMA foreign_keys") == 1


def test_text_after_a_nul_byte_is_ignored(tmp_path):
    schema = write(tmp_path, BASIC.read_bytes() + b"\0 this is not SQL (")
    with Database.from_schema(":memory:", schema) as db:
        assert db.list_scalar_attributes("Configuration")


# ---- step 1: the schema file must exist ----


def test_missing_schema_touches_nothing(tmp_path):
    db_path = tmp_path / "keep.db"
    db_path.write_bytes(b"precious")
    missing = str(tmp_path / "nonexistent" / "schema.sql")
    assert failure(str(db_path), missing) == f"Schema file not found: {missing}"
    assert db_path.read_bytes() == b"precious"


def test_empty_schema_path():
    assert failure(":memory:", "") == "Schema file not found: "


# ---- steps 2-3: replacing and opening the database file ----


def test_replaces_an_existing_database(tmp_path):
    db_path = tmp_path / "x.db"
    Database.from_schema(str(db_path), str(COLLECTIONS)).close()
    con = sqlite3.connect(db_path)
    con.execute("INSERT INTO Collection (label) VALUES ('old')")
    con.commit()
    con.close()
    with Database.from_schema(str(db_path), str(BASIC)) as db:
        with pytest.raises(QuiverError, match="collection not found: Collection"):
            db.list_scalar_attributes("Collection")
    assert user_tables(db_path) == ["Configuration"]


def test_replaces_a_file_that_is_not_a_database(tmp_path):
    db_path = tmp_path / "junk.db"
    db_path.write_bytes(b"not a database at all" * 100)
    with Database.from_schema(str(db_path), str(BASIC)) as db:
        assert db.is_healthy() is True


def test_stale_side_files_are_removed(tmp_path):
    db_path = tmp_path / "x.db"
    for suffix in ("-wal", "-shm", "-journal"):
        (tmp_path / f"x.db{suffix}").write_bytes(b"stale garbage from an old database")
    with Database.from_schema(str(db_path), str(BASIC)) as db:
        assert db.list_scalar_attributes("Configuration")
    for suffix in ("-wal", "-shm", "-journal"):
        side = tmp_path / f"x.db{suffix}"
        assert not side.exists() or side.read_bytes() != b"stale garbage from an old database"
    assert user_tables(db_path) == ["Configuration"]


def test_empty_directory_at_db_path_is_refused(tmp_path):
    # upstream removed it (issue 16, item 12: only a regular file is replaced)
    db_path = tmp_path / "dir.db"
    db_path.mkdir()
    assert failure(str(db_path), str(BASIC)) == f"Cannot from_schema: {db_path} exists and is not a regular file"
    assert db_path.is_dir()


def test_non_empty_directory_at_db_path(tmp_path):
    db_path = tmp_path / "full"
    db_path.mkdir()
    (db_path / "file").write_text("x")
    message = failure(str(db_path), str(BASIC))
    assert message == f"Cannot from_schema: {db_path} exists and is not a regular file"
    assert (db_path / "file").exists()


def test_missing_parent_directory(tmp_path):
    db_path = tmp_path / "no" / "such" / "dir" / "x.db"
    assert failure(str(db_path), str(BASIC)) == f"Failed to open database: unable to open database file ({db_path})"


# ---- steps 5-6: reading the schema file ----


def test_empty_schema_file(tmp_path):
    schema = write(tmp_path, "")
    assert failure(":memory:", schema) == f"Cannot apply_schema: schema file is empty: {schema}"


def test_directory_as_schema(tmp_path):
    # (quirk) a directory exists and opens, but reads as empty
    assert failure(":memory:", str(tmp_path)) == f"Cannot apply_schema: schema file is empty: {tmp_path}"


def test_whitespace_only_schema_fails_validation(tmp_path):
    schema = write(tmp_path, "  \n\t\n")
    assert (
        failure(":memory:", schema) == f"Schema validation error: Schema must have a 'Configuration' table ({schema})"
    )


# ---- step 8: executing the SQL ----


@pytest.mark.parametrize(
    ("sql", "message", "line"),
    [
        ("CREATE TABLE Configuration (id INTEGER PRIMARY KEY,);", 'Failed to execute SQL: near ")": syntax error', 1),
        (CONFIGURATION + CONFIGURATION, "Failed to execute SQL: table Configuration already exists", 2),
        (
            "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, d DATE_TIME) STRICT;",
            'Failed to execute SQL: unknown datatype for Configuration.d: "DATE_TIME"',
            1,
        ),
        ("BEGIN;\n" + CONFIGURATION, "Failed to execute SQL: cannot start a transaction within a transaction", 1),
        (
            "PRAGMA journal_mode = WAL;\n" + CONFIGURATION,
            "Failed to execute SQL: cannot change into wal mode from within a transaction",
            1,
        ),
        (CONFIGURATION + "INSERT INTO Nowhere VALUES (1);", "Failed to execute SQL: no such table: Nowhere", 2),
    ],
)
def test_sql_errors(tmp_path, sql, message, line):
    # upstream's text, then where: the schema file and the line of the failing statement
    schema = write(tmp_path, sql)
    assert failure(str(tmp_path / "e.db"), schema) == f"{message} ({schema}, line {line})"


def test_commit_inside_the_schema_file(tmp_path):
    # (quirk) the file's COMMIT ends the transaction early: its tables stay, the final commit fails
    db_path = tmp_path / "c.db"
    schema = write(tmp_path, CONFIGURATION + "COMMIT;\n")
    message = failure(str(db_path), schema)
    assert message == "Failed to commit transaction: cannot commit - no transaction is active"
    assert not db_path.exists()  # built beside db_path and removed (upstream left the tables in it)


# ---- steps 9-11: a failed schema leaves nothing behind ----


@pytest.mark.parametrize(
    "sql",
    [
        # validation error after many tables were created
        (VALID / "collections.sql")
        .read_text()
        .replace("label TEXT UNIQUE NOT NULL,\n    some_integer", "label TEXT NOT NULL,\n    some_integer"),
        # SQL error in the middle of the file
        CONFIGURATION + "CREATE TABLE Items (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\nSELEC 1;",
        # load error
        CONFIGURATION + "CREATE TABLE Items (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, x BLOB);",
    ],
)
def test_failed_schema_keeps_the_older_database(tmp_path, sql):
    # upstream deleted the older database first and left an empty file (issue 16, item 12)
    db_path = tmp_path / "f.db"
    Database.from_schema(str(db_path), str(COLLECTIONS)).close()  # an older database at the same path
    before = user_tables(db_path)
    with pytest.raises(QuiverError):
        Database.from_schema(str(db_path), write(tmp_path, sql))
    assert user_tables(db_path) == before != []


# ---- Python and C argument handling ----


@pytest.mark.parametrize(("db_path", "schema_path"), [(None, str(BASIC)), (":memory:", None), (1, str(BASIC))])
def test_non_str_arguments(db_path, schema_path):
    with pytest.raises(TypeError):
        Database.from_schema(db_path, schema_path)


def test_c_null_arguments_in_order():
    out = ffi.new("quiver_database_t **")
    assert lib.quiver_database_from_schema(ffi.NULL, ffi.NULL, ffi.NULL, ffi.NULL) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: db_path"
    assert lib.quiver_database_from_schema(b":memory:", ffi.NULL, ffi.NULL, out) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: schema_path"
    assert lib.quiver_database_from_schema(b":memory:", str(BASIC).encode(), ffi.NULL, ffi.NULL) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: out_db"


def test_c_null_options_means_defaults_and_failure_leaves_out_db_unwritten(tmp_path):
    out = ffi.new("quiver_database_t **")
    assert lib.quiver_database_from_schema(b":memory:", str(BASIC).encode(), ffi.NULL, out) == lib.QUIVER_OK
    assert out[0] != ffi.NULL
    assert lib.quiver_database_close(out[0]) == lib.QUIVER_OK
    out[0] = ffi.NULL
    assert lib.quiver_database_from_schema(b":memory:", b"", ffi.NULL, out) == lib.QUIVER_ERROR
    assert last_error() == "Schema file not found: "
    assert out[0] == ffi.NULL


@pytest.mark.parametrize("in_memory", [True, False])
def test_c_read_only_is_refused_before_anything_is_deleted(tmp_path, in_memory):
    db_path = ":memory:" if in_memory else str(tmp_path / "keep.db")
    if not in_memory:
        Path(db_path).write_bytes(b"precious")
    options = ffi.new("quiver_database_options_t *", lib.quiver_database_options_default())
    options.read_only = 1
    out = ffi.new("quiver_database_t **")
    assert lib.quiver_database_from_schema(db_path.encode(), str(BASIC).encode(), options, out) == lib.QUIVER_ERROR
    assert last_error() == "Cannot from_schema: read_only mode (use Database constructor to open existing)"
    assert out[0] == ffi.NULL
    if not in_memory:
        assert Path(db_path).read_bytes() == b"precious"


def test_empty_db_path_is_a_private_temporary_database():
    with Database.from_schema("", str(BASIC)) as db:
        assert db.path() == ""
        assert [m.name for m in db.list_scalar_attributes("Configuration")][:2] == [
            "boolean_attribute",
            "date_attribute",
        ]

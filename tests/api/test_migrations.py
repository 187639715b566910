"""from_migrations and current_version (docs/reference/migrations.md)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from quiverdb import Database, QuiverError
from quiverdb._c_api import ffi, lib
from support.paths import SCHEMAS
from support.platform import needs_symlinks

MIGRATIONS = SCHEMAS / "migrations"
MIGRATION_SETS = SCHEMAS / "migration_sets"

CONFIGURATION = "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;"


def make(root: Path, migrations: dict[str, str | None]) -> Path:
    """Create ``root/<name>/up.sql`` per entry (``None``: directory without up.sql)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, up in migrations.items():
        (root / name).mkdir()
        if up is not None:
            (root / name / "up.sql").write_text(up, encoding="utf-8")
    return root


def table(name: str) -> str:
    return f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;"


def tables(db: Database) -> list[str]:
    text = db.query_string(
        "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name)"
    )
    return text.split(",") if text else []


# ---- the upstream test set (§6, §7 items 11-14, 21) ----


def test_fresh_database_version_is_zero() -> None:
    with Database.open(":memory:") as db:
        assert db.current_version() == 0


def test_schema_built_database_version(db: Database) -> None:
    version = db.current_version()
    assert type(version) is int and version == 0


def test_applies_all_migrations_to_a_file(tmp_path: Path) -> None:
    path = str(tmp_path / "test.db")
    db = Database.from_migrations(path, str(MIGRATIONS))
    try:
        assert db.current_version() == 3
        assert db.is_healthy() is True
        assert tables(db) == ["Configuration", "Test1", "Test3"]
    finally:
        db.close()
    with Database.open(path) as again:
        assert again.current_version() == 3


def test_applies_all_migrations_in_memory() -> None:
    with Database.from_migrations(":memory:", str(MIGRATIONS)) as db:
        assert db.current_version() == 3
        assert tables(db) == ["Configuration", "Test1", "Test3"]


def test_existing_file_is_kept_and_nothing_reapplied(tmp_path: Path) -> None:
    path = str(tmp_path / "test.db")
    with Database.from_migrations(path, str(MIGRATIONS)) as db:
        db.query_integer("INSERT INTO Test1 (label, name) VALUES ('a', 'kept')")
    with Database.from_migrations(path, str(MIGRATIONS)) as db:
        assert db.current_version() == 3
        assert db.query_string("SELECT name FROM Test1 WHERE label = 'a'") == "kept"


def test_only_pending_migrations_run(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": CONFIGURATION, "2": table("Two")})
    path = str(tmp_path / "x.db")
    with Database.from_migrations(path, str(root)) as db:
        assert db.current_version() == 2
    # migration 3 is new; 1 and 2 would fail if run again (tables exist)
    make(root, {"3": table("Three")})
    with Database.from_migrations(path, str(root)) as db:
        assert db.current_version() == 3
        assert tables(db) == ["Configuration", "Three", "Two"]


def test_version_above_every_migration_is_not_downgraded(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": CONFIGURATION})
    path = str(tmp_path / "x.db")
    with Database.from_migrations(path, str(root)) as db:
        db.query_integer("PRAGMA user_version = 7")
    with Database.from_migrations(path, str(root)) as db:
        assert db.current_version() == 7


def test_elements_can_be_created_after_migrating(tmp_path: Path) -> None:
    path = str(tmp_path / "x.db")
    with Database.from_migrations(path, str(MIGRATIONS)) as db:
        first = db.create_element("Test1", label="One", name="first")
        third = db.create_element("Test3", label="Three", capacity=5, some_other_coefficient=0.5)
        assert db.read_scalar_string_by_id("Test1", "name", first) == "first"
        assert db.read_scalar_integer_by_id("Test3", "capacity", third) == 5
    with Database.from_migrations(path, str(MIGRATIONS)) as db:  # reopened: nothing pending
        assert db.read_scalar_strings("Test1", "label") == ["One"]
        with pytest.raises(QuiverError, match="collection not found: Test2"):
            db.create_element("Test2", label="gone")


# ---- path errors (§4 step 1, §7 item 14) ----


@pytest.mark.parametrize("target", [":memory:", "file"])
def test_missing_migrations_path(tmp_path: Path, target: str) -> None:
    db_path = ":memory:" if target == ":memory:" else str(tmp_path / "x.db")
    missing = str(tmp_path / "nope")
    with pytest.raises(QuiverError, match=f"^Migrations path not found: {re.escape(str(missing))}$"):
        Database.from_migrations(db_path, missing)
    assert not (tmp_path / "x.db").exists()


def test_empty_migrations_path_string(tmp_path: Path) -> None:
    with pytest.raises(QuiverError, match="^Migrations path not found: $"):
        Database.from_migrations(":memory:", "")


def test_migrations_path_is_a_file(tmp_path: Path) -> None:
    file = tmp_path / "file.sql"
    file.write_text("SELECT 1;")
    with pytest.raises(QuiverError, match=f"^Cannot migrate_up: path is not a directory: {re.escape(str(file))}$"):
        Database.from_migrations(str(tmp_path / "x.db"), str(file))
    assert not (tmp_path / "x.db").exists()


# ---- directory discovery (§2.1, §7 items 17-18) ----


def test_non_numeric_directories_only(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"abc": CONFIGURATION, "not_a_number": CONFIGURATION})
    with Database.from_migrations(":memory:", str(root)) as db:
        assert db.current_version() == 0
        assert tables(db) == []


def test_ignored_names_mixed_with_valid_ones(tmp_path: Path) -> None:
    bad = "THIS IS NOT VALID SQL AT ALL;"
    root = make(
        tmp_path / "m",
        {
            "1": CONFIGURATION,
            "2": table("Two"),
            "abc": bad,
            "not_a_number": bad,
            "0": bad,
            "-3": bad,
            "1a": bad,
            "4 ": bad,
            "99999999999999999999": bad,
        },
    )
    (root / "5").write_text("a file, not a directory")
    with Database.from_migrations(":memory:", str(root)) as db:
        assert db.current_version() == 2


def test_leading_zeros_gaps_and_numeric_order(tmp_path: Path) -> None:
    # 10 depends on 9: a text sort would run 10 first and fail
    root = make(
        tmp_path / "m",
        {
            "01": CONFIGURATION,
            "9": table("Nine"),
            "10": "CREATE TABLE Ten (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL,"
            " nine_id INTEGER REFERENCES Nine(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT; INSERT INTO Nine (label) VALUES ('n');",
        },
    )
    with Database.from_migrations(":memory:", str(root)) as db:
        assert db.current_version() == 10
        assert tables(db) == ["Configuration", "Nine", "Ten"]


@needs_symlinks
def test_symlinked_directory_counts(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": CONFIGURATION})
    make(tmp_path / "elsewhere", {"two": table("Two")})
    os.symlink(tmp_path / "elsewhere" / "two", root / "2")
    with Database.from_migrations(":memory:", str(root)) as db:
        assert db.current_version() == 2
        assert "Two" in tables(db)


# ---- applying (§4 step 7, §7 items 15-16) ----


def test_empty_up_sql_fails(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": ""})
    with pytest.raises(QuiverError, match="^Cannot migrate_up: migration 1 has no up.sql file$"):
        Database.from_migrations(":memory:", str(root))


def test_missing_up_sql_keeps_earlier_migrations(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": CONFIGURATION, "2": None})
    path = str(tmp_path / "x.db")
    with pytest.raises(QuiverError, match="^Cannot migrate_up: migration 2 has no up.sql file$"):
        Database.from_migrations(path, str(root))
    with Database.open(path) as db:
        assert db.current_version() == 1
        assert tables(db) == ["Configuration"]


def test_invalid_sql_rolls_back_that_migration(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": CONFIGURATION, "2": table("Two") + "\nTHIS IS NOT VALID SQL AT ALL;"})
    path = str(tmp_path / "x.db")
    with pytest.raises(QuiverError) as e:
        Database.from_migrations(path, str(root))
    # upstream's text, then the migration file and the line of the failing statement
    assert str(e.value) == (
        'Failed to migrate_up: migration 2: Failed to execute SQL: near "THIS": syntax error'
        f" ({root / '2' / 'up.sql'}, line 2)"
    )
    with Database.open(path) as db:
        assert db.current_version() == 1
        assert tables(db) == ["Configuration"]  # Two was rolled back with its migration


def test_whitespace_only_up_sql_is_a_no_op(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": CONFIGURATION, "2": "  \n\t"})
    with Database.from_migrations(":memory:", str(root)) as db:
        assert db.current_version() == 2


def test_runner_sets_user_version(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": "PRAGMA user_version = 99;\n" + CONFIGURATION})
    with Database.from_migrations(":memory:", str(root)) as db:
        assert db.current_version() == 1


def test_down_sql_is_never_run(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": CONFIGURATION})
    (root / "1" / "down.sql").write_text("DROP TABLE Configuration;")
    with Database.from_migrations(":memory:", str(root)) as db:
        assert tables(db) == ["Configuration"]


@pytest.mark.parametrize("statement", ["BEGIN;", "COMMIT;", "END;", "ROLLBACK;", "BEGIN IMMEDIATE;"])
def test_transaction_statements_in_up_sql_are_refused(tmp_path: Path, statement: str) -> None:
    root = make(tmp_path / "m", {"1": CONFIGURATION, "2": table("Two") + "\n" + statement + "\n" + table("Other")})
    path = str(tmp_path / "x.db")
    with pytest.raises(QuiverError, match="^Failed to migrate_up: migration 2: up.sql must not contain transaction"):
        Database.from_migrations(path, str(root))
    with Database.open(path) as db:
        assert db.current_version() == 1
        assert tables(db) == ["Configuration"]


def test_savepoints_inside_up_sql_are_allowed(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": "SAVEPOINT s; " + CONFIGURATION + " RELEASE s;"})
    with Database.from_migrations(":memory:", str(root)) as db:
        assert db.current_version() == 1


def test_version_beyond_user_version_range(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": CONFIGURATION, "3000000000": table("Big")})
    path = str(tmp_path / "x.db")
    with pytest.raises(QuiverError, match="^Cannot migrate_up: migration 3000000000: version exceeds"):
        Database.from_migrations(path, str(root))
    with Database.open(path) as db:
        assert db.current_version() == 0  # checked before anything ran


# ---- validation (quirk fixed: never migrated-but-invalid) ----


def test_invalid_final_schema_is_rolled_back(tmp_path: Path) -> None:
    root = make(tmp_path / "m", {"1": CONFIGURATION, "2": table("Two"), "3": "DROP TABLE Configuration;"})
    path = str(tmp_path / "x.db")
    with pytest.raises(QuiverError, match="^Failed to migrate_up: migration 3: Schema validation error: "):
        Database.from_migrations(path, str(root))
    with Database.open(path) as db:
        assert db.current_version() == 2
        assert tables(db) == ["Configuration", "Two"]
    # a later migration that keeps the schema valid applies cleanly
    (root / "3" / "up.sql").write_text(table("Three"))
    with Database.from_migrations(path, str(root)) as db:
        assert db.current_version() == 3


def test_invalid_intermediate_schema_is_allowed(tmp_path: Path) -> None:
    # only the final schema must be valid: migration 1 has no Configuration yet
    root = make(tmp_path / "m", {"1": table("First"), "2": CONFIGURATION})
    with Database.from_migrations(":memory:", str(root)) as db:
        assert db.current_version() == 2


def test_invalid_schema_with_nothing_pending(tmp_path: Path) -> None:
    path = str(tmp_path / "x.db")
    (tmp_path / "x.db").touch()
    with Database.open(path) as db:
        db.query_integer("CREATE TABLE Lonely (id INTEGER PRIMARY KEY)")
        db.query_integer("PRAGMA user_version = 5")
    root = make(tmp_path / "m", {"1": CONFIGURATION})
    with pytest.raises(QuiverError, match="^Schema validation error: "):
        Database.from_migrations(path, str(root))


def test_time_series_and_set_groups_migrate(tmp_path: Path) -> None:
    with Database.from_migrations(str(tmp_path / "x.db"), str(MIGRATION_SETS / "time_series_and_set_groups")) as db:
        assert db.current_version() == 1
        assert "Collection_time_series_some_time_series" in tables(db)
        item = db.create_element("Collection", label="Item 1", date_time=["2024-01-01", "2024-01-02"], value=[1.5, 2.5])
        rows = db.read_time_series_group("Collection", "some_time_series", item)
        assert [r["value"] for r in rows] == [1.5, 2.5]


# ---- read-only ----


def test_read_only_with_pending_migration(tmp_path: Path) -> None:
    path = str(tmp_path / "x.db")
    (tmp_path / "x.db").touch()
    with pytest.raises(QuiverError, match=r"^Cannot migrate_up: database is read-only \(migration 1 is pending\)$"):
        Database.from_migrations(path, str(MIGRATIONS), read_only=True)


def test_read_only_with_nothing_pending(tmp_path: Path) -> None:
    path = str(tmp_path / "x.db")
    Database.from_migrations(path, str(MIGRATIONS)).close()
    with Database.from_migrations(path, str(MIGRATIONS), read_only=True) as db:
        assert db.current_version() == 3
        assert tables(db) == ["Configuration", "Test1", "Test3"]


# ---- C API (§7 item 19) ----


def test_c_null_arguments() -> None:
    out = ffi.new("quiver_database_t **")
    m = str(MIGRATIONS).encode()
    assert lib.quiver_database_from_migrations(ffi.NULL, m, ffi.NULL, out) == lib.QUIVER_ERROR
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: db_path"
    assert lib.quiver_database_from_migrations(b":memory:", ffi.NULL, ffi.NULL, out) == lib.QUIVER_ERROR
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: migrations_path"
    assert lib.quiver_database_from_migrations(b":memory:", m, ffi.NULL, ffi.NULL) == lib.QUIVER_ERROR
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: out_db"


def test_c_default_options_and_missing_path(tmp_path: Path) -> None:
    out = ffi.new("quiver_database_t **")
    assert lib.quiver_database_from_migrations(b":memory:", str(MIGRATIONS).encode(), ffi.NULL, out) == lib.QUIVER_OK
    version = ffi.new("int64_t *")
    assert lib.quiver_database_current_version(out[0], version) == lib.QUIVER_OK and version[0] == 3
    lib.quiver_database_close(out[0])
    out2 = ffi.new("quiver_database_t **")
    assert (
        lib.quiver_database_from_migrations(b":memory:", str(tmp_path / "no-such-dir").encode(), ffi.NULL, out2)
        == lib.QUIVER_ERROR
    )
    assert out2[0] == ffi.NULL  # not written on failure


def test_configuration_without_label_fails_and_rolls_back(tmp_path: Path) -> None:
    with pytest.raises(QuiverError, match="Failed to migrate_up: migration 1: Schema validation error: .*label"):
        Database.from_migrations(":memory:", str(MIGRATION_SETS / "configuration_without_label"))
    path = str(tmp_path / "x.db")
    with pytest.raises(QuiverError, match="label"):
        Database.from_migrations(path, str(MIGRATION_SETS / "configuration_without_label"))
    with Database.open(path) as db:  # rolled back: not migrated-but-invalid
        assert db.current_version() == 0
        assert tables(db) == []


def test_migrated_schema_is_loaded(tmp_path: Path) -> None:
    with Database.from_migrations(str(tmp_path / "x.db"), str(MIGRATIONS)) as db:
        names = [m.name for m in db.list_scalar_attributes("Test1")]
        assert {"id", "label", "name"} <= set(names)
        assert [m.name for m in db.list_scalar_attributes("Test3")] == [
            "capacity",
            "id",
            "label",
            "some_other_coefficient",
        ]

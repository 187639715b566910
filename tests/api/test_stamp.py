"""Database.stamp: baseline a database made by from_schema at a migration version, so that
from_migrations applies only the later migrations (docs/migrations.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quiverdb import Database, LuaRunner, QuiverError

CONFIGURATION = "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;"
PLANT = "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;"
RANGE = "Cannot stamp: version must be between 0 and 2147483647, got "


def migrations(root: Path) -> Path:
    """1: Configuration, 2: Plant, 3: Plant.capacity."""
    for n, sql in {1: CONFIGURATION, 2: PLANT, 3: "ALTER TABLE Plant ADD COLUMN capacity REAL;"}.items():
        (root / str(n)).mkdir(parents=True)
        (root / str(n) / "up.sql").write_text(sql, encoding="utf-8")
    return root


def test_a_stamped_schema_database_gets_only_the_later_migrations(tmp_path: Path) -> None:
    steps = migrations(tmp_path / "migrations")
    schema = tmp_path / "schema.sql"
    schema.write_text(CONFIGURATION + PLANT, encoding="utf-8")  # what migrations 1 and 2 build
    path = str(tmp_path / "study.db")
    with Database.from_schema(path, str(schema)) as db:
        db.create_element("Plant", label="Plant A")
        db.stamp(2)
        assert db.current_version() == 2
    with Database.open(path) as db:
        assert db.current_version() == 2  # recorded in the file
    with Database.from_migrations(path, str(steps)) as db:
        assert db.current_version() == 3
        db.update_element("Plant", 1, capacity=350.0)
        assert db.read_scalar_floats("Plant", "capacity") == [350.0]


def test_without_a_stamp_migration_1_runs_again_and_fails_leaving_the_file_as_it_was(tmp_path: Path) -> None:
    steps = migrations(tmp_path / "migrations")
    schema = tmp_path / "schema.sql"
    schema.write_text(CONFIGURATION + PLANT, encoding="utf-8")
    path = str(tmp_path / "study.db")
    Database.from_schema(path, str(schema)).close()
    with pytest.raises(QuiverError) as e:
        Database.from_migrations(path, str(steps))
    assert str(e.value) == (
        "Failed to migrate_up: migration 1: Failed to execute SQL: table Configuration already exists"
        f" ({steps / '1' / 'up.sql'}, line 1)"
    )
    with Database.open(path) as db:
        assert db.current_version() == 0


@pytest.mark.parametrize("version", [-1, 2**31, 2**63, -(2**64)])
def test_a_version_out_of_range_is_refused(db: Database, version: int) -> None:
    with pytest.raises(QuiverError) as e:
        db.stamp(version)
    assert str(e.value) == RANGE + str(version)
    assert db.current_version() == 0


@pytest.mark.parametrize("version", [True, 3.0, "3", None])
def test_a_version_that_is_not_an_int_is_a_type_error(db: Database, version: object) -> None:
    with pytest.raises(TypeError, match="version must be int"):
        db.stamp(version)  # type: ignore[arg-type]


def test_the_bounds_are_accepted_and_a_version_may_go_down(db: Database) -> None:
    db.stamp(2**31 - 1)
    assert db.current_version() == 2**31 - 1
    db.stamp(0)
    assert db.current_version() == 0


def test_a_read_only_database_is_refused(tmp_path: Path, db: Database) -> None:
    path = db.path()
    db.close()
    with Database.open(path, read_only=True) as ro:
        with pytest.raises(QuiverError) as e:
            ro.stamp(1)
        assert str(e.value) == "Cannot stamp: database is read-only"
        assert ro.current_version() == 0


def test_inside_a_transaction_it_is_part_of_it(db: Database) -> None:
    with pytest.raises(RuntimeError):
        with db.transaction():
            db.stamp(4)
            assert db.current_version() == 4
            raise RuntimeError("undo")
    assert db.current_version() == 0
    with db.transaction():
        db.stamp(5)
    assert db.current_version() == 5


def test_a_closed_database_is_refused(db: Database) -> None:
    db.close()
    with pytest.raises(QuiverError, match="closed"):
        db.stamp(1)


def test_lua_and_the_command_line_can_stamp(tmp_path: Path, db: Database) -> None:
    with LuaRunner(db) as lua:
        assert lua.run("db:stamp(3); return db:current_version()") == 3
        with pytest.raises(QuiverError) as e:
            lua.run("db:stamp(-1)")
        assert RANGE + "-1" in str(e.value)
    path = db.path()
    db.close()
    done = subprocess.run(
        [sys.executable, "-m", "quiverdb", path, "-e", "db:stamp(4)"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    with Database.open(path) as again:
        assert again.current_version() == 4

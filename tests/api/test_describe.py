"""The describe report (docs/reference/database-api.md 2.4): printed to file descriptor 1 by the C++ runtime."""

from __future__ import annotations

from quiverdb import Database
from support.paths import VALID


def report(capfd, db: Database) -> str:
    capfd.readouterr()
    assert db.describe() is None
    return capfd.readouterr().out


def test_collections_report(capfd, collections_db):
    assert report(capfd, collections_db) == (
        f"Database: {collections_db.path()}\n"
        "Version: 0\n"
        "\n"
        "Collection: Collection\n"
        "  Scalars:\n"
        "    - id (INTEGER) PRIMARY KEY\n"
        "    - label (TEXT) NOT NULL\n"
        "    - some_integer (INTEGER)\n"
        "    - some_float (REAL)\n"
        "  Vectors:\n"
        "    - values: value_int(INTEGER), value_float(REAL)\n"
        "  Sets:\n"
        "    - tags: tag(TEXT)\n"
        "  Time Series:\n"
        "    - data: [date_time], value(REAL)\n"
        "\n"
        "Collection: Configuration\n"
        "  Scalars:\n"
        "    - id (INTEGER) PRIMARY KEY\n"
        "    - label (TEXT) NOT NULL\n"
    )


def test_multi_group_report(capfd, describe_db):
    out = report(capfd, describe_db)
    assert out == (
        f"Database: {describe_db.path()}\n"
        "Version: 0\n"
        "\n"
        "Collection: Configuration\n"
        "  Scalars:\n"
        "    - id (INTEGER) PRIMARY KEY\n"
        "    - label (TEXT) NOT NULL\n"
        "\n"
        "Collection: Items\n"
        "  Scalars:\n"
        "    - id (INTEGER) PRIMARY KEY\n"
        "    - label (TEXT) NOT NULL\n"
        "    - priority (INTEGER)\n"
        "    - weight (REAL)\n"
        "  Vectors:\n"
        "    - scores: score(INTEGER)\n"
        "    - values: amount(REAL)\n"
        "  Sets:\n"
        "    - categories: category(TEXT)\n"
        "    - tags: tag(TEXT)\n"
        "  Time Series:\n"
        "    - data: [date_time], value(REAL), count(INTEGER)\n"
        "    - metrics: [date_recorded], temperature(REAL)\n"
    )
    for header in ("  Vectors:\n", "  Sets:\n", "  Time Series:\n"):
        assert out.count(header) == 1


def test_basic_report_has_no_group_headers(capfd, db):
    out = report(capfd, db)
    assert out.endswith(
        "\nCollection: Configuration\n"
        "  Scalars:\n"
        "    - id (INTEGER) PRIMARY KEY\n"
        "    - label (TEXT) NOT NULL\n"
        "    - integer_attribute (INTEGER)\n"
        "    - float_attribute (REAL)\n"
        "    - string_attribute (TEXT)\n"
        "    - date_attribute (DATE_TIME)\n"
        "    - boolean_attribute (INTEGER)\n"
    )
    for header in ("Vectors:", "Sets:", "Time Series:"):
        assert header not in out


def test_relations_report_lists_foreign_key_columns_in_groups(capfd, relations_db):
    out = report(capfd, relations_db)
    assert (
        "  Sets:\n"
        "    - mentors: mentor_id(INTEGER)\n"
        "    - parents: parent_ref(INTEGER)\n"
        "    - scores: score(INTEGER)\n"
        "  Time Series:\n"
        "    - events: [date_time], sponsor_id(INTEGER)\n"
    ) in out


def test_version_and_configuration_groups(capfd, tmp_path):
    schema = tmp_path / "s.sql"
    schema.write_text((VALID / "less_common_features.sql").read_text() + "\nPRAGMA user_version = 7;\n")
    with Database.from_schema(str(tmp_path / "f.db"), str(schema)) as db:
        out = report(capfd, db)
    assert out.startswith(f"Database: {tmp_path / 'f.db'}\nVersion: 7\n\nCollection: Configuration\n")
    assert (
        "    - mode (TEXT) NOT NULL\n"
        "  Vectors:\n"
        "    - weights: weight(REAL)\n"
        "  Sets:\n"
        "    - flags: flag(TEXT)\n"
        "\n"
        "Collection: Plant\n"
    ) in out
    # views are not collections, files tables are not groups, generated columns are hidden
    assert "PlantSummary" not in out
    assert "output_file" not in out
    assert "capacity_mw" not in out


def test_no_schema_loaded(capfd, tmp_path):
    path = str(tmp_path / "empty.db")
    (tmp_path / "empty.db").touch()
    with Database.open(path) as db:
        assert report(capfd, db) == f"Database: {path}\nVersion: 0\n\nNo schema loaded.\n"


def test_describe_after_close_raises(tmp_path):
    import pytest

    from quiverdb import QuiverError

    db = Database.from_schema(":memory:", str(VALID / "basic.sql"))
    db.close()
    with pytest.raises(QuiverError, match="closed"):
        db.describe()


def test_c_describe_null_argument():
    from quiverdb._c_api import ffi, last_error, lib

    assert lib.quiver_database_describe(ffi.NULL) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: db"

"""Errors that say what and where (docs/compatibility.md, "constraint failures", "unknown
collection or attribute", "schema errors"): the upstream text stays the message's prefix and a
detail names the collection, the attribute and the offending value or id. A failed call writes
nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quiverdb import Database, LuaRunner, QuiverError

PLANTS = """\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Region (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Plant (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL,
    code TEXT UNIQUE,
    capacity REAL,
    region_id INTEGER,
    FOREIGN KEY (region_id) REFERENCES Region(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;
CREATE TABLE Plant_set_tags (
    id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    UNIQUE (id, tag),
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;
CREATE TABLE Plant_time_series_generation (
    id INTEGER NOT NULL,
    date_time TEXT NOT NULL,
    mwh REAL,
    PRIMARY KEY (id, date_time),
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;
"""

EXECUTE = "Failed to execute statement: "


@pytest.fixture
def plants(tmp_path: Path) -> Iterator[Database]:
    schema = tmp_path / "plants.sql"
    schema.write_text(PLANTS)
    db = Database.from_schema(str(tmp_path / "plants.db"), str(schema))
    db.create_element("Region", label="north")
    db.create_element("Plant", label="p1", code="A", region_id=1)
    try:
        yield db
    finally:
        db.close()


def message_of(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(QuiverError) as info:
        call()
    return str(info.value)


def test_duplicate_label_names_the_value_and_the_element_holding_it(plants: Database) -> None:
    assert message_of(lambda: plants.create_element("Plant", label="p1")) == (
        EXECUTE + "UNIQUE constraint failed: Plant.label (Plant 'label' = 'p1' is already used by element 1)"
    )
    assert plants.read_element_ids("Plant") == [1]


def test_duplicate_unique_attribute_on_update(plants: Database) -> None:
    plants.create_element("Plant", label="p2", code="B")
    assert message_of(lambda: plants.update_element("Plant", 2, code="A")) == (
        EXECUTE + "UNIQUE constraint failed: Plant.code (Plant 'code' = 'A' is already used by element 1)"
    )
    assert plants.read_scalar_strings("Plant", "code") == ["A", "B"]


def test_a_long_value_is_shown_cut(plants: Database) -> None:
    long_label = "é" * 1000  # 2000 bytes of UTF-8
    plants.create_element("Plant", label=long_label)
    message = message_of(lambda: plants.create_element("Plant", label=long_label))
    assert message == (
        EXECUTE + "UNIQUE constraint failed: Plant.label"
        f" (Plant 'label' = '{'é' * 30}...' (2000 bytes) is already used by element 2)"
    )


def test_missing_relation_target_names_attribute_and_id(plants: Database) -> None:
    assert message_of(lambda: plants.create_element("Plant", label="p2", region_id=7)) == (
        EXECUTE + "FOREIGN KEY constraint failed (Plant 'region_id' = 7: no Region has id 7)"
    )
    assert message_of(lambda: plants.update_element("Plant", 1, region_id=5)) == (
        EXECUTE + "FOREIGN KEY constraint failed (Plant 'region_id' = 5: no Region has id 5)"
    )
    assert plants.read_scalar_integers("Plant", "region_id") == [1]


def test_group_write_to_a_missing_element_names_the_id(plants: Database) -> None:
    assert message_of(lambda: plants.update_element("Plant", 77, tag=["x"])) == (
        EXECUTE + "FOREIGN KEY constraint failed (no Plant has id 77)"
    )
    rows = [{"date_time": "2020-01-01", "mwh": 1.0}]
    assert message_of(lambda: plants.update_time_series_group("Plant", "generation", 77, rows)) == (
        EXECUTE + "FOREIGN KEY constraint failed (no Plant has id 77)"
    )
    assert message_of(lambda: plants.upsert_time_series_row("Plant", "generation", 77, rows[0])).endswith(
        "(no Plant has id 77)"
    )


def test_value_given_twice_names_the_element_and_row(plants: Database) -> None:
    assert message_of(lambda: plants.create_element("Plant", label="p2", tag=["a", "a"])) == (
        EXECUTE + "UNIQUE constraint failed: Plant_set_tags.id, Plant_set_tags.tag "
        "(new Plant 'p2': 'tag' = 'a' given more than once (row 2))"
    )
    assert plants.read_element_ids("Plant") == [1]  # the new element is rolled back with its rows
    plants.update_element("Plant", 1, tag=["keep"])
    assert message_of(lambda: plants.update_element("Plant", 1, tag=["x", "y", "x"])) == (
        EXECUTE + "UNIQUE constraint failed: Plant_set_tags.id, Plant_set_tags.tag "
        "(Plant element 1: 'tag' = 'x' given more than once (row 3))"
    )
    assert plants.read_set_strings_by_id("Plant", "tag", 1) == ["keep"]


def test_time_series_dimension_given_twice(plants: Database) -> None:
    rows = [{"date_time": "2020-01-01", "mwh": 1.0}, {"date_time": "2020-01-01", "mwh": 2.0}]
    assert message_of(lambda: plants.update_time_series_group("Plant", "generation", 1, rows)) == (
        EXECUTE + "UNIQUE constraint failed: Plant_time_series_generation.id, Plant_time_series_generation.date_time "
        "(Plant element 1: 'date_time' = '2020-01-01' given more than once (row 2))"
    )
    assert plants.read_time_series_group("Plant", "generation", 1) == []


def test_missing_required_value(plants: Database) -> None:
    assert message_of(lambda: plants.create_element("Plant", label=None, code="Z")) == (
        EXECUTE + "NOT NULL constraint failed: Plant.label (new Plant element: 'label' needs a value)"
    )


def test_bulk_create_names_the_row_and_the_value(plants: Database) -> None:
    rows = [{"label": "p2", "region_id": 1}, {"label": "p3", "region_id": 9}]
    assert message_of(lambda: plants.create_elements("Plant", rows)) == (
        "Cannot create_elements: element 1: "
        + EXECUTE
        + "FOREIGN KEY constraint failed (Plant 'region_id' = 9: no Region has id 9)"
    )
    assert plants.read_element_ids("Plant") == [1]  # all or nothing


def test_unknown_collection_suggests_the_closest_name(collections_db: Database) -> None:
    assert message_of(lambda: collections_db.create_element("Colection", label="x")) == (
        "Cannot create_element: collection not found: Colection (did you mean 'Collection'?)"
    )
    assert message_of(lambda: collections_db.read_scalar_strings("collections", "label")).startswith(
        "Cannot read_scalar_strings: collection not found: collections (did you mean 'Collection'?)"
    )
    # a name far from every collection gets no guess
    assert message_of(lambda: collections_db.read_element_ids("Plant")) == (
        "Cannot read_element_ids: collection not found: Plant"
    )


def test_unknown_attribute_suggests_the_closest_column(plants: Database) -> None:
    assert message_of(lambda: plants.read_scalar_floats("Plant", "capacty")) == (
        "Cannot read_scalar_floats: column 'capacty' not found in table 'Plant' (did you mean 'capacity'?)"
    )
    assert message_of(lambda: plants.create_element("Plant", label="p2", capasity=1.0)).endswith(
        "(did you mean 'capacity'?)"
    )


def test_lua_sees_the_same_details(plants: Database) -> None:
    with LuaRunner(plants) as runner:
        with pytest.raises(QuiverError, match=r"did you mean 'Plant'\?"):
            runner.run('db:create_element("Plnat", {label = "x"})')
        with pytest.raises(QuiverError, match=r"\(Plant 'label' = 'p1' is already used by element 1\)"):
            runner.run('db:create_element("Plant", {label = "p1"})')


# ---- schema errors: where, and caught at validation rather than at the first write ----


def schema_error(tmp_path: Path, sql: str) -> str:
    path = tmp_path / "study.sql"
    path.write_text(sql)
    with pytest.raises(QuiverError) as info:
        Database.from_schema(str(tmp_path / "study.db"), str(path))
    assert not (tmp_path / "study.db").exists()
    return str(info.value)


CONFIGURATION = "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"


def test_sql_error_names_file_and_line(tmp_path: Path) -> None:
    sql = CONFIGURATION + "\n-- plants\nCREATE TABLE Plant (\n    id INTEGER PRIMARY KEY,\n    label TEXT,\n) STRICT;\n"
    assert schema_error(tmp_path, sql) == (
        f'Failed to execute SQL: near ")": syntax error ({tmp_path / "study.sql"}, line 7)'
    )


PLANT = "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
TO_PLANT = "FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE"


@pytest.mark.parametrize(
    ("tables", "message", "line"),
    [
        pytest.param(
            "CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, fuel_id INTEGER,\n"
            "  FOREIGN KEY (fuel_id) REFERENCES Fuel(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;\n",
            "Foreign key 'fuel_id' in table 'Plant' references non-existent table 'Fuel'",
            2,
            id="foreign key to a missing table",
        ),
        pytest.param(
            PLANT + "CREATE TABLE Plant_time_series_generation (id INTEGER, hour INTEGER, mwh REAL,\n"
            f"  PRIMARY KEY (id, hour), {TO_PLANT}) STRICT;\n",
            "Time series table 'Plant_time_series_generation' must have a dimension column whose name starts with"
            " 'date_' (e.g. date_time TEXT NOT NULL)",
            3,
            id="time series without a date_ column",
        ),
        pytest.param(
            PLANT
            + f"CREATE TABLE Plant_timeseries_generation (id INTEGER, date_time TEXT, mwh REAL, {TO_PLANT}) STRICT;\n",
            "Invalid collection name 'Plant_timeseries_generation': collection names cannot contain underscores"
            " (did you mean 'Plant_time_series_generation'?)",
            3,
            id="misspelt group table",
        ),
    ],
)
def test_schema_mistakes_fail_when_the_schema_is_applied(tmp_path: Path, tables: str, message: str, line: int) -> None:
    # the file and the line of the CREATE TABLE at fault (line 1 is the Configuration table)
    assert schema_error(tmp_path, CONFIGURATION + tables) == (
        f"Schema validation error: {message} ({tmp_path / 'study.sql'}, line {line})"
    )

"""Injection (docs/reliability.md): collection, attribute, group and column names with quotes,
semicolons, comments and unicode never reach SQL text. For every entry point that takes a name,
each hostile name gives a QuiverError naming it and leaves the database unchanged (full dump);
query parameters are always bound, never spliced."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database, LuaRunner, QuiverError
from support.paths import VALID
from support.writes import file_dump as _dump

SCHEMA = VALID / "collections.sql"
# the file the hostile ATTACH would create if a name ever reached SQL text
EVIL = Path(tempfile.gettempdir()) / "quiver-injection-evil.db"

HOSTILE = [
    "Collection; DROP TABLE Collection; --",
    "Collection' OR '1'='1",
    'Collection" --',
    "Collection/* comment */",
    "label) VALUES (1); DELETE FROM Collection; --",
    f"x`; ATTACH DATABASE '{EVIL.as_posix()}' AS evil; --",
    "Çollection☃ 😀",
    "[Collection]",
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("injection") / "template.db"
    d = Database.from_schema(str(path), str(SCHEMA), log_level="off")
    d.create_element(
        "Collection",
        label="Item 1",
        some_integer=1,
        value_int=[1, 2],
        tag=["a"],
        date_time=["2024-01-01T00:00:00"],
        value=[1.5],
    )
    d.update_time_series_files("Collection", {"data_file": "d.csv"})
    d.close()
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "inj.db"
    shutil.copyfile(template, path)
    d = Database.open(str(path), log_level="off")
    yield d
    d.close()


def _csv(tmp: Path, text: str) -> str:
    p = tmp / "in.csv"
    p.write_text(text)
    return str(p)


# entry point -> call(db, name, tmp) with the hostile name in one name position
C = "Collection"
ENTRY_POINTS: dict[str, Callable[[Database, str, Path], Any]] = {
    "create_element collection": lambda db, n, t: db.create_element(n, label="x"),
    "create_element attribute": lambda db, n, t: db.create_element(C, label="x", **{n: 1}),
    "create_element list attribute": lambda db, n, t: db.create_element(C, label="x", **{n: [1, 2]}),
    "update_element collection": lambda db, n, t: db.update_element(n, 1, some_integer=2),
    "update_element attribute": lambda db, n, t: db.update_element(C, 1, **{n: 2}),
    "delete_element collection": lambda db, n, t: db.delete_element(n, 1),
    "update_vector_group collection": lambda db, n, t: db.update_vector_group(n, "values", 1, {"value_int": [1]}),
    "update_vector_group group": lambda db, n, t: db.update_vector_group(C, n, 1, {"value_int": [1]}),
    "update_vector_group column": lambda db, n, t: db.update_vector_group(C, "values", 1, {n: [1]}),
    "update_set_group group": lambda db, n, t: db.update_set_group(C, n, 1, {"tag": ["b"]}),
    "update_set_group column": lambda db, n, t: db.update_set_group(C, "tags", 1, {n: ["b"]}),
    "update_time_series_group group": lambda db, n, t: db.update_time_series_group(
        C, n, 1, [{"date_time": "2024-01-02T00:00:00", "value": 2.0}]
    ),
    "update_time_series_group collection": lambda db, n, t: db.update_time_series_group(
        n, "data", 1, [{"date_time": "2024-01-02T00:00:00", "value": 2.0}]
    ),
    "update_time_series_files collection": lambda db, n, t: db.update_time_series_files(n, {"data_file": "x"}),
    "update_time_series_files column": lambda db, n, t: db.update_time_series_files(C, {n: "x"}),
    "read_scalar_integers collection": lambda db, n, t: db.read_scalar_integers(n, "some_integer"),
    "read_scalar_integers attribute": lambda db, n, t: db.read_scalar_integers(C, n),
    "read_scalar_strings attribute": lambda db, n, t: db.read_scalar_strings(C, n),
    "read_scalar_float_by_id attribute": lambda db, n, t: db.read_scalar_float_by_id(C, n, 1),
    "read_vector_integers attribute": lambda db, n, t: db.read_vector_integers(C, n),
    "read_set_strings_by_id attribute": lambda db, n, t: db.read_set_strings_by_id(C, n, 1),
    "read_element_ids collection": lambda db, n, t: db.read_element_ids(n),
    "number_of_elements collection": lambda db, n, t: db.number_of_elements(n),
    "read_scalars_by_id collection": lambda db, n, t: db.read_scalars_by_id(n, 1),
    "read_element_by_id collection": lambda db, n, t: db.read_element_by_id(n, 1),
    "read_vector_group_by_id group": lambda db, n, t: db.read_vector_group_by_id(C, n, 1),
    "read_set_group_by_id group": lambda db, n, t: db.read_set_group_by_id(C, n, 1),
    "read_time_series_group group": lambda db, n, t: db.read_time_series_group(C, n, 1),
    "get_scalar_metadata attribute": lambda db, n, t: db.get_scalar_metadata(C, n),
    "get_vector_metadata group": lambda db, n, t: db.get_vector_metadata(C, n),
    "get_time_series_metadata collection": lambda db, n, t: db.get_time_series_metadata(n, "data"),
    "list_scalar_attributes collection": lambda db, n, t: db.list_scalar_attributes(n),
    "has_time_series_files collection": lambda db, n, t: db.has_time_series_files(n),
    "list_time_series_files_columns collection": lambda db, n, t: db.list_time_series_files_columns(n),
    "read_time_series_files collection": lambda db, n, t: db.read_time_series_files(n),
    "export_csv collection": lambda db, n, t: db.export_csv(n, "", str(t / "out.csv")),
    "export_csv group": lambda db, n, t: db.export_csv(C, n, str(t / "out.csv")),
    "import_csv collection": lambda db, n, t: db.import_csv(n, "", _csv(t, "label\nA\n")),
    "import_csv group": lambda db, n, t: db.import_csv(C, n, _csv(t, "id,tag\nItem 1,b\n")),
    "import_csv header column": lambda db, n, t: db.import_csv(
        C, "", _csv(t, f'label,some_integer,"{n}"\nA,1,2\n'.replace('"', '""').replace('""', '"', 2))
    ),
}


@pytest.mark.parametrize("entry", list(ENTRY_POINTS), ids=list(ENTRY_POINTS))
def test_hostile_name_is_refused_by_name_and_changes_nothing(db: Database, tmp_path: Path, entry: str) -> None:
    before = _dump(db.path())
    for name in HOSTILE:
        with pytest.raises(QuiverError) as info:
            ENTRY_POINTS[entry](db, name, tmp_path)
        message = str(info.value)
        if entry != "import_csv header column":  # the CSV column check reports the column set, not each name
            assert name in message, (name, message)
        assert _dump(db.path()) == before, name
    assert db.read_scalar_strings("Collection", "label") == ["Item 1"]
    assert not EVIL.exists()


def test_group_listings_of_a_hostile_collection_are_empty(db: Database) -> None:
    """(upstream quirk, docs/reference/database-api.md) list_*_groups of an unknown collection is [], not an error:
    still nothing reaches SQL and nothing changes."""
    before = _dump(db.path())
    for name in HOSTILE:
        assert db.list_vector_groups(name) == []
        assert db.list_set_groups(name) == []
        assert db.list_time_series_groups(name) == []
    assert _dump(db.path()) == before


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_through_lua(db: Database, name: str) -> None:
    before = _dump(db.path())
    runner = LuaRunner(db)
    try:
        runner.run(f"hostile = {lua_string(name)}")
        for call in (
            "db:create_element(hostile, {label = 'x'})",
            "db:create_element('Collection', {label = 'x', [hostile] = 1})",
            "db:update_element('Collection', 1, {[hostile] = 1})",
            "db:delete_element(hostile, 1)",
            "db:read_scalar_integers('Collection', hostile)",
            "db:read_element_ids(hostile)",
            "db:update_vector_group('Collection', hostile, 1, {value_int = {1}})",
            "db:read_time_series_group('Collection', hostile, 1)",
        ):
            with pytest.raises(QuiverError) as info:
                runner.run(call)
            assert name in str(info.value), (call, str(info.value))
    finally:
        runner.close()
    assert _dump(db.path()) == before


def lua_string(text: str) -> str:
    """A Lua long-bracket literal holding ``text`` exactly."""
    level = 1
    while f"]{'=' * level}" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def test_query_parameters_are_bound(db: Database) -> None:
    before = _dump(db.path())
    for value in HOSTILE + ["'", "?", "?1", ":name", "@x", "$y", "\\", "%"]:
        assert db.query_string("SELECT ?", params=[value]) == value.strip()
        assert db.query_integer("SELECT count(*) FROM Collection WHERE label = ?", params=[value]) == 0
        assert db.query_integer("SELECT count(*) FROM Collection WHERE label = ?", params=["Item 1"]) == 1
    assert _dump(db.path()) == before


def test_values_with_sql_text_are_stored_verbatim(db: Database) -> None:
    """Hostile text as a value is data: stored and read back exactly, in every kind of column."""
    for i, value in enumerate(HOSTILE):
        eid = db.create_element("Collection", label=value, tag=[value], date_time=[f"2024-01-0{i + 1}"], value=[1.0])
        assert db.read_scalar_string_by_id("Collection", "label", eid) == value
        assert db.read_set_strings_by_id("Collection", "tag", eid) == [value]
        db.update_time_series_files("Collection", {"data_file": value})
        assert db.read_time_series_files("Collection")["data_file"] == value.strip()
    assert db.number_of_elements("Collection") == 1 + len(HOSTILE)

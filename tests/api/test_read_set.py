"""Set reads (docs/reference/database-api.md 4.6): bulk and by id, value order, widening, errors."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from quiverdb import Database, QuiverError


def test_by_id_strings(collections_db: Database) -> None:
    db = collections_db
    a = db.create_element("Collection", label="a", tag=["beta", "alpha"])
    b = db.create_element("Collection", label="b")
    c = db.create_element("Collection", label="c", tag=["only"])
    result = db.read_set_strings_by_id("Collection", "tag", a)
    assert type(result) is list and result == ["alpha", "beta"]
    assert db.read_set_strings_by_id("Collection", "tag", b) == []
    assert db.read_set_strings_by_id("Collection", "tag", c) == ["only"]
    assert db.read_set_strings_by_id("Collection", "tag", 999) == []


def test_bulk_strings_by_element_values_ascending(collections_db: Database) -> None:
    db = collections_db
    db.create_element("Collection", label="a", tag=["beta", "alpha"])
    db.create_element("Collection", label="b", tag=["gamma"])
    assert db.read_set_strings("Collection", "tag") == [["alpha", "beta"], ["gamma"]]


def test_bulk_skips_elements_without_rows(collections_db: Database) -> None:
    db = collections_db
    db.create_element("Collection", label="a", tag=["alpha"])
    db.create_element("Collection", label="b")
    assert db.read_set_strings("Collection", "tag") == [["alpha"]]


def test_empty(collections_db: Database) -> None:
    assert collections_db.read_set_strings("Collection", "tag") == []
    assert collections_db.read_set_integers("Collection", "tag") == []


def test_items_are_trimmed(collections_db: Database) -> None:
    db = collections_db
    a = db.create_element("Collection", label="a", tag=["  important  ", "\turgent\n", " review "])
    assert db.read_set_strings_by_id("Collection", "tag", a) == ["important", "review", "urgent"]


def test_update_replaces_and_clears(collections_db: Database) -> None:
    db = collections_db
    a = db.create_element("Collection", label="a", tag=["tag1", "tag2"])
    db.update_element("Collection", a, tag=["x", "y", "z"])
    assert db.read_set_strings_by_id("Collection", "tag", a) == ["x", "y", "z"]
    db.update_element("Collection", a, tag=[])
    assert db.read_set_strings_by_id("Collection", "tag", a) == []
    assert db.read_set_strings("Collection", "tag") == []


def test_all_types_integer_and_float_sets(all_types_db: Database) -> None:
    db = all_types_db
    db.create_element("AllTypes", label="a", code=[30, 10, 20], weight=[1.5, 0.5])
    db.create_element("AllTypes", label="b", code=[50, 40], weight=[3.0, 2.0, 1.0])
    c = db.create_element("AllTypes", label="c", code=[300, 100, 200], weight=[9.9, 8.8])
    assert db.read_set_integers("AllTypes", "code") == [[10, 20, 30], [40, 50], [100, 200, 300]]
    assert db.read_set_integers_by_id("AllTypes", "code", c) == [100, 200, 300]
    floats = db.read_set_floats("AllTypes", "weight")
    assert [len(f) for f in floats] == [2, 3, 2]
    assert floats[1] == [1.0, 2.0, 3.0]
    assert db.read_set_floats_by_id("AllTypes", "weight", c) == pytest.approx([8.8, 9.9])


def test_float_set_reader_widens_integer_column(all_types_db: Database) -> None:
    db = all_types_db
    a = db.create_element("AllTypes", label="a", code=[2, 1])
    values = db.read_set_floats_by_id("AllTypes", "code", a)
    assert values == [1.0, 2.0] and all(type(v) is float for v in values)
    assert db.read_set_floats("AllTypes", "code") == [[1.0, 2.0]]
    assert db.read_set_strings_by_id("AllTypes", "code", a) == []


def test_set_date_time_by_id(all_types_db: Database) -> None:
    db = all_types_db
    a = db.create_element("AllTypes", label="a", tag=["2024-06-20T08:00:00", "2024-01-15T10:30:00"])
    values = db.read_set_date_time_by_id("AllTypes", "tag", a)
    assert {v.month for v in values} == {1, 6}
    assert all(v.tzinfo is timezone.utc for v in values)
    assert values[0] == datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)


def test_fk_set_reads_ids(relations_db: Database) -> None:
    db = relations_db
    db.create_element("Parent", label="Parent 1")
    db.create_element("Parent", label="Parent 2")
    c = db.create_element("Child", label="Child 1", mentor_id=["Parent 2", "Parent 1"])
    assert db.read_set_integers_by_id("Child", "mentor_id", c) == [1, 2]


@pytest.mark.parametrize("method", ["read_set_integers", "read_set_floats", "read_set_strings"])
def test_bulk_errors(collections_db: Database, method: str) -> None:
    fn = getattr(collections_db, method)
    with pytest.raises(QuiverError, match=f"^Cannot {method}: collection not found: Nope$"):
        fn("Nope", "tag")
    with pytest.raises(QuiverError, match="^Set attribute 'value_int' not found for collection 'Collection'$"):
        fn("Collection", "value_int")


@pytest.mark.parametrize("method", ["read_set_integers_by_id", "read_set_floats_by_id", "read_set_strings_by_id"])
def test_by_id_errors(collections_db: Database, method: str) -> None:
    fn = getattr(collections_db, method)
    with pytest.raises(QuiverError, match=f"^Cannot {method}: collection not found: Nope$"):
        fn("Nope", "tag", 1)
    with pytest.raises(QuiverError, match="^Set attribute 'nope' not found for collection 'Collection'$"):
        fn("Collection", "nope", 1)


def test_set_table_found_by_name_without_that_column(collections_db: Database) -> None:
    with pytest.raises(
        QuiverError, match="^Cannot read_set_strings_by_id: column 'tags' not found in table 'Collection_set_tags'$"
    ):
        collections_db.read_set_strings_by_id("Collection", "tags", 1)

"""Composite one-element readers (docs/reference/database-api.md 4.8): read_scalars_by_id, read_vectors_by_id,
read_sets_by_id, read_element_by_id, read_vector_group_by_id, read_set_group_by_id."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from quiverdb import Database, QuiverError

UTC = timezone.utc

DATES_SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Things (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    date_start TEXT,
    weight REAL
) STRICT;
CREATE TABLE Things_vector_events (
    id INTEGER NOT NULL REFERENCES Things(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    date_event TEXT,
    amount REAL,
    PRIMARY KEY (id, vector_index)
) STRICT;
CREATE TABLE Things_set_days (
    id INTEGER NOT NULL REFERENCES Things(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_day TEXT NOT NULL,
    UNIQUE (id, date_day)
) STRICT;
"""


@pytest.fixture
def dates_db(tmp_path: Path) -> Iterator[Database]:
    schema = tmp_path / "dates.sql"
    schema.write_text(DATES_SCHEMA)
    db = Database.from_schema(str(tmp_path / "dates.db"), str(schema))
    try:
        yield db
    finally:
        db.close()


# ---- read_scalars_by_id ----


def test_scalars_by_id_basic(db: Database) -> None:
    db.create_element(
        "Configuration",
        label="Config 1",
        integer_attribute=42,
        float_attribute=3.14,
        string_attribute="hello",
        date_attribute="2024-01-15T10:30:00",
    )
    result = db.read_scalars_by_id("Configuration", 1)
    # keys in byte-wise name order, id and label included
    assert list(result) == sorted(result)
    assert list(result) == [
        "boolean_attribute",
        "date_attribute",
        "float_attribute",
        "id",
        "integer_attribute",
        "label",
        "string_attribute",
    ]
    assert result["id"] == 1 and type(result["id"]) is int
    assert result["label"] == "Config 1"
    assert result["integer_attribute"] == 42 and type(result["integer_attribute"]) is int
    assert result["float_attribute"] == pytest.approx(3.14) and type(result["float_attribute"]) is float
    assert result["string_attribute"] == "hello"
    assert result["date_attribute"] == datetime(2024, 1, 15, 10, 30, tzinfo=UTC)
    assert result["boolean_attribute"] is None


def test_scalars_by_id_missing_id_maps_every_key_to_none(db: Database) -> None:
    db.create_element("Configuration", label="x")
    result = db.read_scalars_by_id("Configuration", 999)
    assert set(result) == {
        "id",
        "label",
        "integer_attribute",
        "float_attribute",
        "string_attribute",
        "date_attribute",
        "boolean_attribute",
    }
    assert all(v is None for v in result.values())


def test_scalars_by_id_unknown_collection(db: Database) -> None:
    with pytest.raises(QuiverError, match="^Cannot list_scalar_attributes: collection not found: Nope$"):
        db.read_scalars_by_id("Nope", 1)


def test_scalars_by_id_fk_gives_ids(relations_db: Database) -> None:
    db = relations_db
    db.create_element("Parent", label="Parent 1")
    c = db.create_element("Child", label="Child 1", parent_id="Parent 1")
    result = db.read_scalars_by_id("Child", c)
    assert result["parent_id"] == 1 and result["sibling_id"] is None


def test_scalars_by_id_invalid_date_reads_as_none(db: Database) -> None:
    # a stored value never makes a read fail (issue 16, item 17; docs/compatibility.md "dates")
    db.create_element("Configuration", label="x", date_attribute="not-a-date", integer_attribute=3)
    result = db.read_scalars_by_id("Configuration", 1)
    assert result["date_attribute"] is None and result["integer_attribute"] == 3


# ---- read_vectors_by_id / read_sets_by_id ----


def test_vectors_by_id_without_groups_is_empty(db: Database) -> None:
    db.create_element("Configuration", label="x")
    assert db.read_vectors_by_id("Configuration", 1) == {}
    assert db.read_sets_by_id("Configuration", 1) == {}


def test_vectors_by_id_composite(composite_helpers_db: Database) -> None:
    db = composite_helpers_db
    i = db.create_element("Items", label="item1", amount=[10, 20, 30], score=[1.1, 2.2], note=["hello", "world"])
    result = db.read_vectors_by_id("Items", i)
    assert set(result) == {"amount", "score", "note"}
    assert result["amount"] == [10, 20, 30] and all(type(v) is int for v in result["amount"])
    assert result["score"] == pytest.approx([1.1, 2.2]) and all(type(v) is float for v in result["score"])
    assert result["note"] == ["hello", "world"]


def test_vectors_by_id_columns_without_rows_map_to_empty_lists(composite_helpers_db: Database) -> None:
    db = composite_helpers_db
    i = db.create_element("Items", label="item1", amount=[1])
    assert db.read_vectors_by_id("Items", i) == {"amount": [1], "note": [], "score": []}
    assert db.read_vectors_by_id("Items", 999) == {"amount": [], "note": [], "score": []}


def test_sets_by_id_composite(composite_helpers_db: Database) -> None:
    db = composite_helpers_db
    i = db.create_element("Items", label="item1", code=[6, 5], weight=[9.9], tag=["beta", "alpha"])
    result = db.read_sets_by_id("Items", i)
    assert set(result) == {"code", "weight", "tag"}
    assert sorted(result["code"]) == [5, 6] and all(type(v) is int for v in result["code"])
    assert result["weight"] == pytest.approx([9.9]) and type(result["weight"][0]) is float
    assert sorted(result["tag"]) == ["alpha", "beta"]


def test_vectors_by_id_skips_null_cells(collections_db: Database) -> None:
    db = collections_db
    i = db.create_element("Collection", label="a", value_int=[1, 2])
    assert db.read_vectors_by_id("Collection", i) == {"value_float": [], "value_int": [1, 2]}


def test_vectors_and_sets_by_id_unknown_collection_raise(db: Database) -> None:
    with pytest.raises(QuiverError, match="^Cannot read_vectors_by_id: collection not found: Nope$"):
        db.read_vectors_by_id("Nope", 1)
    with pytest.raises(QuiverError, match="^Cannot read_sets_by_id: collection not found: Nope$"):
        db.read_sets_by_id("Nope", 1)


# ---- read_element_by_id ----


def test_element_by_id_merges_everything(composite_helpers_db: Database) -> None:
    db = composite_helpers_db
    i = db.create_element(
        "Items",
        label="item1",
        amount=[10, 20, 30],
        score=[1.1, 2.2],
        note=["hello", "world"],
        code=[6, 5],
        weight=[9.9],
        tag=["beta", "alpha"],
    )
    assert db.read_element_by_id("Items", i) == {
        "id": 1,
        "label": "item1",
        "amount": [10, 20, 30],
        "note": ["hello", "world"],
        "score": [1.1, 2.2],
        "code": [5, 6],
        "tag": ["alpha", "beta"],
        "weight": [9.9],
    }
    assert list(db.read_element_by_id("Items", i)) == [
        "id",
        "label",
        "amount",
        "note",
        "score",
        "code",
        "tag",
        "weight",
    ]


def test_element_by_id_set_column_hides_vector_column_of_same_name(relations_db: Database) -> None:
    db = relations_db
    db.create_element("Parent", label="P1")
    db.create_element("Parent", label="P2")
    # parent_ref feeds both Child_vector_refs (order kept) and Child_set_parents (ascending)
    c = db.create_element("Child", label="C", parent_ref=["P2", "P1"], mentor_id=["P1"])
    result = db.read_element_by_id("Child", c)
    assert result["parent_ref"] == [1, 2]  # the set group's column wins (quirk kept)
    assert result["mentor_id"] == [1]
    assert db.read_vectors_by_id("Child", c) == {"parent_ref": [2, 1]}


def test_element_by_id_unknown_collection(db: Database) -> None:
    with pytest.raises(QuiverError, match="^Cannot list_scalar_attributes: collection not found: Nope$"):
        db.read_element_by_id("Nope", 1)


# ---- read_vector_group_by_id ----


def test_vector_group_rows(collections_db: Database) -> None:
    db = collections_db
    i = db.create_element("Collection", label="a", value_int=[1, 2, 3], value_float=[1.1, 2.2, 3.3])
    rows = db.read_vector_group_by_id("Collection", "values", i)
    assert rows == [
        {"vector_index": 0, "value_float": 1.1, "value_int": 1},
        {"vector_index": 1, "value_float": 2.2, "value_int": 2},
        {"vector_index": 2, "value_float": 3.3, "value_int": 3},
    ]
    assert all(list(r) == ["vector_index", "value_float", "value_int"] for r in rows)
    assert all(type(r["vector_index"]) is int for r in rows)


def test_vector_group_without_rows(collections_db: Database) -> None:
    db = collections_db
    i = db.create_element("Collection", label="a")
    assert db.read_vector_group_by_id("Collection", "values", i) == []
    assert db.read_vector_group_by_id("Collection", "values", 999) == []


def test_vector_group_null_cells_are_none(collections_db: Database) -> None:
    # upstream: IndexError (earlier column shorter) or rows cut; here rows keep their cells
    db = collections_db
    i = db.create_element("Collection", label="a", value_float=[1.5, 2.5])
    assert db.read_vector_group_by_id("Collection", "values", i) == [
        {"vector_index": 0, "value_float": 1.5, "value_int": None},
        {"vector_index": 1, "value_float": 2.5, "value_int": None},
    ]
    j = db.create_element("Collection", label="b", value_int=[7])
    assert db.read_vector_group_by_id("Collection", "values", j) == [
        {"vector_index": 0, "value_float": None, "value_int": 7}
    ]


def test_vector_group_errors(collections_db: Database) -> None:
    db = collections_db
    with pytest.raises(QuiverError, match="^Cannot get_vector_metadata: collection not found: Nope$"):
        db.read_vector_group_by_id("Nope", "values", 1)
    with pytest.raises(QuiverError, match="^Vector group not found: 'tags' in collection 'Collection'$"):
        db.read_vector_group_by_id("Collection", "tags", 1)


# ---- read_set_group_by_id ----


def test_set_group_rows(collections_db: Database) -> None:
    db = collections_db
    i = db.create_element("Collection", label="a", tag=["beta", "alpha"])
    assert db.read_set_group_by_id("Collection", "tags", i) == [{"tag": "alpha"}, {"tag": "beta"}]
    j = db.create_element("Collection", label="b")
    assert db.read_set_group_by_id("Collection", "tags", j) == []


def test_set_group_errors(collections_db: Database) -> None:
    db = collections_db
    with pytest.raises(QuiverError, match="^Cannot get_set_metadata: collection not found: Nope$"):
        db.read_set_group_by_id("Nope", "tags", 1)
    with pytest.raises(QuiverError, match="^Set group not found: 'values' in collection 'Collection'$"):
        db.read_set_group_by_id("Collection", "values", 1)


# ---- DATE_TIME columns in composites ----


def test_date_time_columns_parse_in_every_composite(dates_db: Database) -> None:
    db = dates_db
    i = db.create_element(
        "Things",
        label="t",
        date_start="2024-01-15 10:30:00",
        date_event=["2024-02-01", "2024-03-01T12:00:00"],
        amount=[1.0, 2.0],
        date_day=["2024-06-20T08:00:00", "2024-01-15T10:30:00"],
    )
    scalars = db.read_scalars_by_id("Things", i)
    assert scalars["date_start"] == datetime(2024, 1, 15, 10, 30, tzinfo=UTC)
    assert scalars["weight"] is None
    assert db.read_vectors_by_id("Things", i) == {
        "amount": [1.0, 2.0],
        "date_event": [datetime(2024, 2, 1, tzinfo=UTC), datetime(2024, 3, 1, 12, tzinfo=UTC)],
    }
    assert db.read_sets_by_id("Things", i) == {
        "date_day": [datetime(2024, 1, 15, 10, 30, tzinfo=UTC), datetime(2024, 6, 20, 8, tzinfo=UTC)]
    }
    rows = db.read_vector_group_by_id("Things", "events", i)
    assert rows[1] == {"vector_index": 1, "amount": 2.0, "date_event": datetime(2024, 3, 1, 12, tzinfo=UTC)}
    assert db.read_set_group_by_id("Things", "days", i)[0] == {"date_day": datetime(2024, 1, 15, 10, 30, tzinfo=UTC)}


def test_threads_sharing_one_handle_read_consistently(composite_helpers_db: Database) -> None:
    import threading

    db = composite_helpers_db
    for i in range(20):
        db.create_element("Items", label=f"item{i}", amount=[i, i + 1], tag=[f"t{i}"])
    expected = [db.read_element_by_id("Items", i) for i in range(1, 21)]
    labels = db.read_scalar_strings("Items", "label")
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(10):
                assert [db.read_element_by_id("Items", i) for i in range(1, 21)] == expected
                assert db.read_scalar_strings("Items", "label") == labels
                assert db.read_vector_integers("Items", "amount") == [[i, i + 1] for i in range(20)]
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_readers_on_a_database_without_schema(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    db = Database.open(str(tmp_path / "empty.db"))
    try:
        for call, message in [
            (lambda: db.read_scalar_integers("C", "a"), "Cannot read_scalar_integers: no schema loaded"),
            (lambda: db.read_vector_floats_by_id("C", "a", 1), "Cannot read_vector_floats_by_id: no schema loaded"),
            (lambda: db.read_set_strings("C", "a"), "Cannot read_set_strings: no schema loaded"),
            (lambda: db.read_element_ids("C"), "Cannot read_element_ids: no schema loaded"),
            (lambda: db.number_of_elements("C"), "Cannot number_of_elements: no schema loaded"),
            (lambda: db.read_scalars_by_id("C", 1), "Cannot list_scalar_attributes: no schema loaded"),
            (lambda: db.read_vectors_by_id("C", 1), "Cannot list_vector_groups: no schema loaded"),
            (lambda: db.read_sets_by_id("C", 1), "Cannot list_set_groups: no schema loaded"),
            (lambda: db.read_vector_group_by_id("C", "g", 1), "Cannot get_vector_metadata: no schema loaded"),
            (lambda: db.read_set_group_by_id("C", "g", 1), "Cannot get_set_metadata: no schema loaded"),
        ]:
            with pytest.raises(QuiverError) as info:
                call()
            assert str(info.value) == message
    finally:
        db.close()

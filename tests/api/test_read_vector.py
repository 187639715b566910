"""Vector reads (docs/reference/database-api.md 4.5): bulk and by id, lookup rule, widening, errors."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from quiverdb import Database, QuiverError
from support.paths import VALID


def test_by_id_integers(collections_db: Database) -> None:
    db = collections_db
    a = db.create_element("Collection", label="a", value_int=[1, 2, 3])
    b = db.create_element("Collection", label="b")
    c = db.create_element("Collection", label="c", value_int=[42])
    assert db.read_vector_integers_by_id("Collection", "value_int", a) == [1, 2, 3]
    assert db.read_vector_integers_by_id("Collection", "value_int", b) == []
    assert db.read_vector_integers_by_id("Collection", "value_int", c) == [42]
    assert db.read_vector_integers_by_id("Collection", "value_int", 999) == []


def test_by_id_floats(collections_db: Database) -> None:
    db = collections_db
    a = db.create_element("Collection", label="a", value_float=[1.5, 2.5, 3.5])
    b = db.create_element("Collection", label="b")
    assert db.read_vector_floats_by_id("Collection", "value_float", a) == [1.5, 2.5, 3.5]
    assert db.read_vector_floats_by_id("Collection", "value_float", b) == []


def test_bulk_integers_elements_by_id_values_by_index(collections_db: Database) -> None:
    db = collections_db
    db.create_element("Collection", label="a", value_int=[1, 2])
    db.create_element("Collection", label="b", value_int=[3, 4, 5])
    assert db.read_vector_integers("Collection", "value_int") == [[1, 2], [3, 4, 5]]


def test_bulk_skips_elements_without_rows(collections_db: Database) -> None:
    db = collections_db
    db.create_element("Collection", label="a", value_int=[1, 2])
    db.create_element("Collection", label="b")
    db.create_element("Collection", label="c", value_int=[7])
    assert db.read_vector_integers("Collection", "value_int") == [[1, 2], [7]]


def test_bulk_floats(collections_db: Database) -> None:
    db = collections_db
    db.create_element("Collection", label="a", value_float=[1.1, 2.2])
    db.create_element("Collection", label="b", value_float=[3.3])
    assert db.read_vector_floats("Collection", "value_float") == [[1.1, 2.2], [3.3]]


def test_empty_collection(collections_db: Database) -> None:
    assert collections_db.read_vector_integers("Collection", "value_int") == []
    assert collections_db.read_vector_floats("Collection", "value_float") == []
    assert collections_db.read_vector_strings("Collection", "value_int") == []


def test_created_with_label_only_reads_empty(collections_db: Database) -> None:
    db = collections_db
    db.create_element("Collection", label="a")
    assert db.read_vector_integers("Collection", "value_int") == []
    assert db.read_set_strings("Collection", "tag") == []


def test_hundred_items_in_order(collections_db: Database) -> None:
    db = collections_db
    i = db.create_element("Collection", label="a", value_int=list(range(100)))
    assert db.read_vector_integers_by_id("Collection", "value_int", i) == list(range(100))
    assert db.read_vector_integers("Collection", "value_int") == [list(range(100))]


def test_update_replaces_and_clears(collections_db: Database) -> None:
    db = collections_db
    a = db.create_element("Collection", label="a", value_int=[1, 2])
    b = db.create_element("Collection", label="b", value_int=[9])
    db.update_element("Collection", a, value_int=[10, 20, 30])
    assert db.read_vector_integers_by_id("Collection", "value_int", a) == [10, 20, 30]
    db.update_element("Collection", a, value_int=[])
    assert db.read_vector_integers_by_id("Collection", "value_int", a) == []
    assert db.read_vector_integers("Collection", "value_int") == [[9]]
    assert db.read_vector_integers_by_id("Collection", "value_int", b) == [9]


def test_null_cells_are_skipped(collections_db: Database) -> None:
    # value_float not given: those cells are NULL in the group table
    db = collections_db
    a = db.create_element("Collection", label="a", value_int=[1, 2, 3])
    assert db.read_vector_floats_by_id("Collection", "value_float", a) == []
    # the element has rows, all NULL in that column: an empty inner list (not skipped)
    assert db.read_vector_floats("Collection", "value_float") == [[]]


def test_float_reads_widen_integer_column(collections_db: Database) -> None:
    db = collections_db
    a = db.create_element("Collection", label="a", value_int=[1, 2])
    values = db.read_vector_floats_by_id("Collection", "value_int", a)
    assert values == [1.0, 2.0] and all(type(v) is float for v in values)
    assert db.read_vector_floats("Collection", "value_int") == [[1.0, 2.0]]


def test_string_reader_on_integer_column_filters(collections_db: Database) -> None:
    db = collections_db
    a = db.create_element("Collection", label="a", value_int=[1, 2])
    assert db.read_vector_strings_by_id("Collection", "value_int", a) == []
    assert db.read_vector_strings("Collection", "value_int") == [[]]


def test_all_types_strings(all_types_db: Database) -> None:
    db = all_types_db
    a = db.create_element("AllTypes", label="a", label_value=["alpha", "beta"])
    db.create_element("AllTypes", label="b", label_value=["gamma", "delta", "epsilon"])
    c = db.create_element("AllTypes", label="c", label_value=["hello", "world"])
    assert db.read_vector_strings("AllTypes", "label_value") == [
        ["alpha", "beta"],
        ["gamma", "delta", "epsilon"],
        ["hello", "world"],
    ]
    assert db.read_vector_strings_by_id("AllTypes", "label_value", c) == ["hello", "world"]
    assert db.read_vector_strings_by_id("AllTypes", "label_value", a) == ["alpha", "beta"]


def test_vector_date_time_by_id(all_types_db: Database) -> None:
    db = all_types_db
    a = db.create_element("AllTypes", label="a", label_value=["2024-01-15T10:30:00", "2024-06-20T08:00:00"])
    values = db.read_vector_date_time_by_id("AllTypes", "label_value", a)
    assert values == [
        datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc),
        datetime(2024, 6, 20, 8, 0, tzinfo=timezone.utc),
    ]
    assert db.read_vector_date_time_by_id("AllTypes", "label_value", 999) == []


def test_vector_date_time_invalid_text(all_types_db: Database) -> None:
    db = all_types_db
    a = db.create_element("AllTypes", label="a", label_value=["2024-01-15", "2024/01/15"])
    # the unparsable item reads as None in its place (issue 16, item 17): nothing shifts
    assert db.read_vector_date_time_by_id("AllTypes", "label_value", a) == [
        datetime(2024, 1, 15, tzinfo=timezone.utc),
        None,
    ]


def test_group_name_works_when_it_is_also_a_column(composite_helpers_db: Database) -> None:
    db = composite_helpers_db
    a = db.create_element("Items", label="item1", amount=[10, 20, 30])
    assert db.read_vector_integers_by_id("Items", "amount", a) == [10, 20, 30]


def test_fk_vector_reads_ids(relations_db: Database) -> None:
    db = relations_db
    db.create_element("Parent", label="Parent 1")
    db.create_element("Parent", label="Parent 2")
    c = db.create_element("Child", label="Child 1", parent_ref=["Parent 2", "Parent 1"])
    assert db.read_vector_integers_by_id("Child", "parent_ref", c) == [2, 1]


@pytest.mark.parametrize("method", ["read_vector_integers", "read_vector_floats", "read_vector_strings"])
def test_bulk_errors(collections_db: Database, method: str) -> None:
    fn = getattr(collections_db, method)
    with pytest.raises(QuiverError, match=f"^Cannot {method}: collection not found: Nope$"):
        fn("Nope", "value_int")
    with pytest.raises(QuiverError, match="^Vector attribute 'nope' not found for collection 'Collection'$"):
        fn("Collection", "nope")


@pytest.mark.parametrize(
    "method", ["read_vector_integers_by_id", "read_vector_floats_by_id", "read_vector_strings_by_id"]
)
def test_by_id_errors(collections_db: Database, method: str) -> None:
    fn = getattr(collections_db, method)
    with pytest.raises(QuiverError, match=f"^Cannot {method}: collection not found: Nope$"):
        fn("Nope", "value_int", 1)
    with pytest.raises(QuiverError, match="^Vector attribute 'tag' not found for collection 'Collection'$"):
        fn("Collection", "tag", 1)  # a set column is not a vector attribute


def test_group_table_without_that_column(collections_db: Database) -> None:
    # <C>_vector_values exists but has no column named "values"
    with pytest.raises(
        QuiverError,
        match="^Cannot read_vector_integers: column 'values' not found in table 'Collection_vector_values'$",
    ):
        collections_db.read_vector_integers("Collection", "values")


def test_round_trip_of_arbitrary_values() -> None:
    from itertools import count

    from hypothesis import given, settings
    from hypothesis import strategies as st

    schema = VALID / "all_types.sql"
    db = Database.from_schema(":memory:", str(schema))
    labels = count()
    text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)

    @settings(max_examples=25, deadline=None)
    @given(
        texts=st.lists(text, min_size=1, max_size=6),
        ints=st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=6),
    )
    def check(texts: list[str], ints: list[int]) -> None:
        i = db.create_element("AllTypes", label=f"e{next(labels)}", label_value=texts, count_value=ints)
        expected = [t.strip(" \t\r\n") for t in texts]
        assert db.read_vector_strings_by_id("AllTypes", "label_value", i) == expected
        assert db.read_vector_strings("AllTypes", "label_value")[-1] == expected
        assert db.read_vector_integers_by_id("AllTypes", "count_value", i) == ints
        assert db.read_vectors_by_id("AllTypes", i) == {"count_value": ints, "label_value": expected}

    try:
        check()
    finally:
        db.close()

"""Database.create_element (docs/reference/database-api.md 3.2-3.5, 3.8; 9.1 items 15-29; 9.2 items 1-9)."""

from __future__ import annotations

import math

import pytest

from quiverdb import Database, QuiverError
from support.paths import VALID
from support.writes import column, dump, rows

VECTORS = "SELECT id, vector_index, value_int, value_float FROM Collection_vector_values ORDER BY id, vector_index"


@pytest.fixture
def parents(relations_db):
    relations_db.create_element("Parent", label="Parent 1")
    relations_db.create_element("Parent", label="Parent 2")
    return relations_db


# ---- ids and scalars ----


def test_ids_start_at_one_and_increase(collections_db):
    first = collections_db.create_element("Collection", label="Item 1")
    second = collections_db.create_element("Collection", label="Item 2")
    assert (first, second) == (1, 2)
    assert isinstance(first, int)


def test_scalars_of_every_type(db):
    eid = db.create_element(
        "Configuration",
        label="Config 1",
        integer_attribute=42,
        float_attribute=3.14,
        string_attribute="hello",
        date_attribute="2024-03-15T14:30:45",
        boolean_attribute=True,
    )
    assert rows(db, "SELECT * FROM Configuration") == [(eid, "Config 1", 42, 3.14, "hello", "2024-03-15T14:30:45", 1)]


def test_unspecified_scalars_take_defaults_and_none_is_null(db):
    db.create_element("Configuration", label="c", string_attribute=None)
    assert rows(db, "SELECT integer_attribute, string_attribute FROM Configuration") == [(6, None)]


def test_keyword_dict_and_explicit_id(collections_db):
    assert collections_db.create_element("Collection", **{"label": "Item1", "some_integer": 42}) == 1
    assert collections_db.create_element("Collection", id=10, label="Item 10") == 10
    assert column(collections_db, "SELECT id FROM Collection ORDER BY id") == [1, 10]


def test_text_is_trimmed(collections_db):
    collections_db.create_element("Collection", label="  Item 1  ", tag=["  important  ", "\turgent\n", " review "])
    assert column(collections_db, "SELECT label FROM Collection") == ["Item 1"]
    assert sorted(column(collections_db, "SELECT tag FROM Collection_set_tags")) == ["important", "review", "urgent"]


def test_blank_text_is_empty_not_null_and_unicode_round_trips(db):
    db.create_element("Configuration", label="\u00a0é😀\u00a0", string_attribute="   ")
    assert rows(db, "SELECT label, string_attribute FROM Configuration") == [("\u00a0é😀\u00a0", "")]


def test_int64_extremes_inf_and_nan(db):
    db.create_element("Configuration", label="a", integer_attribute=2**63 - 1, float_attribute=math.inf)
    db.create_element("Configuration", label="b", integer_attribute=-(2**63), float_attribute=-math.inf)
    # NaN is refused (upstream stored it as NULL; issue 16, item 16)
    with pytest.raises(QuiverError, match="^Cannot store NaN"):
        db.create_element("Configuration", label="c", float_attribute=math.nan)
    assert rows(db, "SELECT integer_attribute, float_attribute FROM Configuration ORDER BY id") == [
        (2**63 - 1, math.inf),
        (-(2**63), -math.inf),
    ]


def test_whole_float_for_integer_column_is_stored_as_integer(db):
    db.create_element("Configuration", label="a", integer_attribute=3.0)
    assert rows(db, "SELECT integer_attribute, typeof(integer_attribute) FROM Configuration") == [(3, "integer")]
    with pytest.raises(QuiverError, match="Failed to execute statement: cannot store REAL value in INTEGER column"):
        db.create_element("Configuration", label="b", integer_attribute=3.5)


# ---- groups ----


def test_vector_set_and_time_series_lists(collections_db):
    eid = collections_db.create_element(
        "Collection",
        label="Item 1",
        some_integer=10,
        value_int=[1, 2, 3],
        value_float=[1.5, 2.5, 3.5],
        tag=["a", "b"],
        date_time=["2024-01-02T00:00:00", "2024-01-01T00:00:00"],
        value=[2.0, 1.0],
    )
    assert rows(collections_db, VECTORS) == [(eid, 1, 1, 1.5), (eid, 2, 2, 2.5), (eid, 3, 3, 3.5)]
    assert sorted(column(collections_db, "SELECT tag FROM Collection_set_tags")) == ["a", "b"]
    assert rows(collections_db, "SELECT date_time, value FROM Collection_time_series_data ORDER BY date_time") == [
        ("2024-01-01T00:00:00", 1.0),
        ("2024-01-02T00:00:00", 2.0),
    ]


def test_columns_not_given_are_null_and_long_vectors(collections_db):
    collections_db.create_element("Collection", label="x", value_int=list(range(100)))
    got = rows(collections_db, VECTORS)
    assert [r[2] for r in got] == list(range(100))
    assert [r[1] for r in got] == list(range(1, 101))
    assert {r[3] for r in got} == {None}


def test_only_label_leaves_groups_empty_and_empty_lists_are_ignored(collections_db):
    collections_db.create_element("Collection", label="Item 1")
    collections_db.create_element("Collection", label="Item 2", value_int=[], nonexistent=[])
    assert column(collections_db, "SELECT label FROM Collection ORDER BY id") == ["Item 1", "Item 2"]
    assert rows(collections_db, VECTORS) == []


def test_one_name_routes_to_several_tables(tmp_path):
    with Database.from_schema(str(tmp_path / "m.db"), str(VALID / "multi_time_series.sql")) as db:
        dates = ["2024-01-01", "2024-01-02", "2024-01-03"]
        db.create_element("Sensor", label="s", date_time=dates, temperature=[1.0, 2.0, 3.0], humidity=[4.0, 5.0, 6.0])
        assert column(db, "SELECT date_time FROM Sensor_time_series_temperature ORDER BY date_time") == dates
        assert column(db, "SELECT humidity FROM Sensor_time_series_humidity ORDER BY date_time") == [4.0, 5.0, 6.0]
        before = dump(db)
        with pytest.raises(
            QuiverError,
            match="Cannot create_element: time series columns in table 'Sensor_time_series_humidity' must have the same length",
        ):
            db.create_element("Sensor", label="t", date_time=dates, temperature=[1.0, 2.0, 3.0], humidity=[4.0, 5.0])
        assert dump(db) == before


def test_float_led_list_converts_ints(all_types_db):
    all_types_db.create_element("AllTypes", label="a", weight=[1.5, 2, True])
    assert sorted(column(all_types_db, "SELECT weight FROM AllTypes_set_weights")) == [1.0, 1.5, 2.0]


# ---- relations ----


def test_scalar_fk_by_label_or_id(parents):
    a = parents.create_element("Child", label="Child 1", parent_id="Parent 1")
    b = parents.create_element("Child", label="Child 2", parent_id=1)
    c = parents.create_element("Child", label="Child 3", sibling_id="Child 1", parent_id="  Parent 2  ")
    assert rows(parents, "SELECT id, parent_id, sibling_id FROM Child ORDER BY id") == [
        (a, 1, None),
        (b, 1, None),
        (c, 2, a),
    ]


def test_list_fks_by_label(parents):
    eid = parents.create_element(
        "Child",
        label="Child 1",
        parent_id="Parent 1",
        mentor_id=["Parent 2"],
        parent_ref=["Parent 1", "Parent 2"],
        date_time=["2024-01-01", "2024-01-02"],
        sponsor_id=["Parent 2", "Parent 1"],
    )
    assert column(parents, "SELECT mentor_id FROM Child_set_mentors WHERE id = ?", (eid,)) == [2]
    assert column(parents, "SELECT parent_ref FROM Child_vector_refs ORDER BY vector_index") == [1, 2]
    # parent_ref also routes to the set group "parents"
    assert sorted(column(parents, "SELECT parent_ref FROM Child_set_parents")) == [1, 2]
    assert column(parents, "SELECT sponsor_id FROM Child_time_series_events ORDER BY date_time") == [2, 1]


def test_unknown_label_writes_nothing(parents):
    before = dump(parents)
    with pytest.raises(QuiverError) as e:
        parents.create_element("Child", label="Child 1", parent_id="Nonexistent Parent")
    assert str(e.value) == "Failed to resolve label 'Nonexistent Parent' to ID in table 'Parent'"
    with pytest.raises(QuiverError, match="Failed to resolve label 'Nonexistent Parent' to ID in table 'Parent'"):
        parents.create_element("Child", label="Child 1", mentor_id=["Parent 1", "Nonexistent Parent"])
    assert dump(parents) == before
    assert rows(parents, "SELECT * FROM Child") == []


def test_string_for_non_fk_integer_column(parents):
    with pytest.raises(QuiverError) as e:
        parents.create_element("Child", label="c", score=["not_a_label"])
    assert (
        str(e.value)
        == "Cannot resolve attribute: 'score' is INTEGER but received string 'not_a_label' (not a foreign key)"
    )


def test_string_for_non_fk_integer_scalar(db):
    with pytest.raises(QuiverError) as e:
        db.create_element("Configuration", label="c", integer_attribute="x")
    assert (
        str(e.value)
        == "Cannot resolve attribute: 'integer_attribute' is INTEGER but received string 'x' (not a foreign key)"
    )


def test_unknown_fk_id_fails_on_constraint(parents):
    with pytest.raises(QuiverError, match="Failed to execute statement: FOREIGN KEY constraint failed"):
        parents.create_element("Child", label="c", parent_id=99)
    assert rows(parents, "SELECT * FROM Child") == []


# ---- errors (order of checks, 3.5) ----


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({}, "Cannot create_element: element must have at least one scalar attribute"),
        ({"value_int": [1]}, "Cannot create_element: element must have at least one scalar attribute"),
        ({"label": "x", "nope": 1}, "Column 'nope' not found in table 'Collection'"),
        ({"label": "x", "value_int": 5}, "Column 'value_int' not found in table 'Collection'"),
        ({"label": "x", "some_float": 3}, "Type mismatch for column 'some_float': expected REAL, got INTEGER"),
        ({"label": "x", "some_float": "3"}, "Type mismatch for column 'some_float': expected REAL, got TEXT"),
        ({"label": 5}, "Type mismatch for column 'label': expected TEXT, got INTEGER"),
        ({"label": 5.5}, "Type mismatch for column 'label': expected TEXT, got REAL"),
        (
            {"label": "x", "nope": [1]},
            "Cannot create_element: array 'nope' does not match any vector, set, or time series table in collection 'Collection'",
        ),
        ({"label": "x", "tag": [1, 2]}, "Type mismatch for array 'tag' index 0: expected TEXT, got INTEGER"),
        (
            {"label": "x", "value_float": [1, 2]},
            "Type mismatch for array 'value_float' index 0: expected REAL, got INTEGER",
        ),
        (
            {"label": "x", "value_int": ["a"]},
            "Cannot resolve attribute: 'value_int' is INTEGER but received string 'a' (not a foreign key)",
        ),
        (
            {"label": "x", "value_int": [1, 2], "value_float": [1.0]},
            "Cannot create_element: vector columns in table 'Collection_vector_values' must have the same length",
        ),
        (
            {"label": None},
            "Failed to execute statement: NOT NULL constraint failed: Collection.label"
            " (new Collection element: 'label' needs a value)",
        ),
        (
            {"label": "x", "tag": ["a", "a"]},
            "Failed to execute statement: UNIQUE constraint failed: Collection_set_tags.id, Collection_set_tags.tag"
            " (new Collection 'x': 'tag' = 'a' given more than once (row 2))",
        ),
    ],
)
def test_create_errors_leave_database_unchanged(collections_db, kwargs, message):
    collections_db.create_element("Collection", label="existing", value_int=[1], tag=["t"])
    before = dump(collections_db)
    with pytest.raises(QuiverError) as e:
        collections_db.create_element("Collection", **kwargs)
    assert str(e.value) == message
    assert dump(collections_db) == before


def test_duplicate_label(collections_db):
    collections_db.create_element("Collection", label="a")
    with pytest.raises(QuiverError) as e:
        collections_db.create_element("Collection", label="a")
    assert str(e.value) == (
        "Failed to execute statement: UNIQUE constraint failed: Collection.label"
        " (Collection 'label' = 'a' is already used by element 1)"
    )


def test_date_time_column_rejects_numbers_accepts_any_text(db):
    with pytest.raises(QuiverError, match="Type mismatch for column 'date_attribute': expected DATE_TIME, got INTEGER"):
        db.create_element("Configuration", label="c", date_attribute=1)
    db.create_element("Configuration", label="c", date_attribute="not-a-date")
    assert column(db, "SELECT date_attribute FROM Configuration") == ["not-a-date"]


def test_unknown_collection(collections_db):
    with pytest.raises(QuiverError, match="^Cannot create_element: collection not found: Nope$"):
        collections_db.create_element("Nope", label="x")


def test_python_side_errors(collections_db):
    with pytest.raises(TypeError, match=r"Unsupported type tuple for Element.set\('label'\)"):
        collections_db.create_element("Collection", label=("x",))
    from datetime import datetime

    with pytest.raises(TypeError, match="Unsupported type datetime"):
        collections_db.create_element("Collection", label="x", some_float=datetime(2024, 1, 1))
    with pytest.raises(OverflowError):
        collections_db.create_element("Collection", label="x", some_integer=2**64)
    with pytest.raises(TypeError):
        collections_db.create_element(1, label="x")
    assert rows(collections_db, "SELECT * FROM Collection") == []


def test_closed_database(tmp_path):
    db = Database.from_schema(str(tmp_path / "c.db"), str(VALID / "collections.sql"))
    db.close()
    with pytest.raises(QuiverError, match="^Database has been closed$"):
        db.create_element("Collection", label="x")
    with pytest.raises(QuiverError, match="^Database has been closed$"):
        db.delete_element("Collection", 1)


# ---- atomicity inside a caller's transaction ----


def test_failed_create_inside_transaction_leaves_no_trace(collections_db):
    before = dump(collections_db)
    collections_db.begin_transaction()
    kept = collections_db.create_element("Collection", label="kept", value_int=[1])
    for kwargs in (
        {"label": "bad", "value_int": [1, 2], "value_float": [1.0]},  # length mismatch after the row insert
        {"label": "bad2", "tag": ["a", "a"]},  # constraint failure in a group table
        {"label": "kept"},  # duplicate label
    ):
        with pytest.raises(QuiverError):
            collections_db.create_element("Collection", **kwargs)
    assert collections_db.in_transaction()
    collections_db.commit()
    after = dump(collections_db)
    assert after != before
    assert rows(collections_db, "SELECT id, label FROM Collection") == [(kept, "kept")]
    assert rows(collections_db, "SELECT id, value_int FROM Collection_vector_values") == [(kept, 1)]
    assert rows(collections_db, "SELECT * FROM Collection_set_tags") == []


def test_routing_by_column_name_across_group_kinds(describe_db):
    eid = describe_db.create_element(
        "Items", label="i", amount=[1.5], score=[2], tag=["t"], date_time=["2024-01-01"], value=[1.0], count=[3]
    )
    assert rows(describe_db, "SELECT id, vector_index, amount FROM Items_vector_values") == [(eid, 1, 1.5)]
    assert rows(describe_db, "SELECT id, date_time, value, count FROM Items_time_series_data") == [
        (eid, "2024-01-01", 1.0, 3)
    ]
    # a list named after a vector group whose table has no such column (quirk of the routing): a clear error
    before = dump(describe_db)
    with pytest.raises(QuiverError, match="^Column 'values' not found in table 'Items_vector_values'$"):
        describe_db.create_element("Items", label="j", values=[1.0])
    assert dump(describe_db) == before


def test_lists_for_group_tables_of_another_collection_do_not_route(tmp_path):
    with Database.from_schema(str(tmp_path / "r.db"), str(VALID / "relations.sql")) as db:
        with pytest.raises(
            QuiverError,
            match="^Cannot create_element: array 'parent_ref' does not match any vector, set, or time series table in collection 'Parent'$",
        ):
            db.create_element("Parent", label="p", parent_ref=[1])


def test_scalar_round_trip_property(tmp_path):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    db = Database.from_schema(str(tmp_path / "p.db"), str(VALID / "basic.sql"))
    text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=20)
    counter = iter(range(10**9))

    @settings(max_examples=60, deadline=None)
    @given(
        integer=st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)),
        real=st.one_of(st.none(), st.floats(allow_nan=False)),
        string=st.one_of(st.none(), text),
    )
    def check(integer, real, string):
        label = f"e{next(counter)}"
        eid = db.create_element(
            "Configuration", label=label, integer_attribute=integer, float_attribute=real, string_attribute=string
        )
        stored = (
            db.read_scalar_integer_by_id("Configuration", "integer_attribute", eid),
            db.read_scalar_float_by_id("Configuration", "float_attribute", eid),
            db.read_scalar_string_by_id("Configuration", "string_attribute", eid),
        )
        expected_string = None if string is None else string.strip(" \t\r\n")
        assert stored == (integer, real, expected_string)

    db.begin_transaction()  # no fsync per example
    try:
        check()
    finally:
        db.close()

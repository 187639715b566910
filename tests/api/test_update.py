"""Database.update_element (docs/reference/database-api.md 3.6, 3.8; 9.1 items 17, 32-37; 9.2 items 10-15)."""

from __future__ import annotations

import pytest

from quiverdb import QuiverError
from support.paths import VALID
from support.writes import column, dump, rows


@pytest.fixture
def item(collections_db):
    eid = collections_db.create_element(
        "Collection",
        label="Item 1",
        some_integer=10,
        some_float=2.5,
        value_int=[1, 2],
        value_float=[0.5, 1.5],
        tag=["t1", "t2"],
    )
    other = collections_db.create_element("Collection", label="Item 2", some_integer=20, value_int=[9], tag=["o"])
    return collections_db, eid, other


@pytest.fixture
def family(relations_db):
    relations_db.create_element("Parent", label="Parent 1")
    relations_db.create_element("Parent", label="Parent 2")
    child = relations_db.create_element(
        "Child",
        label="Child 1",
        parent_id=1,
        mentor_id=["Parent 1"],
        parent_ref=["Parent 1"],
        date_time=["2024-01-01"],
        sponsor_id=["Parent 1"],
    )
    return relations_db, child


def vector(db, eid):
    return rows(
        db, "SELECT value_int, value_float FROM Collection_vector_values WHERE id = ? ORDER BY vector_index", (eid,)
    )


def tags(db, eid):
    return sorted(column(db, "SELECT tag FROM Collection_set_tags WHERE id = ?", (eid,)))


# ---- scalars ----


def test_scalar_update_keeps_other_scalars(item):
    db, eid, other = item
    db.update_element("Collection", eid, some_integer=99)
    assert db.read_scalar_integer_by_id("Collection", "some_integer", eid) == 99
    assert db.read_scalar_float_by_id("Collection", "some_float", eid) == 2.5
    assert db.read_scalar_string_by_id("Collection", "label", eid) == "Item 1"
    assert db.read_scalar_integer_by_id("Collection", "some_integer", other) == 20
    assert vector(db, eid) == [(1, 0.5), (2, 1.5)]


def test_several_scalars_none_and_trimming(db):
    eid = db.create_element(
        "Configuration", label="c", integer_attribute=1, string_attribute="hello", float_attribute=1.0
    )
    db.update_element(
        "Configuration",
        eid,
        integer_attribute=100,
        float_attribute=2.71,
        string_attribute="  world  ",
        date_attribute=None,
    )
    assert rows(
        db, "SELECT integer_attribute, float_attribute, string_attribute, date_attribute FROM Configuration"
    ) == [(100, 2.71, "world", None)]
    db.update_element("Configuration", eid, string_attribute=None, boolean_attribute=False)
    assert rows(db, "SELECT string_attribute, boolean_attribute FROM Configuration") == [(None, 0)]


def test_missing_id_is_not_an_error_for_scalars_and_empty_lists(item):
    db, eid, other = item
    before = dump(db)
    db.update_element("Collection", 999, some_integer=1)
    db.update_element("Collection", 999, value_int=[])
    assert dump(db) == before
    with pytest.raises(QuiverError) as e:
        db.update_element("Collection", 999, value_int=[1])
    assert str(e.value) == "Failed to execute statement: FOREIGN KEY constraint failed (no Collection has id 999)"
    assert dump(db) == before


# ---- lists ----


def test_vector_replaced_longer_shorter_single_and_cleared(item):
    db, eid, other = item
    db.update_element("Collection", eid, value_int=[10, 20, 30])
    assert db.read_vector_integers_by_id("Collection", "value_int", eid) == [10, 20, 30]
    # (quirk kept) the other column of the touched table becomes NULL
    assert vector(db, eid) == [(10, None), (20, None), (30, None)]
    db.update_element("Collection", eid, value_float=[1.1, 2.2, 3.3], value_int=[1, 2, 3])
    assert vector(db, eid) == [(1, 1.1), (2, 2.2), (3, 3.3)]
    db.update_element("Collection", eid, value_int=[7])
    assert vector(db, eid) == [(7, None)]
    db.update_element("Collection", eid, value_int=[])
    assert vector(db, eid) == []
    db.update_element("Collection", eid, value_int=[5, 6])
    assert db.read_vector_integers_by_id("Collection", "value_int", eid) == [5, 6]
    assert vector(db, other) == [(9, None)]
    assert rows(db, "SELECT vector_index FROM Collection_vector_values WHERE id = ? ORDER BY vector_index", (eid,)) == [
        (1,),
        (2,),
    ]


def test_set_replaced_cleared_and_trimmed(item):
    db, eid, other = item
    db.update_element("Collection", eid, tag=["  a  ", "\tb\n", "c"])
    assert tags(db, eid) == ["a", "b", "c"]
    db.update_element("Collection", eid, tag=[])
    assert tags(db, eid) == []
    db.update_element("Collection", eid, tag=["tag1", "tag2"])
    assert sorted(db.read_set_strings_by_id("Collection", "tag", eid)) == ["tag1", "tag2"]
    assert tags(db, other) == ["o"]


def test_scalars_and_groups_in_one_call(item):
    db, eid, _ = item
    db.update_element("Collection", eid, some_integer=1, value_int=[4], value_float=[4.5], tag=["x"])
    assert db.read_scalar_integer_by_id("Collection", "some_integer", eid) == 1
    assert vector(db, eid) == [(4, 4.5)]
    assert tags(db, eid) == ["x"]


def test_time_series_replaced(collections_db):
    eid = collections_db.create_element(
        "Collection", label="a", date_time=["2024-01-01", "2024-01-02"], value=[1.0, 2.0]
    )
    collections_db.update_element(
        "Collection", eid, date_time=["2024-03-03", "2024-03-01", "2024-03-02"], value=[3.0, 1.0, 2.0]
    )
    assert rows(collections_db, "SELECT date_time, value FROM Collection_time_series_data ORDER BY date_time") == [
        ("2024-03-01", 1.0),
        ("2024-03-02", 2.0),
        ("2024-03-03", 3.0),
    ]


def test_all_types_groups(all_types_db):
    eid = all_types_db.create_element("AllTypes", label="a", label_value=["x"], code=[1], weight=[1.0])
    all_types_db.update_element("AllTypes", eid, label_value=["alpha", "beta"], code=[3, 4], weight=[0.5, 0.25])
    assert all_types_db.read_vector_strings_by_id("AllTypes", "label_value", eid) == ["alpha", "beta"]
    assert sorted(all_types_db.read_set_integers_by_id("AllTypes", "code", eid)) == [3, 4]
    assert sorted(all_types_db.read_set_floats_by_id("AllTypes", "weight", eid)) == [0.25, 0.5]


# ---- relations ----


def test_fk_updates_by_label_and_id(family):
    db, child = family
    db.update_element("Child", child, parent_id="Parent 2")
    assert db.read_scalar_integer_by_id("Child", "parent_id", child) == 2
    db.update_element("Child", child, parent_id=1)
    assert db.read_scalar_integer_by_id("Child", "parent_id", child) == 1
    db.update_element("Child", child, parent_ref=["Parent 2", "Parent 1"])
    assert db.read_vector_integers_by_id("Child", "parent_ref", child) == [2, 1]
    db.update_element("Child", child, mentor_id=["Parent 2"])
    assert db.read_set_integers_by_id("Child", "mentor_id", child) == [2]
    db.update_element("Child", child, date_time=["2024-06-01", "2024-06-02"], sponsor_id=["Parent 2", "Parent 1"])
    assert [r["sponsor_id"] for r in db.read_time_series_group("Child", "events", child)] == [2, 1]


def test_all_fk_kinds_together(family):
    db, child = family
    db.update_element(
        "Child",
        child,
        parent_id="Parent 2",
        mentor_id=["Parent 2"],
        parent_ref=["Parent 2"],
        date_time=["2024-01-01"],
        sponsor_id=["Parent 2"],
    )
    assert db.read_scalar_integer_by_id("Child", "parent_id", child) == 2
    assert db.read_set_integers_by_id("Child", "mentor_id", child) == [2]
    assert db.read_vector_integers_by_id("Child", "parent_ref", child) == [2]
    assert [r["sponsor_id"] for r in db.read_time_series_group("Child", "events", child)] == [2]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"parent_id": "Nonexistent Parent"},
        {"parent_ref": ["Parent 2", "Nonexistent Parent"]},
        {"mentor_id": ["Nonexistent Parent"]},
        {"date_time": ["2024-02-02"], "sponsor_id": ["Nonexistent Parent"]},
        {"parent_id": "Parent 2", "mentor_id": ["Parent 2"], "parent_ref": ["Nonexistent Parent"]},
    ],
)
def test_unknown_label_preserves_everything(family, kwargs):
    db, child = family
    before = dump(db)
    with pytest.raises(QuiverError, match="^Failed to resolve label 'Nonexistent Parent' to ID in table 'Parent'$"):
        db.update_element("Child", child, **kwargs)
    assert dump(db) == before
    assert db.read_scalar_integer_by_id("Child", "parent_id", child) == 1


# ---- errors ----


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({}, "Cannot update_element: element must have at least one attribute to update"),
        ({"nope": 1}, "Column 'nope' not found in table 'Collection'"),
        ({"some_float": 1}, "Type mismatch for column 'some_float': expected REAL, got INTEGER"),
        (
            {"some_integer": "x"},
            "Cannot resolve attribute: 'some_integer' is INTEGER but received string 'x' (not a foreign key)",
        ),
        (
            {"nonexistent_attr": [1, 2, 3]},
            "Cannot update_element: array 'nonexistent_attr' does not match any vector, set, or time series table in collection 'Collection'",
        ),
        (
            {"nonexistent_attr": []},
            "Cannot update_element: array 'nonexistent_attr' does not match any vector, set, or time series table in collection 'Collection'",
        ),
        (
            {"value_int": ["a", "b"]},
            "Cannot resolve attribute: 'value_int' is INTEGER but received string 'a' (not a foreign key)",
        ),
        ({"tag": [1, 2]}, "Type mismatch for array 'tag' index 0: expected TEXT, got INTEGER"),
        (
            {"value_int": [1, 2], "value_float": [1.0]},
            "Cannot update_element: vector columns in table 'Collection_vector_values' must have the same length",
        ),
        # [] mixed with a non-empty list of the same table: always the length error (upstream read out of bounds)
        (
            {"value_float": [], "value_int": [1, 2]},
            "Cannot update_element: vector columns in table 'Collection_vector_values' must have the same length",
        ),
        (
            {"value_int": [], "value_float": [1.0]},
            "Cannot update_element: vector columns in table 'Collection_vector_values' must have the same length",
        ),
        (
            {"tag": ["a", "a"]},
            "Failed to execute statement: UNIQUE constraint failed: Collection_set_tags.id, Collection_set_tags.tag"
            " (Collection element 1: 'tag' = 'a' given more than once (row 2))",
        ),
        (
            {"label": "Item 2"},
            "Failed to execute statement: UNIQUE constraint failed: Collection.label"
            " (Collection 'label' = 'Item 2' is already used by element 2)",
        ),
        (
            {"label": None},
            "Failed to execute statement: NOT NULL constraint failed: Collection.label"
            " (Collection element 1: 'label' needs a value)",
        ),
        (
            {"some_integer": 1.5},
            "Failed to execute statement: cannot store REAL value in INTEGER column Collection.some_integer",
        ),
        # a valid scalar and a valid group, then a failing group: nothing of it stays
        ({"some_integer": 5, "value_int": [8], "value_float": [8.5], "tag": ["x", "x"]}, None),
        ({"some_integer": 5, "tag": ["y"], "date_time": ["2024", "2024"], "value": [1.0, 2.0]}, None),
    ],
)
def test_update_errors_leave_database_unchanged(item, kwargs, message):
    db, eid, _ = item
    before = dump(db)
    with pytest.raises(QuiverError) as e:
        db.update_element("Collection", eid, **kwargs)
    if message is not None:
        assert str(e.value) == message
    assert dump(db) == before


def test_unknown_collection_and_python_errors(item):
    db, eid, _ = item
    with pytest.raises(QuiverError, match="^Cannot update_element: collection not found: Nope$"):
        db.update_element("Nope", eid, value_int=[1])
    with pytest.raises(QuiverError, match="^Cannot update_element: collection not found: Nope$"):
        db.update_element("Nope", eid, tag=["a"])
    with pytest.raises(TypeError, match="Unsupported type"):
        db.update_element("Collection", eid, some_integer={1})
    with pytest.raises(TypeError):
        db.update_element("Collection", "1", some_integer=1)
    with pytest.raises(TypeError):
        db.update_element("Collection", None, some_integer=1)
    with pytest.raises(OverflowError):
        db.update_element("Collection", 2**63, some_integer=1)
    db.update_element("Collection", True, some_integer=7)  # bool is an int id
    assert db.read_scalar_integer_by_id("Collection", "some_integer", 1) == 7


# ---- atomicity inside a caller's transaction ----


def test_failed_updates_inside_transaction_leave_no_trace(item):
    db, eid, other = item
    db.begin_transaction()
    db.update_element("Collection", other, some_integer=21)
    for kwargs in (
        {"some_integer": 5, "tag": ["x", "x"]},
        {"value_int": [1, 2], "value_float": [1.0]},
        {"some_integer": 6, "label": "Item 2"},
        {"some_integer": 7, "date_time": ["2024", "2024"], "value": [1.0, 2.0]},
    ):
        with pytest.raises(QuiverError):
            db.update_element("Collection", eid, **kwargs)
    assert db.in_transaction()
    db.commit()
    assert db.read_scalar_integer_by_id("Collection", "some_integer", eid) == 10
    assert db.read_scalar_integer_by_id("Collection", "some_integer", other) == 21
    assert vector(db, eid) == [(1, 0.5), (2, 1.5)]
    assert tags(db, eid) == ["t1", "t2"]
    assert rows(db, "SELECT * FROM Collection_time_series_data") == []


def test_rollback_undoes_updates(item):
    db, eid, _ = item
    before = dump(db)
    with pytest.raises(ValueError):
        with db.transaction():
            db.update_element("Collection", eid, some_integer=1, value_int=[], tag=["z"])
            raise ValueError("abort")
    assert dump(db) == before


def test_read_only_database_refuses_writes(tmp_path, item):
    from quiverdb import Database

    db, eid, _ = item
    path = db.path()
    db.close()
    with Database.open(path, read_only=True) as ro:
        before = dump(ro)
        with pytest.raises(QuiverError, match="^Cannot update_element: database is read-only$"):
            ro.update_element("Collection", eid, some_integer=1)
        with pytest.raises(QuiverError, match="^Cannot create_element: database is read-only$"):
            ro.create_element("Collection", label="x")
        with pytest.raises(QuiverError, match="^Cannot delete_element: database is read-only$"):
            ro.delete_element("Collection", eid)
        with pytest.raises(QuiverError, match="^Cannot update_vector_group: database is read-only$"):
            ro.update_vector_group("Collection", "values", eid, {})
        with pytest.raises(QuiverError, match="^Cannot update_set_group: database is read-only$"):
            ro.update_set_group("Collection", "tags", eid, {})
        assert dump(ro) == before


def test_closed_database_is_reported_first(tmp_path):
    from quiverdb import Database

    db = Database.from_schema(str(tmp_path / "c.db"), str(VALID / "collections.sql"))
    db.close()
    calls = [
        lambda: db.update_element("Collection", "not an id", some_integer=1),
        lambda: db.update_element("Collection", 1),
        lambda: db.delete_element(1, None),
        lambda: db.create_element(None, label={}),
        lambda: db.update_vector_group("Collection", "values", None, {}),
        lambda: db.update_set_group("Collection", "tags", 1, {"tag": ["a"]}),
    ]
    for call in calls:
        with pytest.raises(QuiverError, match="^Database has been closed$"):
            call()


def test_threads_sharing_one_handle(collections_db):
    import threading

    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            # one transaction per thread keeps the test fast (a transaction belongs to the thread
            # that began it: the others wait for it)
            with collections_db.transaction():
                for i in range(50):
                    eid = collections_db.create_element("Collection", label=f"{t}-{i}", value_int=[t, i], tag=[str(i)])
                    collections_db.update_element(
                        "Collection", eid, some_integer=i, value_float=[0.5, 1.5], value_int=[i, t]
                    )
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert rows(collections_db, "SELECT COUNT(*) FROM Collection") == [(200,)]
    assert rows(collections_db, "SELECT COUNT(*) FROM Collection_vector_values WHERE value_float IS NOT NULL") == [
        (400,)
    ]

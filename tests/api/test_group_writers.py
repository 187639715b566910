"""Whole-group writers update_vector_group / update_set_group (later upstream, docs/reference/database-api.md 10)."""

from __future__ import annotations

import pytest

from quiverdb import QuiverError
from quiverdb._c_api import ffi, lib
from support.writes import dump, rows

VECTORS = "SELECT vector_index, value_int, value_float FROM Collection_vector_values WHERE id = ? ORDER BY vector_index"


@pytest.fixture
def item(collections_db):
    eid = collections_db.create_element("Collection", label="a", value_int=[1, 2], value_float=[0.5, 1.5], tag=["t"])
    other = collections_db.create_element("Collection", label="b", value_int=[9], tag=["o"])
    return collections_db, eid, other


@pytest.fixture
def family(relations_db):
    relations_db.create_element("Parent", label="Parent 1")
    relations_db.create_element("Parent", label="Parent 2")
    child = relations_db.create_element("Child", label="c")
    return relations_db, child


def test_vector_group_replaced_with_null_cells(item):
    db, eid, other = item
    db.update_vector_group("Collection", "values", eid, {"value_int": [1, None, 3], "value_float": [1, 2.5, None]})
    assert rows(db, VECTORS, (eid,)) == [(1, 1, 1.0), (2, None, 2.5), (3, 3, None)]
    assert rows(db, VECTORS, (other,)) == [(1, 9, None)]


def test_columns_not_named_become_null_and_all_none_column(item):
    db, eid, _ = item
    db.update_vector_group("Collection", "values", eid, {"value_float": [0.25]})
    assert rows(db, VECTORS, (eid,)) == [(1, None, 0.25)]
    db.update_vector_group("Collection", "values", eid, {"value_int": [None, None], "value_float": [1.0, 2.0]})
    assert rows(db, VECTORS, (eid,)) == [(1, None, 1.0), (2, None, 2.0)]


def test_empty_dict_clears_only_that_group(item):
    db, eid, other = item
    db.update_vector_group("Collection", "values", eid, {})
    assert rows(db, VECTORS, (eid,)) == []
    assert rows(db, "SELECT tag FROM Collection_set_tags WHERE id = ?", (eid,)) == [("t",)]
    db.update_set_group("Collection", "tags", eid, {})
    assert rows(db, "SELECT tag FROM Collection_set_tags WHERE id = ?", (eid,)) == []
    assert rows(db, "SELECT tag FROM Collection_set_tags WHERE id = ?", (other,)) == [("o",)]


def test_set_group_replaced_and_trimmed(item):
    db, eid, _ = item
    db.update_set_group("Collection", "tags", eid, {"tag": ["  x ", "y"]})
    assert sorted(db.read_set_strings_by_id("Collection", "tag", eid)) == ["x", "y"]


def test_fk_labels_in_vector_and_set_groups(family):
    db, child = family
    db.update_vector_group("Child", "refs", child, {"parent_ref": ["Parent 2", None, "Parent 1"]})
    assert rows(db, "SELECT parent_ref FROM Child_vector_refs ORDER BY vector_index") == [(2,), (None,), (1,)]
    db.update_set_group("Child", "mentors", child, {"mentor_id": ["Parent 1", "Parent 2"]})
    assert db.read_set_integers_by_id("Child", "mentor_id", child) == [1, 2]
    db.update_set_group("Child", "mentors", child, {"mentor_id": [2]})
    assert db.read_set_integers_by_id("Child", "mentor_id", child) == [2]


def test_ints_widened_for_real_columns(all_types_db):
    eid = all_types_db.create_element("AllTypes", label="a")
    all_types_db.update_set_group("AllTypes", "weights", eid, {"weight": [1, 2]})
    assert rows(all_types_db, "SELECT weight, typeof(weight) FROM AllTypes_set_weights ORDER BY weight") == [
        (1.0, "real"),
        (2.0, "real"),
    ]


@pytest.mark.parametrize(
    "group, data, message",
    [
        (
            "values",
            {"value_int": []},
            "Cannot update_vector_group: columns [value_int] contain no rows; pass no columns to clear the group",
        ),
        (
            "values",
            {"value_int": [], "value_float": []},
            "Cannot update_vector_group: columns [value_int, value_float] contain no rows; pass no columns to clear the group",
        ),
        (
            "values",
            {"id": [1]},
            "Cannot update_vector_group: column 'id' is managed by the group table, not a value column",
        ),
        (
            "values",
            {"vector_index": [1]},
            "Cannot update_vector_group: column 'vector_index' is managed by the group table, not a value column",
        ),
        (
            "values",
            {"nope": [1]},
            "Cannot update_vector_group: column 'nope' not found in group 'values' for collection 'Collection'",
        ),
        (
            "values",
            {"tag": ["x"]},
            "Cannot update_vector_group: column 'tag' not found in group 'values' for collection 'Collection'",
        ),
        (
            "values",
            {"value_int": ["x"]},
            "Cannot resolve attribute: 'value_int' is INTEGER but received string 'x' (not a foreign key)",
        ),
        (
            "values",
            {"value_int": [1.5]},
            "Cannot update_vector_group: column 'value_int' has type INTEGER but received FLOAT",
        ),
        (
            "values",
            {"value_float": ["x"]},
            "Cannot update_vector_group: column 'value_float' has type FLOAT but received STRING",
        ),
        ("nope", {}, "Vector group not found: 'nope' in collection 'Collection'"),
        ("tags", {}, "Vector group not found: 'tags' in collection 'Collection'"),
    ],
)
def test_vector_group_errors_change_nothing(item, group, data, message):
    db, eid, _ = item
    before = dump(db)
    with pytest.raises(QuiverError) as e:
        db.update_vector_group("Collection", group, eid, data)
    assert str(e.value) == message
    assert dump(db) == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"tag": [1]}, "Cannot update_set_group: column 'tag' has type STRING but received INTEGER"),
        (
            {"tag": ["a", "a"]},
            "Failed to execute statement: UNIQUE constraint failed: Collection_set_tags.id, Collection_set_tags.tag",
        ),
        ({"id": [1]}, "Cannot update_set_group: column 'id' is managed by the group table, not a value column"),
        (
            {"vector_index": [1]},
            "Cannot update_set_group: column 'vector_index' not found in group 'tags' for collection 'Collection'",
        ),
        ({"tag": []}, "Cannot update_set_group: columns [tag] contain no rows; pass no columns to clear the group"),
    ],
)
def test_set_group_errors_change_nothing(item, data, message):
    db, eid, _ = item
    before = dump(db)
    with pytest.raises(QuiverError) as e:
        db.update_set_group("Collection", "tags", eid, data)
    assert str(e.value) == message
    assert dump(db) == before


def test_unknown_label_and_missing_element(family):
    db, child = family
    db.update_set_group("Child", "mentors", child, {"mentor_id": ["Parent 1"]})
    before = dump(db)
    with pytest.raises(QuiverError, match="^Failed to resolve label 'Nobody' to ID in table 'Parent'$"):
        db.update_set_group("Child", "mentors", child, {"mentor_id": ["Parent 2", "Nobody"]})
    with pytest.raises(QuiverError, match="^Element not found: 99 in collection 'Child'$"):
        db.update_set_group("Child", "mentors", 99, {"mentor_id": ["Parent 1"]})
    with pytest.raises(QuiverError, match="^Element not found: 99 in collection 'Child'$"):
        db.update_vector_group("Child", "refs", 99, {})
    with pytest.raises(QuiverError, match="^Cannot update_set_group: collection not found: Nope$"):
        db.update_set_group("Nope", "mentors", child, {})
    assert dump(db) == before


def test_not_null_column(all_types_db):
    eid = all_types_db.create_element("AllTypes", label="a", code=[1])
    before = dump(all_types_db)
    with pytest.raises(QuiverError) as e:
        all_types_db.update_set_group("AllTypes", "codes", eid, {"code": [2, None]})
    assert str(e.value) == (
        "Failed to execute statement: NOT NULL constraint failed: AllTypes_set_codes.code"
        " (AllTypes element 1: 'code' needs a value in every row of 'AllTypes_set_codes')"
    )
    assert dump(all_types_db) == before


def test_python_marshalling_errors(item):
    db, eid, _ = item
    with pytest.raises(TypeError):
        db.update_vector_group("Collection", "values", eid, {"value_int": [1, "a"]})
    with pytest.raises(TypeError):
        db.update_vector_group("Collection", "values", eid, {"value_int": [(1,)]})
    with pytest.raises(TypeError):
        db.update_vector_group("Collection", "values", eid, {"value_int": 1})
    with pytest.raises(TypeError):
        db.update_vector_group("Collection", "values", eid, [("value_int", [1])])
    with pytest.raises(ValueError):
        db.update_vector_group("Collection", "values", eid, {"value_int": [1], "value_float": [1.0, 2.0]})
    with pytest.raises(TypeError):
        db.update_vector_group("Collection", "values", "1", {})
    with pytest.raises(OverflowError):
        db.update_vector_group("Collection", "values", eid, {"value_int": [2**63]})


def test_inside_caller_transaction_failures_leave_no_trace(item):
    db, eid, _ = item
    db.begin_transaction()
    db.update_set_group("Collection", "tags", eid, {"tag": ["kept"]})
    with pytest.raises(QuiverError):
        db.update_set_group("Collection", "tags", eid, {"tag": ["x", "x"]})
    with pytest.raises(QuiverError):
        db.update_vector_group("Collection", "values", eid, {"value_float": ["bad"]})
    db.commit()
    assert db.read_set_strings_by_id("Collection", "tag", eid) == ["kept"]
    assert rows(db, VECTORS, (eid,)) == [(1, 1, 0.5), (2, 2, 1.5)]


# ---- C contract ----


def _c_names(*names):
    keep = [ffi.new("char[]", n) for n in names]
    return keep, ffi.new("char *[]", keep)


def test_c_masks_null_pointers_and_types(item):
    db, eid, _ = item
    keep, names = _c_names(b"value_int", b"value_float")
    types = ffi.new("int[]", [lib.QUIVER_DATA_TYPE_INTEGER, lib.QUIVER_DATA_TYPE_NULL])
    ints = ffi.new("int64_t[]", [5, 6])
    data = ffi.new("void *[]", [ints, ffi.NULL])
    mask = ffi.new("uint8_t[]", [1, 0])
    masks = ffi.new("uint8_t *[]", [mask, ffi.NULL])
    rc = lib.quiver_database_update_vector_group(
        db._ptr, b"Collection", b"values", eid, names, types, data, masks, 2, 2
    )
    assert rc == lib.QUIVER_OK
    assert rows(db, VECTORS, (eid,)) == [(1, 5, None), (2, None, None)]
    # NULL column_has_value: every cell present
    rc = lib.quiver_database_update_vector_group(
        db._ptr, b"Collection", b"values", eid, names, types, data, ffi.NULL, 1, 2
    )
    assert rc == lib.QUIVER_OK
    assert rows(db, VECTORS, (eid,)) == [(1, 5, None), (2, 6, None)]


def test_c_errors(item):
    db, eid, _ = item
    keep, names = _c_names(b"value_int")
    types = ffi.new("int[]", [lib.QUIVER_DATA_TYPE_INTEGER])
    data = ffi.new("void *[]", [ffi.NULL])
    before = dump(db)

    def call(*args):
        rc = lib.quiver_database_update_vector_group(*args)
        assert rc == lib.QUIVER_ERROR
        return ffi.string(lib.quiver_get_last_error()).decode()

    assert call(ffi.NULL, b"Collection", b"values", eid, names, types, data, ffi.NULL, 1, 1) == "Null argument: db"
    assert call(db._ptr, ffi.NULL, b"values", eid, names, types, data, ffi.NULL, 1, 1) == "Null argument: collection"
    assert call(db._ptr, b"Collection", ffi.NULL, eid, names, types, data, ffi.NULL, 1, 1) == "Null argument: group"
    assert (
        call(db._ptr, b"Collection", b"values", eid, ffi.NULL, types, data, ffi.NULL, 1, 1)
        == "Cannot update_vector_group: column_names, column_types, and column_data must be non-null when column_count > 0"
    )
    assert call(db._ptr, b"Collection", b"values", eid, names, types, data, ffi.NULL, 1, 1) == (
        "Cannot update_vector_group: column_data for column 'value_int' is NULL"
    )
    bad = ffi.new("int[]", [7])
    assert call(db._ptr, b"Collection", b"values", eid, names, bad, data, ffi.NULL, 1, 1) == (
        "Cannot update_vector_group: unknown data type 7 for column 'value_int'"
    )
    assert call(db._ptr, b"Collection", b"values", eid, ffi.NULL, ffi.NULL, ffi.NULL, ffi.NULL, 0, 3) == (
        "Cannot update_vector_group: column_count must be > 0 when row_count > 0"
    )
    null_name = ffi.new("char *[]", [ffi.NULL])
    assert call(db._ptr, b"Collection", b"values", eid, null_name, types, data, ffi.NULL, 1, 1) == (
        "Cannot update_vector_group: column_names[0] is NULL"
    )
    assert (
        lib.quiver_database_update_set_group(
            ffi.NULL, b"Collection", b"tags", eid, ffi.NULL, ffi.NULL, ffi.NULL, ffi.NULL, 0, 0
        )
        == lib.QUIVER_ERROR
    )
    assert dump(db) == before


def test_c_string_column_with_null_entries(item):
    db, eid, _ = item
    keep, names = _c_names(b"tag")
    types = ffi.new("int[]", [lib.QUIVER_DATA_TYPE_STRING])
    items = [ffi.new("char[]", b"a"), ffi.new("char[]", b"b")]
    strings = ffi.new("char *[]", items)
    data = ffi.new("void *[]", [strings])
    rc = lib.quiver_database_update_set_group(db._ptr, b"Collection", b"tags", eid, names, types, data, ffi.NULL, 1, 2)
    assert rc == lib.QUIVER_OK
    assert sorted(db.read_set_strings_by_id("Collection", "tag", eid)) == ["a", "b"]

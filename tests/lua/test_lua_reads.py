# docs/reference/lua.md 4.1 items: 2, 6, 7, 8, 9, 10, 14, 15, 32, 33, 34, 35, 39, 44, 61, 63, 79, 80, 81, 82, 83, 84, 94, 95, 96
"""Lua reads (docs/reference/lua.md 3.6, 3.7.3, 3.7.4): bulk reads, element ids, the by-id readers (composite
and single-attribute), read_vector_group_by_id / read_set_group_by_id, number_of_elements.
Shapes are checked inside Lua (1-based arrays, integer/float subtypes, nil for NULL) and the
values against the Python Database API."""

from __future__ import annotations

import pytest

from quiverdb import Database
from support.lua import error_line, run


@pytest.fixture
def items(composite_helpers_db: Database) -> Database:
    """Items 1 with one value in every single-column group (amount, score, note, code, weight, tag)."""
    composite_helpers_db.create_element(
        "Items",
        label="Item 1",
        amount=[10, 20, 30],
        score=[1.1, 2.2],
        note=["hello", "world"],
        code=[1, 2, 3],
        weight=[1.5, 2.5],
        tag=["a", "b"],
    )
    return composite_helpers_db


# ---- bulk scalar reads ----


def test_read_scalar_strings_is_a_1_based_array_in_creation_order(collections_db: Database) -> None:
    # item 2
    assert run(
        collections_db,
        'db:create_element("Collection", { label = "Item 1" })\n'
        'db:create_element("Collection", { label = "Item 2" })\n'
        'local labels = db:read_scalar_strings("Collection", "label")\n'
        "return #labels, labels[1], labels[2], labels[0], labels[3]",
    ) == (2, "Item 1", "Item 2", None, None)


def test_read_scalar_integers_in_order_and_summed(collections_db: Database) -> None:
    # item 6
    for i, v in enumerate([10, 20, 30]):
        collections_db.create_element("Collection", label=f"Item {i}", some_integer=v)
    values, total, kind = run(
        collections_db,
        'local v = db:read_scalar_integers("Collection", "some_integer")\n'
        "local sum = 0\nfor _, x in ipairs(v) do sum = sum + x end\n"
        "return v, sum, math.type(v[1])",
    )
    assert (values, total, kind) == ([10, 20, 30], 60, "integer")


def test_read_scalar_floats(collections_db: Database) -> None:
    # item 7
    collections_db.create_element("Collection", label="a", some_float=1.5)
    collections_db.create_element("Collection", label="b", some_float=2.5)
    assert run(
        collections_db,
        'local v = db:read_scalar_floats("Collection", "some_float")\n'
        "return #v == 2 and v[1] == 1.5 and v[2] == 2.5, math.type(v[1])",
    ) == (True, "float")


def test_bulk_scalar_reads_omit_null_cells(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="a", some_integer=1)
    collections_db.create_element("Collection", label="b")
    collections_db.create_element("Collection", label="c", some_integer=3)
    assert run(collections_db, 'return db:read_scalar_integers("Collection", "some_integer")') == [1, 3]


def test_float_read_of_integer_column_widens(collections_db: Database) -> None:
    # docs/compatibility.md: INTEGER cells are returned widened to float (later upstream)
    collections_db.create_element("Collection", label="a", some_integer=4)
    assert run(
        collections_db,
        'local v = db:read_scalar_floats("Collection", "some_integer"); return v[1], math.type(v[1])',
    ) == (4.0, "float")
    assert collections_db.read_scalar_floats("Collection", "some_integer") == [4.0]


@pytest.mark.parametrize("method", ["read_scalar_strings", "read_scalar_integers", "read_scalar_floats"])
def test_bulk_scalar_reads_of_empty_collection(collections_db: Database, method: str) -> None:
    # items 33, 34
    field = {"read_scalar_strings": "label", "read_scalar_integers": "some_integer", "read_scalar_floats": "some_float"}
    assert run(collections_db, f'local v = db:{method}("Collection", "{field[method]}"); return type(v), #v') == (
        "table",
        0,
    )


def test_read_scalar_strings_of_unknown_collection_fails(collections_db: Database) -> None:
    # item 32
    assert error_line(collections_db, 'db:read_scalar_strings("NonexistentCollection", "label")') == (
        "Cannot read_scalar_strings: collection not found: NonexistentCollection"
    )


def test_reading_unknown_attribute_fails(collections_db: Database) -> None:
    # item 39
    collections_db.create_element("Collection", label="a")
    assert error_line(collections_db, 'db:read_scalar_strings("Collection", "nonexistent_attribute")') == (
        "Cannot read_scalar_strings: column 'nonexistent_attribute' not found in table 'Collection'"
    )


# ---- element ids and counts ----


def test_read_element_ids_match_created_ids(collections_db: Database) -> None:
    # item 14
    created, read = run(
        collections_db,
        "local created = {}\n"
        'for i = 1, 3 do created[i] = db:create_element("Collection", { label = "Item " .. i }) end\n'
        'return created, db:read_element_ids("Collection")',
    )
    assert created == read == [1, 2, 3]
    assert collections_db.read_element_ids("Collection") == read


def test_read_element_ids_of_empty_collection(collections_db: Database) -> None:
    # item 15
    assert run(collections_db, 'local ids = db:read_element_ids("Collection"); return type(ids), #ids') == ("table", 0)


def test_read_element_ids_of_unknown_collection_fails(collections_db: Database) -> None:
    # item 44
    assert (
        error_line(collections_db, 'db:read_element_ids("Nope")')
        == "Cannot read_element_ids: collection not found: Nope"
    )


def test_number_of_elements(collections_db: Database) -> None:
    assert run(collections_db, 'return db:number_of_elements("Collection")') == 0
    collections_db.create_element("Collection", label="a")
    collections_db.create_element("Collection", label="b")
    n, kind = run(collections_db, 'local n = db:number_of_elements("Collection"); return n, math.type(n)')
    assert (n, kind) == (2, "integer") and n == collections_db.number_of_elements("Collection")
    assert (
        error_line(collections_db, 'db:number_of_elements("Nope")')
        == "Cannot number_of_elements: collection not found: Nope"
    )


# ---- bulk group reads ----


def test_read_vector_integers_one_table_per_element(collections_db: Database) -> None:
    # item 8
    collections_db.create_element("Collection", label="a", value_int=[1, 2, 3])
    collections_db.create_element("Collection", label="b", value_int=[10, 20])
    assert run(
        collections_db,
        'local v = db:read_vector_integers("Collection", "value_int")\nreturn #v, #v[1], #v[2], v, math.type(v[2][1])',
    ) == (2, 3, 2, [[1, 2, 3], [10, 20]], "integer")


def test_read_vector_floats_exact(collections_db: Database) -> None:
    # item 9
    collections_db.create_element("Collection", label="a", value_float=[1.1, 2.2, 3.3])
    assert (
        run(
            collections_db,
            'local v = db:read_vector_floats("Collection", "value_float")\n'
            "return #v == 1 and v[1][1] == 1.1 and v[1][2] == 2.2 and v[1][3] == 3.3",
        )
        is True
    )


def test_read_vector_when_no_element_has_rows(collections_db: Database) -> None:
    # items 10, 35
    assert run(collections_db, 'return #db:read_vector_integers("Collection", "value_int")') == 0
    collections_db.create_element("Collection", label="a")
    assert run(collections_db, 'local v = db:read_vector_integers("Collection", "value_int"); return type(v), #v') == (
        "table",
        0,
    )


def test_group_bulk_reads_skip_elements_without_rows(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="a", value_int=[1])
    collections_db.create_element("Collection", label="b")
    collections_db.create_element("Collection", label="c", value_int=[3, 4])
    assert run(collections_db, 'return db:read_vector_integers("Collection", "value_int")') == [[1], [3, 4]]


def test_read_vector_strings(all_types_db: Database) -> None:
    # item 94
    all_types_db.create_element("AllTypes", label="a", label_value=["alpha", "beta"])
    all_types_db.create_element("AllTypes", label="b", label_value=["gamma", "delta", "epsilon"])
    expected = [["alpha", "beta"], ["gamma", "delta", "epsilon"]]
    assert run(all_types_db, 'return db:read_vector_strings("AllTypes", "label_value")') == expected
    assert all_types_db.read_vector_strings("AllTypes", "label_value") == expected


def test_vector_read_by_group_name_when_column_has_that_name(items: Database) -> None:
    assert run(items, 'return db:read_vector_integers("Items", "amount")') == [[10, 20, 30]]


def test_read_set_strings_one_set_per_element(collections_db: Database) -> None:
    # item 63
    collections_db.create_element("Collection", label="a", tag=["x", "y"])
    collections_db.create_element("Collection", label="b", tag=["p", "q", "r"])
    sizes, sets = run(
        collections_db, 'local s = db:read_set_strings("Collection", "tag"); return {#s, #s[1], #s[2]}, s'
    )
    assert sizes == [2, 2, 3]
    assert [sorted(s) for s in sets] == [["x", "y"], ["p", "q", "r"]]


def test_read_set_integers(all_types_db: Database) -> None:
    # item 95
    all_types_db.create_element("AllTypes", label="a", code=[1, 2])
    all_types_db.create_element("AllTypes", label="b", code=[10, 20, 30])
    sets = run(all_types_db, 'local s = db:read_set_integers("AllTypes", "code"); return s')
    assert [sorted(s) for s in sets] == [[1, 2], [10, 20, 30]]
    assert run(all_types_db, 'return math.type(db:read_set_integers("AllTypes", "code")[1][1])') == "integer"


def test_read_set_floats(all_types_db: Database) -> None:
    # item 96
    all_types_db.create_element("AllTypes", label="a", weight=[1.5, 2.5])
    all_types_db.create_element("AllTypes", label="b", weight=[9.75])
    sets = run(all_types_db, 'return db:read_set_floats("AllTypes", "weight")')
    assert [sorted(s) for s in sets] == [[1.5, 2.5], [9.75]]
    assert sets == all_types_db.read_set_floats("AllTypes", "weight")


def test_unknown_group_column_fails(collections_db: Database) -> None:
    assert error_line(collections_db, 'db:read_vector_integers("Collection", "nope")') == (
        "Vector attribute 'nope' not found for collection 'Collection'"
    )
    assert error_line(collections_db, 'db:read_set_strings("Collection", "nope")') == (
        "Set attribute 'nope' not found for collection 'Collection'"
    )


def test_vector_written_by_lua_read_from_python(collections_db: Database) -> None:
    # item 61 (the upstream placeholder reads a vector from C++)
    run(collections_db, 'db:create_element("Collection", { label = "v", value_int = {1, 2, 3} })')
    assert collections_db.read_vector_integers_by_id("Collection", "value_int", 1) == [1, 2, 3]


# ---- composite by-id reads ----


def test_read_scalars_by_id(collections_db: Database) -> None:
    # item 79
    collections_db.create_element("Collection", label="Item 1", some_integer=42, some_float=3.14)
    result = run(
        collections_db,
        'local s = db:read_scalars_by_id("Collection", 1)\n'
        "return s, type(s.label), math.type(s.some_integer), math.type(s.some_float), math.type(s.id)",
    )
    assert result == (
        {"id": 1, "label": "Item 1", "some_integer": 42, "some_float": 3.14},
        "string",
        "integer",
        "float",
        "integer",
    )


def test_read_scalars_by_id_omits_null_and_missing_id_is_empty(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="a")
    assert run(collections_db, 'return db:read_scalars_by_id("Collection", 1)') == {"id": 1, "label": "a"}
    assert run(collections_db, 'local s = db:read_scalars_by_id("Collection", 99); return next(s) == nil') is True


def test_read_scalars_by_id_date_time_as_string(db: Database) -> None:
    db.create_element("Configuration", label="cfg", date_attribute="2024-01-15T10:30:00", integer_attribute=1)
    assert (
        run(db, 'local s = db:read_scalars_by_id("Configuration", 1); return s.date_attribute') == "2024-01-15T10:30:00"
    )


def test_read_vectors_by_id_without_vector_groups(db: Database) -> None:
    # item 80
    db.create_element("Configuration", label="cfg")
    assert run(db, 'local v = db:read_vectors_by_id("Configuration", 1); return type(v), next(v) == nil') == (
        "table",
        True,
    )


def test_read_sets_by_id_without_set_groups(db: Database) -> None:
    # item 81
    db.create_element("Configuration", label="cfg")
    assert run(db, 'local s = db:read_sets_by_id("Configuration", 1); return type(s), next(s) == nil') == (
        "table",
        True,
    )


def test_read_vectors_by_id_keyed_by_column(items: Database) -> None:
    # item 82
    v = run(items, 'return db:read_vectors_by_id("Items", 1)')
    assert v == {"amount": [10, 20, 30], "score": [1.1, 2.2], "note": ["hello", "world"]}
    assert v == items.read_vectors_by_id("Items", 1)


def test_read_sets_by_id_keyed_by_column(items: Database) -> None:
    # item 83
    s = run(items, 'local s = db:read_sets_by_id("Items", 1); return s, #s.code, #s.weight, #s.tag')
    assert s[0] == {"code": [1, 2, 3], "weight": [1.5, 2.5], "tag": ["a", "b"]}
    assert s[1:] == (3, 2, 2)
    assert s[0] == items.read_sets_by_id("Items", 1)


def test_read_element_by_id_merges_scalars_vectors_sets(items: Database) -> None:
    # item 84
    result, keys = run(
        items,
        'local e = db:read_element_by_id("Items", 1)\nlocal n = 0\nfor _ in pairs(e) do n = n + 1 end\nreturn e, n',
    )
    assert result["label"] == "Item 1" and result["amount"][0] == 10 and len(result["amount"]) == 3
    assert len(result["tag"]) == 2
    assert keys >= 7
    assert result == items.read_element_by_id("Items", 1)
    assert set(result) == {"id", "label", "amount", "score", "note", "code", "weight", "tag"}


def test_by_id_group_columns_without_rows_map_to_empty(items: Database) -> None:
    items.create_element("Items", label="empty")
    assert run(items, 'return db:read_vectors_by_id("Items", 2)') == {"amount": [], "score": [], "note": []}


def test_null_cells_in_read_vectors_by_id_are_holes(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="a", value_int=[1, 2, 3])
    collections_db.update_vector_group(
        "Collection", "values", 1, {"value_int": [1, 2, 3], "value_float": [0.5, None, 2.5]}
    )
    assert run(
        collections_db,
        'local v = db:read_vectors_by_id("Collection", 1).value_float\nreturn v[1], v[2] == nil, v[3], math.type(v[3])',
    ) == (0.5, True, 2.5, "float")


def test_foreign_keys_come_back_as_ids(relations_db: Database) -> None:
    relations_db.create_element("Parent", label="P1")
    relations_db.create_element("Child", label="C1", parent_id=1, parent_ref=[1])
    assert run(relations_db, 'local e = db:read_element_by_id("Child", 1); return e.parent_id, e.parent_ref') == (
        1,
        [1],
    )


def test_by_id_reads_of_unknown_collection_fail(collections_db: Database) -> None:
    for method in ["read_scalars_by_id", "read_vectors_by_id", "read_sets_by_id", "read_element_by_id"]:
        assert error_line(collections_db, f'db:{method}("Nope", 1)').endswith("collection not found: Nope")


# ---- single-attribute by-id reads (extra) ----


def test_scalar_by_id_readers(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="a", some_integer=7, some_float=2.5)
    collections_db.create_element("Collection", label="b")
    assert run(
        collections_db,
        'return db:read_scalar_integer_by_id("Collection", "some_integer", 1),\n'
        '  math.type(db:read_scalar_integer_by_id("Collection", "some_integer", 1)),\n'
        '  db:read_scalar_float_by_id("Collection", "some_float", 1),\n'
        '  db:read_scalar_string_by_id("Collection", "label", 2),\n'
        '  db:read_scalar_integer_by_id("Collection", "some_integer", 2) == nil,\n'
        '  db:read_scalar_float_by_id("Collection", "some_float", 99) == nil',
    ) == (7, "integer", 2.5, "b", True, True)
    assert error_line(collections_db, 'db:read_scalar_integer_by_id("Collection", "nope", 1)').endswith(
        "column 'nope' not found in table 'Collection'"
    )


def test_list_by_id_readers(items: Database) -> None:
    result = run(
        items,
        'return { db:read_vector_integers_by_id("Items", "amount", 1), db:read_vector_floats_by_id("Items", "score", 1),\n'
        '  db:read_vector_strings_by_id("Items", "note", 1), db:read_set_integers_by_id("Items", "code", 1),\n'
        '  db:read_set_floats_by_id("Items", "weight", 1), db:read_set_strings_by_id("Items", "tag", 1),\n'
        '  db:read_vector_integers_by_id("Items", "amount", 99) }',
    )
    assert result == [[10, 20, 30], [1.1, 2.2], ["hello", "world"], [1, 2, 3], [1.5, 2.5], ["a", "b"], []]
    assert error_line(items, 'db:read_vector_integers_by_id("Items", "nope", 1)') == (
        "Vector attribute 'nope' not found for collection 'Items'"
    )


def test_read_vector_group_by_id_rows_in_index_order(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="a", value_int=[3, 1, 2], value_float=[0.5, 1.5, 2.5])
    rows = run(collections_db, 'return db:read_vector_group_by_id("Collection", "values", 1)')
    assert rows == [
        {"vector_index": 1, "value_int": 3, "value_float": 0.5},
        {"vector_index": 2, "value_int": 1, "value_float": 1.5},
        {"vector_index": 3, "value_int": 2, "value_float": 2.5},
    ]
    # the same rows as Python's, whose vector_index is 0-based (upstream's); Lua's is the stored,
    # 1-based one, equal to the row's position in the list
    python_rows = collections_db.read_vector_group_by_id("Collection", "values", 1)
    assert [{**r, "vector_index": r["vector_index"] + 1} for r in python_rows] == rows
    assert collections_db.query_integer("SELECT max(vector_index) FROM Collection_vector_values") == 3
    assert run(collections_db, 'return #db:read_vector_group_by_id("Collection", "values", 99)') == 0


def test_read_vector_group_by_id_null_cells_absent(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="a", value_int=[1, 2])
    assert run(collections_db, 'return db:read_vector_group_by_id("Collection", "values", 1)') == [
        {"vector_index": 1, "value_int": 1},
        {"vector_index": 2, "value_int": 2},
    ]


def test_read_set_group_by_id(composite_helpers_db: Database) -> None:
    composite_helpers_db.create_element("Items", label="a", code=[3, 1, 2])
    rows = run(composite_helpers_db, 'return db:read_set_group_by_id("Items", "code", 1)')
    assert (
        rows == [{"code": 1}, {"code": 2}, {"code": 3}] == composite_helpers_db.read_set_group_by_id("Items", "code", 1)
    )
    assert error_line(composite_helpers_db, 'db:read_set_group_by_id("Items", "nope", 1)') == (
        "Set group not found: 'nope' in collection 'Items'"
    )
    assert error_line(composite_helpers_db, 'db:read_vector_group_by_id("Items", "nope", 1)') == (
        "Vector group not found: 'nope' in collection 'Items'"
    )

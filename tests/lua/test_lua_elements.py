# docs/reference/lua.md 4.1 items: 1, 4, 5, 13, 16, 17, 18, 19, 20, 21, 22, 23, 27, 28, 36, 37, 38, 40, 41, 42, 43, 45, 53, 57, 58, 59, 60, 62, 97, 98
"""Lua create_element / update_element / delete_element and the whole-group writers
update_vector_group / update_set_group (docs/reference/lua.md 3.5.1, 3.7.2), checked from Lua and from Python.

Binding deviations tested as the behaviour (docs/compatibility.md): values Lua cannot store are
errors naming the method and attribute; `{}` is an empty list (update clears the group); an
integer for a REAL column is stored as a float; integer/float lists become float lists."""

from __future__ import annotations

import pytest

from quiverdb import Database, LuaRunner
from support.lua import error_line, lua_error, run

CONFIG = 'db:create_element("Configuration", { label = "Test Config" })\n'


@pytest.fixture
def three(collections_db: Database) -> Database:
    """Collection elements 1..3 with some_integer 100, 200, 300."""
    run(
        collections_db,
        CONFIG + "for i = 1, 3 do\n"
        '  db:create_element("Collection", { label = "Item " .. i, some_integer = i * 100, some_float = i * 1.5 })\n'
        "end",
    )
    return collections_db


# ---- create_element ----


def test_create_with_scalars_is_visible_from_python(collections_db: Database) -> None:
    # item 1
    run(
        collections_db,
        CONFIG + 'db:create_element("Collection", { label = "Item 1", some_integer = 42, some_float = 3.14 })',
    )
    assert collections_db.read_scalar_strings("Collection", "label") == ["Item 1"]
    assert collections_db.read_scalar_integers("Collection", "some_integer") == [42]
    assert collections_db.read_scalar_floats("Collection", "some_float") == [3.14]
    assert collections_db.read_scalar_strings("Configuration", "label") == ["Test Config"]


def test_create_returns_the_new_integer_id(collections_db: Database) -> None:
    ids = run(
        collections_db,
        'local a = db:create_element("Collection", { label = "a" })\n'
        'local b = db:create_element("Collection", { label = "b" })\n'
        "return { a, b, math.type(a) }",
    )
    assert ids == [1, 2, "integer"]
    assert collections_db.read_element_ids("Collection") == [1, 2]


def test_create_with_vectors(collections_db: Database) -> None:
    # item 4
    run(
        collections_db,
        CONFIG
        + 'db:create_element("Collection", { label = "Item 1", value_int = {1, 2, 3}, value_float = {1.5, 2.5, 3.5} })',
    )
    assert collections_db.read_vector_integers("Collection", "value_int") == [[1, 2, 3]]
    assert collections_db.read_vector_floats("Collection", "value_float") == [[1.5, 2.5, 3.5]]


def test_runs_on_one_runner_accumulate(collections_db: Database) -> None:
    # items 5, 28
    with LuaRunner(collections_db) as runner:
        runner.run('db:create_element("Configuration", { label = "cfg" })')
        runner.run('db:create_element("Collection", { label = "Item 1" })')
        runner.run('db:create_element("Collection", { label = "Item 2" })')
        runner.run('db:create_element("Collection", { label = "Item 3" })')
    assert collections_db.read_scalar_strings("Configuration", "label") == ["cfg"]
    assert collections_db.read_scalar_strings("Collection", "label") == ["Item 1", "Item 2", "Item 3"]


def test_loop_creating_elements(collections_db: Database) -> None:
    # item 13
    count, total = run(
        collections_db,
        CONFIG + "for i = 1, 5 do\n"
        '  db:create_element("Collection", { label = "Item " .. i, some_integer = i * 10, some_float = i * 1.5 })\n'
        "end\n"
        'local labels = db:read_scalar_strings("Collection", "label")\n'
        "local sum = 0\n"
        'for _, v in ipairs(db:read_scalar_integers("Collection", "some_integer")) do sum = sum + v end\n'
        "return #labels, sum",
    )
    assert (count, total) == (5, 150)
    assert collections_db.read_scalar_strings("Collection", "label") == [f"Item {i}" for i in range(1, 6)]
    assert collections_db.read_scalar_floats("Collection", "some_float") == [1.5, 3.0, 4.5, 6.0, 7.5]


def test_create_with_only_label(collections_db: Database) -> None:
    # item 36
    assert run(collections_db, 'return db:create_element("Collection", { label = "Only" })') == 1
    assert run(collections_db, 'return db:read_scalars_by_id("Collection", 1)') == {"id": 1, "label": "Only"}
    assert collections_db.read_scalars_by_id("Collection", 1)["some_integer"] is None


def test_mixed_scalar_types_keep_their_types(collections_db: Database) -> None:
    # item 37
    s = run(
        collections_db,
        'db:create_element("Collection", { label = "Mixed", some_integer = 42, some_float = 3.14 })\n'
        'local s = db:read_scalars_by_id("Collection", 1)\n'
        "return { s.label, s.some_integer, math.type(s.some_integer), s.some_float, math.type(s.some_float) }",
    )
    assert s == ["Mixed", 42, "integer", 3.14, "float"]


def test_create_without_label_fails(collections_db: Database) -> None:
    # item 38
    message = error_line(collections_db, 'db:create_element("Collection", { some_integer = 1 })')
    assert message == (
        "Failed to execute statement: NOT NULL constraint failed: Collection.label"
        " (new Collection element: 'label' needs a value)"
    )
    assert collections_db.read_element_ids("Collection") == []


def test_create_in_unknown_collection_fails(collections_db: Database) -> None:
    # item 27
    assert error_line(collections_db, 'db:create_element("NonexistentCollection", { label = "x" })') == (
        "Cannot create_element: collection not found: NonexistentCollection"
    )


def test_failure_does_not_undo_earlier_statements(collections_db: Database) -> None:
    # item 42
    lua_error(
        collections_db,
        'db:create_element("Collection", { label = "Kept" })\ndb:create_element("Nope", { label = "x" })',
    )
    assert collections_db.read_scalar_strings("Collection", "label") == ["Kept"]


def test_whole_float_goes_into_integer_column(collections_db: Database) -> None:
    # item 43
    assert run(
        collections_db,
        'db:create_element("Collection", { label = "f", some_integer = 42.0 })\n'
        'local v = db:read_scalar_integers("Collection", "some_integer")[1]\n'
        "return v, math.type(v)",
    ) == (42, "integer")
    assert collections_db.read_scalar_integers("Collection", "some_integer") == [42]


def test_fractional_float_in_integer_column_fails(collections_db: Database) -> None:
    assert error_line(collections_db, 'db:create_element("Collection", { label = "f", some_integer = 42.5 })') == (
        "Failed to execute statement: cannot store REAL value in INTEGER column Collection.some_integer"
    )
    assert collections_db.read_element_ids("Collection") == []


def test_special_characters_in_label(collections_db: Database) -> None:
    # item 45
    label = 'It\'s a "test" <>&'
    run(collections_db, 'db:create_element("Collection", { label = [[' + label + "]] })")
    assert collections_db.read_scalar_strings("Collection", "label") == [label]


def test_non_ascii_labels(collections_db: Database) -> None:
    # item 53
    labels = ["日本語", "Ελληνικά", "emoji 🎉"]
    run(collections_db, "".join(f'db:create_element("Collection", {{ label = "{x}" }})\n' for x in labels))
    assert collections_db.read_scalar_strings("Collection", "label") == labels
    assert run(collections_db, 'return db:read_scalar_strings("Collection", "label")') == labels


def test_labels_and_set_strings_are_trimmed(collections_db: Database) -> None:
    # item 59
    run(
        collections_db,
        'db:create_element("Collection", { label = "  Item 1 \\t\\n", tag = {" important ", "\\turgent", "review\\n"} })',
    )
    assert collections_db.read_scalar_strings("Collection", "label") == ["Item 1"]
    assert sorted(collections_db.read_set_strings_by_id("Collection", "tag", 1)) == ["important", "review", "urgent"]


def test_wrong_scalar_types_are_engine_type_errors(collections_db: Database) -> None:
    assert error_line(collections_db, 'db:create_element("Collection", { label = 5 })') == (
        "Type mismatch for column 'label': expected TEXT, got INTEGER"
    )
    assert error_line(collections_db, 'db:create_element("Collection", { label = "x", some_float = "y" })') == (
        "Type mismatch for column 'some_float': expected REAL, got TEXT"
    )
    assert error_line(collections_db, 'db:create_element("Collection", { label = "x", some_integer = "y" })') == (
        "Cannot resolve attribute: 'some_integer' is INTEGER but received string 'y' (not a foreign key)"
    )
    assert collections_db.read_element_ids("Collection") == []


def test_routing_errors(collections_db: Database) -> None:
    assert error_line(collections_db, 'db:create_element("Collection", { label = "x", nope = 1 })') == (
        "Column 'nope' not found in table 'Collection'"
    )
    assert error_line(collections_db, 'db:create_element("Collection", { label = "x", nope = {1} })') == (
        "Cannot create_element: array 'nope' does not match any vector, set, or time series table in collection 'Collection'"
    )
    assert (
        error_line(
            collections_db, 'db:create_element("Collection", { label = "x", value_int = {1, 2}, value_float = {1.5} })'
        )
        == "Cannot create_element: vector columns in table 'Collection_vector_values' must have the same length"
    )
    assert collections_db.read_element_ids("Collection") == []


def test_vector_column_not_given_is_null(collections_db: Database) -> None:
    run(collections_db, 'db:create_element("Collection", { label = "x", value_int = {1, 2} })')
    assert collections_db.read_vector_integers_by_id("Collection", "value_int", 1) == [1, 2]
    assert collections_db.read_vector_group_by_id("Collection", "values", 1) == [
        {"vector_index": 0, "value_int": 1, "value_float": None},
        {"vector_index": 1, "value_int": 2, "value_float": None},
    ]


# ---- binding deviations: values Lua cannot store, {}, integers for REAL, mixed lists ----


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("true", "create_element: attribute 'some_integer' must be a number, a string or a list, got boolean"),
        ("print", "create_element: attribute 'some_integer' must be a number, a string or a list, got function"),
        ("db", "create_element: attribute 'some_integer' must be a number, a string or a list, got userdata"),
        ("{ x = 1 }", "create_element: attribute 'some_integer': expected a list (a table with keys 1..0), got a table with 1 entries"),
        ("{ 1, 2, x = 1 }", "create_element: attribute 'some_integer': expected a list (a table with keys 1..2), got a table with 3 entries"),
        ('{ 1, "a" }', "create_element: attribute 'some_integer': a list must hold only numbers or only strings (item 2 differs from item 1)"),
        ('{ "a", 1 }', "create_element: attribute 'some_integer': a list must hold only numbers or only strings (item 2 differs from item 1)"),
        ("{ 1, true }", "create_element: attribute 'some_integer': item 2 must be a number or a string, got boolean"),
        ("{ {1} }", "create_element: attribute 'some_integer': item 1 must be a number or a string, got table"),
    ],
)  # fmt: skip
def test_unstorable_values_are_errors_naming_the_attribute(collections_db: Database, value: str, message: str) -> None:
    assert (
        error_line(collections_db, f'db:create_element("Collection", {{ label = "x", some_integer = {value} }})')
        == message
    )
    assert collections_db.read_element_ids("Collection") == []


def test_unstorable_value_in_update_names_update_element(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="x", some_integer=1)
    assert error_line(collections_db, 'db:update_element("Collection", 1, { some_integer = false })') == (
        "update_element: attribute 'some_integer' must be a number, a string or a list, got boolean"
    )
    assert collections_db.read_scalar_integers("Collection", "some_integer") == [1]


def test_non_string_attribute_names_are_errors(collections_db: Database) -> None:
    assert error_line(collections_db, 'db:create_element("Collection", { "x" })') == (
        "create_element: attribute names must be strings, got a key of type integer"
    )


def test_integer_for_real_column_is_stored_as_float(collections_db: Database) -> None:
    assert run(
        collections_db,
        'db:create_element("Collection", { label = "x", some_float = 3, value_float = {1, 2} })\n'
        'local f = db:read_scalar_float_by_id("Collection", "some_float", 1)\n'
        'local v = db:read_vector_floats_by_id("Collection", "value_float", 1)\n'
        "return f, math.type(f), math.type(v[1]), math.type(v[2])",
    ) == (3.0, "float", "float", "float")
    assert collections_db.read_scalars_by_id("Collection", 1)["some_float"] == 3.0
    assert collections_db.read_vector_floats_by_id("Collection", "value_float", 1) == [1.0, 2.0]
    run(collections_db, 'db:update_element("Collection", 1, { some_float = 7 })')
    assert collections_db.read_scalar_floats("Collection", "some_float") == [7.0]


def test_mixed_integer_float_list_becomes_floats_without_rounding(collections_db: Database) -> None:
    run(collections_db, 'db:create_element("Collection", { label = "x", value_float = {1, 2.5, 3} })')
    assert collections_db.read_vector_floats_by_id("Collection", "value_float", 1) == [1.0, 2.5, 3.0]
    # into an INTEGER column the fractional value is refused instead of rounded
    assert error_line(collections_db, 'db:create_element("Collection", { label = "y", value_int = {1, 2.5} })') == (
        "Failed to execute statement: cannot store REAL value in INTEGER column Collection_vector_values.value_int"
    )


def test_empty_list_on_create_is_ignored(collections_db: Database) -> None:
    # engine rule (as Python): an empty list on create is skipped, even its name
    run(collections_db, 'db:create_element("Collection", { label = "x", value_int = {}, unknown = {} })')
    assert collections_db.read_vector_integers("Collection", "value_int") == []
    assert collections_db.read_element_ids("Collection") == [1]


def test_empty_list_on_update_clears_that_group(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="x", value_int=[1, 2], value_float=[1.5, 2.5], tag=["a"])
    run(collections_db, 'db:update_element("Collection", 1, { value_int = {} })')
    assert collections_db.read_vectors_by_id("Collection", 1) == {"value_int": [], "value_float": []}
    assert collections_db.read_set_strings_by_id("Collection", "tag", 1) == ["a"]
    assert error_line(collections_db, 'db:update_element("Collection", 1, { nope = {} })') == (
        "Cannot update_element: array 'nope' does not match any vector, set, or time series table in collection 'Collection'"
    )


def test_update_with_empty_attribute_table_fails(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="x")
    assert error_line(collections_db, 'db:update_element("Collection", 1, {})') == (
        "Cannot update_element: element must have at least one attribute to update"
    )


# ---- update_element ----


def test_update_one_scalar(three: Database) -> None:
    # item 20
    assert run(
        three,
        'db:update_element("Collection", 1, { some_integer = 999 })\n'
        'local s = db:read_scalars_by_id("Collection", 1)\n'
        "return s.some_integer, s.label",
    ) == (999, "Item 1")
    assert three.read_scalar_integers("Collection", "some_integer") == [999, 200, 300]


def test_update_two_scalars(three: Database) -> None:
    # item 21
    run(three, 'db:update_element("Collection", 1, { some_integer = 500, some_float = 9.9 })')
    assert three.read_scalars_by_id("Collection", 1) == {
        "id": 1,
        "label": "Item 1",
        "some_integer": 500,
        "some_float": 9.9,
    }


def test_update_leaves_other_elements(three: Database) -> None:
    # item 22
    run(three, 'db:update_element("Collection", 2, { some_integer = 999 })')
    assert three.read_scalar_integers("Collection", "some_integer") == [100, 999, 300]
    assert three.read_scalar_strings("Collection", "label") == ["Item 1", "Item 2", "Item 3"]


def test_update_scalar_and_vector(collections_db: Database) -> None:
    # item 23
    collections_db.create_element("Collection", label="x", some_integer=1, value_int=[1, 2])
    run(collections_db, 'db:update_element("Collection", 1, { some_integer = 5, value_int = {7, 8, 9} })')
    assert collections_db.read_scalar_integers("Collection", "some_integer") == [5]
    assert collections_db.read_vector_integers_by_id("Collection", "value_int", 1) == [7, 8, 9]


def test_update_vector_to_longer(collections_db: Database) -> None:
    # item 57
    collections_db.create_element("Collection", label="x", value_int=[1, 2, 3])
    run(collections_db, 'db:update_element("Collection", 1, { value_int = {10, 20, 30, 40} })')
    assert run(collections_db, 'return db:read_vector_integers_by_id("Collection", "value_int", 1)') == [10, 20, 30, 40]


def test_update_float_vector(collections_db: Database) -> None:
    # item 58
    collections_db.create_element("Collection", label="x", value_float=[1.1, 2.2])
    run(collections_db, 'db:update_element("Collection", 1, { value_float = {5.5, 6.6, 7.7} })')
    assert collections_db.read_vector_floats_by_id("Collection", "value_float", 1) == [5.5, 6.6, 7.7]


def test_update_set_with_padded_strings_trims(collections_db: Database) -> None:
    # item 60
    collections_db.create_element("Collection", label="x", tag=["old"])
    run(collections_db, 'db:update_element("Collection", 1, { tag = {"  alpha  ", "\\tbeta", "gamma\\n"} })')
    assert collections_db.read_set_strings_by_id("Collection", "tag", 1) == ["alpha", "beta", "gamma"]


def test_update_set_replaces_it(collections_db: Database) -> None:
    # item 62
    collections_db.create_element("Collection", label="x", tag=["a", "b"])
    run(collections_db, 'db:update_element("Collection", 1, { tag = {"x", "y", "z"} })')
    assert run(collections_db, 'return db:read_set_strings_by_id("Collection", "tag", 1)') == ["x", "y", "z"]


def test_update_integer_set(all_types_db: Database) -> None:
    # item 97
    all_types_db.create_element("AllTypes", label="x")
    run(all_types_db, 'db:update_element("AllTypes", 1, { code = {10, 20, 30} })')
    assert all_types_db.read_set_integers_by_id("AllTypes", "code", 1) == [10, 20, 30]


def test_update_float_set(all_types_db: Database) -> None:
    # item 98
    all_types_db.create_element("AllTypes", label="x")
    run(all_types_db, 'db:update_element("AllTypes", 1, { weight = {1.1, 2.2} })')
    assert all_types_db.read_set_floats_by_id("AllTypes", "weight", 1) == [1.1, 2.2]


def test_update_in_unknown_collection_fails(collections_db: Database) -> None:
    # item 40
    assert error_line(collections_db, 'db:update_element("Nope", 1, { label = "x" })') == (
        "Cannot update_element: collection not found: Nope"
    )


def test_update_of_missing_id(collections_db: Database) -> None:
    # scalars change nothing; arrays fail on the foreign key
    assert run(collections_db, 'return db:update_element("Collection", 99, { some_integer = 1 })') is None
    assert error_line(collections_db, 'db:update_element("Collection", 99, { value_int = {1} })') == (
        "Failed to execute statement: FOREIGN KEY constraint failed (no Collection has id 99)"
    )


def test_failed_update_keeps_nothing_of_the_call(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="x", some_integer=1, value_int=[1])
    lua_error(collections_db, 'db:update_element("Collection", 1, { some_integer = 2, value_int = {1.5} })')
    assert collections_db.read_scalar_integers("Collection", "some_integer") == [1]
    assert collections_db.read_vector_integers_by_id("Collection", "value_int", 1) == [1]


# ---- delete_element ----


def test_delete_middle_element(three: Database) -> None:
    # items 16, 19
    assert run(three, 'db:delete_element("Collection", 2); return db:read_element_ids("Collection")') == [1, 3]
    assert three.read_scalar_strings("Collection", "label") == ["Item 1", "Item 3"]
    assert three.read_scalar_integers("Collection", "some_integer") == [100, 300]


def test_delete_element_with_vectors_keeps_the_other(collections_db: Database) -> None:
    # item 17
    run(
        collections_db,
        'db:create_element("Collection", { label = "a", value_int = {1, 2, 3} })\n'
        'db:create_element("Collection", { label = "b", value_int = {4, 5, 6} })\n'
        'db:delete_element("Collection", 1)',
    )
    assert collections_db.read_element_ids("Collection") == [2]
    assert collections_db.read_vector_integers("Collection", "value_int") == [[4, 5, 6]]


def test_delete_missing_id_changes_nothing(three: Database) -> None:
    # item 18
    assert run(three, 'return db:delete_element("Collection", 999)') is None
    assert three.read_element_ids("Collection") == [1, 2, 3]


def test_delete_in_unknown_collection_fails(collections_db: Database) -> None:
    # item 41
    assert (
        error_line(collections_db, 'db:delete_element("Nope", 1)')
        == "Cannot delete_element: collection not found: Nope"
    )


# ---- update_vector_group / update_set_group (later upstream) ----


def test_update_vector_group_replaces_the_group(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="x", value_int=[1, 2, 3], value_float=[0.5, 1.5, 2.5], tag=["t"])
    run(
        collections_db,
        'db:update_vector_group("Collection", "values", 1, { value_int = {7, 8}, value_float = {7.5, 8} })',
    )
    assert collections_db.read_vectors_by_id("Collection", 1) == {"value_int": [7, 8], "value_float": [7.5, 8.0]}
    assert collections_db.read_set_strings_by_id("Collection", "tag", 1) == ["t"]


def test_update_vector_group_null_cells_and_clear(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="x", value_int=[1, 2, 3])
    # a value column not given is NULL; an empty column table clears the group
    run(collections_db, 'db:update_vector_group("Collection", "values", 1, { value_int = {4, 5} })')
    assert collections_db.read_vector_group_by_id("Collection", "values", 1) == [
        {"vector_index": 0, "value_int": 4, "value_float": None},
        {"vector_index": 1, "value_int": 5, "value_float": None},
    ]
    run(collections_db, 'db:update_vector_group("Collection", "values", 1, {})')
    assert collections_db.read_vector_group_by_id("Collection", "values", 1) == []


def test_update_set_group(composite_helpers_db: Database) -> None:
    composite_helpers_db.create_element("Items", label="x", tag=["a", "b"], code=[1])
    run(composite_helpers_db, 'db:update_set_group("Items", "tag", 1, { tag = {" z ", "y"} })')
    assert composite_helpers_db.read_set_strings_by_id("Items", "tag", 1) == ["y", "z"]
    run(composite_helpers_db, 'db:update_set_group("Items", "tag", 1, {})')
    assert composite_helpers_db.read_set_strings_by_id("Items", "tag", 1) == []
    assert composite_helpers_db.read_set_integers_by_id("Items", "code", 1) == [1]


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ('db:update_vector_group("Items", "amount", 1, { amount = 5 })',
         "update_vector_group: column 'amount' must be a list, got integer"),
        ('db:update_vector_group("Items", "amount", 1, { nope = {5} })',
         "Cannot update_vector_group: column 'nope' not found in group 'amount' for collection 'Items'"),
        ('db:update_vector_group("Items", "nope", 1, { amount = {5} })', "Vector group not found: 'nope' in collection 'Items'"),
        ('db:update_set_group("Items", "tag", 1, { tag = {} })',
         "Cannot update_set_group: columns [tag] contain no rows; pass no columns to clear the group"),
        ('db:update_set_group("Items", "tag", 1, { tag = { true } })',
         "update_set_group: column 'tag' item 1: expected an integer, float or string (or nil), got boolean"),
        ('db:update_vector_group("Items", "amount", 1, { [1] = {5} })',
         "update_vector_group: column names must be strings, got a key of type integer"),
        ('db:update_vector_group("Items", "amount", 99, { amount = {5} })', "Element not found: 99 in collection 'Items'"),
        ('db:update_set_group("Items", "tag", 1, "x")', "update_set_group: argument #4 'columns' must be a table, got string"),
    ],
)  # fmt: skip
def test_group_writer_errors(composite_helpers_db: Database, script: str, message: str) -> None:
    composite_helpers_db.create_element("Items", label="x", amount=[1], tag=["a"])
    assert error_line(composite_helpers_db, script) == message
    assert composite_helpers_db.read_vector_integers_by_id("Items", "amount", 1) == [1]
    assert composite_helpers_db.read_set_strings_by_id("Items", "tag", 1) == ["a"]


def test_failed_write_inside_an_open_transaction_keeps_nothing_of_the_call(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="a", some_integer=1, value_int=[1])
    assert run(
        collections_db,
        "db:begin_transaction()\n"
        'db:update_element("Collection", 1, { some_integer = 5 })\n'
        'local ok1 = pcall(db.update_element, db, "Collection", 1, { some_integer = 2, value_int = {1.5} })\n'
        'local ok2 = pcall(db.create_element, db, "Collection", { label = "b", value_int = {1.5} })\n'
        "db:commit()\n"
        "return ok1, ok2",
    ) == (False, False)
    # the earlier write of the transaction stays, the failed calls left nothing
    assert collections_db.read_scalar_integers("Collection", "some_integer") == [5]
    assert collections_db.read_vector_integers_by_id("Collection", "value_int", 1) == [1]
    assert collections_db.read_element_ids("Collection") == [1]

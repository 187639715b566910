# docs/reference/lua.md 4.1 items: 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129
"""Foreign keys from Lua (docs/reference/lua.md 3.5.1): labels resolved to ids in scalar, vector, set and
time-series columns on create and update, failures that leave nothing behind, and
update_time_series_group with integer FK values. Checked against the Python API."""

from __future__ import annotations

import pytest

from quiverdb import Database
from support.lua import error_line, run


@pytest.fixture
def parents(relations_db: Database) -> Database:
    relations_db.create_element("Configuration", label="cfg")
    relations_db.create_element("Parent", label="Parent 1")
    relations_db.create_element("Parent", label="Parent 2")
    return relations_db


@pytest.fixture
def child(parents: Database) -> Database:
    """Child 1 referencing Parent 1 everywhere."""
    run(
        parents,
        'db:create_element("Child", { label = "Child 1", parent_id = 1, mentor_id = {1}, parent_ref = {1},\n'
        '  date_time = {"2024-01-01"}, sponsor_id = {1} })',
    )
    return parents


# ---- create ----


def test_set_labels_resolve_to_ids(parents: Database) -> None:
    # item 112
    run(parents, 'db:create_element("Child", { label = "Child 1", mentor_id = {"Parent 1", "Parent 2"} })')
    assert parents.read_set_integers_by_id("Child", "mentor_id", 1) == [1, 2]
    assert run(parents, 'return db:read_set_integers_by_id("Child", "mentor_id", 1)') == [1, 2]


def test_unresolvable_set_label_fails(parents: Database) -> None:
    # item 113
    assert error_line(
        parents, 'db:create_element("Child", { label = "Child 1", mentor_id = {"Nonexistent Parent"} })'
    ) == ("Failed to resolve label 'Nonexistent Parent' to ID in table 'Parent'")
    assert parents.read_element_ids("Child") == []


def test_string_in_non_fk_integer_set_fails(parents: Database) -> None:
    # item 114
    assert error_line(parents, 'db:create_element("Child", { label = "Child 1", score = {"not_a_label"} })') == (
        "Cannot resolve attribute: 'score' is INTEGER but received string 'not_a_label' (not a foreign key)"
    )
    assert parents.read_element_ids("Child") == []


def test_scalar_fk_label(parents: Database) -> None:
    # item 115
    run(parents, 'db:create_element("Child", { label = "Child 1", parent_id = "Parent 1" })')
    assert parents.read_scalar_integers("Child", "parent_id") == [1]


def test_scalar_fk_integer(parents: Database) -> None:
    # item 116
    run(parents, 'db:create_element("Child", { label = "Child 1", parent_id = 1 })')
    assert run(parents, 'return db:read_scalar_integer_by_id("Child", "parent_id", 1)') == 1


def test_vector_fk_labels_in_order(parents: Database) -> None:
    # item 117
    run(parents, 'db:create_element("Child", { label = "Child 1", parent_ref = {"Parent 1", "Parent 2"} })')
    assert parents.read_vector_integers_by_id("Child", "parent_ref", 1) == [1, 2]
    run(parents, 'db:create_element("Child", { label = "Child 2", parent_ref = {"Parent 2", "Parent 1"} })')
    assert run(parents, 'return db:read_vectors_by_id("Child", 2).parent_ref') == [2, 1]


def test_time_series_fk_labels_in_create(parents: Database) -> None:
    # item 118
    run(
        parents,
        'db:create_element("Child", { label = "Child 1", date_time = {"2024-01-01", "2024-01-02"},'
        ' sponsor_id = {"Parent 1", "Parent 2"} })',
    )
    assert parents.read_time_series_group("Child", "events", 1) == [
        {"date_time": "2024-01-01", "sponsor_id": 1},
        {"date_time": "2024-01-02", "sponsor_id": 2},
    ]


def test_all_fk_kinds_in_one_create(parents: Database) -> None:
    # item 119
    run(
        parents,
        'db:create_element("Child", { label = "Child 1", parent_id = "Parent 1", mentor_id = {"Parent 2"},\n'
        '  parent_ref = {"Parent 2"}, date_time = {"2024-01-01"}, sponsor_id = {"Parent 2"} })',
    )
    assert parents.read_scalar_integer_by_id("Child", "parent_id", 1) == 1
    assert parents.read_set_integers_by_id("Child", "mentor_id", 1) == [2]
    assert parents.read_vector_integers_by_id("Child", "parent_ref", 1) == [2]
    assert parents.read_time_series_group("Child", "events", 1) == [{"date_time": "2024-01-01", "sponsor_id": 2}]


def test_self_reference_label(child: Database) -> None:
    run(child, 'db:create_element("Child", { label = "Child 2", sibling_id = "Child 1" })')
    assert child.read_scalar_integer_by_id("Child", "sibling_id", 2) == 1


def test_schema_without_fks_is_unaffected(collections_db: Database) -> None:
    # item 120
    run(collections_db, 'db:create_element("Collection", { label = "Item 1", some_integer = 42, some_float = 3.14 })')
    assert collections_db.read_scalars_by_id("Collection", 1) == {
        "id": 1,
        "label": "Item 1",
        "some_integer": 42,
        "some_float": 3.14,
    }


def test_failed_scalar_label_creates_nothing(parents: Database) -> None:
    # item 121
    assert (
        error_line(
            parents, 'db:create_element("Child", { label = "Child 1", parent_ref = {"Parent 1"}, parent_id = "Nope" })'
        )
        == "Failed to resolve label 'Nope' to ID in table 'Parent'"
    )
    assert parents.read_element_ids("Child") == []
    assert parents.read_vector_integers("Child", "parent_ref") == []


# ---- update ----


def test_update_scalar_fk_label(child: Database) -> None:
    # item 122
    run(child, 'db:update_element("Child", 1, { parent_id = "Parent 2" })')
    assert child.read_scalar_integer_by_id("Child", "parent_id", 1) == 2


def test_update_scalar_fk_integer(child: Database) -> None:
    # item 123
    run(child, 'db:update_element("Child", 1, { parent_id = 2 })')
    assert run(child, 'return db:read_scalars_by_id("Child", 1).parent_id') == 2


def test_update_set_fk_labels(child: Database) -> None:
    # item 124
    run(child, 'db:update_element("Child", 1, { mentor_id = {"Parent 2"} })')
    assert child.read_set_integers_by_id("Child", "mentor_id", 1) == [2]


def test_update_all_fk_kinds(child: Database) -> None:
    # item 125
    run(
        child,
        'db:update_element("Child", 1, { parent_id = "Parent 2", mentor_id = {"Parent 2"}, parent_ref = {"Parent 2"},\n'
        '  date_time = {"2024-02-01"}, sponsor_id = {"Parent 2"} })',
    )
    assert child.read_scalar_integer_by_id("Child", "parent_id", 1) == 2
    assert child.read_set_integers_by_id("Child", "mentor_id", 1) == [2]
    assert child.read_vector_integers_by_id("Child", "parent_ref", 1) == [2]
    assert child.read_time_series_group("Child", "events", 1) == [{"date_time": "2024-02-01", "sponsor_id": 2}]


def test_failed_update_keeps_previous_value(child: Database) -> None:
    # item 126
    assert error_line(
        child, 'db:update_element("Child", 1, { mentor_id = {"Parent 2"}, parent_id = "Nonexistent" })'
    ) == ("Failed to resolve label 'Nonexistent' to ID in table 'Parent'")
    assert child.read_scalar_integer_by_id("Child", "parent_id", 1) == 1
    assert child.read_set_integers_by_id("Child", "mentor_id", 1) == [1]


def test_update_plain_scalars(all_types_db: Database) -> None:
    # item 127
    all_types_db.create_element("AllTypes", label="x", some_integer=1, some_float=1.5, some_text="hello")
    run(
        all_types_db, 'db:update_element("AllTypes", 1, { some_integer = 100, some_float = 2.71, some_text = "world" })'
    )
    s = all_types_db.read_scalars_by_id("AllTypes", 1)
    assert (s["some_integer"], s["some_float"], s["some_text"]) == (100, 2.71, "world")


def test_update_fk_vector_with_integers_in_order(child: Database) -> None:
    # item 128
    run(child, 'db:update_element("Child", 1, { parent_ref = {2, 1} })')
    assert child.read_vector_integers_by_id("Child", "parent_ref", 1) == [2, 1]


def test_update_time_series_group_with_integer_fks(child: Database) -> None:
    # item 129
    run(
        child,
        'db:update_time_series_group("Child", "events", 1, { { date_time = "2024-01-02", sponsor_id = 1 },'
        ' { date_time = "2024-01-01", sponsor_id = 2 } })',
    )
    rows = [{"date_time": "2024-01-01", "sponsor_id": 2}, {"date_time": "2024-01-02", "sponsor_id": 1}]
    assert child.read_time_series_group("Child", "events", 1) == rows
    assert run(child, 'return db:read_time_series_group("Child", "events", 1)') == rows


def test_update_time_series_group_does_not_resolve_labels(child: Database) -> None:
    # rows are not resolved (docs/reference/lua.md 3.5.2); the binding's type check names the cell
    assert (
        error_line(
            child,
            'db:update_time_series_group("Child", "events", 1, { { date_time = "2024-01-02", sponsor_id = "Parent 1" } })',
        )
        == "Cannot update_time_series_group: row 1 column 'sponsor_id': expected INTEGER, got string"
    )
    assert child.read_time_series_group("Child", "events", 1) == [{"date_time": "2024-01-01", "sponsor_id": 1}]


def test_group_writers_resolve_fk_labels(child: Database) -> None:
    run(
        child,
        'db:update_vector_group("Child", "refs", 1, { parent_ref = {"Parent 2", "Parent 1"} })\n'
        'db:update_set_group("Child", "mentors", 1, { mentor_id = {"Parent 2"} })',
    )
    assert child.read_vector_integers_by_id("Child", "parent_ref", 1) == [2, 1]
    assert child.read_set_integers_by_id("Child", "mentor_id", 1) == [2]
    assert error_line(child, 'db:update_set_group("Child", "mentors", 1, { mentor_id = {"Nope"} })') == (
        "Failed to resolve label 'Nope' to ID in table 'Parent'"
    )
    assert child.read_set_integers_by_id("Child", "mentor_id", 1) == [2]


def test_read_element_by_id_sets_overwrite_vectors_of_the_same_name(parents: Database) -> None:
    # parent_ref is a column of the vector group refs and of the set group parents
    parents.create_element("Child", label="Child 1")
    parents.update_vector_group("Child", "refs", 1, {"parent_ref": [2, 2, 1]})
    parents.update_set_group("Child", "parents", 1, {"parent_ref": [1]})
    assert run(parents, 'return db:read_vectors_by_id("Child", 1).parent_ref') == [2, 2, 1]
    assert run(parents, 'return db:read_element_by_id("Child", 1).parent_ref') == [1]

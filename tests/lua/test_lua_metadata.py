# docs/reference/lua.md 4.1 items: 64, 65
"""Lua metadata tables (docs/reference/lua.md 3.7.5): scalar metadata fields, group tables, ordering, the
list_* quirk for unknown collections, and the binding's foreign-key fields (is_foreign_key,
references_collection, references_column). Compared against the Python metadata API."""

from __future__ import annotations

import pytest

from quiverdb import Database
from support.lua import error_line, run


def _python_scalar(m) -> dict:
    """The Lua shape of a Python ScalarMetadata (NULL fields absent)."""
    out = {
        "name": m.name,
        "data_type": {"INTEGER": "integer", "FLOAT": "real", "STRING": "text", "DATE_TIME": "date_time"}[
            m.data_type.name
        ],
        "not_null": m.not_null,
        "primary_key": m.primary_key,
        "is_foreign_key": m.is_foreign_key,
    }
    for key in ("default_value", "references_collection", "references_column"):
        if getattr(m, key) is not None:
            out[key] = getattr(m, key)
    return out


def test_scalar_metadata_fields(db: Database) -> None:
    m = run(db, 'return db:get_scalar_metadata("Configuration", "integer_attribute")')
    assert m == {
        "name": "integer_attribute",
        "data_type": "integer",
        "not_null": False,
        "primary_key": False,
        "default_value": "6",
        "is_foreign_key": False,
    }
    assert run(
        db, 'local m = db:get_scalar_metadata("Configuration", "integer_attribute"); return type(m.not_null)'
    ) == ("boolean")


@pytest.mark.parametrize(
    ("attribute", "data_type", "not_null", "primary_key"),
    [
        ("id", "integer", False, True),
        ("label", "text", True, False),
        ("float_attribute", "real", False, False),
        ("string_attribute", "text", False, False),
        ("date_attribute", "date_time", False, False),
    ],
)
def test_scalar_metadata_types_and_flags(
    db: Database, attribute: str, data_type: str, not_null: bool, primary_key: bool
) -> None:
    m = run(db, f'return db:get_scalar_metadata("Configuration", "{attribute}")')
    assert (m["name"], m["data_type"], m["not_null"], m["primary_key"]) == (attribute, data_type, not_null, primary_key)
    assert "default_value" not in m
    assert m == _python_scalar(db.get_scalar_metadata("Configuration", attribute))


def test_list_scalar_attributes_alphabetical_with_id_and_label(db: Database) -> None:
    listed = run(db, 'return db:list_scalar_attributes("Configuration")')
    names = [m["name"] for m in listed]
    assert (
        names
        == sorted(names)
        == [
            "boolean_attribute",
            "date_attribute",
            "float_attribute",
            "id",
            "integer_attribute",
            "label",
            "string_attribute",
        ]
    )
    assert listed == [_python_scalar(m) for m in db.list_scalar_attributes("Configuration")]


def test_time_series_metadata(collections_db: Database) -> None:
    # item 64
    assert run(
        collections_db,
        'local m = db:get_time_series_metadata("Collection", "data")\n'
        "return m.group_name, m.dimension_column, m.value_columns[1].name, #m.value_columns, m.value_columns[1].data_type",
    ) == ("data", "date_time", "value", 1, "real")


def test_list_time_series_groups(collections_db: Database) -> None:
    # item 65
    groups = run(collections_db, 'return db:list_time_series_groups("Collection")')
    assert [(g["group_name"], g["dimension_column"]) for g in groups] == [("data", "date_time")]
    python = collections_db.list_time_series_groups("Collection")
    assert [[c["name"] for c in g["value_columns"]] for g in groups] == [
        [c.name for c in g.value_columns] for g in python
    ]


def test_vector_metadata_has_no_dimension_and_sorted_columns(collections_db: Database) -> None:
    m = run(collections_db, 'return db:get_vector_metadata("Collection", "values")')
    assert set(m) == {"group_name", "value_columns"}
    assert m["group_name"] == "values"
    assert [c["name"] for c in m["value_columns"]] == ["value_float", "value_int"]  # alphabetical, no id/vector_index
    assert [c["data_type"] for c in m["value_columns"]] == ["real", "integer"]
    assert m["value_columns"] == [
        _python_scalar(c) for c in collections_db.get_vector_metadata("Collection", "values").value_columns
    ]


def test_set_metadata(collections_db: Database) -> None:
    m = run(collections_db, 'return db:get_set_metadata("Collection", "tags")')
    assert m == {
        "group_name": "tags",
        "value_columns": [
            {"name": "tag", "data_type": "text", "not_null": False, "primary_key": False, "is_foreign_key": False}
        ],
    }


def test_list_groups_in_table_name_order(all_types_db: Database) -> None:
    vectors, sets = run(
        all_types_db,
        "local function names(list) local out = {} for i, g in ipairs(list) do out[i] = g.group_name end return out end\n"
        'return names(db:list_vector_groups("AllTypes")), names(db:list_set_groups("AllTypes"))',
    )
    assert vectors == ["counts", "labels"]
    assert sets == ["codes", "tags", "weights"]
    assert vectors == [g.group_name for g in all_types_db.list_vector_groups("AllTypes")]


def test_collection_without_groups_lists_nothing(db: Database) -> None:
    assert run(
        db,
        'return #db:list_vector_groups("Configuration"), #db:list_set_groups("Configuration"),'
        ' #db:list_time_series_groups("Configuration")',
    ) == (0, 0, 0)


def test_list_groups_of_unknown_collection_is_empty(collections_db: Database) -> None:
    # (quirk) no error for the list_*_groups calls
    assert run(
        collections_db,
        'return #db:list_vector_groups("Nope"), #db:list_set_groups("Nope"), #db:list_time_series_groups("Nope")',
    ) == (0, 0, 0)


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ('db:get_scalar_metadata("Collection", "nope")', "Scalar attribute not found: 'nope' in collection 'Collection'"),
        ('db:get_vector_metadata("Collection", "nope")', "Vector group not found: 'nope' in collection 'Collection'"),
        ('db:get_set_metadata("Collection", "nope")', "Set group not found: 'nope' in collection 'Collection'"),
        ('db:get_time_series_metadata("Collection", "nope")', "Time series group not found: 'nope' in collection 'Collection'"),
        ('db:get_scalar_metadata("Nope", "x")', "Cannot get_scalar_metadata: collection not found: Nope"),
        ('db:get_vector_metadata("Nope", "x")', "Cannot get_vector_metadata: collection not found: Nope"),
        ('db:get_set_metadata("Nope", "x")', "Cannot get_set_metadata: collection not found: Nope"),
        ('db:get_time_series_metadata("Nope", "x")', "Cannot get_time_series_metadata: collection not found: Nope"),
        ('db:list_scalar_attributes("Nope")', "Cannot list_scalar_attributes: collection not found: Nope"),
    ],
)  # fmt: skip
def test_metadata_errors(collections_db: Database, script: str, message: str) -> None:
    assert error_line(collections_db, script) == message


def test_foreign_key_fields(relations_db: Database) -> None:
    # binding deviation (later upstream): metadata carries the foreign-key information
    parent_id, label = run(
        relations_db,
        'return db:get_scalar_metadata("Child", "parent_id"), db:get_scalar_metadata("Child", "label")',
    )
    assert parent_id == {
        "name": "parent_id",
        "data_type": "integer",
        "not_null": False,
        "primary_key": False,
        "is_foreign_key": True,
        "references_collection": "Parent",
        "references_column": "id",
    }
    assert label["is_foreign_key"] is False and "references_collection" not in label
    sibling = run(relations_db, 'return db:get_scalar_metadata("Child", "sibling_id")')
    assert (sibling["is_foreign_key"], sibling["references_collection"]) == (True, "Child")
    # (quirk, as in Python) value columns of group metadata carry no foreign-key information
    events = run(relations_db, 'return db:get_time_series_metadata("Child", "events").value_columns[1]')
    assert (events["name"], events["is_foreign_key"], "references_collection" in events) == ("sponsor_id", False, False)
    refs = run(relations_db, 'return db:get_vector_metadata("Child", "refs").value_columns[1]')
    assert refs == _python_scalar(relations_db.get_vector_metadata("Child", "refs").value_columns[0])


def test_time_series_dimension_and_value_columns(mixed_time_series_db: Database) -> None:
    m = run(mixed_time_series_db, 'return db:get_time_series_metadata("Sensor", "readings")')
    assert m["dimension_column"] == "date_time"
    assert [(c["name"], c["data_type"], c["not_null"]) for c in m["value_columns"]] == [
        ("humidity", "integer", True),
        ("status", "text", True),
        ("temperature", "real", True),
    ]

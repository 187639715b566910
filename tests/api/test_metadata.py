"""Attribute and group metadata (docs/reference/schema.md 5, docs/reference/database-api.md 6)."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from quiverdb import Database, QuiverError
from quiverdb._c_api import get_lib
from quiverdb.metadata import DataType, GroupMetadata, ScalarMetadata
from support.paths import SCHEMAS, VALID

METADATA_SCHEMA = SCHEMAS / "metadata" / "metadata_features.sql"


# ---- scalar metadata ----


def test_integer_attribute_with_default(db):
    meta = db.get_scalar_metadata("Configuration", "integer_attribute")
    assert meta == ScalarMetadata(
        name="integer_attribute",
        data_type=DataType.INTEGER,
        not_null=False,
        primary_key=False,
        default_value="6",
        is_foreign_key=False,
        references_collection=None,
        references_column=None,
    )


def test_scalar_types_of_basic_schema(db):
    def kind(name: str) -> DataType:
        return db.get_scalar_metadata("Configuration", name).data_type

    assert kind("float_attribute") is DataType.FLOAT
    assert kind("string_attribute") is DataType.STRING
    assert kind("date_attribute") is DataType.DATE_TIME
    assert kind("boolean_attribute") is DataType.INTEGER
    assert isinstance(db.get_scalar_metadata("Configuration", "id").data_type, DataType)


def test_label_is_not_null_text(db):
    label = db.get_scalar_metadata("Configuration", "label")
    assert label.data_type is DataType.STRING
    assert label.not_null is True
    assert label.primary_key is False
    assert label.default_value is None


def test_integer_primary_key_reports_not_null_false(db):
    meta = db.get_scalar_metadata("Configuration", "id")
    assert meta.data_type is DataType.INTEGER
    assert meta.primary_key is True
    assert meta.not_null is False


def test_foreign_key_columns(relations_db):
    parent = relations_db.get_scalar_metadata("Child", "parent_id")
    assert parent.data_type is DataType.INTEGER
    assert (parent.is_foreign_key, parent.references_collection, parent.references_column) == (True, "Parent", "id")
    sibling = relations_db.get_scalar_metadata("Child", "sibling_id")
    assert (sibling.is_foreign_key, sibling.references_collection, sibling.references_column) == (True, "Child", "id")
    label = relations_db.get_scalar_metadata("Child", "label")
    assert (label.is_foreign_key, label.references_collection, label.references_column) == (False, None, None)


def test_scalar_metadata_errors(collections_db):
    with pytest.raises(QuiverError, match=r"^Cannot get_scalar_metadata: collection not found: Nope$"):
        collections_db.get_scalar_metadata("Nope", "label")
    with pytest.raises(QuiverError, match=r"^Scalar attribute not found: 'nope' in collection 'Collection'$"):
        collections_db.get_scalar_metadata("Collection", "nope")


def test_any_table_is_accepted_as_collection(collections_db):
    # (quirk) metadata treats any table of the schema as a collection
    meta = collections_db.get_scalar_metadata("Collection_vector_values", "vector_index")
    assert meta.primary_key is True
    names = [m.name for m in collections_db.list_scalar_attributes("Collection_set_tags")]
    assert names == ["id", "tag"]


# ---- list_scalar_attributes ----


def test_list_scalar_attributes_sorted_by_name(db):
    attrs = db.list_scalar_attributes("Configuration")
    assert all(isinstance(a, ScalarMetadata) for a in attrs)
    assert [a.name for a in attrs] == [
        "boolean_attribute",
        "date_attribute",
        "float_attribute",
        "id",
        "integer_attribute",
        "label",
        "string_attribute",
    ]
    by_name = {a.name: a for a in attrs}
    assert by_name["label"].not_null is True and by_name["label"].data_type is DataType.STRING
    assert by_name["date_attribute"].data_type is DataType.DATE_TIME
    assert by_name["integer_attribute"].default_value == "6"


def test_list_scalar_attributes_carry_foreign_keys(relations_db):
    by_name = {a.name: a for a in relations_db.list_scalar_attributes("Child")}
    assert set(by_name) == {"id", "label", "parent_id", "sibling_id"}
    assert by_name["parent_id"].is_foreign_key is True
    assert by_name["parent_id"].references_collection == "Parent"
    assert by_name["parent_id"].references_column == "id"
    assert by_name["label"].is_foreign_key is False
    assert by_name["label"].references_collection is None


def test_list_scalar_attributes_unknown_collection(db):
    with pytest.raises(QuiverError, match=r"^Cannot list_scalar_attributes: collection not found: Missing$"):
        db.list_scalar_attributes("Missing")


# ---- group metadata ----


def test_vector_metadata(collections_db):
    meta = collections_db.get_vector_metadata("Collection", "values")
    assert isinstance(meta, GroupMetadata)
    assert meta.group_name == "values"
    assert meta.dimension_column == ""
    assert [(c.name, c.data_type) for c in meta.value_columns] == [
        ("value_float", DataType.FLOAT),
        ("value_int", DataType.INTEGER),
    ]


def test_set_metadata(collections_db):
    meta = collections_db.get_set_metadata("Collection", "tags")
    assert meta.group_name == "tags"
    assert meta.dimension_column == ""
    assert [(c.name, c.data_type) for c in meta.value_columns] == [("tag", DataType.STRING)]


def test_time_series_metadata(collections_db):
    meta = collections_db.get_time_series_metadata("Collection", "data")
    assert meta.group_name == "data"
    assert meta.dimension_column == "date_time"
    assert [(c.name, c.data_type) for c in meta.value_columns] == [("value", DataType.FLOAT)]


def test_time_series_dimension_not_called_date_time(describe_db):
    meta = describe_db.get_time_series_metadata("Items", "metrics")
    assert meta.dimension_column == "date_recorded"
    assert [c.name for c in meta.value_columns] == ["temperature"]
    data = describe_db.get_time_series_metadata("Items", "data")
    assert [c.name for c in data.value_columns] == ["count", "value"]


def test_group_value_columns_have_no_foreign_key_info(relations_db):
    # (quirk) FK information is only reported for scalar attributes
    refs = relations_db.get_vector_metadata("Child", "refs")
    assert [c.name for c in refs.value_columns] == ["parent_ref"]
    assert refs.value_columns[0].is_foreign_key is False
    assert refs.value_columns[0].references_collection is None
    events = relations_db.get_time_series_metadata("Child", "events")
    assert events.value_columns[0].name == "sponsor_id"
    assert events.value_columns[0].is_foreign_key is False


def test_group_metadata_not_null_and_not_primary_key(all_types_db):
    meta = all_types_db.get_vector_metadata("AllTypes", "labels")
    assert [(c.name, c.not_null, c.primary_key) for c in meta.value_columns] == [("label_value", True, False)]


@pytest.mark.parametrize(
    ("method", "group", "message"),
    [
        ("get_vector_metadata", "nope", "Vector group not found: 'nope' in collection 'Collection'"),
        ("get_set_metadata", "nope", "Set group not found: 'nope' in collection 'Collection'"),
        ("get_time_series_metadata", "nope", "Time series group not found: 'nope' in collection 'Collection'"),
        # the files table is not a time-series group, and groups are looked up by kind
        ("get_time_series_metadata", "files", "Time series group not found: 'files' in collection 'Collection'"),
        ("get_set_metadata", "values", "Set group not found: 'values' in collection 'Collection'"),
        ("get_vector_metadata", "value_int", "Vector group not found: 'value_int' in collection 'Collection'"),
    ],
)
def test_group_not_found(collections_db, method, group, message):
    with pytest.raises(QuiverError) as info:
        getattr(collections_db, method)("Collection", group)
    assert str(info.value) == message


@pytest.mark.parametrize("method", ["get_vector_metadata", "get_set_metadata", "get_time_series_metadata"])
def test_group_metadata_unknown_collection(collections_db, method):
    with pytest.raises(QuiverError) as info:
        getattr(collections_db, method)("Missing", "values")
    assert str(info.value) == f"Cannot {method}: collection not found: Missing"


# ---- list_*_groups ----


def test_list_groups_of_collections_schema(collections_db):
    vectors = collections_db.list_vector_groups("Collection")
    sets = collections_db.list_set_groups("Collection")
    series = collections_db.list_time_series_groups("Collection")
    assert all(isinstance(g, GroupMetadata) for g in vectors + sets + series)
    assert [g.group_name for g in vectors] == ["values"]
    assert [g.group_name for g in sets] == ["tags"]
    # the files table is never a time-series group
    assert [(g.group_name, g.dimension_column) for g in series] == [("data", "date_time")]
    assert vectors[0] == collections_db.get_vector_metadata("Collection", "values")


def test_list_groups_sorted_by_table_name(describe_db):
    assert [g.group_name for g in describe_db.list_vector_groups("Items")] == ["scores", "values"]
    assert [g.group_name for g in describe_db.list_set_groups("Items")] == ["categories", "tags"]
    series = describe_db.list_time_series_groups("Items")
    assert [(g.group_name, g.dimension_column) for g in series] == [("data", "date_time"), ("metrics", "date_recorded")]


def test_list_groups_of_relations(relations_db):
    assert [g.group_name for g in relations_db.list_set_groups("Child")] == ["mentors", "parents", "scores"]
    assert relations_db.list_set_groups("Parent") == []


@pytest.mark.parametrize("method", ["list_vector_groups", "list_set_groups", "list_time_series_groups"])
def test_list_groups_empty(db, method):
    # (quirk) an unknown collection is not an error: the list is empty
    assert getattr(db, method)("Configuration") == []
    assert getattr(db, method)("NoSuchCollection") == []


# ---- less common features ----


@pytest.fixture
def features_db(tmp_path):
    with Database.from_schema(str(tmp_path / "features.db"), str(METADATA_SCHEMA)) as db:
        yield db


def test_default_value_texts(features_db):
    defaults = {m.name: m.default_value for m in features_db.list_scalar_attributes("Thing")}
    assert defaults == {
        "id": None,
        "label": None,
        "count": "-1",
        "ratio": "1.5",
        "note": "'abc'",
        "empty": "NULL",
        "expr": "1+2",
        "stamp": "CURRENT_TIMESTAMP",
        "date_made": None,
    }


def test_first_sorted_date_column_is_the_dimension(features_db):
    # (quirk) alphabetical, not declaration order: date_other sorts before date_time
    meta = features_db.get_time_series_metadata("Thing", "log")
    assert meta.dimension_column == "date_other"
    assert [(c.name, c.data_type) for c in meta.value_columns] == [
        ("date_time", DataType.DATE_TIME),
        ("reading", DataType.FLOAT),
    ]


NODATE_TABLE = """CREATE TABLE Thing_time_series_nodate (
    id INTEGER NOT NULL REFERENCES Thing(id) ON DELETE CASCADE ON UPDATE CASCADE,
    step INTEGER NOT NULL,
    level REAL
) STRICT;
"""


def test_time_series_without_dimension_column(tmp_path):
    # from_schema refuses such a table (docs/compatibility.md); a file made by upstream 0.5.0,
    # which accepted it, still opens and fails only on that group
    schema = tmp_path / "nodate.sql"
    schema.write_text(METADATA_SCHEMA.read_text() + NODATE_TABLE)
    with pytest.raises(QuiverError, match=r"Time series table 'Thing_time_series_nodate' must have a dimension"):
        Database.from_schema(str(tmp_path / "refused.db"), str(schema))
    path = tmp_path / "upstream.db"
    Database.from_schema(str(path), str(METADATA_SCHEMA)).close()
    with sqlite3.connect(path) as con:
        con.executescript(NODATE_TABLE)
    con.close()
    with Database.open(str(path)) as features_db:
        with pytest.raises(QuiverError) as info:
            features_db.get_time_series_metadata("Thing", "nodate")
        assert str(info.value) == "Dimension column not found: time series table 'Thing_time_series_nodate'"
        with pytest.raises(
            QuiverError, match=r"^Dimension column not found: time series table 'Thing_time_series_nodate'$"
        ):
            features_db.list_time_series_groups("Thing")
        assert features_db.get_time_series_metadata("Thing", "log").dimension_column == "date_other"


def test_composite_primary_key_columns_are_not_null_in_strict_tables(features_db):
    meta = features_db.get_scalar_metadata("Thing_vector_points", "vector_index")
    assert (meta.primary_key, meta.not_null) == (True, True)


# ---- dataclasses ----


def test_metadata_is_frozen(db, collections_db):
    meta = db.get_scalar_metadata("Configuration", "label")
    with pytest.raises(dataclasses.FrozenInstanceError):
        meta.name = "other"  # type: ignore[misc]
    group = collections_db.get_vector_metadata("Collection", "values")
    with pytest.raises(dataclasses.FrozenInstanceError):
        group.group_name = "other"  # type: ignore[misc]


def test_data_type_values_equal_c_constants():
    lib = get_lib()
    assert DataType.INTEGER == lib.QUIVER_DATA_TYPE_INTEGER
    assert DataType.FLOAT == lib.QUIVER_DATA_TYPE_FLOAT
    assert DataType.STRING == lib.QUIVER_DATA_TYPE_STRING
    assert DataType.DATE_TIME == lib.QUIVER_DATA_TYPE_DATE_TIME
    assert DataType.NULL == lib.QUIVER_DATA_TYPE_NULL


# ---- Python argument handling ----


@pytest.mark.parametrize(
    "call",
    [
        lambda d: d.get_scalar_metadata(1, "label"),
        lambda d: d.get_scalar_metadata("Configuration", None),
        lambda d: d.get_vector_metadata("Configuration", b"x"),
        lambda d: d.list_scalar_attributes(None),
        lambda d: d.list_set_groups(3),
    ],
)
def test_non_str_arguments_raise_type_error(db, call):
    with pytest.raises(TypeError):
        call(db)


@pytest.mark.parametrize(
    "call",
    [
        lambda d: d.get_scalar_metadata("Configuration", "label"),
        lambda d: d.get_vector_metadata("Collection", "values"),
        lambda d: d.get_set_metadata("Collection", "tags"),
        lambda d: d.get_time_series_metadata("Collection", "data"),
        lambda d: d.list_scalar_attributes("Configuration"),
        lambda d: d.list_vector_groups("Collection"),
        lambda d: d.list_set_groups("Collection"),
        lambda d: d.list_time_series_groups("Collection"),
    ],
)
def test_metadata_after_close_raises(tmp_path, call):
    db = Database.from_schema(str(tmp_path / "c.db"), str(VALID / "collections.sql"))
    db.close()
    with pytest.raises(QuiverError, match="closed"):
        call(db)


# ---- foreign key details (docs/reference/schema.md 2.5, 3 item 3) ----

FK_SCHEMA = """
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Parent (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Child (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL,
    parent_id INTEGER REFERENCES Parent ON DELETE SET NULL ON UPDATE CASCADE,
    twice_id INTEGER,
    FOREIGN KEY (twice_id) REFERENCES Parent(id) ON DELETE SET NULL ON UPDATE CASCADE,
    FOREIGN KEY (twice_id) REFERENCES Child(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;
"""


@pytest.fixture
def fk_db(tmp_path):
    schema = tmp_path / "fk.sql"
    schema.write_text(FK_SCHEMA)
    with Database.from_schema(":memory:", str(schema)) as db:
        yield db


def test_reference_without_column_list(fk_db):
    meta = fk_db.get_scalar_metadata("Child", "parent_id")
    assert (meta.is_foreign_key, meta.references_collection, meta.references_column) == (True, "Parent", "")


def test_column_with_two_foreign_keys_reports_the_last_declared(fk_db):
    # SQLite lists the last declared FK first; metadata takes the first in that order
    meta = fk_db.get_scalar_metadata("Child", "twice_id")
    assert (meta.references_collection, meta.references_column) == ("Child", "id")
    listed = {m.name: m for m in fk_db.list_scalar_attributes("Child")}
    assert listed["twice_id"] == meta

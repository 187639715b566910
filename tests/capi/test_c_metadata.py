"""The 12 C metadata functions: NULL arguments, ownership and frees, empty lists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from quiverdb._c_api import decode, ffi, last_error, lib

NULL = ffi.NULL


def _err(rc: int) -> str:
    assert rc == lib.QUIVER_ERROR
    return last_error()


@pytest.fixture
def h(collections_db) -> Any:
    return collections_db._handle()


@pytest.fixture
def plain() -> Iterator[Any]:
    """A plain-opened in-memory database: no schema."""
    out = ffi.new("quiver_database_t **")
    assert lib.quiver_database_open(b":memory:", NULL, out) == lib.QUIVER_OK
    yield out[0]
    lib.quiver_database_close(out[0])


GETTERS = [
    ("quiver_database_get_scalar_metadata", "quiver_scalar_metadata_t *", "attribute", b"label"),
    ("quiver_database_get_vector_metadata", "quiver_group_metadata_t *", "group_name", b"values"),
    ("quiver_database_get_set_metadata", "quiver_group_metadata_t *", "group_name", b"tags"),
    ("quiver_database_get_time_series_metadata", "quiver_group_metadata_t *", "group_name", b"data"),
]
LISTS = [
    ("quiver_database_list_scalar_attributes", "quiver_scalar_metadata_t **"),
    ("quiver_database_list_vector_groups", "quiver_group_metadata_t **"),
    ("quiver_database_list_set_groups", "quiver_group_metadata_t **"),
    ("quiver_database_list_time_series_groups", "quiver_group_metadata_t **"),
]


@pytest.mark.parametrize(("fn", "ctype", "third", "value"), GETTERS)
def test_getter_null_arguments_in_order(h, fn, ctype, third, value):
    f = getattr(lib, fn)
    out = ffi.new(ctype)
    assert _err(f(NULL, NULL, NULL, NULL)) == "Null argument: db"
    assert _err(f(h, NULL, NULL, NULL)) == "Null argument: collection"
    assert _err(f(h, b"Collection", NULL, NULL)) == f"Null argument: {third}"
    assert _err(f(h, b"Collection", value, NULL)) == "Null argument: out_metadata"
    assert f(h, b"Collection", value, out) == lib.QUIVER_OK
    free = lib.quiver_database_free_scalar_metadata if "scalar" in ctype else lib.quiver_database_free_group_metadata
    assert free(out) == lib.QUIVER_OK


@pytest.mark.parametrize(("fn", "ctype"), LISTS)
def test_list_null_arguments_in_order(h, fn, ctype):
    f = getattr(lib, fn)
    out = ffi.new(ctype)
    count = ffi.new("size_t *")
    assert _err(f(NULL, NULL, NULL, NULL)) == "Null argument: db"
    assert _err(f(h, NULL, out, count)) == "Null argument: collection"
    assert _err(f(h, b"Collection", NULL, count)) == "Null argument: out_metadata"
    assert _err(f(h, b"Collection", out, NULL)) == "Null argument: out_count"


@pytest.mark.parametrize(
    "fn",
    [
        "quiver_database_free_scalar_metadata",
        "quiver_database_free_group_metadata",
    ],
)
def test_single_free_rejects_null(fn):
    assert _err(getattr(lib, fn)(NULL)) == "Null argument: metadata"


@pytest.mark.parametrize(
    "fn", ["quiver_database_free_scalar_metadata_array", "quiver_database_free_group_metadata_array"]
)
def test_array_free_rejects_null(fn):
    assert _err(getattr(lib, fn)(NULL, 0)) == "Null argument: metadata"


def test_scalar_metadata_fields_and_idempotent_free(relations_db):
    h = relations_db._handle()
    m = ffi.new("quiver_scalar_metadata_t *")
    assert lib.quiver_database_get_scalar_metadata(h, b"Child", b"parent_id", m) == lib.QUIVER_OK
    assert decode(m.name) == "parent_id"
    assert m.data_type == lib.QUIVER_DATA_TYPE_INTEGER
    assert (m.not_null, m.primary_key, m.is_foreign_key) == (0, 0, 1)
    assert m.default_value == NULL
    assert decode(m.references_collection) == "Parent"
    assert decode(m.references_column) == "id"
    assert lib.quiver_database_free_scalar_metadata(m) == lib.QUIVER_OK
    assert m.name == NULL and m.references_collection == NULL and m.references_column == NULL
    # a second free of the same struct is harmless
    assert lib.quiver_database_free_scalar_metadata(m) == lib.QUIVER_OK


def test_failed_getter_leaves_struct_untouched(h):
    m = ffi.new("quiver_scalar_metadata_t *")
    m.not_null = 7
    rc = lib.quiver_database_get_scalar_metadata(h, b"Collection", b"missing", m)
    assert _err(rc) == "Scalar attribute not found: 'missing' in collection 'Collection'"
    assert m.not_null == 7 and m.name == NULL
    g = ffi.new("quiver_group_metadata_t *")
    g.value_column_count = 9
    rc = lib.quiver_database_get_vector_metadata(h, b"Collection", b"missing", g)
    assert _err(rc) == "Vector group not found: 'missing' in collection 'Collection'"
    assert g.value_column_count == 9 and g.group_name == NULL


def test_vector_and_set_dimension_is_null(h):
    for fn, group in [
        (lib.quiver_database_get_vector_metadata, b"values"),
        (lib.quiver_database_get_set_metadata, b"tags"),
    ]:
        g = ffi.new("quiver_group_metadata_t *")
        assert fn(h, b"Collection", group, g) == lib.QUIVER_OK
        try:
            assert g.dimension_column == NULL
            assert decode(g.group_name) == group.decode()
            assert g.value_column_count >= 1
            assert all(g.value_columns[i].is_foreign_key == 0 for i in range(g.value_column_count))
        finally:
            lib.quiver_database_free_group_metadata(g)


def test_group_free_resets_and_is_idempotent(h):
    g = ffi.new("quiver_group_metadata_t *")
    assert lib.quiver_database_get_time_series_metadata(h, b"Collection", b"data", g) == lib.QUIVER_OK
    assert decode(g.dimension_column) == "date_time"
    assert g.value_column_count == 1
    assert decode(g.value_columns[0].name) == "value"
    assert g.value_columns[0].data_type == lib.QUIVER_DATA_TYPE_FLOAT
    assert lib.quiver_database_free_group_metadata(g) == lib.QUIVER_OK
    assert (g.group_name, g.dimension_column, g.value_columns, g.value_column_count) == (NULL, NULL, NULL, 0)
    assert lib.quiver_database_free_group_metadata(g) == lib.QUIVER_OK


def test_list_scalar_attributes_sorted_with_date_time(db):
    h = db._handle()
    out = ffi.new("quiver_scalar_metadata_t **")
    count = ffi.new("size_t *")
    assert lib.quiver_database_list_scalar_attributes(h, b"Configuration", out, count) == lib.QUIVER_OK
    try:
        names = [decode(out[0][i].name) for i in range(count[0])]
        types = {decode(out[0][i].name): out[0][i].data_type for i in range(count[0])}
    finally:
        assert lib.quiver_database_free_scalar_metadata_array(out[0], count[0]) == lib.QUIVER_OK
    assert names == sorted(names) and len(names) == 7
    assert types["date_attribute"] == lib.QUIVER_DATA_TYPE_DATE_TIME


@pytest.mark.parametrize(
    "fn",
    [
        "quiver_database_list_vector_groups",
        "quiver_database_list_set_groups",
        "quiver_database_list_time_series_groups",
    ],
)
@pytest.mark.parametrize("collection", [b"Configuration", b"Unknown"])
def test_empty_group_lists_are_null_with_count_zero(h, fn, collection):
    out = ffi.new("quiver_group_metadata_t **")
    out[0] = ffi.cast("quiver_group_metadata_t *", 1)  # must be overwritten
    count = ffi.new("size_t *", 5)
    assert getattr(lib, fn)(h, collection, out, count) == lib.QUIVER_OK
    assert count[0] == 0
    assert out[0] == NULL


def test_group_list_free(describe_db):
    h = describe_db._handle()
    out = ffi.new("quiver_group_metadata_t **")
    count = ffi.new("size_t *")
    assert lib.quiver_database_list_time_series_groups(h, b"Items", out, count) == lib.QUIVER_OK
    assert count[0] == 2
    assert [decode(out[0][i].dimension_column) for i in range(2)] == ["date_time", "date_recorded"]
    assert lib.quiver_database_free_group_metadata_array(out[0], count[0]) == lib.QUIVER_OK


@pytest.mark.parametrize(("fn", "ctype"), LISTS)
def test_no_schema_loaded(plain, fn, ctype):
    out = ffi.new(ctype)
    count = ffi.new("size_t *")
    op = fn.removeprefix("quiver_database_")
    assert _err(getattr(lib, fn)(plain, b"Collection", out, count)) == f"Cannot {op}: no schema loaded"


def test_getter_no_schema_loaded(plain):
    m = ffi.new("quiver_scalar_metadata_t *")
    assert (
        _err(lib.quiver_database_get_scalar_metadata(plain, b"C", b"a", m))
        == "Cannot get_scalar_metadata: no schema loaded"
    )
    g = ffi.new("quiver_group_metadata_t *")
    assert _err(lib.quiver_database_get_time_series_metadata(plain, b"C", b"g", g)) == (
        "Cannot get_time_series_metadata: no schema loaded"
    )

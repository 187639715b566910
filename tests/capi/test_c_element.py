"""The element builder's C contract (docs/reference/c-api-list.md 3.4 and 4 "Element")."""

from __future__ import annotations

import pytest

from quiverdb._c_api import ffi, lib
from support.capi import last_error


@pytest.fixture
def el():
    out = ffi.new("quiver_element_t **")
    assert lib.quiver_element_create(out) == lib.QUIVER_OK
    assert out[0] != ffi.NULL
    yield out[0]
    assert lib.quiver_element_destroy(out[0]) == lib.QUIVER_OK


def counts(el):
    hs, ha = ffi.new("int *"), ffi.new("int *")
    sc, ac = ffi.new("size_t *"), ffi.new("size_t *")
    assert lib.quiver_element_has_scalars(el, hs) == lib.QUIVER_OK
    assert lib.quiver_element_has_arrays(el, ha) == lib.QUIVER_OK
    assert lib.quiver_element_scalar_count(el, sc) == lib.QUIVER_OK
    assert lib.quiver_element_array_count(el, ac) == lib.QUIVER_OK
    return hs[0], ha[0], sc[0], ac[0]


def to_string(el) -> str:
    out = ffi.new("char **")
    assert lib.quiver_element_to_string(el, out) == lib.QUIVER_OK
    try:
        return ffi.string(out[0]).decode()
    finally:
        lib.quiver_database_free_string(out[0])


def test_new_element_is_empty(el):
    assert counts(el) == (0, 0, 0, 0)
    assert to_string(el) == "Element {\n}"


def test_scalar_setters_and_counts(el):
    assert lib.quiver_element_set_integer(el, b"a", 1) == lib.QUIVER_OK
    assert counts(el) == (1, 0, 1, 0)
    assert lib.quiver_element_set_float(el, b"b", 2.5) == lib.QUIVER_OK
    assert lib.quiver_element_set_string(el, b"c", b"x") == lib.QUIVER_OK
    assert lib.quiver_element_set_null(el, b"d") == lib.QUIVER_OK
    assert counts(el) == (1, 0, 4, 0)
    # overwriting (also with another kind) keeps one entry with the last value
    assert lib.quiver_element_set_string(el, b"a", b"new") == lib.QUIVER_OK
    assert counts(el) == (1, 0, 4, 0)
    assert 'a: "new"' in to_string(el)


def test_null_only_counts_as_scalar(el):
    assert lib.quiver_element_set_null(el, b"n") == lib.QUIVER_OK
    assert counts(el)[0] == 1
    assert "n: null" in to_string(el)


def test_array_setters(el):
    ints = ffi.new("int64_t[]", [1, 2, 3])
    assert lib.quiver_element_set_array_integer(el, b"i", ints, 3) == lib.QUIVER_OK
    assert counts(el) == (0, 1, 0, 1)
    assert lib.quiver_element_set_array_float(el, b"f", ffi.new("double[]", [0.5]), 1) == lib.QUIVER_OK
    items = [ffi.new("char[]", b"x"), ffi.NULL, ffi.new("char[]", b"z")]
    assert lib.quiver_element_set_array_string(el, b"s", ffi.new("char *[]", items), 3) == lib.QUIVER_OK
    assert lib.quiver_element_set_array_integer(el, b"empty", ffi.NULL, 0) == lib.QUIVER_OK
    assert counts(el) == (0, 1, 0, 4)
    text = to_string(el)
    assert "i: [1, 2, 3]" in text
    assert "f: [0.500000]" in text
    assert 's: ["x", "", "z"]' in text  # (quirk) a NULL entry is stored as ""
    assert "empty: []" in text


def test_inputs_are_copied(el):
    ints = ffi.new("int64_t[]", [1, 2])
    name = ffi.new("char[]", b"v")
    assert lib.quiver_element_set_array_integer(el, name, ints, 2) == lib.QUIVER_OK
    ints[0] = 99
    name[0] = b"w"
    assert "v: [1, 2]" in to_string(el)


def test_invalid_values_count(el):
    assert lib.quiver_element_set_array_integer(el, b"a", ffi.NULL, 3) == lib.QUIVER_ERROR
    assert last_error() == "Invalid values/count combination"
    assert lib.quiver_element_set_array_float(el, b"a", ffi.new("double[]", 1), -1) == lib.QUIVER_ERROR
    assert last_error() == "Invalid values/count combination"
    assert lib.quiver_element_set_array_string(el, b"a", ffi.NULL, 1) == lib.QUIVER_ERROR
    assert last_error() == "Invalid values/count combination"
    assert counts(el) == (0, 0, 0, 0)


def test_clear(el):
    lib.quiver_element_set_integer(el, b"a", 1)
    lib.quiver_element_set_array_integer(el, b"b", ffi.new("int64_t[]", [1]), 1)
    assert lib.quiver_element_clear(el) == lib.QUIVER_OK
    assert counts(el) == (0, 0, 0, 0)
    assert lib.quiver_element_set_integer(el, b"c", 3) == lib.QUIVER_OK
    assert counts(el) == (1, 0, 1, 0)


def test_to_string_format(el):
    lib.quiver_element_set_string(el, b"label", b"Plant 1")
    lib.quiver_element_set_float(el, b"capacity", 45.67)
    lib.quiver_element_set_string(el, b"empty", b"")
    lib.quiver_element_set_array_float(el, b"costs", ffi.new("double[]", [1.0, 50.0]), 2)
    assert to_string(el) == (
        'Element {\n  scalars:\n    capacity: 45.670000\n    empty: ""\n    label: "Plant 1"\n'
        "  arrays:\n    costs: [1.000000, 50.000000]\n}"
    )


def test_null_arguments(el):
    i = ffi.new("int *")
    n = ffi.new("size_t *")
    s = ffi.new("char **")
    cases = [
        (lambda: lib.quiver_element_create(ffi.NULL), "out_element"),
        (lambda: lib.quiver_element_destroy(ffi.NULL), "element"),
        (lambda: lib.quiver_element_clear(ffi.NULL), "element"),
        (lambda: lib.quiver_element_set_integer(ffi.NULL, b"a", 1), "element"),
        (lambda: lib.quiver_element_set_integer(el, ffi.NULL, 1), "name"),
        (lambda: lib.quiver_element_set_float(ffi.NULL, b"a", 1.0), "element"),
        (lambda: lib.quiver_element_set_float(el, ffi.NULL, 1.0), "name"),
        (lambda: lib.quiver_element_set_string(ffi.NULL, b"a", b"v"), "element"),
        (lambda: lib.quiver_element_set_string(el, ffi.NULL, b"v"), "name"),
        (lambda: lib.quiver_element_set_string(el, b"a", ffi.NULL), "value"),
        (lambda: lib.quiver_element_set_null(ffi.NULL, b"a"), "element"),
        (lambda: lib.quiver_element_set_null(el, ffi.NULL), "name"),
        (lambda: lib.quiver_element_set_array_integer(ffi.NULL, b"a", ffi.NULL, 0), "element"),
        (lambda: lib.quiver_element_set_array_integer(el, ffi.NULL, ffi.NULL, 0), "name"),
        (lambda: lib.quiver_element_set_array_float(ffi.NULL, b"a", ffi.NULL, 0), "element"),
        (lambda: lib.quiver_element_set_array_float(el, ffi.NULL, ffi.NULL, 0), "name"),
        (lambda: lib.quiver_element_set_array_string(ffi.NULL, b"a", ffi.NULL, 0), "element"),
        (lambda: lib.quiver_element_set_array_string(el, ffi.NULL, ffi.NULL, 0), "name"),
        (lambda: lib.quiver_element_has_scalars(ffi.NULL, i), "element"),
        (lambda: lib.quiver_element_has_scalars(el, ffi.NULL), "out_result"),
        (lambda: lib.quiver_element_has_arrays(ffi.NULL, i), "element"),
        (lambda: lib.quiver_element_has_arrays(el, ffi.NULL), "out_result"),
        (lambda: lib.quiver_element_scalar_count(ffi.NULL, n), "element"),
        (lambda: lib.quiver_element_scalar_count(el, ffi.NULL), "out_count"),
        (lambda: lib.quiver_element_array_count(ffi.NULL, n), "element"),
        (lambda: lib.quiver_element_array_count(el, ffi.NULL), "out_count"),
        (lambda: lib.quiver_element_to_string(ffi.NULL, s), "element"),
        (lambda: lib.quiver_element_to_string(el, ffi.NULL), "out_string"),
    ]
    for call, param in cases:
        assert call() == lib.QUIVER_ERROR, param
        assert last_error() == f"Null argument: {param}"
    assert counts(el) == (0, 0, 0, 0)


# ---- quiver_database_create_element / _update_element / _delete_element (docs/reference/c-api-list.md 3.3.4, 4) ----


@pytest.fixture
def cdb(collections_db):
    """Overrides tests/capi/conftest.py's raw handle: a Database on collections.sql (``cdb._ptr`` is its handle)."""
    return collections_db


def test_c_create_with_arrays_and_reuse_of_element(cdb, el):
    lib.quiver_element_set_string(el, b"label", b"  Item 1  ")
    lib.quiver_element_set_array_integer(el, b"value_int", ffi.new("int64_t[]", [1, 2, 3]), 3)
    dates = [ffi.new("char[]", d) for d in (b"2024-01-01", b"2024-01-02")]
    lib.quiver_element_set_array_string(el, b"date_time", ffi.new("char *[]", dates), 2)
    lib.quiver_element_set_array_float(el, b"value", ffi.new("double[]", [1.0, 2.0]), 2)
    out = ffi.new("int64_t *")
    assert lib.quiver_database_create_element(cdb._ptr, b"Collection", el, out) == lib.QUIVER_OK
    assert out[0] == 1
    assert cdb.read_scalar_strings("Collection", "label") == ["Item 1"]
    assert cdb.read_vector_integers_by_id("Collection", "value_int", 1) == [1, 2, 3]
    assert [r["value"] for r in cdb.read_time_series_group("Collection", "data", 1)] == [1.0, 2.0]
    # the element is not consumed: change the label and create again
    lib.quiver_element_set_string(el, b"label", b"Item 2")
    assert lib.quiver_database_create_element(cdb._ptr, b"Collection", el, out) == lib.QUIVER_OK
    assert out[0] == 2


def test_c_write_null_arguments(cdb, el):
    lib.quiver_element_set_string(el, b"label", b"x")
    out = ffi.new("int64_t *")
    cases = [
        (lambda: lib.quiver_database_create_element(ffi.NULL, b"Collection", el, out), "db"),
        (lambda: lib.quiver_database_create_element(cdb._ptr, ffi.NULL, el, out), "collection"),
        (lambda: lib.quiver_database_create_element(cdb._ptr, b"Collection", ffi.NULL, out), "element"),
        (lambda: lib.quiver_database_create_element(cdb._ptr, b"Collection", el, ffi.NULL), "out_id"),
        (lambda: lib.quiver_database_update_element(ffi.NULL, b"Collection", 1, el), "db"),
        (lambda: lib.quiver_database_update_element(cdb._ptr, ffi.NULL, 1, el), "collection"),
        (lambda: lib.quiver_database_update_element(cdb._ptr, b"Collection", 1, ffi.NULL), "element"),
        (lambda: lib.quiver_database_delete_element(ffi.NULL, b"Collection", 1), "db"),
        (lambda: lib.quiver_database_delete_element(cdb._ptr, ffi.NULL, 1), "collection"),
    ]
    for call, param in cases:
        assert call() == lib.QUIVER_ERROR, param
        assert last_error() == f"Null argument: {param}"
    assert cdb.read_element_ids("Collection") == []


def test_c_update_with_an_empty_element_fails(cdb, el):
    lib.quiver_element_set_string(el, b"label", b"x")
    out = ffi.new("int64_t *")
    assert lib.quiver_database_create_element(cdb._ptr, b"Collection", el, out) == lib.QUIVER_OK
    lib.quiver_element_clear(el)
    assert lib.quiver_element_set_integer(el, ffi.NULL, 5) == lib.QUIVER_ERROR  # the only setter failed
    assert lib.quiver_database_update_element(cdb._ptr, b"Collection", out[0], el) == lib.QUIVER_ERROR
    assert last_error() == "Cannot update_element: element must have at least one attribute to update"


def test_c_clear_lists_with_null_values(cdb, el):
    lib.quiver_element_set_string(el, b"label", b"x")
    lib.quiver_element_set_array_integer(el, b"value_int", ffi.new("int64_t[]", [1, 2]), 2)
    out = ffi.new("int64_t *")
    assert lib.quiver_database_create_element(cdb._ptr, b"Collection", el, out) == lib.QUIVER_OK
    lib.quiver_element_clear(el)
    lib.quiver_element_set_array_integer(el, b"value_int", ffi.NULL, 0)
    lib.quiver_element_set_array_string(el, b"tag", ffi.NULL, 0)
    assert lib.quiver_database_update_element(cdb._ptr, b"Collection", out[0], el) == lib.QUIVER_OK
    assert cdb.read_vector_integers_by_id("Collection", "value_int", out[0]) == []


def test_c_string_array_with_null_entry_for_missing_element(cdb, el):
    items = [ffi.new("char[]", b"a"), ffi.NULL, ffi.new("char[]", b"c")]
    assert lib.quiver_element_set_array_string(el, b"tag", ffi.new("char *[]", items), 3) == lib.QUIVER_OK
    assert lib.quiver_database_update_element(cdb._ptr, b"Collection", 1, el) == lib.QUIVER_ERROR
    assert last_error() == "Failed to execute statement: FOREIGN KEY constraint failed (no Collection has id 1)"


def test_c_write_on_database_without_schema(tmp_path, el):
    db = ffi.new("quiver_database_t **")
    (tmp_path / "empty.db").touch()  # open never creates a file
    assert lib.quiver_database_open(str(tmp_path / "empty.db").encode(), ffi.NULL, db) == lib.QUIVER_OK
    try:
        lib.quiver_element_set_string(el, b"label", b"x")
        out = ffi.new("int64_t *")
        assert lib.quiver_database_create_element(db[0], b"Collection", el, out) == lib.QUIVER_ERROR
        assert last_error() == "Cannot create_element: no schema loaded"
        assert lib.quiver_database_update_element(db[0], b"Collection", 1, el) == lib.QUIVER_ERROR
        assert last_error() == "Cannot update_element: no schema loaded"
        assert lib.quiver_database_delete_element(db[0], b"Collection", 1) == lib.QUIVER_ERROR
        assert last_error() == "Cannot delete_element: no schema loaded"
    finally:
        lib.quiver_database_close(db[0])


# ---- extension: quiver_element_set_scalars_packed ----

import struct  # noqa: E402


def _packed(*records: tuple[str, int, object]) -> bytes:
    out = b""
    for name, code, value in records:
        out += name.encode() + b"\0" + bytes([code])
        if code == lib.QUIVER_DATA_TYPE_INTEGER:
            out += struct.pack("=q", value)
        elif code == lib.QUIVER_DATA_TYPE_FLOAT:
            out += struct.pack("=d", value)
        elif code == lib.QUIVER_DATA_TYPE_STRING:
            out += str(value).encode() + b"\0"
    return out


def test_set_scalars_packed_matches_one_setter_per_value(el):
    data = _packed(
        ("label", lib.QUIVER_DATA_TYPE_STRING, "x"),
        ("n", lib.QUIVER_DATA_TYPE_INTEGER, -(2**63)),
        ("f", lib.QUIVER_DATA_TYPE_FLOAT, 2.5),
        ("gone", lib.QUIVER_DATA_TYPE_NULL, None),
    )
    assert lib.quiver_element_set_scalars_packed(el, data, len(data)) == lib.QUIVER_OK
    out = ffi.new("quiver_element_t **")
    assert lib.quiver_element_create(out) == lib.QUIVER_OK
    try:
        other = out[0]
        lib.quiver_element_set_string(other, b"label", b"x")
        lib.quiver_element_set_integer(other, b"n", -(2**63))
        lib.quiver_element_set_float(other, b"f", 2.5)
        lib.quiver_element_set_null(other, b"gone")
        assert to_string(el) == to_string(other)
    finally:
        lib.quiver_element_destroy(out[0])
    assert counts(el) == (1, 0, 4, 0)


def test_set_scalars_packed_empty_sets_nothing(el):
    assert lib.quiver_element_set_scalars_packed(el, ffi.NULL, 0) == lib.QUIVER_OK
    assert counts(el) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "data",
    [
        b"name",  # name without NUL
        b"name\0",  # no type byte
        b"name\0\x00\x01\x02",  # integer cut short
        b"name\0\x02abc",  # string without NUL
        b"name\0\x09",  # unknown type code
    ],
)
def test_set_scalars_packed_malformed_sets_nothing(el, data):
    good = _packed(("a", lib.QUIVER_DATA_TYPE_INTEGER, 1))
    buf = good + data
    assert lib.quiver_element_set_scalars_packed(el, buf, len(buf)) == lib.QUIVER_ERROR
    assert last_error() == f"Invalid packed scalars at byte {len(good)}"
    assert counts(el) == (0, 0, 0, 0)


def test_set_scalars_packed_null_arguments(el):
    assert lib.quiver_element_set_scalars_packed(ffi.NULL, b"", 0) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: element"
    assert lib.quiver_element_set_scalars_packed(el, ffi.NULL, 3) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: data"

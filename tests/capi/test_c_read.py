"""C contract of the read functions: NULL arguments, empty results, errors and the free functions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quiverdb import Database
from quiverdb._c_api import ffi, lib
from support.capi import last_error

C = b"Collection"


# every read function with valid arguments (db inserted first) and the C names of its parameters
READS: list[tuple[str, list[Any], list[str]]] = [
    (
        "quiver_database_read_scalar_integers",
        [C, b"some_integer", "int64_t **", "size_t *"],
        ["db", "collection", "attribute", "out_values", "out_count"],
    ),
    (
        "quiver_database_read_scalar_floats",
        [C, b"some_float", "double **", "size_t *"],
        ["db", "collection", "attribute", "out_values", "out_count"],
    ),
    (
        "quiver_database_read_scalar_strings",
        [C, b"label", "char ***", "size_t *"],
        ["db", "collection", "attribute", "out_values", "out_count"],
    ),
    (
        "quiver_database_read_vector_integers",
        [C, b"value_int", "int64_t ***", "size_t **", "size_t *"],
        ["db", "collection", "attribute", "out_vectors", "out_sizes", "out_count"],
    ),
    (
        "quiver_database_read_vector_floats",
        [C, b"value_float", "double ***", "size_t **", "size_t *"],
        ["db", "collection", "attribute", "out_vectors", "out_sizes", "out_count"],
    ),
    (
        "quiver_database_read_vector_strings",
        [C, b"value_int", "char ****", "size_t **", "size_t *"],
        ["db", "collection", "attribute", "out_vectors", "out_sizes", "out_count"],
    ),
    (
        "quiver_database_read_set_integers",
        [C, b"tag", "int64_t ***", "size_t **", "size_t *"],
        ["db", "collection", "attribute", "out_sets", "out_sizes", "out_count"],
    ),
    (
        "quiver_database_read_set_floats",
        [C, b"tag", "double ***", "size_t **", "size_t *"],
        ["db", "collection", "attribute", "out_sets", "out_sizes", "out_count"],
    ),
    (
        "quiver_database_read_set_strings",
        [C, b"tag", "char ****", "size_t **", "size_t *"],
        ["db", "collection", "attribute", "out_sets", "out_sizes", "out_count"],
    ),
    (
        "quiver_database_read_scalar_integer_by_id",
        [C, b"some_integer", 1, "int64_t *", "int *"],
        ["db", "collection", "attribute", None, "out_value", "out_has_value"],
    ),
    (
        "quiver_database_read_scalar_float_by_id",
        [C, b"some_float", 1, "double *", "int *"],
        ["db", "collection", "attribute", None, "out_value", "out_has_value"],
    ),
    (
        "quiver_database_read_scalar_string_by_id",
        [C, b"label", 1, "char **", "int *"],
        ["db", "collection", "attribute", None, "out_value", "out_has_value"],
    ),
    (
        "quiver_database_read_vector_integers_by_id",
        [C, b"value_int", 1, "int64_t **", "size_t *"],
        ["db", "collection", "attribute", None, "out_values", "out_count"],
    ),
    (
        "quiver_database_read_vector_floats_by_id",
        [C, b"value_float", 1, "double **", "size_t *"],
        ["db", "collection", "attribute", None, "out_values", "out_count"],
    ),
    (
        "quiver_database_read_vector_strings_by_id",
        [C, b"value_int", 1, "char ***", "size_t *"],
        ["db", "collection", "attribute", None, "out_values", "out_count"],
    ),
    (
        "quiver_database_read_set_integers_by_id",
        [C, b"tag", 1, "int64_t **", "size_t *"],
        ["db", "collection", "attribute", None, "out_values", "out_count"],
    ),
    (
        "quiver_database_read_set_floats_by_id",
        [C, b"tag", 1, "double **", "size_t *"],
        ["db", "collection", "attribute", None, "out_values", "out_count"],
    ),
    (
        "quiver_database_read_set_strings_by_id",
        [C, b"tag", 1, "char ***", "size_t *"],
        ["db", "collection", "attribute", None, "out_values", "out_count"],
    ),
    (
        "quiver_database_read_scalar_strings_packed",
        [C, b"label", "char **", "size_t *", "size_t *"],
        ["db", "collection", "attribute", "out_data", "out_bytes", "out_count"],
    ),
    (
        "quiver_database_read_vector_strings_packed",
        [C, b"value_int", "char **", "size_t *", "size_t **", "size_t *"],
        ["db", "collection", "attribute", "out_data", "out_bytes", "out_sizes", "out_count"],
    ),
    (
        "quiver_database_read_set_strings_packed",
        [C, b"tag", "char **", "size_t *", "size_t **", "size_t *"],
        ["db", "collection", "attribute", "out_data", "out_bytes", "out_sizes", "out_count"],
    ),
    ("quiver_database_read_element_ids", [C, "int64_t **", "size_t *"], ["db", "collection", "out_ids", "out_count"]),
    ("quiver_database_number_of_elements", [C, "int64_t *"], ["db", "collection", "out_count"]),
    (
        "quiver_database_read_scalars_by_id",
        [C, 1, "quiver_column_t **", "size_t *"],
        ["db", "collection", None, "out_columns", "out_column_count"],
    ),
    (
        "quiver_database_read_vectors_by_id",
        [C, 1, "quiver_column_t **", "size_t *"],
        ["db", "collection", None, "out_columns", "out_column_count"],
    ),
    (
        "quiver_database_read_sets_by_id",
        [C, 1, "quiver_column_t **", "size_t *"],
        ["db", "collection", None, "out_columns", "out_column_count"],
    ),
    (
        "quiver_database_read_vector_group_columns_by_id",
        [C, b"values", 1, "quiver_column_t **", "size_t *"],
        ["db", "collection", "group", None, "out_columns", "out_column_count"],
    ),
    (
        "quiver_database_read_set_group_columns_by_id",
        [C, b"tags", 1, "quiver_column_t **", "size_t *"],
        ["db", "collection", "group", None, "out_columns", "out_column_count"],
    ),
]


def _args(db: Any, spec: list[Any]) -> list[Any]:
    return [db] + [ffi.new(a) if isinstance(a, str) else a for a in spec]


@pytest.mark.parametrize("fn,spec,names", READS, ids=[r[0] for r in READS])
def test_every_null_pointer_argument_is_rejected_by_name_in_order(
    cdb: Any, fn: str, spec: list[Any], names: list[Any]
) -> None:
    for i, name in enumerate(names):
        if name is None:  # the id, not a pointer
            continue
        args = _args(cdb, spec)
        args[i] = ffi.NULL
        assert getattr(lib, fn)(*args) == lib.QUIVER_ERROR
        assert last_error() == f"Null argument: {name}"
    # all arguments NULL: the first one is named
    args = [ffi.NULL if n is not None else a for n, a in zip(names, _args(cdb, spec))]
    assert getattr(lib, fn)(*args) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: db"


def test_empty_scalar_reads_return_count_zero_and_null(cdb: Any) -> None:
    for fn, attr, t in [
        (lib.quiver_database_read_scalar_integers, b"some_integer", "int64_t **"),
        (lib.quiver_database_read_scalar_floats, b"some_float", "double **"),
        (lib.quiver_database_read_scalar_strings, b"label", "char ***"),
    ]:
        out = ffi.new(t)
        n = ffi.new("size_t *", 7)
        assert fn(cdb, C, attr, out, n) == lib.QUIVER_OK
        assert n[0] == 0 and out[0] == ffi.NULL


def test_empty_bulk_group_reads_return_null_outer_and_sizes(cdb: Any) -> None:
    for fn, attr in [
        (lib.quiver_database_read_vector_integers, b"value_int"),
        (lib.quiver_database_read_set_strings, b"tag"),
    ]:
        out = ffi.new("int64_t ***") if b"value" in attr else ffi.new("char ****")
        sizes = ffi.new("size_t **")
        n = ffi.new("size_t *", 7)
        assert fn(cdb, C, attr, out, sizes, n) == lib.QUIVER_OK
        assert n[0] == 0 and out[0] == ffi.NULL and sizes[0] == ffi.NULL


def test_element_ids_and_count_of_empty_collection(cdb: Any) -> None:
    ids = ffi.new("int64_t **")
    n = ffi.new("size_t *", 7)
    assert lib.quiver_database_read_element_ids(cdb, C, ids, n) == lib.QUIVER_OK
    assert n[0] == 0 and ids[0] == ffi.NULL
    count = ffi.new("int64_t *", 7)
    assert lib.quiver_database_number_of_elements(cdb, C, count) == lib.QUIVER_OK
    assert count[0] == 0


def test_by_id_of_missing_element_reports_no_value(cdb: Any) -> None:
    value = ffi.new("int64_t *", 123)
    has = ffi.new("int *", 1)
    assert lib.quiver_database_read_scalar_integer_by_id(cdb, C, b"some_integer", 999, value, has) == lib.QUIVER_OK
    assert has[0] == 0 and value[0] == 123  # not written
    fvalue = ffi.new("double *", 1.5)
    has[0] = 1
    assert lib.quiver_database_read_scalar_float_by_id(cdb, C, b"some_float", 999, fvalue, has) == lib.QUIVER_OK
    assert has[0] == 0 and fvalue[0] == 1.5
    text = ffi.new("char **", ffi.cast("char *", 1))
    has[0] = 1
    assert lib.quiver_database_read_scalar_string_by_id(cdb, C, b"label", 999, text, has) == lib.QUIVER_OK
    assert has[0] == 0 and text[0] == ffi.NULL


def test_errors_leave_out_parameters_unwritten(cdb: Any) -> None:
    out = ffi.new("int64_t **", ffi.cast("int64_t *", 8))
    n = ffi.new("size_t *", 5)
    assert lib.quiver_database_read_scalar_integers(cdb, b"Nope", b"x", out, n) == lib.QUIVER_ERROR
    assert last_error() == "Cannot read_scalar_integers: collection not found: Nope"
    assert n[0] == 5 and out[0] == ffi.cast("int64_t *", 8)


@pytest.mark.parametrize(
    "call,message",
    [
        (
            lambda db, o, n: lib.quiver_database_read_scalar_floats(db, C, b"nope", o.d, n),
            "Cannot read_scalar_floats: column 'nope' not found in table 'Collection'",
        ),
        (
            lambda db, o, n: lib.quiver_database_read_vector_floats_by_id(db, C, b"nope", 1, o.d, n),
            "Vector attribute 'nope' not found for collection 'Collection'",
        ),
        (
            lambda db, o, n: lib.quiver_database_read_set_integers_by_id(db, C, b"nope", 1, o.i, n),
            "Set attribute 'nope' not found for collection 'Collection'",
        ),
        (
            lambda db, o, n: lib.quiver_database_read_vector_integers_by_id(db, b"Nope", b"value_int", 1, o.i, n),
            "Cannot read_vector_integers_by_id: collection not found: Nope",
        ),
        (
            lambda db, o, n: lib.quiver_database_read_element_ids(db, b"Nope", o.i, n),
            "Cannot read_element_ids: collection not found: Nope",
        ),
        (
            lambda db, o, n: lib.quiver_database_number_of_elements(db, b"Nope", o.c),
            "Cannot number_of_elements: collection not found: Nope",
        ),
    ],
)
def test_error_messages(cdb: Any, call: Any, message: str) -> None:
    class Outs:
        d = ffi.new("double **")
        i = ffi.new("int64_t **")
        c = ffi.new("int64_t *")

    assert call(cdb, Outs, ffi.new("size_t *")) == lib.QUIVER_ERROR
    assert last_error() == message


def test_free_functions_reject_null_except_free_string() -> None:
    for fn, args, name in [
        (lib.quiver_database_free_integer_array, [ffi.NULL], "values"),
        (lib.quiver_database_free_float_array, [ffi.NULL], "values"),
        (lib.quiver_database_free_string_array, [ffi.NULL, 0], "values"),
        (lib.quiver_database_free_integer_vectors, [ffi.NULL, ffi.NULL, 0], "vectors"),
        (lib.quiver_database_free_float_vectors, [ffi.NULL, ffi.NULL, 0], "vectors"),
        (lib.quiver_database_free_string_vectors, [ffi.NULL, ffi.NULL, 0], "vectors"),
        (lib.quiver_database_free_columns, [ffi.NULL, 0], "columns"),
    ]:
        assert fn(*args) == lib.QUIVER_ERROR
        assert last_error() == f"Null argument: {name}"
    assert lib.quiver_database_free_string(ffi.NULL) == lib.QUIVER_OK


def test_free_vectors_with_null_sizes_is_rejected() -> None:
    vectors = ffi.new("int64_t *[1]")
    assert lib.quiver_database_free_integer_vectors(vectors, ffi.NULL, 1) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: sizes"


def test_reads_on_a_handle_without_schema_fail_cleanly(tmp_path: Path) -> None:
    out = ffi.new("quiver_database_t **")
    (tmp_path / "empty.db").touch()  # open never creates a file
    assert lib.quiver_database_open(str(tmp_path / "empty.db").encode(), ffi.NULL, out) == lib.QUIVER_OK
    try:
        vals = ffi.new("int64_t **")
        n = ffi.new("size_t *")
        assert lib.quiver_database_read_scalar_integers(out[0], C, b"x", vals, n) == lib.QUIVER_ERROR
        assert last_error() == "Cannot read_scalar_integers: no schema loaded"
        assert lib.quiver_database_read_element_ids(out[0], C, vals, n) == lib.QUIVER_ERROR
        assert last_error() == "Cannot read_element_ids: no schema loaded"
    finally:
        lib.quiver_database_close(out[0])


def test_python_reads_of_empty_collections(collections_db: Database) -> None:
    db = collections_db
    assert db.read_scalar_integers("Collection", "some_integer") == []
    assert db.read_scalar_floats("Collection", "some_float") == []
    assert db.read_scalar_strings("Collection", "label") == []
    assert db.read_vector_integers("Collection", "value_int") == []
    assert db.read_set_strings("Collection", "tag") == []
    assert db.read_element_ids("Collection") == []
    assert db.number_of_elements("Collection") == 0
    assert db.read_scalar_integer_by_id("Collection", "some_integer", 1) is None
    assert db.read_scalar_string_by_id("Collection", "label", 1) is None
    assert db.read_vector_floats_by_id("Collection", "value_float", 1) == []
    assert db.read_set_strings_by_id("Collection", "tag", 1) == []


# ---- with data (created through the Python API on the same file) ----


@pytest.fixture
def filled(collections_db: Database) -> Database:
    db = collections_db
    db.create_element("Collection", label="b", some_integer=1, some_float=1.5, value_int=[1, 2, 3], tag=["x"])
    db.create_element("Collection", label="a", some_float=2.5)
    db.create_element("Collection", label="c", some_integer=3, value_int=[4, 5], tag=["z", "y"])
    return db


def _h(db: Database) -> Any:
    return db._handle()


def test_bulk_vector_sizes_and_values_in_id_order(filled: Database) -> None:
    vecs = ffi.new("int64_t ***")
    sizes = ffi.new("size_t **")
    n = ffi.new("size_t *")
    assert lib.quiver_database_read_vector_integers(_h(filled), C, b"value_int", vecs, sizes, n) == lib.QUIVER_OK
    try:
        assert n[0] == 2
        assert [sizes[0][0], sizes[0][1]] == [3, 2]
        assert ffi.unpack(vecs[0][0], 3) == [1, 2, 3] and ffi.unpack(vecs[0][1], 2) == [4, 5]
    finally:
        assert lib.quiver_database_free_integer_vectors(vecs[0], sizes[0], n[0]) == lib.QUIVER_OK


def test_bulk_set_strings_sizes_and_free(filled: Database) -> None:
    sets = ffi.new("char ****")
    sizes = ffi.new("size_t **")
    n = ffi.new("size_t *")
    assert lib.quiver_database_read_set_strings(_h(filled), C, b"tag", sets, sizes, n) == lib.QUIVER_OK
    try:
        assert n[0] == 2 and [sizes[0][0], sizes[0][1]] == [1, 2]
        assert [ffi.string(sets[0][1][i]) for i in range(2)] == [b"y", b"z"]
    finally:
        assert lib.quiver_database_free_string_vectors(sets[0], sizes[0], n[0]) == lib.QUIVER_OK


def test_all_null_element_gets_size_zero_and_null_inner(filled: Database) -> None:
    # element 1 and 3 have vector rows whose value_float cells are all NULL
    vecs = ffi.new("double ***")
    sizes = ffi.new("size_t **")
    n = ffi.new("size_t *")
    assert lib.quiver_database_read_vector_floats(_h(filled), C, b"value_float", vecs, sizes, n) == lib.QUIVER_OK
    try:
        assert n[0] == 2
        assert sizes[0][0] == 0 and vecs[0][0] == ffi.NULL
    finally:
        assert lib.quiver_database_free_float_vectors(vecs[0], sizes[0], n[0]) == lib.QUIVER_OK


def test_bulk_scalars_skip_nulls_and_free(filled: Database) -> None:
    ints = ffi.new("int64_t **")
    n = ffi.new("size_t *")
    assert lib.quiver_database_read_scalar_integers(_h(filled), C, b"some_integer", ints, n) == lib.QUIVER_OK
    assert ffi.unpack(ints[0], n[0]) == [1, 3]
    assert lib.quiver_database_free_integer_array(ints[0]) == lib.QUIVER_OK
    labels = ffi.new("char ***")
    assert lib.quiver_database_read_scalar_strings(_h(filled), C, b"label", labels, n) == lib.QUIVER_OK
    assert [ffi.string(labels[0][i]) for i in range(n[0])] == [b"b", b"a", b"c"]
    assert lib.quiver_database_free_string_array(labels[0], n[0]) == lib.QUIVER_OK


def test_by_id_found_sets_has_value(filled: Database) -> None:
    value = ffi.new("int64_t *")
    has = ffi.new("int *")
    assert lib.quiver_database_read_scalar_integer_by_id(_h(filled), C, b"some_integer", 3, value, has) == 0
    assert has[0] == 1 and value[0] == 3
    text = ffi.new("char **")
    assert lib.quiver_database_read_scalar_string_by_id(_h(filled), C, b"label", 2, text, has) == 0
    assert has[0] == 1 and ffi.string(text[0]) == b"a"
    assert lib.quiver_database_free_string(text[0]) == lib.QUIVER_OK


def test_scalars_by_id_columns(filled: Database) -> None:
    cols = ffi.new("quiver_column_t **")
    n = ffi.new("size_t *")
    assert lib.quiver_database_read_scalars_by_id(_h(filled), C, 2, cols, n) == lib.QUIVER_OK
    try:
        got = {}
        for i in range(n[0]):
            col = cols[0][i]
            assert col.count == 1
            got[ffi.string(col.name).decode()] = (col.data_type, col.has_value[0])
        assert got == {
            "id": (lib.QUIVER_DATA_TYPE_INTEGER, 1),
            "label": (lib.QUIVER_DATA_TYPE_STRING, 1),
            "some_float": (lib.QUIVER_DATA_TYPE_FLOAT, 1),
            "some_integer": (lib.QUIVER_DATA_TYPE_INTEGER, 0),
        }
        assert ffi.cast("double *", cols[0][2].values)[0] == 2.5
    finally:
        assert lib.quiver_database_free_columns(cols[0], n[0]) == lib.QUIVER_OK


def test_vector_group_columns_share_row_count(filled: Database) -> None:
    cols = ffi.new("quiver_column_t **")
    n = ffi.new("size_t *")
    assert lib.quiver_database_read_vector_group_columns_by_id(_h(filled), C, b"values", 1, cols, n) == lib.QUIVER_OK
    try:
        assert n[0] == 2
        float_col, int_col = cols[0][0], cols[0][1]
        assert ffi.string(float_col.name) == b"value_float" and ffi.string(int_col.name) == b"value_int"
        assert float_col.count == int_col.count == 3
        assert list(ffi.unpack(ffi.cast("uint8_t *", float_col.has_value), 3)) == [0, 0, 0]
        assert ffi.unpack(ffi.cast("int64_t *", int_col.values), 3) == [1, 2, 3]
    finally:
        assert lib.quiver_database_free_columns(cols[0], n[0]) == lib.QUIVER_OK


def test_group_without_rows_gives_columns_of_count_zero(filled: Database) -> None:
    cols = ffi.new("quiver_column_t **")
    n = ffi.new("size_t *")
    assert lib.quiver_database_read_set_group_columns_by_id(_h(filled), C, b"tags", 2, cols, n) == lib.QUIVER_OK
    try:
        assert n[0] == 1 and cols[0][0].count == 0
        assert cols[0][0].values == ffi.NULL and cols[0][0].has_value == ffi.NULL
    finally:
        assert lib.quiver_database_free_columns(cols[0], n[0]) == lib.QUIVER_OK


def test_element_ids_in_creation_order_and_free(filled: Database) -> None:
    h = _h(filled)
    ids = ffi.new("int64_t **")
    n = ffi.new("size_t *")
    assert lib.quiver_database_read_element_ids(h, C, ids, n) == lib.QUIVER_OK
    assert ffi.unpack(ids[0], n[0]) == [1, 2, 3]
    assert lib.quiver_database_free_integer_array(ids[0]) == lib.QUIVER_OK


def test_packed_strings_empty_and_free_sizes_accepts_null(cdb: Any) -> None:
    data = ffi.new("char **", ffi.cast("char *", 1))
    nbytes = ffi.new("size_t *", 3)
    sizes = ffi.new("size_t **", ffi.cast("size_t *", 1))
    n = ffi.new("size_t *", 3)
    assert lib.quiver_database_read_set_strings_packed(cdb, C, b"tag", data, nbytes, sizes, n) == lib.QUIVER_OK
    assert n[0] == 0 and nbytes[0] == 0 and data[0] == ffi.NULL and sizes[0] == ffi.NULL
    assert lib.quiver_database_free_sizes(ffi.NULL) == lib.QUIVER_OK


def test_packed_strings_layout(filled: Database) -> None:
    data = ffi.new("char **")
    nbytes = ffi.new("size_t *")
    sizes = ffi.new("size_t **")
    n = ffi.new("size_t *")
    rc = lib.quiver_database_read_set_strings_packed(_h(filled), C, b"tag", data, nbytes, sizes, n)
    assert rc == lib.QUIVER_OK
    try:
        assert n[0] == 2 and ffi.unpack(sizes[0], 2) == [1, 2]
        assert ffi.unpack(data[0], nbytes[0]) == b"x\0y\0z\0"
    finally:
        lib.quiver_database_free_string(data[0])
        lib.quiver_database_free_sizes(sizes[0])


def test_text_with_nul_byte_is_cut_and_keeps_alignment(collections_db: Database, tmp_path: Path) -> None:
    # a value written by another program may contain a NUL byte: it reads as a C string would
    import sqlite3

    collections_db.create_element("Collection", label="first")
    with sqlite3.connect(tmp_path / "collections.db") as con:
        con.execute("INSERT INTO Collection (label) VALUES (?)", ("a\x00b",))
        con.execute("INSERT INTO Collection_set_tags VALUES (2, ?), (2, 'c')", ("a\x00b",))
    con.close()
    collections_db.create_element("Collection", label="last")
    assert collections_db.read_scalar_strings("Collection", "label") == ["first", "a", "last"]
    assert collections_db.read_scalar_string_by_id("Collection", "label", 2) == "a"
    assert collections_db.read_set_strings("Collection", "tag") == [["a", "c"]]


def test_vector_and_set_by_id_without_rows_give_zero_and_null(filled: Database) -> None:
    vals = ffi.new("int64_t **", ffi.cast("int64_t *", 1))
    n = ffi.new("size_t *", 9)
    assert lib.quiver_database_read_vector_integers_by_id(_h(filled), C, b"value_int", 2, vals, n) == 0
    assert n[0] == 0 and vals[0] == ffi.NULL
    texts = ffi.new("char ***", ffi.cast("char **", 1))
    n[0] = 9
    assert lib.quiver_database_read_set_strings_by_id(_h(filled), C, b"tag", 2, texts, n) == 0
    assert n[0] == 0 and texts[0] == ffi.NULL


def test_vector_by_id_values_in_order_and_free(filled: Database) -> None:
    vals = ffi.new("int64_t **")
    n = ffi.new("size_t *")
    assert lib.quiver_database_read_vector_integers_by_id(_h(filled), C, b"value_int", 1, vals, n) == 0
    assert ffi.unpack(vals[0], n[0]) == [1, 2, 3]
    assert lib.quiver_database_free_integer_array(vals[0]) == lib.QUIVER_OK
    texts = ffi.new("char ***")
    assert lib.quiver_database_read_set_strings_by_id(_h(filled), C, b"tag", 3, texts, n) == 0
    assert [ffi.string(texts[0][i]) for i in range(n[0])] == [b"y", b"z"]
    assert lib.quiver_database_free_string_array(texts[0], n[0]) == lib.QUIVER_OK


def test_date_time_scalar_reads_back_exact_text(db: Database) -> None:
    db.create_element("Configuration", label="x", date_attribute="2024-03-15T14:30:45")
    text = ffi.new("char **")
    has = ffi.new("int *")
    assert lib.quiver_database_read_scalar_string_by_id(_h(db), b"Configuration", b"date_attribute", 1, text, has) == 0
    try:
        assert has[0] == 1 and ffi.string(text[0]) == b"2024-03-15T14:30:45"
    finally:
        lib.quiver_database_free_string(text[0])


def test_bool_id_is_accepted_as_integer(db: Database) -> None:
    db.create_element("Configuration", label="x", integer_attribute=5)
    assert db.read_scalar_integer_by_id("Configuration", "integer_attribute", True) == 5

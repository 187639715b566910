"""The C contract of the query and transaction functions (docs/reference/c-api-list.md §3.3.2, §3.3.17, §4)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from quiverdb._c_api import ffi, lib
from support.capi import execute, last_error, open_schema
from support.paths import VALID

BASIC = str(VALID / "basic.sql")


@pytest.fixture
def cdb() -> Iterator[Any]:
    """Overrides tests/capi/conftest.py's: basic.sql in memory with two Configuration rows."""
    db = open_schema(":memory:", BASIC)
    for label, value, number in ((b"A", 10, 1.5), (b"B", 20, 2.5)):
        execute(
            db,
            b"INSERT INTO Configuration (label, integer_attribute, float_attribute) VALUES ('%s', %d, %f)"
            % (label, value, number),
        )
    yield db
    lib.quiver_database_close(db)


def params(*items: tuple[int, Any]) -> tuple[Any, Any, list[Any]]:
    types = ffi.new("int[]", [t for t, _ in items])
    values = ffi.new("void *[]", len(items))
    keep = []
    for i, (t, v) in enumerate(items):
        if v is None:
            continue
        cell = {
            0: lambda: ffi.new("int64_t *", v),
            1: lambda: ffi.new("double *", v),
            2: lambda: ffi.new("char[]", v),
        }.get(t, lambda: ffi.new("int64_t *", 0))()
        keep.append(cell)
        values[i] = cell
    return types, values, keep


def test_query_string_and_free(cdb: Any) -> None:
    out = ffi.new("char **")
    has = ffi.new("int *", 0)
    assert lib.quiver_database_query_string(cdb, b"SELECT label FROM Configuration ORDER BY label", out, has) == 0
    assert has[0] == 1 and ffi.string(out[0]) == b"A"
    assert lib.quiver_database_free_string(out[0]) == lib.QUIVER_OK


def test_query_string_no_row_sets_null(cdb: Any) -> None:
    out = ffi.new("char **", ffi.cast("char *", 1))
    has = ffi.new("int *", 1)
    assert lib.quiver_database_query_string(cdb, b"SELECT label FROM Configuration WHERE id = 99", out, has) == 0
    assert has[0] == 0 and out[0] == ffi.NULL


def test_query_integer_and_float(cdb: Any) -> None:
    value = ffi.new("int64_t *")
    has = ffi.new("int *")
    assert lib.quiver_database_query_integer(cdb, b"SELECT COUNT(*) FROM Configuration", value, has) == 0
    assert (has[0], value[0]) == (1, 2)
    real = ffi.new("double *")
    assert lib.quiver_database_query_float(cdb, b"SELECT AVG(float_attribute) FROM Configuration", real, has) == 0
    assert (has[0], real[0]) == (1, 2.0)
    assert lib.quiver_database_query_float(cdb, b"SELECT COUNT(*) FROM Configuration", real, has) == 0
    assert (has[0], real[0]) == (1, 2.0)  # INTEGER widened (later upstream)


def test_no_value_leaves_number_unwritten(cdb: Any) -> None:
    value = ffi.new("int64_t *", 77)
    has = ffi.new("int *", 1)
    assert lib.quiver_database_query_integer(cdb, b"SELECT 1 WHERE 0", value, has) == 0
    assert has[0] == 0 and value[0] == 77


def test_params_of_every_type(cdb: Any) -> None:
    value = ffi.new("int64_t *")
    has = ffi.new("int *")
    types, values, _keep = params((2, b" B "), (0, 15), (1, 2.0), (4, None))
    sql = b"SELECT integer_attribute FROM Configuration WHERE label = ? AND integer_attribute > ? AND float_attribute > ? AND ? IS NULL"
    assert lib.quiver_database_query_integer_params(cdb, sql, types, values, 4, value, has) == 0
    assert (has[0], value[0]) == (1, 20)


def test_params_string_and_float_variants(cdb: Any) -> None:
    types, values, _keep = params((0, 10))
    out = ffi.new("char **")
    has = ffi.new("int *")
    assert (
        lib.quiver_database_query_string_params(
            cdb, b"SELECT label FROM Configuration WHERE integer_attribute = ?", types, values, 1, out, has
        )
        == 0
    )
    assert has[0] == 1 and ffi.string(out[0]) == b"A"
    lib.quiver_database_free_string(out[0])
    real = ffi.new("double *")
    assert (
        lib.quiver_database_query_float_params(
            cdb, b"SELECT float_attribute FROM Configuration WHERE integer_attribute = ?", types, values, 1, real, has
        )
        == 0
    )
    assert (has[0], real[0]) == (1, 1.5)


def test_zero_params_with_null_arrays(cdb: Any) -> None:
    value = ffi.new("int64_t *")
    has = ffi.new("int *")
    assert lib.quiver_database_query_integer_params(cdb, b"SELECT 3", ffi.NULL, ffi.NULL, 0, value, has) == 0
    assert (has[0], value[0]) == (1, 3)


@pytest.mark.parametrize("fn", ["query_string", "query_integer", "query_float"])
def test_null_arguments(cdb: Any, fn: str) -> None:
    out_t = {"query_string": "char **", "query_integer": "int64_t *", "query_float": "double *"}[fn]
    out = ffi.new(out_t)
    has = ffi.new("int *")
    plain = getattr(lib, f"quiver_database_{fn}")
    with_params = getattr(lib, f"quiver_database_{fn}_params")
    cases = [
        ((ffi.NULL, b"SELECT 1", out, has), "db"),
        ((cdb, ffi.NULL, out, has), "sql"),
        ((cdb, b"SELECT 1", ffi.NULL, has), "out_value"),
        ((cdb, b"SELECT 1", out, ffi.NULL), "out_has_value"),
    ]
    for args, name in cases:
        assert plain(*args) == lib.QUIVER_ERROR
        assert last_error() == f"Null argument: {name}"
        db, sql, o, h = args
        assert with_params(db, sql, ffi.NULL, ffi.NULL, 0, o, h) == lib.QUIVER_ERROR
        assert last_error() == f"Null argument: {name}"


def test_null_param_arrays_with_count(cdb: Any) -> None:
    value = ffi.new("int64_t *")
    has = ffi.new("int *")
    types, values, _keep = params((0, 1))
    for t, v in ((ffi.NULL, values), (types, ffi.NULL)):
        assert lib.quiver_database_query_integer_params(cdb, b"SELECT ?", t, v, 1, value, has) == lib.QUIVER_ERROR
        assert last_error() == "Null param_types or param_values with non-zero param_count"


def test_null_value_pointers(cdb: Any) -> None:
    value = ffi.new("int64_t *")
    has = ffi.new("int *")
    values = ffi.new("void *[]", 2)
    for code, text in ((2, "string"), (0, "integer"), (1, "float")):
        types = ffi.new("int[]", [4, code])
        assert lib.quiver_database_query_integer_params(cdb, b"SELECT ?", types, values, 2, value, has) == 1
        assert last_error() == f"Null {text} pointer in parameter at index 1"


@pytest.mark.parametrize("code", [3, 5, -1, 1000])
def test_unknown_parameter_type(cdb: Any, code: int) -> None:
    value = ffi.new("int64_t *")
    has = ffi.new("int *")
    types, values, _keep = params((code, 0))
    assert lib.quiver_database_query_integer_params(cdb, b"SELECT ?", types, values, 1, value, has) == 1
    assert last_error() == f"Unknown parameter type: {code}"


def test_sql_errors(cdb: Any) -> None:
    value = ffi.new("int64_t *")
    has = ffi.new("int *")
    assert lib.quiver_database_query_integer(cdb, b"SELECT * FROM Nope", value, has) == 1
    assert last_error() == "Failed to prepare statement: no such table: Nope (SQL: SELECT * FROM Nope)"
    assert lib.quiver_database_query_integer(cdb, b"  -- nothing", value, has) == 1
    assert last_error().startswith("Failed to execute statement: ")


# ---- transactions through C ----


def test_transaction_errors_and_state(cdb: Any) -> None:
    active = ffi.new("bool *", True)
    assert lib.quiver_database_in_transaction(cdb, active) == 0 and active[0] is False
    assert lib.quiver_database_commit(cdb) == 1
    assert last_error() == "Cannot commit: no active transaction"
    assert lib.quiver_database_rollback(cdb) == 1
    assert last_error() == "Cannot rollback: no active transaction"
    assert lib.quiver_database_begin_transaction(cdb) == 0
    assert lib.quiver_database_in_transaction(cdb, active) == 0 and active[0] is True
    assert lib.quiver_database_begin_transaction(cdb) == 1
    assert last_error() == "Cannot begin_transaction: transaction already active"
    assert lib.quiver_database_rollback(cdb) == 0
    assert lib.quiver_database_in_transaction(cdb, active) == 0 and active[0] is False


def test_transaction_null_arguments() -> None:
    for fn in (lib.quiver_database_begin_transaction, lib.quiver_database_commit, lib.quiver_database_rollback):
        assert fn(ffi.NULL) == lib.QUIVER_ERROR
        assert last_error() == "Null argument: db"
    assert lib.quiver_database_in_transaction(ffi.NULL, ffi.new("bool *")) == 1
    assert last_error() == "Null argument: db"


def test_in_transaction_null_out(cdb: Any) -> None:
    assert lib.quiver_database_in_transaction(cdb, ffi.NULL) == 1
    assert last_error() == "Null argument: out_active"


def test_current_version_c(cdb: Any) -> None:
    version = ffi.new("int64_t *", -1)
    assert lib.quiver_database_current_version(cdb, version) == 0 and version[0] == 0
    assert lib.quiver_database_current_version(ffi.NULL, version) == 1
    assert last_error() == "Null argument: db"
    assert lib.quiver_database_current_version(cdb, ffi.NULL) == 1
    assert last_error() == "Null argument: out_version"

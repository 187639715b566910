"""Conversion of C read results into Python objects (used by ``Database``'s read methods).

Every function copies the C memory into fresh Python objects and frees it exactly once
in a ``finally``, skipping the free when the count is 0 (the C layer returns NULL then).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable

from quiverdb._c_api import check, ffi, lib

__all__ = [
    "parse_date_time",
    "integers",
    "floats",
    "strings",
    "nested_integers",
    "nested_floats",
    "nested_strings",
    "packed_strings",
    "packed_nested_strings",
    "columns",
    "single_row",
]

_INTEGER = lib.QUIVER_DATA_TYPE_INTEGER
_FLOAT = lib.QUIVER_DATA_TYPE_FLOAT
_DATE_TIME = lib.QUIVER_DATA_TYPE_DATE_TIME


def parse_date_time(text: str) -> datetime:
    """``datetime.fromisoformat(text)`` with its tzinfo replaced by UTC (docs/reference/database-api.md 4.7)."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def _text(ptr: Any) -> str:
    return ffi.string(ptr).decode("utf-8", errors="replace")


# ---- flat arrays: (call(out_values, out_count)) -> list ----


def integers(call: Callable[[Any, Any], int]) -> list[int]:
    out = ffi.new("int64_t **")
    count = ffi.new("size_t *")
    check(call(out, count))
    n = count[0]
    if n == 0:
        return []
    try:
        return ffi.unpack(out[0], n)  # type: ignore[no-any-return]
    finally:
        lib.quiver_database_free_integer_array(out[0])


def floats(call: Callable[[Any, Any], int]) -> list[float]:
    out = ffi.new("double **")
    count = ffi.new("size_t *")
    check(call(out, count))
    n = count[0]
    if n == 0:
        return []
    try:
        return ffi.unpack(out[0], n)  # type: ignore[no-any-return]
    finally:
        lib.quiver_database_free_float_array(out[0])


def strings(call: Callable[[Any, Any], int]) -> list[str]:
    out = ffi.new("char ***")
    count = ffi.new("size_t *")
    check(call(out, count))
    n = count[0]
    if n == 0:
        return []
    try:
        return [_text(p) for p in ffi.unpack(out[0], n)]
    finally:
        lib.quiver_database_free_string_array(out[0], n)


# ---- packed strings (one buffer of NUL-terminated strings) ----


def _split(data: Any, nbytes: int) -> list[str]:
    if nbytes == 0:
        return []
    return ffi.unpack(data, nbytes - 1).decode("utf-8", errors="replace").split("\0")  # type: ignore[no-any-return]


def packed_strings(call: Callable[[Any, Any, Any], int]) -> list[str]:
    """Run a ``*_strings_packed`` scalar read: ``call(out_data, out_bytes, out_count)``."""
    data = ffi.new("char **")
    nbytes = ffi.new("size_t *")
    count = ffi.new("size_t *")
    check(call(data, nbytes, count))
    if count[0] == 0:
        return []
    try:
        return _split(data[0], nbytes[0])
    finally:
        lib.quiver_database_free_string(data[0])


def packed_nested_strings(call: Callable[[Any, Any, Any, Any], int]) -> list[list[str]]:
    """Run a vector/set ``*_strings_packed`` read: ``call(out_data, out_bytes, out_sizes, out_count)``."""
    data = ffi.new("char **")
    nbytes = ffi.new("size_t *")
    sizes = ffi.new("size_t **")
    count = ffi.new("size_t *")
    check(call(data, nbytes, sizes, count))
    n = count[0]
    if n == 0:
        return []
    try:
        flat = _split(data[0], nbytes[0])
        out: list[list[str]] = []
        pos = 0
        for k in ffi.unpack(sizes[0], n):
            out.append(flat[pos : pos + k])
            pos += k
        return out
    finally:
        lib.quiver_database_free_string(data[0])
        lib.quiver_database_free_sizes(sizes[0])


# ---- nested arrays (bulk vector/set reads): (call(out_vectors, out_sizes, out_count)) ----


def _nested(
    call: Callable[[Any, Any, Any], int], ctype: str, inner: Callable[[Any, int], list[Any]], free: Any
) -> list[list[Any]]:
    out = ffi.new(ctype)
    sizes = ffi.new("size_t **")
    count = ffi.new("size_t *")
    check(call(out, sizes, count))
    n = count[0]
    if n == 0:
        return []
    try:
        ptrs = ffi.unpack(out[0], n)
        lens = ffi.unpack(sizes[0], n)
        return [inner(p, k) if k else [] for p, k in zip(ptrs, lens)]
    finally:
        free(out[0], sizes[0], n)


def nested_integers(call: Callable[[Any, Any, Any], int]) -> list[list[int]]:
    return _nested(call, "int64_t ***", ffi.unpack, lib.quiver_database_free_integer_vectors)


def nested_floats(call: Callable[[Any, Any, Any], int]) -> list[list[float]]:
    return _nested(call, "double ***", ffi.unpack, lib.quiver_database_free_float_vectors)


def nested_strings(call: Callable[[Any, Any, Any], int]) -> list[list[str]]:
    def inner(p: Any, k: int) -> list[str]:
        return [_text(s) for s in ffi.unpack(p, k)]

    return _nested(call, "char ****", inner, lib.quiver_database_free_string_vectors)


# ---- column-wise composite results (quiver_column_t) ----


def _cells(col: Any) -> list[Any]:
    """The cells of one column, ``None`` where ``has_value`` is 0, DATE_TIME parsed."""
    n = col.count
    if n == 0:
        return []
    flags = ffi.buffer(col.has_value, n)[:]
    kind = col.data_type
    if kind == _INTEGER:
        values = ffi.unpack(ffi.cast("int64_t *", col.values), n)
        return [v if f else None for v, f in zip(values, flags)]
    if kind == _FLOAT:
        values = ffi.unpack(ffi.cast("double *", col.values), n)
        return [v if f else None for v, f in zip(values, flags)]
    ptrs = ffi.unpack(ffi.cast("char **", col.values), n)
    if kind == _DATE_TIME:
        return [parse_date_time(_text(p)) if f else None for p, f in zip(ptrs, flags)]
    return [_text(p) if f else None for p, f in zip(ptrs, flags)]


def columns(call: Callable[[Any, Any], int]) -> list[tuple[str, list[Any]]]:
    """Run a ``quiver_database_read_*_by_id`` extension; ``[(name, cells), ...]`` in C order."""
    out = ffi.new("quiver_column_t **")
    count = ffi.new("size_t *")
    check(call(out, count))
    n = count[0]
    if n == 0:
        return []
    try:
        return [(_text(col.name), _cells(col)) for col in (out[0][i] for i in range(n))]
    finally:
        lib.quiver_database_free_columns(out[0], n)


def single_row(call: Callable[[Any, Any], int]) -> dict[str, Any]:
    """Run ``quiver_database_read_scalars_by_id`` (every column has one cell): ``{name: value}``."""
    out = ffi.new("quiver_column_t **")
    count = ffi.new("size_t *")
    check(call(out, count))
    n = count[0]
    if n == 0:
        return {}
    try:
        row: dict[str, Any] = {}
        cols = out[0]
        for i in range(n):
            col = cols[i]
            value: Any = None
            if col.count and col.has_value[0]:
                kind = col.data_type
                if kind == _INTEGER:
                    value = ffi.cast("int64_t *", col.values)[0]
                elif kind == _FLOAT:
                    value = ffi.cast("double *", col.values)[0]
                else:
                    value = _text(ffi.cast("char **", col.values)[0])
                    if kind == _DATE_TIME:
                        value = parse_date_time(value)
            row[_text(col.name)] = value
        return row
    finally:
        lib.quiver_database_free_columns(out[0], n)


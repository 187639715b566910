"""Conversion of C read results into Python objects (used by ``Database``'s read methods).

Every function copies the C memory into fresh Python objects and frees it exactly once
in a ``finally``, skipping the free when the count is 0 (the C layer returns NULL then).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from quiverdb._ffi.c_api import check, decode, ffi, lib

__all__ = [
    "parse_date_time",
    "parse_stored_date_time",
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
    "masked_columns",
]

_INTEGER = lib.QUIVER_DATA_TYPE_INTEGER
_FLOAT = lib.QUIVER_DATA_TYPE_FLOAT
_DATE_TIME = lib.QUIVER_DATA_TYPE_DATE_TIME


def parse_date_time(text: str) -> datetime:
    """``datetime.fromisoformat(text)`` with its tzinfo replaced by UTC (docs/reference/database-api.md 4.7)."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def parse_stored_date_time(text: str) -> datetime | None:
    """``parse_date_time`` for a value read from a DATE_TIME column: text that is not a date-time
    reads as ``None`` instead of failing the whole read (a stored value never makes a read fail;
    docs/compatibility.md, "dates"). ``query_date_time`` keeps ``parse_date_time``'s ``ValueError``."""
    try:
        return parse_date_time(text)
    except ValueError:
        return None


# ---- flat arrays: (call(out_values, out_count)) -> list ----


def _flat(call: Callable[[Any, Any], int], ctype: str, convert: Callable[[Any, int], Any], free: Any) -> Any:
    """Run ``call(out_values, out_count)``; ``convert(values, n)`` copies, ``free(values, n)`` frees.
    No result (count 0) is ``[]``, and nothing is freed (the C layer returns NULL then)."""
    out = ffi.new(ctype)
    count = ffi.new("size_t *")
    check(call(out, count))
    n = count[0]
    if n == 0:
        return []
    try:
        return convert(out[0], n)
    finally:
        free(out[0], n)


def _texts(ptr: Any, n: int) -> list[str]:
    return [decode(p) for p in ffi.unpack(ptr, n)]


def _free_integers(ptr: Any, _n: int) -> None:
    lib.quiver_database_free_integer_array(ptr)


def _free_floats(ptr: Any, _n: int) -> None:
    lib.quiver_database_free_float_array(ptr)


def integers(call: Callable[[Any, Any], int]) -> list[int]:
    return _flat(call, "int64_t **", ffi.unpack, _free_integers)  # type: ignore[no-any-return]


def floats(call: Callable[[Any, Any], int]) -> list[float]:
    return _flat(call, "double **", ffi.unpack, _free_floats)  # type: ignore[no-any-return]


def strings(call: Callable[[Any, Any], int]) -> list[str]:
    return _flat(call, "char ***", _texts, lib.quiver_database_free_string_array)  # type: ignore[no-any-return]


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
    return _nested(call, "char ****", _texts, lib.quiver_database_free_string_vectors)


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
        return [parse_stored_date_time(decode(p)) if f else None for p, f in zip(ptrs, flags)]
    return [decode(p) if f else None for p, f in zip(ptrs, flags)]


def _named_cells(cols: Any, n: int) -> list[tuple[str, list[Any]]]:
    return [(decode(col.name), _cells(col)) for col in (cols[i] for i in range(n))]


def columns(call: Callable[[Any, Any], int]) -> list[tuple[str, list[Any]]]:
    """Run a ``quiver_database_read_*_by_id`` extension; ``[(name, cells), ...]`` in C order."""
    return _flat(call, "quiver_column_t **", _named_cells, lib.quiver_database_free_columns)  # type: ignore[no-any-return]


def _row(cols: Any, n: int) -> dict[str, Any]:
    row: dict[str, Any] = {}
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
                value = decode(ffi.cast("char **", col.values)[0])
                if kind == _DATE_TIME:
                    value = parse_stored_date_time(value)
        row[decode(col.name)] = value
    return row


def single_row(call: Callable[[Any, Any], int]) -> dict[str, Any]:
    """Run ``quiver_database_read_scalars_by_id`` (every column has one cell): ``{name: value}``."""
    return _flat(call, "quiver_column_t **", _row, lib.quiver_database_free_columns) or {}


# ---- column-wise time series results (names, type codes, data and NULL masks) ----


def masked_columns(names: Any, types: Any, data: Any, masks: Any, ncols: int, nrows: int) -> list[list[Any]]:
    """The ``ncols`` columns of a ``quiver_database_read_time_series_group_masked`` result as
    lists of ``nrows`` cells: INTEGER -> ``int``, FLOAT -> ``float``, anything else -> ``str``,
    ``None`` where the mask byte is 0. The caller frees the C memory."""
    columns: list[list[Any]] = []
    for c in range(ncols):
        mask = bytes(ffi.buffer(masks[c], nrows))
        code = types[c]
        values: list[Any]
        if code == _INTEGER:
            values = ffi.unpack(ffi.cast("int64_t *", data[c]), nrows)
        elif code == _FLOAT:
            values = ffi.unpack(ffi.cast("double *", data[c]), nrows)
        else:
            pointers = ffi.unpack(ffi.cast("char **", data[c]), nrows)
            columns.append([decode(p) if m else None for p, m in zip(pointers, mask)])
            continue
        if 0 in mask:
            values = [v if m else None for v, m in zip(values, mask)]
        columns.append(values)
    return columns

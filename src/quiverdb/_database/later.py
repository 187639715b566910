"""Later-upstream additions (issue 17, docs/compatibility.md "Later upstream API"): dry runs,
describe reports as strings, NULL-keeping scalar reads, single time series rows and
column-oriented time series reads and writes. Each keeps 0.5.0's calls unchanged."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from quiverdb._database import metadata, writes
from quiverdb._database import time_series as _time_series
from quiverdb._ffi import read_results
from quiverdb._ffi.c_api import check, decode, ffi, lib
from quiverdb._ffi.strings import c_name, c_str

_INTEGER = int(lib.QUIVER_DATA_TYPE_INTEGER)
_FLOAT = int(lib.QUIVER_DATA_TYPE_FLOAT)
_STRING = int(lib.QUIVER_DATA_TYPE_STRING)
_DATE_TIME = int(lib.QUIVER_DATA_TYPE_DATE_TIME)
_NULL = int(lib.QUIVER_DATA_TYPE_NULL)


def date_time_text(value: datetime) -> str:
    """A ``datetime`` as the stored text the readers parse back (``YYYY-MM-DDTHH:MM:SS[.ffffff]``):
    an aware value is converted to UTC first, a naive one is taken as it is."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat(sep="T")


def report(fn: Any, handle: Any, *args: Any) -> str:
    """Run a C function that hands out one report string; the string, freed."""
    out = ffi.new("char **")
    check(fn(handle, *args, out))
    try:
        return decode(out[0])
    finally:
        lib.quiver_database_free_string(out[0])


# ---- NULL-keeping bulk scalar reads ----


def scalars_keeping_nulls(handle: Any, kind: str, collection: str, attribute: str) -> list[Any]:
    """One entry per element (``read_element_ids`` order), ``None`` for NULL."""
    c, a = c_name(collection, "collection"), c_name(attribute, "attribute")
    n = ffi.new("size_t *")
    if kind == "text":
        out_s = ffi.new("char ***")
        check(lib.quiver_database_read_scalar_strings_masked(handle, c, a, out_s, n))
        if n[0] == 0:
            return []
        try:
            return [None if p == ffi.NULL else decode(p) for p in ffi.unpack(out_s[0], n[0])]
        finally:
            lib.quiver_database_free_string_array(out_s[0], n[0])
    mask = ffi.new("uint8_t **")
    if kind == "i64":
        out_i = ffi.new("int64_t **")
        check(lib.quiver_database_read_scalar_integers_masked(handle, c, a, out_i, mask, n))
        values, free = out_i[0], lib.quiver_database_free_integer_array
    else:
        out_f = ffi.new("double **")
        check(lib.quiver_database_read_scalar_floats_masked(handle, c, a, out_f, mask, n))
        values, free = out_f[0], lib.quiver_database_free_float_array
    if n[0] == 0:
        return []
    try:
        flags = ffi.buffer(mask[0], n[0])[:]
        return [v if f else None for v, f in zip(ffi.unpack(values, n[0]), flags)]
    finally:
        free(values)
        lib.quiver_database_free_mask(mask[0])


# ---- single time series rows ----


def _dimension_arg(value: Any, what: str) -> str:
    if isinstance(value, datetime):
        return date_time_text(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"{what} must be a str or datetime, not {type(value).__name__}")


def read_row(handle: Any, collection: str, group: str, id: int, dimension: Any) -> dict[str, Any]:
    """``read_time_series_row``: value column -> last non-NULL value at or before ``dimension``."""
    h, c, g = handle, c_name(collection, "collection"), c_name(group, "group")
    d = c_str(_dimension_arg(dimension, "dimension"), "dimension")
    eid = writes.element_id(id)
    cols = read_results.columns(
        lambda out, n: lib.quiver_database_read_time_series_row_columns(h, c, g, eid, d, out, n)
    )
    return {name: (cells[0] if cells else None) for name, cells in cols}


def _cell(name: str, value: Any) -> tuple[int, Any, Any]:
    """(type code, C array of one cell, keep-alive) of one upsert cell."""
    if value is None:
        return _NULL, ffi.NULL, None
    if isinstance(value, datetime):
        value = date_time_text(value)
    if isinstance(value, str):
        text = ffi.new("char[]", c_str(value, f"column '{name}'"))
        return _STRING, ffi.new("char *[]", [text]), text
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"Column '{name}': unsupported type {type(value).__name__}")
    if isinstance(value, int):
        return _INTEGER, ffi.new("int64_t[]", [value]), None
    return _FLOAT, ffi.new("double[]", [value]), None


def upsert_row(handle: Any, collection: str, group: str, id: int, row: Mapping[str, Any]) -> None:
    """``upsert_time_series_row``: insert the row or update the given columns of the existing one."""
    if not isinstance(row, Mapping):
        raise TypeError(f"row must be a dict, not {type(row).__name__}")
    n = len(row)
    keep: list[Any] = []
    names = ffi.new("char *[]", max(n, 1))
    types = ffi.new("int[]", max(n, 1))
    data = ffi.new("void *[]", max(n, 1))
    for i, (name, value) in enumerate(row.items()):
        cname = ffi.new("char[]", c_str(name, "column name"))
        code, array, alive = _cell(name, value)
        keep.extend((cname, array, alive))
        names[i], types[i], data[i] = cname, code, array
    check(
        lib.quiver_database_upsert_time_series_row_columns(
            handle,
            c_name(collection, "collection"),
            c_name(group, "group"),
            writes.element_id(id),
            names,
            types,
            data,
            ffi.NULL,
            n,
        )
    )


# ---- column-oriented time series (dict[str, list], dimension as datetime) ----


def read_group_columns(handle: Any, collection: str, group: str, id: int) -> dict[str, list[Any]]:
    """``read_time_series_group(..., columnar=True)``: every column (dimension first, parsed as
    ``datetime``) -> its cells; no rows -> every column with ``[]``."""
    meta = metadata.group(handle, lib.quiver_database_get_time_series_metadata, collection, group)
    rows = _time_series.read_group(handle, collection, group, id)
    dim = meta.dimension_column
    names = [dim] + sorted(c.name for c in meta.value_columns)
    out: dict[str, list[Any]] = {name: [row[name] for row in rows] for name in names}
    out[dim] = [read_results.parse_stored_date_time(v) for v in out[dim]]
    return out


def update_group_columns(handle: Any, collection: str, group: str, id: int, data: Mapping[str, list[Any]]) -> None:
    """``update_time_series_group`` with ``data`` a dict of columns: the element's rows replaced.
    ``datetime`` cells become text, ``None`` cells NULL, integers are accepted for REAL columns;
    unknown columns are refused by the engine. ``{}`` clears."""
    c_collection, c_group = c_name(collection, "collection"), c_name(group, "group")
    eid = writes.element_id(id)
    n = len(data)
    if n == 0:
        check(
            lib.quiver_database_update_time_series_group(
                handle, c_collection, c_group, eid, ffi.NULL, ffi.NULL, ffi.NULL, 0, 0
            )
        )
        return
    meta = metadata.group(handle, lib.quiver_database_get_time_series_metadata, collection, group)
    expected = {c.name: int(c.data_type) for c in meta.value_columns}
    expected[meta.dimension_column] = _STRING
    keep: list[Any] = []
    names, types, arrays, masks = writes.column_arrays(n)
    rows: int | None = None
    for i, (name, values) in enumerate(data.items()):
        if not isinstance(values, (list, tuple)):
            raise TypeError(f"Column '{name}' must be a list, not {type(values).__name__}")
        rows = writes.row_count_of(name, values, rows)
        values = [date_time_text(v) if isinstance(v, datetime) else v for v in values]
        code = expected.get(name)
        if code == _FLOAT:  # integers for a REAL column (later upstream)
            values = [float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in values]
        cname = ffi.new("char[]", c_str(name, "column name"))
        ctype, cdata, cmask, items = writes.group_column(name, values)
        if ctype == _NULL and code is not None:
            ctype = code  # a column of NULLs: typed as the column, every cell masked out
            cmask = ffi.new("uint8_t[]", len(values))
            cdata = {_INTEGER: "int64_t[]", _FLOAT: "double[]"}.get(code)
            cdata = ffi.new(cdata, len(values)) if cdata else ffi.new("char *[]", len(values))
        keep.extend((cname, cdata, cmask, items))
        names[i], types[i], arrays[i], masks[i] = cname, ctype, cdata, cmask
    check(
        lib.quiver_database_update_time_series_group_masked(
            handle, c_collection, c_group, eid, names, types, arrays, masks, n, rows or 0
        )
    )

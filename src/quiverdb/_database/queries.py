"""Raw SQL queries with bound parameters (docs/reference/database-api.md 7)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quiverdb._ffi import interrupt, scratch
from quiverdb._ffi.c_api import decode, ffi, lib, raise_last_error
from quiverdb._ffi.strings import c_name, c_str

_PARAM_INTEGER = lib.QUIVER_DATA_TYPE_INTEGER
_PARAM_FLOAT = lib.QUIVER_DATA_TYPE_FLOAT
_PARAM_STRING = lib.QUIVER_DATA_TYPE_STRING
_PARAM_NULL = lib.QUIVER_DATA_TYPE_NULL


def _bind_into(cells: scratch.Cells, params: Sequence[Any] | None) -> tuple[Any, Any, int, list[Any]] | None:
    """Query parameters as the C parallel arrays ``(types, values, count, keep_alive)`` in the
    arrays of ``cells`` (a pooled ``Cells``; more than ``MAX_PARAMS`` parameters get arrays of
    their own), or ``None`` for no parameters. Raises before any C call for an unsupported value."""
    if params is None:
        return None
    if isinstance(params, (str, bytes, bytearray)) or not isinstance(params, Sequence):
        # a bare string would bind its characters one by one
        raise TypeError(f"params must be a list or tuple of values, not {type(params).__name__}")
    n = len(params)
    if n == 0:
        return None
    if n > scratch.MAX_PARAMS:
        cells = scratch.Cells(n)
    types, values = cells.types, cells.values
    keep: list[Any] = [cells]
    for i, value in enumerate(params):
        if value is None:
            types[i] = _PARAM_NULL
            values[i] = ffi.NULL
        elif isinstance(value, int):  # bool included: 1 / 0
            cells.ints[i] = value
            types[i] = _PARAM_INTEGER
            values[i] = cells.int_ptrs[i]
        elif isinstance(value, float):
            cells.floats[i] = value
            types[i] = _PARAM_FLOAT
            values[i] = cells.float_ptrs[i]
        elif isinstance(value, str):
            cell = ffi.new("char[]", c_str(value, f"params[{i}]"))
            keep.append(cell)
            types[i] = _PARAM_STRING
            values[i] = cell
        else:
            raise TypeError(f"Unsupported parameter type: {type(value).__name__}. Expected int, float, str, or None.")
    return types, values, n, keep


def query(handle: Any, sql: str, params: Sequence[Any] | None, out_cell: str, fn: Any, fn_params: Any) -> Any:
    """Run ``fn`` (or ``fn_params`` when there are parameters), which writes the first column of
    the first row into the pooled scratch cell ``out_cell`` (``i64``, ``f64`` or ``text``);
    ``None`` when there is no value. A text result is decoded and freed."""
    sql_bytes = c_name(sql, "sql")
    cells = scratch.take()
    try:
        bound = _bind_into(cells, params)
        out, has = getattr(cells, out_cell), cells.has
        if out_cell == "text":
            out[0] = ffi.NULL  # the pooled cell may still hold a pointer freed by an earlier call
        token = interrupt.arm(handle)
        try:
            if bound is None:
                rc = fn(handle, sql_bytes, out, has)
            else:
                rc = fn_params(handle, sql_bytes, bound[0], bound[1], bound[2], out, has)
        finally:
            interrupt.disarm(token)
        if rc:
            raise_last_error()
        if out_cell != "text":
            return out[0] if has[0] else None
        try:
            return decode(out[0]) if has[0] else None
        finally:
            if out[0] != ffi.NULL:
                lib.quiver_database_free_string(out[0])
                out[0] = ffi.NULL
    finally:
        scratch.give(cells)

"""The by-id scalar reads that do not fit :mod:`quiverdb._ffi.read_results` (docs/reference/database-api.md 4).

The bulk and list reads are one call each into ``read_results``, made by ``Database`` itself.
"""

from __future__ import annotations

from typing import Any

from quiverdb._ffi import scratch
from quiverdb._ffi.c_api import check, decode, ffi, lib, raise_last_error
from quiverdb._ffi.strings import c_name


def number_by_id(handle: Any, fn: Any, out_cell: str, collection: str, attribute: str, id: int) -> Any:
    """The number by-id readers: ``fn`` writes into the pooled scratch cell ``out_cell``
    (``i64``/``f64``); ``None`` when the C layer reports no value."""
    cells = scratch.take()
    try:
        out, has = getattr(cells, out_cell), cells.has
        if fn(handle, c_name(collection, "collection"), c_name(attribute, "attribute"), id, out, has):
            raise_last_error()
        return out[0] if has[0] else None
    finally:
        scratch.give(cells)


def string_by_id(handle: Any, collection: str, attribute: str, id: int) -> str | None:
    """``read_scalar_string_by_id``: the text (``""`` stays ``""``), or ``None``."""
    out = ffi.new("char **")
    has = ffi.new("int *")
    check(
        lib.quiver_database_read_scalar_string_by_id(
            handle, c_name(collection, "collection"), c_name(attribute, "attribute"), id, out, has
        )
    )
    if out[0] == ffi.NULL:
        return None
    try:
        return decode(out[0]) if has[0] else None
    finally:
        lib.quiver_database_free_string(out[0])


def group_rows(cols: list[tuple[str, list[Any]]], index: str | None) -> list[dict[str, Any]]:
    """Rows of a vector/set group read column-wise: ``{column: value, ...}`` each, with
    ``{index: i, ...}`` first when ``index`` names the 0-based row position."""
    if not cols:
        return []
    names = [name for name, _ in cols]
    rows = zip(*(cells for _, cells in cols))
    if index is None:
        return [dict(zip(names, row)) for row in rows]
    return [{index: i, **dict(zip(names, row))} for i, row in enumerate(rows)]

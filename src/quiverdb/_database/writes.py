"""Element and group writes (docs/reference/database-api.md 3)."""

from __future__ import annotations

from typing import Any

from quiverdb._ffi import scratch
from quiverdb._ffi.c_api import check, ffi, lib, raise_last_error
from quiverdb._ffi.strings import c_name, c_str
from quiverdb.element import set_values


def element_id(id: Any) -> int:
    """An element id: ``int`` (``bool`` allowed); cffi raises OverflowError outside int64."""
    if not isinstance(id, int):
        raise TypeError(f"id must be int, not {type(id).__name__}")
    return int(id)


def write_element(handle: Any, fn: Any, collection: str, id: int | None, kwargs: dict[str, Any]) -> int:
    """``create_element`` (``id`` None: returns the new id) or ``update_element`` through ``fn``,
    with a pooled native element filled from ``kwargs``."""
    if id is not None:
        id = element_id(id)
    element, new_id = pooled = scratch.take_element()
    try:
        set_values(element, kwargs)
        ccollection = c_name(collection, "collection")
        if id is None:
            if fn(handle, ccollection, element, new_id):
                raise_last_error()
            return new_id[0]  # type: ignore[no-any-return]
        if fn(handle, ccollection, id, element):
            raise_last_error()
        return id
    finally:
        scratch.give_element(pooled)


def group_column(name: str, values: list[Any]) -> tuple[int, Any, Any, Any]:
    """(type code, C data, C mask or NULL, objects to keep alive) of one group-write column."""
    present = [v for v in values if v is not None]
    if not present:
        return lib.QUIVER_DATA_TYPE_NULL, ffi.NULL, ffi.NULL, None
    for v in present:
        if not isinstance(v, (int, float, str)):
            raise TypeError(f"Unsupported type {type(v).__name__} in column '{name}'")
    if all(isinstance(v, str) for v in present):
        items = [ffi.NULL if v is None else ffi.new("char[]", c_str(v, f"item of '{name}'")) for v in values]
        return lib.QUIVER_DATA_TYPE_STRING, ffi.new("char *[]", items), ffi.NULL, items
    if any(isinstance(v, str) for v in present):
        raise TypeError(f"Column '{name}' mixes strings and numbers")
    mask = ffi.new("uint8_t[]", [v is not None for v in values]) if len(present) != len(values) else ffi.NULL
    if all(isinstance(v, int) for v in present):
        return lib.QUIVER_DATA_TYPE_INTEGER, ffi.new("int64_t[]", [0 if v is None else v for v in values]), mask, None
    return lib.QUIVER_DATA_TYPE_FLOAT, ffi.new("double[]", [0.0 if v is None else v for v in values]), mask, None


def column_arrays(n: int) -> tuple[Any, Any, Any, Any]:
    """The C arrays of a column-wise group write of ``n`` columns: names, types, data, masks."""
    return ffi.new("char *[]", n), ffi.new("int[]", n), ffi.new("void *[]", n), ffi.new("uint8_t *[]", n)


def row_count_of(name: str, values: list[Any] | tuple[Any, ...], rows: int | None) -> int:
    """The number of rows of column ``name``, which must be ``rows`` when that is known."""
    if rows is not None and len(values) != rows:
        raise ValueError(f"Column '{name}' has {len(values)} rows, expected {rows}")
    return len(values)


def write_group(handle: Any, fn: Any, collection: str, group: str, id: int, data: dict[str, list[Any]]) -> None:
    """``update_vector_group`` / ``update_set_group`` through ``fn``: ``data`` column-wise."""
    ccollection = c_name(collection, "collection")
    cgroup = c_name(group, "group")
    eid = element_id(id)
    if not isinstance(data, dict):
        raise TypeError(f"data must be a dict of lists, not {type(data).__name__}")
    n = len(data)
    if n == 0:
        check(fn(handle, ccollection, cgroup, eid, ffi.NULL, ffi.NULL, ffi.NULL, ffi.NULL, 0, 0))
        return
    keep: list[Any] = []
    names, types, columns, masks = column_arrays(n)
    row_count: int | None = None
    for i, (name, values) in enumerate(data.items()):
        cname = ffi.new("char[]", c_str(name, "column name"))
        keep.append(cname)
        names[i] = cname
        if not isinstance(values, list):
            raise TypeError(f"Column '{name}' must be a list, not {type(values).__name__}")
        row_count = row_count_of(name, values, row_count)
        ctype, cdata, cmask, items = group_column(name, values)
        keep.extend((cdata, cmask, items))
        types[i] = ctype
        columns[i] = cdata
        masks[i] = cmask
    check(fn(handle, ccollection, cgroup, eid, names, types, columns, masks, n, row_count or 0))

"""``read_scalars_by_id`` without one cffi object per cell (issue 15).

The engine's row comes back through ``quiver_database_read_scalars_row`` into pooled,
preallocated buffers (types, NULL flags, integers, floats, one text buffer): a call is one C
call plus a few bulk unpacks, where reading ``quiver_column_t`` structs cost a struct access,
a cast and a name decode per column. The column names (fixed for a handle: the schema model is
built once per handle) are cached per database and collection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quiverdb._ffi.c_api import ffi, lib, raise_last_error
from quiverdb._ffi.read_results import parse_stored_date_time

_INTEGER = int(lib.QUIVER_DATA_TYPE_INTEGER)
_FLOAT = int(lib.QUIVER_DATA_TYPE_FLOAT)
_DATE_TIME = int(lib.QUIVER_DATA_TYPE_DATE_TIME)
_read_row = lib.quiver_database_read_scalars_row


class _Buffers:
    def __init__(self, capacity: int = 64, text_capacity: int = 4096) -> None:
        self.capacity = capacity
        self.text_capacity = text_capacity
        self.types = ffi.new("int[]", capacity)
        self.has = ffi.new("uint8_t[]", capacity)
        self.ints = ffi.new("int64_t[]", capacity)
        self.floats = ffi.new("double[]", capacity)
        self.text = ffi.new("char[]", text_capacity)
        self.count = ffi.new("size_t *")
        self.text_size = ffi.new("size_t *")


_POOL: list[_Buffers] = []


def read_scalars_row(
    names_cache: dict[bytes, tuple[str, ...]],
    handle: Any,
    ccollection: bytes,
    id: int,
    slow: Callable[[], dict[str, Any]],
) -> dict[str, Any]:
    """The row of ``read_scalars_by_id``; ``slow`` is the struct-based read (first call per
    collection, to learn the names, and rows larger than the buffers)."""
    names = names_cache.get(ccollection)
    if names is None:
        row = slow()
        names_cache[ccollection] = tuple(row)
        return row
    try:
        b = _POOL.pop()
    except IndexError:
        b = _Buffers()
    try:
        if _read_row(
            handle,
            ccollection,
            id,
            b.types,
            b.has,
            b.ints,
            b.floats,
            b.capacity,
            b.text,
            b.text_capacity,
            b.count,
            b.text_size,
        ):
            raise_last_error()
        n = b.count[0]
        size = b.text_size[0]
        if n != len(names) or n > b.capacity or size > b.text_capacity:
            if n > b.capacity or size > b.text_capacity:
                b = _Buffers(max(b.capacity, n), max(b.text_capacity, 2 * size))
            row = slow()
            names_cache[ccollection] = tuple(row)
            return row
        has = ffi.buffer(b.has, n)[:]
        types = ffi.unpack(b.types, n)
        ints = ffi.unpack(b.ints, n)
        floats = ffi.unpack(b.floats, n)
        texts = ffi.buffer(b.text, size)[: size - 1].decode("utf-8", "replace").split("\0") if size else ()
        values: list[Any] = []
        t = 0
        for i in range(n):
            if not has[i]:
                values.append(None)
                continue
            kind = types[i]
            if kind == _INTEGER:
                values.append(ints[i])
            elif kind == _FLOAT:
                values.append(floats[i])
            else:
                text = texts[t]
                t += 1
                values.append(parse_stored_date_time(text) if kind == _DATE_TIME else text)
        return dict(zip(names, values))
    finally:
        if len(_POOL) < 8:
            _POOL.append(b)

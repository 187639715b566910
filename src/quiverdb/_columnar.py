"""Column sets from the C layer (include/quiver/c/columns.h) as numpy arrays, pandas columns
and Arrow C streams. numpy/pandas are imported lazily: the base package needs neither.

Ownership: ``ColumnSet`` holds the one reference the C call returned and drops it with
``quiver_column_set_free`` when it is garbage collected (``ffi.gc``), exactly once. numpy
arrays made from its buffers without copying keep it alive through their ``base`` (a
``_Span`` holding the set), so the C memory lives exactly as long as the last array.
An Arrow stream exported from it holds a C-side reference of its own.
"""

from __future__ import annotations

import ctypes
from datetime import date, datetime, timezone
from typing import Any

from quiverdb._ffi.c_api import check, ffi, lib, raise_last_error
from quiverdb.exceptions import QuiverError

STORAGE_INT64 = 0
STORAGE_FLOAT64 = 1
STORAGE_TEXT = 2
STORAGE_TIMESTAMP_NS = 3


def require_numpy(method: str) -> Any:
    try:
        import numpy
    except ImportError:
        raise ImportError(f"{method} needs numpy: pip install 'quiverdb[numpy]'") from None
    return numpy


def require_pandas(method: str) -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError(f"{method} needs pandas: pip install 'quiverdb[pandas]'") from None
    return pandas


class ColumnSet:
    """One reference to a C ``quiver_column_set_t`` (freed when this object is collected)."""

    __slots__ = ("__weakref__", "ptr")

    def __init__(self, ptr: Any) -> None:
        self.ptr = ffi.gc(ptr, lib.quiver_column_set_free)

    @property
    def row_count(self) -> int:
        return int(self.ptr.row_count)

    @property
    def names(self) -> list[str]:
        cols = self.ptr.columns
        return [ffi.string(cols[i].name).decode("utf-8", "replace") for i in range(self.ptr.column_count)]


class _Span:
    """A C buffer exposed to numpy through ``__array_interface__``; keeps its set alive."""

    __slots__ = ("__array_interface__", "_owner")

    def __init__(self, owner: ColumnSet, address: int, typestr: str, count: int) -> None:
        self._owner = owner
        self.__array_interface__ = {"shape": (count,), "typestr": typestr, "data": (address, False), "version": 3}


def _address(ptr: Any) -> int:
    return int(ffi.cast("uintptr_t", ptr))


def _view(np: Any, owner: ColumnSet, ptr: Any, typestr: str, count: int) -> Any:
    if count == 0 or ptr == ffi.NULL:
        return np.empty(0, dtype=typestr)
    return np.asarray(_Span(owner, _address(ptr), typestr, count))


class Column:
    """One column: ``values`` (numpy array, zero-copy for numbers and dates; an object array of
    ``str``/``None`` for text) and ``valid`` (bool array, ``None`` when the column has no NULL)."""

    __slots__ = ("data_type", "name", "storage", "valid", "values")

    def __init__(self, name: str, data_type: int, storage: int, values: Any, valid: Any) -> None:
        self.name = name
        self.data_type = data_type
        self.storage = storage
        self.values = values
        self.valid = valid


def columns(np: Any, owner: ColumnSet, decode_text: bool = True) -> list[Column]:
    """The set's columns; text columns as object arrays of ``str``/``None`` (``values`` is
    ``None`` when ``decode_text`` is False: the caller takes them from the Arrow export)."""
    s = owner.ptr
    n = int(s.row_count)
    out = []
    for i in range(s.column_count):
        c = s.columns[i]
        name = ffi.string(c.name).decode("utf-8", "replace")
        storage = int(c.storage)
        valid = None if c.null_count == 0 else _view(np, owner, c.validity, "|b1", n)
        if storage == STORAGE_FLOAT64:
            values = _view(np, owner, c.values, "<f8", n)
        elif storage == STORAGE_INT64:
            values = _view(np, owner, c.values, "<i8", n)
        elif storage == STORAGE_TIMESTAMP_NS:
            values = _view(np, owner, c.values, "<i8", n).view("datetime64[ns]")
        elif not decode_text:
            values = None
        else:
            values = np.empty(n, dtype=object)
            if n:
                text = ffi.buffer(c.text, c.text_bytes)[:].decode("utf-8", "replace").split("\0")
                text.pop()  # after the last separator
                values[:] = text
                del text
                if valid is not None:
                    values[~valid] = None
        out.append(Column(name, int(c.data_type), storage, values, valid))
    return out


# ---- calls ----


def _names(attributes: Any, what: str = "attributes") -> list[bytes] | None:
    if attributes is None:
        return None
    if isinstance(attributes, (str, bytes)):
        raise TypeError(f"{what} must be a list of str, not {type(attributes).__name__}")
    out = []
    for a in attributes:
        if not isinstance(a, str):
            raise TypeError(f"{what} must be a list of str; got {type(a).__name__} {a!r}")
        data = a.encode("utf-8")
        if 0 in data:
            raise ValueError(f"{what} contains a NUL character")
        out.append(data)
    return out


def _c_text(value: str, what: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    data = value.encode("utf-8")
    if 0 in data:
        raise ValueError(f"{what} contains a NUL character")
    return data


def read_columns(handle: Any, collection: str, attributes: Any, dates_as_timestamps: bool = True) -> ColumnSet:
    names = _names(attributes)
    keep = [ffi.new("char[]", n) for n in names] if names is not None else []
    array = ffi.new("const char *[]", keep) if names is not None else ffi.NULL
    out = ffi.new("quiver_column_set_t **")
    flags = lib.QUIVER_COLUMNS_DATES_AS_TIMESTAMPS if dates_as_timestamps else lib.QUIVER_COLUMNS_DEFAULT
    check(lib.quiver_database_read_columns(handle, _c_text(collection, "collection"), array, len(keep), flags, out))
    return ColumnSet(out[0])


def _bound(value: Any, what: str) -> bytes | Any:
    """A time-series range bound as the stored text form (``YYYY-MM-DDTHH:MM:SS``)."""
    if value is None:
        return ffi.NULL
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%S").encode()
    if isinstance(value, date):
        return value.strftime("%Y-%m-%dT00:00:00").encode()
    if isinstance(value, str):
        return _c_text(value, what)
    raise TypeError(f"{what} must be a str, datetime or date, not {type(value).__name__}")


def _ids(ids: Any) -> tuple[Any, int]:
    if ids is None:
        return ffi.NULL, 0
    if isinstance(ids, (str, bytes)):
        raise TypeError(f"ids must be a list of int, not {type(ids).__name__}")
    if isinstance(ids, int) and not isinstance(ids, bool):
        ids = [ids]
    values = []
    for i in ids:
        if isinstance(i, bool) or not hasattr(i, "__index__"):
            raise TypeError(f"ids must be a list of int; got {type(i).__name__} {i!r}")
        values.append(int(i))
    return ffi.new("int64_t[]", values), len(values)


def read_time_series_columns(
    handle: Any, collection: str, group: str, ids: Any, start: Any, end: Any, dates_as_timestamps: bool = True
) -> ColumnSet:
    id_array, id_count = _ids(ids)
    out = ffi.new("quiver_column_set_t **")
    flags = lib.QUIVER_COLUMNS_DATES_AS_TIMESTAMPS if dates_as_timestamps else lib.QUIVER_COLUMNS_DEFAULT
    check(
        lib.quiver_database_read_time_series_columns(
            handle,
            _c_text(collection, "collection"),
            _c_text(group, "group"),
            id_array,
            id_count,
            _bound(start, "start"),
            _bound(end, "end"),
            flags,
            out,
        )
    )
    return ColumnSet(out[0])


# ---- Arrow PyCapsule interface ----

_PyCapsule_New = ctypes.pythonapi.PyCapsule_New
_PyCapsule_New.restype = ctypes.py_object
_PyCapsule_New.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
_CAPSULE_NAME = _address(lib.quiver_py_arrow_stream_capsule_name())
_CAPSULE_DESTRUCTOR = _address(lib.quiver_py_arrow_stream_capsule_destructor())


class ArrowColumns:
    """Columns read from quiverdb, exportable through the Arrow PyCapsule interface.

    ``pyarrow.table(x)``, ``polars.DataFrame(x)``, ``duckdb`` and any consumer of
    ``__arrow_c_stream__`` read it without copying the numeric buffers. Each call of
    ``__arrow_c_stream__`` makes a new stream (one record batch), so the object can be consumed
    more than once; the data is the snapshot taken by the read.
    """

    __slots__ = ("_set",)

    def __init__(self, column_set: ColumnSet) -> None:
        self._set = column_set

    @property
    def num_rows(self) -> int:
        """The number of rows (elements, or time series rows)."""
        return self._set.row_count

    @property
    def column_names(self) -> list[str]:
        """The column names, ``id`` first."""
        return self._set.names

    def __len__(self) -> int:
        return self._set.row_count

    def __repr__(self) -> str:
        return f"ArrowColumns(num_rows={self.num_rows}, columns={self.column_names})"

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """Return a PyCapsule ``"arrow_array_stream"`` (``requested_schema`` is ignored, as the
        interface allows: the stream has the columns' own types)."""
        stream = lib.quiver_py_arrow_stream_new()
        if stream == ffi.NULL:
            raise MemoryError("cannot allocate an ArrowArrayStream")
        try:
            if lib.quiver_column_set_export_arrow_stream(self._set.ptr, stream) != lib.QUIVER_OK:
                raise_last_error()
            return _PyCapsule_New(_address(stream), _CAPSULE_NAME, _CAPSULE_DESTRUCTOR)
        except BaseException:
            lib.quiver_py_arrow_stream_delete(stream)
            raise

    def to_pyarrow(self) -> Any:
        """A ``pyarrow.Table`` (needs ``quiverdb[arrow]``)."""
        try:
            import pyarrow
        except ImportError:
            raise ImportError("to_pyarrow needs pyarrow: pip install 'quiverdb[arrow]'") from None
        return pyarrow.table(self)


def pyarrow_columns(owner: ColumnSet, names: list[str]) -> dict[str, Any]:
    """Columns ``names`` of the set as pyarrow ``ChunkedArray`` s, through the Arrow C stream
    (text compacted once in C; no Python ``str`` per value)."""
    import pyarrow

    stream = ArrowColumns(owner)
    try:
        table = pyarrow.RecordBatchReader.from_stream(stream).read_all()
    except AttributeError:  # pyarrow < 15
        table = pyarrow.table(stream)
    return {name: table.column(name) for name in names}


def relation_error(value: Any) -> QuiverError:
    return QuiverError(f"relations must be 'id' or 'label', not {value!r}")

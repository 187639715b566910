"""Time series groups and time series files (docs/reference/database-api.md 5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from quiverdb._database import metadata
from quiverdb._database.rows import rows_builder
from quiverdb._ffi import read_results
from quiverdb._ffi.c_api import check, decode, ffi, lib
from quiverdb._ffi.strings import c_name, c_str

_INTEGER = int(lib.QUIVER_DATA_TYPE_INTEGER)
_FLOAT = int(lib.QUIVER_DATA_TYPE_FLOAT)
_STRING = int(lib.QUIVER_DATA_TYPE_STRING)

_PYTHON_TYPES: dict[int, type] = {
    _INTEGER: int,
    _FLOAT: float,
    _STRING: str,
    int(lib.QUIVER_DATA_TYPE_DATE_TIME): str,
}


def read_group(handle: Any, collection: str, group: str, id: int) -> list[dict[str, Any]]:
    """``read_time_series_group``: one dict per row, the dimension column first."""
    out_names = ffi.new("char ***")
    out_types = ffi.new("int **")
    out_data = ffi.new("void ***")
    out_masks = ffi.new("uint8_t ***")
    out_columns = ffi.new("size_t *")
    out_rows = ffi.new("size_t *")
    check(
        lib.quiver_database_read_time_series_group_masked(
            handle,
            c_name(collection, "collection"),
            c_name(group, "group"),
            id,
            out_names,
            out_types,
            out_data,
            out_masks,
            out_columns,
            out_rows,
        )
    )
    ncols, nrows = out_columns[0], out_rows[0]
    if ncols == 0:
        return []
    names, types, data, masks = out_names[0], out_types[0], out_data[0], out_masks[0]
    try:
        keys = [decode(names[c]) for c in range(ncols)]
        columns = read_results.masked_columns(names, types, data, masks, ncols, nrows)
    finally:
        lib.quiver_database_free_time_series_data(names, types, data, ncols, nrows)
        lib.quiver_database_free_time_series_masks(masks, ncols)
    return rows_builder(len(keys))(keys, columns)


def _cells(rows: list[Any], layout: list[tuple[str, int]]) -> list[list[Any]]:
    """Validate ``rows`` against ``layout`` (``(column, type code)``, dimension first) and return
    the cells column by column.

    Errors are those of the first bad cell in row order, then column order, exactly as upstream
    checks them; the common all-valid case is checked column-wise at C speed.
    """
    columns: list[list[Any]] = []
    try:
        for name, code in layout:
            values = [row[name] for row in rows]
            if set(map(type, values)) != {_PYTHON_TYPES[code]}:
                break
            columns.append(values)
        else:
            return columns
    except (KeyError, TypeError, IndexError):
        pass
    # slow path: find and raise the first error in upstream's order
    for r, row in enumerate(rows):
        for name, code in layout:
            if name not in row:
                raise ValueError(f"Row {r} is missing column '{name}'")
            value = row[name]
            expected = _PYTHON_TYPES[code]
            if type(value) is not expected:
                raise TypeError(f"Column '{name}' expects {expected.__name__}, got {type(value).__name__}")
    raise AssertionError("unreachable: time series rows failed validation without an error")


def _date_times_as_text(rows: list[Any], layout: list[tuple[str, int]]) -> list[Any] | None:
    """``rows`` with the ``datetime`` cells of text columns as stored text; ``None`` if it has none."""
    from quiverdb._database.later import date_time_text

    textual = [name for name, code in layout if _PYTHON_TYPES[code] is str]
    found = False
    out = []
    for row in rows:
        if isinstance(row, dict) and any(isinstance(row.get(name), datetime) for name in textual):
            row = dict(row)
            for name in textual:
                if isinstance(row.get(name), datetime):
                    row[name] = date_time_text(row[name])
            found = True
        out.append(row)
    return out if found else None


def _packed_text(name: str, values: list[str], nrows: int) -> bytes:
    """One buffer of NUL-terminated strings for a text column (see the ``_packed`` C function)."""
    joined = "\0".join(values)
    if joined.count("\0") != nrows - 1:
        row = next(r for r, v in enumerate(values) if "\0" in v)
        raise ValueError(f"Column '{name}' in row {row} contains a NUL character")
    return (joined + "\0").encode("utf-8")


def update_group(handle: Any, collection: str, group: str, id: int, rows: list[dict[str, Any]] | None) -> None:
    """``update_time_series_group``: validate every row, then one packed C call."""
    c_collection = c_name(collection, "collection")
    c_group = c_name(group, "group")
    if not rows:
        check(
            lib.quiver_database_update_time_series_group(
                handle, c_collection, c_group, id, ffi.NULL, ffi.NULL, ffi.NULL, 0, 0
            )
        )
        return
    rows = list(rows)
    meta = metadata.group(handle, lib.quiver_database_get_time_series_metadata, collection, group)
    layout = [(meta.dimension_column, _STRING)] + [(c.name, int(c.data_type)) for c in meta.value_columns]
    try:
        cells = _cells(rows, layout)
    except TypeError:
        # later upstream: a datetime for the dimension (or a DATE_TIME) column is written as text
        converted = _date_times_as_text(rows, layout)
        if converted is None:
            raise
        cells = _cells(converted, layout)

    nrows = len(rows)
    keep: list[Any] = []
    names = []
    arrays = []
    sizes = []
    for (name, code), values in zip(layout, cells):
        c_column = ffi.new("char[]", name.encode("utf-8"))
        keep.append(c_column)
        names.append(c_column)
        size = 0
        if code == _INTEGER:
            array = ffi.new("int64_t[]", values)
        elif code == _FLOAT:
            array = ffi.new("double[]", values)
        else:
            data = _packed_text(name, values, nrows)
            size = len(data)
            array = ffi.from_buffer("char[]", data)
            keep.append(data)
        keep.append(array)
        arrays.append(array)
        sizes.append(size)
    c_names = ffi.new("char *[]", names)
    c_types = ffi.new("int[]", [code for _, code in layout])
    c_data = ffi.new("void *[]", arrays)
    c_sizes = ffi.new("size_t[]", sizes)
    check(
        lib.quiver_database_update_time_series_group_packed(
            handle, c_collection, c_group, id, c_names, c_types, c_data, c_sizes, ffi.NULL, len(layout), nrows
        )
    )


def read_files(handle: Any, collection: str) -> dict[str, str | None]:
    """``read_time_series_files``: column -> stored path (``None`` if unset)."""
    out_columns = ffi.new("char ***")
    out_paths = ffi.new("char ***")
    count = ffi.new("size_t *")
    check(
        lib.quiver_database_read_time_series_files(
            handle, c_name(collection, "collection"), out_columns, out_paths, count
        )
    )
    n = count[0]
    if n == 0:
        return {}
    try:
        columns = ffi.unpack(out_columns[0], n)
        paths = ffi.unpack(out_paths[0], n)
        return {decode(c): (decode(p) if p != ffi.NULL else None) for c, p in zip(columns, paths)}
    finally:
        lib.quiver_database_free_time_series_files(out_columns[0], out_paths[0], n)


def update_files(handle: Any, collection: str, data: dict[str, str | None]) -> None:
    """``update_time_series_files``: each key a column, each value a path or ``None``."""
    if not isinstance(data, dict):
        raise TypeError(f"data must be a dict of column -> path, not {type(data).__name__}")
    if not data:
        return
    keep = []
    for column, path in data.items():
        keep.append(ffi.new("char[]", c_str(column, "column name")))
        if path is None:
            keep.append(ffi.NULL)
        elif isinstance(path, str):
            keep.append(ffi.new("char[]", path.encode("utf-8")))
        else:
            raise TypeError(f"Path for column '{column}' must be str or None, not {type(path).__name__}")
    c_columns = ffi.new("char *[]", keep[0::2])
    c_paths = ffi.new("char *[]", keep[1::2])
    check(
        lib.quiver_database_update_time_series_files(
            handle, c_name(collection, "collection"), c_columns, c_paths, len(data)
        )
    )

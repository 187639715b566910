"""Bulk methods of ``Database`` (issue 15, write side): ``query`` (every row of a SELECT),
``create_elements`` (many elements in one call and one transaction) and
``update_time_series_frame``.

Data crosses into C a column at a time as typed arrays (``array.array`` / numpy buffers), never
one C call per value. pandas and numpy are only touched when the caller passes their objects.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from quiverdb import _rows
from quiverdb._database.queries import _bind_into
from quiverdb._ffi import scratch
from quiverdb._ffi.c_api import check, ffi, lib
from quiverdb._ffi.strings import c_name
from quiverdb.exceptions import QuiverError

_INTEGER = int(lib.QUIVER_DATA_TYPE_INTEGER)
_FLOAT = int(lib.QUIVER_DATA_TYPE_FLOAT)
_STRING = int(lib.QUIVER_DATA_TYPE_STRING)
_DATE_TIME = int(lib.QUIVER_DATA_TYPE_DATE_TIME)
_NULL = int(lib.QUIVER_DATA_TYPE_NULL)


_NONE = type(None)


class _Packed:
    """A column already in its C form (``quiverdb._rows.columns``): kind ``"i"`` int64, ``"d"``
    double, ``"s"`` NUL-terminated UTF-8 texts, ``"n"`` all NULL; ``mask`` 1 = value, or None."""

    __slots__ = ("data", "kind", "mask")

    def __init__(self, kind: str, data: bytes | None, mask: bytes | None) -> None:
        self.kind, self.data, self.mask = kind, data, mask

    def add_to(self, cols: _Columns, name: str) -> None:
        if self.kind == "n":
            cols.add(name, _NULL)
        elif self.kind == "s":
            cols.add(name, _STRING, self.data, len(self.data or b""), mask=self.mask)
        else:
            cols.add(name, _INTEGER if self.kind == "i" else _FLOAT, self.data, mask=self.mask)


class _Columns:
    """C ``quiver_bulk_column_t`` array plus every buffer it points to (kept alive)."""

    def __init__(self, n: int) -> None:
        self.c = ffi.new("quiver_bulk_column_t[]", max(n, 1))
        self.n = 0
        self.keep: list[Any] = []

    def add(self, name: str, code: int, data: Any = None, size: int = 0, mask: Any = None, offsets: Any = None) -> None:
        col = self.c[self.n]
        self.n += 1
        cname = ffi.new("char[]", name.encode("utf-8"))
        self.keep.extend((cname, data, mask, offsets))
        col.name = cname
        col.type = code
        cdata = ffi.NULL if data is None else ffi.from_buffer(data)
        cmask = ffi.NULL if mask is None else ffi.from_buffer("uint8_t[]", mask)
        coffsets = ffi.NULL if offsets is None else ffi.from_buffer("int64_t[]", offsets)
        self.keep.extend((cdata, cmask, coffsets))
        col.data = cdata
        col.data_size = size
        col.has_value = cmask
        col.offsets = coffsets


def _packed_texts(name: str, values: list[str], where: str = "element") -> bytes:
    """The texts NUL-terminated one after another (one join, one encode)."""
    joined = "\0".join(values)
    if joined.count("\0") != len(values) - 1:
        row = next(r for r, v in enumerate(values) if "\0" in v)
        raise ValueError(f"{where} {row}, column '{name}': text contains a NUL character")
    try:
        return (joined + "\0").encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: name the cell
        row = next(r for r, v in enumerate(values) if not v.isascii() and _not_utf8(v))
        raise ValueError(
            f"{where} {row}, column '{name}': text is not valid Unicode ({exc.reason}: "
            f"{exc.object[exc.start : exc.end]!r})"
        ) from None


def _not_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _int64_array(name: str, values: list[Any], where: str = "element") -> array[int]:
    """``array("q", values)``; a value outside the 64-bit range is named with its cell."""
    try:
        return array("q", values)
    except OverflowError:
        row, value = next((r, v) for r, v in enumerate(values) if not -(2**63) <= v < 2**63)
        raise OverflowError(f"{where} {row}, column '{name}': {value} is outside the 64-bit INTEGER range") from None


def _text_of(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    return str(value.isoformat())  # date


def _first_bad(name: str, values: list[Any], ok: tuple[type, ...], where: str = "element") -> TypeError:
    for r, v in enumerate(values):
        if v is not None and not isinstance(v, ok):
            return TypeError(f"{where} {r}, column '{name}': unsupported value {v!r} of type {type(v).__name__}")
    return TypeError(f"column '{name}': mixes texts and numbers")


def _scalar_column(cols: _Columns, name: str, values: list[Any], where: str = "element") -> None:
    """One column of Python values (None = NULL) as a typed C column."""
    # fast path: a column of one kind converts in one C-speed call (array() / join() refuse any
    # other kind with TypeError); anything else is sorted out below
    if values:
        first = type(values[0])
        try:
            if first is int:
                cols.add(name, _INTEGER, array("q", values))
                return
            if first is float:
                cols.add(name, _FLOAT, array("d", values))
                return
            if first is str:
                joined = "\0".join(values)
                if joined.count("\0") == len(values) - 1:
                    packed = (joined + "\0").encode("utf-8")
                    cols.add(name, _STRING, packed, len(packed))
                    return
        except (TypeError, OverflowError, UnicodeEncodeError):
            pass  # the general path below names the cell
    kinds = set(map(type, values))
    nones = values.count(None) if _NONE in kinds else 0
    n = len(values)
    if nones == n:
        cols.add(name, _NULL)
        return
    kinds.discard(_NONE)
    mask = None if nones == 0 else bytes(v is not None for v in values)
    if kinds <= {int, bool}:
        ints = _int64_array(name, values if nones == 0 else [0 if v is None else v for v in values], where)
        cols.add(name, _INTEGER, ints, mask=mask)
    elif kinds <= {int, bool, float}:
        data = array("d", values if nones == 0 else [0.0 if v is None else v for v in values])
        cols.add(name, _FLOAT, data, mask=mask)
    elif kinds == {str}:
        cols.add(
            name,
            _STRING,
            *_sized(_packed_texts(name, values if nones == 0 else ["" if v is None else v for v in values], where)),
            mask=mask,
        )
    elif all(issubclass(k, (str, date)) for k in kinds):
        texts = ["" if v is None else _text_of(v) for v in values]
        cols.add(name, _STRING, *_sized(_packed_texts(name, texts, where)), mask=mask)
    elif kinds <= {list, tuple}:
        _list_column(cols, name, values, where)
    else:
        # numpy scalars and other numbers: through int() / float()
        import numbers

        if all(issubclass(k, numbers.Integral) for k in kinds):
            _scalar_column(cols, name, [None if v is None else int(v) for v in values], where)
        elif all(issubclass(k, numbers.Real) for k in kinds):
            _scalar_column(cols, name, [None if v is None else float(v) for v in values], where)
        else:
            raise _first_bad(name, values, (int, float, str, date, list, tuple), where)


def _sized(data: bytes) -> tuple[bytes, int]:
    return data, len(data)


def _list_column(cols: _Columns, name: str, values: list[Any], where: str = "element") -> None:
    """A column whose cells are lists (vector / set / time series values of each element)."""
    offsets = array("q", [0])
    items: list[Any] = []
    total = 0
    for r, v in enumerate(values):
        if v is None:
            v = ()
        elif not isinstance(v, (list, tuple)):
            raise TypeError(f"{where} {r}, column '{name}': expected a list, got {type(v).__name__}")
        items.extend(v)
        total += len(v)
        offsets.append(total)
    kinds = set(map(type, items))
    if not items or kinds <= {int, bool}:
        data: Any = array("q", items)
        code = _INTEGER
    elif kinds <= {int, bool, float}:
        data, code = array("d", items), _FLOAT
    elif kinds == {str}:
        data, code = _packed_texts(name, items, "item"), _STRING
    else:
        for r, v in enumerate(values):
            for item in v or ():
                if not isinstance(item, (int, float)) or (isinstance(item, str) and kinds != {str}):
                    raise TypeError(f"{where} {r}, column '{name}': unsupported list item {item!r}")
        raise TypeError(f"column '{name}': lists mix texts and numbers")
    cols.add(name, code, data, len(data) if code == _STRING else 0, offsets=offsets)


def _is_dataframe(data: Any) -> bool:
    return type(data).__module__.split(".")[0] == "pandas" and hasattr(data, "columns") and hasattr(data, "dtypes")


def _frame_columns(frame: Any) -> tuple[dict[str, Any], int]:
    """A pandas DataFrame as ``{column: numpy array or list}`` (numeric columns as numpy arrays)."""
    out: dict[str, Any] = {}
    for name in frame.columns:
        if not isinstance(name, str):
            raise TypeError(f"column names must be str, not {type(name).__name__} ({name!r})")
        out[name] = frame[name]
    return out, len(frame)


def _numpy_column(cols: _Columns, name: str, series: Any, where: str = "element") -> None:
    """A pandas Series / numpy array column: numbers straight from its buffer, others as objects."""
    import numpy as np

    values = series.to_numpy() if hasattr(series, "to_numpy") else np.asarray(series)
    kind = values.dtype.kind
    if kind in "iub":
        cols.add(name, _INTEGER, np.ascontiguousarray(values, dtype=np.int64))
    elif kind == "f":
        # NaN is a missing value: NULL for a REAL column, an error for an INTEGER one (the engine
        # names the element); SQLite stores a NaN double as NULL
        cols.add(name, _FLOAT, np.ascontiguousarray(values, dtype=np.float64))
    elif kind == "M":
        mask = ~np.isnat(values)
        texts = np.datetime_as_string(values.astype("datetime64[s]"), unit="s").tolist()
        packed = _packed_texts(name, [t if m else "" for t, m in zip(texts, mask.tolist())], where)
        cols.add(name, _STRING, packed, len(packed), mask=None if mask.all() else mask.astype(np.uint8))
    else:
        items = values.tolist()
        cleaned = [None if (isinstance(v, float) and v != v) or v is None or _is_na(v) else v for v in items]
        _scalar_column(cols, name, cleaned, where)


def _is_na(value: Any) -> bool:
    return type(value).__name__ in ("NaTType", "NAType")


def _normalise(data: Any) -> tuple[dict[str, Any], int]:
    """``data`` of create_elements as ``{column: values}`` and the number of rows."""
    if _is_dataframe(data):
        return _frame_columns(data)
    if isinstance(data, dict):
        n = None
        first = None
        for name, values in data.items():
            if not isinstance(name, str):
                raise TypeError(f"column names must be str, not {type(name).__name__} ({name!r})")
            try:
                length = len(values)
            except TypeError:
                raise TypeError(f"column '{name}' must be a list of values, not {type(values).__name__}") from None
            if isinstance(values, (str, bytes)):
                raise TypeError(f"column '{name}' must be a list of values, not {type(values).__name__}")
            if n is None:
                n, first = length, name
            elif length != n:
                raise QuiverError(
                    f"Cannot create_elements: column '{name}' has {length} values but column '{first}' has {n}"
                    " (columns must have equal lengths)"
                )
        return dict(data), n or 0
    if isinstance(data, (list, tuple)):
        n = len(data)
        if n == 0:
            return {}, 0
        columns: dict[str, Any] = {}
        try:
            # fast path: every dict has the keys of the first one. quiverdb._rows packs the plain
            # columns (all int, all float or all str, None allowed) straight into C buffers;
            # the others go through map + itemgetter (both run in C) and _scalar_column
            keys = list(data[0]) if isinstance(data[0], dict) else []
            packed = _rows.columns(data if type(data) is list else list(data), tuple(keys)) if keys else None
            if packed is None:
                if not keys or sum(map(len, data)) != n * len(keys):
                    raise KeyError
                packed = [None] * len(keys)
            for name, column in zip(keys, packed):
                columns[name] = _Packed(*column) if column is not None else list(map(itemgetter(name), data))
        except (KeyError, TypeError, IndexError):
            for r, row in enumerate(data):
                if not isinstance(row, dict):
                    raise TypeError(f"element {r} must be a dict of attributes, not {type(row).__name__}") from None
            names: dict[Any, None] = {}
            for row in data:
                names.update(dict.fromkeys(row))
            columns = {name: [row.get(name) for row in data] for name in names}
        for name in columns:
            if not isinstance(name, str):
                raise TypeError(f"attribute names must be str, not {type(name).__name__} ({name!r})")
        return columns, n
    raise TypeError(f"data must be a list of dicts, a dict of columns or a pandas DataFrame, not {type(data).__name__}")


def _to_c_columns(columns: dict[str, Any], where: str = "element") -> _Columns:
    cols = _Columns(len(columns))
    for name, values in columns.items():
        if isinstance(values, _Packed):
            values.add_to(cols, name)
        elif isinstance(values, list):
            _scalar_column(cols, name, values, where)
        elif type(values).__module__.split(".")[0] in ("numpy", "pandas"):
            _numpy_column(cols, name, values, where)
        else:
            _scalar_column(cols, name, list(values), where)
    return cols


def _pop_key_column(columns: dict[str, Any], name: str, kind: type) -> list[Any]:
    """Remove column ``name`` (``id`` or ``label``) from ``columns``; its values as a list, each a ``kind``."""
    raw = columns.pop(name)
    values: list[Any] = raw.tolist() if hasattr(raw, "tolist") else list(raw)
    for r, v in enumerate(values):
        if not isinstance(v, kind):
            raise TypeError(f"row {r}, column '{name}': expected {kind.__name__}, got {type(v).__name__}")
    return values


class DatabaseBulk:
    """``query``, ``create_elements`` and ``update_time_series_frame`` (mixed into ``Database``)."""

    def _handle(self) -> Any:  # provided by Database
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Every row of ``sql`` (one statement) as a list of tuples.

        Args:
            sql: any one SQL statement; ``?`` placeholders are bound positionally from ``params``.
                A second statement (``"UPDATE ...; SELECT ..."``) is an error, not skipped.
            params: ``int``, ``float``, ``str`` (trimmed) or ``None`` (NULL) values, exactly as many
                as the statement has placeholders.

        Returns:
            One tuple per row; cells are ``int``, ``float``, ``str`` or ``None`` as stored
                (date-times are their text).

        Raises:
            QuiverError: the SQL does not prepare or run, has more than one statement, or the
                number of values differs from the number of placeholders.
            TypeError: a parameter of another type.

        Examples:
            >>> db.query("SELECT label, capacity FROM Plant WHERE capacity > ?", [100.0])
            [('Plant A', 350.0), ('Plant B', 120.0)]
        """

        handle = self._handle()
        sql_bytes = c_name(sql, "sql")
        if isinstance(params, (str, bytes)):
            raise TypeError("params must be a sequence of values, not a string")
        if params is not None and not isinstance(params, Sequence):
            params = list(params)
        rows = ffi.new("quiver_rows_t *")
        cells = scratch.take()
        try:
            bound = _bind_into(cells, params)
            if bound is None:
                check(lib.quiver_database_query_rows(handle, sql_bytes, ffi.NULL, ffi.NULL, 0, rows))
            else:
                check(lib.quiver_database_query_rows(handle, sql_bytes, bound[0], bound[1], bound[2], rows))
        finally:
            scratch.give(cells)
        try:
            return _rows_to_tuples(rows)
        finally:
            lib.quiver_database_free_rows(rows)

    def create_elements(self, collection: str, data: Any) -> list[int]:
        """Create many elements of ``collection`` in one call and one transaction.

        Args:
            collection: collection name, e.g. ``"Plant"``.
            data: a list of dicts (one per element, keys as the keywords of ``create_element``;
                a missing key is NULL), a dict of equal-length columns, or a pandas DataFrame (one
                column per attribute; NaN / None / NaT are NULL). Scalars, labels of relations (``str``
                for a foreign-key column), and list columns for vector, set and time-series groups as
                in ``create_element``.

        Returns:
            The new ids, in the order of ``data``.

        Raises:
            QuiverError: unknown collection or column, a value of the wrong type, ragged
                columns, NaN in an INTEGER column, a duplicate or unknown label, a constraint failure;
                the message names the element (0-based) and the column. Nothing is written.
            TypeError: a value Python cannot hand to the database.

        Examples:
            >>> db.create_elements("Plant", {"label": ["Plant C", "Plant D"], "capacity": [80.0, 95.5]})
            [3, 4]
        """
        handle = self._handle()
        ccollection = c_name(collection, "collection")
        columns, n = _normalise(data)
        if n == 0:
            self.number_of_elements(collection)  # type: ignore[attr-defined]  # the collection must exist
            return []
        cols = _to_c_columns(columns)
        ids = array("q", bytes(8 * n))
        out = ffi.from_buffer("int64_t[]", ids) if n else ffi.NULL
        check(lib.quiver_database_create_elements(handle, ccollection, cols.c, cols.n, n, out))
        return ids.tolist()

    def update_time_series_frame(self, collection: str, group: str, frame: Any) -> None:
        """Replace the time series ``group`` of every element ``frame`` contains, in one transaction.

        Args:
            collection: collection name, e.g. ``"Plant"``.
            group: time series group name, e.g. ``"generation"``.
            frame: long format, a pandas DataFrame or a dict of equal-length columns: an ``id``
                (or ``label``) column naming the element of each row, the group's dimension column and
                its value columns. Elements not in the frame keep their rows; each element's rows are
                written in the frame's order. All or nothing.

        Raises:
            QuiverError: unknown collection, group, column, id or label, a value of the wrong type,
                ragged columns; nothing is written.
            TypeError: ``frame`` is neither a DataFrame nor a dict of columns.

        Examples:
            >>> db.update_time_series_frame("Plant", "generation", {
            ...     "label": ["Plant A", "Plant A"],
            ...     "date_time": ["2024-01-01T00:00:00", "2024-01-01T01:00:00"],
            ...     "mwh": [300.0, 310.5],
            ... })
        """
        handle = self._handle()
        ccollection, cgroup = c_name(collection, "collection"), c_name(group, "group")
        columns, n = _normalise(frame) if (_is_dataframe(frame) or isinstance(frame, dict)) else (None, 0)
        if columns is None:
            raise TypeError(f"frame must be a pandas DataFrame or a dict of columns, not {type(frame).__name__}")
        columns = dict(columns)
        ids_data: Any = ffi.NULL
        labels: Any = ffi.NULL
        keep: list[Any] = []
        if "id" in columns:
            values = _pop_key_column(columns, "id", int)
            buf = array("q", values)
            keep.append(buf)
            ids_data = ffi.from_buffer("int64_t[]", buf) if n else ffi.NULL
            columns.pop("label", None)
        elif "label" in columns:
            values = _pop_key_column(columns, "label", str)
            cells = [ffi.new("char[]", v.encode("utf-8")) for v in values]
            keep.extend(cells)
            labels = ffi.new("char *[]", cells) if n else ffi.NULL
        else:
            raise QuiverError("Cannot update_time_series_frame: the frame needs an 'id' or a 'label' column")
        meta = self.get_time_series_metadata(collection, group)  # type: ignore[attr-defined]
        types = {meta.dimension_column: _STRING}
        types.update({c.name: int(c.data_type) for c in meta.value_columns})
        cols = _Columns(len(columns))
        for name, raw in columns.items():
            if name not in types:
                raise QuiverError(
                    f"Cannot update_time_series_frame: column '{name}' not found in group '{group}'"
                    f" for collection '{collection}'"
                )
            values = raw.tolist() if hasattr(raw, "tolist") and not _is_datetime_series(raw) else _as_list(raw)
            _typed_column(cols, name, types[name], values)
        check(
            lib.quiver_database_update_time_series_frame(
                handle, ccollection, cgroup, ids_data, labels, cols.c, cols.n, n
            )
        )


def _is_datetime_series(raw: Any) -> bool:
    return getattr(getattr(raw, "dtype", None), "kind", "") == "M"


def _as_list(raw: Any) -> list[Any]:
    if _is_datetime_series(raw):
        import numpy as np

        values = raw.to_numpy() if hasattr(raw, "to_numpy") else np.asarray(raw)
        nat = np.isnat(values).tolist()
        texts = np.datetime_as_string(values.astype("datetime64[s]"), unit="s").tolist()
        return [None if m else t for t, m in zip(texts, nat)]
    return list(raw)


def _typed_column(cols: _Columns, name: str, code: int, values: list[Any]) -> None:
    """A column converted to the group's type ``code`` (time series frames), None / NaN as NULL."""
    cleaned = [None if v is None or (isinstance(v, float) and v != v) or _is_na(v) else v for v in values]
    nones = cleaned.count(None)
    mask = None if nones == 0 else bytes(v is not None for v in cleaned)
    if code == _INTEGER:
        for r, v in enumerate(cleaned):
            if v is not None and not isinstance(v, int):
                if isinstance(v, float) and v.is_integer():
                    cleaned[r] = int(v)
                else:
                    raise TypeError(f"row {r}, column '{name}': expected int, got {type(v).__name__}")
        cols.add(name, _INTEGER, array("q", [0 if v is None else v for v in cleaned]), mask=mask)
    elif code == _FLOAT:
        for r, v in enumerate(cleaned):
            if v is not None and not isinstance(v, (int, float)):
                raise TypeError(f"row {r}, column '{name}': expected float, got {type(v).__name__}")
        cols.add(name, _FLOAT, array("d", [0.0 if v is None else v for v in cleaned]), mask=mask)
    else:
        texts = []
        for r, v in enumerate(cleaned):
            if v is None:
                texts.append("")
            elif isinstance(v, (str, date)):
                texts.append(_text_of(v))
            else:
                raise TypeError(f"row {r}, column '{name}': expected str, got {type(v).__name__}")
        packed = _packed_texts(name, texts, "row")
        cols.add(name, code, packed, len(packed), mask=mask)


def _rows_to_tuples(rows: Any) -> list[tuple[Any, ...]]:
    ncols, nrows = rows.column_count, rows.row_count
    if nrows == 0 or ncols == 0:
        return []
    types_all = ffi.buffer(rows.types, ncols * nrows)[:]
    text = ffi.buffer(rows.text, rows.text_size)[:] if rows.text_size else b""
    columns = []
    for c in range(ncols):
        start = c * nrows
        types = types_all[start : start + nrows]
        n_int, n_float = types.count(_INTEGER), types.count(_FLOAT)
        n_text, n_null = types.count(_STRING), types.count(_NULL)
        if n_int == nrows:
            columns.append(ffi.unpack(rows.integers + start, nrows))
        elif n_float == nrows:
            columns.append(ffi.unpack(rows.floats + start, nrows))
        elif n_text == nrows:
            first = rows.integers[start]
            last_end = text.index(b"\0", rows.integers[start + nrows - 1])
            columns.append(text[first:last_end].decode("utf-8", "replace").split("\0"))
        elif n_null == nrows:
            columns.append([None] * nrows)
        else:
            ints = ffi.unpack(rows.integers + start, nrows)
            floats = ffi.unpack(rows.floats + start, nrows)
            col: list[Any] = []
            for r, t in enumerate(types):
                if t == _INTEGER:
                    col.append(ints[r])
                elif t == _FLOAT:
                    col.append(floats[r])
                elif t == _STRING:
                    o = ints[r]
                    col.append(text[o : text.index(b"\0", o)].decode("utf-8", "replace"))
                else:
                    col.append(None)
            columns.append(col)
    return list(zip(*columns))

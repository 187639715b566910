"""``Database``: typed access to a quiverdb study database."""

from __future__ import annotations

import contextlib
import warnings
from datetime import datetime
from typing import Any, Iterator, Sequence

import quiverdb._logging  # noqa: F401  (routes library log messages into `logging`)
from quiverdb import _read_results as _rr
from quiverdb import _scratch
from quiverdb._c_api import check, decode, ffi, lib, raise_last_error
from quiverdb._metadata_c import group_from_c, scalar_from_c
from quiverdb._strings import c_name, c_str
from quiverdb.database_csv_export import DatabaseCSVExport
from quiverdb.database_csv_import import DatabaseCSVImport
from quiverdb.element import set_values
from quiverdb.exceptions import QuiverError
from quiverdb.metadata import GroupMetadata, LogLevel, ScalarMetadata

_element_create = lib.quiver_element_create
_element_destroy = lib.quiver_element_destroy
_element_clear = lib.quiver_element_clear
_read_scalar_integer_by_id = lib.quiver_database_read_scalar_integer_by_id
_read_scalar_float_by_id = lib.quiver_database_read_scalar_float_by_id
_create_element = lib.quiver_database_create_element
_update_element = lib.quiver_database_update_element

# Native elements (each with an id out-parameter) for create/update_element, taken from
# and returned to a pool (list.pop/append are atomic, so threads and re-entrant calls each
# get their own) and cleared before every use: creating and destroying one per call cost
# more than the INSERT itself in a create loop (benchmarks/run.py).
_POOL: list[tuple[Any, Any]] = []


def _new_scratch() -> tuple[Any, Any]:
    out = ffi.new("quiver_element_t **")
    if _element_create(out):
        raise_last_error()
    return ffi.gc(out[0], _element_destroy), ffi.new("int64_t *")


_LOG_LEVEL_NAMES = {
    "debug": LogLevel.DEBUG,
    "info": LogLevel.INFO,
    "warn": LogLevel.WARN,
    "warning": LogLevel.WARN,
    "error": LogLevel.ERROR,
    "off": LogLevel.OFF,
}


def _options(read_only: bool, log_level: LogLevel | int | str) -> Any:
    """A ``quiver_database_options_t *`` for the keyword options of the constructors."""
    if isinstance(log_level, str):
        try:
            level = _LOG_LEVEL_NAMES[log_level.lower()]
        except KeyError:
            raise ValueError(
                f"Unknown log_level: {log_level!r}. Expected one of debug, info, warn, error, off."
            ) from None
    elif isinstance(log_level, int) and not isinstance(log_level, bool):
        try:
            level = LogLevel(log_level)
        except ValueError:
            raise ValueError(f"Unknown log_level: {log_level!r}. Expected a LogLevel (0 to 4).") from None
    else:
        raise TypeError(f"log_level must be a LogLevel, int or str, not {type(log_level).__name__}")
    options = ffi.new("quiver_database_options_t *", lib.quiver_database_options_default())
    options.read_only = 1 if read_only else 0
    options.console_level = int(level)
    return options


class Database(DatabaseCSVExport, DatabaseCSVImport):
    """An open database. Create one with :meth:`from_schema` or :meth:`from_migrations`.

    Every method raises :class:`QuiverError` with the engine's message on failure and
    ``QuiverError("Database has been closed")`` after :meth:`close`.
    """

    def __init__(self, ptr: Any) -> None:
        self._ptr = ptr
        self._closed = False

    # ---- construction ----

    @staticmethod
    def _open_with(fn: Any, db_path: str, second: Any, options: Any) -> Database:
        out = ffi.new("quiver_database_t **")
        check(fn(c_str(db_path, "db_path"), second, options, out))
        return Database(out[0])

    @staticmethod
    def from_schema(
        db_path: str, schema_path: str, *, read_only: bool = False, log_level: LogLevel | int | str = LogLevel.INFO
    ) -> Database:
        """Create a new database at ``db_path`` (``":memory:"`` allowed) from a SQL schema file.

        An existing file at ``db_path`` is replaced.

        :param db_path: database file, or ``":memory:"``.
        :param schema_path: SQL file with the schema (see the schema conventions).
        :param read_only: must stay ``False`` (a new database cannot be read-only); ``True`` raises.
        :param log_level: minimum level of the messages this database passes to the ``quiverdb``
            logger (``LogLevel``, its value, or a name such as ``"debug"``).
        """
        return Database._open_with(
            lib.quiver_database_from_schema, db_path, c_str(schema_path, "schema_path"), _options(read_only, log_level)
        )

    @staticmethod
    def from_migrations(
        db_path: str,
        migrations_path: str,
        *,
        read_only: bool = False,
        log_level: LogLevel | int | str = LogLevel.INFO,
    ) -> Database:
        """Open or create ``db_path`` and apply the pending migrations of ``migrations_path``.

        :param db_path: database file (kept if it exists), or ``":memory:"``.
        :param migrations_path: directory with one sub-directory ``<N>/up.sql`` per version.
        :param read_only: open read-only; fails if a migration is pending.
        :param log_level: as for :meth:`from_schema`.
        """
        return Database._open_with(
            lib.quiver_database_from_migrations,
            db_path,
            c_str(migrations_path, "migrations_path"),
            _options(read_only, log_level),
        )

    @staticmethod
    def open(db_path: str, *, read_only: bool = False, log_level: LogLevel | int | str = LogLevel.INFO) -> Database:
        """Open an existing database file (not in upstream 0.5.0).

        Its schema is loaded and validated on first use, so the collections of a database made
        by :meth:`from_schema` or :meth:`from_migrations` are available. A path that does not
        exist is created empty unless ``read_only``.

        :param db_path: database file, or ``":memory:"``.
        :param read_only: open read-only: every write raises :class:`QuiverError`.
        :param log_level: as for :meth:`from_schema`.
        """
        out = ffi.new("quiver_database_t **")
        check(lib.quiver_database_open(c_str(db_path, "db_path"), _options(read_only, log_level), out))
        return Database(out[0])

    # ---- lifecycle ----

    def _handle(self) -> Any:
        if self._closed:
            raise QuiverError("Database has been closed")
        return self._ptr

    def close(self) -> None:
        """Close the database (idempotent). An open transaction is rolled back."""
        if getattr(self, "_closed", True):
            return
        self._closed = True
        ptr, self._ptr = self._ptr, ffi.NULL
        lib.quiver_database_close(ptr)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            warnings.warn("Database was not closed explicitly", ResourceWarning, stacklevel=2)
            self.close()

    def __repr__(self) -> str:
        if getattr(self, "_closed", True):
            return "Database(closed)"
        return f"Database(path={self.path()!r})"

    def path(self) -> str:
        """The path the database was opened with (``":memory:"`` for in-memory)."""
        out = ffi.new("const char **")
        check(lib.quiver_database_path(self._handle(), out))
        return decode(out[0])

    def current_version(self) -> int:
        """The schema version (SQLite ``user_version``)."""
        out = ffi.new("int64_t *")
        check(lib.quiver_database_current_version(self._handle(), out))
        return int(out[0])

    def is_healthy(self) -> bool:
        """``True`` while the database is open."""
        out = ffi.new("int *")
        check(lib.quiver_database_is_healthy(self._handle(), out))
        return bool(out[0])

    def describe(self) -> None:
        """Print a schema report to the process's standard output."""
        check(lib.quiver_database_describe(self._handle()))

    # ==== section: writes ====

    @staticmethod
    def _element_id(id: Any) -> int:
        """An element id: ``int`` (``bool`` allowed); cffi raises OverflowError outside int64."""
        if not isinstance(id, int):
            raise TypeError(f"id must be int, not {type(id).__name__}")
        return int(id)

    def _write_element(self, fn: Any, collection: str, id: int | None, kwargs: dict[str, Any]) -> int:
        if self._closed:
            raise QuiverError("Database has been closed")
        ptr = self._ptr
        if id is not None:
            id = self._element_id(id)
        try:
            scratch = _POOL.pop()
        except IndexError:
            scratch = _new_scratch()
        try:
            element, new_id = scratch
            if _element_clear(element):
                raise_last_error()
            set_values(element, kwargs)
            ccollection = c_name(collection, "collection")
            if id is None:
                if fn(ptr, ccollection, element, new_id):
                    raise_last_error()
                return new_id[0]  # type: ignore[no-any-return]
            if fn(ptr, ccollection, id, element):
                raise_last_error()
            return id
        finally:
            if len(_POOL) < 16:
                _POOL.append(scratch)

    def create_element(self, collection: str, **kwargs: Any) -> int:
        """Create one element of ``collection`` and return its new id.

        Each keyword is one attribute: ``None``/``bool``/``int``/``float``/``str`` values are
        scalars of the collection table (a ``str`` for a foreign-key column is a label of the
        referenced collection); non-empty lists go to every vector, set and time-series table
        that has a column of that name (empty lists are ignored).

        :param collection: collection (table) name.
        :raises QuiverError: unknown collection/column, type mismatch, unknown label, constraint failure.
        :raises TypeError: a value of an unsupported Python type.
        """
        return self._write_element(_create_element, collection, None, kwargs)

    def update_element(self, collection: str, id: int, **kwargs: Any) -> None:
        """Update element ``id``: scalars given are written, others kept; each list replaces the
        element's rows in every group table it routes to (``[]`` clears them).

        :param collection: collection (table) name.
        :param id: the element id.
        """
        self._write_element(_update_element, collection, id, kwargs)

    def delete_element(self, collection: str, id: int) -> None:
        """Delete element ``id`` (its group rows follow the schema's ``ON DELETE`` actions).
        A missing id is not an error."""
        ptr = self._handle()
        ccollection = c_name(collection, "collection")
        check(lib.quiver_database_delete_element(ptr, ccollection, self._element_id(id)))

    @staticmethod
    def _group_column(name: str, values: list[Any]) -> tuple[int, Any, Any, Any]:
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

    def _write_group(self, fn: Any, collection: str, group: str, id: int, data: dict[str, list[Any]]) -> None:
        ptr = self._handle()
        ccollection = c_name(collection, "collection")
        cgroup = c_name(group, "group")
        eid = self._element_id(id)
        if not isinstance(data, dict):
            raise TypeError(f"data must be a dict of lists, not {type(data).__name__}")
        n = len(data)
        if n == 0:
            check(fn(ptr, ccollection, cgroup, eid, ffi.NULL, ffi.NULL, ffi.NULL, ffi.NULL, 0, 0))
            return
        keep: list[Any] = []
        names = ffi.new("char *[]", n)
        types = ffi.new("int[]", n)
        columns = ffi.new("void *[]", n)
        masks = ffi.new("uint8_t *[]", n)
        row_count: int | None = None
        for i, (name, values) in enumerate(data.items()):
            cname = ffi.new("char[]", c_str(name, "column name"))
            keep.append(cname)
            names[i] = cname
            if not isinstance(values, list):
                raise TypeError(f"Column '{name}' must be a list, not {type(values).__name__}")
            if row_count is None:
                row_count = len(values)
            elif len(values) != row_count:
                raise ValueError(f"Column '{name}' has {len(values)} rows, expected {row_count}")
            ctype, cdata, cmask, items = self._group_column(name, values)
            keep.extend((cdata, cmask, items))
            types[i] = ctype
            columns[i] = cdata
            masks[i] = cmask
        check(fn(ptr, ccollection, cgroup, eid, names, types, columns, masks, n, row_count or 0))

    def update_vector_group(self, collection: str, group: str, id: int, data: dict[str, list[Any]]) -> None:
        """Replace element ``id``'s rows of vector group ``group`` with ``data`` (column -> list,
        all lists of one length; ``None`` items are NULL cells; ``{}`` clears the group).

        A ``str`` list for a foreign-key column gives labels; ints are accepted for REAL columns.
        """
        self._write_group(lib.quiver_database_update_vector_group, collection, group, id, data)

    def update_set_group(self, collection: str, group: str, id: int, data: dict[str, list[Any]]) -> None:
        """Replace element ``id``'s rows of set group ``group`` (same rules as :meth:`update_vector_group`)."""
        self._write_group(lib.quiver_database_update_set_group, collection, group, id, data)

    # ==== end section: writes ====

    # ==== section: reads ====
    # Reads (docs/reference/database-api.md 4). One C call per method (read_element_by_id: three); results are
    # copied into fresh Python objects and the C memory is freed in _read_results.

    def read_scalar_integers(self, collection: str, attribute: str) -> list[int]:
        """INTEGER values of ``attribute`` for every element, in element id order (NULLs skipped)."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.integers(lambda out, n: lib.quiver_database_read_scalar_integers(h, c, a, out, n))

    def read_scalar_floats(self, collection: str, attribute: str) -> list[float]:
        """Float values (INTEGER cells widened) of ``attribute`` for every element, in element id order."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.floats(lambda out, n: lib.quiver_database_read_scalar_floats(h, c, a, out, n))

    def read_scalar_strings(self, collection: str, attribute: str) -> list[str]:
        """TEXT values of ``attribute`` for every element, in element id order (NULLs skipped)."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.packed_strings(lambda out, b, n: lib.quiver_database_read_scalar_strings_packed(h, c, a, out, b, n))

    def read_scalar_integer_by_id(self, collection: str, attribute: str, id: int) -> int | None:
        """The element's INTEGER value, or ``None`` (NULL, other type, or no such id)."""
        return self._number_by_id(_read_scalar_integer_by_id, "i64", collection, attribute, id)  # type: ignore[no-any-return]

    def read_scalar_float_by_id(self, collection: str, attribute: str, id: int) -> float | None:
        """The element's value as a float (INTEGER widened), or ``None``."""
        return self._number_by_id(_read_scalar_float_by_id, "f64", collection, attribute, id)  # type: ignore[no-any-return]

    def _number_by_id(self, fn: Any, out_cell: str, collection: str, attribute: str, id: int) -> Any:
        """The number by-id readers: ``fn`` writes into the pooled scratch cell ``out_cell``."""
        h = self._handle()
        cells = _scratch.take()
        try:
            out, has = getattr(cells, out_cell), cells.has
            if fn(h, c_name(collection, "collection"), c_name(attribute, "attribute"), id, out, has):
                raise_last_error()
            return out[0] if has[0] else None
        finally:
            _scratch.give(cells)

    def read_scalar_string_by_id(self, collection: str, attribute: str, id: int) -> str | None:
        """The element's TEXT value (``""`` stays ``""``), or ``None``."""
        h = self._handle()
        out = ffi.new("char **")
        has = ffi.new("int *")
        check(
            lib.quiver_database_read_scalar_string_by_id(
                h, c_name(collection, "collection"), c_name(attribute, "attribute"), id, out, has
            )
        )
        if out[0] == ffi.NULL:
            return None
        try:
            return ffi.string(out[0]).decode("utf-8", errors="replace") if has[0] else None
        finally:
            lib.quiver_database_free_string(out[0])

    def read_scalar_date_time_by_id(self, collection: str, attribute: str, id: int) -> datetime | None:
        """:meth:`read_scalar_string_by_id` parsed as an ISO 8601 date-time in UTC (``ValueError`` if not)."""
        text = self.read_scalar_string_by_id(collection, attribute, id)
        return None if text is None else _rr.parse_date_time(text)

    def read_vector_integers(self, collection: str, attribute: str) -> list[list[int]]:
        """One list per element that has rows in the vector table of ``attribute``, elements by id."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.nested_integers(lambda out, s, n: lib.quiver_database_read_vector_integers(h, c, a, out, s, n))

    def read_vector_floats(self, collection: str, attribute: str) -> list[list[float]]:
        """As :meth:`read_vector_integers` for float values (INTEGER cells widened)."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.nested_floats(lambda out, s, n: lib.quiver_database_read_vector_floats(h, c, a, out, s, n))

    def read_vector_strings(self, collection: str, attribute: str) -> list[list[str]]:
        """As :meth:`read_vector_integers` for TEXT values."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.packed_nested_strings(
            lambda out, b, s, n: lib.quiver_database_read_vector_strings_packed(h, c, a, out, b, s, n)
        )

    def read_set_integers(self, collection: str, attribute: str) -> list[list[int]]:
        """One list per element that has rows in the set table of ``attribute`` (values ascending)."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.nested_integers(lambda out, s, n: lib.quiver_database_read_set_integers(h, c, a, out, s, n))

    def read_set_floats(self, collection: str, attribute: str) -> list[list[float]]:
        """As :meth:`read_set_integers` for float values (INTEGER cells widened)."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.nested_floats(lambda out, s, n: lib.quiver_database_read_set_floats(h, c, a, out, s, n))

    def read_set_strings(self, collection: str, attribute: str) -> list[list[str]]:
        """As :meth:`read_set_integers` for TEXT values."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.packed_nested_strings(
            lambda out, b, s, n: lib.quiver_database_read_set_strings_packed(h, c, a, out, b, s, n)
        )

    def read_vector_integers_by_id(self, collection: str, attribute: str, id: int) -> list[int]:
        """The element's vector values in ``vector_index`` order (NULLs skipped); ``[]`` if none."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.integers(lambda out, n: lib.quiver_database_read_vector_integers_by_id(h, c, a, id, out, n))

    def read_vector_floats_by_id(self, collection: str, attribute: str, id: int) -> list[float]:
        """As :meth:`read_vector_integers_by_id` for float values (INTEGER cells widened)."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.floats(lambda out, n: lib.quiver_database_read_vector_floats_by_id(h, c, a, id, out, n))

    def read_vector_strings_by_id(self, collection: str, attribute: str, id: int) -> list[str]:
        """As :meth:`read_vector_integers_by_id` for TEXT values."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.strings(lambda out, n: lib.quiver_database_read_vector_strings_by_id(h, c, a, id, out, n))

    def read_vector_date_time_by_id(self, collection: str, attribute: str, id: int) -> list[datetime]:
        """:meth:`read_vector_strings_by_id` with every item parsed as a UTC date-time."""
        return [_rr.parse_date_time(t) for t in self.read_vector_strings_by_id(collection, attribute, id)]

    def read_set_integers_by_id(self, collection: str, attribute: str, id: int) -> list[int]:
        """The element's set values (a ``list``, ascending); ``[]`` if none."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.integers(lambda out, n: lib.quiver_database_read_set_integers_by_id(h, c, a, id, out, n))

    def read_set_floats_by_id(self, collection: str, attribute: str, id: int) -> list[float]:
        """As :meth:`read_set_integers_by_id` for float values (INTEGER cells widened)."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.floats(lambda out, n: lib.quiver_database_read_set_floats_by_id(h, c, a, id, out, n))

    def read_set_strings_by_id(self, collection: str, attribute: str, id: int) -> list[str]:
        """As :meth:`read_set_integers_by_id` for TEXT values."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.strings(lambda out, n: lib.quiver_database_read_set_strings_by_id(h, c, a, id, out, n))

    def read_set_date_time_by_id(self, collection: str, attribute: str, id: int) -> list[datetime]:
        """:meth:`read_set_strings_by_id` with every item parsed as a UTC date-time."""
        return [_rr.parse_date_time(t) for t in self.read_set_strings_by_id(collection, attribute, id)]

    def read_element_ids(self, collection: str) -> list[int]:
        """All element ids of ``collection`` in creation order."""
        h, c = self._handle(), c_name(collection, "collection")
        return _rr.integers(lambda out, n: lib.quiver_database_read_element_ids(h, c, out, n))

    def number_of_elements(self, collection: str) -> int:
        """The number of elements of ``collection``."""
        h = self._handle()
        out = ffi.new("int64_t *")
        check(lib.quiver_database_number_of_elements(h, c_name(collection, "collection"), out))
        return int(out[0])

    def read_scalars_by_id(self, collection: str, id: int) -> dict[str, Any]:
        """Every scalar attribute of the element (keys sorted by name, ``id`` and ``label`` included).

        Values are typed by the attribute's metadata (DATE_TIME as ``datetime``); NULL is ``None``;
        an id that does not exist maps every key to ``None``.
        """
        h, c = self._handle(), c_name(collection, "collection")
        return _rr.single_row(lambda out, n: lib.quiver_database_read_scalars_by_id(h, c, id, out, n))

    def read_vectors_by_id(self, collection: str, id: int) -> dict[str, list[Any]]:
        """``{value column: list}`` for every vector group of the collection (NULLs skipped)."""
        h, c = self._handle(), c_name(collection, "collection")
        cols = _rr.columns(lambda out, n: lib.quiver_database_read_vectors_by_id(h, c, id, out, n))
        return {name: [v for v in cells if v is not None] for name, cells in cols}

    def read_sets_by_id(self, collection: str, id: int) -> dict[str, list[Any]]:
        """``{value column: list}`` for every set group of the collection (NULLs skipped)."""
        h, c = self._handle(), c_name(collection, "collection")
        cols = _rr.columns(lambda out, n: lib.quiver_database_read_sets_by_id(h, c, id, out, n))
        return {name: [v for v in cells if v is not None] for name, cells in cols}

    def read_element_by_id(self, collection: str, id: int) -> dict[str, Any]:
        """:meth:`read_scalars_by_id` updated with :meth:`read_vectors_by_id` and :meth:`read_sets_by_id`."""
        result = self.read_scalars_by_id(collection, id)
        result.update(self.read_vectors_by_id(collection, id))
        result.update(self.read_sets_by_id(collection, id))
        return result

    def read_vector_group_by_id(self, collection: str, group: str, id: int) -> list[dict[str, Any]]:
        """Rows of the vector group ``group`` of the element, by ``vector_index``.

        Each row is ``{"vector_index": i, <column>: value, ...}`` (0-based index, then the value
        columns by name); NULL cells are ``None``.
        """
        h, c, g = self._handle(), c_name(collection, "collection"), c_name(group, "group")
        cols = _rr.columns(lambda out, n: lib.quiver_database_read_vector_group_by_id(h, c, g, id, out, n))
        if not cols:
            return []
        names = [name for name, _ in cols]
        return [
            {"vector_index": i, **dict(zip(names, row))} for i, row in enumerate(zip(*(cells for _, cells in cols)))
        ]

    def read_set_group_by_id(self, collection: str, group: str, id: int) -> list[dict[str, Any]]:
        """Rows of the set group ``group`` of the element (``{<column>: value, ...}``, ascending)."""
        h, c, g = self._handle(), c_name(collection, "collection"), c_name(group, "group")
        cols = _rr.columns(lambda out, n: lib.quiver_database_read_set_group_by_id(h, c, g, id, out, n))
        if not cols:
            return []
        names = [name for name, _ in cols]
        return [dict(zip(names, row)) for row in zip(*(cells for _, cells in cols))]

    # ==== end section: reads ====

    # ==== section: metadata ====

    def get_scalar_metadata(self, collection: str, attribute: str) -> ScalarMetadata:
        """Metadata of one column of a collection table, with its foreign key (if any).

        :param collection: collection (table) name
        :param attribute: column name
        :raises QuiverError: unknown collection or attribute
        """
        out = ffi.new("quiver_scalar_metadata_t *")
        check(
            lib.quiver_database_get_scalar_metadata(
                self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute"), out
            )
        )
        try:
            return scalar_from_c(out)
        finally:
            lib.quiver_database_free_scalar_metadata(out)

    def _group_metadata(self, fn: Any, collection: str, group_name: str) -> GroupMetadata:
        out = ffi.new("quiver_group_metadata_t *")
        check(fn(self._handle(), c_name(collection, "collection"), c_name(group_name, "group_name"), out))
        try:
            return group_from_c(out)
        finally:
            lib.quiver_database_free_group_metadata(out)

    def get_vector_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Metadata of vector group ``group_name`` (table ``<collection>_vector_<group_name>``).

        ``dimension_column`` is ``""``; value columns exclude ``id`` and ``vector_index``.
        """
        return self._group_metadata(lib.quiver_database_get_vector_metadata, collection, group_name)

    def get_set_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Metadata of set group ``group_name`` (table ``<collection>_set_<group_name>``)."""
        return self._group_metadata(lib.quiver_database_get_set_metadata, collection, group_name)

    def get_time_series_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Metadata of time series group ``group_name``; ``dimension_column`` names its ordering column."""
        return self._group_metadata(lib.quiver_database_get_time_series_metadata, collection, group_name)

    def list_scalar_attributes(self, collection: str) -> list[ScalarMetadata]:
        """Metadata of every column of the collection table (``id`` and ``label`` included), sorted by name."""
        out = ffi.new("quiver_scalar_metadata_t **")
        count = ffi.new("size_t *")
        check(lib.quiver_database_list_scalar_attributes(self._handle(), c_name(collection, "collection"), out, count))
        n = int(count[0])
        if n == 0:
            return []
        try:
            return [scalar_from_c(out[0][i]) for i in range(n)]
        finally:
            lib.quiver_database_free_scalar_metadata_array(out[0], n)

    def _list_groups(self, fn: Any, collection: str) -> list[GroupMetadata]:
        out = ffi.new("quiver_group_metadata_t **")
        count = ffi.new("size_t *")
        check(fn(self._handle(), c_name(collection, "collection"), out, count))
        n = int(count[0])
        if n == 0:
            return []
        try:
            return [group_from_c(out[0][i]) for i in range(n)]
        finally:
            lib.quiver_database_free_group_metadata_array(out[0], n)

    def list_vector_groups(self, collection: str) -> list[GroupMetadata]:
        """Every vector group of ``collection`` by table name (``[]`` for an unknown collection)."""
        return self._list_groups(lib.quiver_database_list_vector_groups, collection)

    def list_set_groups(self, collection: str) -> list[GroupMetadata]:
        """Every set group of ``collection`` by table name (``[]`` for an unknown collection)."""
        return self._list_groups(lib.quiver_database_list_set_groups, collection)

    def list_time_series_groups(self, collection: str) -> list[GroupMetadata]:
        """Every time series group of ``collection`` (the files table is not a group)."""
        return self._list_groups(lib.quiver_database_list_time_series_groups, collection)

    # ==== end section: metadata ====

    # ==== section: time series ====

    def _time_series_value_columns(self, collection: str, group: str) -> tuple[str, list[tuple[str, int]]]:
        """The group's dimension column and its ``(name, type code)`` value columns (by name)."""
        meta = ffi.new("quiver_group_metadata_t *")
        check(
            lib.quiver_database_get_time_series_metadata(
                self._handle(), c_name(collection, "collection"), c_name(group, "group"), meta
            )
        )
        try:
            dimension = decode(meta.dimension_column)
            columns = [
                (decode(meta.value_columns[i].name), int(meta.value_columns[i].data_type))
                for i in range(meta.value_column_count)
            ]
        finally:
            lib.quiver_database_free_group_metadata(meta)
        return dimension, columns

    def read_time_series_group(self, collection: str, group: str, id: int) -> list[dict[str, Any]]:
        """All rows of element ``id`` in time series group ``group``, ordered by the dimension column.

        Each row is a dict: the dimension column first (``str``), then the value columns in
        alphabetical order (INTEGER -> ``int``, FLOAT -> ``float``, STRING/DATE_TIME -> ``str``,
        SQL NULL -> ``None``). No rows -> ``[]``.

        :param collection: collection name, e.g. ``"Sensor"``
        :param group: group name, the table suffix after ``<collection>_time_series_``
        :param id: element id
        """
        handle = self._handle()
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
            columns: list[list[Any]] = []
            for c in range(ncols):
                mask = bytes(ffi.buffer(masks[c], nrows))
                code = types[c]
                values: list[Any]
                if code == lib.QUIVER_DATA_TYPE_INTEGER:
                    values = ffi.unpack(ffi.cast("int64_t *", data[c]), nrows)
                elif code == lib.QUIVER_DATA_TYPE_FLOAT:
                    values = ffi.unpack(ffi.cast("double *", data[c]), nrows)
                else:
                    string = ffi.string
                    pointers = ffi.unpack(ffi.cast("char **", data[c]), nrows)
                    values = [string(p).decode("utf-8", "replace") if m else None for p, m in zip(pointers, mask)]
                    columns.append(values)
                    continue
                if 0 in mask:
                    values = [v if m else None for v, m in zip(values, mask)]
                columns.append(values)
        finally:
            lib.quiver_database_free_time_series_data(names, types, data, ncols, nrows)
            lib.quiver_database_free_time_series_masks(masks, ncols)
        return _rows_builder(len(keys))(keys, columns)

    def update_time_series_group(
        self, collection: str, group: str, id: int, rows: list[dict[str, Any]] | None
    ) -> None:
        """Replace every row of element ``id`` in time series group ``group`` with ``rows``.

        Each row needs the dimension column (``str``) and every value column with exactly the
        column's Python type (``int`` for INTEGER, ``float`` for FLOAT, ``str`` for STRING and
        DATE_TIME; ``bool`` and ``None`` are rejected); extra keys are ignored. Empty ``rows``
        (or ``None``) clears the element's rows. Everything is validated before anything is
        written, and the write is atomic.

        :raises ValueError: ``Row <r> is missing column '<col>'``
        :raises TypeError: ``Column '<col>' expects int, got <type>`` (also float, str)
        """
        handle = self._handle()
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
        dimension, value_columns = self._time_series_value_columns(collection, group)
        layout = [(dimension, int(lib.QUIVER_DATA_TYPE_STRING))] + value_columns
        cells = _time_series_cells(rows, layout)

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
            if code == lib.QUIVER_DATA_TYPE_INTEGER:
                array = ffi.new("int64_t[]", values)
            elif code == lib.QUIVER_DATA_TYPE_FLOAT:
                array = ffi.new("double[]", values)
            else:
                # one buffer of NUL-terminated strings per column (see the _packed C function)
                joined = "\0".join(values)
                if joined.count("\0") != nrows - 1:
                    row = next(r for r, v in enumerate(values) if "\0" in v)
                    raise ValueError(f"Column '{name}' in row {row} contains a NUL character")
                data = (joined + "\0").encode("utf-8")
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

    def has_time_series_files(self, collection: str) -> bool:
        """``True`` if ``collection`` has a ``<collection>_time_series_files`` table."""
        out = ffi.new("int *")
        check(lib.quiver_database_has_time_series_files(self._handle(), c_name(collection, "collection"), out))
        return bool(out[0])

    def list_time_series_files_columns(self, collection: str) -> list[str]:
        """The columns of ``<collection>_time_series_files``, alphabetically."""
        out = ffi.new("char ***")
        count = ffi.new("size_t *")
        check(
            lib.quiver_database_list_time_series_files_columns(
                self._handle(), c_name(collection, "collection"), out, count
            )
        )
        n = count[0]
        if n == 0:
            return []
        try:
            return [decode(p) for p in ffi.unpack(out[0], n)]
        finally:
            lib.quiver_database_free_string_array(out[0], n)

    def read_time_series_files(self, collection: str) -> dict[str, str | None]:
        """Every column of ``<collection>_time_series_files`` mapped to its stored path (``None`` if unset)."""
        out_columns = ffi.new("char ***")
        out_paths = ffi.new("char ***")
        count = ffi.new("size_t *")
        check(
            lib.quiver_database_read_time_series_files(
                self._handle(), c_name(collection, "collection"), out_columns, out_paths, count
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

    def update_time_series_files(self, collection: str, data: dict[str, str | None]) -> None:
        """Replace the stored paths: each key a column, each value a path or ``None``.

        Columns not in ``data`` become ``None`` (as upstream). An empty dict does nothing.
        """
        handle = self._handle()
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

    # ==== end section: time series ====

    # ==== section: queries and transactions ====

    def query_string(self, sql: str, *, params: Sequence[Any] | None = None) -> str | None:
        """Run ``sql`` (only its first statement) and return the first column of the first row.

        :param sql: any SQL statement; ``?`` placeholders are bound positionally from ``params``.
        :param params: ``int``, ``float``, ``str`` (trimmed) or ``None`` (NULL) values.
        :returns: the text, or ``None`` when there is no row, the value is NULL or not text.
        """
        handle = self._handle()
        sql_bytes = c_name(sql, "sql")
        cells = _scratch.take()
        try:
            bound = _bind_into(cells, params)
            out, has = cells.text, cells.has
            out[0] = ffi.NULL  # the pooled cell may still hold a pointer freed by an earlier call
            if bound is None:
                rc = lib.quiver_database_query_string(handle, sql_bytes, out, has)
            else:
                rc = lib.quiver_database_query_string_params(handle, sql_bytes, bound[0], bound[1], bound[2], out, has)
            if rc:
                raise_last_error()
            try:
                return decode(out[0]) if has[0] else None
            finally:
                if out[0] != ffi.NULL:
                    lib.quiver_database_free_string(out[0])
                    out[0] = ffi.NULL
        finally:
            _scratch.give(cells)

    def query_integer(self, sql: str, *, params: Sequence[Any] | None = None) -> int | None:
        """Like :meth:`query_string` for an INTEGER result (``None`` for any other type)."""
        return self._query_number(sql, params, "i64", lib.quiver_database_query_integer,
                                  lib.quiver_database_query_integer_params)  # type: ignore[no-any-return]

    def query_float(self, sql: str, *, params: Sequence[Any] | None = None) -> float | None:
        """Like :meth:`query_string` for a REAL result; an INTEGER result is returned as ``float``."""
        return self._query_number(sql, params, "f64", lib.quiver_database_query_float,
                                  lib.quiver_database_query_float_params)  # type: ignore[no-any-return]

    def _query_number(self, sql: str, params: Sequence[Any] | None, out_cell: str, fn: Any, fn_params: Any) -> Any:
        """The number queries: ``out_cell`` names the pooled scratch cell (``i64``/``f64``) the C
        function ``fn`` (or ``fn_params`` when there are parameters) writes its result into."""
        handle = self._handle()
        sql_bytes = c_name(sql, "sql")
        cells = _scratch.take()
        try:
            bound = _bind_into(cells, params)
            out, has = getattr(cells, out_cell), cells.has
            if bound is None:
                rc = fn(handle, sql_bytes, out, has)
            else:
                rc = fn_params(handle, sql_bytes, bound[0], bound[1], bound[2], out, has)
            if rc:
                raise_last_error()
            return out[0] if has[0] else None
        finally:
            _scratch.give(cells)

    def query_date_time(self, sql: str, *, params: Sequence[Any] | None = None) -> datetime | None:
        """Like :meth:`query_string`, parsed as an ISO 8601 date-time (timezone-aware, UTC) exactly
        as the date-time readers do. Raises ``ValueError`` for text that is not ISO 8601.
        """
        text = self.query_string(sql, params=params)
        if text is None:
            return None
        return _rr.parse_date_time(text)  # the readers' rule (§4.7), so both agree on every text

    def begin_transaction(self) -> None:
        """Start an explicit transaction (no nesting). Library writes join it until
        :meth:`commit` or :meth:`rollback`."""
        check(lib.quiver_database_begin_transaction(self._handle()))

    def commit(self) -> None:
        """Commit the explicit transaction."""
        check(lib.quiver_database_commit(self._handle()))

    def rollback(self) -> None:
        """Roll back the explicit transaction, discarding its writes."""
        check(lib.quiver_database_rollback(self._handle()))

    def in_transaction(self) -> bool:
        """``True`` while a transaction is open (also one opened with raw SQL)."""
        out = ffi.new("bool *")
        check(lib.quiver_database_in_transaction(self._handle(), out))
        return bool(out[0])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """``with db.transaction() as tx:`` commits when the block succeeds and rolls back when
        it raises (anything, including ``KeyboardInterrupt``) or the commit fails; the original
        exception propagates. ``tx`` is this database."""
        self._handle()
        self.begin_transaction()
        try:
            yield self
            self.commit()
        except BaseException:
            try:
                self.rollback()
            except Exception:  # noqa: BLE001 - the original error is the one that matters
                pass
            raise

    # ==== end section: queries and transactions ====


# ---- helpers of the queries section ----


def _bind_into(cells: _scratch.Cells, params: Sequence[Any] | None) -> tuple[Any, Any, int, list[Any]] | None:
    """Query parameters as the C parallel arrays ``(types, values, count, keep_alive)`` in the
    arrays of ``cells`` (a pooled ``Cells``; more than ``MAX_PARAMS`` parameters get arrays of
    their own), or ``None`` for no parameters. Raises before any C call for an unsupported value."""
    if params is None:
        return None
    n = len(params)
    if n == 0:
        return None
    if n > _scratch.MAX_PARAMS:
        cells = _scratch.Cells(n)
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


_PARAM_INTEGER = lib.QUIVER_DATA_TYPE_INTEGER
_PARAM_FLOAT = lib.QUIVER_DATA_TYPE_FLOAT
_PARAM_STRING = lib.QUIVER_DATA_TYPE_STRING
_PARAM_NULL = lib.QUIVER_DATA_TYPE_NULL


# ---- time series helpers ----

_TIME_SERIES_PYTHON_TYPES: dict[int, type] = {
    int(lib.QUIVER_DATA_TYPE_INTEGER): int,
    int(lib.QUIVER_DATA_TYPE_FLOAT): float,
    int(lib.QUIVER_DATA_TYPE_STRING): str,
    int(lib.QUIVER_DATA_TYPE_DATE_TIME): str,
}


_ROWS_BUILDERS: dict[int, Any] = {}


def _rows_builder(ncols: int) -> Any:
    """A function ``(keys, columns) -> list[dict]`` for ``ncols`` columns.

    It is a list comprehension with a dict display (about twice as fast as ``dict(zip(...))``
    per row). The generated code only contains generated names (``k0``, ``c0``, ``v0``, ...);
    keys and values are passed in as data.
    """
    builder = _ROWS_BUILDERS.get(ncols)
    if builder is None:
        ks = ", ".join(f"k{i}" for i in range(ncols))
        cs = ", ".join(f"c{i}" for i in range(ncols))
        vs = ", ".join(f"v{i}" for i in range(ncols))
        items = ", ".join(f"k{i}: v{i}" for i in range(ncols))
        source = (
            f"def build(keys, columns):\n"
            f"    ({ks},) = keys\n"
            f"    ({cs},) = columns\n"
            f"    return [{{{items}}} for ({vs},) in zip({cs})]\n"
        )
        namespace: dict[str, Any] = {}
        exec(compile(source, "<quiverdb rows builder>", "exec"), namespace)  # noqa: S102 - generated names only
        builder = _ROWS_BUILDERS[ncols] = namespace["build"]
    return builder


def _time_series_cells(rows: list[Any], layout: list[tuple[str, int]]) -> list[list[Any]]:
    """Validate ``rows`` against ``layout`` (``(column, type code)``, dimension first) and return
    the cells column by column.

    Errors are those of the first bad cell in row order, then column order, exactly as upstream
    checks them; the common all-valid case is checked column-wise at C speed.
    """
    columns: list[list[Any]] = []
    try:
        for name, code in layout:
            values = [row[name] for row in rows]
            if set(map(type, values)) != {_TIME_SERIES_PYTHON_TYPES[code]}:
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
            expected = _TIME_SERIES_PYTHON_TYPES[code]
            if type(value) is not expected:
                raise TypeError(f"Column '{name}' expects {expected.__name__}, got {type(value).__name__}")
    raise AssertionError("unreachable: time series rows failed validation without an error")

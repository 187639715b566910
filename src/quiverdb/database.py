"""``Database``: typed access to a quiverdb study database."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from quiverdb._database import later as _later
from quiverdb._database import metadata as _metadata
from quiverdb._database import reads as _reads
from quiverdb._database import scalars_row as _scalars_row
from quiverdb._database import time_series as _time_series
from quiverdb._database import writes as _writes
from quiverdb._ffi import log as _log  # noqa: F401  (routes library log messages into `logging`)
from quiverdb._ffi import read_results as _rr
from quiverdb._ffi.c_api import check, decode, ffi, lib, warn_unclosed
from quiverdb._ffi.options import database_options as _options
from quiverdb._ffi.options import log_level_of as _level
from quiverdb._ffi.strings import c_name, c_str
from quiverdb.database_bulk import DatabaseBulk
from quiverdb.database_csv_export import DatabaseCSVExport
from quiverdb.database_csv_import import DatabaseCSVImport
from quiverdb.database_frames import DatabaseFrames
from quiverdb.database_queries import DatabaseQueries
from quiverdb.exceptions import QuiverError
from quiverdb.metadata import GroupMetadata, LogLevel, ScalarMetadata

# the C functions of the hottest paths, bound once
_create_element = lib.quiver_database_create_element
_update_element = lib.quiver_database_update_element
_read_integer_by_id = lib.quiver_database_read_scalar_integer_by_id
_read_float_by_id = lib.quiver_database_read_scalar_float_by_id
_T = TypeVar("_T")


class Database(DatabaseCSVExport, DatabaseCSVImport, DatabaseFrames, DatabaseBulk, DatabaseQueries):
    """An open database. Create one with ``from_schema``, ``from_migrations`` or ``open``.

    Every method raises ``QuiverError`` with the engine's message on failure (an unknown
    collection, attribute or group, a type mismatch, a constraint) and
    ``QuiverError("Database has been closed")`` after ``close``; an argument of the wrong Python
    type raises ``TypeError``. A ``Database`` is a context manager that closes it.

    Example:
        >>> with Database.from_schema("study.db", "examples/study.sql") as db:
        ...     plant = db.create_element("Plant", label="Plant A", capacity=350.0)
        ...     db.read_scalar_float_by_id("Plant", "capacity", plant)
        350.0
    """

    def __init__(self, ptr: Any) -> None:
        # The native handle is freed when the last reference to it goes (this object, or a call
        # still running on another thread); close() only disconnects it, so a thread that is
        # calling while another closes gets "Database is closed", never a freed handle.
        self._ptr = ffi.gc(ptr, lib.quiver_database_close) if ptr != ffi.NULL else ptr
        self._closed = False
        self._scalar_names: dict[bytes, tuple[str, ...]] = {}  # read_scalars_by_id (quiverdb/_database/scalars_row.py)

    # ---- construction ----

    @staticmethod
    def _open_with(fn: Any, db_path: str, second: Any, options: Any) -> Database:
        out = ffi.new("quiver_database_t **")
        struct, _keep = options
        if second is None:
            check(fn(c_str(db_path, "db_path"), struct, out))
        else:
            check(fn(c_str(db_path, "db_path"), second, struct, out))
        return Database(out[0])

    @staticmethod
    def from_schema(
        db_path: str,
        schema_path: str,
        *,
        read_only: bool = False,
        log_level: LogLevel | int | str = LogLevel.INFO,
        busy_timeout: float = 5.0,
        journal_mode: str | None = None,
        console_level: LogLevel | int | str | None = None,
        strict: bool = False,
    ) -> Database:
        """Create a new database at ``db_path`` (``":memory:"`` allowed) from a SQL schema file.

        An existing regular file at ``db_path`` is replaced, only once the new database is
        complete and valid (it is built beside it and renamed over it); anything else at
        ``db_path`` (a directory, a FIFO) is refused.

        Args:
            db_path: database file, or ``":memory:"``.
            schema_path: SQL file with the schema (see the schema conventions).
            read_only: must stay ``False`` (a new database cannot be read-only); ``True`` raises.
            log_level: minimum level of the messages this database passes to the ``quiverdb``
                logger (``LogLevel``, its value, or a name such as ``"debug"``).
            console_level: later upstream's name for ``log_level`` (give one of the two).
            busy_timeout: seconds a call waits for a lock held by another connection, or for a
                transaction another thread opened on this database (default 5).
            journal_mode: ``None`` keeps the file's mode; ``"wal"`` (readers never wait for a
                writer), ``"delete"``, ``"truncate"``, ``"persist"`` or ``"memory"``.
            strict: ``True`` turns on checks upstream 0.5.0 did not make: a typed reader on a
                column of another type (``read_scalar_integers`` on a REAL column) and
                ``update_element``/``delete_element`` of a missing id raise ``QuiverError``
                instead of returning ``[]``/``None`` or doing nothing, and a float for an INTEGER column
                is refused (later upstream; docs/compatibility.md).
        """
        return Database._open_with(
            lib.quiver_database_from_schema_ex,
            db_path,
            c_str(schema_path, "schema_path"),
            _options(read_only, _level(log_level, console_level), busy_timeout, journal_mode, strict),
        )

    @staticmethod
    def from_migrations(
        db_path: str,
        migrations_path: str,
        *,
        read_only: bool = False,
        log_level: LogLevel | int | str = LogLevel.INFO,
        busy_timeout: float = 5.0,
        journal_mode: str | None = None,
        console_level: LogLevel | int | str | None = None,
        strict: bool = False,
    ) -> Database:
        """Open or create ``db_path`` and apply the pending migrations of ``migrations_path``.

        The keywords not listed are as for ``from_schema``.

        Args:
            db_path: database file (kept if it exists), or ``":memory:"``.
            migrations_path: directory with one sub-directory ``<N>/up.sql`` per version.
            read_only: open read-only; fails if a migration is pending.
        """
        return Database._open_with(
            lib.quiver_database_from_migrations_ex,
            db_path,
            c_str(migrations_path, "migrations_path"),
            _options(read_only, _level(log_level, console_level), busy_timeout, journal_mode, strict),
        )

    @staticmethod
    def open(
        db_path: str,
        *,
        read_only: bool = False,
        log_level: LogLevel | int | str = LogLevel.INFO,
        busy_timeout: float = 5.0,
        journal_mode: str | None = None,
        console_level: LogLevel | int | str | None = None,
        strict: bool = False,
    ) -> Database:
        """Open an existing database file (not in upstream 0.5.0).

        Its schema is loaded and validated, so the collections of a database made by
        ``from_schema`` or ``from_migrations`` are available. A missing path, or a SQLite
        file whose tables are not a quiver schema, raises ``QuiverError`` naming the path;
        nothing is created. The keywords not listed are as for ``from_schema``.

        Args:
            db_path: database file, or ``":memory:"``.
            read_only: open read-only: every write raises ``QuiverError``.
        """
        return Database._open_with(
            lib.quiver_database_open_ex,
            db_path,
            None,
            _options(read_only, _level(log_level, console_level), busy_timeout, journal_mode, strict),
        )

    # ---- lifecycle ----

    def _handle(self) -> Any:
        if self._closed:
            raise QuiverError("Database has been closed")
        return self._ptr

    def close(self) -> None:
        """Close the database (idempotent). An open transaction is rolled back. A call running on
        another thread is waited for; calls made afterwards raise ``QuiverError``."""
        if getattr(self, "_closed", True):
            return
        self._closed = True
        lib.quiver_database_disconnect(self._ptr)

    def interrupt(self) -> None:
        """Interrupt the SQL statement running on this database in another thread (not in
        upstream 0.5.0): that call raises ``QuiverError`` (``... interrupted``) and a
        library write it was doing is rolled back. A no-op when nothing runs."""
        if not getattr(self, "_closed", True):
            lib.quiver_database_interrupt(self._ptr)

    def connection_settings(self) -> dict[str, Any]:
        """``{"busy_timeout": seconds, "journal_mode": SQLite's mode}`` of this connection (not in
        upstream 0.5.0)."""
        ms = ffi.new("int *")
        mode = ffi.new("const char **")
        check(lib.quiver_database_connection_settings(self._handle(), ms, mode))
        return {"busy_timeout": ms[0] / 1000, "journal_mode": decode(mode[0])}

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def __del__(self) -> None:
        warn_unclosed(self, "Database")

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

    def describe(self, *, as_text: bool = False) -> str | None:
        """Print a schema report to the process's standard output (0.5.0).

        Args:
            as_text: return the report instead of printing it (later upstream returns it).
        """
        if as_text:
            return _later.report(lib.quiver_database_describe_to_string, self._handle())
        check(lib.quiver_database_describe(self._handle()))
        return None

    def describe_collection(self, collection: str) -> str:
        """The ``describe`` section of one collection, as a string (later upstream)."""
        return _later.report(lib.quiver_database_describe_collection, self._handle(), c_name(collection, "collection"))

    def summarize_collection(self, collection: str) -> str:
        """One line counting the collection's elements, attributes and groups (later upstream)."""
        return _later.report(lib.quiver_database_summarize_collection, self._handle(), c_name(collection, "collection"))

    # ==== section: writes ====

    def create_element(self, collection: str, **kwargs: Any) -> int:
        """Create one element of ``collection`` and return its new id.

        Each keyword is one attribute: ``None``/``bool``/``int``/``float``/``str`` values are
        scalars of the collection table (a ``str`` for a foreign-key column is a label of the
        referenced collection); non-empty lists go to every vector, set and time-series table
        that has a column of that name (empty lists are ignored).

        Args:
            collection: collection (table) name.
        Raises:
            QuiverError: unknown collection/column, type mismatch, unknown label, constraint failure.
            TypeError: a value of an unsupported Python type.
        """
        return _writes.write_element(self._handle(), _create_element, collection, None, kwargs)

    def update_element(self, collection: str, id: int, **kwargs: Any) -> None:
        """Update element ``id``: scalars given are written, others kept; each list replaces the
        element's rows in every group table it routes to (``[]`` clears them); keywords as for
        ``create_element``."""
        _writes.write_element(self._handle(), _update_element, collection, id, kwargs)

    def delete_element(self, collection: str, id: int) -> None:
        """Delete element ``id`` (its group rows follow the schema's ``ON DELETE`` actions).
        A missing id is not an error."""
        handle, c = self._handle(), c_name(collection, "collection")
        check(lib.quiver_database_delete_element(handle, c, _writes.element_id(id)))

    def update_vector_group(self, collection: str, group: str, id: int, data: dict[str, list[Any]]) -> None:
        """Replace element ``id``'s rows of vector group ``group`` with ``data`` (column -> list,
        all lists of one length; ``None`` items are NULL cells; ``{}`` clears the group).

        A ``str`` list for a foreign-key column gives labels; ints are accepted for REAL columns.
        """
        _writes.write_group(self._handle(), lib.quiver_database_update_vector_group, collection, group, id, data)

    def update_set_group(self, collection: str, group: str, id: int, data: dict[str, list[Any]]) -> None:
        """Replace element ``id``'s rows of set group ``group`` (same rules as ``update_vector_group``)."""
        _writes.write_group(self._handle(), lib.quiver_database_update_set_group, collection, group, id, data)

    # ==== end section: writes ====

    # ==== section: reads ====
    # Reads (docs/reference/database-api.md 4). One C call per method (read_element_by_id: three); results are
    # copied into fresh Python objects and the C memory is freed in _read_results.

    def read_scalar_integers(self, collection: str, attribute: str, *, keep_nulls: bool = False) -> list[int]:
        """INTEGER values of ``attribute`` for every element, in element id order (NULLs skipped)."""
        if keep_nulls:  # later upstream: one entry per element, None for NULL
            return _later.scalars_keeping_nulls(self._handle(), "i64", collection, attribute)
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.integers(lambda out, n: lib.quiver_database_read_scalar_integers(h, c, a, out, n))

    def read_scalar_floats(self, collection: str, attribute: str, *, keep_nulls: bool = False) -> list[float]:
        """Float values (INTEGER cells widened) of ``attribute`` for every element, in element id order."""
        if keep_nulls:  # later upstream: one entry per element, None for NULL
            return _later.scalars_keeping_nulls(self._handle(), "f64", collection, attribute)
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.floats(lambda out, n: lib.quiver_database_read_scalar_floats(h, c, a, out, n))

    def read_scalar_strings(self, collection: str, attribute: str, *, keep_nulls: bool = False) -> list[str]:
        """TEXT values of ``attribute`` for every element, in element id order (NULLs skipped)."""
        if keep_nulls:  # later upstream: one entry per element, None for NULL
            return _later.scalars_keeping_nulls(self._handle(), "text", collection, attribute)
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.packed_strings(lambda out, b, n: lib.quiver_database_read_scalar_strings_packed(h, c, a, out, b, n))

    def read_scalar_integer_by_id(self, collection: str, attribute: str, id: int) -> int | None:
        """The element's INTEGER value, or ``None`` (NULL, other type, or no such id)."""
        return _reads.number_by_id(self._handle(), _read_integer_by_id, "i64", collection, attribute, id)  # type: ignore[no-any-return]

    def read_scalar_float_by_id(self, collection: str, attribute: str, id: int) -> float | None:
        """The element's value as a float (INTEGER widened), or ``None``."""
        return _reads.number_by_id(self._handle(), _read_float_by_id, "f64", collection, attribute, id)  # type: ignore[no-any-return]

    def read_scalar_string_by_id(self, collection: str, attribute: str, id: int) -> str | None:
        """The element's TEXT value (``""`` stays ``""``), or ``None``."""
        return _reads.string_by_id(self._handle(), collection, attribute, id)

    def read_scalar_date_time_by_id(self, collection: str, attribute: str, id: int) -> datetime | None:
        """``read_scalar_string_by_id`` parsed as an ISO 8601 date-time in UTC; stored text that is
        not one reads as ``None``."""
        text = self.read_scalar_string_by_id(collection, attribute, id)
        return None if text is None else _rr.parse_stored_date_time(text)

    def _read_attr(
        self, reader: Callable[..., _T], fn: Callable[..., int], collection: str, attribute: str, *args: Any
    ) -> _T:
        """``reader`` over ``fn(handle, collection, attribute, *args, <reader's out arguments>)``."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return reader(lambda *out: fn(h, c, a, *args, *out))

    def read_vector_integers(self, collection: str, attribute: str) -> list[list[int]]:
        """One list per element that has rows in the vector table of ``attribute``, elements by id."""
        return self._read_attr(_rr.nested_integers, lib.quiver_database_read_vector_integers, collection, attribute)

    def read_vector_floats(self, collection: str, attribute: str) -> list[list[float]]:
        """As ``read_vector_integers`` for float values (INTEGER cells widened)."""
        return self._read_attr(_rr.nested_floats, lib.quiver_database_read_vector_floats, collection, attribute)

    def read_vector_strings(self, collection: str, attribute: str) -> list[list[str]]:
        """As ``read_vector_integers`` for TEXT values."""
        return self._read_attr(
            _rr.packed_nested_strings, lib.quiver_database_read_vector_strings_packed, collection, attribute
        )

    def read_set_integers(self, collection: str, attribute: str) -> list[list[int]]:
        """One list per element that has rows in the set table of ``attribute`` (values ascending)."""
        return self._read_attr(_rr.nested_integers, lib.quiver_database_read_set_integers, collection, attribute)

    def read_set_floats(self, collection: str, attribute: str) -> list[list[float]]:
        """As ``read_set_integers`` for float values (INTEGER cells widened)."""
        return self._read_attr(_rr.nested_floats, lib.quiver_database_read_set_floats, collection, attribute)

    def read_set_strings(self, collection: str, attribute: str) -> list[list[str]]:
        """As ``read_set_integers`` for TEXT values."""
        return self._read_attr(
            _rr.packed_nested_strings, lib.quiver_database_read_set_strings_packed, collection, attribute
        )

    def read_vector_integers_by_id(self, collection: str, attribute: str, id: int) -> list[int]:
        """The element's vector values in ``vector_index`` order (NULLs skipped); ``[]`` if none."""
        return self._read_attr(_rr.integers, lib.quiver_database_read_vector_integers_by_id, collection, attribute, id)

    def read_vector_floats_by_id(self, collection: str, attribute: str, id: int) -> list[float]:
        """As ``read_vector_integers_by_id`` for float values (INTEGER cells widened)."""
        return self._read_attr(_rr.floats, lib.quiver_database_read_vector_floats_by_id, collection, attribute, id)

    def read_vector_strings_by_id(self, collection: str, attribute: str, id: int) -> list[str]:
        """As ``read_vector_integers_by_id`` for TEXT values."""
        return self._read_attr(_rr.strings, lib.quiver_database_read_vector_strings_by_id, collection, attribute, id)

    def read_vector_date_time_by_id(self, collection: str, attribute: str, id: int) -> list[datetime | None]:
        """``read_vector_strings_by_id`` with every item parsed as a UTC date-time (``None`` for
        stored text that is not one)."""
        return [_rr.parse_stored_date_time(t) for t in self.read_vector_strings_by_id(collection, attribute, id)]

    def read_set_integers_by_id(self, collection: str, attribute: str, id: int) -> list[int]:
        """The element's set values (a ``list``, ascending); ``[]`` if none."""
        return self._read_attr(_rr.integers, lib.quiver_database_read_set_integers_by_id, collection, attribute, id)

    def read_set_floats_by_id(self, collection: str, attribute: str, id: int) -> list[float]:
        """As ``read_set_integers_by_id`` for float values (INTEGER cells widened)."""
        return self._read_attr(_rr.floats, lib.quiver_database_read_set_floats_by_id, collection, attribute, id)

    def read_set_strings_by_id(self, collection: str, attribute: str, id: int) -> list[str]:
        """As ``read_set_integers_by_id`` for TEXT values."""
        return self._read_attr(_rr.strings, lib.quiver_database_read_set_strings_by_id, collection, attribute, id)

    def read_set_date_time_by_id(self, collection: str, attribute: str, id: int) -> list[datetime | None]:
        """``read_set_strings_by_id`` with every item parsed as a UTC date-time (``None`` for
        stored text that is not one)."""
        return [_rr.parse_stored_date_time(t) for t in self.read_set_strings_by_id(collection, attribute, id)]

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
        slow = lambda: _rr.single_row(lambda out, n: lib.quiver_database_read_scalars_by_id(h, c, id, out, n))  # noqa: E731
        return _scalars_row.read_scalars_row(self._scalar_names, h, c, id, slow)

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
        """``read_scalars_by_id`` updated with ``read_vectors_by_id`` and ``read_sets_by_id``."""
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
        cols = _rr.columns(lambda out, n: lib.quiver_database_read_vector_group_columns_by_id(h, c, g, id, out, n))
        return _reads.group_rows(cols, "vector_index")

    def read_set_group_by_id(self, collection: str, group: str, id: int) -> list[dict[str, Any]]:
        """Rows of the set group ``group`` of the element (``{<column>: value, ...}``, ascending)."""
        h, c, g = self._handle(), c_name(collection, "collection"), c_name(group, "group")
        cols = _rr.columns(lambda out, n: lib.quiver_database_read_set_group_columns_by_id(h, c, g, id, out, n))
        return _reads.group_rows(cols, None)

    # ==== end section: reads ====

    # ==== section: metadata ====

    def get_scalar_metadata(self, collection: str, attribute: str) -> ScalarMetadata:
        """Metadata of one column of a collection table, with its foreign key (if any).

        Args:
            collection: collection (table) name
            attribute: column name
        Raises:
            QuiverError: unknown collection or attribute
        """
        return _metadata.scalar(self._handle(), collection, attribute)

    def get_vector_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Metadata of vector group ``group_name`` (table ``<collection>_vector_<group_name>``).

        ``dimension_column`` is ``""``; value columns exclude ``id`` and ``vector_index``.
        """
        return _metadata.group(self._handle(), lib.quiver_database_get_vector_metadata, collection, group_name)

    def get_set_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Metadata of set group ``group_name`` (table ``<collection>_set_<group_name>``)."""
        return _metadata.group(self._handle(), lib.quiver_database_get_set_metadata, collection, group_name)

    def get_time_series_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Metadata of time series group ``group_name``; ``dimension_column`` names its ordering column."""
        return _metadata.group(self._handle(), lib.quiver_database_get_time_series_metadata, collection, group_name)

    def list_scalar_attributes(self, collection: str) -> list[ScalarMetadata]:
        """Metadata of every column of the collection table (``id`` and ``label`` included), sorted by name."""
        return _metadata.scalar_attributes(self._handle(), collection)

    def list_vector_groups(self, collection: str) -> list[GroupMetadata]:
        """Every vector group of ``collection`` by table name (``[]`` for an unknown collection)."""
        return _metadata.groups(self._handle(), lib.quiver_database_list_vector_groups, collection)

    def list_set_groups(self, collection: str) -> list[GroupMetadata]:
        """Every set group of ``collection`` by table name (``[]`` for an unknown collection)."""
        return _metadata.groups(self._handle(), lib.quiver_database_list_set_groups, collection)

    def list_time_series_groups(self, collection: str) -> list[GroupMetadata]:
        """Every time series group of ``collection`` (the files table is not a group)."""
        return _metadata.groups(self._handle(), lib.quiver_database_list_time_series_groups, collection)

    # ==== end section: metadata ====

    # ==== section: time series ====

    def read_time_series_group(
        self, collection: str, group: str, id: int, *, columnar: bool = False
    ) -> list[dict[str, Any]] | dict[str, list[Any]]:
        """All rows of element ``id`` in time series group ``group``, ordered by the dimension column.

        Each row is a dict: the dimension column first (``str``), then the value columns in
        alphabetical order (INTEGER -> ``int``, FLOAT -> ``float``, STRING/DATE_TIME -> ``str``,
        SQL NULL -> ``None``). No rows -> ``[]``.

        Args:
            collection: collection name, e.g. ``"Sensor"``
            group: group name, the table suffix after ``<collection>_time_series_``
            id: element id
            columnar: return ``{column: [cells]}`` instead (later upstream's shape): the
                dimension column first with ``datetime`` cells, then the value columns by name.
        """
        if columnar:
            return _later.read_group_columns(self._handle(), collection, group, id)
        return _time_series.read_group(self._handle(), collection, group, id)

    def update_time_series_group(
        self, collection: str, group: str, id: int, rows: list[dict[str, Any]] | Mapping[str, list[Any]] | None
    ) -> None:
        """Replace every row of element ``id`` in time series group ``group`` with ``rows``.

        Each row needs the dimension column (``str``) and every value column with exactly the
        column's Python type (``int`` for INTEGER, ``float`` for FLOAT, ``str`` for STRING and
        DATE_TIME; ``bool`` and ``None`` are rejected); extra keys are ignored. Empty ``rows``
        (or ``None``) clears the element's rows. Everything is validated before anything is
        written, and the write is atomic.

        Raises:
            ValueError: ``Row <r> is missing column '<col>'``
            TypeError: ``Column '<col>' expects int, got <type>`` (also float, str)

        A ``datetime`` is accepted for the dimension and DATE_TIME columns. ``rows`` may also be
        a dict of columns (later upstream's shape, ``{"date_time": [...], "value": [...]}``):
        ``datetime`` cells, ``None`` cells (NULL) and integers for REAL columns are accepted,
        columns not in the group are refused; ``{}`` clears.
        """
        if isinstance(rows, Mapping):
            _later.update_group_columns(self._handle(), collection, group, id, rows)
            return
        _time_series.update_group(self._handle(), collection, group, id, rows)

    def read_time_series_row(self, collection: str, group: str, id: int, dimension: str | datetime) -> dict[str, Any]:
        """Element ``id``'s values at dimension value ``dimension`` (later upstream): for each value
        column the last non-NULL value at or before it (text order), ``None`` if there is none."""
        return _later.read_row(self._handle(), collection, group, id, dimension)

    def upsert_time_series_row(self, collection: str, group: str, id: int, row: Mapping[str, Any]) -> None:
        """Insert one row of the group or, when element ``id`` already has a row at the row's
        dimension value, update the columns given (later upstream). The dimension column is
        required (``str`` or ``datetime``); integers are accepted for REAL columns; columns not
        in the group are refused."""
        _later.upsert_row(self._handle(), collection, group, id, row)

    def has_time_series_files(self, collection: str) -> bool:
        """``True`` if ``collection`` has a ``<collection>_time_series_files`` table."""
        out = ffi.new("int *")
        check(lib.quiver_database_has_time_series_files(self._handle(), c_name(collection, "collection"), out))
        return bool(out[0])

    def list_time_series_files_columns(self, collection: str, *, order: str = "name") -> list[str]:
        """The columns of ``<collection>_time_series_files``, alphabetically (0.5.0), or in
        declaration order with ``order="declaration"`` (upstream 0.10.0's order)."""
        h, c = self._handle(), c_name(collection, "collection")
        if order == "declaration":
            return _rr.strings(lambda out, n: lib.quiver_database_list_time_series_files_columns_declared(h, c, out, n))
        if order != "name":
            raise ValueError(f"order must be 'name' or 'declaration', not {order!r}")
        return _rr.strings(lambda out, n: lib.quiver_database_list_time_series_files_columns(h, c, out, n))

    def read_time_series_files(self, collection: str) -> dict[str, str | None]:
        """Every column of ``<collection>_time_series_files`` mapped to its stored path (``None`` if unset)."""
        return _time_series.read_files(self._handle(), collection)

    def update_time_series_files(self, collection: str, data: dict[str, str | None]) -> None:
        """Replace the stored paths: each key a column, each value a path or ``None``.

        Columns not in ``data`` become ``None`` (as upstream). An empty dict does nothing.
        """
        _time_series.update_files(self._handle(), collection, data)

    # ==== end section: time series ====

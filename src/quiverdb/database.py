"""``Database``: typed access to a quiverdb study database."""

from __future__ import annotations

import contextlib
import warnings
from datetime import datetime, timezone
from typing import Any, Iterator, Sequence

import quiverdb._logging  # noqa: F401  (routes library log messages into `logging`)
from quiverdb._c_api import check, decode, ffi, lib
from quiverdb._strings import c_str
from quiverdb.database_csv_export import DatabaseCSVExport
from quiverdb.database_csv_import import DatabaseCSVImport
from quiverdb.exceptions import QuiverError
from quiverdb.metadata import LogLevel

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
    # ==== end section: writes ====

    # ==== section: reads ====
    # ==== end section: reads ====

    # ==== section: metadata ====
    # ==== end section: metadata ====

    # ==== section: time series ====
    # ==== end section: time series ====

    # ==== section: queries and transactions ====

    def query_string(self, sql: str, *, params: Sequence[Any] | None = None) -> str | None:
        """Run ``sql`` (only its first statement) and return the first column of the first row.

        :param sql: any SQL statement; ``?`` placeholders are bound positionally from ``params``.
        :param params: ``int``, ``float``, ``str`` (trimmed) or ``None`` (NULL) values.
        :returns: the text, or ``None`` when there is no row, the value is NULL or not text.
        """
        handle = self._handle()
        sql_bytes = c_str(sql, "sql")
        bound = _Params(params)
        out = ffi.new("char **")
        has = ffi.new("int *")
        if bound.count:
            rc = lib.quiver_database_query_string_params(handle, sql_bytes, bound.types, bound.values, bound.count, out, has)
        else:
            rc = lib.quiver_database_query_string(handle, sql_bytes, out, has)
        check(rc)
        try:
            return decode(out[0]) if has[0] else None
        finally:
            if out[0] != ffi.NULL:
                lib.quiver_database_free_string(out[0])

    def query_integer(self, sql: str, *, params: Sequence[Any] | None = None) -> int | None:
        """Like :meth:`query_string` for an INTEGER result (``None`` for any other type)."""
        handle = self._handle()
        sql_bytes = c_str(sql, "sql")
        bound = _Params(params)
        out = ffi.new("int64_t *")
        has = ffi.new("int *")
        if bound.count:
            rc = lib.quiver_database_query_integer_params(handle, sql_bytes, bound.types, bound.values, bound.count, out, has)
        else:
            rc = lib.quiver_database_query_integer(handle, sql_bytes, out, has)
        check(rc)
        return int(out[0]) if has[0] else None

    def query_float(self, sql: str, *, params: Sequence[Any] | None = None) -> float | None:
        """Like :meth:`query_string` for a REAL result; an INTEGER result is returned as ``float``."""
        handle = self._handle()
        sql_bytes = c_str(sql, "sql")
        bound = _Params(params)
        out = ffi.new("double *")
        has = ffi.new("int *")
        if bound.count:
            rc = lib.quiver_database_query_float_params(handle, sql_bytes, bound.types, bound.values, bound.count, out, has)
        else:
            rc = lib.quiver_database_query_float(handle, sql_bytes, out, has)
        check(rc)
        return float(out[0]) if has[0] else None

    def query_date_time(self, sql: str, *, params: Sequence[Any] | None = None) -> datetime | None:
        """Like :meth:`query_string`, parsed as an ISO 8601 date-time (timezone-aware, UTC).

        Text without an offset is taken as UTC; an explicit offset is converted to UTC.
        Raises ``ValueError`` for text that is not ISO 8601.
        """
        text = self.query_string(sql, params=params)
        if text is None:
            return None
        return _parse_date_time(text)

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


class _Params:
    """Query parameters marshalled into the C parallel arrays (kept alive with this object)."""

    __slots__ = ("count", "types", "values", "_keep")

    def __init__(self, params: Sequence[Any] | None) -> None:
        self.count = 0
        self.types: Any = ffi.NULL
        self.values: Any = ffi.NULL
        self._keep: list[Any] = []
        if params is None:
            return
        n = len(params)
        if n == 0:
            return
        types = ffi.new("int[]", n)
        values = ffi.new("void *[]", n)
        keep = self._keep
        for i, value in enumerate(params):
            if value is None:
                types[i] = lib.QUIVER_DATA_TYPE_NULL
                continue
            if isinstance(value, int):  # bool included: 1 / 0
                cell = ffi.new("int64_t *", value)
                types[i] = lib.QUIVER_DATA_TYPE_INTEGER
            elif isinstance(value, float):
                cell = ffi.new("double *", value)
                types[i] = lib.QUIVER_DATA_TYPE_FLOAT
            elif isinstance(value, str):
                cell = ffi.new("char[]", c_str(value, f"params[{i}]"))
                types[i] = lib.QUIVER_DATA_TYPE_STRING
            else:
                raise TypeError(
                    f"Unsupported parameter type: {type(value).__name__}. Expected int, float, str, or None."
                )
            keep.append(cell)
            values[i] = cell
        self.count = n
        self.types = types
        self.values = values


def _parse_date_time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)

"""``Database``: typed access to a quiverdb study database."""

from __future__ import annotations

from typing import Any

from quiverdb._ffi import log as _log  # noqa: F401  (routes library log messages into `logging`)
from quiverdb._ffi.c_api import check, decode, ffi, lib, warn_unclosed
from quiverdb._ffi.options import database_options as _options
from quiverdb._ffi.options import log_level_of as _level
from quiverdb._ffi.strings import c_str
from quiverdb.database_bulk import DatabaseBulk
from quiverdb.database_csv_export import DatabaseCSVExport
from quiverdb.database_csv_import import DatabaseCSVImport
from quiverdb.database_frames import DatabaseFrames
from quiverdb.database_metadata import DatabaseMetadata
from quiverdb.database_queries import DatabaseQueries
from quiverdb.database_reads import DatabaseReads
from quiverdb.database_time_series import DatabaseTimeSeries
from quiverdb.database_writes import DatabaseWrites
from quiverdb.exceptions import QuiverError
from quiverdb.metadata import LogLevel


class Database(
    DatabaseCSVExport,
    DatabaseCSVImport,
    DatabaseFrames,
    DatabaseBulk,
    DatabaseQueries,
    DatabaseWrites,
    DatabaseReads,
    DatabaseMetadata,
    DatabaseTimeSeries,
):
    """An open database. Create one with ``from_schema``, ``from_migrations`` or ``open``.

    Every method raises ``QuiverError`` with the engine's message on failure (an unknown
    collection, attribute or group, a type mismatch, a constraint) and
    ``QuiverError("Database has been closed")`` after ``close``; an argument of the wrong Python
    type raises ``TypeError``. A ``Database`` is a context manager that closes it.

    Examples:
        >>> with Database.from_schema("study.db", "examples/study.sql") as study:
        ...     plant = study.create_element("Plant", label="Plant A", capacity=350.0)
        ...     study.read_scalar_float_by_id("Plant", "capacity", plant)
        350.0
        >>> study
        Database(closed)
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

        Returns:
            The open database.

        Raises:
            QuiverError: ``Schema file not found: <path>``, SQL that does not run
                (``Failed to execute SQL: ...``), a schema that breaks the rules (``Schema
                validation error: ...``, naming the file and line), ``read_only=True``
                (``Cannot from_schema: read_only mode ...``), a path that cannot be written.
            ValueError: an unknown ``journal_mode`` or ``log_level`` name, a ``busy_timeout``
                out of range.
            TypeError: a path that is not a ``str``, a ``busy_timeout`` that is not a number.

        Examples:
            >>> study = Database.from_schema("study.db", "examples/study.sql", journal_mode="wal")
            >>> [g.group_name for g in study.list_time_series_groups("Plant")]
            ['generation']
            >>> study.close()
            >>> Database.from_schema("other.db", "missing.sql")
            Traceback (most recent call last):
            ...
            quiverdb.exceptions.QuiverError: Schema file not found: missing.sql
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

        Each pending step runs in its own transaction; ``current_version()`` is then the
        number of the last step applied (docs/migrations.md).

        Args:
            db_path: database file (kept if it exists), or ``":memory:"``.
            migrations_path: directory with one sub-directory ``<N>/up.sql`` per version.
            read_only: open read-only; fails if a migration is pending.

        Returns:
            The open, migrated database.

        Raises:
            QuiverError: ``Migrations path not found: <path>``, a step whose SQL fails (the
                database keeps the steps before it), a resulting schema that breaks the rules,
                a pending step with ``read_only=True``.
            ValueError: a bad keyword value, as for ``from_schema``.
            TypeError: a path that is not a ``str``.

        Examples:
            >>> from pathlib import Path
            >>> Path("migrations/1").mkdir(parents=True)
            >>> sql = "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;"
            >>> _ = Path("migrations/1/up.sql").write_text(sql)
            >>> study = Database.from_migrations("migrated.db", "migrations")
            >>> study.current_version()
            1
            >>> study.close()
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
            read_only: open read-only: every write raises ``QuiverError``
                (``Cannot <op>: database is read-only``).

        Returns:
            The open database.

        Raises:
            QuiverError: a missing file (``Failed to open database: file not found: <path>``),
                a file that is not a quiver database.
            ValueError: a bad keyword value, as for ``from_schema``.
            TypeError: ``db_path`` is not a ``str``.

        Examples:
            >>> db.close()
            >>> again = Database.open("sample.db", read_only=True)
            >>> again.number_of_elements("Plant")
            2
            >>> again.create_element("Fuel", label="Oil")
            Traceback (most recent call last):
            ...
            quiverdb.exceptions.QuiverError: Cannot create_element: database is read-only
            >>> again.close()
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
        another thread is waited for; calls made afterwards raise
        ``QuiverError("Database has been closed")``. ``with`` closes it at the end of the block.

        Examples:
            >>> db.close()
            >>> db
            Database(closed)
            >>> db.number_of_elements("Plant")
            Traceback (most recent call last):
            ...
            quiverdb.exceptions.QuiverError: Database has been closed
        """
        if getattr(self, "_closed", True):
            return
        self._closed = True
        lib.quiver_database_disconnect(self._ptr)

    def interrupt(self) -> None:
        """Interrupt the SQL statement running on this database in another thread (not in
        upstream 0.5.0): that call raises ``QuiverError`` (``... interrupted``) and a
        library write it was doing is rolled back. A no-op when nothing runs, and after ``close``.

        Examples:
            >>> import threading
            >>> timer = threading.Timer(0.2, db.interrupt)
            >>> timer.start()
            >>> db.query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n")
            Traceback (most recent call last):
            ...
            quiverdb.exceptions.QuiverError: ...interrupted...
            >>> timer.join()
        """
        if not getattr(self, "_closed", True):
            lib.quiver_database_interrupt(self._ptr)

    def connection_settings(self) -> dict[str, Any]:
        """The connection's lock wait and journal mode (not in upstream 0.5.0).

        Returns:
            ``{"busy_timeout": seconds, "journal_mode": SQLite's mode}``.

        Raises:
            QuiverError: a closed database.

        Examples:
            >>> db.connection_settings()
            {'busy_timeout': 5.0, 'journal_mode': 'delete'}
        """
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
        """The path the database was opened with.

        Returns:
            ``db_path`` exactly as given (``":memory:"`` for an in-memory database).

        Raises:
            QuiverError: a closed database.

        Examples:
            >>> db.path()
            'sample.db'
        """
        out = ffi.new("const char **")
        check(lib.quiver_database_path(self._handle(), out))
        return decode(out[0])

    def current_version(self) -> int:
        """The schema version (SQLite's ``user_version``).

        Returns:
            0 for a database made by ``from_schema`` (unless ``stamp`` set it), the number of the
            last migration applied for ``from_migrations``.

        Raises:
            QuiverError: a closed database.

        Examples:
            >>> db.current_version()
            0
        """
        out = ffi.new("int64_t *")
        check(lib.quiver_database_current_version(self._handle(), out))
        return int(out[0])

    def is_healthy(self) -> bool:
        """Whether the database is open (no integrity check runs).

        Returns:
            ``True`` while the database is open.

        Raises:
            QuiverError: a closed database (rather than returning ``False``, as upstream).

        Examples:
            >>> db.is_healthy()
            True
        """
        out = ffi.new("int *")
        check(lib.quiver_database_is_healthy(self._handle(), out))
        return bool(out[0])

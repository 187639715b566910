"""``Database``: typed access to a quiverdb study database."""

from __future__ import annotations

import warnings
from typing import Any

from quiverdb._c_api import check, decode, ffi, lib
from quiverdb._strings import c_str
from quiverdb.database_csv_export import DatabaseCSVExport
from quiverdb.database_csv_import import DatabaseCSVImport
from quiverdb.exceptions import QuiverError


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
    def from_schema(db_path: str, schema_path: str) -> Database:
        """Create a new database at ``db_path`` (``":memory:"`` allowed) from a SQL schema file.

        An existing file at ``db_path`` is replaced.
        """
        options = ffi.new("quiver_database_options_t *", lib.quiver_database_options_default())
        return Database._open_with(lib.quiver_database_from_schema, db_path, c_str(schema_path, "schema_path"), options)

    @staticmethod
    def from_migrations(db_path: str, migrations_path: str) -> Database:
        """Open or create ``db_path`` and apply the pending migrations of ``migrations_path``."""
        options = ffi.new("quiver_database_options_t *", lib.quiver_database_options_default())
        return Database._open_with(
            lib.quiver_database_from_migrations, db_path, c_str(migrations_path, "migrations_path"), options
        )

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
    # ==== end section: queries and transactions ====

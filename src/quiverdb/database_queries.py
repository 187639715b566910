"""``DatabaseQueries``: the SQL queries, transactions, dry runs and schema-version stamp of
:class:`quiverdb.Database` (a base class of it, as ``DatabaseCSVExport`` is)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from quiverdb._database import queries as _queries
from quiverdb._ffi import read_results as _rr
from quiverdb._ffi.c_api import check, ffi, lib
from quiverdb.exceptions import QuiverError

# the C functions of the query paths, bound once
_query_string, _query_string_params = lib.quiver_database_query_string, lib.quiver_database_query_string_params
_query_integer, _query_integer_params = lib.quiver_database_query_integer, lib.quiver_database_query_integer_params
_query_float, _query_float_params = lib.quiver_database_query_float, lib.quiver_database_query_float_params

_Self = TypeVar("_Self", bound="DatabaseQueries")


class DatabaseQueries:
    """``query_*``, transactions, dry runs and :meth:`stamp`; mixed into :class:`quiverdb.Database`."""

    _closed: bool  # set by Database

    def _handle(self) -> Any:  # provided by Database
        raise NotImplementedError

    # ==== section: queries and transactions ====

    def query_string(
        self, sql: str, *, params: Sequence[Any] | None = None, parameters: Sequence[Any] | None = None
    ) -> str | None:
        """Run ``sql`` (only its first statement) and return the first column of the first row.

        :param sql: any SQL statement; ``?`` placeholders are bound positionally from ``params``.
        :param params: ``int``, ``float``, ``str`` (trimmed) or ``None`` (NULL) values.
        :param parameters: later upstream's name for ``params`` (give one of the two).
        :returns: the text, or ``None`` when there is no row, the value is NULL or not text.
        """
        value: str | None = _queries.query(
            self._handle(), sql, _params(params, parameters), "text", _query_string, _query_string_params
        )
        return value

    def query_integer(
        self, sql: str, *, params: Sequence[Any] | None = None, parameters: Sequence[Any] | None = None
    ) -> int | None:
        """Like :meth:`query_string` for an INTEGER result (``None`` for any other type)."""
        value: int | None = _queries.query(
            self._handle(), sql, _params(params, parameters), "i64", _query_integer, _query_integer_params
        )
        return value

    def query_float(
        self, sql: str, *, params: Sequence[Any] | None = None, parameters: Sequence[Any] | None = None
    ) -> float | None:
        """Like :meth:`query_string` for a REAL result; an INTEGER result is returned as ``float``."""
        value: float | None = _queries.query(
            self._handle(), sql, _params(params, parameters), "f64", _query_float, _query_float_params
        )
        return value

    def query_date_time(
        self, sql: str, *, params: Sequence[Any] | None = None, parameters: Sequence[Any] | None = None
    ) -> datetime | None:
        """Like :meth:`query_string`, parsed as an ISO 8601 date-time (timezone-aware, UTC) exactly
        as the date-time readers do. Raises ``ValueError`` for text that is not ISO 8601.
        """
        text = self.query_string(sql, params=_params(params, parameters))
        if text is None:
            return None
        return _rr.parse_date_time(
            text
        )  # the readers' rule (docs/reference/database-api.md 4.7), so both agree on every text

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

    def begin_dry_run(self) -> None:
        """Start a dry run (later upstream): every write is checked and executed, and
        :meth:`end_dry_run` rolls all of it back. Transactions inside it still work (on a
        savepoint); no commit, raw SQL included, reaches the file."""
        check(lib.quiver_database_begin_dry_run(self._handle()))

    def end_dry_run(self) -> None:
        """End the dry run, rolling back everything done since :meth:`begin_dry_run`."""
        check(lib.quiver_database_end_dry_run(self._handle()))

    def in_dry_run(self) -> bool:
        """``True`` during a dry run."""
        out = ffi.new("int *")
        check(lib.quiver_database_in_dry_run(self._handle(), out))
        return bool(out[0])

    @contextlib.contextmanager
    def dry_run(self: _Self) -> Iterator[_Self]:
        """``with db.dry_run():`` runs the block in a dry run, rolled back when it ends, whether
        the block succeeds or raises (the exception propagates)."""
        self.begin_dry_run()
        try:
            yield self
        finally:
            if not self._closed:
                self.end_dry_run()

    @contextlib.contextmanager
    def transaction(self: _Self) -> Iterator[_Self]:
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
            except Exception:
                pass
            raise

    # ==== end section: queries and transactions ====

    def stamp(self, version: int) -> None:
        """Record ``version`` as the schema version (``current_version()``) without running any
        migration (not in upstream 0.5.0).

        The baseline of a database made with :meth:`from_schema` from a schema equal to what
        migrations ``1..version`` build: :meth:`from_migrations` then applies only the migrations
        numbered above it (docs/migrations.md). Inside a transaction it is part of it.

        :param version: 0 to 2147483647 (SQLite's ``user_version`` is 32 bits).
        :raises TypeError: ``version`` is not an ``int`` (``bool`` included).
        :raises QuiverError: ``Cannot stamp: version must be between 0 and 2147483647, got <v>``;
            ``Cannot stamp: database is read-only``.

        Example::

            db = Database.from_schema("study.db", "schema.sql")  # schema.sql = migrations 1..3
            db.stamp(3)
        """
        if not isinstance(version, int) or isinstance(version, bool):
            raise TypeError(f"version must be int, not {type(version).__name__}")
        version = int(version)
        if not -(2**63) <= version < 2**63:
            # beyond int64 the C call cannot take it; the engine's message for the range
            raise QuiverError(f"Cannot stamp: version must be between 0 and 2147483647, got {version}")
        check(lib.quiver_database_stamp(self._handle(), version))


def _params(params: Sequence[Any] | None, parameters: Sequence[Any] | None) -> Sequence[Any] | None:
    """``query_*``'s parameters: ``params`` (0.5.0) or ``parameters`` (later upstream)."""
    if parameters is None:
        return params
    if params is not None:
        raise TypeError("give params or parameters, not both")
    return parameters

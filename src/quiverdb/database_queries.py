"""``DatabaseQueries``: the SQL queries, transactions, dry runs and schema-version stamp of
``quiverdb.Database`` (a base class of it, as ``DatabaseCSVExport`` is)."""

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
    """``query_*``, transactions, dry runs and ``stamp``; mixed into ``quiverdb.Database``."""

    _closed: bool  # set by Database

    def _handle(self) -> Any:  # provided by Database
        raise NotImplementedError

    # ==== section: queries and transactions ====

    def query_string(
        self, sql: str, *, params: Sequence[Any] | None = None, parameters: Sequence[Any] | None = None
    ) -> str | None:
        """Run ``sql`` (only its first statement) and return the first column of the first row.

        Args:
            sql: any SQL statement; ``?`` placeholders are bound positionally from ``params``.
            params: ``int``, ``float``, ``str`` (trimmed) or ``None`` (NULL) values.
            parameters: later upstream's name for ``params`` (give one of the two).

        Returns:
            The text, or ``None`` when there is no row, the value is NULL or not text.

        Raises:
            QuiverError: the SQL does not prepare or run, or the placeholders and values differ in number.
            TypeError: a parameter of another type, or both ``params`` and ``parameters``.

        Examples:
            >>> db.query_string("SELECT label FROM Plant WHERE capacity > ?", params=[100.0])
            'Plant A'
        """
        value: str | None = _queries.query(
            self._handle(), sql, _params(params, parameters), "text", _query_string, _query_string_params
        )
        return value

    def query_integer(
        self, sql: str, *, params: Sequence[Any] | None = None, parameters: Sequence[Any] | None = None
    ) -> int | None:
        """Like ``query_string`` for an INTEGER result (``None`` for any other type).

        Args:
            sql: any SQL statement; ``?`` placeholders are bound positionally from ``params``.
            params: ``int``, ``float``, ``str`` or ``None`` values.
            parameters: later upstream's name for ``params``.

        Returns:
            The integer, or ``None`` (no row, NULL, another type).

        Raises:
            QuiverError: as for ``query_string``.

        Examples:
            >>> db.query_integer("SELECT COUNT(*) FROM Plant")
            2
        """
        value: int | None = _queries.query(
            self._handle(), sql, _params(params, parameters), "i64", _query_integer, _query_integer_params
        )
        return value

    def query_float(
        self, sql: str, *, params: Sequence[Any] | None = None, parameters: Sequence[Any] | None = None
    ) -> float | None:
        """Like ``query_string`` for a REAL result; an INTEGER result is returned as ``float``.

        Args:
            sql: any SQL statement; ``?`` placeholders are bound positionally from ``params``.
            params: ``int``, ``float``, ``str`` or ``None`` values.
            parameters: later upstream's name for ``params``.

        Returns:
            The number, or ``None`` (no row, NULL, text).

        Raises:
            QuiverError: as for ``query_string``.

        Examples:
            >>> db.query_float("SELECT SUM(capacity) FROM Plant")
            470.0
        """
        value: float | None = _queries.query(
            self._handle(), sql, _params(params, parameters), "f64", _query_float, _query_float_params
        )
        return value

    def query_date_time(
        self, sql: str, *, params: Sequence[Any] | None = None, parameters: Sequence[Any] | None = None
    ) -> datetime | None:
        """Like ``query_string``, parsed as an ISO 8601 date-time (timezone-aware, UTC) exactly
        as the date-time readers do.

        Args:
            sql: any SQL statement; ``?`` placeholders are bound positionally from ``params``.
            params: ``int``, ``float``, ``str`` or ``None`` values.
            parameters: later upstream's name for ``params``.

        Returns:
            The date-time, or ``None`` (no row, NULL, not text).

        Raises:
            QuiverError: as for ``query_string``.
            ValueError: text that is not ISO 8601.

        Examples:
            >>> db.query_date_time("SELECT MIN(date_time) FROM Plant_time_series_generation")
            datetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
        """
        text = self.query_string(sql, params=_params(params, parameters))
        if text is None:
            return None
        return _rr.parse_date_time(
            text
        )  # the readers' rule (docs/reference/database-api.md 4.7), so both agree on every text

    def begin_transaction(self) -> None:
        """Start an explicit transaction (no nesting). Library writes join it until
        ``commit`` or ``rollback``; ``transaction()`` does both for a ``with`` block.

        Raises:
            QuiverError: ``Cannot begin_transaction: transaction already active``.

        Examples:
            >>> db.begin_transaction()
            >>> db.create_element("Fuel", label="Oil")
            3
            >>> db.rollback()  # Oil is gone
        """
        check(lib.quiver_database_begin_transaction(self._handle()))

    def commit(self) -> None:
        """Commit the explicit transaction: its writes reach the file.

        Raises:
            QuiverError: ``Cannot commit: no active transaction``, or SQLite refuses the commit.

        Examples:
            >>> db.begin_transaction()
            >>> oil = db.create_element("Fuel", label="Oil")
            >>> db.commit()
            >>> db.number_of_elements("Fuel")
            3
        """
        check(lib.quiver_database_commit(self._handle()))

    def rollback(self) -> None:
        """Roll back the explicit transaction, discarding its writes.

        Raises:
            QuiverError: ``Cannot rollback: no active transaction``.

        Examples:
            >>> db.begin_transaction()
            >>> db.delete_element("Plant", 2)
            >>> db.rollback()
            >>> db.number_of_elements("Plant")
            2
        """
        check(lib.quiver_database_rollback(self._handle()))

    def in_transaction(self) -> bool:
        """Whether a transaction is open (also one opened with raw SQL).

        Returns:
            ``True`` while a transaction is open.

        Raises:
            QuiverError: a closed database.

        Examples:
            >>> with db.transaction():
            ...     print(db.in_transaction())
            True
            >>> db.in_transaction()
            False
        """
        out = ffi.new("bool *")
        check(lib.quiver_database_in_transaction(self._handle(), out))
        return bool(out[0])

    def begin_dry_run(self) -> None:
        """Start a dry run (later upstream): every write is checked and executed, and
        ``end_dry_run`` rolls all of it back. Transactions inside it still work (on a
        savepoint); no commit, raw SQL included, reaches the file.

        Raises:
            QuiverError: a transaction or another dry run is already active.

        Examples:
            >>> db.begin_dry_run()
            >>> db.create_element("Plant", label="Plant C")  # checked and written ...
            3
            >>> db.end_dry_run()  # ... and rolled back
        """
        check(lib.quiver_database_begin_dry_run(self._handle()))

    def end_dry_run(self) -> None:
        """End the dry run, rolling back everything done since ``begin_dry_run``.

        Raises:
            QuiverError: no dry run is active (``Cannot end_dry_run: no active dry run``).

        Examples:
            >>> db.begin_dry_run()
            >>> db.update_element("Plant", 1, capacity=0.0)
            >>> db.end_dry_run()
            >>> db.read_scalar_float_by_id("Plant", "capacity", 1)
            350.0
        """
        check(lib.quiver_database_end_dry_run(self._handle()))

    def in_dry_run(self) -> bool:
        """Whether a dry run is active.

        Returns:
            ``True`` between ``begin_dry_run`` and ``end_dry_run``.

        Raises:
            QuiverError: a closed database.

        Examples:
            >>> db.in_dry_run()
            False
            >>> db.begin_dry_run()
            >>> db.in_dry_run(), db.in_transaction()  # transactions stay available inside it
            (True, False)
            >>> db.end_dry_run()
        """
        out = ffi.new("int *")
        check(lib.quiver_database_in_dry_run(self._handle(), out))
        return bool(out[0])

    @contextlib.contextmanager
    def dry_run(self: _Self) -> Iterator[_Self]:
        """A dry run as a ``with`` block, rolled back when it ends, whether the block succeeds
        or raises (the exception propagates).

        Returns:
            A context manager yielding this database.

        Raises:
            QuiverError: as for ``begin_dry_run``.

        Examples:
            >>> with db.dry_run():
            ...     db.delete_element("Plant", 1)  # would the delete cascade as planned?
            ...     print(db.number_of_elements("Plant"))
            1
            >>> db.number_of_elements("Plant")
            2
        """
        self.begin_dry_run()
        try:
            yield self
        finally:
            if not self._closed:
                self.end_dry_run()

    @contextlib.contextmanager
    def transaction(self: _Self) -> Iterator[_Self]:
        """A transaction as a ``with`` block: commits when the block succeeds and rolls back when
        it raises (anything, including ``KeyboardInterrupt``) or the commit fails; the original
        exception propagates.

        Returns:
            A context manager yielding this database (``tx`` below).

        Raises:
            QuiverError: as for ``begin_transaction`` and ``commit``.

        Examples:
            >>> with db.transaction() as tx:
            ...     fuel = tx.create_element("Fuel", label="Oil", price=80.0)
            ...     tx.update_element("Plant", 1, fuel_id=fuel)
        """
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

        The baseline of a database made with ``from_schema`` from a schema equal to what
        migrations ``1..version`` build: ``from_migrations`` then applies only the migrations
        numbered above it (docs/migrations.md). Inside a transaction it is part of it.

        Args:
            version: 0 to 2147483647 (SQLite's ``user_version`` is 32 bits).

        Raises:
            TypeError: ``version`` is not an ``int`` (``bool`` included).
            QuiverError: ``Cannot stamp: version must be between 0 and 2147483647, got <v>``;
                ``Cannot stamp: database is read-only``.

        Examples:
            >>> db.stamp(3)  # say sample.sql builds what migrations 1..3 build
            >>> db.current_version()
            3
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

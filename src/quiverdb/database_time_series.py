"""``Database`` time series groups and time series files (a mixin base class of ``Database``;
docs/reference/database-api.md 5). The pandas and Arrow forms are in ``database_frames.py``
and ``database_bulk.py``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from quiverdb._database import later as _later
from quiverdb._database import time_series as _time_series
from quiverdb._ffi import read_results as _rr
from quiverdb._ffi.c_api import check, ffi, lib
from quiverdb._ffi.strings import c_name


class DatabaseTimeSeries:
    """Provides ``read_time_series_group``, ``update_time_series_group``,
    ``read_time_series_row``, ``upsert_time_series_row`` and the ``*_time_series_files`` methods."""

    if TYPE_CHECKING:

        def _handle(self) -> Any: ...  # the native handle; provided by Database
        def read_time_series_group_frame(self, collection: str, group: str, id: int) -> Any: ...  # DatabaseFrames

    # ==== section: time series ====

    def read_time_series_group(
        self, collection: str, group: str, id: int, *, columnar: bool = False, as_frame: bool = False
    ) -> list[dict[str, Any]] | dict[str, list[Any]] | Any:
        """All rows of element ``id`` in time series group ``group``, ordered by the dimension
        column.

        Each row is a dict: the dimension column first (``str``), then the value columns in
        alphabetical order (INTEGER -> ``int``, FLOAT -> ``float``, STRING/DATE_TIME -> ``str``,
        SQL NULL -> ``None``).

        Args:
            collection: collection name, e.g. ``"Plant"``.
            group: group name, the table suffix after ``<collection>_time_series_``.
            id: element id.
            columnar: return ``{column: [cells]}`` instead (later upstream's shape): the
                dimension column first with ``datetime`` cells, then the value columns by name.
            as_frame: return a ``pandas.DataFrame`` indexed by the dimension column instead, read
                in one bulk read (the same as ``read_time_series_group_frame``; needs
                ``quiverdb[pandas]``).

        Returns:
            The rows (``[]`` when there are none), the columns with ``columnar=True``, or a
            DataFrame with ``as_frame=True``.

        Raises:
            QuiverError: unknown collection or group (``Time series group not found: 'gen' in
                collection 'Plant'``), a closed database.
            TypeError: ``id`` is not an ``int``; ``columnar`` and ``as_frame`` both set.
            ImportError: ``as_frame=True`` without pandas (``pip install 'quiverdb[pandas]'``).

        Examples:
            >>> db.read_time_series_group("Plant", "generation", 1)[:2]
            [{'date_time': '2024-01-01T00:00:00', 'mwh': 300.0}, {'date_time': '2024-01-01T01:00:00', 'mwh': 310.5}]
            >>> db.read_time_series_group("Plant", "generation", 1, columnar=True)["mwh"]
            [300.0, 310.5, 295.25]
        """
        if as_frame:
            if columnar:
                raise TypeError("read_time_series_group: columnar and as_frame are two shapes; pass one")
            return self.read_time_series_group_frame(collection, group, id)
        if columnar:
            return _later.read_group_columns(self._handle(), collection, group, id)
        return _time_series.read_group(self._handle(), collection, group, id)

    def update_time_series_group(
        self, collection: str, group: str, id: int, rows: list[dict[str, Any]] | Mapping[str, list[Any]] | None
    ) -> None:
        """Replace every row of element ``id`` in time series group ``group`` with ``rows``.

        Each row needs the dimension column (``str``) and every value column with exactly the
        column's Python type (``int`` for INTEGER, ``float`` for FLOAT, ``str`` for STRING and
        DATE_TIME; ``bool`` and ``None`` are rejected); extra keys are ignored. A ``datetime``
        is accepted for the dimension and DATE_TIME columns. Empty ``rows`` (or ``None``)
        clears the element's rows. Everything is validated before anything is written, and the
        write is atomic.

        ``rows`` may also be a dict of columns (later upstream's shape, ``{"date_time": [...],
        "mwh": [...]}``): ``datetime`` cells, ``None`` cells (NULL) and integers for REAL columns
        are accepted, columns not in the group are refused; ``{}`` clears.

        Args:
            collection: collection name.
            group: time series group name.
            id: the element's id.
            rows: a list of row dicts, a dict of columns, or ``None``.

        Raises:
            QuiverError: unknown collection or group, a column not in the group (dict of
                columns), a repeated dimension value, a missing element, a read-only
                (``Cannot update_time_series_group: database is read-only``) or closed database.
            ValueError: ``Row <r> is missing column '<col>'``.
            TypeError: ``Column '<col>' expects float, got int`` (also int, str).

        Examples:
            >>> db.update_time_series_group("Plant", "generation", 2, [
            ...     {"date_time": "2024-01-01T00:00:00", "mwh": 100.0},
            ...     {"date_time": datetime(2024, 1, 1, 1), "mwh": 90.0},
            ... ])
            >>> db.read_time_series_group("Plant", "generation", 2)[1]
            {'date_time': '2024-01-01T01:00:00', 'mwh': 90.0}
            >>> db.update_time_series_group("Plant", "generation", 2, [{"date_time": "2024-01-01T02:00:00", "mwh": 80}])
            Traceback (most recent call last):
            ...
            TypeError: Column 'mwh' expects float, got int
        """
        if isinstance(rows, Mapping):
            _later.update_group_columns(self._handle(), collection, group, id, rows)
            return
        _time_series.update_group(self._handle(), collection, group, id, rows)

    def read_time_series_row(self, collection: str, group: str, id: int, dimension: str | datetime) -> dict[str, Any]:
        """Element ``id``'s values at dimension value ``dimension`` (later upstream): for each
        value column the last non-NULL value at or before it (text order).

        Args:
            collection: collection name.
            group: time series group name.
            id: the element's id.
            dimension: the dimension value, stored text (``"2024-01-01T01:30:00"``) or a
                ``datetime``.

        Returns:
            ``{value column: value}``, ``None`` for a column with no value at or before
            ``dimension``.

        Raises:
            QuiverError: unknown collection or group, a closed database.
            TypeError: ``dimension`` is neither ``str`` nor ``datetime``
                (``dimension must be a str or datetime, not int``).

        Examples:
            >>> db.read_time_series_row("Plant", "generation", 1, datetime(2024, 1, 1, 1, 30))
            {'mwh': 310.5}
            >>> db.read_time_series_row("Plant", "generation", 1, "2023-12-31T23:00:00")
            {'mwh': None}
        """
        return _later.read_row(self._handle(), collection, group, id, dimension)

    def upsert_time_series_row(self, collection: str, group: str, id: int, row: Mapping[str, Any]) -> None:
        """Insert one row of the group or, when element ``id`` already has a row at the row's
        dimension value, update the columns given (later upstream).

        Args:
            collection: collection name.
            group: time series group name.
            id: the element's id.
            row: the dimension column (``str`` or ``datetime``, required) and the value columns
                to write; integers are accepted for REAL columns.

        Raises:
            QuiverError: unknown collection or group, no dimension value (``Cannot
                upsert_time_series_row: dimension column 'date_time' missing from the row``), a
                column not in the group, a read-only or closed database.
            TypeError: a value of an unsupported type.

        Examples:
            >>> db.upsert_time_series_row("Plant", "generation", 1, {"date_time": "2024-01-01T01:00:00", "mwh": 312})
            >>> db.read_time_series_group("Plant", "generation", 1)[1]
            {'date_time': '2024-01-01T01:00:00', 'mwh': 312.0}
        """
        _later.upsert_row(self._handle(), collection, group, id, row)

    def has_time_series_files(self, collection: str) -> bool:
        """Whether ``collection`` has a ``<collection>_time_series_files`` table.

        Args:
            collection: collection name.

        Returns:
            ``True`` if the table exists.

        Raises:
            QuiverError: unknown collection (``Cannot has_time_series_files: collection not
                found: Plnt (did you mean 'Plant'?)``), a closed database.
            TypeError: ``collection`` is not a ``str``.

        Examples:
            >>> db.has_time_series_files("Plant"), db.has_time_series_files("Fuel")
            (True, False)
        """
        out = ffi.new("int *")
        check(lib.quiver_database_has_time_series_files(self._handle(), c_name(collection, "collection"), out))
        return bool(out[0])

    def list_time_series_files_columns(self, collection: str, *, order: str = "name") -> list[str]:
        """The columns of ``<collection>_time_series_files``.

        Args:
            collection: collection name.
            order: ``"name"``: alphabetical (0.5.0); ``"declaration"``: the schema's order
                (upstream 0.10.0's).

        Returns:
            The column names.

        Raises:
            QuiverError: unknown collection, no files table (``Time series files table not
                found: Fuel_time_series_files``), a closed database.
            ValueError: another ``order``.

        Examples:
            >>> db.list_time_series_files_columns("Plant")
            ['generation_file', 'inflow_file']
        """
        h, c = self._handle(), c_name(collection, "collection")
        if order == "declaration":
            return _rr.strings(lambda out, n: lib.quiver_database_list_time_series_files_columns_declared(h, c, out, n))
        if order != "name":
            raise ValueError(f"order must be 'name' or 'declaration', not {order!r}")
        return _rr.strings(lambda out, n: lib.quiver_database_list_time_series_files_columns(h, c, out, n))

    def read_time_series_files(self, collection: str) -> dict[str, str | None]:
        """The paths stored in ``<collection>_time_series_files``.

        Args:
            collection: collection name.

        Returns:
            Every column (alphabetically) mapped to its path, ``None`` if unset.

        Raises:
            QuiverError: unknown collection, no files table (``Time series files table not
                found for collection 'Fuel'``), a closed database.
            TypeError: ``collection`` is not a ``str``.

        Examples:
            >>> db.read_time_series_files("Plant")
            {'generation_file': 'generation.csv', 'inflow_file': None}
        """
        return _time_series.read_files(self._handle(), collection)

    def update_time_series_files(self, collection: str, data: dict[str, str | None]) -> None:
        """Replace the stored paths: each key a column, each value a path or ``None``.

        Columns not in ``data`` become ``None`` (as upstream). An empty dict does nothing.

        Args:
            collection: collection name.
            data: ``{column: path or None}``.

        Raises:
            QuiverError: unknown collection, no files table, a column not in it (``Cannot
                update_time_series_files: column 'nope' not found in table
                'Plant_time_series_files'``), a read-only or closed database.
            TypeError: a path that is neither ``str`` nor ``None``.

        Examples:
            >>> db.update_time_series_files("Plant", {"inflow_file": "inflow.csv"})
            >>> db.read_time_series_files("Plant")  # generation_file was not given: cleared
            {'generation_file': None, 'inflow_file': 'inflow.csv'}
        """
        _time_series.update_files(self._handle(), collection, data)

    # ==== end section: time series ====

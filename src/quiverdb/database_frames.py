"""``Database`` columnar reads: numpy, pandas and Arrow (a mixin base class of ``Database``).

See docs/dataframes.md. Each method runs ONE C call (one SQL scan) and builds its result from
the C buffers, numbers and dates without copying. numpy, pandas and pyarrow are optional
extras (``quiverdb[numpy]``, ``quiverdb[pandas]``, ``quiverdb[arrow]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quiverdb import _columnar as _col


class DatabaseFrames:
    """Provides ``read_columns``, ``read_frame``, ``read_arrow``, ``read_time_series_frame``,
    ``read_time_series_arrow`` and ``read_time_series_group_frame``."""

    if TYPE_CHECKING:
        from quiverdb.metadata import ScalarMetadata

        def _handle(self) -> Any: ...  # the native handle; provided by Database

        def list_scalar_attributes(self, collection: str) -> list[ScalarMetadata]: ...

    # ==== section: columnar reads ====

    def read_columns(self, collection: str, attributes: list[str] | None = None) -> dict[str, Any]:
        """Scalar attributes of every element as numpy arrays, in one scan.

        Returns ``{"id": ids, attribute: values, ...}``: ``"id"`` first, then ``attributes`` in
        the order given (``None``: every scalar attribute in declaration order). Every array has
        one entry per element, in id order, so the arrays line up with each other and with
        ``read_element_ids``. INTEGER -> ``int64``, FLOAT -> ``float64``, DATE_TIME ->
        ``datetime64[ns]`` (UTC, no time zone), STRING -> ``object`` (``str``). Numeric and date
        arrays share the C buffer (no copy). A column with SQL NULLs comes back as a
        ``numpy.ma.MaskedArray`` whose mask is ``True`` at the NULLs (the data there is NaN,
        0, NaT or ``None``); a column without NULLs is a plain ``ndarray``.

        Args:
            collection: collection name, e.g. ``"Plant"``.
            attributes: scalar attribute names; ``None`` for all of them.

        Returns:
            ``{"id": ids, attribute: values, ...}``, numpy arrays in element id order.

        Raises:
            QuiverError: unknown collection or attribute, an attribute given twice, a
                DATE_TIME cell that is not a date-time
            TypeError: ``attributes`` is not a list of str
            ImportError: numpy is not installed (``pip install 'quiverdb[numpy]'``)

        Examples:
            >>> cols = db.read_columns("Plant", ["capacity"])
            >>> cols["capacity"].sum()
            np.float64(470.0)
        """
        np = _col.require_numpy("read_columns")
        owner = _col.read_columns(self._handle(), collection, attributes)
        out: dict[str, Any] = {}
        for c in _col.columns(np, owner):
            out[c.name] = c.values if c.valid is None else np.ma.MaskedArray(c.values, mask=~c.valid)
        return out

    def read_frame(self, collection: str, attributes: list[str] | None = None, *, relations: str = "id") -> Any:
        """Scalar attributes of every element as a ``pandas.DataFrame`` indexed by ``id``, in one scan.

        One column per attribute (``None``: every scalar attribute in declaration order).
        INTEGER -> ``int64`` (``Int64``, pandas' nullable integer, when the column has NULLs),
        FLOAT -> ``float64`` (NULL = NaN), DATE_TIME -> ``datetime64[ns]`` (NULL = NaT), STRING ->
        pandas' string column (NULL = missing). Relations (foreign keys to another collection) are
        the referenced ids; ``relations="label"`` gives the referenced elements' labels instead, as
        a ``category`` column.

        Args:
            collection: collection name, e.g. ``"Plant"``.
            attributes: scalar attribute names; ``None`` for all of them.
            relations: how foreign-key columns come back: ``"id"`` (the referenced ids) or
                ``"label"`` (a ``category`` column of the referenced elements' labels).

        Returns:
            A ``pandas.DataFrame`` indexed by ``id``.

        Raises:
            QuiverError: unknown collection or attribute, a bad ``relations`` value
            ImportError: pandas is not installed (``pip install 'quiverdb[pandas]'``)

        Examples:
            >>> db.read_frame("Plant", ["label", "capacity"]).loc[1, "capacity"]
            np.float64(350.0)
        """
        pd = _col.require_pandas("read_frame")
        np = _col.require_numpy("read_frame")
        if relations not in ("id", "label"):
            raise _col.relation_error(relations)
        owner = _col.read_columns(self._handle(), collection, attributes)
        arrow_strings = _arrow_string_dtype(pd, np)
        cols = _col.columns(np, owner, decode_text=arrow_strings is None)
        texts: dict[str, Any] = {}
        if arrow_strings is not None:
            names = [c.name for c in cols if c.values is None]
            if names:
                texts = _col.pyarrow_columns(owner, names)
        del owner
        targets: dict[str, str] = {}
        if relations == "label":
            for m in self.list_scalar_attributes(collection):
                if m.is_foreign_key and m.references_collection:
                    targets[m.name] = m.references_collection
        index = pd.Index(cols[0].values, name="id", copy=False)
        data: dict[str, Any] = {}
        for c in cols[1:]:
            if c.name in targets:
                data[c.name] = self._labels_of(pd, np, targets[c.name], c.values, c.valid)
            elif c.values is None:
                data[c.name] = pd.arrays.ArrowStringArray(texts.pop(c.name), dtype=arrow_strings)
            else:
                data[c.name] = _pandas_column(pd, c)
        return pd.DataFrame(data, index=index, copy=False)

    def read_arrow(self, collection: str, attributes: list[str] | None = None) -> _col.ArrowColumns:
        """Scalar attributes of every element as an object with ``__arrow_c_stream__`` (the Arrow
        PyCapsule interface): ``pyarrow.table(x)``, ``polars.DataFrame(x)`` or DuckDB read it
        without copying the numeric columns. Columns as ``read_columns`` (``id`` first);
        Arrow types ``int64``, ``double``, ``string`` and ``timestamp[ns]``; NULLs are Arrow
        nulls. No dependency: pyarrow is needed only by the consumer.

        Args:
            collection: collection name.
            attributes: scalar attribute names; ``None`` for all of them.

        Returns:
            An ``ArrowColumns`` (``__arrow_c_stream__``; ``to_pyarrow()`` gives a ``pyarrow.Table``).

        Raises:
            QuiverError: as ``read_columns``

        Examples:
            >>> import pyarrow
            >>> pyarrow.table(db.read_arrow("Plant", ["capacity"])).num_rows
            2
        """
        return _col.ArrowColumns(_col.read_columns(self._handle(), collection, attributes))

    def read_time_series_frame(
        self, collection: str, group: str, ids: Any = None, start: Any = None, end: Any = None
    ) -> Any:
        """Every element's rows of time series group ``group`` in one call, as a long
        ``pandas.DataFrame``: columns ``id``, ``label`` (``category``), the dimension column
        (``datetime64[ns]`` for a date-time dimension) and the value columns by name; rows by
        id, then dimension.

        Args:
            collection: collection name, e.g. ``"Plant"``.
            group: time series group name, e.g. ``"generation"``.
            ids: ``None`` (every element) or element ids, read in the order given
            start: keep rows with dimension >= start (``str`` in the stored form
                ``"YYYY-MM-DDTHH:MM:SS"``, ``datetime`` or ``date``); ``None``: unbounded
            end: keep rows with dimension < end (exclusive); ``None``: unbounded

        Returns:
            A long ``pandas.DataFrame``, one row per stored row.

        Raises:
            QuiverError: unknown collection or group
            ImportError: pandas is not installed (``pip install 'quiverdb[pandas]'``)

        Examples:
            >>> frame = db.read_time_series_frame("Plant", "generation", start="2024-01-01T01:00:00")
            >>> frame.groupby("label", observed=True)["mwh"].sum()["Plant A"]
            np.float64(605.75)
        """
        pd = _col.require_pandas("read_time_series_frame")
        np = _col.require_numpy("read_time_series_frame")
        owner = _col.read_time_series_columns(self._handle(), collection, group, ids, start, end)
        cols = _col.columns(np, owner)
        del owner
        data: dict[str, Any] = {"id": cols[0].values}
        data["label"] = self._labels_of(pd, np, collection, cols[0].values, None)
        for c in cols[1:]:
            data[c.name] = _pandas_column(pd, c)
        return pd.DataFrame(data, copy=False)

    def read_time_series_arrow(
        self, collection: str, group: str, ids: Any = None, start: Any = None, end: Any = None
    ) -> _col.ArrowColumns:
        """The rows of ``read_time_series_frame`` (columns ``id``, the dimension, the value
        columns; no label) as an object with ``__arrow_c_stream__``.

        Args:
            collection: collection name.
            group: time series group name.
            ids: as for ``read_time_series_frame``.
            start: as for ``read_time_series_frame``.
            end: as for ``read_time_series_frame``.

        Returns:
            An ``ArrowColumns`` (``__arrow_c_stream__``).

        Raises:
            QuiverError: unknown collection or group

        Examples:
            >>> import pyarrow
            >>> table = pyarrow.table(db.read_time_series_arrow("Plant", "generation"))
            >>> table.column_names, table.num_rows
            (['id', 'date_time', 'mwh'], 3)
        """
        return _col.ArrowColumns(_col.read_time_series_columns(self._handle(), collection, group, ids, start, end))

    def read_time_series_group_frame(self, collection: str, group: str, id: int) -> Any:
        """One element's time series group as a ``pandas.DataFrame`` indexed by the dimension
        column (``datetime64[ns]`` for a date-time dimension), one column per value column: the
        rows of ``read_time_series_group`` in one bulk read. No rows -> an empty frame with
        the same columns.

        Args:
            collection: collection name.
            group: time series group name.
            id: the element id.

        Returns:
            A ``pandas.DataFrame`` indexed by the dimension column.

        Raises:
            QuiverError: unknown collection or group
            ImportError: pandas is not installed (``pip install 'quiverdb[pandas]'``)

        Examples:
            >>> db.read_time_series_group_frame("Plant", "generation", 1)["mwh"].iloc[0]
            np.float64(300.0)
        """
        pd = _col.require_pandas("read_time_series_group_frame")
        np = _col.require_numpy("read_time_series_group_frame")
        if isinstance(id, bool) or not hasattr(id, "__index__"):
            raise TypeError(f"id must be int, not {type(id).__name__}")
        owner = _col.read_time_series_columns(self._handle(), collection, group, [int(id)], None, None)
        cols = _col.columns(np, owner)
        del owner
        index = pd.Index(_pandas_column(pd, cols[1]), name=cols[1].name, copy=False)
        data = {c.name: _pandas_column(pd, c) for c in cols[2:]}
        return pd.DataFrame(data, index=index, copy=False)

    # ---- helpers ----

    def _labels_of(self, pd: Any, np: Any, collection: str, ids: Any, valid: Any) -> Any:
        """``ids`` of elements of ``collection`` as a categorical of their labels (missing where
        ``valid`` is False or the id does not exist)."""
        owner = _col.read_columns(self._handle(), collection, ["label"])
        target = _col.columns(np, owner)
        target_ids, labels = target[0].values, target[1].values
        n = len(ids)
        if len(target_ids) == 0 or n == 0:
            codes = np.full(n, -1, dtype=np.int64)
        else:
            # one lookup per run of equal ids (a time series has thousands of rows per id)
            starts = np.flatnonzero(ids[1:] != ids[:-1]) + 1
            starts = np.concatenate(([0], starts))
            run_ids = ids[starts]
            run_codes = np.searchsorted(target_ids, run_ids)  # target ids are ascending
            np.minimum(run_codes, len(target_ids) - 1, out=run_codes)
            run_codes[target_ids[run_codes] != run_ids] = -1
            codes = np.repeat(run_codes, np.diff(np.append(starts, n)))
            if valid is not None:
                codes[~valid] = -1
        if target[1].valid is not None:  # a label column is NOT NULL; a hand-made table may differ
            labels = labels.copy()
            labels[~target[1].valid] = ""
        return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object), validate=False)

    # ==== end section: columnar reads ====


_ARROW_STRING_DTYPE: list[Any] = []


def _arrow_string_dtype(pd: Any, np: Any) -> Any:
    """pandas' default string dtype when it is pyarrow-backed (pandas >= 3 with pyarrow), so
    text columns are built from the Arrow export without a Python ``str`` per value; else
    ``None`` (object columns, pandas' default before 3)."""
    if not _ARROW_STRING_DTYPE:
        dtype = None
        try:
            default = pd.Series(["x"]).dtype
            if isinstance(default, pd.StringDtype) and default.storage == "pyarrow":
                import pyarrow  # noqa: F401

                dtype = default
        except Exception:  # pragma: no cover - an unusual pandas build: fall back to objects
            dtype = None
        _ARROW_STRING_DTYPE.append(dtype)
    return _ARROW_STRING_DTYPE[0]


def _pandas_column(pd: Any, c: _col.Column) -> Any:
    if c.storage == _col.STORAGE_INT64 and c.valid is not None:
        return pd.arrays.IntegerArray(c.values, ~c.valid)
    return c.values

"""``Database`` reads of scalars, vectors, sets and whole elements (a mixin base class of
``Database``; docs/reference/database-api.md 4).

One C call per method (``read_element_by_id``: three); results are copied into fresh Python
objects and the C memory is freed in ``quiverdb._ffi.read_results``. The columnar reads
(numpy, pandas, Arrow) are in ``database_frames.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from quiverdb._database import later as _later
from quiverdb._database import reads as _reads
from quiverdb._database import scalars_row as _scalars_row
from quiverdb._ffi import read_results as _rr
from quiverdb._ffi.c_api import check, ffi, lib
from quiverdb._ffi.strings import c_name

# the C functions of the hottest paths, bound once
_read_integer_by_id = lib.quiver_database_read_scalar_integer_by_id
_read_float_by_id = lib.quiver_database_read_scalar_float_by_id
_T = TypeVar("_T")


class DatabaseReads:
    """Provides the ``read_scalar_*``, ``read_vector_*`` and ``read_set_*`` readers,
    ``read_element_ids``, ``number_of_elements`` and the composite ``read_*_by_id`` readers."""

    _scalar_names: dict[bytes, tuple[str, ...]]  # read_scalars_by_id's cache; set by Database

    if TYPE_CHECKING:

        def _handle(self) -> Any: ...  # the native handle; provided by Database

    # ==== section: reads ====

    def read_scalar_integers(self, collection: str, attribute: str, *, keep_nulls: bool = False) -> list[int]:
        """INTEGER values of ``attribute`` for every element, in element id order.

        NULLs are skipped, so the list may be shorter than ``read_element_ids``; cells of
        another type are skipped too (with ``strict=True`` a column of another declared type
        raises).

        Args:
            collection: collection name, e.g. ``"Plant"``.
            attribute: an INTEGER column of the collection table (a relation gives ids).
            keep_nulls: one entry per element instead, ``None`` for NULL (later upstream).

        Returns:
            The values, ``[]`` for an empty collection.

        Raises:
            QuiverError: unknown collection (``Cannot read_scalar_integers: collection not
                found: Plnt (did you mean 'Plant'?)``) or column, a closed database.
            TypeError: a name that is not a ``str``.

        Examples:
            >>> db.read_scalar_integers("Plant", "units")
            [2, 1]
        """
        if keep_nulls:  # later upstream: one entry per element, None for NULL
            return _later.scalars_keeping_nulls(self._handle(), "i64", collection, attribute)
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.integers(lambda out, n: lib.quiver_database_read_scalar_integers(h, c, a, out, n))

    def read_scalar_floats(self, collection: str, attribute: str, *, keep_nulls: bool = False) -> list[float]:
        """Float values of ``attribute`` for every element, in element id order (INTEGER cells
        widened to ``float``, NULLs skipped unless ``keep_nulls``).

        Args:
            collection: collection name.
            attribute: a REAL (or INTEGER) column of the collection table.
            keep_nulls: one entry per element, ``None`` for NULL (later upstream).

        Returns:
            The values in element id order.

        Raises:
            QuiverError: unknown collection or column (``Cannot read_scalar_floats: column
                'colour' not found in table 'Plant'``), a closed database.
            TypeError: a name that is not a ``str``.

        Examples:
            >>> db.create_element("Fuel", label="Oil")  # no price: NULL
            3
            >>> db.read_scalar_floats("Fuel", "price")
            [42.5, 61.0]
            >>> db.read_scalar_floats("Fuel", "price", keep_nulls=True)
            [42.5, 61.0, None]
        """
        if keep_nulls:  # later upstream: one entry per element, None for NULL
            return _later.scalars_keeping_nulls(self._handle(), "f64", collection, attribute)
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.floats(lambda out, n: lib.quiver_database_read_scalar_floats(h, c, a, out, n))

    def read_scalar_strings(self, collection: str, attribute: str, *, keep_nulls: bool = False) -> list[str]:
        """TEXT values of ``attribute`` for every element, in element id order (NULLs skipped
        unless ``keep_nulls``; ``""`` is kept). Date-times come back as their stored text.

        Args:
            collection: collection name.
            attribute: a TEXT or DATE_TIME column, e.g. ``"label"``.
            keep_nulls: one entry per element, ``None`` for NULL (later upstream).

        Returns:
            The texts in element id order.

        Raises:
            QuiverError: unknown collection or column, a closed database.
            TypeError: a name that is not a ``str``.

        Examples:
            >>> db.read_scalar_strings("Plant", "label")
            ['Plant A', 'Plant B']
            >>> db.read_scalar_strings("Plant", "date_commission")
            ['2024-01-01T00:00:00', '2024-07-01T00:00:00']
        """
        if keep_nulls:  # later upstream: one entry per element, None for NULL
            return _later.scalars_keeping_nulls(self._handle(), "text", collection, attribute)
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return _rr.packed_strings(lambda out, b, n: lib.quiver_database_read_scalar_strings_packed(h, c, a, out, b, n))

    def read_scalar_integer_by_id(self, collection: str, attribute: str, id: int) -> int | None:
        """One element's INTEGER value of ``attribute``.

        Args:
            collection: collection name.
            attribute: an INTEGER column of the collection table.
            id: the element's id.

        Returns:
            The value; ``None`` when it is NULL, not an INTEGER, or there is no such id.

        Raises:
            QuiverError: unknown collection or column, a closed database.
            TypeError: ``id`` is not an ``int``, a name is not a ``str``.

        Examples:
            >>> db.read_scalar_integer_by_id("Plant", "units", 2)  # the column's DEFAULT
            1
            >>> print(db.read_scalar_integer_by_id("Plant", "units", 9))
            None
        """
        return _reads.number_by_id(self._handle(), _read_integer_by_id, "i64", collection, attribute, id)  # type: ignore[no-any-return]

    def read_scalar_float_by_id(self, collection: str, attribute: str, id: int) -> float | None:
        """One element's value of ``attribute`` as a ``float`` (an INTEGER cell widened).

        Args:
            collection: collection name.
            attribute: a REAL column (an INTEGER one is widened).
            id: the element's id.

        Returns:
            The value, or ``None`` (NULL, text, no such id).

        Raises:
            QuiverError: unknown collection or column (``Cannot read_scalar_float_by_id: column
                'colour' not found in table 'Plant'``), a closed database.
            TypeError: ``id`` is not an ``int`` (``an integer is required``).

        Examples:
            >>> db.read_scalar_float_by_id("Plant", "capacity", 1)
            350.0
        """
        return _reads.number_by_id(self._handle(), _read_float_by_id, "f64", collection, attribute, id)  # type: ignore[no-any-return]

    def read_scalar_string_by_id(self, collection: str, attribute: str, id: int) -> str | None:
        """One element's TEXT value of ``attribute`` (``""`` stays ``""``).

        Args:
            collection: collection name.
            attribute: a TEXT column; a DATE_TIME one gives its text.
            id: the element's id.

        Returns:
            The text, or ``None`` (NULL, a number, no such id).

        Raises:
            QuiverError: unknown collection or column, a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_scalar_string_by_id("Fuel", "label", 2)
            'Gas'
        """
        return _reads.string_by_id(self._handle(), collection, attribute, id)

    def read_scalar_date_time_by_id(self, collection: str, attribute: str, id: int) -> datetime | None:
        """``read_scalar_string_by_id`` parsed as an ISO 8601 date-time in UTC.

        Args:
            collection: collection name.
            attribute: a DATE_TIME column (``date_`` prefix), e.g. ``"date_commission"``.
            id: the element's id.

        Returns:
            A timezone-aware ``datetime`` (UTC); ``None`` for NULL, no such id, or stored text
            that is not a date-time.

        Raises:
            QuiverError: unknown collection or column, a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_scalar_date_time_by_id("Plant", "date_commission", 2)
            datetime.datetime(2024, 7, 1, 0, 0, tzinfo=datetime.timezone.utc)
        """
        text = self.read_scalar_string_by_id(collection, attribute, id)
        return None if text is None else _rr.parse_stored_date_time(text)

    def _read_attr(
        self, reader: Callable[..., _T], fn: Callable[..., int], collection: str, attribute: str, *args: Any
    ) -> _T:
        """``reader`` over ``fn(handle, collection, attribute, *args, <reader's out arguments>)``."""
        h, c, a = self._handle(), c_name(collection, "collection"), c_name(attribute, "attribute")
        return reader(lambda *out: fn(h, c, a, *args, *out))

    def read_vector_integers(self, collection: str, attribute: str) -> list[list[int]]:
        """Every element's INTEGER vector values of ``attribute``.

        ``attribute`` is a value column: the table ``<collection>_vector_<attribute>`` if it
        exists, else the first vector table (by name) with that column. One inner list per
        element that has rows (elements without rows are left out, so the outer list need not
        line up with ``read_element_ids``), values in ``vector_index`` order, NULLs skipped.

        Args:
            collection: collection name.
            attribute: an INTEGER value column of a vector group, e.g. ``"hours"``.

        Returns:
            One list per element with rows, by element id.

        Raises:
            QuiverError: unknown collection, no vector table with that column (``Vector attribute
                'nope' not found for collection 'Plant'``), a closed database.
            TypeError: a name that is not a ``str``.

        Examples:
            >>> db.read_vector_integers("Plant", "hours")  # Plant B has no outages
            [[12, 48]]
        """
        return self._read_attr(_rr.nested_integers, lib.quiver_database_read_vector_integers, collection, attribute)

    def read_vector_floats(self, collection: str, attribute: str) -> list[list[float]]:
        """``read_vector_integers`` for float values (INTEGER cells widened).

        Args:
            collection: collection name.
            attribute: a REAL value column of a vector group, e.g. ``"cost"`` (the column, not
                the group ``"costs"``).

        Returns:
            One list of floats per element with rows.

        Raises:
            QuiverError: as ``read_vector_integers`` (``Cannot read_vector_floats: column
                'costs' not found in table 'Plant_vector_costs'``).

        Examples:
            >>> db.read_vector_floats("Plant", "cost")
            [[10.0, 10.5, 11.0], [20.0, 19.0]]
        """
        return self._read_attr(_rr.nested_floats, lib.quiver_database_read_vector_floats, collection, attribute)

    def read_vector_strings(self, collection: str, attribute: str) -> list[list[str]]:
        """``read_vector_integers`` for TEXT values (date-times as their text).

        Args:
            collection: collection name.
            attribute: the vector group's TEXT value column (``"cause"``).

        Returns:
            One list of texts per element with rows.

        Raises:
            QuiverError: unknown collection or vector column, a closed database.

        Examples:
            >>> db.read_vector_strings("Plant", "cause")
            [['boiler', 'turbine']]
        """
        return self._read_attr(
            _rr.packed_nested_strings, lib.quiver_database_read_vector_strings_packed, collection, attribute
        )

    def read_set_integers(self, collection: str, attribute: str) -> list[list[int]]:
        """Every element's INTEGER set values of ``attribute``, ascending within an element.

        The set table is found as for vectors (``<collection>_set_<attribute>``, else the
        first set table with that column); elements without rows are left out.

        Args:
            collection: collection name.
            attribute: an INTEGER value column of a set group, e.g. ``"zone"``.

        Returns:
            Per element that has rows, by id: its values.

        Raises:
            QuiverError: unknown collection, no set table with that column (``Set attribute
                'nope' not found for collection 'Plant'``), a closed database.

        Examples:
            >>> db.read_set_integers("Plant", "zone")
            [[1, 3], [2]]
        """
        return self._read_attr(_rr.nested_integers, lib.quiver_database_read_set_integers, collection, attribute)

    def read_set_floats(self, collection: str, attribute: str) -> list[list[float]]:
        """``read_set_integers`` for float values (INTEGER cells widened).

        Args:
            collection: collection name.
            attribute: a set group's value column, REAL or INTEGER (widened).

        Returns:
            One list of floats per element with rows.

        Raises:
            QuiverError: as ``read_set_integers``.

        Examples:
            >>> plant_a, plant_b = db.read_set_floats("Plant", "zone")
            >>> plant_a
            [1.0, 3.0]
        """
        return self._read_attr(_rr.nested_floats, lib.quiver_database_read_set_floats, collection, attribute)

    def read_set_strings(self, collection: str, attribute: str) -> list[list[str]]:
        """``read_set_integers`` for TEXT values (in text order within an element).

        Args:
            collection: collection name.
            attribute: the TEXT value column of a set group (``"tag"``).

        Returns:
            The texts of each element that has rows, by element id.

        Raises:
            QuiverError: an unknown collection, no set table with that column, a closed
                database.

        Examples:
            >>> db.read_set_strings("Plant", "tag")
            [['baseload'], ['flexible', 'peaker']]
        """
        return self._read_attr(
            _rr.packed_nested_strings, lib.quiver_database_read_set_strings_packed, collection, attribute
        )

    def read_vector_integers_by_id(self, collection: str, attribute: str, id: int) -> list[int]:
        """One element's INTEGER vector values in ``vector_index`` order (NULLs skipped).

        Args:
            collection: collection name.
            attribute: a vector group's INTEGER value column, e.g. ``"hours"``.
            id: the element's id.

        Returns:
            The values; ``[]`` when the element has none (or does not exist).

        Raises:
            QuiverError: unknown collection or vector column, a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_vector_integers_by_id("Plant", "hours", 1)
            [12, 48]
            >>> db.read_vector_integers_by_id("Plant", "hours", 2)
            []
        """
        return self._read_attr(_rr.integers, lib.quiver_database_read_vector_integers_by_id, collection, attribute, id)

    def read_vector_floats_by_id(self, collection: str, attribute: str, id: int) -> list[float]:
        """``read_vector_integers_by_id`` for float values (INTEGER cells widened).

        Args:
            collection: collection name.
            attribute: a REAL or INTEGER value column of a vector group, e.g. ``"cost"``.
            id: the element's id.

        Returns:
            The element's floats by ``vector_index``, ``[]`` if none.

        Raises:
            QuiverError: unknown collection or vector column, a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> sum(db.read_vector_floats_by_id("Plant", "cost", 1))
            31.5
        """
        return self._read_attr(_rr.floats, lib.quiver_database_read_vector_floats_by_id, collection, attribute, id)

    def read_vector_strings_by_id(self, collection: str, attribute: str, id: int) -> list[str]:
        """``read_vector_integers_by_id`` for TEXT values.

        Args:
            collection: collection name.
            attribute: the TEXT value column, e.g. ``"cause"`` (DATE_TIME columns give their text).
            id: the element's id.

        Returns:
            The element's texts by ``vector_index``, ``[]`` if none.

        Raises:
            QuiverError: unknown collection or vector column (``Vector attribute 'nope' not
                found for collection 'Plant'``), a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_vector_strings_by_id("Plant", "cause", 1)
            ['boiler', 'turbine']
        """
        return self._read_attr(_rr.strings, lib.quiver_database_read_vector_strings_by_id, collection, attribute, id)

    def read_vector_date_time_by_id(self, collection: str, attribute: str, id: int) -> list[datetime | None]:
        """``read_vector_strings_by_id`` with every item parsed as a date-time in UTC.

        Args:
            collection: collection name.
            attribute: a DATE_TIME value column of a vector group, e.g. ``"date_outage"``.
            id: the element's id.

        Returns:
            One timezone-aware ``datetime`` per item, in ``vector_index`` order; ``None`` for
            an item whose text is not a date-time.

        Raises:
            QuiverError: the errors of ``read_vector_strings_by_id``.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> [d.month for d in db.read_vector_date_time_by_id("Plant", "date_outage", 1)]
            [3, 9]
        """
        return [_rr.parse_stored_date_time(t) for t in self.read_vector_strings_by_id(collection, attribute, id)]

    def read_set_integers_by_id(self, collection: str, attribute: str, id: int) -> list[int]:
        """One element's INTEGER set values, ascending (a ``list``, not a ``set``).

        Args:
            collection: collection name.
            attribute: an INTEGER value column of a set group.
            id: the element's id.

        Returns:
            The values; ``[]`` when the element has none.

        Raises:
            QuiverError: unknown collection or set column (``Cannot read_set_integers_by_id:
                column 'zones' not found in table 'Plant_set_zones'``: the group's name given
                for its column), a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_set_integers_by_id("Plant", "zone", 1)
            [1, 3]
        """
        return self._read_attr(_rr.integers, lib.quiver_database_read_set_integers_by_id, collection, attribute, id)

    def read_set_floats_by_id(self, collection: str, attribute: str, id: int) -> list[float]:
        """``read_set_integers_by_id`` for float values (INTEGER cells widened).

        Args:
            collection: collection name.
            attribute: a REAL or INTEGER value column of a set group.
            id: the element's id.

        Returns:
            The element's set values as floats, ``[]`` if none.

        Raises:
            QuiverError: unknown collection or set column (``Set attribute 'nope' not found for
                collection 'Plant'``), a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_set_floats_by_id("Plant", "zone", 2)
            [2.0]
        """
        return self._read_attr(_rr.floats, lib.quiver_database_read_set_floats_by_id, collection, attribute, id)

    def read_set_strings_by_id(self, collection: str, attribute: str, id: int) -> list[str]:
        """``read_set_integers_by_id`` for TEXT values (in text order).

        Args:
            collection: collection name.
            attribute: a set group's TEXT (or DATE_TIME) value column.
            id: the element's id.

        Returns:
            The element's texts, ``[]`` if none.

        Raises:
            QuiverError: unknown collection or set column, a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_set_strings_by_id("Plant", "tag", 1)
            ['baseload']
        """
        return self._read_attr(_rr.strings, lib.quiver_database_read_set_strings_by_id, collection, attribute, id)

    def read_set_date_time_by_id(self, collection: str, attribute: str, id: int) -> list[datetime | None]:
        """``read_set_strings_by_id`` with every item parsed as a date-time in UTC.

        Args:
            collection: collection name.
            attribute: the set group's DATE_TIME column, e.g. ``"date_inspection"``.
            id: the element's id.

        Returns:
            The element's date-times (UTC), ``[]`` if none; ``None`` stands for stored text
            that is not a date-time.

        Raises:
            QuiverError: unknown collection (``Cannot read_set_strings_by_id: collection not
                found: ...``) or set column, a closed database.
            TypeError: an ``id`` of another type than ``int``.

        Examples:
            >>> db.read_set_date_time_by_id("Plant", "date_inspection", 1)
            [datetime.datetime(2024, 6, 1, 0, 0, tzinfo=datetime.timezone.utc)]
        """
        return [_rr.parse_stored_date_time(t) for t in self.read_set_strings_by_id(collection, attribute, id)]

    def read_element_ids(self, collection: str) -> list[int]:
        """All element ids of ``collection`` in creation order.

        Args:
            collection: collection name.

        Returns:
            The ids, ``[]`` for an empty collection.

        Raises:
            QuiverError: unknown collection (``Cannot read_element_ids: collection not found:
                Plnt (did you mean 'Plant'?)``), a closed database.
            TypeError: ``collection`` is not a ``str``.

        Examples:
            >>> db.read_element_ids("Plant")
            [1, 2]
        """
        h, c = self._handle(), c_name(collection, "collection")
        return _rr.integers(lambda out, n: lib.quiver_database_read_element_ids(h, c, out, n))

    def number_of_elements(self, collection: str) -> int:
        """The number of elements of ``collection``.

        Args:
            collection: collection name.

        Returns:
            The count (0 for an empty collection).

        Raises:
            QuiverError: unknown collection, a closed database
                (``Database has been closed``).
            TypeError: ``collection`` is not a ``str``.

        Examples:
            >>> db.number_of_elements("Fuel")
            2
        """
        h = self._handle()
        out = ffi.new("int64_t *")
        check(lib.quiver_database_number_of_elements(h, c_name(collection, "collection"), out))
        return int(out[0])

    def read_scalars_by_id(self, collection: str, id: int) -> dict[str, Any]:
        """Every scalar attribute of one element (keys sorted by name, ``id`` and ``label``
        included).

        Values are typed by the attribute's metadata (DATE_TIME as ``datetime``); NULL is
        ``None``; relations are the referenced ids.

        Args:
            collection: collection name.
            id: the element's id.

        Returns:
            ``{attribute: value}``; an id that does not exist maps every key to ``None``.

        Raises:
            QuiverError: unknown collection (``Cannot list_scalar_attributes: collection not
                found: Plnt (did you mean 'Plant'?)``), a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_scalars_by_id("Fuel", 2)
            {'id': 2, 'label': 'Gas', 'price': 61.0}
        """
        h, c = self._handle(), c_name(collection, "collection")
        slow = lambda: _rr.single_row(lambda out, n: lib.quiver_database_read_scalars_by_id(h, c, id, out, n))  # noqa: E731
        return _scalars_row.read_scalars_row(self._scalar_names, h, c, id, slow)

    def read_vectors_by_id(self, collection: str, id: int) -> dict[str, list[Any]]:
        """Every vector value column of one element (groups by table name, then columns by
        name), NULLs skipped, DATE_TIME items as ``datetime``.

        Args:
            collection: collection name.
            id: the element's id.

        Returns:
            ``{value column: list}``; a column without rows maps to ``[]``.

        Raises:
            QuiverError: unknown collection, a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_vectors_by_id("Plant", 2)
            {'cost': [20.0, 19.0], 'cause': [], 'date_outage': [], 'hours': []}
        """
        h, c = self._handle(), c_name(collection, "collection")
        cols = _rr.columns(lambda out, n: lib.quiver_database_read_vectors_by_id(h, c, id, out, n))
        return {name: [v for v in cells if v is not None] for name, cells in cols}

    def read_sets_by_id(self, collection: str, id: int) -> dict[str, list[Any]]:
        """Every set value column of one element, as ``read_vectors_by_id`` does for vectors.

        Args:
            collection: collection name.
            id: the element's id.

        Returns:
            ``{value column: list}`` (values ascending); ``[]`` for a column without rows.

        Raises:
            QuiverError: unknown collection (``Cannot read_sets_by_id: collection not found:
                Plnt (did you mean 'Plant'?)``), a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_sets_by_id("Plant", 2)
            {'date_inspection': [], 'tag': ['flexible', 'peaker'], 'zone': [2]}
        """
        h, c = self._handle(), c_name(collection, "collection")
        cols = _rr.columns(lambda out, n: lib.quiver_database_read_sets_by_id(h, c, id, out, n))
        return {name: [v for v in cells if v is not None] for name, cells in cols}

    def read_element_by_id(self, collection: str, id: int) -> dict[str, Any]:
        """One element whole: ``read_scalars_by_id`` updated with ``read_vectors_by_id`` and
        ``read_sets_by_id`` (time series are not included).

        Args:
            collection: collection name.
            id: the element's id.

        Returns:
            ``{name: value or list}``; a set column hides a vector column of the same name.

        Raises:
            QuiverError: unknown collection, a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> plant = db.read_element_by_id("Plant", 2)
            >>> plant["label"], plant["capacity"], plant["cost"], plant["tag"]
            ('Plant B', 120.0, [20.0, 19.0], ['flexible', 'peaker'])
        """
        result = self.read_scalars_by_id(collection, id)
        result.update(self.read_vectors_by_id(collection, id))
        result.update(self.read_sets_by_id(collection, id))
        return result

    def read_vector_group_by_id(self, collection: str, group: str, id: int) -> list[dict[str, Any]]:
        """Rows of vector group ``group`` of one element, by ``vector_index``.

        Each row is ``{"vector_index": i, <column>: value, ...}`` (0-based index, then the value
        columns by name); NULL cells are ``None``, DATE_TIME cells ``datetime``.

        Args:
            collection: collection name.
            group: vector group name, e.g. ``"outages"`` (the group, not a column).
            id: the element's id.

        Returns:
            One dict per row; ``[]`` when the element has none.

        Raises:
            QuiverError: unknown collection or group (``Vector group not found: 'cost' in
                collection 'Plant'``), a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> rows = db.read_vector_group_by_id("Plant", "outages", 1)
            >>> [(r["vector_index"], r["cause"], r["hours"]) for r in rows]
            [(0, 'boiler', 12), (1, 'turbine', 48)]
        """
        h, c, g = self._handle(), c_name(collection, "collection"), c_name(group, "group")
        cols = _rr.columns(lambda out, n: lib.quiver_database_read_vector_group_columns_by_id(h, c, g, id, out, n))
        return _reads.group_rows(cols, "vector_index")

    def read_set_group_by_id(self, collection: str, group: str, id: int) -> list[dict[str, Any]]:
        """Rows of set group ``group`` of one element, ``{<column>: value, ...}``, ascending.

        Args:
            collection: collection name.
            group: set group name, e.g. ``"zones"``.
            id: the element's id.

        Returns:
            One dict per row; ``[]`` when the element has none.

        Raises:
            QuiverError: unknown collection or group (``Set group not found: 'tag' in collection
                'Plant'``), a closed database.
            TypeError: ``id`` is not an ``int``.

        Examples:
            >>> db.read_set_group_by_id("Plant", "zones", 1)
            [{'zone': 1}, {'zone': 3}]
        """
        h, c, g = self._handle(), c_name(collection, "collection"), c_name(group, "group")
        cols = _rr.columns(lambda out, n: lib.quiver_database_read_set_group_columns_by_id(h, c, g, id, out, n))
        return _reads.group_rows(cols, None)

    # ==== end section: reads ====

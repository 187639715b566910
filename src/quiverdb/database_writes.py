"""``Database`` element and group writes (a mixin base class of ``Database``;
docs/reference/database-api.md 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quiverdb._database import writes as _writes
from quiverdb._ffi.c_api import check, lib
from quiverdb._ffi.strings import c_name

# the C functions of the hottest paths, bound once
_create_element = lib.quiver_database_create_element
_update_element = lib.quiver_database_update_element


class DatabaseWrites:
    """Provides ``create_element``, ``update_element``, ``delete_element``,
    ``update_vector_group`` and ``update_set_group``."""

    if TYPE_CHECKING:

        def _handle(self) -> Any: ...  # the native handle; provided by Database

    # ==== section: writes ====

    def create_element(self, collection: str, **kwargs: Any) -> int:
        """Create one element of ``collection`` and return its new id.

        Each keyword is one attribute: ``None``/``bool``/``int``/``float``/``str`` values are
        scalars of the collection table (a ``str`` for a foreign-key column is a label of the
        referenced collection); non-empty lists go to every vector, set and time-series table
        that has a column of that name (empty lists are ignored). The element and its group
        rows are written in one transaction. Dates are text (``"2024-01-01T00:00:00"``).

        Args:
            collection: collection (table) name, e.g. ``"Plant"``.
            **kwargs: the attributes, ``name=value``; a name that is not an identifier goes
                through ``**{"name": value}``.

        Returns:
            The id of the new element.

        Raises:
            QuiverError: unknown collection or column (``Column 'colour' not found in table
                'Plant'``), a type mismatch (``Type mismatch for column 'capacity': expected
                REAL, got TEXT``), an unknown label (``Failed to resolve label 'Oil' to ID in
                table 'Fuel'``), a constraint failure, a read-only database
                (``Cannot create_element: database is read-only``), a closed one.
            TypeError: a value of an unsupported Python type
                (``Unsupported type tuple for Element.set('capacity')``).

        Examples:
            >>> plant = db.create_element("Plant", label="Plant C", capacity=80.0, fuel_id="Gas", cost=[5.0, 5.5])
            >>> plant
            3
            >>> db.read_vector_floats_by_id("Plant", "cost", plant)
            [5.0, 5.5]
            >>> db.create_element("Plant", label="Plant D", colour="red")
            Traceback (most recent call last):
            ...
            quiverdb.exceptions.QuiverError: Column 'colour' not found in table 'Plant'
        """
        return _writes.write_element(self._handle(), _create_element, collection, None, kwargs)

    def update_element(self, collection: str, id: int, **kwargs: Any) -> None:
        """Update element ``id``: the scalars given are written, the others kept; each list
        replaces the element's rows in every group table it routes to (``[]`` clears them).

        Keywords as for ``create_element``; everything is written in one transaction. A missing
        id is not an error (nothing is written) unless the database was opened with
        ``strict=True``.

        Args:
            collection: collection name.
            id: the element's id.
            **kwargs: the attributes to change, ``name=value``.

        Raises:
            QuiverError: as for ``create_element`` (``Cannot update_element: database is
                read-only`` on a read-only database); with ``strict=True`` a missing id
                (``Cannot update_element: element 9 not found in collection 'Plant'``).
            TypeError: ``id`` is not an ``int``, or a value of an unsupported type.

        Examples:
            >>> db.update_element("Plant", 2, capacity=150.0, tag=["peaker"])
            >>> db.read_scalar_float_by_id("Plant", "capacity", 2)
            150.0
            >>> db.read_set_strings_by_id("Plant", "tag", 2)
            ['peaker']
        """
        _writes.write_element(self._handle(), _update_element, collection, id, kwargs)

    def delete_element(self, collection: str, id: int) -> None:
        """Delete element ``id``; its group rows follow the schema's ``ON DELETE`` actions
        (``CASCADE``: deleted; a relation of another collection with ``SET NULL``: cleared).

        A missing id is not an error unless the database was opened with ``strict=True``.

        Args:
            collection: collection name.
            id: the element's id.

        Raises:
            QuiverError: unknown collection, a foreign key that forbids the delete, a read-only
                (``Cannot delete_element: database is read-only``) or closed database; with
                ``strict=True`` a missing id.
            TypeError: ``id`` is not an ``int`` (``id must be int, not str``).

        Examples:
            >>> db.delete_element("Fuel", 1)
            >>> db.read_scalar_integers("Plant", "fuel_id")  # Plant A's fuel was set to NULL
            [2]
        """
        handle, c = self._handle(), c_name(collection, "collection")
        check(lib.quiver_database_delete_element(handle, c, _writes.element_id(id)))

    def update_vector_group(self, collection: str, group: str, id: int, data: dict[str, list[Any]]) -> None:
        """Replace element ``id``'s rows of vector group ``group`` with ``data``.

        ``data`` maps value columns to lists of one length, row ``i`` at ``vector_index``
        ``i + 1``; ``None`` items are NULL cells; a column left out is NULL in every row; ``{}``
        clears the group. A ``str`` list for a foreign-key column gives labels; ints are
        accepted for REAL columns. Written in one transaction.

        Args:
            collection: collection name.
            group: vector group name (the table suffix after ``<collection>_vector_``).
            id: the element's id.
            data: ``{column: [values]}``.

        Raises:
            QuiverError: unknown collection, group (``Vector group not found: 'cost' in
                collection 'Plant'``) or column, a value of the column's wrong type, a read-only
                or closed database.
            ValueError: lists of different lengths (``Column 'cause' has 1 rows, expected 2``).
            TypeError: ``data`` is not a dict of lists, or a value of an unsupported type.

        Examples:
            >>> db.update_vector_group("Plant", "outages", 2, {"hours": [6], "cause": ["grid"]})
            >>> db.read_vector_group_by_id("Plant", "outages", 2)
            [{'vector_index': 0, 'cause': 'grid', 'date_outage': None, 'hours': 6}]
        """
        _writes.write_group(self._handle(), lib.quiver_database_update_vector_group, collection, group, id, data)

    def update_set_group(self, collection: str, group: str, id: int, data: dict[str, list[Any]]) -> None:
        """Replace element ``id``'s rows of set group ``group`` with ``data``: the rules of
        ``update_vector_group``, without an index (the schema's ``UNIQUE`` refuses a repeated row).

        Args:
            collection: collection name.
            group: set group name (the table suffix after ``<collection>_set_``).
            id: the element's id.
            data: ``{column: [values]}``, one row per position; ``{}`` clears the set.

        Raises:
            QuiverError: unknown collection, group or column, a repeated value (``Failed to
                execute statement: UNIQUE constraint failed: Plant_set_tags.id,
                Plant_set_tags.tag``), a read-only or closed database.
            ValueError: lists of different lengths.
            TypeError: ``data`` is not a dict of lists, or a value of an unsupported type
                (``Unsupported type bytes in column 'tag'``).

        Examples:
            >>> db.update_set_group("Plant", "zones", 1, {"zone": [4, 2]})
            >>> db.read_set_integers_by_id("Plant", "zone", 1)
            [2, 4]
            >>> db.update_set_group("Plant", "zones", 1, {})  # clears it
            >>> db.read_set_integers_by_id("Plant", "zone", 1)
            []
        """
        _writes.write_group(self._handle(), lib.quiver_database_update_set_group, collection, group, id, data)

    # ==== end section: writes ====

"""``Database`` metadata and schema reports (a mixin base class of ``Database``;
docs/reference/database-api.md 2.4 and 6).

Everything here reads the schema model loaded when the database was opened; no SQL runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quiverdb._database import later as _later
from quiverdb._database import metadata as _metadata
from quiverdb._ffi.c_api import check, lib
from quiverdb._ffi.strings import c_name
from quiverdb.metadata import GroupMetadata, ScalarMetadata


class DatabaseMetadata:
    """Provides ``get_*_metadata``, ``list_*``, ``describe``, ``describe_collection`` and
    ``summarize_collection``."""

    if TYPE_CHECKING:

        def _handle(self) -> Any: ...  # the native handle; provided by Database

    # ==== section: metadata ====

    def describe(self, *, as_text: bool = False) -> str | None:
        """A report of the schema: every collection with its scalars (type, ``PRIMARY KEY``,
        ``NOT NULL``), vectors, sets and time series groups.

        Upstream 0.5.0 prints it to the process's standard output (C ``stdout``, which a
        Python ``print`` redirection does not capture); ``as_text=True`` returns it instead.

        Args:
            as_text: return the report instead of printing it (later upstream returns it).

        Returns:
            The report when ``as_text`` is true, else ``None``.

        Raises:
            QuiverError: a closed database.

        Examples:
            >>> print(db.describe(as_text=True).splitlines()[0])
            Database: sample.db
        """
        if as_text:
            return _later.report(lib.quiver_database_describe_to_string, self._handle())
        check(lib.quiver_database_describe(self._handle()))
        return None

    def describe_collection(self, collection: str) -> str:
        """The ``describe`` section of one collection (later upstream).

        Args:
            collection: collection name.

        Returns:
            The section, ending in a blank line.

        Raises:
            QuiverError: unknown collection (``Cannot describe_collection: collection not
                found: Plnt (did you mean 'Plant'?)``), a closed database.
            TypeError: ``collection`` is not a ``str``.

        Examples:
            >>> print(db.describe_collection("Fuel"), end="")
            Collection: Fuel
              Scalars:
                - id (INTEGER) PRIMARY KEY
                - label (TEXT) NOT NULL
                - price (REAL)
            <BLANKLINE>
        """
        return _later.report(lib.quiver_database_describe_collection, self._handle(), c_name(collection, "collection"))

    def summarize_collection(self, collection: str) -> str:
        """One line counting the collection's elements, attributes and groups (later upstream).

        Args:
            collection: collection name.

        Returns:
            The line, ending in ``"\\n"``.

        Raises:
            QuiverError: unknown collection, a closed database.
            TypeError: ``collection`` is not a ``str``.

        Examples:
            >>> print(db.summarize_collection("Plant"), end="")
            Plant: 2 elements, 6 scalar attributes, 2 vector groups, 3 set groups, 1 time series group, time series files
        """
        return _later.report(lib.quiver_database_summarize_collection, self._handle(), c_name(collection, "collection"))

    def get_scalar_metadata(self, collection: str, attribute: str) -> ScalarMetadata:
        """Metadata of one column of a collection table, with its foreign key (if any).

        Args:
            collection: collection (table) name.
            attribute: column name.

        Returns:
            The column's ``ScalarMetadata`` (``default_value`` is the SQL text of its
            ``DEFAULT``).

        Raises:
            QuiverError: unknown collection (``Cannot get_scalar_metadata: collection not
                found: ...``) or attribute (``Scalar attribute not found: 'colour' in
                collection 'Plant'``), a closed database.
            TypeError: a name that is not a ``str``.

        Examples:
            >>> meta = db.get_scalar_metadata("Plant", "fuel_id")
            >>> meta.data_type, meta.is_foreign_key, meta.references_collection
            (<DataType.INTEGER: 0>, True, 'Fuel')
            >>> db.get_scalar_metadata("Plant", "units").default_value
            '1'
        """
        return _metadata.scalar(self._handle(), collection, attribute)

    def get_vector_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Metadata of vector group ``group_name`` (table ``<collection>_vector_<group_name>``).

        Args:
            collection: collection name.
            group_name: vector group name, e.g. ``"outages"``.

        Returns:
            The group's ``GroupMetadata``: ``dimension_column`` is ``""``; the value columns
            (by name) exclude ``id`` and ``vector_index``.

        Raises:
            QuiverError: unknown collection or group (``Vector group not found: 'nope' in
                collection 'Plant'``), a closed database.
            TypeError: a name that is not a ``str``.

        Examples:
            >>> meta = db.get_vector_metadata("Plant", "outages")
            >>> [(c.name, c.data_type.name) for c in meta.value_columns]
            [('cause', 'STRING'), ('date_outage', 'DATE_TIME'), ('hours', 'INTEGER')]
        """
        return _metadata.group(self._handle(), lib.quiver_database_get_vector_metadata, collection, group_name)

    def get_set_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Metadata of set group ``group_name`` (table ``<collection>_set_<group_name>``).

        Args:
            collection: collection name.
            group_name: set group name, e.g. ``"zones"``.

        Returns:
            The group's ``GroupMetadata`` (``dimension_column`` is ``""``; value columns
            exclude ``id``).

        Raises:
            QuiverError: unknown collection (``Cannot get_set_metadata: collection not found:
                Plnt (did you mean 'Plant'?)``) or group, a closed database.
            TypeError: a name that is not a ``str``.

        Examples:
            >>> db.get_set_metadata("Plant", "zones").value_columns[0].name
            'zone'
        """
        return _metadata.group(self._handle(), lib.quiver_database_get_set_metadata, collection, group_name)

    def get_time_series_metadata(self, collection: str, group_name: str) -> GroupMetadata:
        """Metadata of time series group ``group_name`` (table
        ``<collection>_time_series_<group_name>``).

        Args:
            collection: collection name.
            group_name: time series group name, e.g. ``"generation"``.

        Returns:
            The group's ``GroupMetadata``; ``dimension_column`` names its ordering column and
            is not among the value columns.

        Raises:
            QuiverError: unknown collection or group (``Time series group not found: 'nope' in
                collection 'Plant'``), a closed database.
            TypeError: a name that is not a ``str``.

        Examples:
            >>> meta = db.get_time_series_metadata("Plant", "generation")
            >>> meta.dimension_column, [c.name for c in meta.value_columns]
            ('date_time', ['mwh'])
        """
        return _metadata.group(self._handle(), lib.quiver_database_get_time_series_metadata, collection, group_name)

    def list_scalar_attributes(self, collection: str) -> list[ScalarMetadata]:
        """Metadata of every column of the collection table, ``id`` and ``label`` included.

        Args:
            collection: collection name.

        Returns:
            One ``ScalarMetadata`` per column, sorted by name.

        Raises:
            QuiverError: unknown collection (``Cannot list_scalar_attributes: collection not
                found: Plnt (did you mean 'Plant'?)``), a closed database.
            TypeError: ``collection`` is not a ``str``.

        Examples:
            >>> [m.name for m in db.list_scalar_attributes("Plant")]
            ['capacity', 'date_commission', 'fuel_id', 'id', 'label', 'units']
        """
        return _metadata.scalar_attributes(self._handle(), collection)

    def list_vector_groups(self, collection: str) -> list[GroupMetadata]:
        """Every vector group of ``collection``, by table name.

        Args:
            collection: collection name.

        Returns:
            One ``GroupMetadata`` per group; ``[]`` for a collection without vector groups, and
            (as upstream) for an unknown collection.

        Raises:
            QuiverError: a closed database.
            TypeError: ``collection`` is not a ``str``.

        Examples:
            >>> [g.group_name for g in db.list_vector_groups("Plant")]
            ['costs', 'outages']
        """
        return _metadata.groups(self._handle(), lib.quiver_database_list_vector_groups, collection)

    def list_set_groups(self, collection: str) -> list[GroupMetadata]:
        """Every set group of ``collection``, by table name.

        Args:
            collection: collection name.

        Returns:
            One ``GroupMetadata`` per group (``[]`` for none, or an unknown collection).

        Raises:
            QuiverError: a closed database (``Database has been closed``).
            TypeError: ``collection`` is not a ``str``.

        Examples:
            >>> [g.group_name for g in db.list_set_groups("Plant")]
            ['inspections', 'tags', 'zones']
        """
        return _metadata.groups(self._handle(), lib.quiver_database_list_set_groups, collection)

    def list_time_series_groups(self, collection: str) -> list[GroupMetadata]:
        """Every time series group of ``collection`` (the files table is not a group).

        Args:
            collection: collection name.

        Returns:
            One ``GroupMetadata`` per group, each with its ``dimension_column``; ``[]`` for
            none or an unknown collection.

        Raises:
            QuiverError: a closed database.
            TypeError: ``collection`` is not a ``str``.

        Examples:
            >>> [(g.group_name, g.dimension_column) for g in db.list_time_series_groups("Plant")]
            [('generation', 'date_time')]
        """
        return _metadata.groups(self._handle(), lib.quiver_database_list_time_series_groups, collection)

    # ==== end section: metadata ====

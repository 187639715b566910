"""``Database.import_csv`` (a mixin base class of ``Database``, as upstream)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quiverdb._ffi.c_api import lib
from quiverdb._ffi.options import csv_call
from quiverdb.metadata import CSVOptions


class DatabaseCSVImport:
    """Provides ``import_csv``; see docs/csv.md."""

    if TYPE_CHECKING:

        def _handle(self) -> Any: ...  # the native handle; provided by Database

    # ==== section: csv import ====
    def import_csv(self, collection: str, group: str, path: str, *, options: CSVOptions | None = None) -> None:
        """Replace a collection's elements (``group=""``) or one group's rows with a CSV file.

        Every cell is validated before anything is written and the import runs in one
        transaction (a savepoint inside an open ``begin_transaction``), so a failing
        import leaves the database unchanged. A scalar import keeps elements whose label is
        in the file (same id, same group rows), updates them, adds new ones and deletes the
        others (their group rows cascade). docs/csv.md describes the accepted files.

        Args:
            collection: collection name, e.g. ``"Fuel"``.
            group: ``""`` for scalars, else a vector, set or time-series group name.
            path: CSV file to read (``sep=,`` line optional; ``;`` files accepted).
            options: enum labels and date-time format (``None``: ``CSVOptions()``).

        Raises:
            QuiverError: with the reason (column, row or cell named); a read-only or closed database.
            TypeError: an argument of another type.

        Examples:
            >>> from pathlib import Path
            >>> _ = Path("fuels.csv").write_text("label,price\\nCoal,40.0\\nOil,80.0\\n")
            >>> db.import_csv("Fuel", "", "fuels.csv")  # Coal updated, Oil added, Gas deleted
            >>> db.read_scalar_strings("Fuel", "label"), db.read_element_ids("Fuel")
            (['Coal', 'Oil'], [1, 3])
            >>> _ = Path("zones.csv").write_text("id,zone\\nPlant A,Central\\n")
            >>> options = CSVOptions(enum_labels={"zone": {"en": {"North": 1, "Central": 2}}})
            >>> db.import_csv("Plant", "zones", "zones.csv", options=options)
            >>> db.read_set_integers("Plant", "zone")
            [[2]]
        """
        csv_call(lib.quiver_database_import_csv, self._handle(), collection, group, path, options)

    # ==== end section: csv import ====

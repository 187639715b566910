"""``Database.export_csv`` (a mixin base class of ``Database``, as upstream)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quiverdb._ffi.c_api import lib
from quiverdb._ffi.options import csv_call
from quiverdb.metadata import CSVOptions


class DatabaseCSVExport:
    """Provides ``export_csv``; see docs/csv.md."""

    if TYPE_CHECKING:

        def _handle(self) -> Any: ...  # the native handle; provided by Database

    # ==== section: csv export ====
    def export_csv(self, collection: str, group: str, path: str, *, options: CSVOptions | None = None) -> None:
        """Write a collection's scalar attributes (``group=""``) or one group to a CSV file.

        The file starts with ``sep=,`` and a header line; existing files are overwritten and
        missing parent directories created. Foreign keys are written as labels and floats in
        shortest round-trip form, so the file re-imports unchanged with ``import_csv``.
        docs/csv.md describes the format.

        Args:
            collection: collection name, e.g. ``"Plant"``.
            group: ``""`` for scalars, else a vector, set or time-series group name.
            path: file to write.
            options: enum labels and date-time format (``None``: ``CSVOptions()``).

        Raises:
            QuiverError: unknown collection/group, unwritable path, closed database.
            TypeError: an argument of another type.

        Examples:
            >>> from pathlib import Path
            >>> db.export_csv("Fuel", "", "out/fuels.csv")
            >>> print(Path("out/fuels.csv").read_text(), end="")
            sep=,
            label,price
            Coal,42.5
            Gas,61
            >>> options = CSVOptions(date_time_format="%d/%m/%Y %H:%M")
            >>> db.export_csv("Plant", "generation", "out/generation.csv", options=options)
            >>> print(Path("out/generation.csv").read_text().splitlines()[2])
            "Plant A","01/01/2024 00:00",300
        """
        csv_call(lib.quiver_database_export_csv, self._handle(), collection, group, path, options)

    # ==== end section: csv export ====

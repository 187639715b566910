"""``Database.export_csv`` (a mixin base class of ``Database``, as upstream)."""

from __future__ import annotations


class DatabaseCSVExport:
    """Provides ``export_csv``; see docs/csv.md."""

    # ==== section: csv export ====
    # ==== end section: csv export ====

"""``Database.import_csv`` (a mixin base class of ``Database``, as upstream)."""

from __future__ import annotations


class DatabaseCSVImport:
    """Provides ``import_csv``; see docs/csv.md."""

    # ==== section: csv import ====
    # ==== end section: csv import ====

"""Fixtures of the C API tests: ``cdb``, a raw handle on collections.sql in a temporary file.

Modules that need other data override ``cdb`` with their own (test_c_csv.py, test_c_query.py);
helpers (``last_error``, ``open_schema``, ``execute``) are in ``support.capi``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quiverdb._quiver_cffi import lib
from support.capi import open_schema
from support.paths import VALID


@pytest.fixture
def cdb(tmp_path: Path) -> Iterator[Any]:
    """A raw C handle on collections.sql (closed after the test)."""
    db = open_schema(tmp_path / "c.db", VALID / "collections.sql")
    yield db
    assert lib.quiver_database_close(db) == lib.QUIVER_OK

"""quiver_database_stamp (extension, issue 18): records a schema version without a migration."""

from __future__ import annotations

from typing import Any

from quiverdb._quiver_cffi import ffi, lib
from support.capi import last_error


def version(db: Any) -> int:
    out = ffi.new("int64_t *")
    assert lib.quiver_database_current_version(db, out) == lib.QUIVER_OK
    return int(out[0])


def test_stamp_sets_the_version(cdb: Any) -> None:
    assert lib.quiver_database_stamp(cdb, 7) == lib.QUIVER_OK
    assert version(cdb) == 7


def test_null_db_is_an_error() -> None:
    assert lib.quiver_database_stamp(ffi.NULL, 1) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: db"


def test_out_of_range_is_an_error_and_changes_nothing(cdb: Any) -> None:
    for bad in (-1, 2**31, -(2**63), 2**63 - 1):
        assert lib.quiver_database_stamp(cdb, bad) == lib.QUIVER_ERROR
        assert last_error() == f"Cannot stamp: version must be between 0 and 2147483647, got {bad}"
    assert version(cdb) == 0

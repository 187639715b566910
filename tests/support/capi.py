"""Helpers for the C API tests (tests/capi/): the thread's last error text, and raw database
handles made through quiver_database_from_schema, as a C caller would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quiverdb._quiver_cffi import ffi, lib


def last_error() -> str:
    """``quiver_get_last_error()`` as text."""
    return ffi.string(lib.quiver_get_last_error()).decode()


def open_schema(path: str | Path, schema: str | Path) -> Any:
    """A raw ``quiver_database_t *`` for ``schema`` at ``path``, console logging off (the caller closes it)."""
    options = ffi.new("quiver_database_options_t *", lib.quiver_database_options_default())
    options.console_level = lib.QUIVER_LOG_OFF
    out = ffi.new("quiver_database_t **")
    rc = lib.quiver_database_from_schema(str(path).encode(), str(schema).encode(), options, out)
    assert rc == lib.QUIVER_OK, last_error()
    return out[0]


def execute(db: Any, sql: str | bytes) -> None:
    """Run one statement through ``quiver_database_query_integer`` (test data set-up)."""
    if isinstance(sql, str):
        sql = sql.encode()
    assert lib.quiver_database_query_integer(db, sql, ffi.new("int64_t *"), ffi.new("int *")) == lib.QUIVER_OK, (
        last_error()
    )

"""``LuaRunner``: run Lua scripts against a database (the script's global ``db``)."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from quiverdb._c_api import decode, ffi, lib
from quiverdb.exceptions import QuiverError

if TYPE_CHECKING:
    from quiverdb.database import Database


class LuaRunner:
    """A Lua 5.4 state bound to ``db``; globals persist across :meth:`run` calls."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._closed = False
        self._ptr = ffi.NULL
        out = ffi.new("quiver_lua_runner_t **")
        if lib.quiver_lua_runner_new(db._ptr, out) != lib.QUIVER_OK:
            self._closed = True
            raise QuiverError(decode(lib.quiver_get_last_error()) or "Unknown error")
        self._ptr = out[0]

    def run(self, script: str) -> None:
        """Run ``script``; a failure raises ``QuiverError`` with the Lua error text."""
        if self._closed:
            raise QuiverError("LuaRunner is closed")
        if lib.quiver_lua_runner_run(self._ptr, script.encode("utf-8")) != lib.QUIVER_OK:
            raise QuiverError(self._error_text())

    def _error_text(self) -> str:
        out = ffi.new("const char **")
        if lib.quiver_lua_runner_get_error(self._ptr, out) == lib.QUIVER_OK and out[0] != ffi.NULL:
            text = decode(out[0])
            if text:
                return text
        text = decode(lib.quiver_get_last_error())
        return text or "Lua script execution failed"

    def close(self) -> None:
        """Free the Lua state (idempotent); the database stays open."""
        if self._closed:
            return
        self._closed = True
        ptr, self._ptr = self._ptr, ffi.NULL
        lib.quiver_lua_runner_free(ptr)

    def __enter__(self) -> LuaRunner:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            warnings.warn("LuaRunner was not closed explicitly", ResourceWarning, stacklevel=2)
            self.close()

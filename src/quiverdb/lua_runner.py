"""``LuaRunner``: run Lua scripts against a database (the script's global ``db``)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from quiverdb._ffi.c_api import check, decode, ffi, last_error, lib, release, warn_unclosed
from quiverdb.exceptions import QuiverError

if TYPE_CHECKING:
    from quiverdb.database import Database

__all__ = ["LuaRunner"]


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int or None, got {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name} must be > 0 (None switches the limit off), got {value}")
    return value


def _positive_seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"timeout must be a number of seconds or None, got {type(value).__name__}")
    if not value > 0 or value == float("inf"):
        raise ValueError(f"timeout must be a finite number of seconds > 0 (None switches it off), got {value}")
    return float(value)


def _convert(value: Any) -> Any:
    """One ``quiver_lua_value_t`` as a Python object (see LuaRunner.run)."""
    kind = value.type
    if kind == lib.QUIVER_LUA_NIL:
        return None
    if kind == lib.QUIVER_LUA_INTEGER:
        return value.integer
    if kind == lib.QUIVER_LUA_FLOAT:
        return value.number
    if kind == lib.QUIVER_LUA_STRING:
        raw = ffi.unpack(value.string, value.length)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw  # not text: the bytes as they are
    if kind == lib.QUIVER_LUA_BOOLEAN:
        return bool(value.integer)
    items = value.items
    if kind == lib.QUIVER_LUA_ARRAY:
        return [_convert(items[i]) for i in range(value.length)]
    result = {}
    for i in range(value.length):
        key = _convert(items[2 * i])
        if key in result:
            raise QuiverError(f"Lua error: the returned table has keys that are equal in Python ({key!r})")
        result[key] = _convert(items[2 * i + 1])
    return result


def _to_lua(out: Any, value: Any, keep: list[Any], depth: int) -> None:
    """Fill the ``quiver_lua_value_t`` ``out`` from a Python value (C memory kept in ``keep``)."""
    if depth > 200:
        raise ValueError("globals: value nested more than 200 deep")
    if value is None:
        out.type = lib.QUIVER_LUA_NIL
    elif isinstance(value, bool):
        out.type = lib.QUIVER_LUA_BOOLEAN
        out.integer = 1 if value else 0
    elif isinstance(value, int):
        out.type = lib.QUIVER_LUA_INTEGER
        out.integer = value
    elif isinstance(value, float):
        out.type = lib.QUIVER_LUA_FLOAT
        out.number = value
    elif isinstance(value, (str, bytes)):
        data = value.encode("utf-8") if isinstance(value, str) else value
        buf = ffi.new("char[]", data)
        keep.append(buf)
        out.type = lib.QUIVER_LUA_STRING
        out.string = buf
        out.length = len(data)
    elif isinstance(value, (list, tuple)):
        items = ffi.new("quiver_lua_value_t[]", max(len(value), 1))
        keep.append(items)
        for i, item in enumerate(value):
            _to_lua(items[i], item, keep, depth + 1)
        out.type = lib.QUIVER_LUA_ARRAY
        out.items = items
        out.length = len(value)
    elif isinstance(value, Mapping):
        items = ffi.new("quiver_lua_value_t[]", max(2 * len(value), 1))
        keep.append(items)
        for i, (k, v) in enumerate(value.items()):
            if k is None:
                raise TypeError("globals: a table key must not be None")
            _to_lua(items[2 * i], k, keep, depth + 1)
            _to_lua(items[2 * i + 1], v, keep, depth + 1)
        out.type = lib.QUIVER_LUA_TABLE
        out.items = items
        out.length = len(value)
    else:
        raise TypeError(f"globals: unsupported type {type(value).__name__}")


def _sigint_is_python_handled() -> bool:
    """True when a Ctrl-C should stop a script: main thread, and Python handles SIGINT."""
    if threading.current_thread() is not threading.main_thread():
        return False
    handler = signal.getsignal(signal.SIGINT)
    return handler not in (signal.SIG_IGN, signal.SIG_DFL, None)


class LuaRunner:
    """A sandboxed Lua 5.4 state bound to ``db``; globals persist across ``run`` calls.

    Args:
        db: the database the script's global ``db`` stands for (kept alive by the runner);
            a closed one raises ``QuiverError("Database has been closed")``, as every method does.
        max_instructions: stop a run after this many Lua VM instructions.
        max_memory: bytes the runner's Lua state may hold.
        timeout: seconds a run may take.

    A run that passes a limit raises ``QuiverError`` naming the limit; Ctrl-C during a
    run stops the script and raises ``KeyboardInterrupt``. The runner stays usable after both.

    Raises:
        TypeError: ``db`` is not a ``Database``, or a limit of another type.
        ValueError: a limit that is not > 0.

    Examples:
        >>> with LuaRunner(db, timeout=10) as runner:
        ...     runner.run("return db:number_of_elements('Plant')")
        2
    """

    def __init__(
        self,
        db: Database,
        *,
        max_instructions: int | None = None,
        max_memory: int | None = None,
        timeout: float | None = None,
    ) -> None:
        self._closed = True  # until the native runner exists (__del__ then has nothing to do)
        self._ptr = ffi.NULL
        self._lock = threading.Lock()
        from quiverdb.database import Database

        if not isinstance(db, Database):
            raise TypeError(f"db must be a Database, not {type(db).__name__}")
        self._db = db
        instructions = 0 if max_instructions is None else _positive_int("max_instructions", max_instructions)
        memory = 0 if max_memory is None else _positive_int("max_memory", max_memory)
        seconds = 0.0 if timeout is None else _positive_seconds(timeout)
        out = ffi.new("quiver_lua_runner_t **")
        check(lib.quiver_lua_runner_new(db._handle(), out))
        self._ptr = out[0]
        self._closed = False
        if instructions or memory or seconds:
            try:
                check(lib.quiver_lua_runner_set_limits(self._ptr, instructions, memory, seconds))
            except QuiverError:
                self.close()
                raise

    def __enter__(self) -> LuaRunner:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def run(self, script: str, globals: Mapping[str, Any] | None = None, *, chunk_name: str | None = None) -> Any:
        """Run ``script`` and return what it returns, converted to Python.

        Results: ``nil`` -> ``None``, booleans, integers -> ``int``, floats -> ``float``, strings ->
        ``str`` (``bytes`` when not UTF-8), tables with keys ``1..n`` (and ``{}``) -> ``list``,
        other tables -> ``dict``; several values -> ``tuple``; no ``return`` -> ``None``.

        Args:
            script: Lua source; the global ``db`` is the database (docs/lua.md lists its methods).
            globals: script parameters, set as Lua globals before the run, converted the other way
                round: ``None`` -> ``nil``, ``bool``, ``int``, ``float``, ``str`` / ``bytes`` -> string,
                ``list`` / ``tuple`` -> a table with keys ``1..n``, ``dict`` -> a table. They stay set
                for later runs of this runner; the name ``db`` is refused.
            chunk_name: names the script in error messages (``name:3: boom``); without it Lua names
                it by its first line (``[string "..."]``).

        Returns:
            The script's return value(s), converted.

        Raises:
            QuiverError: a syntax or runtime error (the Lua error text, with a traceback), a limit
                passed, the global name ``db``, a closed runner or database.
            TypeError: a script, chunk name or global of an unsupported type.
            ValueError: a global nested more than 200 deep.

        Examples:
            >>> runner = LuaRunner(db)
            >>> runner.run("return db:read_scalar_strings('Plant', 'label')")
            ['Plant A', 'Plant B']
            >>> runner.run("return limit * 2", {"limit": 21})
            42
        """
        if not isinstance(script, str):
            raise TypeError(f"script must be a str, got {type(script).__name__}")
        if chunk_name is not None and not isinstance(chunk_name, str):
            raise TypeError(f"chunk_name must be a str or None, got {type(chunk_name).__name__}")
        data = script.encode("utf-8")
        name = ffi.NULL if chunk_name is None else chunk_name.encode("utf-8", "surrogateescape").replace(b"\0", b"?")
        with self._lock:
            if self._closed:
                raise QuiverError("LuaRunner is closed")
            if globals:
                if not isinstance(globals, Mapping):
                    raise TypeError(f"globals must be a dict, not {type(globals).__name__}")
                for global_name, value in globals.items():
                    if not isinstance(global_name, str):
                        raise TypeError(f"global names must be str, not {type(global_name).__name__}")
                    keep: list[Any] = []
                    c_value = ffi.new("quiver_lua_value_t *")
                    _to_lua(c_value, value, keep, 0)
                    c_global = global_name.encode("utf-8")
                    check(lib.quiver_lua_runner_set_global(self._ptr, c_global, len(c_global), c_value))
            lib.quiver_lua_runner_set_sigint(self._ptr, 1 if _sigint_is_python_handled() else 0)
            values = ffi.new("quiver_lua_value_t **")
            count = ffi.new("size_t *")
            if lib.quiver_lua_runner_run_chunk(self._ptr, data, len(data), name, values, count) != lib.QUIVER_OK:
                # a Ctrl-C reached Python's handler too: KeyboardInterrupt is raised on the next call
                raise QuiverError(self._error_text())
            try:
                converted = [_convert(values[0][i]) for i in range(count[0])]
            finally:
                lib.quiver_lua_runner_free_values(values[0], count[0])
        if not converted:
            return None
        if len(converted) == 1:
            return converted[0]
        return tuple(converted)

    def _error_text(self) -> str:
        out = ffi.new("const char **")
        if lib.quiver_lua_runner_get_error(self._ptr, out) == lib.QUIVER_OK and out[0] != ffi.NULL:
            text = decode(out[0])
            if text:
                return text
        return last_error() or "Lua script execution failed"

    def close(self) -> None:
        """Free the Lua state (idempotent); the database stays open. ``with LuaRunner(db) as
        runner:`` closes it at the end of the block; ``run`` afterwards raises
        ``QuiverError("LuaRunner is closed")``.

        Examples:
            >>> runner = LuaRunner(db)
            >>> runner.close()
            >>> runner.run("return 1")
            Traceback (most recent call last):
            ...
            quiverdb.exceptions.QuiverError: LuaRunner is closed
            >>> db.is_healthy()
            True
        """
        with self._lock:
            ptr = release(self)
            if ptr is not None:
                lib.quiver_lua_runner_free(ptr)

    def __del__(self) -> None:
        warn_unclosed(self, "LuaRunner")

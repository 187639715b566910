"""Helpers for the tests of the Lua `db` API (tests/lua/): run a script on a fresh
runner and return its values, or the failure text."""

from __future__ import annotations

from typing import Any

import pytest

from quiverdb import Database, LuaRunner, QuiverError


def run(db: Database, script: str) -> Any:
    """What `script` returns (converted by LuaRunner.run), on a runner closed afterwards."""
    with LuaRunner(db) as runner:
        return runner.run(script)


def lua_error(db: Database, script: str) -> str:
    """The full failure text of `script` (it must fail with a QuiverError 'Lua error: ...')."""
    with LuaRunner(db) as runner:
        with pytest.raises(QuiverError) as info:
            runner.run(script)
    text = str(info.value)
    assert text.startswith("Lua error: ")
    return text


def first_line(text: str) -> str:
    """The contractual part of a failure text (docs/reference/lua.md 3.3): before the traceback."""
    return text.split("\nstack traceback:", 1)[0]


def error_line(db: Database, script: str) -> str:
    """The first line of the failure of `script`, without the `Lua error: ` prefix."""
    return first_line(lua_error(db, script))[len("Lua error: ") :]


def chunk(script: str) -> str:
    """The `[string "..."]` prefix Lua gives a one-line script shorter than 45 bytes."""
    assert "\n" not in script and len(script) < 45
    return f'[string "{script}"]'

"""Safe scripting: the sandbox, wrong arguments from scripts, run limits and Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quiverdb import Database, LuaRunner, QuiverError
from support.paths import VALID
from support.platform import sends_sigint


@pytest.fixture
def runner(collections_db: Database):
    with LuaRunner(collections_db) as r:
        yield r


# ---- sandbox ----


@pytest.mark.parametrize("name", ["io", "os", "package", "require", "debug", "dofile", "loadfile", "coroutine"])
def test_unsafe_globals_are_absent(runner: LuaRunner, name: str) -> None:
    assert runner.run(f"return {name} == nil") is True


def test_unsafe_libraries_are_not_reachable_another_way(runner: LuaRunner) -> None:
    # no loaded-modules table, no string metatable escape, no registry
    assert runner.run("return getmetatable('').__index == string") is True
    assert (
        runner.run(
            "for k, v in pairs(_G) do if type(v) == 'table' and (v.open or v.execute or v.getinfo) then return k end end"
        )
        is None
    )
    assert runner.run("return getmetatable(db)") == "quiver.Database"


def test_binary_chunks_cannot_be_loaded(runner: LuaRunner) -> None:
    fn, err = runner.run("return load(string.dump(function() return 1 end))")
    assert fn is None and "attempt to load a binary chunk" in err
    fn, err = runner.run("return load(string.dump(function() return 1 end), 'x', 'b')")
    assert fn is None and "attempt to load a binary chunk" in err
    with pytest.raises(QuiverError, match="attempt to load a binary chunk"):
        runner.run(b"\x1bLua".decode("latin-1") + "T\x00")


def test_text_load_still_works_with_an_environment(runner: LuaRunner) -> None:
    assert runner.run("return load('return 1 + 1')()") == 2
    assert runner.run("return load('return y', 'chunk', 't', {y = 7})()") == 7


def test_safe_libraries_are_there(runner: LuaRunner) -> None:
    assert runner.run("return math.floor(2.7), string.upper('a'), table.concat({1, 2}, ','), utf8.char(72)") == (
        2,
        "A",
        "1,2",
        "H",
    )


# ---- wrong arguments from scripts ----


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("db:read_element_ids()", "read_element_ids: argument #1 'collection' must be a string, got no value"),
        ("db:read_element_ids(nil)", "read_element_ids: argument #1 'collection' must be a string, got nil"),
        ("db:read_element_ids(42)", "read_element_ids: argument #1 'collection' must be a string, got integer"),
        ('db.read_element_ids("Collection")', "read_element_ids: expected the database as self"),
        ('Database.read_element_ids({}, "Collection")', "read_element_ids: expected the database as self"),
        (
            'db:create_element("Collection", "label")',
            "create_element: argument #2 'attributes' must be a table, got string",
        ),
        (
            'db:create_element("Collection", {label = true})',
            "create_element: attribute 'label' must be a number, a string or a list, got boolean",
        ),
        (
            'db:create_element("Collection", {label = "a", value_int = {1, "x"}})',
            "create_element: attribute 'value_int': a list must hold only numbers or only strings",
        ),
        (
            'db:create_element("Collection", {label = "a", value_int = {a = 1}})',
            "create_element: attribute 'value_int': expected a list",
        ),
        (
            'db:create_element("Collection", {[1] = "a"})',
            "create_element: attribute names must be strings, got a key of type integer",
        ),
        ('db:delete_element("Collection", 1.5)', "delete_element: argument #2 'id' must be an integer id"),
        ('db:delete_element("Collection", "1")', "delete_element: argument #2 'id' must be an integer id, got string"),
        (
            'db:query_integer("SELECT ?", {true})',
            "query_integer: params[1]: expected an integer, float or string (or nil), got boolean",
        ),
        ('db:query_integer("SELECT ?", 5)', "query_integer: argument #2 'params' must be a table, got integer"),
        ("db:transaction(5)", "transaction: argument #1 'fn' must be a function, got integer"),
        ('db:export_csv("Collection", "", "{tmp}/x.csv", {bogus = 1})', "export_csv: options: unknown option 'bogus'"),
        (
            'db:update_time_series_group("Collection", "data", 1, {5})',
            "update_time_series_group: row 1 must be a table, got integer",
        ),
        (
            'db:query_integer("SELECT ?", {1, x = 2})',
            "query_integer: params: expected a list (a table with keys 1..1), got the key 'x'",
        ),
        (
            'db:update_time_series_group("Collection", "data", 1, {[2] = {date_time = "d"}})',
            "update_time_series_group: rows: expected a list (a table with keys 1..0), got the key 2",
        ),
        (
            'db:update_vector_group("Collection", "values", 1, {value_int = {1, 2, [5] = 3}})',
            "update_vector_group: column 'value_int': expected a list (a table with keys 1..2), got the key 5",
        ),
    ],
)
def test_wrong_arguments_are_errors_naming_method_and_argument(
    collections_db: Database, runner: LuaRunner, tmp_path: Path, script: str, message: str
) -> None:
    collections_db.create_element("Configuration", label="c")
    collections_db.create_element("Collection", label="x")
    with pytest.raises(QuiverError) as info:
        runner.run(script.replace("{tmp}", tmp_path.as_posix()))  # forward slashes: no Lua escapes
    assert message in str(info.value).partition("\n")[0]
    assert runner.run("return db:number_of_elements('Collection')") == 1  # still usable, nothing written
    assert not (tmp_path / "x.csv").exists()


def test_integral_float_ids_are_accepted(collections_db: Database, runner: LuaRunner) -> None:
    collections_db.create_element("Configuration", label="c")
    collections_db.create_element("Collection", label="x", some_integer=7)
    assert runner.run('return db:read_scalars_by_id("Collection", 1.0).some_integer') == 7


# ---- limits ----


def test_instruction_limit_stops_within_ten_percent(collections_db: Database) -> None:
    with LuaRunner(collections_db, max_instructions=1_000_000) as r:
        with pytest.raises(QuiverError, match=r"instruction limit exceeded \(max_instructions=1000000\)"):
            r.run("n = 0 while true do n = n + 1 end")
        # each loop turn is 4 VM instructions (GETTABUP, ADDI, SETTABUP, JMP)
        count = r.run("return n") * 4
        assert 0.9 * 1_000_000 <= count <= 1.1 * 1_000_000
        assert r.run("local s = 0 for i = 1, 1000 do s = s + i end return s") == 500500


def test_instruction_limit_cannot_be_swallowed_by_pcall(collections_db: Database) -> None:
    with LuaRunner(collections_db, max_instructions=100_000) as r:
        with pytest.raises(QuiverError, match="instruction limit exceeded"):
            r.run("while true do pcall(function() while true do end end) end")
        assert r.run("return 'usable'") == "usable"


def test_memory_limit_stops_within_ten_percent(collections_db: Database) -> None:
    limit = 8 * 1024 * 1024
    with LuaRunner(collections_db, max_memory=limit) as r:
        with pytest.raises(QuiverError, match=r"memory limit exceeded \(max_memory=8388608 bytes\)"):
            r.run("t = {} local i = 0 while true do i = i + 1 t[i] = string.rep('x', 1000) .. i end")
        # the table held at least 90% of the limit in strings of ~1 KiB when it stopped
        held = r.run("local n = #t t = nil collectgarbage() return n")
        assert held * 1000 >= 0.9 * limit * 0.9
        assert r.run("return #string.rep('y', 1000)") == 1000


def test_timeout_stops_within_ten_percent(collections_db: Database) -> None:
    with LuaRunner(collections_db, timeout=0.5) as r:
        start = time.perf_counter()
        with pytest.raises(QuiverError, match=r"timeout exceeded \(timeout=0.5 s\)"):
            r.run("while true do end")
        elapsed = time.perf_counter() - start
        assert 0.45 <= elapsed <= 0.55 + 0.1  # scheduling slack on a loaded machine
        assert r.run("return 1") == 1


def test_limits_leave_database_usable(collections_db: Database) -> None:
    collections_db.create_element("Configuration", label="c")
    with LuaRunner(collections_db, max_instructions=10_000) as r:
        with pytest.raises(QuiverError, match="instruction limit"):
            r.run('db:create_element("Collection", {label = "a"}) while true do end')
    assert collections_db.read_scalar_strings("Collection", "label") == ["a"]  # no implicit rollback, as upstream


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"max_instructions": 0}, ValueError),
        ({"max_instructions": -1}, ValueError),
        ({"max_instructions": 1.5}, TypeError),
        ({"max_instructions": True}, TypeError),
        ({"max_memory": "1"}, TypeError),
        ({"timeout": 0}, ValueError),
        ({"timeout": float("nan")}, ValueError),
    ],
)
def test_bad_limits_are_rejected(collections_db: Database, kwargs, error) -> None:
    with pytest.raises(error):
        LuaRunner(collections_db, **kwargs)


def test_limits_are_keyword_only(collections_db: Database) -> None:
    with pytest.raises(TypeError):
        LuaRunner(collections_db, 1000)  # type: ignore[misc]


# ---- Ctrl-C ----


class Interrupter:
    """Sends SIGINT to this process after `delay`, and again every second until stopped: a
    signal that lands before the run has armed its handler (a loaded machine) only reaches
    Python, so a later one must stop the script instead of letting the test hang."""

    def __init__(self, delay: float) -> None:
        self.sent: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._send, args=(delay,), daemon=True)

    def _send(self, delay: float) -> None:
        wait = delay
        for _ in range(10):
            if self._stop.wait(wait):
                return
            self.sent.append(time.perf_counter())
            os.kill(os.getpid(), signal.SIGINT)
            wait = 1.0

    def __enter__(self) -> Interrupter:
        self._thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self._stop.set()
        self._thread.join()


@sends_sigint
def test_sigint_stops_a_long_run_within_100ms(collections_db: Database) -> None:
    with LuaRunner(collections_db) as r:
        with pytest.raises(KeyboardInterrupt), Interrupter(0.2) as interrupter:
            r.run("while true do end")
        assert time.perf_counter() - interrupter.sent[-1] < 0.1
        assert r.run("return 'usable'") == "usable"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@sends_sigint
def test_sigint_with_custom_python_handler_reaches_it(collections_db: Database) -> None:
    seen: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda s, f: seen.append(s))
    try:
        with LuaRunner(collections_db) as r:
            with pytest.raises(QuiverError, match="script interrupted"), Interrupter(0.1):
                r.run("while true do end")
            assert seen and set(seen) == {signal.SIGINT}
    finally:
        signal.signal(signal.SIGINT, previous)


@sends_sigint
def test_sigint_ignored_by_the_host_stays_ignored(collections_db: Database) -> None:
    # a host that ignores Ctrl-C (a background job, a daemon) is not overruled by the runner:
    # the signal neither stops the script nor kills the process, and the disposition is kept
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with LuaRunner(collections_db, timeout=0.5) as r:
            with pytest.raises(QuiverError, match="timeout exceeded"), Interrupter(0.1) as interrupter:
                r.run("while true do end")
            assert interrupter.sent
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


ENDLESS_SQL = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def test_timeout_also_stops_a_long_statement_inside_a_db_call(collections_db: Database) -> None:
    with LuaRunner(collections_db, timeout=0.3) as r:
        start = time.perf_counter()
        with pytest.raises(QuiverError, match="timeout exceeded"):
            r.run(f"return db:query_integer('{ENDLESS_SQL}')")
        assert time.perf_counter() - start < 0.3 + 0.1
        assert r.run("return db:query_integer('SELECT 5')") == 5
    assert collections_db.query_integer("SELECT 6") == 6  # the connection is not left interrupted


@sends_sigint
def test_sigint_also_stops_a_long_statement_inside_a_db_call(collections_db: Database) -> None:
    with LuaRunner(collections_db) as r:
        with pytest.raises(KeyboardInterrupt), Interrupter(0.2) as interrupter:
            r.run(f"return db:query_integer('{ENDLESS_SQL}')")
        assert time.perf_counter() - interrupter.sent[-1] < 0.1
        assert r.run("return 'usable'") == "usable"


# A library imported after a run may install its own SIGINT handler over quiverdb's, one that
# passes the signal on to the handler it replaced (polars does, through signal-hook). The next
# run installs quiverdb's handler again: the two then call each other, which overflowed the
# stack (a segfault on the next Ctrl-C) until the handler passed a nested call further down.
_CHAINED_HANDLER_SCRIPT = """
import os, signal, sys, threading, time
from quiverdb import Database, LuaRunner

def interrupted_run(db):
    stop = threading.Event()
    def send():
        while not stop.wait(0.2):
            os.kill(os.getpid(), signal.SIGINT)
    t = threading.Thread(target=send)
    t.start()
    try:
        with LuaRunner(db) as r:
            r.run("while true do end")
    except KeyboardInterrupt:
        return "interrupted"
    finally:
        stop.set()
        t.join()
    return "not interrupted"

db = Database.from_schema(sys.argv[1], sys.argv[2])
print(interrupted_run(db), flush=True)
import polars  # installs a SIGINT handler that chains to the one it replaced
print(interrupted_run(db), flush=True)
print(interrupted_run(db), flush=True)
"""


@sends_sigint
def test_sigint_with_a_chaining_handler_installed_over_ours(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _CHAINED_HANDLER_SCRIPT, str(tmp_path / "c.db"), str(VALID / "collections.sql")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["interrupted"] * 3

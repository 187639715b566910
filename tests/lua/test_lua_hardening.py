"""Lua sandbox and limits hardening (issue 16, items 1-9): what a script cannot do to the
database, the file system or the host, and how every limit ends a run.

Tests whose failure mode before the fix was a hang run the script in a child process with a
deadline, so a regression fails the test instead of hanging the suite."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from quiverdb import Database, LuaRunner, QuiverError
from support.paths import VALID
from support.platform import sends_sigint

SCHEMA = VALID / "collections.sql"
ENDLESS_SQL = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
SLOW_PATTERN = '("a"):rep(300):find(".-.-.-.-b")'


@pytest.fixture
def runner(collections_db: Database):
    with LuaRunner(collections_db) as r:
        yield r


def in_child(tmp_path: Path, body: str, deadline: float = 20.0) -> str:
    """Runs `body` (Python, with `db` a fresh collections database and the names of this
    module's imports) in a child process; fails if it has not finished within `deadline`."""
    code = textwrap.dedent(
        """
        import os, signal, sys, threading, time
        from quiverdb import Database, LuaRunner, QuiverError
        db = Database.from_schema(sys.argv[1], sys.argv[2])
        """
    ) + textwrap.dedent(body)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "child.db"), str(SCHEMA)],
            capture_output=True,
            text=True,
            timeout=deadline,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the child did not finish within {deadline} s (a hang)")
    assert done.returncode == 0, done.stderr
    return done.stdout


# ---- 1. defensive mode and writable_schema ----


def test_writable_schema_is_refused_and_the_file_stays_readable(tmp_path: Path) -> None:
    path = tmp_path / "victim.db"
    db = Database.from_schema(str(path), str(SCHEMA))
    try:
        with LuaRunner(db) as r:
            with pytest.raises(QuiverError, match="writable_schema"):
                r.run('db:query_string("PRAGMA writable_schema=ON")')
            # the attack goes on as if the pragma had worked: it must change nothing
            r.run(
                """pcall(db.query_string, db, "UPDATE sqlite_master SET sql = 'garbage' WHERE name = 'Configuration'")"""
            )
        with pytest.raises(QuiverError, match="writable_schema"):
            db.query_string("PRAGMA writable_schema = 1")
        assert db.query_integer("PRAGMA writable_schema") == 0
    finally:
        db.close()
    Database.open(str(path)).close()
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_defensive_mode_is_on(db: Database) -> None:
    # SQLITE_DBCONFIG_DEFENSIVE: schema_version writes are refused, journal_mode=OFF is ignored
    before = db.query_integer("PRAGMA schema_version")
    db.query_string("PRAGMA schema_version = 12345")  # ignored in defensive mode
    assert db.query_integer("PRAGMA schema_version") == before


# ---- 2. ATTACH, DETACH, VACUUM INTO ----


@pytest.mark.parametrize(
    "sql, refused",
    [
        ("ATTACH '{target}' AS other", "ATTACH"),
        ("ATTACH 'file:{target}?mode=rwc' AS other", "ATTACH"),
        ("VACUUM INTO '{target}'", "VACUUM INTO"),
        ("DETACH other", "DETACH"),
    ],
)
def test_scripts_cannot_reach_files_through_sql(runner: LuaRunner, tmp_path: Path, sql: str, refused: str) -> None:
    target = tmp_path / "elsewhere.db"
    statement = sql.format(target=target)
    with pytest.raises(QuiverError, match=f"{refused} is not allowed"):
        runner.run(f'db:query_string("{statement}")')
    assert not target.exists()


def test_python_on_a_writable_handle_may_still_attach(collections_db: Database, tmp_path: Path) -> None:
    # the caller's own SQL is trusted: only scripts and read-only handles are refused
    collections_db.query_string(f"ATTACH '{tmp_path / 'side.db'}' AS side")
    collections_db.query_string("DETACH side")
    # and a statement cached by Python is not a way around the script's refusal
    statement = f"ATTACH '{tmp_path / 'side.db'}' AS side"
    collections_db.query_string(statement)
    collections_db.query_string("DETACH side")
    with LuaRunner(collections_db) as r, pytest.raises(QuiverError, match="ATTACH is not allowed"):
        r.run(f'db:query_string("{statement}")')


def test_read_only_handle_refuses_vacuum_into_and_attach(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    Database.from_schema(str(path), str(SCHEMA)).close()
    target = tmp_path / "copy.db"
    db = Database.open(str(path), read_only=True)
    try:
        with pytest.raises(QuiverError, match="VACUUM INTO is not allowed"):
            db.query_string(f"VACUUM INTO '{target}'")
        with pytest.raises(QuiverError, match="ATTACH is not allowed"):
            db.query_string(f"ATTACH '{target}' AS other")
    finally:
        db.close()
    assert not target.exists()


def test_cli_read_only_refuses_vacuum_into(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    Database.from_schema(str(path), str(SCHEMA)).close()
    target = tmp_path / "copy.db"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "quiverdb",
            str(path),
            "--read-only",
            "-e",
            f"db:query_string(\"VACUUM INTO '{target}'\")",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "VACUUM INTO is not allowed" in done.stderr
    assert not target.exists()


def test_plain_sql_still_works_in_scripts(runner: LuaRunner) -> None:
    assert runner.run("return db:query_integer('PRAGMA user_version')") == 0
    assert runner.run("return db:query_integer('SELECT count(*) FROM sqlite_master') > 0") is True
    runner.run("db:query_string('CREATE TEMP TABLE scratch(x)')")


# ---- 3. pattern matching is bounded ----


@pytest.mark.parametrize("function", ["find", "match", "gmatch", "gsub"])
def test_pattern_matching_stops_at_the_timeout(runner: LuaRunner, collections_db: Database, function: str) -> None:
    call = {
        "find": SLOW_PATTERN,
        "match": '("a"):rep(300):match(".-.-.-.-b")',
        "gmatch": 'for x in ("a"):rep(300):gmatch(".-.-.-.-b") do end',
        "gsub": '("a"):rep(300):gsub(".-.-.-.-b", "")',
    }[function]
    with LuaRunner(collections_db, timeout=0.3) as r:
        start = time.perf_counter()
        with pytest.raises(QuiverError, match="timeout exceeded"):
            r.run(call)
        assert time.perf_counter() - start < 0.3 + 0.5
        assert r.run("return ('abc'):find('b')") == (2, 2)


def test_pattern_matching_counts_toward_max_instructions(collections_db: Database) -> None:
    with LuaRunner(collections_db, max_instructions=1_000_000) as r:
        start = time.perf_counter()
        with pytest.raises(QuiverError, match="instruction limit exceeded"):
            r.run(SLOW_PATTERN)
        assert time.perf_counter() - start < 0.5


@sends_sigint
def test_pattern_matching_is_stopped_by_ctrl_c(tmp_path: Path) -> None:
    out = in_child(
        tmp_path,
        f"""
        r = LuaRunner(db)
        def send():
            time.sleep(0.3)
            os.kill(os.getpid(), signal.SIGINT)
        threading.Thread(target=send, daemon=True).start()
        start = time.perf_counter()
        try:
            r.run('{SLOW_PATTERN}')
        except KeyboardInterrupt:
            print("interrupted", round(time.perf_counter() - start - 0.3, 3))
        """,
    )
    assert out.startswith("interrupted")
    assert float(out.split()[1]) < 0.5


def test_pattern_matching_still_behaves_like_lua(runner: LuaRunner) -> None:
    assert runner.run("return ('hello world'):find('o w')") == (5, 7)
    assert runner.run("return ('hello world'):find('l+')") == (3, 4)
    assert runner.run("return ('key = value'):match('(%w+)%s*=%s*(%w+)')") == ("key", "value")
    assert runner.run("return ('abc'):match('()b()')") == (2, 3)
    assert runner.run("return ('THE (quick) fox'):find('%((%a+)%)')") == (5, 11, "quick")
    assert runner.run("local t = {} for w in ('one two three'):gmatch('%a+') do t[#t+1] = w end return t") == [
        "one",
        "two",
        "three",
    ]
    assert runner.run("return ('hello'):gsub('l', {l = 'L'})") == ("heLLo", 2)
    assert runner.run("return ('abc'):gsub('%w', '%0%0')") == ("aabbcc", 3)
    assert runner.run("return ('abc'):gsub('', '-')") == ("-a-b-c-", 4)
    assert runner.run("return ('x = 1, y = 2'):gsub('(%w+) = (%w+)', '%2 = %1')") == ("1 = x, 2 = y", 2)
    assert runner.run("return ('f(a(b)c)'):match('%b()')") == "(a(b)c)"
    assert runner.run("return ('THE END'):find('%f[%w]%w+', 2)") == (5, 7)
    assert runner.run("return ('a.b'):find('.', 1, true)") == (2, 2)
    assert runner.run("return ('abc'):gsub('b', function(c) return c:upper() end)") == ("aBc", 1)
    assert runner.run("return (string.gsub('abc', '(b)', '%%1'))") == "a%1c"
    assert runner.run("return ('aaa'):match('^(a-)a$')") == "aa"
    assert "malformed pattern" in runner.run("return select(2, pcall(string.find, 'a', '[a'))")
    assert "invalid capture index" in runner.run("return select(2, pcall(string.gsub, 'a', 'a', '%2'))")


# ---- 4. __gc finalizers ----


def test_gc_metamethods_are_refused(runner: LuaRunner) -> None:
    with pytest.raises(QuiverError, match="__gc"):
        runner.run("setmetatable({}, {__gc = function() end})")
    # other metatables are unaffected
    assert runner.run("return setmetatable({}, {__index = function() return 7 end}).x") == 7


def test_a_looping_finalizer_cannot_hang_the_run_or_close(tmp_path: Path) -> None:
    out = in_child(
        tmp_path,
        """
        r = LuaRunner(db, timeout=0.3)
        for script in ("setmetatable({}, {__gc = function() while true do end end}) collectgarbage()",
                       "local mt = {} local t = setmetatable({}, mt) mt.__gc = function() while true do end end",
                       "x = setmetatable({}, {__gc = function() while true do end end}) while true do end"):
            try:
                r.run(script)
            except QuiverError as e:
                print(str(e).splitlines()[0])
        r.close()
        print("closed")
        """,
    )
    assert out.splitlines()[-1] == "closed"


# ---- 5. a message handler cannot defeat a limit ----


@pytest.mark.parametrize(
    "script",
    [
        "xpcall(function() while true do end end, function(m) while true do end end)",
        "xpcall(error, function(m) while true do end end)",
        "while true do xpcall(function() while true do end end, function(m) return m end) end",
        "local function f(n) if n == 0 then while true do end end pcall(f, n - 1) end f(150)",
        "xpcall(function() while true do end end, error)",
    ],
)
def test_a_limit_cannot_be_caught_or_swallowed(tmp_path: Path, script: str) -> None:
    out = in_child(
        tmp_path,
        f"""
        r = LuaRunner(db, timeout=0.3)
        start = time.perf_counter()
        try:
            r.run({script!r})
        except QuiverError as e:
            print(str(e).splitlines()[0])
        print(round(time.perf_counter() - start, 3))
        """,
    )
    message, elapsed = out.splitlines()
    assert message == "Lua error: timeout exceeded (timeout=0.3 s)"
    assert float(elapsed) < 0.3 + 0.5


# ---- 6. converting returned values is bounded ----


def test_returning_a_shared_subtable_many_times_is_refused_quickly(runner: LuaRunner) -> None:
    start = time.perf_counter()
    with pytest.raises(QuiverError, match="more than once"):
        runner.run("local t = {} for i = 1, 40 do t = {t, t} end return t")
    assert time.perf_counter() - start < 1.0
    with pytest.raises(QuiverError, match="more than once"):
        runner.run("local t = {1} return {t, {t}}")
    # the same string may be returned many times (it is counted, not refused)
    assert runner.run("local s = 'ab' return {s, s, {s}}") == ["ab", "ab", ["ab"]]


def test_returned_strings_count_against_max_memory(collections_db: Database) -> None:
    with LuaRunner(collections_db, max_memory=10_000_000) as r:
        with pytest.raises(QuiverError, match="memory limit exceeded"):
            r.run("local s = ('x'):rep(1000000) local t = {} for i = 1, 300 do t[i] = s end return t")
        assert r.run("return ('x'):rep(1000)") == "x" * 1000


# ---- 7. interruption composes across runners ----


def test_a_second_runner_does_not_switch_off_the_first_ones_interruption(tmp_path: Path) -> None:
    out = in_child(
        tmp_path,
        f"""
        first = LuaRunner(db, timeout=1.0)
        second = LuaRunner(db)
        third = LuaRunner(db, timeout=3.0)
        result = []
        def long_run():
            try:
                first.run("for i = 1, 2e7 do end return db:query_integer('{ENDLESS_SQL}')")
            except QuiverError as e:
                result.append(str(e).splitlines()[0])
                result.append(round(time.perf_counter() - start, 3))
        t = threading.Thread(target=long_run)
        start = time.perf_counter()
        t.start()
        time.sleep(0.05)
        second.run("return 1")  # a run that begins and ends while the first one is active
        try:
            third.run("while true do end")  # and one that is still running during its query
        except QuiverError:
            pass
        t.join()
        print(result[0])
        print(result[1])
        """,
    )
    message, elapsed = out.splitlines()
    assert message == "Lua error: timeout exceeded (timeout=1 s)"
    # the first run ended at its own timeout, not when the third one's ended (3 s)
    assert float(elapsed) < 1.0 + 0.5


# ---- 8. limits end the run, every time; SQL work counts ----


def test_max_instructions_bounds_sql_work(tmp_path: Path) -> None:
    out = in_child(
        tmp_path,
        f"""
        r = LuaRunner(db, max_instructions=1_000_000)
        start = time.perf_counter()
        try:
            r.run("return db:query_integer('{ENDLESS_SQL}')")
        except QuiverError as e:
            print(str(e).splitlines()[0])
        print(round(time.perf_counter() - start, 3))
        print(r.run("return db:query_integer('SELECT 5')"))
        """,
    )
    message, elapsed, after = out.splitlines()
    assert message == "Lua error: instruction limit exceeded (max_instructions=1000000)"
    assert float(elapsed) < 1.0
    assert after == "5"


def test_the_memory_limit_cannot_be_caught_by_pcall(collections_db: Database) -> None:
    with LuaRunner(collections_db, max_memory=10_000_000) as r:
        with pytest.raises(QuiverError, match="memory limit exceeded"):
            r.run("local ok = pcall(string.rep, 'x', 1e8) return 'went on'")
        with pytest.raises(QuiverError, match="memory limit exceeded"):
            r.run("for i = 1, 3 do pcall(string.rep, 'x', 1e8) end return 'went on'")
        # a run under the limit is untouched, even after emergency collections
        assert r.run("local n = 0 for i = 1, 200 do n = n + #('y'):rep(100000) end return n") == 20_000_000


def test_max_memory_bounds_values_sql_builds(collections_db: Database) -> None:
    with LuaRunner(collections_db, max_memory=10_000_000) as r:
        # SQLite's printf gives NULL instead of a value past the connection's length limit. (A
        # width, not '%.*c': SQLite appends a repeated character one at a time, growing the
        # buffer a few bytes per realloc near the limit, which takes minutes under ASan.)
        assert r.run("return db:query_integer(\"SELECT length(printf('%100000000s', 'x'))\")") is None
        with pytest.raises(QuiverError, match="string or blob too big"):
            r.run("return db:query_integer('SELECT length(zeroblob(100000000))')")
        assert r.run("return db:query_integer(\"SELECT length(printf('%1000s', 'x'))\")") == 1000
    # outside a limited run the connection's own limit is back
    assert collections_db.query_integer("SELECT length(printf('%20000000s', 'x'))") == 20_000_000


# ---- 9. error messages name the script file ----


def test_chunk_name_names_the_script(runner: LuaRunner) -> None:
    with pytest.raises(QuiverError) as info:
        runner.run("local x = 1\nerror('boom')", chunk_name="study.lua")
    assert str(info.value).startswith("Lua error: study.lua:2: boom")
    with pytest.raises(QuiverError, match=r"^Lua error: study\.lua:1: unexpected symbol"):
        runner.run("x = = 1", chunk_name="study.lua")
    # without a name: upstream's first-line name
    with pytest.raises(QuiverError, match=r'^Lua error: \[string "error\(\'x\'\)"\]:1: x'):
        runner.run("error('x')")
    with pytest.raises(TypeError):
        runner.run("return 1", chunk_name=3)  # type: ignore[arg-type]


def test_cli_errors_name_the_script_file(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    Database.from_schema(str(path), str(SCHEMA)).close()
    script = tmp_path / "report.lua"
    script.write_text("-- a report\nlocal n = 1\nerror('boom')\n")
    done = subprocess.run(
        [sys.executable, "-m", "quiverdb", str(path), str(script)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"Lua error: {script}:3: boom") or done.stderr.startswith("Lua error: ...")
    assert "report.lua:3: boom" in done.stderr

"""Issue 16, items 10-15: threads, processes and files (docs/reliability.md).

10 close() while other threads call; 11 a transaction belongs to its thread; 12 from_schema
never destroys an existing database; 13 open names the missing / foreign file and creates
nothing; 14 BEGIN IMMEDIATE, busy_timeout and journal_mode; 15 Ctrl-C interrupts a long query.
"""

from __future__ import annotations

import gc
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import weakref
from pathlib import Path

import pytest

from quiverdb import Database, LuaRunner, QuiverError
from support.paths import SCHEMAS, VALID
from support.platform import sends_sigint

COLLECTIONS = VALID / "collections.sql"

# a query that runs for minutes unless interrupted
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def _new(tmp_path: Path, name: str = "t.db", **options: object) -> Database:
    return Database.from_schema(str(tmp_path / name), str(COLLECTIONS), **options)  # type: ignore[arg-type]


# ---- 10. close() while other threads are calling ----

CLOSE_RACE = textwrap.dedent(
    """
    import sys, threading, time
    from quiverdb import Database, QuiverError
    db = Database.from_schema(sys.argv[1], sys.argv[2])
    for i in range(50):
        db.create_element("Collection", label=f"e{i}", some_integer=i, value_int=[i, i])
    bad = []
    started = threading.Barrier(9)
    def work():
        started.wait()
        while True:
            try:
                db.read_scalar_integers("Collection", "some_integer")
                db.read_vector_integers("Collection", "value_int")
                db.query_integer("SELECT count(*) FROM Collection")
            except QuiverError as e:
                if "closed" not in str(e):
                    bad.append(repr(e))
                return
            except BaseException as e:
                bad.append(repr(e))
                return
    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    started.wait()
    time.sleep(0.05)
    db.close()
    for t in threads:
        t.join(10)
    assert not any(t.is_alive() for t in threads), "a thread hung after close()"
    assert not bad, bad
    # close() disconnects; the small native wrapper goes with the last reference to the Python
    # object, which CPython does not promise to drop for a module global at exit (LeakSanitizer
    # would report it in the sanitizer run)
    del db
    print("ok")
    """
)


def test_close_while_other_threads_call_fails_them_cleanly(tmp_path: Path, long_run: bool) -> None:
    """Upstream freed the handle and its mutex under the waiting threads: a segfault."""
    for run in range(20 if long_run else 3):
        result = subprocess.run(
            [sys.executable, "-c", CLOSE_RACE, str(tmp_path / f"c{run}.db"), str(COLLECTIONS)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
        assert result.stdout.strip() == "ok"


def test_a_call_after_close_from_another_thread_is_a_quiver_error(tmp_path: Path) -> None:
    db = _new(tmp_path)
    db.close()
    errors: list[BaseException] = []

    def call() -> None:
        try:
            db.read_element_ids("Collection")
        except BaseException as e:
            errors.append(e)

    t = threading.Thread(target=call)
    t.start()
    t.join()
    assert len(errors) == 1 and isinstance(errors[0], QuiverError) and "closed" in str(errors[0])


# ---- 11. a transaction belongs to the thread that began it ----


def test_another_threads_rollback_never_loses_an_acknowledged_write(tmp_path: Path) -> None:
    db = _new(tmp_path)
    try:
        db.begin_transaction()
        db.create_element("Collection", label="A's")
        acknowledged: list[int] = []
        b = threading.Thread(target=lambda: acknowledged.append(db.create_element("Collection", label="B's")))
        b.start()
        time.sleep(0.3)
        assert acknowledged == []  # B waits for A's transaction instead of writing into it
        db.rollback()
        b.join(10)
        assert len(acknowledged) == 1
        assert db.read_scalar_strings("Collection", "label") == ["B's"]
    finally:
        db.close()


def test_a_transaction_left_open_by_another_thread_is_a_clear_error_after_busy_timeout(tmp_path: Path) -> None:
    db = _new(tmp_path, busy_timeout=0.2)
    try:
        opener = threading.Thread(target=db.begin_transaction)
        opener.start()
        opener.join()
        start = time.monotonic()
        with pytest.raises(QuiverError, match="^Database is busy: a transaction begun by another thread"):
            db.create_element("Collection", label="x")
        assert 0.15 < time.monotonic() - start < 3
    finally:
        db.close()  # closing rolls the other thread's transaction back


def test_a_lua_run_waits_for_another_threads_transaction(tmp_path: Path) -> None:
    db = _new(tmp_path)
    runner = LuaRunner(db)
    try:
        db.begin_transaction()
        db.create_element("Collection", label="A's")
        t = threading.Thread(target=runner.run, args=('db:create_element("Collection", {label = "Lua"})',))
        t.start()
        time.sleep(0.2)
        db.rollback()
        t.join(10)
        assert db.read_scalar_strings("Collection", "label") == ["Lua"]
    finally:
        runner.close()
        db.close()


# ---- 12. from_schema never destroys an existing database ----


def test_from_schema_with_a_bad_schema_keeps_the_existing_database(tmp_path: Path) -> None:
    path = tmp_path / "keep.db"
    db = _new(tmp_path, "keep.db")
    db.create_element("Collection", label="precious")
    db.close()
    bad = tmp_path / "bad.sql"
    bad.write_text(COLLECTIONS.read_text() + "\nCREATE TABLE oops (\n")
    with pytest.raises(QuiverError, match="Failed to execute SQL"):
        Database.from_schema(str(path), str(bad))
    invalid = SCHEMAS / "invalid" / "label_not_null.sql"
    with pytest.raises(QuiverError, match="Schema validation error"):
        Database.from_schema(str(path), str(invalid))
    with Database.open(str(path)) as again:
        assert again.read_scalar_strings("Collection", "label") == ["precious"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sql", "keep.db"]  # no temporary left


def test_from_schema_replaces_a_database_with_a_valid_new_one(tmp_path: Path) -> None:
    db = _new(tmp_path, "r.db")
    db.create_element("Collection", label="old")
    db.close()
    with Database.from_schema(str(tmp_path / "r.db"), str(COLLECTIONS)) as fresh:
        assert fresh.read_scalar_strings("Collection", "label") == []


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param("fifo", marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX (no mkfifo)")),
        "directory",
    ],
)
def test_from_schema_refuses_a_path_that_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "special"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    with pytest.raises(
        QuiverError, match=f"^Cannot from_schema: {re.escape(str(path))} exists and is not a regular file$"
    ):
        Database.from_schema(str(path), str(COLLECTIONS))
    assert path.exists() and (path.is_fifo() if kind == "fifo" else path.is_dir())


# ---- 13. open: a missing file or a foreign SQLite file ----


def test_open_of_a_missing_file_names_it_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    for read_only in (False, True):
        with pytest.raises(QuiverError, match=f"^Failed to open database: file not found: {re.escape(str(path))}$"):
            Database.open(str(path), read_only=read_only)
    assert list(tmp_path.iterdir()) == []


def test_cli_on_a_missing_file_names_it_and_creates_nothing(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quiverdb", "missing.db", "-e", "return 1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Failed to open database: file not found: missing.db" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_open_of_a_plain_sqlite_file_says_it_is_not_a_quiver_database(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    with pytest.raises(
        QuiverError, match=f"^Failed to open database: {re.escape(str(path))} is not a quiver database \\("
    ):
        Database.open(str(path))


# ---- 14. BEGIN IMMEDIATE, busy_timeout, journal_mode ----


def test_read_then_write_transactions_on_two_connections_do_not_fail_with_locked(tmp_path: Path) -> None:
    """A deferred BEGIN let both connections read, then one failed at once at its write
    ('database is locked': SQLite cannot wait out that deadlock)."""
    _new(tmp_path, "rw.db").close()
    path = str(tmp_path / "rw.db")
    with Database.open(path) as setup:
        setup.create_element("Collection", label="counter", some_integer=0)
    errors: list[BaseException] = []
    go = threading.Barrier(2)

    def bump() -> None:
        db = Database.open(path)
        try:
            go.wait()
            for _ in range(15):
                with db.transaction():
                    n = db.read_scalar_integer_by_id("Collection", "some_integer", 1)
                    time.sleep(0.002)
                    db.update_element("Collection", 1, some_integer=n + 1)
        except BaseException as e:
            errors.append(e)
        finally:
            db.close()

    threads = [threading.Thread(target=bump) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with Database.open(path) as check:
        assert check.read_scalar_integer_by_id("Collection", "some_integer", 1) == 30


def test_busy_timeout_option(tmp_path: Path) -> None:
    _new(tmp_path, "b.db").close()
    path = str(tmp_path / "b.db")
    holder = Database.open(path)
    holder.begin_transaction()  # IMMEDIATE: holds the write lock
    try:
        waiter = Database.open(path, busy_timeout=0.25)
        try:
            assert waiter.connection_settings()["busy_timeout"] == 0.25
            start = time.monotonic()
            with pytest.raises(QuiverError, match="database is locked"):
                waiter.create_element("Collection", label="x")
            assert 0.2 < time.monotonic() - start < 3
        finally:
            waiter.close()
    finally:
        holder.rollback()
        holder.close()
    with pytest.raises(ValueError, match="busy_timeout"):
        Database.open(path, busy_timeout=-1)
    with pytest.raises(ValueError, match="journal_mode"):
        Database.open(path, journal_mode="sideways")


def test_wal_readers_never_block_on_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    writer = Database.from_schema(str(path), str(COLLECTIONS), journal_mode="wal")
    try:
        assert writer.connection_settings()["journal_mode"] == "wal"
        writer.create_element("Collection", label="committed")
        writer.begin_transaction()
        writer.create_element("Collection", label="pending")
        reader = Database.open(str(path), journal_mode="wal", busy_timeout=5)
        try:
            start = time.monotonic()
            assert reader.read_scalar_strings("Collection", "label") == ["committed"]
            assert time.monotonic() - start < 0.5
            # Lua sees the same connection settings
            runner = LuaRunner(reader)
            try:
                assert runner.run('return db:query_string("PRAGMA journal_mode")') == "wal"
                assert runner.run('return db:query_integer("PRAGMA busy_timeout")') == 5000
            finally:
                runner.close()
        finally:
            reader.close()
        writer.commit()
    finally:
        writer.close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_cli_busy_timeout_and_journal_mode(tmp_path: Path) -> None:
    _new(tmp_path, "cli.db").close()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "quiverdb",
            "cli.db",
            "--busy-timeout",
            "1.5",
            "--journal-mode",
            "wal",
            "-e",
            'print(db:query_string("PRAGMA journal_mode"), db:query_integer("PRAGMA busy_timeout"))',
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1500"]


# ---- 15. Ctrl-C interrupts a long query ----


def _sigint_after(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    return timer


@sends_sigint
def test_ctrl_c_interrupts_a_long_query_and_rolls_back(tmp_path: Path) -> None:
    db = _new(tmp_path)
    try:
        timer = _sigint_after(0.3)
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            with db.transaction():
                db.create_element("Collection", label="undone")
                db.query_integer(ENDLESS)
        elapsed = time.monotonic() - start
        timer.join()
        assert elapsed < 0.3 + 0.5
        assert not db.in_transaction()
        assert db.read_scalar_strings("Collection", "label") == []
        assert db.query_integer("SELECT 41 + 1") == 42  # the database still works
    finally:
        db.close()


@sends_sigint
def test_ctrl_c_leaves_no_reference_to_the_interrupted_database(tmp_path: Path) -> None:
    # the watcher thread lives on: it must not keep the native handle of a closed and dropped
    # Database alive (that handle would never be freed)
    db = _new(tmp_path)
    timer = _sigint_after(0.2)
    with pytest.raises(KeyboardInterrupt):
        db.query_integer(ENDLESS)
    timer.join()
    native = weakref.ref(db._ptr)
    db.close()
    del db
    gc.collect()
    assert native() is None


def test_interrupt_from_another_thread(tmp_path: Path) -> None:
    db = _new(tmp_path)
    try:
        threading.Timer(0.2, db.interrupt).start()
        with pytest.raises(QuiverError, match="interrupted"):
            db.query_integer(ENDLESS)
    finally:
        db.close()

"""Threads (docs/reliability.md): 8 Python threads sharing one Database and 4 handles on one
file (WAL, busy timeout) doing mixed reads and writes: no crash, no lost or duplicated write,
every error a QuiverError. A LuaRunner used from two threads is serialized.

Default run: 1.5 s per scenario; ``pytest --long``: 20 s per scenario.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quiverdb import Database, LuaRunner, QuiverError
from support.paths import VALID

SCHEMA = VALID / "collections.sql"


def _seconds(long_run: bool) -> float:
    return 20.0 if long_run else 1.5


def _worker(
    db_for: Callable[[int], Database],
    t: int,
    stop: float,
    created: dict[str, int],
    errors: list[BaseException],
    seen_errors: list[str],
) -> None:
    """Mixed work until ``stop``: creates (recorded when they succeed), updates of its own
    elements, group writes, reads, deliberate failures (must be QuiverError and leave no trace)."""
    rng = random.Random(t)
    db = db_for(t)
    mine: list[int] = []
    mine_labels: list[str] = []
    i = 0
    try:
        while time.monotonic() < stop:
            i += 1
            op = rng.randrange(10)
            try:
                if op < 3 or not mine:
                    label = f"T{t}-{i}"
                    new_id = db.create_element("Collection", label=label, some_integer=i, value_int=[t, i], tag=[label])
                    created[label] = new_id
                    mine.append(new_id)
                    mine_labels.append(label)
                elif op == 3:
                    e = rng.choice(mine)
                    db.update_element("Collection", e, some_float=float(i))
                elif op == 4:
                    e = rng.choice(mine)
                    db.update_vector_group("Collection", "values", e, {"value_int": [t, i, i]})
                    db.update_vector_group("Collection", "values", e, {"value_int": [t, i]})
                elif op == 5:
                    db.read_scalar_strings("Collection", "label")
                    db.read_vector_integers("Collection", "value_int")
                elif op == 6:
                    e = rng.choice(mine)
                    assert db.read_vector_integers_by_id("Collection", "value_int", e)[0] == t
                elif op == 7:
                    # a duplicate of a label this thread created: must fail cleanly
                    db.create_element("Collection", label=rng.choice(mine_labels))
                    raise AssertionError("a duplicate label was accepted")
                elif op == 8:
                    db.query_integer("SELECT count(*) FROM Collection WHERE label LIKE ?", params=[f"T{t}-%"])
                else:
                    db.number_of_elements("Collection")
            except QuiverError as exc:
                seen_errors.append(str(exc))
    except BaseException as exc:
        errors.append(exc)


def _run_threads(n: int, seconds: float, db_for: Callable[[int], Database]) -> tuple[dict[str, int], list[str]]:
    created: dict[str, int] = {}
    errors: list[BaseException] = []
    seen: list[str] = []
    stop = time.monotonic() + seconds
    threads = [threading.Thread(target=_worker, args=(db_for, t, stop, created, errors, seen)) for t in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=seconds + 120)
        assert not th.is_alive(), "a thread hung"
    assert not errors, errors[:3]
    return created, seen


def _check_no_lost_or_duplicated(path: str, created: dict[str, int]) -> None:
    db = Database.open(path, log_level="off")
    try:
        assert db.query_string("PRAGMA integrity_check") == "ok"
        labels = db.read_scalar_strings("Collection", "label")
        ids = db.read_element_ids("Collection")
        assert len(labels) == len(set(labels)), "a write was duplicated"
        assert set(labels) == set(created), "a write was lost (or an element appeared from a failed call)"
        assert sorted(ids) == sorted(created.values())
        for label, eid in list(created.items())[:200]:
            assert db.read_set_strings_by_id("Collection", "tag", eid) == [label]
    finally:
        db.close()


def test_eight_threads_share_one_database(tmp_path: Path, long_run: bool) -> None:
    path = str(tmp_path / "shared.db")
    db = Database.from_schema(path, str(SCHEMA), log_level="off")
    try:
        created, seen = _run_threads(8, _seconds(long_run), lambda t: db)
    finally:
        db.close()
    assert len(created) > 8
    assert seen and all("UNIQUE" in m for m in seen), set(seen)
    _check_no_lost_or_duplicated(path, created)
    print(f"\nthreads: 8 threads x {_seconds(long_run)} s on one handle: {len(created)} creates, {len(seen)} errors")


def test_four_handles_on_one_file_in_wal_mode(tmp_path: Path, long_run: bool) -> None:
    path = str(tmp_path / "wal.db")
    first = Database.from_schema(path, str(SCHEMA), log_level="off")
    assert first.query_string("PRAGMA journal_mode=WAL") == "wal"
    first.close()
    handles = [Database.open(path, log_level="off") for _ in range(4)]
    try:
        created, seen = _run_threads(4, _seconds(long_run), lambda t: handles[t])
    finally:
        for h in handles:
            h.close()
    assert len(created) > 4
    # contention beyond the busy timeout is allowed to fail, as a QuiverError naming the lock
    assert all("UNIQUE" in m or "locked" in m or "busy" in m for m in seen), set(seen)
    _check_no_lost_or_duplicated(path, created)
    print(f"\nthreads: 4 handles x {_seconds(long_run)} s on one WAL file: {len(created)} creates, {len(seen)} errors")


def test_lua_runner_used_from_two_threads_is_serialized(tmp_path: Path, long_run: bool) -> None:
    path = str(tmp_path / "lua.db")
    db = Database.from_schema(path, str(SCHEMA), log_level="off")
    runner = LuaRunner(db)
    runner.run("counter = 0")
    # each run reads the global, yields to the other thread through many db calls, writes it back:
    # two runs interleaving inside one Lua state would lose increments or corrupt the state
    script = """
        local c = counter
        for i = 1, 20 do db:read_element_ids("Collection") end
        counter = c + 1
        db:create_element("Collection", {label = "L" .. counter})
        return counter
    """
    results: list[Any] = []
    errors: list[BaseException] = []
    rounds = 400 if long_run else 40

    def work() -> None:
        try:
            for _ in range(rounds):
                try:
                    results.append(runner.run(script))
                except QuiverError as exc:  # refusing a concurrent run is allowed; anything else is not
                    results.append(("refused", str(exc)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=300)
        assert not th.is_alive()
    try:
        assert not errors, errors
        done = [r for r in results if not isinstance(r, tuple)]
        refused = [r for r in results if isinstance(r, tuple)]
        assert all(r[1] for r in refused)
        assert sorted(done) == list(range(1, len(done) + 1)), "two runs interleaved in one Lua state"
        assert runner.run("return counter") == len(done)
        assert db.number_of_elements("Collection") == len(done)
    finally:
        runner.close()
        db.close()

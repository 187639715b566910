"""Crashes (docs/reliability.md): a child process is killed with SIGKILL in the middle of a large
write; reopening gives a healthy database (``PRAGMA integrity_check`` is ``ok``) holding all of
that write or none of it.

Each write is first run to completion once (which times it and checks the "all" state), then
killed at uniformly random moments within that time. Default run: one kill per kind of write on
small data; ``pytest --long``: a 1,000,000-row CSV import, a 1,000,000-row time series update
and a transaction of 100,000 creates, 8 kills each.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quiverdb import Database
from support.paths import VALID
from support.reliability import child_env

SCHEMA = VALID / "csv_export.sql"
INITIAL = 3  # elements before the big write

# the writer: prepares nothing, announces the start of the write on stdout, then writes
WRITER = r"""
import sys
from quiverdb import Database
kind, path, n, csv_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
db = Database.open(path, log_level="off")
if kind == "ts":
    rows = [{"date_time": f"2024-01-01T00:00:{i % 60:02d}.{i}", "temperature": float(i), "humidity": i}
            for i in range(n)]
print("ready", flush=True)
if kind == "csv":
    db.import_csv("Items", "", csv_path)
elif kind == "ts":
    db.update_time_series_group("Items", "readings", 1, rows)
else:
    with db.transaction():
        for i in range(n):
            db.create_element("Items", label=f"New{i}", name="n", status=i, measurement=[1.0, 2.0], tag=["t"])
db.close()
print("done", flush=True)
"""

SIZES_SHORT = {"csv": 20_000, "ts": 20_000, "creates": 1_000}
SIZES_LONG = {"csv": 1_000_000, "ts": 1_000_000, "creates": 100_000}
KILLS_SHORT = 1
KILLS_LONG = 8


def _initial(path: Path) -> None:
    db = Database.from_schema(str(path), str(SCHEMA), log_level="off")
    for i in range(1, INITIAL + 1):
        db.create_element("Items", label=f"Item{i}", name=f"N{i}", status=i, measurement=[float(i)], tag=["a"])
    db.update_time_series_group(
        "Items", "readings", 1, [{"date_time": "2020-01-01T00:00:00", "temperature": 1.0, "humidity": 1}]
    )
    db.close()


def _csv(path: Path, n: int) -> None:
    with open(path, "w") as f:
        f.write("sep=,\nlabel,name,status,price,date_created,notes\n")
        for i in range(n):
            f.write(f"L{i},name {i},{i},{i * 0.5},2024-01-15T10:30:00,note\n")


def _state(path: Path, kind: str, n: int) -> str:
    """'none' or 'all' of the write, after checking the database is healthy; fails otherwise."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == [] or kind == "csv"
        items = con.execute("SELECT count(*), min(label), max(label) FROM Items").fetchone()
        readings = con.execute("SELECT count(*) FROM Items_time_series_readings WHERE id = 1").fetchone()[0]
    finally:
        con.close()
    db = Database.open(str(path), log_level="off")  # quiverdb opens it and reads it
    try:
        assert db.query_string("PRAGMA integrity_check") == "ok"
        count = db.number_of_elements("Items")
        db.read_scalar_strings("Items", "label")
    finally:
        db.close()
    if kind == "csv":
        if items == (INITIAL, "Item1", f"Item{INITIAL}"):
            return "none"
        assert items[0] == n and count == n, f"partial CSV import: {items}"
        return "all"
    if kind == "ts":
        if readings == 1:
            return "none"
        assert readings == n, f"partial time series update: {readings} rows"
        return "all"
    if count == INITIAL:
        return "none"
    assert count == INITIAL + n, f"partial transaction: {count} elements"
    return "all"


def _run(tmp: Path, kind: str, n: int, kill_after: float | None) -> tuple[str, float]:
    """Run one writer; kill it ``kill_after`` s after it announced the write. Returns the state
    found on reopening and the time the write ran (until done or killed)."""
    path = tmp / f"{kind}.db"
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    _initial(path)
    csv_path = tmp / "big.csv"
    if kind == "csv" and not csv_path.exists():
        _csv(csv_path, n)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, kind, str(path), str(n), str(csv_path)],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=child_env(),
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        start = time.monotonic()
        if kill_after is None:
            assert proc.stdout.readline().strip() == "done"
            assert proc.wait(timeout=1200) == 0
        else:
            try:
                proc.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
                proc.wait()
        elapsed = time.monotonic() - start
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return _state(path, kind, n), elapsed


@pytest.mark.parametrize("kind", ["csv", "ts", "creates"])
def test_sigkill_during_a_large_write_leaves_all_or_nothing(tmp_path: Path, long_run: bool, kind: str) -> None:
    n = (SIZES_LONG if long_run else SIZES_SHORT)[kind]
    kills = KILLS_LONG if long_run else KILLS_SHORT
    state, duration = _run(tmp_path, kind, n, None)
    assert state == "all"
    rng = random.Random(int(os.environ.get("QUIVER_KILL_SEED", random.randrange(1 << 30))))
    seen: dict[str, int] = {"none": 0, "all": 0}
    for _ in range(kills):
        state, _elapsed = _run(tmp_path, kind, n, rng.uniform(0.0, duration))
        seen[state] += 1
    print(
        f"\nkills {kind}: {kills} SIGKILLs within a {duration:.2f} s write of {n} rows -> {seen}, "
        "integrity ok every time"
    )

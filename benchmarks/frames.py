#!/usr/bin/env python3
"""quiverdb columnar reads (numpy / pandas / Arrow) next to pandas and sqlite3 doing the same work.

    python benchmarks/frames.py [--n N] [--ts-elements E] [--ts-hours H] [--repeat R]
                                [--scaling] [--no-memory] [--json OUT]

Measured in the same run, both sides alternately, as the median of ``--repeat`` runs; the
ratio is library time / baseline time (lower is better) against the target of issue 15:

| workload | library | baseline | target |
|---|---|---|---|
| read_frame (4 columns) | ``db.read_frame("Items", [4 attributes])`` | ``pandas.read_sql`` of the same SELECT, ``index_col="id"``, ``parse_dates`` | <= 0.3 |
| read_time_series_frame | ``db.read_time_series_frame("Items", "data")`` (id, label, date_time, measurement) | ``pandas.read_sql`` of the same rows (JOIN for the label), ``parse_dates`` | <= 0.3 |
| read_columns (1 float) | ``db.read_columns("Items", ["some_float"])`` | ``sqlite3`` ``execute(...).fetchall()`` of that column | <= 0.1 |
| read_arrow (4 columns) | ``pyarrow.table(db.read_arrow(...))`` | ``pandas.read_sql`` as above (informational) | - |
| sqlite scan floor (1 float) | ``SELECT sum(some_float)`` in ``sqlite3`` (no library call) | the ``fetchall`` above (informational: the floor of any SQLite-based reader) | - |

``--scaling`` repeats the scalar workloads at N = 10,000, 100,000 and 1,000,000 and the time
series at E = 20 and 200 elements, and prints time per row at the largest size divided by time
per row at the smallest (1.0 = linear). The memory column is the peak RSS growth of one library
call in a fresh process (after a warm-up call whose result stays alive) divided by the result's
own size (``DataFrame.memory_usage(deep=True)`` with the index; array ``nbytes``); target <= 1.5.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCHEMA = HERE / "schema.sql"
FOUR = ["some_integer", "some_float", "some_string", "date_created"]
FRAME_SQL = "SELECT id, some_integer, some_float, some_string, date_created FROM Items ORDER BY rowid"
FLOAT_SQL = "SELECT some_float FROM Items ORDER BY rowid"
TS_SQL = (
    "SELECT t.id, i.label, t.date_time, t.measurement FROM Items_time_series_data t "
    "JOIN Items i ON i.id = t.id ORDER BY t.id, t.date_time"
)


def build(path: Path, n: int, ts_elements: int, ts_hours: int) -> None:
    """N items with 4 scalars (about 1 in 50 cells NULL), and ts_elements x ts_hours hourly rows."""
    from quiverdb import Database

    Database.from_schema(str(path), str(SCHEMA)).close()
    rnd = random.Random(1234)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")

    def maybe(v: Any) -> Any:
        return None if rnd.random() < 0.02 else v

    con.executemany(
        "INSERT INTO Items (id, label, some_integer, some_float, some_string, date_created) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                f"Plant {i}",
                maybe(i * 7),
                maybe(rnd.random() * 1000.0),
                maybe(f"region {i % 17}"),
                maybe(f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00"),
            )
            for i in range(1, max(n, ts_elements) + 1)
        ),
    )
    start = datetime(2024, 1, 1)
    hours = [(start + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%S") for h in range(ts_hours)]
    for e in range(1, ts_elements + 1):
        con.executemany(
            "INSERT INTO Items_time_series_data (id, date_time, measurement) VALUES (?, ?, ?)",
            ((e, h, rnd.random() * 100.0) for h in hours),
        )
    con.execute("COMMIT")
    con.close()


def sides(name: str, path: Path) -> tuple[Callable[[], Any], Callable[[], Any], Callable[[], None]]:
    import pandas as pd

    from quiverdb import Database

    db = Database.open(str(path), read_only=True)
    con = sqlite3.connect(path, isolation_level=None)

    def close() -> None:
        db.close()
        con.close()

    if name == "read_frame (4 columns)":
        return (
            lambda: db.read_frame("Items", FOUR),
            lambda: pd.read_sql(FRAME_SQL, con, index_col="id", parse_dates=["date_created"]),
            close,
        )
    if name == "read_time_series_frame":
        return (
            lambda: db.read_time_series_frame("Items", "data"),
            lambda: pd.read_sql(TS_SQL, con, parse_dates=["date_time"]),
            close,
        )
    if name == "read_columns (1 float)":
        return (
            lambda: db.read_columns("Items", ["some_float"]),
            lambda: con.execute(FLOAT_SQL).fetchall(),
            close,
        )
    if name == "sqlite scan floor (1 float)":
        # what SQLite alone spends scanning the column (no result row leaves the engine): the
        # lowest time any reader built on SQLite's row-at-a-time interface can reach
        return (
            lambda: con.execute("SELECT sum(some_float) FROM Items").fetchall(),
            lambda: con.execute(FLOAT_SQL).fetchall(),
            close,
        )
    if name == "read_arrow (4 columns)":
        import pyarrow as pa

        return (
            lambda: pa.table(db.read_arrow("Items", FOUR)),
            lambda: pd.read_sql(FRAME_SQL, con, index_col="id", parse_dates=["date_created"]),
            close,
        )
    raise KeyError(name)


WORKLOADS = [
    ("read_frame (4 columns)", 0.3, "n"),
    ("read_time_series_frame", 0.3, "ts"),
    ("read_columns (1 float)", 0.1, "n"),
    ("read_arrow (4 columns)", None, "n"),
    ("sqlite scan floor (1 float)", None, "n"),
]


def result_size(result: Any) -> int:
    if hasattr(result, "memory_usage"):
        return int(result.memory_usage(index=True, deep=True).sum())
    if isinstance(result, dict):
        return int(sum(a.nbytes for a in result.values()))
    return int(result.nbytes)


def _status_kb(field_name: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    raise RuntimeError(field_name)


def memory_child(name: str, path: str) -> dict[str, Any]:
    lib, _, close = sides(name, Path(path))
    if name.startswith("sqlite scan floor"):
        close()
        return {}
    warm = lib()  # noqa: F841  (stays alive: the measured call cannot reuse its memory)
    gc.collect()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = _status_kb("VmRSS")
    result = lib()
    peak = _status_kb("VmHWM")
    growth = max(0, peak - before) * 1024
    size = result_size(result)
    close()
    return {"peak_growth_bytes": growth, "result_bytes": size, "memory_ratio": growth / size if size else None}


def measure(name: str, path: Path, repeat: int) -> tuple[float, float]:
    lib, raw, close = sides(name, path)
    lib(), raw()  # warm caches on both sides
    lt, rt = [], []
    for _ in range(repeat):
        for fn, acc in ((lib, lt), (raw, rt)):
            gc.collect()
            t0 = time.perf_counter()
            r = fn()
            acc.append(time.perf_counter() - t0)
            del r
    close()
    return statistics.median(lt), statistics.median(rt)


def run_one(name: str, target: float | None, rows: int, path: Path, repeat: int, memory: bool) -> dict[str, Any]:
    lib_s, raw_s = measure(name, path, repeat)
    row: dict[str, Any] = {
        "workload": name,
        "rows": rows,
        "lib_seconds": lib_s,
        "raw_seconds": raw_s,
        "ratio": lib_s / raw_s,
        "target": target,
        "met": None if target is None else lib_s / raw_s <= target,
    }
    if memory:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--memory-child", name, str(path)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            row["memory_error"] = proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        else:
            row.update(json.loads(proc.stdout.strip().splitlines()[-1]))
            if "memory_ratio" in row:
                row["memory_met"] = row["memory_ratio"] is not None and row["memory_ratio"] <= 1.5
    return row


def print_row(r: dict[str, Any]) -> None:
    target = "-" if r["target"] is None else f"<= {r['target']}"
    met = "" if r["met"] is None else ("ok" if r["met"] else "MISSED")
    mem = ""
    if "memory_ratio" in r and r["memory_ratio"] is not None:
        mem = f"  mem {r['peak_growth_bytes'] / 1e6:7.1f} MB / result {r['result_bytes'] / 1e6:7.1f} MB = {r['memory_ratio']:.2f}"
        mem += " ok" if r["memory_met"] else " MISSED"
    print(
        f"{r['workload']:<26} rows {r['rows']:>9,}  lib {r['lib_seconds'] * 1e3:8.1f} ms  "
        f"baseline {r['raw_seconds'] * 1e3:8.1f} ms  ratio {r['ratio']:.3f} ({target}) {met}{mem}",
        flush=True,
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=100_000, help="elements of the scalar workloads (default 100,000)")
    p.add_argument("--ts-elements", type=int, default=200, help="elements with a time series (default 200)")
    p.add_argument("--ts-hours", type=int, default=8760, help="rows per element (default 8,760)")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--scaling", action="store_true", help="also N = 10k/100k/1M and E = 20/200: linearity")
    p.add_argument("--no-memory", action="store_true")
    p.add_argument("--json", metavar="OUT")
    p.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.memory_child:
        print(json.dumps(memory_child(*args.memory_child)))
        return

    import pandas
    import pyarrow

    import quiverdb

    print(
        f"quiverdb {quiverdb.__version__}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, "
        f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}; median of {args.repeat} runs"
    )
    results: list[dict[str, Any]] = []
    scaling: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "frames.db"
        build(path, args.n, args.ts_elements, args.ts_hours)
        for name, target, kind in WORKLOADS:
            rows = args.n if kind == "n" else args.ts_elements * args.ts_hours
            r = run_one(name, target, rows, path, args.repeat, not args.no_memory)
            print_row(r)
            results.append(r)
        os.remove(path)
        if args.scaling:
            print("scaling (time per row at the largest size / at the smallest; 1.0 = linear):")
            sizes = {"n": [10_000, 100_000, 1_000_000], "ts": [20, 200]}
            per_row: dict[str, list[tuple[int, float]]] = {}
            for kind, values in sizes.items():
                for v in values:
                    spath = Path(tmp) / f"scale_{kind}_{v}.db"
                    if kind == "n":
                        build(spath, v, 1, 1)
                    else:
                        build(spath, 1, v, args.ts_hours)
                    for name, _, wkind in WORKLOADS:
                        if wkind != kind:
                            continue
                        rows = v if kind == "n" else v * args.ts_hours
                        lib_s, raw_s = measure(name, spath, max(1, min(args.repeat, 3)))
                        per_row.setdefault(name, []).append((rows, lib_s / rows))
                        print(
                            f"  {name:<26} rows {rows:>10,}  lib {lib_s * 1e3:9.1f} ms  "
                            f"({lib_s / rows * 1e9:6.1f} ns/row; baseline ratio {lib_s / raw_s:.3f})",
                            flush=True,
                        )
                    os.remove(spath)
            for name, pts in per_row.items():
                s = {
                    "workload": name,
                    "smallest": pts[0][0],
                    "largest": pts[-1][0],
                    "scaling_ratio": pts[-1][1] / pts[0][1],
                }
                scaling.append(s)
                print(f"  {name:<26} {s['largest']:,} vs {s['smallest']:,}: {s['scaling_ratio']:.2f}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"results": results, "scaling": scaling, "repeat": args.repeat}, indent=1)
        )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""quiverdb benchmarks: every hot path next to the raw ``sqlite3`` doing the same SQL work.

    python benchmarks/run.py [--n N ...] [--repeat R] [--json OUT] [--scaling] [--only NAME ...]

For each workload and each N the script times the library call and its raw-``sqlite3``
equivalent in the same process, alternately, as the median of ``--repeat`` runs, and prints
items/s of both, the ratio (library time per item / raw time per item) against the target,
and the peak memory growth of one run of each, measured in a fresh subprocess (see
docs/benchmarks.md for the method). ``--scaling`` adds N = 1,000,000 and prints, per
workload, time per item at 1,000,000 divided by time per item at 10,000 (1.0 = linear).

Both sides use benchmarks/schema.sql (STRICT tables), a database file in a temporary
directory, the same transaction shape and build the same Python structure.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCHEMA = HERE / "schema.sql"
BY_ID_COUNT = 1000  # ids looked up by the *_by_id workloads
VECTOR_SIZE = 100  # floats per element in the vector workloads

# ---------------------------------------------------------------- data


def _scalar_rows(n: int) -> list[tuple[str, int, float, str, str]]:
    """(label, some_integer, some_float, some_string, date_created) of N elements."""
    rnd = random.Random(1234)
    return [
        (
            f"Item {i}",
            i * 7,
            rnd.random() * 1000.0,
            f"text value {i:08d}",
            f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00",
        )
        for i in range(1, n + 1)
    ]


def _time_series_rows(n: int) -> list[dict[str, Any]]:
    rnd = random.Random(99)
    return [{"date_time": f"2024-01-01T00:00:{i:08d}", "measurement": rnd.random()} for i in range(n)]


def _vectors(n: int) -> list[list[float]]:
    rnd = random.Random(7)
    return [[rnd.random() for _ in range(VECTOR_SIZE)] for _ in range(max(1, n // VECTOR_SIZE))]


def _ids(n: int) -> list[int]:
    rnd = random.Random(42)
    return [rnd.randint(1, n) for _ in range(BY_ID_COUNT)]


def _parse_date_time(text: str) -> datetime:
    # the library's rule for DATE_TIME cells (docs/reference/database-api.md 4.7)
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------- environment


class Env:
    """Per-N data and files shared by the workloads (the populated database is built once)."""

    def __init__(self, n: int, workdir: Path) -> None:
        self.n = n
        self.workdir = workdir
        self._cache: dict[str, Any] = {}
        self._counter = 0

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def rows(self) -> list[tuple[str, int, float, str, str]]:
        return self.get("rows", lambda: _scalar_rows(self.n))

    @property
    def vectors(self) -> list[list[float]]:
        return self.get("vectors", lambda: _vectors(self.n))

    @property
    def ts_rows(self) -> list[dict[str, Any]]:
        return self.get("ts_rows", lambda: _time_series_rows(self.n))

    @property
    def ids(self) -> list[int]:
        return self.get("ids", lambda: _ids(self.n))

    def fresh_path(self, tag: str) -> str:
        self._counter += 1
        path = self.workdir / f"fresh-{tag}-{os.getpid()}-{self._counter}.db"
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                os.remove(str(path) + suffix)
            except FileNotFoundError:
                pass
        return str(path)

    def populated(self) -> str:
        """A database with N elements (4 scalars each), N/100 of them with a 100-float vector,
        and element 1 with N time series rows; built with raw sqlite3 once per N."""
        path = self.workdir / "populated.db"
        done = self.workdir / "populated.done"
        if not done.exists():
            con = raw_connect(str(path), create=True)
            con.execute("BEGIN")
            con.executemany(
                "INSERT INTO Items (label, some_integer, some_float, some_string, date_created) VALUES (?, ?, ?, ?, ?)",
                self.rows,
            )
            con.executemany(
                "INSERT INTO Items_vector_values (id, vector_index, value) VALUES (?, ?, ?)",
                ((e + 1, k + 1, v) for e, vec in enumerate(self.vectors) for k, v in enumerate(vec)),
            )
            con.executemany(
                "INSERT INTO Items_time_series_data (id, date_time, measurement) VALUES (1, ?, ?)",
                ((r["date_time"], r["measurement"]) for r in self.ts_rows),
            )
            con.execute("COMMIT")
            con.close()
            done.write_text("ok")
        return str(path)

    def csv_file(self) -> str:
        """The scalar CSV of N elements, as the library exports it (input of the import workloads)."""
        path = self.workdir / "items.csv"
        if not path.exists():
            db = lib_open(self.populated())
            try:
                db.export_csv("Items", "", str(path))
            finally:
                db.close()
        return str(path)


def raw_connect(path: str, create: bool = False) -> sqlite3.Connection:
    """A raw connection set up as the library sets up its own (autocommit, foreign keys on)."""
    con = sqlite3.connect(path, isolation_level=None)
    if create:
        con.executescript(SCHEMA.read_text())
    con.execute("PRAGMA foreign_keys = ON")
    return con


def lib_open(path: str) -> Any:
    from quiverdb import Database

    return Database.open(path)


def lib_create(path: str) -> Any:
    from quiverdb import Database

    return Database.from_schema(path, str(SCHEMA))


# ---------------------------------------------------------------- workloads


@dataclass
class Side:
    """One side of a workload: ``prepare(env) -> ctx`` (untimed), ``run(ctx) -> result`` (timed),
    ``close(ctx)`` (untimed)."""

    prepare: Callable[[Env], Any]
    run: Callable[[Any], Any]
    close: Callable[[Any], None] = lambda ctx: ctx["close"]()


@dataclass
class Workload:
    name: str
    target: float
    items: Callable[[int], int]
    lib: Side
    raw: Side
    # what the memory column compares peak RSS growth with: "result" (the Python objects
    # returned), "input" (the objects given), "file" (the CSV written), "source" (the CSV
    # read: measured on the first run, as an import into a fresh database), or "" (no bound)
    memory_bound: str = ""
    memory_factor: float = 2.0
    needs_lua: bool = False
    notes: str = ""
    lua_items: Callable[[int], int] | None = field(default=None)


def _ctx(close: Callable[[], None], **kw: Any) -> dict[str, Any]:
    kw["close"] = close
    return kw


# -- 1. create_element with 4 scalars, N calls in one transaction


def _lib_create_prepare(env: Env) -> dict[str, Any]:
    db = lib_create(env.fresh_path("lib"))
    return _ctx(db.close, db=db, rows=env.rows)


def _lib_create_run(ctx: dict[str, Any]) -> None:
    db = ctx["db"]
    create = db.create_element
    with db.transaction():
        for label, i, f, s, d in ctx["rows"]:
            create("Items", label=label, some_integer=i, some_float=f, some_string=s, date_created=d)


def _raw_create_prepare(env: Env) -> dict[str, Any]:
    con = raw_connect(env.fresh_path("raw"), create=True)
    return _ctx(con.close, con=con, rows=env.rows)


def _raw_create_run(ctx: dict[str, Any]) -> None:
    con = ctx["con"]
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO Items (label, some_integer, some_float, some_string, date_created) VALUES (?, ?, ?, ?, ?)",
        ctx["rows"],
    )
    con.execute("COMMIT")


# -- 1b. create_elements: the same N rows in one call (list of dicts / dict of columns)

_SCALAR_KEYS = ("label", "some_integer", "some_float", "some_string", "date_created")


def _lib_bulk_prepare(shape: str) -> Callable[[Env], dict[str, Any]]:
    def prepare(env: Env) -> dict[str, Any]:
        db = lib_create(env.fresh_path("lib"))
        if shape == "dicts":
            data: Any = env.get("rows_dicts", lambda: [dict(zip(_SCALAR_KEYS, r)) for r in env.rows])
        else:
            data = env.get("rows_columns", lambda: {k: [r[i] for r in env.rows] for i, k in enumerate(_SCALAR_KEYS)})
        return _ctx(db.close, db=db, data=data)

    return prepare


def _lib_bulk_run(ctx: dict[str, Any]) -> None:
    ctx["db"].create_elements("Items", ctx["data"])


# -- 2. create N/100 elements with a 100-float vector each


def _lib_vector_create_prepare(env: Env) -> dict[str, Any]:
    db = lib_create(env.fresh_path("lib"))
    return _ctx(db.close, db=db, vectors=env.vectors)


def _lib_vector_create_run(ctx: dict[str, Any]) -> None:
    db = ctx["db"]
    with db.transaction():
        for e, vec in enumerate(ctx["vectors"]):
            db.create_element("Items", label=f"Item {e}", value=vec)


def _raw_vector_create_prepare(env: Env) -> dict[str, Any]:
    con = raw_connect(env.fresh_path("raw"), create=True)
    return _ctx(con.close, con=con, vectors=env.vectors)


def _raw_vector_create_run(ctx: dict[str, Any]) -> None:
    con = ctx["con"]
    con.execute("BEGIN")
    for e, vec in enumerate(ctx["vectors"]):
        eid = con.execute("INSERT INTO Items (label) VALUES (?)", (f"Item {e}",)).lastrowid
        con.executemany(
            "INSERT INTO Items_vector_values (id, vector_index, value) VALUES (?, ?, ?)",
            [(eid, k, v) for k, v in enumerate(vec, 1)],
        )
    con.execute("COMMIT")


# -- reads over the populated database


def _lib_read_prepare(env: Env) -> dict[str, Any]:
    db = lib_open(env.populated())
    return _ctx(db.close, db=db, ids=env.ids, n=env.n)


def _raw_read_prepare(env: Env) -> dict[str, Any]:
    con = raw_connect(env.populated())
    return _ctx(con.close, con=con, ids=env.ids, n=env.n)


def _raw_column(column: str) -> Callable[[dict[str, Any]], list[Any]]:
    sql = f"SELECT {column} FROM Items ORDER BY rowid"

    def run(ctx: dict[str, Any]) -> list[Any]:
        return [r[0] for r in ctx["con"].execute(sql).fetchall()]

    return run


def _raw_read_vectors(ctx: dict[str, Any]) -> list[list[float]]:
    rows = ctx["con"].execute("SELECT id, value FROM Items_vector_values ORDER BY id, vector_index").fetchall()
    out: list[list[float]] = []
    current = None
    append = None
    for eid, v in rows:
        if eid != current:
            current = eid
            inner: list[float] = []
            out.append(inner)
            append = inner.append
        append(v)  # type: ignore[misc]
    return out


def _lib_float_by_id(ctx: dict[str, Any]) -> list[Any]:
    read = ctx["db"].read_scalar_float_by_id
    return [read("Items", "some_float", i) for i in ctx["ids"]]


def _raw_float_by_id(ctx: dict[str, Any]) -> list[Any]:
    execute = ctx["con"].execute
    out = []
    for i in ctx["ids"]:
        row = execute("SELECT some_float FROM Items WHERE id = ?", (i,)).fetchone()
        out.append(row[0] if row is not None else None)
    return out


def _lib_scalars_by_id(ctx: dict[str, Any]) -> list[Any]:
    read = ctx["db"].read_scalars_by_id
    return [read("Items", i) for i in ctx["ids"]]


def _raw_scalars_by_id(ctx: dict[str, Any]) -> list[Any]:
    con = ctx["con"]
    out = []
    for i in ctx["ids"]:
        cur = con.execute("SELECT * FROM Items WHERE id = ?", (i,))
        row = cur.fetchone()
        names = [d[0] for d in cur.description]
        d = dict(sorted(zip(names, row)))  # the library's shape: keys by name, date-time parsed
        if d["date_created"] is not None:
            d["date_created"] = _parse_date_time(d["date_created"])
        out.append(d)
    return out


_QUERY = "SELECT some_float FROM Items WHERE id = ?"


def _lib_query_float(ctx: dict[str, Any]) -> list[Any]:
    query = ctx["db"].query_float
    return [query(_QUERY, params=[i]) for i in ctx["ids"]]


def _raw_query_float(ctx: dict[str, Any]) -> list[Any]:
    execute = ctx["con"].execute
    out = []
    for i in ctx["ids"]:
        row = execute(_QUERY, [i]).fetchone()
        out.append(float(row[0]) if row is not None and row[0] is not None else None)
    return out


# -- time series


def _lib_ts_write_prepare(env: Env) -> dict[str, Any]:
    db = lib_create(env.fresh_path("lib"))
    eid = db.create_element("Items", label="Item 1")
    return _ctx(db.close, db=db, id=eid, rows=env.ts_rows)


def _lib_ts_write_run(ctx: dict[str, Any]) -> None:
    ctx["db"].update_time_series_group("Items", "data", ctx["id"], ctx["rows"])


def _raw_ts_write_prepare(env: Env) -> dict[str, Any]:
    con = raw_connect(env.fresh_path("raw"), create=True)
    eid = con.execute("INSERT INTO Items (label) VALUES ('Item 1')").lastrowid
    return _ctx(con.close, con=con, id=eid, rows=env.ts_rows)


def _raw_ts_write_run(ctx: dict[str, Any]) -> None:
    con, eid = ctx["con"], ctx["id"]
    con.execute("BEGIN")
    con.execute("DELETE FROM Items_time_series_data WHERE id = ?", (eid,))
    con.executemany(
        "INSERT INTO Items_time_series_data (id, date_time, measurement) VALUES (?, ?, ?)",
        [(eid, r["date_time"], r["measurement"]) for r in ctx["rows"]],
    )
    con.execute("COMMIT")


def _lib_ts_read(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    return ctx["db"].read_time_series_group("Items", "data", 1)  # type: ignore[no-any-return]


def _raw_ts_read(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    rows = (
        ctx["con"]
        .execute("SELECT date_time, measurement FROM Items_time_series_data WHERE id = ? ORDER BY date_time", (1,))
        .fetchall()
    )
    return [{"date_time": d, "measurement": v} for d, v in rows]


# -- CSV

_CSV_COLUMNS = ["label", "some_integer", "some_float", "some_string", "date_created"]


def _lib_export_prepare(env: Env) -> dict[str, Any]:
    db = lib_open(env.populated())
    return _ctx(db.close, db=db, path=env.fresh_path("lib") + ".csv")


def _lib_export_run(ctx: dict[str, Any]) -> None:
    ctx["db"].export_csv("Items", "", ctx["path"])


def _raw_export_prepare(env: Env) -> dict[str, Any]:
    con = raw_connect(env.populated())
    return _ctx(con.close, con=con, path=env.fresh_path("raw") + ".csv")


def _raw_export_run(ctx: dict[str, Any]) -> None:
    cur = ctx["con"].execute(f"SELECT {', '.join(_CSV_COLUMNS)} FROM Items ORDER BY rowid")
    with open(ctx["path"], "w", newline="", encoding="utf-8") as f:
        f.write("sep=,\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(_CSV_COLUMNS)
        w.writerows(cur)


def _lib_import_prepare(env: Env) -> dict[str, Any]:
    csv_path = env.csv_file()
    db = lib_create(env.fresh_path("lib"))
    return _ctx(db.close, db=db, path=csv_path)


def _lib_import_run(ctx: dict[str, Any]) -> None:
    ctx["db"].import_csv("Items", "", ctx["path"])


def _raw_import_prepare(env: Env) -> dict[str, Any]:
    csv_path = env.csv_file()
    con = raw_connect(env.fresh_path("raw"), create=True)
    return _ctx(con.close, con=con, path=csv_path)


def _raw_import_run(ctx: dict[str, Any]) -> None:
    con = ctx["con"]

    def cells(f: Any) -> Any:
        reader = csv.reader(f)
        next(reader)  # sep=,
        header = next(reader)
        order = [header.index(c) for c in _CSV_COLUMNS]
        for row in reader:
            label, integer, real, text, date = (row[k] for k in order)
            yield (
                label,
                int(integer) if integer else None,
                float(real) if real else None,
                text or None,
                date or None,
            )

    with open(ctx["path"], newline="", encoding="utf-8") as f:
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO Items (label, some_integer, some_float, some_string, date_created) VALUES (?, ?, ?, ?, ?)",
            cells(f),
        )
        con.execute("COMMIT")


# -- Lua (LuaRunner.run): the script's work is in the timing, the runner is made untimed


def _lua_prepare(make_db: Callable[[Env], Any], script: Callable[[Env], str]) -> Callable[[Env], dict[str, Any]]:
    def prepare(env: Env) -> dict[str, Any]:
        from quiverdb import LuaRunner

        db = make_db(env)
        runner = LuaRunner(db)

        def close() -> None:
            runner.close()
            db.close()

        return _ctx(close, runner=runner, script=script(env))

    return prepare


def _lua_run(ctx: dict[str, Any]) -> Any:
    return ctx["runner"].run(ctx["script"])


def _lua_create_script(env: Env) -> str:
    return f"""
db:begin_transaction()
for i = 1, {env.n} do
  db:create_element("Items", {{label = "Item " .. i, some_integer = i * 7, some_float = i * 0.5,
                               some_string = "text value " .. i, date_created = "2024-01-01T00:00:00"}})
end
db:commit()
"""


def _raw_lua_create_prepare(env: Env) -> dict[str, Any]:
    con = raw_connect(env.fresh_path("raw"), create=True)
    n = env.n
    rows = [(f"Item {i}", i * 7, i * 0.5, f"text value {i}", "2024-01-01T00:00:00") for i in range(1, n + 1)]
    return _ctx(con.close, con=con, rows=rows)


def _lua_read_all_script(env: Env) -> str:
    return """
local a = db:read_scalar_integers("Items", "some_integer")
local b = db:read_scalar_floats("Items", "some_float")
local c = db:read_scalar_strings("Items", "some_string")
local d = db:read_scalar_strings("Items", "date_created")
local e = db:read_scalar_strings("Items", "label")
return #a + #b + #c + #d + #e
"""


def _raw_read_all(ctx: dict[str, Any]) -> int:
    rows = (
        ctx["con"]
        .execute("SELECT label, some_integer, some_float, some_string, date_created FROM Items ORDER BY rowid")
        .fetchall()
    )
    return len(rows) * 5


def _lua_by_id_script(env: Env) -> str:
    return f"""
local n = 0
for i = 1, {env.n} do
  local row = db:read_scalars_by_id("Items", i)
  if row.label then n = n + 1 end
end
return n
"""


def _raw_by_id_all(ctx: dict[str, Any]) -> int:
    execute = ctx["con"].execute
    count = 0
    for i in range(1, ctx["n"] + 1):
        row = execute("SELECT * FROM Items WHERE id = ?", (i,)).fetchone()
        if row is not None and row[1] is not None:
            count += 1
    return count


def _n(n: int) -> int:
    return n


def _by_id(n: int) -> int:
    return BY_ID_COUNT


def _vector_values(n: int) -> int:
    return max(1, n // VECTOR_SIZE) * VECTOR_SIZE


WORKLOADS: list[Workload] = [
    Workload(
        "create_element (4 scalars)",
        2.0,
        _n,
        Side(_lib_create_prepare, _lib_create_run),
        Side(_raw_create_prepare, _raw_create_run),
        notes="N create_element calls in one transaction vs executemany",
    ),
    Workload(
        "create_elements (4 scalars, list of dicts)",
        1.0,
        _n,
        Side(_lib_bulk_prepare("dicts"), _lib_bulk_run),
        Side(_raw_create_prepare, _raw_create_run),
        notes="one create_elements call with N dicts vs executemany of N tuples, both one transaction",
    ),
    Workload(
        "create_elements (4 scalars, dict of columns)",
        1.0,
        _n,
        Side(_lib_bulk_prepare("columns"), _lib_bulk_run),
        Side(_raw_create_prepare, _raw_create_run),
        notes="one create_elements call with 5 lists of N values vs executemany of N tuples",
    ),
    Workload(
        "create_element (100-float vector)",
        1.5,
        _vector_values,
        Side(_lib_vector_create_prepare, _lib_vector_create_run),
        Side(_raw_vector_create_prepare, _raw_vector_create_run),
        notes="N/100 elements; items = float values",
    ),
    Workload(
        "read_scalar_floats",
        0.8,
        _n,
        Side(_lib_read_prepare, lambda c: c["db"].read_scalar_floats("Items", "some_float")),
        Side(_raw_read_prepare, _raw_column("some_float")),
        memory_bound="result",
    ),
    Workload(
        "read_scalar_integers",
        0.8,
        _n,
        Side(_lib_read_prepare, lambda c: c["db"].read_scalar_integers("Items", "some_integer")),
        Side(_raw_read_prepare, _raw_column("some_integer")),
        memory_bound="result",
    ),
    Workload(
        "read_scalar_strings",
        1.0,
        _n,
        Side(_lib_read_prepare, lambda c: c["db"].read_scalar_strings("Items", "some_string")),
        Side(_raw_read_prepare, _raw_column("some_string")),
        memory_bound="result",
    ),
    Workload(
        "read_vector_floats",
        0.8,
        _vector_values,
        Side(_lib_read_prepare, lambda c: c["db"].read_vector_floats("Items", "value")),
        Side(_raw_read_prepare, _raw_read_vectors),
        memory_bound="result",
        notes="items = float values",
    ),
    Workload(
        "read_scalar_float_by_id",
        1.3,
        _by_id,
        Side(_lib_read_prepare, _lib_float_by_id),
        Side(_raw_read_prepare, _raw_float_by_id),
    ),
    Workload(
        "read_scalars_by_id",
        1.5,
        _by_id,
        Side(_lib_read_prepare, _lib_scalars_by_id),
        Side(_raw_read_prepare, _raw_scalars_by_id),
    ),
    Workload(
        "query_float (WHERE id = ?)",
        1.3,
        _by_id,
        Side(_lib_read_prepare, _lib_query_float),
        Side(_raw_read_prepare, _raw_query_float),
    ),
    Workload(
        "Lua: create_element loop",
        2.0,
        _n,
        Side(_lua_prepare(lambda env: lib_create(env.fresh_path("lib")), _lua_create_script), _lua_run),
        Side(_raw_lua_create_prepare, _raw_create_run),
        needs_lua=True,
    ),
    Workload(
        "Lua: read all scalars",
        0.6,
        lambda n: 5 * n,
        Side(_lua_prepare(lambda env: lib_open(env.populated()), _lua_read_all_script), _lua_run),
        Side(_raw_read_prepare, _raw_read_all),
        needs_lua=True,
        notes="items = cells (5 columns x N)",
    ),
    Workload(
        "Lua: read_scalars_by_id loop",
        2.0,
        _n,
        Side(_lua_prepare(lambda env: lib_open(env.populated()), _lua_by_id_script), _lua_run),
        Side(_raw_read_prepare, _raw_by_id_all),
        needs_lua=True,
    ),
    Workload(
        "update_time_series_group",
        1.5,
        _n,
        Side(_lib_ts_write_prepare, _lib_ts_write_run),
        Side(_raw_ts_write_prepare, _raw_ts_write_run),
        memory_bound="input",
        notes="N rows of one element",
    ),
    Workload(
        "read_time_series_group",
        1.5,
        _n,
        Side(_lib_read_prepare, _lib_ts_read),
        Side(_raw_read_prepare, _raw_ts_read),
        memory_bound="result",
        notes="N rows of one element, list of dicts",
    ),
    Workload(
        "export_csv",
        0.6,
        _n,
        Side(_lib_export_prepare, _lib_export_run),
        Side(_raw_export_prepare, _raw_export_run),
        memory_bound="file",
        memory_factor=0.5,
        notes="scalars of N elements",
    ),
    Workload(
        "import_csv",
        1.2,
        _n,
        Side(_lib_import_prepare, _lib_import_run),
        Side(_raw_import_prepare, _raw_import_run),
        memory_bound="source",
        memory_factor=6.0,
        notes="scalars of N elements into an empty collection; memory: the file plus a small record per cell",
    ),
]


# ---------------------------------------------------------------- measurement


def lua_available() -> bool:
    try:
        from quiverdb import Database, LuaRunner

        with Database.from_schema(":memory:", str(SCHEMA)) as db:
            runner = LuaRunner(db)
            try:
                runner.run("return 1")
            finally:
                runner.close()
        return True
    except Exception:
        return False


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = time.perf_counter


def time_once(side: Side, env: Env) -> float:
    ctx = side.prepare(env)
    try:
        gc.collect()
        t0 = clock()
        side.run(ctx)
        return clock() - t0
    finally:
        side.close(ctx)


def deep_size(obj: Any, seen: set[int] | None = None) -> int:
    """Bytes of ``obj`` and everything it holds (each object counted once)."""
    if seen is None:
        seen = set()
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, (list, tuple, set)):
        size += sum(deep_size(x, seen) for x in obj)
    return size


def _status_kb(field_name: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field_name} not in /proc/self/status")


def memory_child(name: str, side_name: str, n: int, workdir: str) -> dict[str, Any]:
    """One run of one side in this (fresh) process: peak RSS growth over the run."""
    workload = next(w for w in WORKLOADS if w.name == name)
    side = workload.lib if side_name == "lib" else workload.raw
    env = Env(n, Path(workdir))
    ctx = side.prepare(env)
    given = 0
    if workload.memory_bound == "input":
        given = deep_size(ctx.get("rows"))
    if workload.memory_bound in ("result", "file"):
        # reads and exports repeat safely on one connection: a warm-up run first, so the
        # connection's page cache (bounded by SQLite's cache_size) and first-use allocations
        # are not counted as the call's memory. Its result stays alive, so the measured run
        # cannot reuse that memory for its own result.
        warm = side.run(ctx)  # noqa: F841
    gc.collect()
    # reset the peak-RSS high-water mark (Linux: "5" > clear_refs), then run once
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = _status_kb("VmRSS")
    result = side.run(ctx)
    peak = _status_kb("VmHWM")
    out: dict[str, Any] = {"peak_growth_bytes": max(0, peak - before) * 1024}
    if workload.memory_bound == "result":
        out["bound_bytes"] = deep_size(result)
    elif workload.memory_bound == "input":
        out["bound_bytes"] = given
    elif workload.memory_bound in ("file", "source"):
        out["bound_bytes"] = os.path.getsize(ctx["path"])
    side.close(ctx)
    return out


def measure_memory(name: str, side: str, n: int, workdir: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--memory-child", name, side, str(n), str(workdir)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run_workload(w: Workload, env: Env, repeat: int, memory: bool) -> dict[str, Any]:
    items = w.items(env.n)
    lib_times: list[float] = []
    raw_times: list[float] = []
    for _ in range(repeat):  # alternate so drift hits both sides alike
        raw_times.append(time_once(w.raw, env))
        lib_times.append(time_once(w.lib, env))
    lib_s = statistics.median(lib_times)
    raw_s = statistics.median(raw_times)
    ratio = lib_s / raw_s if raw_s > 0 else float("inf")
    row: dict[str, Any] = {
        "workload": w.name,
        "n": env.n,
        "items": items,
        "lib_seconds": lib_s,
        "raw_seconds": raw_s,
        "lib_items_per_second": items / lib_s if lib_s > 0 else None,
        "raw_items_per_second": items / raw_s if raw_s > 0 else None,
        "ratio": ratio,
        "target": w.target,
        "met": ratio <= w.target,
        "notes": w.notes,
    }
    if memory:
        lib_mem = measure_memory(w.name, "lib", env.n, env.workdir)
        raw_mem = measure_memory(w.name, "raw", env.n, env.workdir)
        row["lib_peak_growth_bytes"] = lib_mem.get("peak_growth_bytes")
        row["raw_peak_growth_bytes"] = raw_mem.get("peak_growth_bytes")
        if "error" in lib_mem or "error" in raw_mem:
            row["memory_error"] = lib_mem.get("error") or raw_mem.get("error")
        if w.memory_bound and "bound_bytes" in lib_mem:
            bound = lib_mem["bound_bytes"]
            row["memory_bound"] = w.memory_bound
            row["bound_bytes"] = bound
            row["memory_ratio"] = lib_mem["peak_growth_bytes"] / bound if bound else None
            row["memory_limit"] = w.memory_factor
            row["memory_met"] = row["memory_ratio"] is not None and row["memory_ratio"] <= w.memory_factor
    return row


# ---------------------------------------------------------------- output


def _rate(v: float | None) -> str:
    if v is None:
        return "-"
    if v >= 1e6:
        return f"{v / 1e6:.2f}M"
    if v >= 1e3:
        return f"{v / 1e3:.1f}k"
    return f"{v:.0f}"


def _mb(v: int | None) -> str:
    return "-" if v is None else f"{v / 2**20:.1f}"


def format_table(rows: list[dict[str, Any]]) -> str:
    header = [
        "workload",
        "N",
        "items",
        "lib items/s",
        "raw items/s",
        "ratio",
        "target",
        "ok",
        "lib MB",
        "raw MB",
        "mem/bound",
    ]
    lines = [header]
    for r in rows:
        if r.get("pending"):
            lines.append(
                [r["workload"], str(r["n"]), "-", "-", "-", "-", f"<= {r['target']}", "pending", "-", "-", "-"]
            )
            continue
        mem = "-"
        if r.get("memory_ratio") is not None:
            mem = f"{r['memory_ratio']:.2f} ({r['memory_bound']} <= {r['memory_limit']:g}x)"
            if not r["memory_met"]:
                mem += " !"
        lines.append(
            [
                r["workload"],
                str(r["n"]),
                str(r["items"]),
                _rate(r["lib_items_per_second"]),
                _rate(r["raw_items_per_second"]),
                f"{r['ratio']:.2f}",
                f"<= {r['target']}",
                "yes" if r["met"] else "NO",
                _mb(r.get("lib_peak_growth_bytes")),
                _mb(r.get("raw_peak_growth_bytes")),
                mem,
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for k, line in enumerate(lines):
        out.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(line)))
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def format_scaling(scaling: list[dict[str, Any]]) -> str:
    lines = [f"{'workload':<36} {'s/item @ small':>15} {'s/item @ large':>15} {'ratio':>7}"]
    for s in scaling:
        lines.append(
            f"{s['workload']:<36} {s['small_seconds_per_item']:>15.3e} {s['large_seconds_per_item']:>15.3e}"
            f" {s['ratio']:>7.2f}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000], help="element counts (default 10000 100000)")
    p.add_argument("--repeat", type=int, default=5, help="timed runs per side, the median is reported (default 5)")
    p.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    p.add_argument(
        "--scaling",
        action="store_true",
        help="also run N = 1,000,000 and print time per item at 1,000,000 / at 10,000 (slow)",
    )
    p.add_argument("--only", nargs="+", metavar="NAME", help="run only workloads whose name contains NAME")
    p.add_argument("--no-memory", action="store_true", help="skip the peak memory subprocesses")
    p.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall: elapsed time (default); cpu: this process's CPU time, steadier on a busy machine",
    )
    p.add_argument("--memory-child", nargs=4, help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.memory_child:
        name, side, n, workdir = args.memory_child
        print(json.dumps(memory_child(name, side, int(n), workdir)))
        return 0

    import quiverdb

    global clock
    clock = CLOCKS[args.clock]
    workloads = [w for w in WORKLOADS if not args.only or any(s.lower() in w.name.lower() for s in args.only)]
    has_lua = lua_available()
    sizes = sorted(set(args.n))
    scaling_sizes = (10_000, 1_000_000)
    if args.scaling:
        sizes = sorted(set(sizes) | set(scaling_sizes))
    print(
        f"quiverdb {quiverdb.__version__}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"median of {args.repeat} runs, {args.clock} clock"
        + ("" if has_lua else " (LuaRunner not available: Lua rows pending)"),
        flush=True,
    )
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="quiverdb-bench-") as tmp:
        for n in sizes:
            workdir = Path(tmp) / f"n{n}"
            workdir.mkdir()
            env = Env(n, workdir)
            rows = []
            for w in workloads:
                if w.needs_lua and not has_lua:
                    rows.append({"workload": w.name, "n": n, "target": w.target, "pending": True})
                    continue
                repeat = args.repeat if n < 1_000_000 else min(args.repeat, 3)
                rows.append(run_workload(w, env, repeat, memory=not args.no_memory and n < 1_000_000))
            results.extend(rows)
            print(f"\nN = {n:,}", flush=True)
            print(format_table(rows), flush=True)
            for f in workdir.glob("fresh-*"):
                f.unlink()

    scaling: list[dict[str, Any]] = []
    if args.scaling:
        for w in workloads:
            small = next((r for r in results if r["workload"] == w.name and r["n"] == scaling_sizes[0]), None)
            large = next((r for r in results if r["workload"] == w.name and r["n"] == scaling_sizes[1]), None)
            if not small or not large or small.get("pending") or large.get("pending"):
                continue
            a = small["lib_seconds"] / small["items"]
            b = large["lib_seconds"] / large["items"]
            scaling.append(
                {
                    "workload": w.name,
                    "small_n": scaling_sizes[0],
                    "large_n": scaling_sizes[1],
                    "small_seconds_per_item": a,
                    "large_seconds_per_item": b,
                    "ratio": b / a,
                }
            )
        print(f"\nScaling (library time per item, N = {scaling_sizes[1]:,} / N = {scaling_sizes[0]:,})")
        print(format_scaling(scaling))

    measured = [r for r in results if not r.get("pending")]
    missed = [r for r in measured if not r["met"]]
    mem_missed = [r for r in measured if r.get("memory_met") is False]
    print(
        f"\n{len(measured) - len(missed)}/{len(measured)} time targets met"
        + (f"; {len(mem_missed)} memory bound(s) exceeded" if mem_missed else "; memory bounds met")
    )
    if args.json:
        doc = {
            "quiverdb": quiverdb.__version__,
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "machine": platform.machine(),
            "repeat": args.repeat,
            "clock": args.clock,
            "lua_available": has_lua,
            "results": results,
            "scaling": scaling,
        }
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

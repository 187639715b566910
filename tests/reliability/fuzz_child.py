"""Fuzz targets, run in a child process by tests/reliability/test_reliability_fuzz.py (docs/reliability.md).

    python tests/reliability/fuzz_child.py TARGET COUNT SEED WORKDIR

Each target draws COUNT inputs with hypothesis (generation only, seeded) and runs them against
the installed quiverdb. Allowed outcomes: success, ``QuiverError``, or one of the Python argument
errors the API documents (``TypeError``, ``ValueError``, ``OverflowError``). Anything else, a write
that failed but changed the database, or a leaked file descriptor is a violation: the child
writes it to WORKDIR/result.json and exits 1. A crash or hang kills the child; WORKDIR/input.txt
then holds the input that caused it (written before every call).
"""

from __future__ import annotations

import inspect
import json
import os
import random
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import quiverdb
from quiverdb import CSVOptions, Database, QuiverError
from quiverdb._c_api import ffi, lib
from support.paths import SCHEMAS
from support.writes import file_dump as dump

ALLOWED = (QuiverError, TypeError, ValueError, OverflowError)


class Violation(AssertionError):
    pass


# FUZZ_KEEP_GOING=1 (exploration only): record each distinct violation and go on
KEEP_GOING = os.environ.get("FUZZ_KEEP_GOING") == "1"
KEPT: dict[str, str] = {}


class Run:
    """Counters and the crash breadcrumb of one child run."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.inputs = 0
        self.outcomes: dict[str, int] = {}
        self._crumb = os.open(workdir / "input.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)

    def note(self, text: str) -> None:
        """Record the input about to run (kept if the process dies)."""
        data = text[:20000].encode("utf-8", "replace")
        os.ftruncate(self._crumb, 0)
        os.lseek(self._crumb, 0, os.SEEK_SET)  # not os.pwrite: Windows has none
        os.write(self._crumb, data)

    def outcome(self, name: str) -> None:
        self.inputs += 1
        self.outcomes[name] = self.outcomes.get(name, 0) + 1
        if self.inputs % 500 == 0:  # progress of a long run, readable while it runs
            (self.workdir / "progress.json").write_text(json.dumps({"inputs": self.inputs, "outcomes": self.outcomes}))


def open_fds() -> int | None:
    # the descriptor directory: /proc/self/fd on Linux, /dev/fd on macOS and the BSDs. Windows
    # has neither, and its process handle count moves with the thread pool: None there, and
    # check_fds() leaves the descriptor check out while the fuzzers check everything else.
    for directory in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(directory):
            return len(os.listdir(directory))
    return None


def check_fds(before: int | None, closed: int = 0) -> None:
    """Raise Violation when more descriptors are open than ``before`` less the ``closed`` ones."""
    now = open_fds()
    if before is not None and now is not None and now > before - closed:
        raise Violation(f"file descriptors leaked: {before - closed} expected, {now} after")


def call(run: Run, fn: Callable[[], Any]) -> str:
    """Run fn; return the outcome class name, raise Violation for a disallowed one."""
    try:
        fn()
    except ALLOWED as exc:
        if isinstance(exc, QuiverError) and not str(exc):
            raise Violation("QuiverError without a message") from exc
        return type(exc).__name__
    except Exception as exc:
        raise Violation(f"unexpected {type(exc).__name__}: {exc}\n{traceback.format_exc()}") from exc
    return "ok"


# ---------------------------------------------------------------------------------------------
# values

NAMES_POOL = [
    "Configuration",
    "Collection",
    "Items",
    "Parent",
    "Child",
    "label",
    "some_integer",
    "some_float",
    "values",
    "value_int",
    "value_float",
    "tags",
    "tag",
    "data",
    "date_time",
    "value",
    "data_file",
    "metadata_file",
    "name",
    "status",
    "price",
    "date_created",
    "notes",
    "measurements",
    "measurement",
    "readings",
    "temperature",
    "humidity",
    "parent_id",
    "sibling_id",
    "refs",
    "parent_ref",
    "parents",
    "scores",
    "score",
    "events",
    "sponsor_id",
    "id",
    "vector_index",
    "x'; DROP TABLE Collection; --",
    'a"b',
    "Collection;",
    "Collection --",
    "Collection/*",
    "ÄÖ☃",
    "Collection_vector_values",
    "sqlite_master",
    "",
    " ",
    "label ",
    "LABEL",
    "\U0001f600",
]


def text_values() -> st.SearchStrategy[str]:
    return TEXT_VALUES


TEXT_VALUES = st.one_of(
    st.sampled_from(NAMES_POOL),
    st.text(max_size=30),
    st.text(alphabet="',;\"-/*()\\ \n\t%_?", max_size=20),
    st.sampled_from(
        ["2024-01-15T10:30:00", "2024-1-5", "not-a-date", "1", "1.5", "inf", "nan", "SELECT 1", "Item 1", "x" * 5000]
    ),
)


def scalar_values() -> st.SearchStrategy[Any]:
    return SCALAR_VALUES


SCALAR_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, 1, -1, 2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**31, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    text_values(),
)


def any_values() -> st.SearchStrategy[Any]:
    return ANY_VALUES


_LISTS = st.lists(scalar_values(), max_size=6)
ANY_VALUES = st.one_of(
    scalar_values(),
    scalar_values(),
    _LISTS,
    st.lists(st.integers(-3, 3), max_size=5),
    st.lists(text_values(), max_size=5),
    st.dictionaries(text_values(), _LISTS, max_size=3),
    st.dictionaries(text_values(), scalar_values(), max_size=3),
    st.lists(st.dictionaries(text_values(), scalar_values(), max_size=4), max_size=4),
    st.binary(max_size=10),
    st.tuples(scalar_values()),
    st.just(object()),
    st.just(CSVOptions()),
    st.frozensets(st.integers(0, 3), max_size=2),
)


# ---------------------------------------------------------------------------------------------
# target: Python methods with random argument types

WRITE_METHODS = {
    "create_element",
    "update_element",
    "delete_element",
    "update_vector_group",
    "update_set_group",
    "update_time_series_group",
    "update_time_series_files",
    "import_csv",
}
SKIP_METHODS = {"close", "transaction", "describe"}  # close ends the run; describe only prints


def populated(path: str, schema: str) -> Database:
    db = Database.from_schema(path, str(SCHEMAS / "valid" / schema), log_level="off")
    # no fsync per commit: the fuzzers test behaviour, not durability (test_reliability_crash.py does)
    db.query_string("PRAGMA synchronous = OFF")
    if schema == "collections.sql":
        for i in range(1, 4):
            db.create_element(
                "Collection",
                label=f"Item {i}",
                some_integer=i,
                some_float=i / 2,
                value_int=[i, i + 1],
                tag=[f"t{i}"],
                date_time=["2024-01-01T00:00:00"],
                value=[1.5],
            )
        db.update_time_series_files("Collection", {"data_file": "a.csv"})
    elif schema == "relations.sql":
        db.create_element("Parent", label="P1")
        db.create_element("Parent", label="P2")
        db.create_element("Child", label="C1", parent_id="P1", parent_ref=["P1", "P2"])
    elif schema == "csv_export.sql":
        db.create_element(
            "Items", label="Item1", name="Alpha", status=1, price=9.5, measurement=[1.0, 2.0], tag=["a", "b"]
        )
    return db


def target_python(run: Run, workdir: Path, count: int, seed_value: int) -> None:
    methods = sorted(
        n
        for n, f in vars(Database).items()
        if not n.startswith("_")
        and callable(f)
        and n not in SKIP_METHODS
        and n not in {"from_schema", "from_migrations", "open"}
    )
    methods += ["from_schema", "from_migrations", "open"]
    csv_file = workdir / "in.csv"
    csv_file.write_text("sep=,\nlabel,some_integer,some_float\nA,1,2.5\nB,,\n")
    paths = [str(csv_file), str(workdir / "missing.csv"), str(workdir), "", str(workdir / "out" / "x.csv")]
    schemas = ["collections.sql", "relations.sql", "csv_export.sql"]
    dbs = [populated(str(workdir / f"py{i}.db"), s) for i, s in enumerate(schemas)]
    fds = open_fds()

    params = {
        n: [
            p.name
            for p in inspect.signature(getattr(Database, n)).parameters.values()
            if p.kind == p.POSITIONAL_OR_KEYWORD and p.name != "self"
        ]
        for n in methods
    }
    names_st = st.sampled_from(NAMES_POOL)
    cells = st.one_of(
        st.integers(-3, 5),
        st.floats(-10, 10),
        st.sampled_from(["t1", "P1", "P2", "x", "2024-01-01"]),
        st.none(),
        scalar_values(),
    )
    plausible: dict[str, st.SearchStrategy[Any]] = {
        "collection": st.sampled_from(["Collection", "Items", "Parent", "Child", "Configuration"]) | names_st,
        "attribute": names_st,
        "group": names_st,
        "group_name": names_st,
        "id": st.integers(-1, 5) | st.sampled_from([2**63 - 1, -(2**63)]),
        "data": st.one_of(
            st.dictionaries(
                names_st, st.integers(0, 3).flatmap(lambda n: st.lists(cells, min_size=n, max_size=n)), max_size=3
            ),
            st.dictionaries(names_st, st.none() | text_values(), max_size=3),
        ),
        "rows": st.none()
        | st.lists(
            st.dictionaries(
                st.sampled_from(["date_time", "value", "temperature", "humidity", "sponsor_id", "x"]), cells, max_size=4
            ),
            max_size=4,
        ),
        "path": st.sampled_from(paths),
        "db_path": st.sampled_from([":memory:", str(workdir / "fresh.db")]),
        "schema_path": st.sampled_from([str(SCHEMAS / "valid" / s) for s in schemas] + paths),
        "migrations_path": st.sampled_from(paths),
        "sql": st.sampled_from(
            [
                "SELECT 1",
                "SELECT ?",
                "SELECT label FROM Collection WHERE id = ?",
                "SELECT count(*) FROM Items",
                "SELECT ?, ?",
                "SELECT 'a'",
                "PRAGMA user_version",
                "SELECT x FROM",
                "",
                "SELECT 1; SELECT 2",
                "SELECT date('now')",
            ]
        )
        | text_values(),
    }

    args_sts = {n: st.tuples(*[plausible.get(p, any_values()) for p in params[n]]) for n in methods}
    random_args = st.lists(any_values(), max_size=5)

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_value)
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        k = data.draw(st.integers(0, len(dbs) - 1))
        db = dbs[k]
        name = data.draw(st.sampled_from(methods))
        mode = data.draw(st.integers(0, 9))
        if mode == 0:
            args = data.draw(random_args)
        else:
            args = list(data.draw(args_sts[name]))
            if mode <= 2 and args:  # one argument of a random type
                args[data.draw(st.integers(0, len(args) - 1))] = data.draw(any_values())
        kwargs = {}
        if name in {"create_element", "update_element"}:
            kwargs = data.draw(
                st.dictionaries(
                    st.sampled_from(
                        [
                            "label",
                            "some_integer",
                            "some_float",
                            "value_int",
                            "tag",
                            "date_time",
                            "value",
                            "parent_id",
                            "parent_ref",
                            "name",
                            "status",
                            "measurement",
                        ]
                    )
                    | text_values(),
                    cells | any_values(),
                    max_size=4,
                )
            )
        elif name.startswith("query_") and data.draw(st.booleans()):
            kwargs = {"params": data.draw(any_values())}
        elif name in {"import_csv", "export_csv"} and data.draw(st.booleans()):
            kwargs = {
                "options": data.draw(
                    st.one_of(
                        st.just(CSVOptions()),
                        any_values(),
                        st.builds(
                            CSVOptions,
                            date_time_format=text_values(),
                            enum_labels=st.dictionaries(
                                text_values(),
                                st.dictionaries(
                                    text_values(),
                                    st.dictionaries(text_values(), st.integers(-5, 5), max_size=2),
                                    max_size=2,
                                ),
                                max_size=2,
                            ),
                        ),
                    )
                )
            }
        run.note(f"db={schemas[k]} {name}(*{args!r}, **{kwargs!r})")
        in_tx = db.in_transaction()
        before = dump(db.path()) if name in WRITE_METHODS and not in_tx else None
        opened: list[Database] = []

        def invoke() -> None:
            if name in {"from_schema", "from_migrations", "open"}:
                result = getattr(Database, name)(*args, **kwargs)
                opened.append(result)
            else:
                getattr(db, name)(*args, **kwargs)

        try:
            result = call(run, invoke)
        except Violation as v:
            if not KEEP_GOING:
                raise
            key = str(v).split("\n")[0][:120] + " @" + name
            KEPT.setdefault(key, run.workdir.joinpath("input.txt").read_text()[:300])
            result = "violation"
        for other in opened:
            other.close()
        if before is not None and result != "ok" and dump(db.path()) != before:
            raise Violation(f"{name} failed ({result}) and changed the database")
        run.outcome(result)

    one()
    for db in dbs:
        if db.in_transaction():
            db.rollback()
        db.close()
    check_fds(fds, closed=len(dbs))


# ---------------------------------------------------------------------------------------------
# target: schema SQL given to from_schema


def schema_texts() -> list[str]:
    return [p.read_text() for p in sorted((SCHEMAS / "valid").glob("*.sql"))] + [
        p.read_text() for p in sorted((SCHEMAS / "invalid").glob("*.sql"))
    ]


SQL_TOKENS = [
    "CREATE",
    "TABLE",
    "INTEGER",
    "REAL",
    "TEXT",
    "BLOB",
    "PRIMARY",
    "KEY",
    "NOT",
    "NULL",
    "UNIQUE",
    "REFERENCES",
    "ON",
    "DELETE",
    "CASCADE",
    "STRICT",
    "(",
    ")",
    ",",
    ";",
    "--",
    "/*",
    "*/",
    "'",
    '"',
    "`",
    "[",
    "]",
    "id",
    "label",
    "Configuration",
    "_vector_",
    "_set_",
    "_time_series_",
    "_time_series_files",
    "vector_index",
    "date_",
    "FOREIGN",
    "CHECK",
    "DEFAULT",
    "PRAGMA",
    "foreign_keys",
    "=",
    "OFF",
    "ATTACH",
    "DATABASE",
    "VIEW",
    "TRIGGER",
    "INDEX",
    "AS",
    "SELECT",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "END",
    "INSERT",
    "INTO",
    "VALUES",
    "\n",
    " ",
    "0",
    "-1",
    "9223372036854775808",
    "x" * 300,
    "ÄÖ",
    "\x00",
    "\x01",
    "\ufeff",
    "VACUUM",
    "WITHOUT",
    "ROWID",
]


def mutate_text(data: st.DataObject, text: str) -> str:
    for _ in range(data.draw(st.sampled_from([0, 1, 1, 1, 2, 3, 6]))):
        op = data.draw(st.integers(0, 7))
        n = len(text)
        i = data.draw(st.integers(0, n))
        j = data.draw(st.integers(i, min(n, i + 80)))
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + data.draw(st.sampled_from(SQL_TOKENS)) + text[i:]
        elif op == 2:
            text = text[:i] + text[i:j] + text[i:j] + text[j:]
        elif op == 3:
            text = text[:i] + data.draw(st.text(max_size=8)) + text[j:]
        elif op == 4:
            text = text[:i]
        elif op == 5:
            lines = text.split("\n")
            data.draw(st.randoms(use_true_random=False)).shuffle(lines)
            text = "\n".join(lines)
        elif op == 6:  # a harmless-looking change, so that many inputs still open
            text = text[:i] + data.draw(st.sampled_from(["\n-- c\n", " ", "/* x */", "\n"])) + text[i:]
        else:
            text = text.replace(
                data.draw(st.sampled_from(["STRICT", "id", "label", "REAL", "TEXT", ";", "("])),
                data.draw(st.sampled_from(SQL_TOKENS)),
                1,
            )
    return text


def target_schema(run: Run, workdir: Path, count: int, seed_value: int) -> None:
    texts = schema_texts()
    schema_file = workdir / "schema.sql"
    fds = open_fds()

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_value)
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        base = data.draw(st.sampled_from(texts))
        kind = data.draw(st.integers(0, 9))
        if kind == 0:
            text = " ".join(data.draw(st.lists(st.sampled_from(SQL_TOKENS), max_size=60)))
        elif kind == 1:
            text = data.draw(st.binary(max_size=400)).decode("latin-1")
        else:
            text = mutate_text(data, base)
        raw = text.encode("utf-8", "surrogatepass")
        if data.draw(st.booleans()):
            raw = raw.replace(b"\x00", b"")
        schema_file.write_bytes(raw)
        target = ":memory:" if data.draw(st.booleans()) else str(workdir / "schema.db")
        run.note(f"from_schema({target!r}, schema bytes={raw!r})")
        holder: list[Database] = []

        def invoke() -> None:
            db = Database.from_schema(target, str(schema_file), log_level="off")
            holder.append(db)
            # a database that opened must be usable for introspection without crashing
            for c in ("Configuration", "Collection", "Items", "Parent", "Child", "A"):
                try:
                    db.list_scalar_attributes(c)
                    db.list_vector_groups(c)
                    db.list_time_series_groups(c)
                    db.create_element(c, label="fuzz")
                    db.read_element_ids(c)
                except QuiverError:
                    pass

        result = call(run, invoke)
        for db in holder:
            db.close()
        if open_fds() != fds:
            raise Violation(f"file descriptors leaked: {fds} before, {open_fds()} after")
        run.outcome(result)

    one()


# ---------------------------------------------------------------------------------------------
# target: CSV files given to import_csv

CSV_TOKENS = [
    ",",
    ";",
    '"',
    '""',
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "sep=,",
    "sep=;",
    "sep=|",
    "\ufeff",
    "label",
    "name",
    "status",
    "price",
    "date_created",
    "notes",
    "id",
    "vector_index",
    "measurement",
    "tag",
    "date_time",
    "temperature",
    "humidity",
    "Item1",
    "Item2",
    "1",
    "-1",
    "1.5",
    "1e308",
    "1e999",
    "nan",
    "inf",
    "12abc",
    "2024-01-15T10:30:00",
    "2024-02-31",
    "2024-13-01",
    "x" * 2000,
    "99999999999999999999",
    "Active",
    "\x00",
    "ÄÖ☃",
]


def csv_seeds(db: Database, workdir: Path) -> dict[str, str]:
    out = {}
    for group in ("", "measurements", "tags", "readings"):
        p = workdir / f"seed_{group or 'scalars'}.csv"
        db.export_csv("Items", group, str(p))
        out[group] = p.read_text()
    return out


def target_csv(run: Run, workdir: Path, count: int, seed_value: int) -> None:
    path = str(workdir / "csv.db")
    db = Database.from_schema(path, str(SCHEMAS / "valid" / "csv_export.sql"), log_level="off")
    db.query_string("PRAGMA synchronous = OFF")
    for i in range(1, 4):
        db.create_element(
            "Items",
            label=f"Item{i}",
            name=f"N{i}",
            status=i,
            price=i * 1.5,
            date_created="2024-01-15T10:30:00",
            notes="a, b",
            measurement=[1.0, 2.0 * i],
            tag=["x", f"y{i}"],
        )
        db.update_time_series_group(
            "Items",
            "readings",
            i,
            [
                {"date_time": "2024-01-01T10:00:00", "temperature": 22.5, "humidity": 60},
                {"date_time": "2024-01-01T11:00:00", "temperature": 23.0, "humidity": 55},
            ],
        )
    seeds = csv_seeds(db, workdir)
    csv_file = workdir / "fuzz.csv"
    options = [
        None,
        CSVOptions(date_time_format="%Y/%m/%d"),
        CSVOptions(enum_labels={"status": {"en": {"Active": 1, "Inactive": 2}}}),
    ]
    fds = open_fds()

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_value)
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        group = data.draw(st.sampled_from(["", "measurements", "tags", "readings", "nope", "Items"]))
        base = seeds.get(group, seeds[""])
        kind = data.draw(st.integers(0, 9))
        if kind == 0:
            text = "".join(data.draw(st.lists(st.sampled_from(CSV_TOKENS), max_size=80)))
        elif kind == 1:
            text = data.draw(st.binary(max_size=300)).decode("latin-1")
        else:
            text = base
            for _ in range(data.draw(st.integers(0, 5))):
                i = data.draw(st.integers(0, len(text)))
                j = data.draw(st.integers(i, min(len(text), i + 20)))
                text = text[:i] + data.draw(st.one_of(st.sampled_from(CSV_TOKENS), st.text(max_size=5))) + text[j:]
        raw = text.encode("utf-8", "surrogatepass")
        csv_file.write_bytes(raw)
        opt = data.draw(st.sampled_from(options))
        in_tx = data.draw(st.integers(0, 3)) == 0
        run.note(f"import_csv('Items', {group!r}, bytes={raw!r}, options={opt!r}, in_transaction={in_tx})")
        before = dump(path)
        if in_tx:
            db.begin_transaction()
        result = call(run, lambda: db.import_csv("Items", group, str(csv_file), options=opt))
        if in_tx:
            if not db.in_transaction():
                raise Violation("import_csv ended the caller's transaction")
            if result == "ok":
                db.commit()
            else:
                db.commit()  # the failed import must have left the transaction as it was: nothing
        if result != "ok" and dump(path) != before:
            raise Violation(f"import_csv failed ({result}) and changed the database")
        if result == "ok" and db.query_string("PRAGMA integrity_check") != "ok":
            raise Violation("integrity_check failed after an import")
        run.outcome(result)

    one()
    db.close()
    if open_fds() != fds - 1:
        raise Violation(f"file descriptors leaked: {fds - 1} expected, {open_fds()} after")


# ---------------------------------------------------------------------------------------------
# target: C API calls with NULL, empty, huge and random arguments

HUGE = b"x" * (1 << 20)


def header_types() -> dict[str, list[str]]:
    """Parameter types of every public C function, as the installed headers declare them
    (cffi's own types drop ``const``, which tells borrowed from owned results)."""
    d = Path(quiverdb.__file__).parent / "include" / "quiver" / "c"
    text = "\n".join(f.read_text() for f in sorted(d.glob("*.h")))
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    out = {}
    for _ret, name, params in re.findall(r"QUIVER_C_API\s+([\w\s\*]+?)\s*\b(quiver_\w+)\s*\(([^)]*)\)\s*;", text):
        types = []
        for p in params.split(","):
            p = p.strip()
            if p and p != "void":
                types.append(re.sub(r"\s*\*", "*", re.match(r"(.*?)(\w+)$", p).group(1).strip()))
        out[name] = types
    return out


HTYPES = header_types()


def c_functions() -> list[str]:
    skip = {"quiver_set_log_callback"}  # needs a C callback; tested in test_logging.py
    return sorted(n for n in HTYPES if n not in skip)


def release(name: str, args: list[Any]) -> None:
    """Free what a successful call returned through its out-parameters (header comments)."""
    types = HTYPES[name]

    def val(i: int) -> Any:
        return args[i][0]

    def count_after(i: int) -> int:
        for j in range(i + 1, len(types)):
            if types[j] == "size_t*":
                return int(val(j))
        return 0

    if any(
        isinstance(a, ffi.CData) and a == ffi.NULL and t.endswith("*") and not t.startswith("const")
        for a, t in zip(args, types)
    ):
        return  # an out-parameter was NULL yet the call succeeded: nothing was returned through it
    if name in ("quiver_database_read_time_series_group", "quiver_database_read_time_series_group_masked"):
        masked = name.endswith("masked")
        ncols, nrows = int(val(8 if masked else 7)), int(val(9 if masked else 8))
        lib.quiver_database_free_time_series_data(val(4), val(5), val(6), ncols, nrows)
        if masked:
            lib.quiver_database_free_time_series_masks(val(7), ncols)
        return
    if name == "quiver_database_read_time_series_files":
        lib.quiver_database_free_time_series_files(val(2), val(3), int(val(4)))
        return
    for i, t in enumerate(types):
        if not isinstance(args[i], ffi.CData) or t.startswith("const") or (i == 0 and t == "quiver_database_t*"):
            continue
        if name == "quiver_database_read_scalars_row":
            continue  # caller buffers: nothing to free
        if t in (
            "bool*",
            "int*",
            "size_t*",
            "int64_t*",
            "double*",
            "size_t**",
            "quiver_element_t*",
            "quiver_database_t*",
            "int32_t",
            "int64_t",
            "size_t",
            "double",
        ):
            continue
        if t == "quiver_database_t**":
            lib.quiver_database_close(val(i))
        elif t == "quiver_element_t**":
            lib.quiver_element_destroy(val(i))
        elif t == "quiver_lua_runner_t**":
            lib.quiver_lua_runner_free(val(i))
        elif t == "quiver_column_t**":
            lib.quiver_database_free_columns(val(i), count_after(i))
        elif t == "quiver_column_set_t**":
            lib.quiver_column_set_free(val(i))
        elif t == "quiver_column_set_t*":
            continue  # the set given to quiver_column_set_free / _export_arrow_stream: not a result
        elif t == "struct ArrowArrayStream*":
            if args[i].release != ffi.NULL:
                args[i].release(args[i])
        elif t == "quiver_rows_t*":
            lib.quiver_database_free_rows(args[i])
        elif t == "quiver_scalar_metadata_t*":
            lib.quiver_database_free_scalar_metadata(args[i])
        elif t == "quiver_group_metadata_t*":
            lib.quiver_database_free_group_metadata(args[i])
        elif t == "quiver_scalar_metadata_t**":
            lib.quiver_database_free_scalar_metadata_array(val(i), count_after(i))
        elif t == "quiver_group_metadata_t**":
            lib.quiver_database_free_group_metadata_array(val(i), count_after(i))
        elif t == "int64_t**":
            lib.quiver_database_free_integer_array(val(i))
        elif t == "double**":
            lib.quiver_database_free_float_array(val(i))
        elif t == "char***":
            lib.quiver_database_free_string_array(val(i), count_after(i))
        elif t == "char**":
            lib.quiver_database_free_string(val(i))
        elif t in ("int64_t***", "double***", "char****"):
            free = {
                "int64_t***": lib.quiver_database_free_integer_vectors,
                "double***": lib.quiver_database_free_float_vectors,
                "char****": lib.quiver_database_free_string_vectors,
            }[t]
            free(val(i), val(i + 1), int(val(i + 2)))
        else:
            raise Violation(f"fuzzer does not know how to free {t} of {name}")
    if name.endswith("_strings_packed") and name != "quiver_database_read_scalar_strings_packed":
        lib.quiver_database_free_sizes(val(5))


GROUP_WRITERS = {
    "quiver_database_update_vector_group",
    "quiver_database_update_set_group",
    "quiver_database_update_time_series_group",
    "quiver_database_update_time_series_group_masked",
    "quiver_database_update_time_series_group_packed",
}
PARAM_QUERIES = {
    "quiver_database_query_string_params",
    "quiver_database_query_integer_params",
    "quiver_database_query_float_params",
}


class CWorld:
    """Valid handles and storage the C fuzzer mixes with NULL and garbage."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.db_path = str(workdir / "c.db")
        self.py_db = populated(self.db_path, "collections.sql")
        self.db = self.py_db._ptr
        out = ffi.new("quiver_element_t **")
        lib.quiver_element_create(out)
        self.element = out[0]
        lib.quiver_element_set_string(self.element, b"label", b"C fuzz")
        self.keep: list[Any] = []
        self.schema = str(SCHEMAS / "valid" / "collections.sql").encode()
        self.csv = str(workdir / "c.csv").encode()
        Path(self.csv.decode()).write_text("sep=,\nlabel,some_integer,some_float\nA,1,2\n")

    def string(self, data: st.DataObject) -> Any:
        kind = data.draw(st.integers(0, 7))
        if kind == 0:
            return ffi.NULL
        if kind == 1:
            return b""
        if kind == 2:
            return HUGE
        if kind == 3:
            return data.draw(st.binary(max_size=40)).replace(b"\0", b"")
        if kind == 4:
            return data.draw(
                st.sampled_from(
                    [
                        self.schema,
                        self.csv,
                        b":memory:",
                        str(self.workdir).encode(),
                        str(self.workdir / "no" / "x").encode(),
                        str(self.workdir / "other.db").encode(),
                    ]
                )
            )
        if kind == 5:
            return data.draw(
                st.sampled_from(
                    [
                        "SELECT 1",
                        "SELECT ?",
                        "SELECT label FROM Collection",
                        "SELECT ?, ?",
                        "PRAGMA integrity_check",
                        "BEGIN",
                        "ROLLBACK",
                    ]
                )
            ).encode()
        return data.draw(st.sampled_from(NAMES_POOL)).encode("utf-8")

    def number(self, data: st.DataObject, cname: str) -> Any:
        if cname == "double":
            return data.draw(st.floats())
        if cname in ("_Bool", "bool"):
            return data.draw(st.booleans())
        bits = {"int32_t": 32, "int": 32, "int64_t": 64, "size_t": 64, "uint8_t": 8}.get(cname, 32)
        signed = cname != "size_t" and cname != "uint8_t"
        lo, hi = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
        return data.draw(
            st.one_of(
                st.integers(lo, hi),
                st.sampled_from([lo, hi, 0, 1, 2, 3, -1 if signed else 1]),
                st.integers(-2, 5).filter(lambda v: lo <= v <= hi),
            )
        )

    def strings_array(self, data: st.DataObject, n: int) -> Any:
        items = [self.string(data) for _ in range(n)]
        cells = [ffi.NULL if v is ffi.NULL else ffi.new("char[]", v) for v in items]
        self.keep.extend(cells)
        return ffi.new("char *[]", cells) if n else ffi.new("char *[]", 1)

    def column(self, data: st.DataObject, code: int, rows: int, packed: bool) -> tuple[Any, int]:
        """Data of one column matching its type code (the caller's contract); bytes for packed."""
        if data.draw(st.integers(0, 9)) == 0:
            return ffi.NULL, 0
        if code == 0:
            return ffi.new("int64_t[]", [self.number(data, "int64_t") for _ in range(rows)] or 1), 0
        if code == 1:
            return ffi.new("double[]", [data.draw(st.floats()) for _ in range(rows)] or 1), 0
        if code in (2, 3):
            if packed:
                raw = (
                    b"\0".join(
                        data.draw(st.sampled_from([b"2024-01-01T00:00:00", b"x", b"", b"a\xffb"])) for _ in range(rows)
                    )
                    + b"\0"
                )
                raw = raw if data.draw(st.integers(0, 4)) else raw[: data.draw(st.integers(0, len(raw)))]
                buf = ffi.new("char[]", raw + b"\0")
                self.keep.append(buf)
                return buf, len(raw)
            return self.strings_array(data, rows), 0
        return ffi.new("int64_t[]", max(rows, 1)), 0  # an invalid type code: must be rejected first

    def group_args(self, name: str, data: st.DataObject) -> list[Any]:
        ts = "time_series" in name
        packed = name.endswith("_packed")
        has_masks = name.endswith("_masked") or packed or not ts
        coll = data.draw(st.sampled_from([b"Collection", b"Configuration", b"Nope", ffi.NULL, b""]))
        group = data.draw(st.sampled_from([b"values", b"tags", b"data", b"nope", ffi.NULL, b"'; --"]))
        eid = data.draw(st.sampled_from([1, 2, 0, -1, 999, 2**63 - 1]))
        ncols = data.draw(st.integers(0, 4))
        rows = data.draw(st.integers(0, 4))
        if data.draw(st.integers(0, 7)) == 0:  # every array NULL: counts may be anything
            counts = [self.number(data, "size_t"), self.number(data, "size_t")]
            tail = [ffi.NULL, ffi.NULL, ffi.NULL] + ([ffi.NULL] if packed else []) + ([ffi.NULL] if has_masks else [])
            return [self.handle_db(data), coll, group, eid, *tail, *counts]
        colnames = [
            data.draw(
                st.sampled_from(
                    [b"value_int", b"value_float", b"tag", b"date_time", b"value", b"id", b"vector_index", b"nope", b""]
                )
            )
            for _ in range(ncols)
        ]
        cn = [ffi.new("char[]", c) for c in colnames]
        self.keep.extend(cn)
        names = ffi.new("char *[]", cn or 1) if data.draw(st.integers(0, 9)) else ffi.NULL
        codes = [data.draw(st.sampled_from([0, 1, 2, 3, 4, -1, 7])) for _ in range(ncols)]
        types = ffi.new("int[]", codes or 1) if data.draw(st.integers(0, 9)) else ffi.NULL
        cols = [self.column(data, c, rows, packed) for c in codes]
        coldata = ffi.new("void *[]", [c for c, _ in cols] or 1)
        self.keep.extend(c for c, _ in cols)
        if data.draw(st.integers(0, 9)) == 0:
            coldata = ffi.NULL
        args: list[Any] = [self.handle_db(data), coll, group, eid, names, types, coldata]
        if packed:
            args.append(ffi.new("size_t[]", [b for _, b in cols] or 1))
        if has_masks:
            if data.draw(st.booleans()):
                args.append(ffi.NULL)
            else:
                ms = [
                    ffi.NULL
                    if data.draw(st.booleans())
                    else ffi.new("uint8_t[]", [data.draw(st.integers(0, 2)) for _ in range(rows)] or 1)
                    for _ in range(ncols)
                ]
                self.keep.extend(ms)
                args.append(ffi.new("uint8_t *[]", ms or 1))
        return args + [ncols, rows]

    def query_args(self, data: st.DataObject, out_type: str) -> list[Any]:
        sql = self.string(data)
        n = data.draw(st.integers(0, 3))
        if data.draw(st.integers(0, 5)) == 0:
            types, values, count = ffi.NULL, ffi.NULL, self.number(data, "size_t")
        else:
            codes = [data.draw(st.sampled_from([0, 1, 2, 3, 4, -1, 9])) for _ in range(n)]
            cells = []
            for c in codes:
                if data.draw(st.integers(0, 5)) == 0 or c == 4:
                    cells.append(ffi.NULL)
                elif c == 0:
                    cells.append(ffi.new("int64_t *", self.number(data, "int64_t")))
                elif c == 1:
                    cells.append(ffi.new("double *", data.draw(st.floats())))
                elif c in (2, 3):
                    s = self.string(data)
                    cells.append(ffi.NULL if s is ffi.NULL else ffi.new("char[]", s))
                else:
                    cells.append(ffi.new("int64_t *", 0))
            self.keep.extend(cells)
            types = ffi.new("int[]", codes or 1)
            values = ffi.new("void *[]", cells or 1)
            count = n
        out = ffi.new(out_type) if data.draw(st.integers(0, 7)) else ffi.NULL
        has = ffi.new("int *") if data.draw(st.integers(0, 7)) else ffi.NULL
        return [
            self.handle_db(data),
            sql if sql is ffi.NULL else ffi.new("char[]", sql),
            types,
            values,
            count,
            out,
            has,
        ]

    def handle_db(self, data: st.DataObject) -> Any:
        return self.db if data.draw(st.integers(0, 5)) else ffi.NULL

    def arg(self, data: st.DataObject, name: str, t: str, ctype: Any) -> Any:
        if ctype.kind == "primitive":
            return self.number(data, ctype.cname)
        if ctype.kind == "enum":
            return data.draw(st.integers(-1, 6))
        if t == "quiver_database_t*":
            return self.handle_db(data)
        if t in ("quiver_element_t*", "const quiver_element_t*"):
            return self.element if data.draw(st.integers(0, 3)) else ffi.NULL
        if t == "quiver_lua_runner_t*":
            return ffi.NULL
        if t == "const char*":
            s = self.string(data)
            return s if s is ffi.NULL else ffi.new("char[]", s)
        if t == "const quiver_database_options_t*":
            if data.draw(st.integers(0, 4)) == 0:
                return ffi.NULL
            o = ffi.new("quiver_database_options_t *", lib.quiver_database_options_default())
            o.read_only = data.draw(st.integers(-1, 2))
            o.console_level = data.draw(st.integers(0, 6))
            return o
        if t == "const quiver_csv_options_t*":
            if data.draw(st.integers(0, 4)) == 0:
                return ffi.NULL
            o = ffi.new("quiver_csv_options_t *", lib.quiver_csv_options_default())
            if data.draw(st.booleans()):
                o.date_time_format = ffi.NULL
            return o
        if "_free_" in name or t.startswith("const"):
            return ffi.NULL  # only NULL may be handed to a free function (or as an array) by a fuzzer
        # an out-parameter: valid storage or NULL
        return ffi.new(ctype.cname) if data.draw(st.integers(0, 7)) else ffi.NULL

    def args(self, name: str, data: st.DataObject) -> list[Any]:
        if name == "quiver_database_query_rows":
            out = ffi.new("quiver_rows_t *") if data.draw(st.integers(0, 7)) else ffi.NULL
            return self.query_args(data, "int *")[:5] + [out]
        if name == "quiver_database_read_scalars_row":
            # buffers as large as the capacities say (the caller's contract)
            n, m = data.draw(st.integers(0, 8)), data.draw(st.integers(0, 64))
            bufs = [ffi.new(f"{t}[]", max(n, 1)) for t in ("int", "uint8_t", "int64_t", "double")]
            text = ffi.new("char[]", max(m, 1))
            self.keep.extend([*bufs, text])
            coll = data.draw(st.sampled_from([b"Collection", b"Configuration", b"Nope", ffi.NULL, b""]))
            eid = data.draw(st.sampled_from([1, 2, 0, -1, 999]))
            outs = [ffi.new("size_t *") if data.draw(st.integers(0, 7)) else ffi.NULL for _ in range(2)]
            return [self.handle_db(data), coll, eid, *bufs, n, text, m, *outs]
        if name in GROUP_WRITERS:
            return self.group_args(name, data)
        if name in PARAM_QUERIES:
            out = {"string": "char **", "integer": "int64_t *", "float": "double *"}[name.split("_")[3]]
            return self.query_args(data, out)
        t = ffi.typeof(getattr(lib, name))
        if name.startswith("quiver_element_set_array_"):
            elem = self.element if data.draw(st.integers(0, 3)) else ffi.NULL
            nm = self.arg(data, name, "const char*", ffi.typeof("char *"))
            n = data.draw(st.integers(0, 4))
            if data.draw(st.integers(0, 3)) == 0:
                return [elem, nm, ffi.NULL, self.number(data, "int32_t")]
            kind = name.rsplit("_", 1)[1]
            if kind == "integer":
                values = ffi.new("int64_t[]", [self.number(data, "int64_t") for _ in range(n)] or 1)
            elif kind == "float":
                values = ffi.new("double[]", [data.draw(st.floats()) for _ in range(n)] or 1)
            else:
                values = self.strings_array(data, n)
            count = data.draw(st.sampled_from([n, 0, -1, -(2**31)]))
            return [elem, nm, values, count]
        if name == "quiver_element_set_scalars_packed":
            # records: name NUL, type byte, value; the buffer is mutated but size never exceeds it
            elem = self.element if data.draw(st.integers(0, 3)) else ffi.NULL
            if data.draw(st.integers(0, 5)) == 0:
                return [elem, ffi.NULL, self.number(data, "size_t")]
            raw = b""
            for _ in range(data.draw(st.integers(0, 3))):
                raw += data.draw(st.sampled_from([b"label", b"some_integer", b"some_float", b"", b"x"])) + b"\0"
                code = data.draw(st.sampled_from([0, 1, 2, 4, 3, 9, 255]))
                raw += bytes([code]) + (
                    data.draw(st.binary(min_size=8, max_size=8))
                    if code in (0, 1)
                    else data.draw(st.binary(max_size=6)).replace(b"\0", b"") + b"\0"
                    if code == 2
                    else b""
                )
            if data.draw(st.booleans()):
                raw = raw[: data.draw(st.integers(0, len(raw)))]
            buf = ffi.new("char[]", raw or b"\0")
            self.keep.append(buf)
            return [elem, buf, data.draw(st.integers(0, len(raw)))]
        if name == "quiver_database_update_time_series_files":
            n = data.draw(st.integers(0, 3))
            if data.draw(st.integers(0, 4)) == 0:
                return [
                    self.handle_db(data),
                    self.arg(data, name, "const char*", ffi.typeof("char *")),
                    ffi.NULL,
                    ffi.NULL,
                    self.number(data, "size_t"),
                ]
            return [
                self.handle_db(data),
                data.draw(st.sampled_from([b"Collection", b"Nope", b""])),
                self.strings_array(data, n),
                self.strings_array(data, n),
                n,
            ]
        return [self.arg(data, name, h, a) for h, a in zip(HTYPES[name], t.args)]


def describe_arg(a: Any) -> str:
    if isinstance(a, ffi.CData):
        if a == ffi.NULL:
            return "NULL"
        return f"<{ffi.typeof(a).cname}>"
    if isinstance(a, bytes) and len(a) > 60:
        return f"bytes[{len(a)}]"
    return repr(a)


def target_capi(run: Run, workdir: Path, count: int, seed_value: int) -> None:
    world = CWorld(workdir)
    names = c_functions()
    # a freed or closed handle is the caller's bug, not an input: these stay out of the draw
    # (quiver_database_disconnect closes the shared handle for every later input: also kept out)
    never = {
        "quiver_database_close",
        "quiver_database_disconnect",
        "quiver_element_destroy",
        "quiver_lua_runner_free",
        "quiver_lua_runner_new",
        "quiver_database_describe",
        "quiver_lua_runner_run",
        "quiver_lua_runner_get_error",
    }
    names = [n for n in names if n not in never]
    fds = open_fds()

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_value)
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        world.keep.clear()
        name = data.draw(st.sampled_from(names))
        args = world.args(name, data)
        run.note(f"{name}({', '.join(describe_arg(a) for a in args)})")
        in_tx = bool(world.py_db.in_transaction())
        writes = any(w in name for w in ("create_element", "update_", "delete_", "import_"))
        before = dump(world.db_path) if writes and not in_tx else None
        fn = getattr(lib, name)
        try:
            rc = fn(*args)
        except (TypeError, OverflowError) as exc:  # cffi refused an argument before the call
            run.outcome(type(exc).__name__)
            return
        if isinstance(rc, int) and name.startswith("quiver_") and ffi.typeof(fn).result.cname == "quiver_error_t":
            if rc == lib.QUIVER_OK:
                release(name, args)
                run.outcome("ok")
            else:
                msg = ffi.string(lib.quiver_get_last_error())
                if not msg:
                    raise Violation(f"{name} failed without a message")
                run.outcome("error")
                if before is not None and not world.py_db.in_transaction() and dump(world.db_path) != before:
                    raise Violation(f"{name} failed and changed the database")
        else:
            run.outcome("ok")
        end_transaction = data.draw(st.integers(0, 3)) == 0  # drawn always: draws must not depend on state
        if end_transaction and world.py_db.in_transaction():
            lib.quiver_database_rollback(world.db)

    one()
    if world.py_db.in_transaction():
        world.py_db.rollback()
    lib.quiver_element_destroy(world.element)
    world.py_db.close()
    if open_fds() > fds - 1:
        raise Violation(f"file descriptors leaked: {fds - 1} expected, {open_fds()} after")


# ---------------------------------------------------------------------------------------------

TARGETS: dict[str, Callable[[Run, Path, int, int], None]] = {
    "python": target_python,
    "schema": target_schema,
    "csv": target_csv,
    "capi": target_capi,
}


def main() -> int:
    target, count, seed_value, workdir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
    if target == "lua":
        from fuzz_lua import target_lua

        TARGETS["lua"] = target_lua
    run = Run(workdir)
    start = time.monotonic()
    result: dict[str, Any] = {"target": target, "seed": seed_value, "quiverdb": quiverdb.__version__}
    rc = 0
    try:
        TARGETS[target](run, workdir, count, seed_value)
    except Exception as exc:
        result["violation"] = f"{type(exc).__name__}: {exc}"
        result["input"] = (workdir / "input.txt").read_text(errors="replace")
        result["traceback"] = traceback.format_exc()
        rc = 1
    if KEPT:
        result["kept_violations"] = KEPT
        rc = 1
    result.update(inputs=run.inputs, outcomes=run.outcomes, seconds=round(time.monotonic() - start, 2))
    (workdir / "result.json").write_text(json.dumps(result, indent=1))
    return rc


if __name__ == "__main__":
    random.seed(0)
    sys.exit(main())

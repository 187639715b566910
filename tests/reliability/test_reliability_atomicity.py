"""Atomicity (docs/reliability.md): every write method that fails — a bad value, a constraint
violation, an error halfway through a group, a list of groups or a CSV import — leaves the
database byte-for-byte as before (full SQL dump), alone and inside a caller's open transaction,
whose earlier writes survive and which stays open.

The per-method tests (test_create.py, test_update.py, test_group_writers.py, test_time_series.py)
check many single failures; this file holds one table across every write method, including the
failures that happen only after the engine has already written part of the call.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quiverdb import CSVOptions, Database, LuaRunner, QuiverError
from support.writes import file_dump as _dump

# a schema whose triggers and CHECK constraints fail in the middle of a write
GUARDED_SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Parent (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    weight REAL CHECK (weight >= 0)
) STRICT;
CREATE TABLE Parent_vector_items (
    id INTEGER NOT NULL REFERENCES Parent(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    item INTEGER NOT NULL CHECK (item < 100),
    PRIMARY KEY (id, vector_index)
) STRICT;
CREATE TABLE Parent_set_codes (
    id INTEGER NOT NULL REFERENCES Parent(id) ON DELETE CASCADE ON UPDATE CASCADE,
    code TEXT NOT NULL CHECK (length(code) < 10),
    UNIQUE (id, code)
) STRICT;
CREATE TABLE Parent_time_series_load (
    id INTEGER NOT NULL REFERENCES Parent(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    load REAL NOT NULL CHECK (load < 1000),
    PRIMARY KEY (id, date_time)
) STRICT;
CREATE TABLE Parent_time_series_files (load_file TEXT CHECK (load_file <> 'forbidden')) STRICT;
CREATE TABLE Holder (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Holder_vector_slots (
    id INTEGER NOT NULL REFERENCES Holder(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    slot INTEGER NOT NULL,
    PRIMARY KEY (id, vector_index)
) STRICT;
-- a cascade that reaches a protected row (after deleting others) aborts the whole delete
CREATE TRIGGER Holder_slots_protect BEFORE DELETE ON Holder_vector_slots WHEN old.slot = 42
BEGIN SELECT RAISE(ABORT, 'slot 42 is protected'); END;
"""


def _build(path: Path) -> Database:
    schema = path.with_suffix(".sql")
    schema.write_text(GUARDED_SCHEMA)
    db = Database.from_schema(str(path), str(schema), log_level="off")
    db.create_element("Parent", label="P1", weight=1.0, item=[1, 2], code=["a", "b"])
    db.create_element("Parent", label="P2", weight=2.0, item=[3], code=["c"])
    db.create_element("Holder", label="H1", slot=[1, 2, 42, 3])
    db.update_time_series_group("Parent", "load", 1, [{"date_time": "2024-01-01T00:00:00", "load": 5.0}])
    db.update_time_series_files("Parent", {"load_file": "load.csv"})
    return db


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The populated database, built once; each test works on a copy."""
    path = tmp_path_factory.mktemp("atomicity") / "template.db"
    _build(path).close()
    return path


@pytest.fixture(scope="module")
def expected_after_good_write(template: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The dump after: begin; the good write; commit."""
    db = _copy(template, tmp_path_factory.mktemp("reference") / "ref.db")
    db.begin_transaction()
    _good(db)
    db.commit()
    expected = _dump(db.path())
    db.close()
    return expected


def _copy(template: Path, path: Path) -> Database:
    shutil.copyfile(template, path)
    return Database.open(str(path), log_level="off")


def _good(db: Database) -> None:
    db.create_element("Parent", label="Before", weight=9.0, item=[5])


def _csv(tmp: Path, name: str, text: str) -> str:
    p = tmp / name
    p.write_text(text)
    return str(p)


# (case id, call(db, tmp) that must fail, message fragment)
FAILURES: list[tuple[str, Callable[[Database, Path], Any], str]] = [
    ("create: unknown collection", lambda db, t: db.create_element("Nope", label="x"), "Nope"),
    ("create: duplicate label", lambda db, t: db.create_element("Parent", label="P1"), "UNIQUE"),
    ("create: bad value type", lambda db, t: db.create_element("Parent", label="N", weight="heavy"), "weight"),
    ("create: CHECK on a scalar", lambda db, t: db.create_element("Parent", label="N", weight=-1.0), "CHECK"),
    (
        "create: second group fails after the first was written",
        lambda db, t: db.create_element("Parent", label="N", item=[1, 2], code=["ok", "far too long"]),
        "CHECK",
    ),
    (
        "create: third row of a vector fails",
        lambda db, t: db.create_element("Parent", label="N", item=[1, 2, 500]),
        "CHECK",
    ),
    (
        "create: duplicate time series key",
        lambda db, t: db.create_element("Parent", label="N", date_time=["2024-01-01", "2024-01-01"], load=[1.0, 2.0]),
        "UNIQUE",
    ),
    ("update: duplicate label", lambda db, t: db.update_element("Parent", 1, label="P2"), "UNIQUE"),
    (
        "update: scalars written, then a group fails",
        lambda db, t: db.update_element("Parent", 1, weight=3.0, item=[7, 8, 999]),
        "CHECK",
    ),
    (
        "update: unknown attribute after valid ones",
        lambda db, t: db.update_element("Parent", 1, weight=3.0, nope=1),
        "nope",
    ),
    ("delete: cascade reaches a protected row", lambda db, t: db.delete_element("Holder", 1), "protected"),
    (
        "vector group: third row fails",
        lambda db, t: db.update_vector_group("Parent", "items", 1, {"item": [3, 4, 100]}),
        "CHECK",
    ),
    (
        "vector group: NULL in a NOT NULL column",
        lambda db, t: db.update_vector_group("Parent", "items", 1, {"item": [3, None]}),
        "NOT NULL",
    ),
    (
        "set group: duplicate value in the last row",
        lambda db, t: db.update_set_group("Parent", "codes", 1, {"code": ["x", "y", "x"]}),
        "UNIQUE",
    ),
    ("set group: unknown group", lambda db, t: db.update_set_group("Parent", "nope", 1, {"code": ["x"]}), "nope"),
    (
        "time series: last row breaks a CHECK",
        lambda db, t: db.update_time_series_group(
            "Parent",
            "load",
            1,
            [{"date_time": "2024-02-01T00:00:00", "load": 1.0}, {"date_time": "2024-02-02T00:00:00", "load": 5000.0}],
        ),
        "CHECK",
    ),
    (
        "time series: duplicate dimension",
        lambda db, t: db.update_time_series_group(
            "Parent",
            "load",
            1,
            [{"date_time": "2024-02-01T00:00:00", "load": 1.0}, {"date_time": "2024-02-01T00:00:00", "load": 2.0}],
        ),
        "UNIQUE",
    ),
    (
        "time series files: unknown column",
        lambda db, t: db.update_time_series_files("Parent", {"load_file": "new.csv", "nope": "x"}),
        "nope",
    ),
    (
        "time series files: CHECK after the old row was deleted",
        lambda db, t: db.update_time_series_files("Parent", {"load_file": "forbidden"}),
        "CHECK",
    ),
    (
        "csv scalars: duplicate label in the last row (fails while inserting)",
        lambda db, t: db.import_csv("Parent", "", _csv(t, "a.csv", "sep=,\nlabel,weight\nQ1,1\nQ2,2\nQ1,3\n")),
        "duplicate",
    ),
    (
        "csv scalars: CHECK in the last row",
        lambda db, t: db.import_csv("Parent", "", _csv(t, "b.csv", "label,weight\nQ1,1\nQ2,-5\n")),
        "CHECK",
    ),
    (
        "csv vector: third row breaks a CHECK",
        lambda db, t: db.import_csv(
            "Parent", "items", _csv(t, "c.csv", "id,vector_index,item\nP1,1,1\nP1,2,2\nP2,1,500\n")
        ),
        "CHECK",
    ),
    (
        "csv vector: index gap",
        lambda db, t: db.import_csv("Parent", "items", _csv(t, "d.csv", "id,vector_index,item\nP1,1,1\nP1,3,2\n")),
        "vector_index",
    ),
    (
        "csv set: duplicate rows",
        lambda db, t: db.import_csv("Parent", "codes", _csv(t, "e.csv", "id,code\nP1,x\nP2,y\nP1,x\n")),
        "duplicate",
    ),
    (
        "csv time series: non-numeric value in the last row",
        lambda db, t: db.import_csv(
            "Parent",
            "load",
            _csv(t, "f.csv", "id,date_time,load\nP1,2024-01-01T00:00:00,1\nP2,2024-01-02T00:00:00,abc\n"),
        ),
        "Invalid float value 'abc'",
    ),
    (
        "csv: bad enum option",
        lambda db, t: db.import_csv(
            "Parent",
            "",
            _csv(t, "g.csv", "label,weight\nQ1,x\n"),
            options=CSVOptions(enum_labels={"weight": {"en": {"Light": 1}}}),
        ),
        "weight",
    ),
    ("csv: missing file", lambda db, t: db.import_csv("Parent", "", str(t / "missing.csv")), "missing.csv"),
]


@pytest.mark.parametrize("case, call, fragment", FAILURES, ids=[f[0] for f in FAILURES])
def test_failed_write_leaves_the_database_unchanged(
    template: Path, tmp_path: Path, case: str, call: Any, fragment: str
) -> None:
    db = _copy(template, tmp_path / "a.db")
    try:
        before = _dump(db.path())
        with pytest.raises(QuiverError, match=fragment):
            call(db, tmp_path)
        assert not db.in_transaction()
        assert _dump(db.path()) == before
        assert db.query_string("PRAGMA integrity_check") == "ok"
    finally:
        db.close()


@pytest.mark.parametrize("case, call, fragment", FAILURES, ids=[f[0] for f in FAILURES])
def test_failed_write_inside_a_callers_transaction(
    template: Path, expected_after_good_write: list[str], tmp_path: Path, case: str, call: Any, fragment: str
) -> None:
    """begin; a good write; the failing call; commit == begin; the good write; commit."""
    db = _copy(template, tmp_path / "a.db")
    try:
        db.begin_transaction()
        _good(db)
        with pytest.raises(QuiverError, match=fragment):
            call(db, tmp_path)
        assert db.in_transaction(), "the failed call ended the caller's transaction"
        db.commit()
        assert _dump(db.path()) == expected_after_good_write
    finally:
        db.close()


@pytest.mark.parametrize("case, call, fragment", FAILURES, ids=[f[0] for f in FAILURES])
def test_failed_write_then_rollback_of_the_callers_transaction(
    template: Path, tmp_path: Path, case: str, call: Any, fragment: str
) -> None:
    """The caller can still roll everything back after a failure inside its transaction."""
    db = _copy(template, tmp_path / "a.db")
    try:
        before = _dump(db.path())
        db.begin_transaction()
        _good(db)
        with pytest.raises(QuiverError, match=fragment):
            call(db, tmp_path)
        db.rollback()
        assert _dump(db.path()) == before
    finally:
        db.close()


def test_python_argument_errors_happen_before_any_write(template: Path, tmp_path: Path) -> None:
    """TypeError/ValueError raised by the Python layer leave no trace either."""
    db = _copy(template, tmp_path / "a.db")
    try:
        before = _dump(db.path())
        with pytest.raises(TypeError):
            db.create_element("Parent", label="N", weight=1.0, item=[1, object()])
        with pytest.raises(ValueError):
            db.update_element("Parent", 1, label="a\0b")
        with pytest.raises(TypeError):
            db.update_time_series_group("Parent", "load", 1, [{"date_time": "2024-01-01", "load": 1}])
        with pytest.raises(TypeError):
            db.update_time_series_files("Parent", ["load_file"])  # type: ignore[arg-type]
        assert _dump(db.path()) == before
    finally:
        db.close()


# ---- Lua: the same failures through LuaRunner, and errors inside db:transaction ----

LUA_FAILURES: list[tuple[str, str, str]] = [
    ("create: duplicate label", 'db:create_element("Parent", {label = "P1"})', "UNIQUE"),
    ("create: third row of a vector fails", 'db:create_element("Parent", {label = "N", item = {1, 2, 500}})', "CHECK"),
    (
        "create: second group fails",
        'db:create_element("Parent", {label = "N", item = {1}, code = {"far too long"}})',
        "CHECK",
    ),
    (
        "update: scalars, then a group fails",
        'db:update_element("Parent", 1, {weight = 3.0, item = {7, 8, 999}})',
        "CHECK",
    ),
    ("delete: cascade reaches a protected row", 'db:delete_element("Holder", 1)', "protected"),
    ("vector group: third row fails", 'db:update_vector_group("Parent", "items", 1, {item = {3, 4, 100}})', "CHECK"),
    (
        "set group: duplicate in the last row",
        'db:update_set_group("Parent", "codes", 1, {code = {"x", "y", "x"}})',
        "UNIQUE",
    ),
    (
        "time series: last row breaks a CHECK",
        'db:update_time_series_group("Parent", "load", 1, '
        '{{date_time = "2024-02-01T00:00:00", load = 1.0}, {date_time = "2024-02-02T00:00:00", load = 5000.0}})',
        "CHECK",
    ),
    ("time series files: CHECK", 'db:update_time_series_files("Parent", {load_file = "forbidden"})', "CHECK"),
    ("csv vector: third row breaks a CHECK", 'db:import_csv("Parent", "items", CSV)', "CHECK"),
    (
        "transaction: error after writes",
        "db:transaction(function(tx) "
        'tx:create_element("Parent", {label = "InTx", item = {1, 2}}) '
        'tx:update_vector_group("Parent", "items", 1, {item = {9}}) '
        'tx:update_time_series_files("Parent", {load_file = "other.csv"}) error("boom") end)',
        "boom",
    ),
    (
        "transaction: runtime error after writes",
        'db:transaction(function(tx) tx:delete_element("Parent", 2) local t = nil return t.x end)',
        "nil",
    ),
    (
        "transaction: failing write after good ones, error caught inside",
        "db:transaction(function(tx) "
        'tx:create_element("Parent", {label = "InTx"}) '
        'local ok = pcall(function() tx:create_element("Parent", {label = "P1"}) end) '
        'error("after pcall: " .. tostring(ok)) end)',
        "after pcall: false",
    ),
    (
        "transaction: error value that is not a string",
        'db:transaction(function(tx) tx:create_element("Parent", {label = "InTx"}) error({code = 7}) end)',
        "error",
    ),
    (
        "transaction: instruction limit inside",
        'db:transaction(function(tx) tx:create_element("Parent", {label = "InTx"}) while true do end end)',
        "instruction limit",
    ),
]

LUA_CSV = "id,vector_index,item\nP1,1,1\nP1,2,2\nP2,1,500\n"


def _lua(db: Database, tmp: Path) -> LuaRunner:
    runner = LuaRunner(db, max_instructions=5_000_000)
    runner.run(f"CSV = [[{_csv(tmp, 'lua.csv', LUA_CSV)}]]")
    return runner


@pytest.mark.parametrize("case, script, fragment", LUA_FAILURES, ids=[f[0] for f in LUA_FAILURES])
def test_failed_lua_write_leaves_the_database_unchanged(
    template: Path, tmp_path: Path, case: str, script: str, fragment: str
) -> None:
    db = _copy(template, tmp_path / "a.db")
    runner = _lua(db, tmp_path)
    try:
        before = _dump(db.path())
        with pytest.raises(QuiverError, match=fragment):
            runner.run(script)
        assert not db.in_transaction()
        assert _dump(db.path()) == before
        assert runner.run('return db:read_scalar_strings("Parent", "label")') == ["P1", "P2"]
    finally:
        runner.close()
        db.close()


@pytest.mark.parametrize(
    "case, script, fragment",
    [f for f in LUA_FAILURES if not f[0].startswith("transaction")],
    ids=[f[0] for f in LUA_FAILURES if not f[0].startswith("transaction")],
)
def test_failed_lua_write_inside_a_callers_transaction(
    template: Path, expected_after_good_write: list[str], tmp_path: Path, case: str, script: str, fragment: str
) -> None:
    """Python's begin_transaction; a good write; the failing Lua call; commit."""
    db = _copy(template, tmp_path / "a.db")
    runner = _lua(db, tmp_path)
    try:
        db.begin_transaction()
        _good(db)
        with pytest.raises(QuiverError, match=fragment):
            runner.run(script)
        assert db.in_transaction(), "the failed Lua call ended the caller's transaction"
        db.commit()
        assert _dump(db.path()) == expected_after_good_write
    finally:
        runner.close()
        db.close()


def test_lua_transaction_inside_a_callers_transaction_is_refused_cleanly(template: Path, tmp_path: Path) -> None:
    """db:transaction does not nest: inside Python's transaction it fails before calling fn,
    and the caller's transaction, with its writes, is intact."""
    db = _copy(template, tmp_path / "a.db")
    runner = _lua(db, tmp_path)
    try:
        db.begin_transaction()
        _good(db)
        with pytest.raises(QuiverError, match="transaction"):
            runner.run('db:transaction(function(tx) tx:create_element("Parent", {label = "Never"}) end)')
        assert db.in_transaction()
        assert db.query_integer("SELECT count(*) FROM Parent WHERE label = 'Never'") == 0
        assert db.query_integer("SELECT count(*) FROM Parent WHERE label = 'Before'") == 1
        db.rollback()
    finally:
        runner.close()
        db.close()

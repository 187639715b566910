"""The Lua fuzz target of tests/reliability/fuzz_child.py: random scripts calling every ``db:`` method with
random arguments, and mutations of valid scripts, given to ``LuaRunner.run``.

Allowed outcomes: a result or ``QuiverError``. A script whose writes run inside
``db:transaction`` and then raise must leave the database dump unchanged.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from fuzz_child import NAMES_POOL, Run, Violation, call, check_fds, dump, open_fds, populated
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from quiverdb import LuaRunner

METHODS = [
    "path",
    "current_version",
    "is_healthy",
    "begin_transaction",
    "commit",
    "rollback",
    "in_transaction",
    "transaction",
    "query_string",
    "query_integer",
    "query_float",
    "export_csv",
    "import_csv",
    "read_scalar_integers",
    "read_scalar_floats",
    "read_scalar_strings",
    "read_vector_integers",
    "read_vector_floats",
    "read_vector_strings",
    "read_set_integers",
    "read_set_floats",
    "read_set_strings",
    "read_element_ids",
    "number_of_elements",
    "read_scalar_integer_by_id",
    "read_scalar_float_by_id",
    "read_scalar_string_by_id",
    "read_vector_integers_by_id",
    "read_vector_floats_by_id",
    "read_vector_strings_by_id",
    "read_set_integers_by_id",
    "read_set_floats_by_id",
    "read_set_strings_by_id",
    "read_scalars_by_id",
    "read_vectors_by_id",
    "read_sets_by_id",
    "read_element_by_id",
    "read_vector_group_by_id",
    "read_set_group_by_id",
    "read_time_series_group",
    "get_scalar_metadata",
    "get_vector_metadata",
    "get_set_metadata",
    "get_time_series_metadata",
    "list_scalar_attributes",
    "list_vector_groups",
    "list_set_groups",
    "list_time_series_groups",
    "has_time_series_files",
    "list_time_series_files_columns",
    "read_time_series_files",
    "create_element",
    "update_element",
    "delete_element",
    "update_vector_group",
    "update_set_group",
    "update_time_series_group",
    "update_time_series_files",
    "describe",
]
WRITES = [
    "create_element",
    "update_element",
    "delete_element",
    "update_vector_group",
    "update_set_group",
    "update_time_series_group",
    "update_time_series_files",
    "import_csv",
]

# valid scripts: the seeds of the mutations
CORPUS = [
    """local id = db:create_element("Collection", {label = "Fz", some_integer = 3, value_int = {1, 2}, tag = {"a"}})
return db:read_scalars_by_id("Collection", id)""",
    """db:update_element("Collection", 1, {some_float = 2.5, tag = {"x", "y"}})
return db:read_set_strings_by_id("Collection", "tag", 1)""",
    """db:update_vector_group("Collection", "values", 1, {value_int = {1, 2, 3}, value_float = {0.5, 1.5, 2.5}})
return db:read_vector_group_by_id("Collection", "values", 1)""",
    """db:update_time_series_group("Collection", "data", 2, {{date_time = "2024-01-01T00:00:00", value = 1.5}})
return db:read_time_series_group("Collection", "data", 2)""",
    """db:transaction(function(tx) tx:create_element("Collection", {label = "T"}) end)
return db:number_of_elements("Collection")""",
    """local ok, err = pcall(function() db:create_element("Collection", {label = "Item 1"}) end)
return ok, tostring(err)""",
    """local t = {} for i, s in ipairs(db:read_scalar_strings("Collection", "label")) do t[#t + 1] = s:upper() end
return t""",
    """return db:query_string("SELECT label FROM Collection WHERE id = ?", {1}), db:query_integer("SELECT ?", {7})""",
    """db:update_time_series_files("Collection", {data_file = "x.csv", metadata_file = "m"})
return db:read_time_series_files("Collection")""",
    """return db:get_scalar_metadata("Collection", "some_integer"), db:list_vector_groups("Collection")""",
    """db:export_csv("Collection", "", "fz_out.csv") db:import_csv("Collection", "", "fz_out.csv")
return db:read_element_ids("Collection")""",
    """db:begin_transaction() db:delete_element("Collection", 2) db:rollback() return db:in_transaction()""",
]

TOKENS = [
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ";",
    "=",
    "..",
    "...",
    ":",
    ".",
    "#",
    "~=",
    "==",
    "nil",
    "true",
    "false",
    "function",
    "end",
    "return",
    "local",
    "if",
    "then",
    "else",
    "for",
    "do",
    "while",
    "repeat",
    "until",
    "db",
    "db:",
    "tx",
    "error('boom')",
    "pcall",
    "1",
    "-1",
    "0",
    "1e308",
    "0/0",
    "math.huge",
    "math.maxinteger",
    "math.mininteger",
    '"Collection"',
    '"values"',
    '"tags"',
    '"data"',
    '"label"',
    "string.rep('x', 100000)",
    "{}",
    "{{}}",
    "setmetatable({}, {__index = function() error('meta') end})",
    "coroutine",
    "collectgarbage()",
    "\n",
    " ",
    "'\\0'",
    "'\\255\\254'",
    "[[",
    "]]",
    "--",
    "--[[",
    "goto",
    "::l::",
]

# Generation uses a plain random.Random seeded by hypothesis (st.randoms): a script is built
# in microseconds, so the long run reaches 100,000 scripts in minutes.
STRING_POOL = NAMES_POOL + ["2024-01-01T00:00:00", "not-a-date", "SELECT 1", "SELECT ?", "fz.csv", "", "\x00", "\xff"]


def random_text(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(STRING_POOL)
    return "".join(
        chr(rng.choice([rng.randrange(32, 127), rng.randrange(0, 0x3000), rng.randrange(0, 0x110000)]))
        for _ in range(rng.randrange(12))
    )


def lua_string_literal(s: str) -> str:
    out = []
    for c in s:
        if c.isalnum() or c in " _-:.;'/*()":
            out.append(c)
        elif 0xD800 <= ord(c) <= 0xDFFF:
            out.append(f"\\{ord(c) & 0xFF}")
        else:
            out.append(f"\\u{{{ord(c):X}}}")
    return '"' + "".join(out) + '"'


ATOMS = [
    "0",
    "1",
    "2",
    "3",
    "-1",
    "math.maxinteger",
    "math.mininteger",
    "1.5",
    "0/0",
    "1/0",
    "-1/0",
    "1e308",
    "2^63",
    "-0.0",
]
ODD = [
    "db",
    "function() end",
    "function() error('inner') end",
    "string.rep('y', 1000000)",
    "print",
    "{n = 1}",
    "'\\0x'",
]
RECORD_KEYS = [
    "label",
    "some_integer",
    "some_float",
    "value_int",
    "value_float",
    "tag",
    "date_time",
    "value",
    "data_file",
    "metadata_file",
    "x",
    "1",
]


def lua_value(rng: random.Random, depth: int = 0) -> str:
    kind = rng.randrange(13 if depth < 3 else 9)
    if kind == 0:
        return "nil"
    if kind == 1:
        return rng.choice(["true", "false"])
    if kind == 2:
        return str(rng.randrange(-(2**63), 2**63))
    if kind == 3:
        return rng.choice(ATOMS)
    if kind in (4, 5, 6):
        return lua_string_literal(random_text(rng))
    if kind == 7:
        return rng.choice(ODD)
    if kind == 8:
        return "{}"
    if kind in (9, 10):  # an array
        return "{" + ", ".join(lua_value(rng, depth + 1) for _ in range(rng.randrange(5))) + "}"
    keys = rng.sample(RECORD_KEYS, rng.randrange(5))  # a record: attribute names to values or arrays
    return "{" + ", ".join(f"[{lua_string_literal(k)}] = {lua_value(rng, depth + 1)}" for k in keys) + "}"


COLLECTIONS = ['"Collection"', '"Configuration"', '"Nope"', "nil", "1", '""']
NAMES = [
    '"label"',
    '"some_integer"',
    '"some_float"',
    '"values"',
    '"tags"',
    '"data"',
    '"value_int"',
    '"tag"',
    '"value"',
    '"date_time"',
    '"nope"',
    '""',
    "nil",
]
IDS = ["1", "2", "3", "0", "-1", "999", "math.maxinteger", "1.5", '"1"', "nil"]


def method_call(rng: random.Random, receiver: str = "db") -> str:
    m = rng.choice(METHODS)
    plausible = [rng.choice(COLLECTIONS), rng.choice(NAMES), rng.choice(IDS), lua_value(rng), lua_value(rng)]
    args = [plausible[i] if rng.randrange(4) else lua_value(rng) for i in range(rng.randrange(6))]
    if m == "transaction":
        args = [f"function(tx) {statement(rng, 1, 'tx')} end"] + args[1:]
    sep = ":" if rng.randrange(10) else "."  # db.method(...) passes no self: must fail cleanly
    return f"{receiver}{sep}{m}({', '.join(args)})"


SPECIAL = [
    "db = nil",
    "collectgarbage()",
    "error('stop')",
    "error({})",
    "error(db)",
    "return tostring(db)",
    "return #db",
    "return db.nope",
    "return db == db",
    "getmetatable(db).__index = nil",
    "local x = db.nope()",
]


def statement(rng: random.Random, depth: int = 0, receiver: str = "db") -> str:
    kind = rng.randrange(10 if depth == 0 else 7)
    if kind <= 4:
        return method_call(rng, receiver)
    if kind == 5:
        return f"local r = {method_call(rng, receiver)}"
    if kind == 6:
        return f"pcall(function() {method_call(rng, receiver)} end)"
    if kind == 7:
        return f"for i = 1, {rng.randrange(1, 6)} do {statement(rng, depth + 1)} end"
    if kind == 8:
        return rng.choice(SPECIAL)
    return f"if {lua_value(rng)} then {statement(rng, depth + 1)} end"


def script(rng: random.Random) -> tuple[str, bool]:
    """A script, and whether it must leave the database unchanged (a failing transaction)."""
    kind = rng.randrange(10)
    if kind <= 4:
        # half the statements under pcall, so that a script goes on after a failing call
        body = "\n".join(
            f"pcall(function() {s} end)" if rng.random() < 0.5 else s
            for s in (statement(rng) for _ in range(rng.randrange(1, 7)))
        )
        if rng.random() < 0.5:
            body += "\nreturn " + lua_value(rng)
        return body, False
    if kind == 5:  # writes inside db:transaction, then an error: nothing may remain
        writes = [
            f"tx:{rng.choice(WRITES)}({rng.choice(COLLECTIONS)}, {rng.choice(IDS)}, {lua_value(rng)})"
            for _ in range(rng.randrange(4))
        ]
        writes.insert(
            rng.randrange(len(writes) + 1), 'tx:create_element("Collection", {label = "InTx", value_int = {1, 2}})'
        )
        # a failure that cannot succeed whatever the writes before it did
        fail = rng.choice(
            ["error('abort')", "error({code = 1})", "local x = nil + 1", 'tx:create_element("Nope", {label = "x"})']
        )
        return "db:transaction(function(tx)\n" + "\n".join(
            f"pcall(function() {w} end)" for w in writes
        ) + f"\n{fail}\nend)", True
    text = rng.choice(CORPUS)  # a mutation of a valid script
    for _ in range(rng.randrange(1, 5)):
        i = rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randrange(13))
        op = rng.randrange(4)
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + " " + rng.choice(TOKENS) + " " + text[j:]
        elif op == 2:
            text = text[:i] + text[i:j] * 2 + text[j:]
        else:
            text = text[:i] + random_text(rng)[:4] + text[i:]
    return text, False


def target_lua(run: Run, workdir: Path, count: int, seed_value: int) -> None:
    path = str(workdir / "lua.db")
    db = populated(path, "collections.sql")
    fds = open_fds()
    state: dict[str, Any] = {"runner": None, "runs": 0}

    def runner() -> LuaRunner:
        # a fresh runner now and then: scripts may clobber their globals (db = nil) on purpose
        if state["runner"] is None or state["runs"] % 250 == 0:
            if state["runner"] is not None:
                state["runner"].close()
            state["runner"] = LuaRunner(db, max_instructions=2_000_000, max_memory=64 << 20, timeout=5)
        state["runs"] += 1
        return state["runner"]

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
        rng = data.draw(st.randoms(use_true_random=True))
        text, atomic = script(rng)
        run.note(text)
        r = runner()
        in_tx = db.in_transaction()
        before = dump(path) if atomic and not in_tx else None
        result = call(run, lambda: r.run(text))
        if atomic and result not in ("QuiverError",):
            raise Violation(f"a failing db:transaction gave {result}")
        if before is not None and dump(path) != before:
            raise Violation("db:transaction raised and the database changed")
        end_transaction = data.draw(st.integers(0, 3)) == 0  # drawn always: draws must not depend on state
        if end_transaction and db.in_transaction():
            db.rollback()
        run.outcome(result)

    one()
    if state["runner"] is not None:
        state["runner"].close()
    if db.in_transaction():
        db.rollback()
    db.close()
    check_fds(fds, closed=1)

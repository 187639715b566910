# docs/reference/lua.md 4.1 items: 46, 47, 48, 49, 50, 51, 52, 85, 86, 87, 88, 89, 90, 91, 92, 93
"""Lua query_* with params (docs/reference/lua.md 3.5.3, 3.7.8) and transactions, db:transaction(fn) included
(3.7.9), checked from Lua and from Python.

Binding deviations tested as the behaviour (docs/compatibility.md): booleans/tables in params
are errors instead of being skipped; query_float widens an INTEGER result; a failed run rolls
back the transaction it opened itself."""

from __future__ import annotations

import pytest

from quiverdb import Database, LuaRunner, QuiverError
from support.lua import chunk, error_line, first_line, lua_error, run


@pytest.fixture
def two(collections_db: Database) -> Database:
    collections_db.create_element("Configuration", label="cfg")
    collections_db.create_element("Collection", label="Item 1", some_integer=42, some_float=3.14)
    collections_db.create_element("Collection", label="Item 2", some_integer=20, some_float=2.5)
    return collections_db


# ---- queries ----


def test_query_string_with_param(two: Database) -> None:
    # item 46
    assert run(two, 'return db:query_string("SELECT label FROM Collection WHERE label = ?", {"Item 1"})') == "Item 1"


def test_query_string_without_params(two: Database) -> None:
    # item 47
    assert run(two, 'return db:query_string("SELECT label FROM Collection WHERE id = 2")') == "Item 2"
    assert run(two, 'return db:query_string("SELECT label FROM Collection WHERE id = 2", nil)') == "Item 2"


def test_query_with_no_rows_is_nil(two: Database) -> None:
    # item 48
    assert run(
        two,
        'return db:query_string("SELECT label FROM Collection WHERE id = 99") == nil,'
        ' db:query_integer("SELECT id FROM Collection WHERE id = 99") == nil,'
        ' db:query_float("SELECT some_float FROM Collection WHERE id = 99") == nil',
    ) == (True, True, True)


def test_query_integer_with_string_param(two: Database) -> None:
    # item 49
    assert run(
        two,
        'local v = db:query_integer("SELECT some_integer FROM Collection WHERE label = ?", {"Item 1"})\n'
        "return v, math.type(v)",
    ) == (42, "integer")


def test_query_integer_count(two: Database) -> None:
    # item 50
    assert run(two, 'return db:query_integer("SELECT COUNT(*) FROM Collection")') == 2


def test_query_float(two: Database) -> None:
    # item 51
    assert run(
        two, 'local v = db:query_float("SELECT some_float FROM Collection WHERE id = ?", {1}); return v, math.type(v)'
    ) == (3.14, "float")


def test_two_params_of_different_types_bind_in_order(two: Database) -> None:
    # item 52
    assert (
        run(
            two,
            'return db:query_integer("SELECT some_integer FROM Collection WHERE label = ? AND some_integer > ?", {"Item 2", 5})',
        )
        == 20
    )
    assert (
        two.query_integer(
            "SELECT some_integer FROM Collection WHERE label = ? AND some_integer > ?", params=["Item 2", 5]
        )
        == 20
    )


def test_float_param_and_trimmed_string_param(two: Database) -> None:
    assert run(two, 'return db:query_string("SELECT label FROM Collection WHERE some_float = ?", {2.5})') == "Item 2"
    assert (
        run(two, 'return db:query_string("SELECT label FROM Collection WHERE label = ?", {"  Item 1\\t"})') == "Item 1"
    )


def test_type_mismatch_gives_nil_and_float_widens_integers(two: Database) -> None:
    assert run(two, 'return db:query_integer("SELECT 1.5") == nil, db:query_string("SELECT 5") == nil') == (True, True)
    assert run(two, 'local v = db:query_float("SELECT COUNT(*) FROM Collection"); return v, math.type(v)') == (
        2.0,
        "float",
    )
    assert run(two, 'return db:query_integer("SELECT NULL") == nil') is True


def test_a_parameter_count_mismatch_is_refused(two: Database) -> None:
    # upstream left unbound placeholders NULL and ignored extra parameters (issue 16, item 18)
    with pytest.raises(QuiverError, match="the SQL has 1 parameter\\(s\\), got 0"):
        run(two, 'return db:query_integer("SELECT ? IS NULL")')
    with pytest.raises(QuiverError, match="the SQL has 1 parameter\\(s\\), got 2"):
        run(two, 'return db:query_integer("SELECT ?", {7, 8})')


def test_nil_inside_params_binds_null(two: Database) -> None:
    # nil is reachable inside the border: Lua 5.4 gives #{nil, 3} == 2 (array part of 2, last slot set)
    assert run(two, 'local p = {nil, 3}; return #p, db:query_integer("SELECT (? IS NULL) + ?", p)') == (2, 4)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("{true}", "query_integer: params[1]: expected an integer, float or string (or nil), got boolean"),
        ("{1, {}}", "query_integer: params[2]: expected an integer, float or string (or nil), got table"),
        ("{1, print}", "query_integer: params[2]: expected an integer, float or string (or nil), got function"),
        ("5", "query_integer: argument #2 'params' must be a table, got integer"),
    ],
)  # fmt: skip
def test_unbindable_params_are_errors(two: Database, params: str, message: str) -> None:
    assert error_line(two, f'db:query_integer("SELECT ? + ?", {params})') == message


def test_query_runs_writes_and_only_the_first_statement(two: Database) -> None:
    run(two, 'db:query_integer("UPDATE Collection SET some_integer = 7 WHERE id = 1; DELETE FROM Collection")')
    assert two.read_scalar_integers("Collection", "some_integer") == [7, 20]


def test_query_sql_error_is_the_engine_message(two: Database) -> None:
    assert (
        error_line(two, 'db:query_string("SELEC x")')
        == 'Failed to prepare statement: near "SELEC": syntax error (SQL: SELEC x)'
    )


# ---- begin / commit / rollback ----


def test_begin_create_commit_keeps_the_element(collections_db: Database) -> None:
    # item 85
    run(collections_db, 'db:begin_transaction()\ndb:create_element("Collection", { label = "kept" })\ndb:commit()')
    assert collections_db.read_scalar_strings("Collection", "label") == ["kept"]
    assert collections_db.in_transaction() is False


def test_begin_create_rollback_leaves_nothing(collections_db: Database) -> None:
    # item 86
    assert (
        run(
            collections_db,
            'db:begin_transaction()\ndb:create_element("Collection", { label = "gone" })\ndb:rollback()\n'
            'return #db:read_element_ids("Collection")',
        )
        == 0
    )
    assert collections_db.read_element_ids("Collection") == []


def test_nested_begin_fails(collections_db: Database) -> None:
    # item 87
    assert error_line(collections_db, "db:begin_transaction()\ndb:begin_transaction()") == (
        "Cannot begin_transaction: transaction already active"
    )


def test_commit_without_transaction_fails(collections_db: Database) -> None:
    # item 88
    assert error_line(collections_db, "db:commit()") == "Cannot commit: no active transaction"


def test_rollback_without_transaction_fails(collections_db: Database) -> None:
    # item 89
    assert error_line(collections_db, "db:rollback()") == "Cannot rollback: no active transaction"


def test_in_transaction_states(collections_db: Database) -> None:
    # item 90
    assert run(
        collections_db,
        "local a = db:in_transaction()\ndb:begin_transaction()\nlocal b = db:in_transaction()\n"
        "db:commit()\nreturn a, b, db:in_transaction()",
    ) == (False, True, False)


def test_transaction_seen_from_python_and_back(collections_db: Database) -> None:
    with LuaRunner(collections_db) as runner:
        runner.run("db:begin_transaction()")
        assert collections_db.in_transaction() is True  # a successful run may leave it open
        collections_db.create_element("Collection", label="py")
        runner.run("db:rollback()")
    assert collections_db.in_transaction() is False
    assert collections_db.read_element_ids("Collection") == []
    collections_db.begin_transaction()
    assert run(collections_db, "return db:in_transaction()") is True
    collections_db.rollback()


def test_failed_run_rolls_back_the_transaction_it_opened(collections_db: Database) -> None:
    lua_error(collections_db, 'db:begin_transaction()\ndb:create_element("Collection", { label = "x" })\nerror("stop")')
    assert collections_db.in_transaction() is False
    assert collections_db.read_element_ids("Collection") == []


def test_failed_run_leaves_a_callers_transaction_alone(collections_db: Database) -> None:
    collections_db.begin_transaction()
    collections_db.create_element("Collection", label="outer")
    lua_error(collections_db, 'db:create_element("Collection", { label = "inner" })\nerror("stop")')
    assert collections_db.in_transaction() is True
    collections_db.commit()
    assert collections_db.read_scalar_strings("Collection", "label") == ["outer", "inner"]


# ---- db:transaction(fn) ----


def test_transaction_commits_and_returns_first_value(collections_db: Database) -> None:
    # item 91
    assert run(
        collections_db,
        'local n = db:transaction(function(db) db:create_element("Collection", { label = "t" }); return 42, 43 end)\n'
        "return n, db:in_transaction()",
    ) == (42, False)
    assert collections_db.read_scalar_strings("Collection", "label") == ["t"]


def test_transaction_returning_nothing_gives_nil(collections_db: Database) -> None:
    assert run(
        collections_db, "return select('#', db:transaction(function() end)), db:transaction(function() end)"
    ) == (
        1,
        None,
    )


def test_transaction_handle_is_the_same_database(collections_db: Database) -> None:
    assert (
        run(collections_db, "return db:transaction(function(h) return rawequal(h, db) and h:in_transaction() end)")
        is True
    )


def test_error_in_transaction_rolls_back_and_fails(collections_db: Database) -> None:
    # item 92
    script = (
        "db:transaction(function(db)\n"
        '  db:create_element("Collection", { label = "rolled back" })\n'
        "\n"
        '  error("intentional error")\n'
        "end)"
    )
    text = lua_error(collections_db, script)
    assert first_line(text) == 'Lua error: [string "db:transaction(function(db)..."]:4: intentional error'
    assert text.count("stack traceback:") == 2  # the inner one, then the outer one
    assert collections_db.read_element_ids("Collection") == []
    assert collections_db.in_transaction() is False


def test_engine_error_in_transaction_rolls_back(collections_db: Database) -> None:
    text = lua_error(
        collections_db,
        'db:transaction(function(h) h:create_element("Collection", { label = "a" }); h:create_element("Nope", { label = "b" }) end)',
    )
    assert first_line(text) == "Lua error: Cannot create_element: collection not found: Nope"
    assert collections_db.read_element_ids("Collection") == []


def test_pcall_around_transaction_gets_inner_message_with_traceback(collections_db: Database) -> None:
    ok, message, active = run(
        collections_db,
        "local ok, m = pcall(db.transaction, db, function() error('boom') end)\nreturn ok, m, db:in_transaction()",
    )
    script_chunk = '[string "local ok, m = pcall(db.transaction, db, funct..."]'
    assert ok is False and active is False
    assert message.startswith(f"{script_chunk}:1: boom\nstack traceback:\n\t")


def test_non_string_error_in_transaction(collections_db: Database) -> None:
    assert error_line(collections_db, "db:transaction(function() error({}) end)") == (
        "An unknown error has triggered the default error handler"
    )


def test_several_writes_in_one_transaction_block(collections_db: Database) -> None:
    # item 93
    run(
        collections_db,
        "db:transaction(function(db)\n"
        '  local a = db:create_element("Collection", { label = "Item 1", some_integer = 100 })\n'
        '  local b = db:create_element("Collection", { label = "Item 2", some_integer = 10 })\n'
        '  db:update_element("Collection", b, { some_integer = 20 })\n'
        "end)",
    )
    assert collections_db.read_scalar_strings("Collection", "label") == ["Item 1", "Item 2"]
    assert collections_db.read_scalar_integers("Collection", "some_integer") == [100, 20]


def test_transaction_when_one_is_open_does_not_call_fn(collections_db: Database) -> None:
    assert run(
        collections_db,
        "db:begin_transaction()\ncalled = false\n"
        "local ok, m = pcall(db.transaction, db, function() called = true end)\n"
        "db:rollback()\nreturn ok, m, called",
    ) == (False, "Cannot begin_transaction: transaction already active", False)


def test_fn_that_ends_the_transaction_itself_makes_commit_fail(collections_db: Database) -> None:
    script = 'db:transaction(function(h) h:create_element("Collection", { label = "a" }); h:commit() end)'
    assert error_line(collections_db, script) == "Cannot commit: no active transaction"
    assert collections_db.read_scalar_strings("Collection", "label") == ["a"]  # fn's own commit stands
    assert (
        error_line(collections_db, "db:transaction(function(h) h:rollback() end)")
        == "Cannot commit: no active transaction"
    )


def test_method_chunk_position_in_error(collections_db: Database) -> None:
    script = "db:transaction(nil)"
    assert error_line(collections_db, script) == "transaction: argument #1 'fn' must be a function, got nil"
    assert chunk(script) in lua_error(collections_db, script)

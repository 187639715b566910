"""LuaRunner from Python: docs/reference/lua.md 2.6 (the upstream Python tests), lifecycle, returned values,
a closed database, and threads."""

from __future__ import annotations

import gc
import threading
import warnings

import pytest

from quiverdb import Database, LuaRunner, QuiverError
from support.paths import VALID


@pytest.fixture
def runner(collections_db: Database):
    with LuaRunner(collections_db) as r:
        yield r


# ---- docs/reference/lua.md 2.6 ----


def test_script_writes_are_readable_from_python(collections_db: Database, runner: LuaRunner) -> None:
    runner.run(
        'db:create_element("Configuration", { label = "Test Config" })\n'
        'db:create_element("Collection", { label = "Item1", some_integer = 42, some_float = 3.14 })'
    )
    assert collections_db.read_scalar_strings("Collection", "label") == ["Item1"]
    assert collections_db.read_scalar_integers("Collection", "some_integer") == [42]
    assert collections_db.read_scalar_floats("Collection", "some_float") == [3.14]


def test_script_reads_elements_created_from_python(collections_db: Database, runner: LuaRunner) -> None:
    collections_db.create_element("Configuration", label="cfg")
    collections_db.create_element("Collection", label="Item1")
    collections_db.create_element("Collection", label="Item2")
    assert runner.run('local labels = db:read_scalar_strings("Collection", "label") return #labels, labels[1]') == (
        2,
        "Item1",
    )


def test_syntax_error_raises_with_lua_message(runner: LuaRunner) -> None:
    with pytest.raises(QuiverError) as info:
        runner.run("invalid syntax !!!")
    assert str(info.value) == "Lua error: [string \"invalid syntax !!!\"]:1: syntax error near 'syntax'"


def test_runtime_error_raises_with_position_and_traceback(runner: LuaRunner) -> None:
    with pytest.raises(QuiverError) as info:
        runner.run("print(undefined_variable.field)")
    text = str(info.value)
    first, _, rest = text.partition("\n")
    assert first == (
        'Lua error: [string "print(undefined_variable.field)"]:1: '
        "attempt to index a nil value (global 'undefined_variable')"
    )
    assert rest.startswith("stack traceback:\n\t")


def test_engine_error_carries_engine_message_without_position(runner: LuaRunner) -> None:
    with pytest.raises(QuiverError) as info:
        runner.run('db:create_element("Nope", {label = "x"})')
    first, _, rest = str(info.value).partition("\n")
    assert first == "Lua error: Cannot create_element: collection not found: Nope"
    assert "[C]: in method 'create_element'" in rest


def test_runs_accumulate_and_globals_persist(collections_db: Database, runner: LuaRunner) -> None:
    runner.run('db:create_element("Configuration", { label = "c" })')
    runner.run('db:create_element("Collection", { label = "A" })')
    runner.run('db:create_element("Collection", { label = "B" })')
    assert collections_db.read_scalar_strings("Collection", "label") == ["A", "B"]
    runner.run("x = 5")
    assert runner.run("return x") == 5


@pytest.mark.parametrize("script", ["", "   \t\n  ", "-- only a comment", "--[[ a\nblock ]]"])
def test_empty_and_comment_only_scripts_succeed(runner: LuaRunner, script: str) -> None:
    assert runner.run(script) is None


def test_context_manager_closes(collections_db: Database) -> None:
    with LuaRunner(collections_db) as r:
        assert r.run("return 1") == 1
    with pytest.raises(QuiverError, match="LuaRunner is closed"):
        r.run("return 1")


def test_run_after_close_and_double_close(collections_db: Database) -> None:
    r = LuaRunner(collections_db)
    r.close()
    r.close()
    with pytest.raises(QuiverError, match="LuaRunner is closed"):
        r.run("")


def test_runner_keeps_database_alive(collections_db: Database, runner: LuaRunner) -> None:
    assert runner._db is collections_db


def test_unclosed_runner_warns_on_collection(collections_db: Database) -> None:
    r = LuaRunner(collections_db)
    with pytest.warns(ResourceWarning, match="LuaRunner was not closed explicitly"):
        del r
        gc.collect()


def test_runner_on_closed_database_fails_cleanly(tmp_path) -> None:
    db = Database.from_schema(str(tmp_path / "x.db"), str(VALID / "collections.sql"))
    db.close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ResourceWarning from the half-built runner
        with pytest.raises(QuiverError, match="^Database has been closed$"):
            LuaRunner(db)
        gc.collect()


def test_closing_database_under_a_runner_is_an_error_not_a_crash(tmp_path) -> None:
    db = Database.from_schema(str(tmp_path / "x.db"), str(VALID / "collections.sql"))
    r = LuaRunner(db)
    r.run("saved = db")
    db.close()
    with pytest.raises(QuiverError, match="Database is closed"):
        r.run("return 1")
    r.close()
    with pytest.raises(QuiverError):
        db.read_element_ids("Collection")


# ---- returned values ----


def test_return_values_are_converted(runner: LuaRunner) -> None:
    assert runner.run("return nil") is None
    assert runner.run("return true, false") == (True, False)
    assert runner.run("return 42") == 42 and isinstance(runner.run("return 42"), int)
    assert runner.run("return 2^53") == 2.0**53 and isinstance(runner.run("return 1.0"), float)
    assert runner.run("return 'héllo'") == "héllo"
    assert runner.run("return {1, 2, 3}") == [1, 2, 3]
    assert runner.run("return {}") == []
    assert runner.run("return {a = 1, [2] = 'b', [true] = 0.5}") == {"a": 1, 2: "b", True: 0.5}
    assert runner.run("return {1, nil, 3}") == {1: 1, 3: 3}
    assert runner.run("return {x = {1, {y = 'z'}}}") == {"x": [1, {"y": "z"}]}
    assert runner.run("return 1, 'two', {3}") == (1, "two", [3])
    assert runner.run("return math.huge, -math.huge") == (float("inf"), float("-inf"))
    assert runner.run("return math.mininteger, math.maxinteger") == (-(2**63), 2**63 - 1)


def test_non_utf8_strings_come_back_as_bytes(runner: LuaRunner) -> None:
    assert runner.run('return "\\xff\\x00a"') == b"\xff\x00a"


def test_script_with_embedded_nul_is_run_whole(runner: LuaRunner) -> None:
    assert runner.run('return "a\\0b", #"x\x00y"') == ("a\x00b", 3)


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("return print", "cannot return a function value"),
        ("return db", "cannot return a userdata value"),
        ("local t = {} t[1] = t return t", "cannot return a table that contains itself"),
        ("return {[{}] = 1}", "cannot return a table with a table key"),
        ("local t = {} for i = 1, 300 do t = {t} end return t", "nested deeper than 200 levels"),
        ("return {[1] = 'a', [true] = 'b'}", "keys that are equal in Python"),
    ],
)
def test_unconvertible_returns_fail_and_runner_stays_usable(runner: LuaRunner, script: str, message: str) -> None:
    with pytest.raises(QuiverError, match=message):
        runner.run(script)
    assert runner.run("return 'ok'") == "ok"


def test_run_rejects_non_str(runner: LuaRunner) -> None:
    with pytest.raises(TypeError, match="script must be a str"):
        runner.run(b"return 1")  # type: ignore[arg-type]


# ---- threads ----


def test_one_runner_shared_by_threads_is_serialised(collections_db: Database) -> None:
    collections_db.create_element("Configuration", label="c")
    errors: list[BaseException] = []
    with LuaRunner(collections_db) as r:
        r.run("counter = 0")

        def work(k: int) -> None:
            try:
                for i in range(15):
                    r.run(f'counter = counter + 1 db:create_element("Collection", {{label = "t{k}-{i}"}})')
                    with pytest.raises(QuiverError, match="boom"):
                        r.run('error("boom")')
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert r.run("return counter") == 60
    assert collections_db.number_of_elements("Collection") == 60


# ---- transactions left open by a script ----


def test_failed_run_rolls_back_the_transaction_it_opened(collections_db: Database, runner: LuaRunner) -> None:
    collections_db.create_element("Configuration", label="c")
    with pytest.raises(QuiverError, match="boom"):
        runner.run('db:begin_transaction() db:create_element("Collection", {label = "a"}) error("boom")')
    assert collections_db.in_transaction() is False
    assert collections_db.read_scalar_strings("Collection", "label") == []


def test_a_transaction_may_span_several_successful_runs(collections_db: Database, runner: LuaRunner) -> None:
    collections_db.create_element("Configuration", label="c")
    runner.run("db:begin_transaction()")
    runner.run('db:create_element("Collection", {label = "a"})')
    assert collections_db.in_transaction() is True
    runner.run("db:commit()")
    assert collections_db.read_scalar_strings("Collection", "label") == ["a"]


def test_failed_run_leaves_a_callers_transaction_open(collections_db: Database, runner: LuaRunner) -> None:
    collections_db.create_element("Configuration", label="c")
    collections_db.begin_transaction()
    collections_db.create_element("Collection", label="kept")
    with pytest.raises(QuiverError, match="boom"):
        runner.run('db:create_element("Collection", {label = "b"}) error("boom")')
    assert collections_db.in_transaction() is True  # the caller decides
    collections_db.commit()
    assert collections_db.read_scalar_strings("Collection", "label") == ["kept", "b"]

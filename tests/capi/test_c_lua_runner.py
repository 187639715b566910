"""The Lua runner's C contract (docs/reference/lua.md 1 and 4.2) and its extensions, through
quiverdb._quiver_cffi.lib: the two error channels, NULL arguments, returned values, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiverdb._c_api import ffi, lib
from support.capi import last_error
from support.paths import VALID

SCHEMA = str(VALID / "collections.sql")


def runner_error(runner) -> str | None:
    out = ffi.new("const char **")
    assert lib.quiver_lua_runner_get_error(runner, out) == lib.QUIVER_OK
    return None if out[0] == ffi.NULL else ffi.string(out[0]).decode()


@pytest.fixture
def runner(cdb):
    out = ffi.new("quiver_lua_runner_t **")
    assert lib.quiver_lua_runner_new(cdb, out) == lib.QUIVER_OK
    assert out[0] != ffi.NULL
    yield out[0]
    assert lib.quiver_lua_runner_free(out[0]) == lib.QUIVER_OK


def run(runner, script: str) -> int:
    return lib.quiver_lua_runner_run(runner, script.encode())


def c_integers(cdb, collection: str, attribute: str) -> list[int]:
    values, count = ffi.new("int64_t **"), ffi.new("size_t *")
    assert lib.quiver_database_read_scalar_integers(cdb, collection.encode(), attribute.encode(), values, count) == 0
    try:
        return list(ffi.unpack(values[0], count[0])) if count[0] else []
    finally:
        lib.quiver_database_free_integer_array(values[0])


def c_ids(cdb, collection: str) -> list[int]:
    values, count = ffi.new("int64_t **"), ffi.new("size_t *")
    assert lib.quiver_database_read_element_ids(cdb, collection.encode(), values, count) == 0
    try:
        return list(ffi.unpack(values[0], count[0])) if count[0] else []
    finally:
        lib.quiver_database_free_integer_array(values[0])


# ---- docs/reference/lua.md 4.2 ----


def test_new_and_free(cdb) -> None:
    out = ffi.new("quiver_lua_runner_t **")
    assert lib.quiver_lua_runner_new(cdb, out) == lib.QUIVER_OK and out[0] != ffi.NULL
    assert lib.quiver_lua_runner_free(out[0]) == lib.QUIVER_OK


def test_free_null_is_ok() -> None:
    assert lib.quiver_lua_runner_free(ffi.NULL) == lib.QUIVER_OK


def test_null_arguments_go_to_the_global_error(cdb, runner) -> None:
    out = ffi.new("quiver_lua_runner_t **")
    assert lib.quiver_lua_runner_new(ffi.NULL, out) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: db"
    assert lib.quiver_lua_runner_new(cdb, ffi.NULL) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: out_runner"
    assert lib.quiver_lua_runner_run(ffi.NULL, b"x = 1") == lib.QUIVER_ERROR
    assert last_error() == "Null argument: runner"
    assert lib.quiver_lua_runner_run(runner, ffi.NULL) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: script"
    err = ffi.new("const char **")
    assert lib.quiver_lua_runner_get_error(ffi.NULL, err) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: runner"
    assert lib.quiver_lua_runner_get_error(runner, ffi.NULL) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: out_error"


def test_simple_script_runs(runner) -> None:
    assert run(runner, "local x = 1 + 1") == lib.QUIVER_OK
    assert runner_error(runner) is None


def test_script_failures_go_to_the_runner_error_only(runner) -> None:
    lib.quiver_clear_last_error()
    assert run(runner, "invalid lua syntax !!!") == lib.QUIVER_ERROR
    assert runner_error(runner) == "Lua error: [string \"invalid lua syntax !!!\"]:1: syntax error near 'lua'"
    assert last_error() == ""
    assert run(runner, "error('boom')") == lib.QUIVER_ERROR
    assert runner_error(runner).startswith("Lua error: [string \"error('boom')\"]:1: boom\nstack traceback:")
    assert run(runner, "assert(false, 'Test assertion failure')") == lib.QUIVER_ERROR
    assert "Test assertion failure" in runner_error(runner)
    assert run(runner, "local y = undefined_variable + 1") == lib.QUIVER_ERROR
    assert "undefined_variable" in runner_error(runner)
    assert last_error() == ""


def test_successful_run_clears_the_runner_error_but_not_the_global_one(runner) -> None:
    lib.quiver_lua_runner_run(ffi.NULL, b"")
    assert run(runner, "error('x')") == lib.QUIVER_ERROR
    assert run(runner, "return 1") == lib.QUIVER_OK
    assert runner_error(runner) is None
    assert last_error() == "Null argument: runner"


def test_null_script_keeps_the_previous_runner_error(runner) -> None:
    assert run(runner, "error('first')") == lib.QUIVER_ERROR
    assert lib.quiver_lua_runner_run(runner, ffi.NULL) == lib.QUIVER_ERROR
    assert "first" in runner_error(runner)  # quirk kept (docs/reference/lua.md 1.2)


def test_script_writes_are_seen_by_the_c_read_api(cdb, runner) -> None:
    assert run(runner, 'db:create_element("Configuration", {label = "c"})') == 0
    assert run(runner, 'db:create_element("Collection", {label = "a", some_integer = 42})') == 0
    assert run(runner, 'db:create_element("Collection", {label = "b", some_integer = 7, value_int = {1, 2, 3}})') == 0
    assert c_integers(cdb, "Collection", "some_integer") == [42, 7]
    vectors, sizes, count = ffi.new("int64_t ***"), ffi.new("size_t **"), ffi.new("size_t *")
    assert lib.quiver_database_read_vector_integers(cdb, b"Collection", b"value_int", vectors, sizes, count) == 0
    try:
        assert count[0] == 1 and list(ffi.unpack(vectors[0][0], sizes[0][0])) == [1, 2, 3]
    finally:
        lib.quiver_database_free_integer_vectors(vectors[0], sizes[0], count[0])


def test_script_reads_what_c_wrote(cdb, runner) -> None:
    assert run(runner, 'db:create_element("Configuration", {label = "c"})') == 0
    el = ffi.new("quiver_element_t **")
    assert lib.quiver_element_create(el) == 0
    try:
        assert lib.quiver_element_set_string(el[0], b"label", b"from C") == 0
        assert lib.quiver_element_set_integer(el[0], b"some_integer", 100) == 0
        new_id = ffi.new("int64_t *")
        assert lib.quiver_database_create_element(cdb, b"Collection", el[0], new_id) == 0
    finally:
        lib.quiver_element_destroy(el[0])
    assert run(runner, 'assert(db:read_scalar_integers("Collection", "some_integer")[1] == 100)') == 0


def test_create_delete_update_inside_one_script(cdb, runner) -> None:
    script = """
        db:create_element("Configuration", {label = "c"})
        local a = db:create_element("Collection", {label = "a"})
        local b = db:create_element("Collection", {label = "b"})
        assert(#db:read_element_ids("Collection") == 2)
        db:delete_element("Collection", a)
        assert(#db:read_element_ids("Collection") == 1)
        db:update_element("Collection", b, {some_integer = 999})
    """
    assert run(runner, script) == lib.QUIVER_OK, runner_error(runner)
    assert c_ids(cdb, "Collection") == [2]
    value, has = ffi.new("int64_t *"), ffi.new("int *")
    assert lib.quiver_database_read_scalar_integer_by_id(cdb, b"Collection", b"some_integer", 2, value, has) == 0
    assert (has[0], value[0]) == (1, 999)


def test_runner_stays_usable_after_a_failure(runner) -> None:
    assert run(runner, "error('x')") == lib.QUIVER_ERROR
    assert run(runner, "x = 1") == lib.QUIVER_OK


def test_closing_the_database_first_makes_runs_fail_not_crash(tmp_path: Path) -> None:
    out = ffi.new("quiver_database_t **")
    assert lib.quiver_database_from_schema(str(tmp_path / "d.db").encode(), SCHEMA.encode(), ffi.NULL, out) == 0
    r = ffi.new("quiver_lua_runner_t **")
    assert lib.quiver_lua_runner_new(out[0], r) == 0
    assert run(r[0], "keep = db") == 0
    assert lib.quiver_database_close(out[0]) == 0
    assert run(r[0], "return keep:path()") == lib.QUIVER_ERROR
    assert runner_error(r[0]) == "Lua error: Database is closed"
    assert lib.quiver_lua_runner_free(r[0]) == lib.QUIVER_OK


# ---- extensions: returned values, limits, interruption ----


def test_run_values_returns_a_tree_that_frees(runner) -> None:
    script = b'return 7, "a\\0b", {1.5, true}, {k = "v"}'
    values, count = ffi.new("quiver_lua_value_t **"), ffi.new("size_t *")
    assert lib.quiver_lua_runner_run_values(runner, script, len(script), values, count) == lib.QUIVER_OK
    try:
        v = values[0]
        assert count[0] == 4
        assert (v[0].type, v[0].integer) == (lib.QUIVER_LUA_INTEGER, 7)
        assert v[1].type == lib.QUIVER_LUA_STRING and ffi.unpack(v[1].string, v[1].length) == b"a\x00b"
        assert v[2].type == lib.QUIVER_LUA_ARRAY and v[2].length == 2
        assert (v[2].items[0].type, v[2].items[0].number) == (lib.QUIVER_LUA_FLOAT, 1.5)
        assert (v[2].items[1].type, v[2].items[1].integer) == (lib.QUIVER_LUA_BOOLEAN, 1)
        assert v[3].type == lib.QUIVER_LUA_TABLE and v[3].length == 1
        assert ffi.string(v[3].items[0].string) == b"k" and ffi.string(v[3].items[1].string) == b"v"
    finally:
        assert lib.quiver_lua_runner_free_values(values[0], count[0]) == lib.QUIVER_OK


def test_run_values_with_nothing_returned(runner) -> None:
    values, count = ffi.new("quiver_lua_value_t **"), ffi.new("size_t *")
    assert lib.quiver_lua_runner_run_values(runner, b"x = 1", 5, values, count) == lib.QUIVER_OK
    assert values[0] == ffi.NULL and count[0] == 0
    assert lib.quiver_lua_runner_free_values(ffi.NULL, 0) == lib.QUIVER_OK


def test_run_values_null_arguments(runner) -> None:
    values, count = ffi.new("quiver_lua_value_t **"), ffi.new("size_t *")
    assert lib.quiver_lua_runner_run_values(runner, b"", 0, ffi.NULL, count) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: out_values"
    assert lib.quiver_lua_runner_run_values(runner, b"", 0, values, ffi.NULL) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: out_count"
    assert lib.quiver_lua_runner_run_values(runner, ffi.NULL, 0, values, count) == lib.QUIVER_ERROR
    assert last_error() == "Null argument: script"


def test_limits_from_c(runner) -> None:
    assert lib.quiver_lua_runner_set_limits(runner, -1, 0, 0) == lib.QUIVER_ERROR
    assert "limits must be >= 0" in last_error()
    assert lib.quiver_lua_runner_set_limits(ffi.NULL, 0, 0, 0) == lib.QUIVER_ERROR
    assert lib.quiver_lua_runner_set_limits(runner, 5000, 0, 0) == lib.QUIVER_OK
    assert run(runner, "while true do end") == lib.QUIVER_ERROR
    assert runner_error(runner) == "Lua error: instruction limit exceeded (max_instructions=5000)"
    interrupted = ffi.new("int *")
    assert lib.quiver_lua_runner_was_interrupted(runner, interrupted) == 0 and interrupted[0] == 0
    assert lib.quiver_lua_runner_set_limits(runner, 0, 0, 0) == lib.QUIVER_OK
    assert run(runner, "for i = 1, 100000 do end") == lib.QUIVER_OK


def test_interrupt_from_another_thread(runner) -> None:
    import threading

    timer = threading.Timer(0.1, lambda: lib.quiver_lua_runner_interrupt(runner))
    timer.start()
    assert run(runner, "while true do end") == lib.QUIVER_ERROR
    timer.join()
    assert runner_error(runner) == "Lua error: script interrupted"
    interrupted = ffi.new("int *")
    assert lib.quiver_lua_runner_was_interrupted(runner, interrupted) == 0 and interrupted[0] == 1
    assert lib.quiver_lua_runner_interrupt(ffi.NULL) == lib.QUIVER_ERROR
    # a request while nothing runs is dropped
    assert lib.quiver_lua_runner_interrupt(runner) == lib.QUIVER_OK
    assert run(runner, "for i = 1, 100000 do end") == lib.QUIVER_OK

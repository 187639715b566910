# docs/reference/lua.md 4.1 items: 3, 11, 12, 24, 25, 26, 29, 30, 31, 54, 55, 56, 99
"""The Lua `db` object as a whole: its method names (docs/reference/lua.md 3.7), the `Database` global, the
error texts of docs/reference/lua.md 3.3, argument checking (3.4), database info and describe (3.7.1, 3.7.11)."""

from __future__ import annotations

import pytest

from quiverdb import Database
from support.lua import chunk, error_line, first_line, lua_error, run

# docs/reference/lua.md 3.7: the 45 names of 0.5.0
METHODS_050 = [
    "begin_transaction", "commit", "create_element", "current_version", "delete_element", "describe",
    "export_csv", "get_scalar_metadata", "get_set_metadata", "get_time_series_metadata",
    "get_vector_metadata", "has_time_series_files", "import_csv", "in_transaction", "is_healthy",
    "list_scalar_attributes", "list_set_groups", "list_time_series_files_columns",
    "list_time_series_groups", "list_vector_groups", "path", "query_float", "query_integer",
    "query_string", "read_element_by_id", "read_element_ids", "read_scalar_floats",
    "read_scalar_integers", "read_scalar_strings", "read_scalars_by_id", "read_set_floats",
    "read_set_integers", "read_set_strings", "read_sets_by_id", "read_time_series_files",
    "read_time_series_group", "read_vector_floats", "read_vector_integers", "read_vector_strings",
    "read_vectors_by_id", "rollback", "transaction", "update_element", "update_time_series_files",
    "update_time_series_group",
]  # fmt: skip

# the later-upstream and by-id additions the binding also has
METHODS_EXTRA = [
    "number_of_elements", "update_vector_group", "update_set_group",
    "read_scalar_integer_by_id", "read_scalar_float_by_id", "read_scalar_string_by_id",
    "read_vector_integers_by_id", "read_vector_floats_by_id", "read_vector_strings_by_id",
    "read_set_integers_by_id", "read_set_floats_by_id", "read_set_strings_by_id",
    "read_vector_group_by_id", "read_set_group_by_id",
]  # fmt: skip


def _lua_list(names: list[str]) -> str:
    return "{" + ", ".join(f'"{n}"' for n in names) + "}"


# ---- the method table ----


def test_the_45_methods_of_050_are_listed() -> None:
    assert len(METHODS_050) == 45 == len(set(METHODS_050))


@pytest.mark.parametrize("names", [METHODS_050, METHODS_EXTRA], ids=["0.5.0", "extra"])
def test_every_method_is_a_function_on_db(collections_db: Database, names: list[str]) -> None:
    missing = run(
        collections_db,
        f"local missing = {{}}\n"
        f"for _, name in ipairs({_lua_list(names)}) do\n"
        f"  if type(db[name]) ~= 'function' then missing[#missing + 1] = name end\n"
        f"end\n"
        f"return missing",
    )
    assert missing == []


def test_database_global_is_the_method_table(collections_db: Database) -> None:
    # (quirk) the method table is also the global `Database`, usable with an explicit self
    collections_db.create_element("Configuration", label="cfg")
    collections_db.create_element("Collection", label="a")
    collections_db.create_element("Collection", label="b")
    same, ids, dotted = run(
        collections_db,
        f"local same = true\n"
        f"for _, name in ipairs({_lua_list(METHODS_050 + METHODS_EXTRA)}) do\n"
        f"  if Database[name] ~= db[name] then same = false end\n"
        f"end\n"
        f'return same, Database.read_element_ids(db, "Collection"), db.read_element_ids(db, "Collection")',
    )
    assert same is True
    assert ids == dotted == [1, 2]
    assert run(collections_db, "return Database.new == nil and Database.open == nil") is True


def test_db_is_a_userdata_whose_metatable_is_locked(collections_db: Database) -> None:
    assert run(collections_db, "return type(db), tostring(db), getmetatable(db)") == (
        "userdata",
        "quiver.Database",
        "quiver.Database",
    )


def test_unknown_method_is_a_call_of_nil(collections_db: Database) -> None:
    assert (
        error_line(collections_db, "db:nope()")
        == f"{chunk('db:nope()')}:1: attempt to call a nil value (method 'nope')"
    )


# ---- docs/reference/lua.md 3.3: error texts ----


def test_syntax_error_is_luas_message_without_traceback(collections_db: Database) -> None:
    # item 3
    text = lua_error(collections_db, "invalid lua syntax !!!")
    assert text == "Lua error: [string \"invalid lua syntax !!!\"]:1: syntax error near 'lua'"


def test_error_call_keeps_chunk_position_and_adds_traceback(collections_db: Database) -> None:
    # item 11
    script = "error('Test error')"
    text = lua_error(collections_db, script)
    assert first_line(text) == f"Lua error: {chunk(script)}:1: Test error"
    assert "\nstack traceback:\n\t" in text


def test_failed_assert_reports_its_message(collections_db: Database) -> None:
    # item 12
    script = "assert(false, 'Test assertion failure')"
    assert error_line(collections_db, script) == f"{chunk(script)}:1: Test assertion failure"
    assert error_line(collections_db, "assert(false)") == f"{chunk('assert(false)')}:1: assertion failed!"


def test_error_with_level_zero_has_no_position(collections_db: Database) -> None:
    assert error_line(collections_db, "error('plain', 0)") == "plain"


@pytest.mark.parametrize("script", ["error(42)", "error({})", "error()", "error(true)"])
def test_non_string_error_values_get_the_fixed_text(collections_db: Database, script: str) -> None:
    assert error_line(collections_db, script) == "An unknown error has triggered the default error handler"


def test_multi_line_script_position_uses_first_line_and_dots(collections_db: Database) -> None:
    script = "-- my script\nlocal x = 1\nerror('on line three')"
    assert error_line(collections_db, script) == '[string "-- my script..."]:3: on line three'
    long_line = "local a_rather_long_variable_name_for_the_test = nil; error('x')"
    assert error_line(collections_db, long_line) == f'[string "{long_line[:45]}..."]:1: x'


def test_undefined_global_in_arithmetic_fails(collections_db: Database) -> None:
    # item 24
    script = "local x = undefined_var + 1"
    assert error_line(collections_db, script) == (
        f"{chunk(script)}:1: attempt to perform arithmetic on a nil value (global 'undefined_var')"
    )


def test_calling_a_nil_local_fails(collections_db: Database) -> None:
    # item 25
    script = "local f = nil; f()"
    assert error_line(collections_db, script) == f"{chunk(script)}:1: attempt to call a nil value (local 'f')"


def test_indexing_a_nil_local_fails(collections_db: Database) -> None:
    # item 26
    script = "local t = nil; local x = t.field"
    assert error_line(collections_db, script) == f"{chunk(script)}:1: attempt to index a nil value (local 't')"


def test_engine_error_is_the_engine_message_with_method_frame(collections_db: Database) -> None:
    script = 'db:create_element("Nope", {label = "x"})'
    text = lua_error(collections_db, script)
    first, _, traceback = text.partition("\n")
    assert first == "Lua error: Cannot create_element: collection not found: Nope"
    assert traceback.startswith("stack traceback:\n\t[C]: in method 'create_element'\n\t")
    assert f'[string "{script}"]:1: in main chunk' in traceback


def test_pcall_receives_the_bare_engine_message(collections_db: Database) -> None:
    ok, message = run(collections_db, 'return pcall(db.create_element, db, "Nope", {label = "x"})')
    assert ok is False
    assert message == "Cannot create_element: collection not found: Nope"
    ok, message = run(collections_db, 'return pcall(function() db:read_element_ids("Nope") end)')
    assert (ok, message) == (False, "Cannot read_element_ids: collection not found: Nope")


@pytest.mark.parametrize("script", ["", "   \t\n  \n\t", "-- a comment\n--[[ a block\ncomment ]]\n"])
def test_empty_whitespace_and_comment_scripts_succeed(collections_db: Database, script: str) -> None:
    # items 29, 30, 31
    assert run(collections_db, script) is None


# ---- docs/reference/lua.md 3.4: argument checking (binding deviation: clear errors, not loose conversion) ----


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ('db:create_element(nil, {label = "x"})', "create_element: argument #1 'collection' must be a string, got nil"),
        ('db:create_element(5, {label = "x"})', "create_element: argument #1 'collection' must be a string, got integer"),
        ('db:create_element("Collection")', "create_element: argument #2 'attributes' must be a table, got no value"),
        ('db:create_element("Collection", "x")', "create_element: argument #2 'attributes' must be a table, got string"),
        ('db:read_scalar_strings("Collection", 1.5)', "read_scalar_strings: argument #2 'attribute' must be a string, got float"),
        ("db:read_element_ids()", "read_element_ids: argument #1 'collection' must be a string, got no value"),
        ('db:update_element("Collection", 1.5, {label = "x"})',
         "update_element: argument #2 'id' must be an integer id, got the non-integral number 1.5"),
        ('db:update_element("Collection", 2^63, {label = "x"})',
         "update_element: argument #2 'id' must be an integer id, got the number 9.2233720368548e+18, outside the 64-bit integer range"),
        ('db:delete_element("Collection", math.huge)',
         "delete_element: argument #2 'id' must be an integer id, got the number inf, outside the 64-bit integer range"),
        ('db:update_element("Collection", "1", {label = "x"})', "update_element: argument #2 'id' must be an integer id, got string"),
        ('db:delete_element("Collection", nil)', "delete_element: argument #2 'id' must be an integer id, got nil"),
        ('db:read_scalars_by_id("Collection", true)', "read_scalars_by_id: argument #2 'id' must be an integer id, got boolean"),
        ('db:query_string(nil)', "query_string: argument #1 'sql' must be a string, got nil"),
        ('db:query_integer("SELECT 1", "x")', "query_integer: argument #2 'params' must be a table, got string"),
        ("db:transaction(5)", "transaction: argument #1 'fn' must be a function, got integer"),
        ('db:update_time_series_files("Collection", "x")',
         "update_time_series_files: argument #2 'paths' must be a table, got string"),
        ('db:update_time_series_group("Collection", "data", 1, nil)',
         "update_time_series_group: argument #4 'rows' must be a table, got nil"),
    ],
)  # fmt: skip
def test_wrong_argument_types_name_method_and_argument(collections_db: Database, script: str, message: str) -> None:
    collections_db.create_element("Collection", label="a")
    assert error_line(collections_db, script) == message


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ('db:create_element("Collection\\0x", {label = "a"})',
         "create_element: argument #1 'collection' contains a NUL character ('Collection\\0x')"),
        ('db:query_string("SELECT 1\\0")', "query_string: argument #1 'sql' contains a NUL character ('SELECT 1\\0')"),
        ('db:create_element("Collection", {["label\\0x"] = "a"})',
         "create_element: attribute name 'label\\0x' contains a NUL character"),
        ('db:update_vector_group("Collection", "values", 1, {["value_int\\0"] = {1}})',
         "update_vector_group: column name 'value_int\\0' contains a NUL character"),
        ('db:update_time_series_group("Collection", "data", 1, {{["date_time\\0"] = "x"}})',
         "update_time_series_group: row 1: column name 'date_time\\0' contains a NUL character"),
        ('db:update_time_series_files("Collection", {["data_file\\0"] = "x"})',
         "update_time_series_files: column name 'data_file\\0' contains a NUL character"),
    ],
)  # fmt: skip
def test_names_with_nul_are_refused_whole(collections_db: Database, script: str, message: str) -> None:
    # a NUL would cut the name (and the engine's message) short on the way through C strings
    collections_db.create_element("Collection", label="a")
    assert error_line(collections_db, script) == message


def test_nul_inside_values_is_kept(collections_db: Database) -> None:
    assert run(
        collections_db,
        'db:create_element("Collection", {label = "a\\0b"}); return db:read_scalar_strings("Collection", "label")',
    ) == ["a\0b"]


def test_integral_float_ids_are_accepted(collections_db: Database) -> None:
    collections_db.create_element("Collection", label="a", some_integer=1)
    collections_db.create_element("Collection", label="b", some_integer=2)
    assert run(collections_db, 'return db:read_scalars_by_id("Collection", 2.0).label') == "b"
    run(
        collections_db,
        'db:update_element("Collection", 1.0, {some_integer = 10}); db:delete_element("Collection", 2.0)',
    )
    assert collections_db.read_scalar_integers("Collection", "some_integer") == [10]


@pytest.mark.parametrize(
    "script",
    ['db.read_element_ids("Collection")', 'Database.read_element_ids("Collection")', "db.path()",
     'Database.read_element_ids({}, "Collection")'],
)  # fmt: skip
def test_dot_call_without_self_is_a_clear_error(collections_db: Database, script: str) -> None:
    message = error_line(collections_db, script)
    method = "path" if "path" in script else "read_element_ids"
    assert message.startswith(f"{method}: expected the database as self (call it as db:{method}(...)")


def test_bad_call_leaves_runner_and_database_usable(collections_db: Database) -> None:
    assert run(collections_db, "local ok = pcall(db.create_element, db, nil, {}); return ok, db:is_healthy()") == (
        False,
        True,
    )


# ---- docs/reference/lua.md 3.7.1: database info ----


def test_is_healthy_is_true(collections_db: Database) -> None:
    # item 54
    assert run(collections_db, "return db:is_healthy()") is True


def test_current_version_is_an_integer(collections_db: Database) -> None:
    # item 55
    assert run(collections_db, "return db:current_version(), math.type(db:current_version())") == (
        collections_db.current_version(),
        "integer",
    )
    assert collections_db.current_version() == 0  # the schema file does not set user_version


def test_current_version_follows_user_version(collections_db: Database) -> None:
    run(collections_db, 'db:query_integer("PRAGMA user_version = 7")')
    assert run(collections_db, "return db:current_version()") == 7 == collections_db.current_version()


def test_path_of_in_memory_database(schemas_dir) -> None:
    # item 56
    db = Database.from_schema(":memory:", str(schemas_dir / "valid" / "collections.sql"))
    try:
        assert run(db, "return db:path()") == ":memory:"
    finally:
        db.close()


def test_path_of_file_database(collections_db: Database) -> None:
    assert run(collections_db, "return db:path()") == collections_db.path()
    assert collections_db.path().endswith("collections.db")


# ---- docs/reference/lua.md 3.7.11: describe ----


def test_describe_prints_the_report_and_returns_nothing(capfd, collections_db: Database) -> None:
    # item 99
    capfd.readouterr()
    collections_db.describe()
    expected = capfd.readouterr().out
    assert run(collections_db, "return select('#', db:describe())") == 0
    out = capfd.readouterr().out
    assert out == expected
    assert out.startswith(f"Database: {collections_db.path()}\nVersion: 0\n\nCollection: Collection\n  Scalars:\n")
    assert "    - id (INTEGER) PRIMARY KEY\n    - label (TEXT) NOT NULL\n" in out
    assert "  Time Series:\n    - data: [date_time], value(REAL)\n" in out


def test_describe_without_schema(capfd, tmp_path) -> None:
    (tmp_path / "plain.db").touch()
    db = Database.open(str(tmp_path / "plain.db"))
    try:
        capfd.readouterr()
        run(db, "db:describe()")
        assert capfd.readouterr().out == f"Database: {db.path()}\nVersion: 0\n\nNo schema loaded.\n"
    finally:
        db.close()


def test_result_counts(collections_db: Database, tmp_path) -> None:
    # methods documented to return nothing return no value at all; the others exactly one
    csv = str(tmp_path / "c.csv")
    counts = run(
        collections_db,
        "local function n(...) return select('#', ...) end\n"
        "return {\n"
        '  n(db:create_element("Collection", { label = "a" })),\n'
        '  n(db:update_element("Collection", 1, { some_integer = 1 })),\n'
        '  n(db:update_time_series_group("Collection", "data", 1, {})),\n'
        '  n(db:update_time_series_files("Collection", { data_file = "x" })),\n'
        '  n(db:update_vector_group("Collection", "values", 1, {})),\n'
        "  n(db:begin_transaction()), n(db:commit()), n(db:begin_transaction()), n(db:rollback()),\n"
        f'  n(db:export_csv("Collection", "", "{csv}")), n(db:import_csv("Collection", "", "{csv}")),\n'
        '  n(db:delete_element("Collection", 1)),\n'
        '  n(db:read_element_ids("Collection")), n(db:query_string("SELECT 1 WHERE 0")), n(db:in_transaction()),\n'
        "}",
    )
    assert counts == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]


def test_describe_matches_python_for_a_multi_group_schema(capfd, describe_db: Database) -> None:
    capfd.readouterr()
    describe_db.describe()
    expected = capfd.readouterr().out
    run(describe_db, "db:describe()")
    out = capfd.readouterr().out
    assert out == expected
    assert (
        "  Time Series:\n    - data: [date_time], value(REAL), count(INTEGER)\n    - metrics: [date_recorded], temperature(REAL)\n"
        in out
    )

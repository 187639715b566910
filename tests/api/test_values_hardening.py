"""Issue 16, items 16-20: values (docs/reliability.md).

16 NaN refused, never shifted or dropped; 18 query parameter count and bare strings;
19 LuaRunner(None) and str subclasses; 20 wrong-typed reads and missing ids (strict=True).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from quiverdb import Database, LuaRunner, QuiverError
from quiverdb._quiver_cffi import ffi, lib
from support.paths import VALID

COLLECTIONS = VALID / "collections.sql"
BASIC = VALID / "basic.sql"

NAN_MESSAGE = "Cannot store NaN"


@pytest.fixture
def cdb(tmp_path: Path):
    db = Database.from_schema(str(tmp_path / "v.db"), str(COLLECTIONS))
    yield db
    db.close()


# ---- 16. NaN ----


def test_nan_in_a_vector_is_refused_not_dropped(cdb: Database) -> None:
    with pytest.raises(QuiverError, match=NAN_MESSAGE):
        cdb.create_element("Collection", label="a", value_float=[1.0, math.nan, 3.0])
    assert cdb.read_element_ids("Collection") == []  # nothing half-written
    e = cdb.create_element("Collection", label="b", value_float=[1.0, 2.0, 3.0])
    with pytest.raises(QuiverError, match=NAN_MESSAGE):
        cdb.update_element("Collection", e, value_float=[math.nan, 5.0])
    assert cdb.read_vector_floats_by_id("Collection", "value_float", e) == [1.0, 2.0, 3.0]
    with pytest.raises(QuiverError, match=NAN_MESSAGE):
        cdb.update_vector_group("Collection", "values", e, {"value_float": [4.0, math.nan]})
    assert cdb.read_vector_floats_by_id("Collection", "value_float", e) == [1.0, 2.0, 3.0]


def test_nan_scalar_time_series_and_lua_are_refused(cdb: Database) -> None:
    with pytest.raises(QuiverError, match=NAN_MESSAGE):
        cdb.create_element("Collection", label="a", some_float=math.nan)
    e = cdb.create_element("Collection", label="b", some_float=1.5)
    with pytest.raises(QuiverError, match=NAN_MESSAGE):
        cdb.update_time_series_group("Collection", "data", e, [{"date_time": "2024-01-01T00:00:00", "value": math.nan}])
    runner = LuaRunner(cdb)
    try:
        with pytest.raises(QuiverError, match=NAN_MESSAGE):
            runner.run('db:update_element("Collection", 2, {some_float = 0/0})')
    finally:
        runner.close()
    assert cdb.read_scalar_floats("Collection", "some_float") == [1.5]


# ---- 18. query parameters ----


@pytest.mark.parametrize(
    ("sql", "params", "expected", "got"),
    [("SELECT ?", ["a", "b"], 1, 2), ("SELECT ? || ?", ["a"], 2, 1), ("SELECT 1", [1], 0, 1)],
)
def test_query_parameter_count_mismatch_is_refused(cdb: Database, sql, params, expected, got) -> None:
    with pytest.raises(QuiverError, match=f"the SQL has {expected} parameter\\(s\\), got {got}"):
        cdb.query_string(sql, params=params)


def test_query_params_as_a_bare_string_is_refused(cdb: Database) -> None:
    for params in ("abc", b"abc"):
        with pytest.raises(TypeError, match="params must be a list or tuple"):
            cdb.query_string("SELECT ? || ? || ?", params=params)  # type: ignore[arg-type]
    assert cdb.query_string("SELECT ? || ?", params=("a", "b")) == "ab"


def test_lua_query_parameter_count_mismatch_is_refused(cdb: Database) -> None:
    runner = LuaRunner(cdb)
    try:
        with pytest.raises(QuiverError, match="the SQL has 1 parameter"):
            runner.run('return db:query_string("SELECT ?", {"a", "b"})')
    finally:
        runner.close()


# ---- 19. LuaRunner(None), str subclasses ----


def test_lua_runner_of_none_is_a_type_error_naming_the_argument() -> None:
    for bad in (None, "db.sqlite", 3):
        with pytest.raises(TypeError, match="^db must be a Database, not "):
            LuaRunner(bad)  # type: ignore[arg-type]


class Shouty(str):
    def __str__(self) -> str:
        return "SHOUTED"

    def encode(self, *args, **kwargs):  # type: ignore[override]
        return b"ENCODED"


class Weird(float):
    def __float__(self) -> float:
        return 99.0


def test_a_str_subclass_is_stored_by_its_string_value(cdb: Database) -> None:
    e = cdb.create_element("Collection", label=Shouty("quiet"), some_float=Weird(1.25))
    assert cdb.read_scalar_string_by_id("Collection", "label", e) == "quiet"
    assert cdb.read_scalar_float_by_id("Collection", "some_float", e) == 1.25
    cdb.update_element("Collection", e, tag=[Shouty("t1")])
    assert cdb.read_set_strings_by_id("Collection", "tag", e) == ["t1"]
    assert cdb.query_string("SELECT ?", params=[Shouty("p")]) == "p"


# ---- 20. wrong-typed reads and missing ids ----


def test_wrong_typed_reads_are_errors_with_strict(tmp_path: Path) -> None:
    db = Database.from_schema(str(tmp_path / "s.db"), str(BASIC), strict=True)
    try:
        db.create_element("Configuration", label="a", float_attribute=1.5, integer_attribute=3)
        with pytest.raises(
            QuiverError,
            match="^Cannot read_scalar_integers: column 'float_attribute' of table "
            "'Configuration' is REAL, not INTEGER",
        ):
            db.read_scalar_integers("Configuration", "float_attribute")
        with pytest.raises(QuiverError, match="is INTEGER, not STRING"):
            db.read_scalar_string_by_id("Configuration", "integer_attribute", 1)
        # widening and dates as strings stay allowed
        assert db.read_scalar_floats("Configuration", "integer_attribute") == [3.0]
        assert db.read_scalar_strings("Configuration", "date_attribute") == []
    finally:
        db.close()


def test_wrong_typed_group_reads_are_errors_with_strict(tmp_path: Path) -> None:
    db = Database.from_schema(str(tmp_path / "s.db"), str(COLLECTIONS), strict=True)
    try:
        e = db.create_element("Collection", label="a", value_int=[1, 2])
        with pytest.raises(QuiverError, match="is INTEGER, not STRING"):
            db.read_vector_strings_by_id("Collection", "value_int", e)
        with pytest.raises(QuiverError, match="is INTEGER, not STRING"):
            db.read_vector_strings("Collection", "value_int")
    finally:
        db.close()


def test_update_and_delete_of_a_missing_id_are_errors_with_strict(tmp_path: Path) -> None:
    db = Database.from_schema(str(tmp_path / "s.db"), str(COLLECTIONS), strict=True)
    try:
        db.create_element("Collection", label="a", some_integer=1)
        with pytest.raises(
            QuiverError, match="^Cannot update_element: element 999 not found in collection 'Collection'$"
        ):
            db.update_element("Collection", 999, some_integer=2)
        with pytest.raises(
            QuiverError, match="^Cannot delete_element: element 999 not found in collection 'Collection'$"
        ):
            db.delete_element("Collection", 999)
        assert db.read_scalar_integers("Collection", "some_integer") == [1]
    finally:
        db.close()


def test_the_default_keeps_upstream_0_5_0_behaviour(cdb: Database) -> None:
    cdb.create_element("Collection", label="a", some_float=1.5)
    assert cdb.read_scalar_integers("Collection", "some_float") == []
    cdb.update_element("Collection", 999, some_integer=2)
    cdb.delete_element("Collection", 999)


def test_strict_through_the_c_extended_options(tmp_path: Path) -> None:
    options = ffi.new("quiver_database_options_ex_t *", lib.quiver_database_options_ex_default())
    assert options.strict == 0 and options.busy_timeout_ms == 5000 and options.journal_mode == ffi.NULL
    options.strict = 1
    out = ffi.new("quiver_database_t **")
    path = str(tmp_path / "c.db").encode()
    assert lib.quiver_database_from_schema_ex(path, str(COLLECTIONS).encode(), options, out) == lib.QUIVER_OK
    try:
        assert lib.quiver_database_delete_element(out[0], b"Collection", 5) == lib.QUIVER_ERROR
        assert ffi.string(lib.quiver_get_last_error()).decode() == (
            "Cannot delete_element: element 5 not found in collection 'Collection'"
        )
    finally:
        lib.quiver_database_close(out[0])

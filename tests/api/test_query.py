"""query_string / query_integer / query_float / query_date_time (docs/reference/database-api.md §7.1-§7.2)."""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone

import pytest

from quiverdb import Database, QuiverError


def _insert(db: Database, label: str, **values: object) -> None:
    """Seed a Configuration row with plain SQL (queries run any statement)."""
    columns = ["label", *values]
    placeholders = ", ".join("?" for _ in columns)
    db.query_integer(
        f"INSERT INTO Configuration ({', '.join(columns)}) VALUES ({placeholders})",
        params=[label, *values.values()],
    )


@pytest.fixture
def seeded(db: Database) -> Database:
    _insert(
        db,
        "item1",
        integer_attribute=42,
        float_attribute=3.14,
        string_attribute="hello",
        date_attribute="2025-06-15T10:30:00",
        boolean_attribute=1,
    )
    _insert(db, "item2", integer_attribute=10, float_attribute=2.718, string_attribute="world", boolean_attribute=0)
    return db


# ---- results (§9.1 items 81-83, §9.2 item 25) ----


def test_query_string_returns_first_column_of_first_row(seeded: Database) -> None:
    assert seeded.query_string("SELECT string_attribute FROM Configuration WHERE label = 'item1'") == "hello"
    assert seeded.query_string("SELECT label FROM Configuration ORDER BY label DESC") == "item2"


def test_query_string_without_rows_is_none(seeded: Database) -> None:
    assert seeded.query_string("SELECT string_attribute FROM Configuration WHERE label = 'nope'") is None


def test_query_integer_returns_int(seeded: Database) -> None:
    value = seeded.query_integer("SELECT integer_attribute FROM Configuration WHERE label = 'item1'")
    assert value == 42 and type(value) is int
    assert seeded.query_integer("SELECT COUNT(*) FROM Configuration") == 2
    assert seeded.query_integer("SELECT integer_attribute FROM Configuration WHERE label = 'nope'") is None


def test_query_float_returns_float(seeded: Database) -> None:
    value = seeded.query_float("SELECT float_attribute FROM Configuration WHERE label = 'item1'")
    assert type(value) is float and value == pytest.approx(3.14)
    assert seeded.query_float("SELECT float_attribute FROM Configuration WHERE label = 'nope'") is None
    assert seeded.query_float("SELECT AVG(integer_attribute) FROM Configuration") == pytest.approx(26.0)


def test_query_float_widens_integer_results(seeded: Database) -> None:
    # later upstream: COUNT(*) read as a float is a float, not None
    value = seeded.query_float("SELECT COUNT(*) FROM Configuration")
    assert value == 2.0 and type(value) is float
    assert seeded.query_float("SELECT 9007199254740993") == float(9007199254740993)


def test_type_mismatch_gives_none(db: Database) -> None:
    # (quirk) no conversion other than the float widening
    assert db.query_integer("SELECT 1.5") is None
    assert db.query_string("SELECT 5") is None
    assert db.query_integer("SELECT 'text'") is None
    assert db.query_float("SELECT 'text'") is None


def test_null_and_empty_string(db: Database) -> None:
    assert db.query_string("SELECT NULL") is None
    assert db.query_integer("SELECT NULL") is None
    assert db.query_float("SELECT NULL") is None
    assert db.query_string("SELECT ''") == ""


def test_int64_and_unicode_round_trip(db: Database) -> None:
    big, small = 2**63 - 1, -(2**63)
    assert db.query_integer("SELECT ?", params=[big]) == big
    assert db.query_integer("SELECT ?", params=[small]) == small
    assert db.query_string("SELECT ?", params=["çava 日本 🚀"]) == "çava 日本 🚀"
    assert db.query_float("SELECT ?", params=[math.inf]) == math.inf


def test_only_first_statement_runs(db: Database) -> None:
    assert db.query_integer("SELECT 1; INSERT INTO Configuration (label) VALUES ('x')") == 1
    assert db.query_integer("SELECT COUNT(*) FROM Configuration") == 0


def test_write_statements_run(db: Database) -> None:
    assert db.query_integer("INSERT INTO Configuration (label) VALUES ('a')") is None
    assert db.query_integer("UPDATE Configuration SET integer_attribute = 7 RETURNING id") == 1
    assert db.query_integer("SELECT integer_attribute FROM Configuration") == 7
    db.query_integer("PRAGMA user_version = 12")
    assert db.current_version() == 12


# ---- parameters (§7.2, §9.1 item 84) ----


def test_string_param_is_trimmed(seeded: Database) -> None:
    sql = "SELECT string_attribute FROM Configuration WHERE label = ?"
    assert seeded.query_string(sql, params=["item1"]) == "hello"
    assert seeded.query_string(sql, params=["  item1 \t"]) == "hello"


def test_null_integer_bool_float_params(seeded: Database) -> None:
    assert seeded.query_integer("SELECT COUNT(*) FROM Configuration WHERE ? IS NULL", params=[None]) == 2
    assert seeded.query_string("SELECT label FROM Configuration WHERE id = ?", params=[1]) == "item1"
    assert seeded.query_string("SELECT label FROM Configuration WHERE boolean_attribute = ?", params=[True]) == "item1"
    assert seeded.query_float(
        "SELECT float_attribute FROM Configuration WHERE float_attribute < ?", params=[3.0]
    ) == pytest.approx(2.718)


def test_mixed_params(seeded: Database) -> None:
    sql = "SELECT integer_attribute FROM Configuration WHERE label = ? AND id = ?"
    assert seeded.query_integer(sql, params=["item1", 1]) == 42
    assert seeded.query_integer(sql, params=("item2", 2)) == 10  # any sequence
    assert seeded.query_integer(sql, params=["item2", 1]) is None


def test_empty_params_behave_like_none(seeded: Database) -> None:
    assert seeded.query_integer("SELECT COUNT(*) FROM Configuration", params=[]) == 2
    assert seeded.query_integer("SELECT COUNT(*) FROM Configuration", params=None) == 2


def test_missing_and_surplus_params_are_refused(db: Database) -> None:
    # upstream bound missing ones NULL and ignored surplus ones (issue 16, item 18)
    for sql, params, expected in [("SELECT ? IS NULL", [], 1), ("SELECT ? + ?", [1], 2), ("SELECT ?", [5, 6, 7], 1)]:
        with pytest.raises(QuiverError, match=f"the SQL has {expected} parameter\\(s\\), got {len(params)}"):
            db.query_integer(sql, params=params)


def test_params_is_keyword_only(db: Database) -> None:
    with pytest.raises(TypeError):
        db.query_integer("SELECT ?", [1])  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ({"bad": "type"}, "dict"),
        ([1, 2, 3], "list"),
        ((1,), "tuple"),
        (b"x", "bytes"),
        (datetime(2024, 1, 1), "datetime"),
        (object(), "object"),
    ],
)
def test_unsupported_param_type(db: Database, value: object, name: str) -> None:
    with pytest.raises(TypeError, match=f"Unsupported parameter type: {name}. Expected int, float, str, or None."):
        db.query_integer("SELECT ?", params=[value])


def test_out_of_range_integer_param(db: Database) -> None:
    with pytest.raises(OverflowError):
        db.query_integer("SELECT ?", params=[2**63])


def test_sql_must_be_str(db: Database) -> None:
    with pytest.raises(TypeError):
        db.query_integer(b"SELECT 1")  # type: ignore[arg-type]


# ---- errors ----


def test_prepare_error_names_sql(db: Database) -> None:
    with pytest.raises(
        QuiverError, match=r"^Failed to prepare statement: no such table: Nope \(SQL: SELECT \* FROM Nope\)$"
    ):
        db.query_string("SELECT * FROM Nope")
    with pytest.raises(QuiverError, match="Failed to prepare statement: .*syntax error.*SQL: SELEC 1"):
        db.query_integer("SELEC 1")


def test_execute_error_names_sql(db: Database) -> None:
    db.query_integer("INSERT INTO Configuration (label) VALUES ('a')")
    with pytest.raises(QuiverError, match=r"^Failed to execute statement: UNIQUE constraint failed.*\(SQL: INSERT"):
        db.query_integer("INSERT INTO Configuration (label) VALUES ('a')")


def test_blob_is_rejected(db: Database) -> None:
    with pytest.raises(QuiverError, match="Failed to execute statement: BLOB type not supported"):
        db.query_string("SELECT x'00'")


@pytest.mark.parametrize("sql", ["", "   ", "-- just a comment", "/* block */", ";"])
def test_empty_or_comment_only_sql(db: Database, sql: str) -> None:
    with pytest.raises(QuiverError, match="Failed to execute statement: the SQL contains no statement"):
        db.query_integer(sql)


def test_error_leaves_database_usable(db: Database) -> None:
    with pytest.raises(QuiverError):
        db.query_integer("SELECT * FROM Nope")
    assert db.query_integer("SELECT 1") == 1
    assert db.in_transaction() is False


def test_queries_after_close(db: Database) -> None:
    db.close()
    for method in (db.query_string, db.query_integer, db.query_float, db.query_date_time):
        with pytest.raises(QuiverError, match="Database has been closed"):
            method("SELECT 1")


# ---- query_date_time (§9.1 item 86) ----


def test_query_date_time(seeded: Database) -> None:
    value = seeded.query_date_time("SELECT date_attribute FROM Configuration WHERE label = 'item1'")
    assert value == datetime(2025, 6, 15, 10, 30, tzinfo=timezone.utc)
    assert value is not None and value.tzinfo is not None
    assert seeded.query_date_time("SELECT date_attribute FROM Configuration WHERE label = ?", params=["item1"]) == value
    assert seeded.query_date_time("SELECT date_attribute FROM Configuration WHERE label = 'item2'") is None
    assert seeded.query_date_time("SELECT date_attribute FROM Configuration WHERE label = 'nope'") is None


def test_query_date_time_space_separator_and_offset(db: Database) -> None:
    assert db.query_date_time("SELECT '2024-01-15 10:30:00'") == datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)
    # the same rule as the date-time readers (§4.7)
    from quiverdb._ffi.read_results import parse_date_time

    for text in ("2024-01-15T10:30:00+02:00", "2024-01-15", "20240115T103000"):
        try:
            expected = parse_date_time(text)
        except ValueError as exc:  # Python 3.10's fromisoformat has no basic format (§4.7)
            with pytest.raises(ValueError, match=re.escape(str(exc))):
                db.query_date_time("SELECT ?", params=[text])
        else:
            assert db.query_date_time("SELECT ?", params=[text]) == expected


def test_query_date_time_invalid_text(db: Database) -> None:
    _insert(db, "bad", date_attribute="not-a-date")
    with pytest.raises(ValueError, match="Invalid isoformat string: 'not-a-date'"):
        db.query_date_time("SELECT date_attribute FROM Configuration")


def test_many_distinct_statements(db: Database) -> None:
    # values formatted into the SQL text: the statement cache stays bounded and keeps working
    for i in range(1500):
        assert db.query_integer(f"SELECT {i}") == i
    assert db.query_integer("SELECT 0") == 0
    assert db.query_integer("SELECT COUNT(*) FROM Configuration") == 0


def test_threads_share_one_database(db: Database) -> None:
    import threading

    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(200):
                assert db.query_integer("SELECT ? + ?", params=[offset, i]) == offset + i
                assert db.query_string("SELECT ?", params=[f"t{offset}-{i}"]) == f"t{offset}-{i}"
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k * 1000,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []

"""Dates through the raw C API (issue 16, item 17): with strict mode on, quiver_database_create_element,
_update_element and _update_time_series_group refuse an invalid date-time with a message naming
it, and store the canonical form; quiver_database_read_columns gives a missing value for a stored
text that is no date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from quiverdb._quiver_cffi import ffi, lib
from support.capi import execute, last_error, open_schema
from support.paths import VALID

OK, ERROR = lib.QUIVER_OK, lib.QUIVER_ERROR
STRING, FLOAT = 2, 1


@pytest.fixture
def plant() -> Iterator[Any]:
    db = open_schema(":memory:", VALID / "energy.sql")
    assert lib.quiver_database_set_strict(db, 1) == OK
    execute(db, "INSERT INTO Plant (id, label) VALUES (1, 'P')")
    yield db
    lib.quiver_database_close(db)


def stored(db: Any, sql: str) -> str | None:
    out, has = ffi.new("char **"), ffi.new("int *")
    assert lib.quiver_database_query_string(db, sql.encode(), out, has) == OK, last_error()
    if not has[0]:
        return None
    try:
        return ffi.string(out[0]).decode()
    finally:
        lib.quiver_database_free_string(out[0])


def element_with(date: str) -> Any:
    element = ffi.new("quiver_element_t **")
    assert lib.quiver_element_create(element) == OK
    assert lib.quiver_element_set_string(element[0], b"date_commissioned", date.encode()) == OK
    return element[0]


@pytest.mark.parametrize("text", ["31/12/2020", "2024-02-30T00:00:00", "0000-01-01"])
def test_element_writes_refuse(plant: Any, text: str) -> None:
    expected = (
        f"Invalid date-time '{text}' for column 'date_commissioned' of 'Plant' (expected YYYY-MM-DD[THH:MM[:SS]])"
    )
    element = element_with(text)
    try:
        assert lib.quiver_element_set_string(element, b"label", b"X") == OK
        assert lib.quiver_database_create_element(plant, b"Plant", element, ffi.new("int64_t *")) == ERROR
        assert last_error() == expected
        assert lib.quiver_database_update_element(plant, b"Plant", 1, element) == ERROR
        assert last_error() == expected
    finally:
        lib.quiver_element_destroy(element)
    assert stored(plant, "SELECT COUNT(*) || '' FROM Plant") == "1"


def test_element_write_stores_canonical_form(plant: Any) -> None:
    element = element_with("2024-02-29 10:30")
    try:
        assert lib.quiver_database_update_element(plant, b"Plant", 1, element) == OK, last_error()
    finally:
        lib.quiver_element_destroy(element)
    assert stored(plant, "SELECT date_commissioned FROM Plant") == "2024-02-29T10:30:00"


def test_time_series_write_refuses_and_canonicalises(plant: Any) -> None:
    def write(dates: list[bytes]) -> int:
        texts = [ffi.new("char[]", d) for d in dates]
        names = [ffi.new("char[]", b"date_time"), ffi.new("char[]", b"generation_mw")]
        data = [ffi.new("char *[]", texts), ffi.new("double[]", [1.0] * len(dates))]
        return int(
            lib.quiver_database_update_time_series_group(
                plant,
                b"Plant",
                b"generation",
                1,
                ffi.new("char *[]", names),
                ffi.new("int[]", [STRING, FLOAT]),
                ffi.new("void *[]", data),
                2,
                len(dates),
            )
        )

    assert write([b"2024-01-01", b"2024-02-30"]) == ERROR
    assert last_error() == (
        "Invalid date-time '2024-02-30' for column 'date_time' of 'Plant_time_series_generation' "
        "(expected YYYY-MM-DD[THH:MM[:SS]])"
    )
    assert write([b"2024-01-01"]) == OK, last_error()
    assert stored(plant, "SELECT date_time FROM Plant_time_series_generation") == "2024-01-01T00:00:00"


def test_read_columns_gives_missing_for_invalid_stored_date(plant: Any) -> None:
    execute(plant, "UPDATE Plant SET date_commissioned = '2024-02-30T00:00:00'")
    out = ffi.new("quiver_column_set_t **")
    name = ffi.new("char[]", b"date_commissioned")  # kept alive for the call
    names = ffi.new("char *[]", [name])
    flags = lib.QUIVER_COLUMNS_DATES_AS_TIMESTAMPS
    assert lib.quiver_database_read_columns(plant, b"Plant", names, 1, flags, out) == OK, last_error()
    try:
        column = out[0].columns[1]
        assert out[0].row_count == 1 and column.storage == lib.QUIVER_COLUMN_TIMESTAMP_NS
        assert column.null_count == 1 and column.validity[0] == 0
    finally:
        lib.quiver_column_set_free(out[0])

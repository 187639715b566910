"""The C contract of CSV export/import (docs/reference/c-api-list.md 2.4, 3.2, 3.3.16; docs/reference/csv.md 1-2), through
quiverdb._quiver_cffi: the options struct and its default, NULL arguments, error codes and
the global error, the flattened enum-label layout (merging, last value wins)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quiverdb._quiver_cffi import ffi, lib
from support.capi import execute, last_error, open_schema
from support.csv import CSV_SCHEMA, items_csv, table_rows


@pytest.fixture
def cdb(tmp_path: Path) -> Iterator[Any]:
    """Overrides tests/capi/conftest.py's: the CSV schema with two Items."""
    db = open_schema(tmp_path / "c.db", CSV_SCHEMA)
    execute(
        db,
        b"INSERT INTO Items (label, name, status, price, date_created) VALUES "
        b"('Item1', 'Alpha', 1, 9.99, '2024-01-15T10:30:00'), ('Item2', 'Beta', 2, 19.5, NULL)",
    )
    yield db
    lib.quiver_database_close(db)


def default_options() -> Any:
    return ffi.new("quiver_csv_options_t *", lib.quiver_csv_options_default())


class EnumOptions:
    """A quiver_csv_options_t with flattened enum groups; keeps its buffers alive."""

    def __init__(self, groups: list[tuple[str, str, list[tuple[str, int]]]], fmt: bytes | None = b"") -> None:
        self.keep: list[Any] = []
        self.ptr = default_options()
        if fmt is not None:
            self.ptr.date_time_format = self._str(fmt)
        else:
            self.ptr.date_time_format = ffi.NULL
        if not groups:
            return
        names = [self._str(a.encode()) for a, _, _ in groups]
        locales = [self._str(loc.encode()) for _, loc, _ in groups]
        labels = [self._str(label.encode()) for _, _, entries in groups for label, _ in entries]
        values = [v for _, _, entries in groups for _, v in entries]
        arrays = [
            ffi.new("const char *[]", names),
            ffi.new("const char *[]", locales),
            ffi.new("size_t[]", [len(e) for _, _, e in groups]),
            ffi.new("const char *[]", labels) if labels else ffi.NULL,
            ffi.new("int64_t[]", values) if values else ffi.NULL,
        ]
        self.keep += arrays
        (
            self.ptr.enum_attribute_names,
            self.ptr.enum_locale_names,
            self.ptr.enum_entry_counts,
            self.ptr.enum_labels,
            self.ptr.enum_values,
        ) = arrays
        self.ptr.enum_group_count = len(groups)

    def _str(self, s: bytes) -> Any:
        buf = ffi.new("char[]", s)
        self.keep.append(buf)
        return buf


def export(db: Any, path: Path, group: bytes = b"", options: Any = None) -> str:
    rc = lib.quiver_database_export_csv(
        db, b"Items", group, str(path).encode(), options if options is not None else default_options()
    )
    assert rc == lib.QUIVER_OK, last_error()
    return path.read_text()


# ---- the struct and its default (docs/reference/c-api-list.md 2.4, 3.2) ----


def test_options_struct_layout() -> None:
    assert ffi.sizeof("quiver_csv_options_t") == 56
    offsets = {
        name: ffi.offsetof("quiver_csv_options_t", name)
        for name in (
            "date_time_format",
            "enum_attribute_names",
            "enum_locale_names",
            "enum_entry_counts",
            "enum_labels",
            "enum_values",
            "enum_group_count",
        )
    }
    assert offsets == {
        "date_time_format": 0,
        "enum_attribute_names": 8,
        "enum_locale_names": 16,
        "enum_entry_counts": 24,
        "enum_labels": 32,
        "enum_values": 40,
        "enum_group_count": 48,
    }


def test_default_options() -> None:
    # behaviour 16: non-NULL empty format, NULL arrays, count 0
    o = lib.quiver_csv_options_default()
    assert o.date_time_format != ffi.NULL and ffi.string(o.date_time_format) == b""
    assert o.enum_attribute_names == ffi.NULL and o.enum_locale_names == ffi.NULL
    assert o.enum_entry_counts == ffi.NULL and o.enum_labels == ffi.NULL and o.enum_values == ffi.NULL
    assert o.enum_group_count == 0


def test_default_does_not_touch_the_last_error(cdb: Any, tmp_path: Path) -> None:
    lib.quiver_database_export_csv(cdb, b"Nope", b"", str(tmp_path / "a.csv").encode(), default_options())
    lib.quiver_csv_options_default()
    assert last_error() == "Cannot export_csv: collection not found: Nope"


# ---- NULL arguments, checked left to right ----


@pytest.mark.parametrize("fn", ["quiver_database_export_csv", "quiver_database_import_csv"])
def test_null_arguments(cdb: Any, tmp_path: Path, fn: str) -> None:
    call = getattr(lib, fn)
    path = str(tmp_path / "a.csv").encode()
    opts = default_options()
    args = [cdb, b"Items", b"", path, opts]
    names = ["db", "collection", "group", "path", "options"]
    for i, name in enumerate(names):
        given = list(args)
        for j in range(i, len(given)):
            given[j] = ffi.NULL  # this one and every later one: the first NULL is reported
        assert call(*given) == lib.QUIVER_ERROR
        assert last_error() == f"Null argument: {name}"
    assert not (tmp_path / "a.csv").exists()


def test_null_date_time_format_is_empty(cdb: Any, tmp_path: Path) -> None:
    opts = EnumOptions([], fmt=None)
    assert export(cdb, tmp_path / "a.csv", options=opts.ptr) == export(cdb, tmp_path / "b.csv")


# ---- error codes and the global error ----


def test_engine_errors_go_to_the_global_error(cdb: Any, tmp_path: Path) -> None:
    path = str(tmp_path / "a.csv").encode()
    assert lib.QUIVER_OK == 0 and lib.QUIVER_ERROR == 1
    assert lib.quiver_database_export_csv(cdb, b"Items", b"nope", path, default_options()) == lib.QUIVER_ERROR
    assert last_error() == "Cannot export_csv: group not found: 'nope' in collection 'Items'"
    assert lib.quiver_database_import_csv(cdb, b"Items", b"", path, default_options()) == lib.QUIVER_ERROR
    assert last_error() == f"Cannot import_csv: could not open file: {tmp_path / 'a.csv'}"
    # a later success does not clear it
    assert lib.quiver_database_export_csv(cdb, b"Items", b"", path, default_options()) == lib.QUIVER_OK
    assert last_error() == f"Cannot import_csv: could not open file: {tmp_path / 'a.csv'}"
    lib.quiver_clear_last_error()
    assert last_error() == ""


def test_import_validation_error(cdb: Any, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(items_csv("X,n,abc,,,"))
    assert (
        lib.quiver_database_import_csv(cdb, b"Items", b"", str(tmp_path / "a.csv").encode(), default_options())
        == lib.QUIVER_ERROR
    )
    assert last_error() == "Cannot import_csv: Invalid integer value 'abc' for column 'status'."


def test_export_import_round_trip(cdb: Any, tmp_path: Path) -> None:
    text = export(cdb, tmp_path / "a.csv")
    assert text == items_csv("Item1,Alpha,1,9.99,2024-01-15T10:30:00,", "Item2,Beta,2,19.5,,")
    (tmp_path / "b.csv").write_text(items_csv("New,n,3,1.5,,x"))
    assert (
        lib.quiver_database_import_csv(cdb, b"Items", b"", str(tmp_path / "b.csv").encode(), default_options())
        == lib.QUIVER_OK
    )
    assert export(cdb, tmp_path / "c.csv") == items_csv("New,n,3,1.5,,x")


def test_group_through_c(cdb: Any, tmp_path: Path) -> None:
    (tmp_path / "v.csv").write_text("sep=,\nid,vector_index,measurement\nItem2,1,4.5\n")
    assert (
        lib.quiver_database_import_csv(
            cdb, b"Items", b"measurements", str(tmp_path / "v.csv").encode(), default_options()
        )
        == lib.QUIVER_OK
    )
    assert export(cdb, tmp_path / "w.csv", b"measurements") == "sep=,\nid,vector_index,measurement\nItem2,1,4.5\n"


# ---- options ----


def test_date_time_format(cdb: Any, tmp_path: Path) -> None:
    opts = EnumOptions([], fmt=b"%d/%m/%Y")
    assert export(cdb, tmp_path / "a.csv", options=opts.ptr).splitlines()[2] == "Item1,Alpha,1,9.99,15/01/2024,"


def test_flattened_enum_groups(cdb: Any, tmp_path: Path) -> None:
    # docs/reference/csv.md 2 example: {"status": {"en": {"Active": 1, "Inactive": 2}, "pt": {"Ativo": 1}}}
    opts = EnumOptions([("status", "en", [("Active", 1), ("Inactive", 2)]), ("status", "pt", [("Ativo", 1)])])
    lines = export(cdb, tmp_path / "a.csv", options=opts.ptr).splitlines()
    assert [line.split(",")[2] for line in lines[2:]] == ["Active", "Inactive"]
    (tmp_path / "b.csv").write_text(items_csv("A,n,ativo,,,", "B,n,INACTIVE,,,"))
    assert lib.quiver_database_import_csv(cdb, b"Items", b"", str(tmp_path / "b.csv").encode(), opts.ptr) == 0
    assert table_rows_of(cdb) == [("A", 1), ("B", 2)]


def table_rows_of(cdb: Any) -> list[tuple[str, int]]:
    out = ffi.new("char **")
    has = ffi.new("int *")
    assert (
        lib.quiver_database_query_string(
            cdb, b"SELECT group_concat(label || '=' || status, ';') FROM (SELECT * FROM Items ORDER BY id)", out, has
        )
        == 0
    )
    text = ffi.string(out[0]).decode()
    lib.quiver_database_free_string(out[0])
    return [(p.split("=")[0], int(p.split("=")[1])) for p in text.split(";")]


def test_repeated_groups_merge_and_the_last_value_wins(cdb: Any, tmp_path: Path) -> None:
    opts = EnumOptions(
        [
            ("status", "en", [("On", 1), ("Off", 5), ("Off", 2)]),
            ("status", "en", [("On", 3)]),
            ("status", "pt", [("Ligado", 4)]),
        ]
    )
    (tmp_path / "b.csv").write_text(items_csv("A,n,On,,,", "B,n,Off,,,", "C,n,ligado,,,"))
    assert lib.quiver_database_import_csv(cdb, b"Items", b"", str(tmp_path / "b.csv").encode(), opts.ptr) == 0, (
        last_error()
    )
    assert table_rows_of(cdb) == [("A", 3), ("B", 2), ("C", 4)]


def test_group_without_entries(cdb: Any, tmp_path: Path) -> None:
    opts = EnumOptions([("status", "en", [])])
    assert opts.ptr.enum_labels == ffi.NULL and opts.ptr.enum_values == ffi.NULL
    assert export(cdb, tmp_path / "a.csv", options=opts.ptr).splitlines()[2].split(",")[2] == "1"
    # the column now has (empty) enum labels: a non-numeric cell is an enum error
    (tmp_path / "b.csv").write_text(items_csv("A,n,On,,,"))
    assert lib.quiver_database_import_csv(cdb, b"Items", b"", str(tmp_path / "b.csv").encode(), opts.ptr) == 1
    assert last_error() == "Cannot import_csv: Invalid enum value 'On' for column 'status'."


@pytest.mark.parametrize(
    "field", ["enum_attribute_names", "enum_locale_names", "enum_entry_counts", "enum_labels", "enum_values"]
)
def test_null_enum_arrays_are_errors(cdb: Any, tmp_path: Path, field: str) -> None:
    # upstream dereferences them (undefined behaviour)
    opts = EnumOptions([("status", "en", [("Active", 1)])])
    setattr(opts.ptr, field, ffi.NULL)
    for fn in (lib.quiver_database_export_csv, lib.quiver_database_import_csv):
        assert fn(cdb, b"Items", b"", str(tmp_path / "a.csv").encode(), opts.ptr) == lib.QUIVER_ERROR
        assert last_error() == f"Null argument: options->{field}"
    assert not (tmp_path / "a.csv").exists()  # rejected in the C layer, before the engine ran


@pytest.mark.parametrize("field, index", [("enum_attribute_names", 1), ("enum_locale_names", 0), ("enum_labels", 2)])
def test_null_enum_strings_are_errors(cdb: Any, tmp_path: Path, field: str, index: int) -> None:
    opts = EnumOptions([("status", "en", [("Active", 1), ("Inactive", 2)]), ("status", "pt", [("Ativo", 1)])])
    getattr(opts.ptr, field)[index] = ffi.NULL
    assert (
        lib.quiver_database_export_csv(cdb, b"Items", b"", str(tmp_path / "a.csv").encode(), opts.ptr)
        == lib.QUIVER_ERROR
    )
    assert last_error() == f"Null argument: options->{field}[{index}]"


def test_options_are_borrowed_only_during_the_call(cdb: Any, tmp_path: Path) -> None:
    opts = EnumOptions([("status", "en", [("Active", 1)])])
    assert export(cdb, tmp_path / "a.csv", options=opts.ptr).splitlines()[2].startswith("Item1,Alpha,Active,")
    ffi.memmove(opts.ptr.enum_labels[0], b"Other\0", 6)  # the caller may reuse its buffers afterwards
    assert export(cdb, tmp_path / "a.csv", options=opts.ptr).splitlines()[2].startswith("Item1,Alpha,Other,")


def test_repeated_calls_on_one_handle(cdb: Any, tmp_path: Path) -> None:
    # both functions return only a status (no outputs to free); the same options struct is reusable
    path = str(tmp_path / "a.csv").encode()
    opts = default_options()
    for _ in range(200):
        assert lib.quiver_database_export_csv(cdb, b"Items", b"", path, opts) == lib.QUIVER_OK
        assert lib.quiver_database_import_csv(cdb, b"Items", b"", path, opts) == lib.QUIVER_OK
    assert table_rows(str(tmp_path / "c.db"), "SELECT label FROM Items ORDER BY id") == [("Item1",), ("Item2",)]

"""export_csv through Python (docs/reference/csv.md 1-3, 6 export behaviours 1-19 and 61), including the
deviations listed in docs/compatibility.md: foreign keys as labels, shortest round-trip
floats, quoting whenever a plain field would not read back unchanged."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pytest

from quiverdb import CSVOptions, Database, DatabaseCSVExport, DatabaseCSVImport, QuiverError
from support.csv import ITEMS_HEADER, add_items, export, items_csv
from support.platform import needs_rlimit

ENUMS = CSVOptions(enum_labels={"status": {"en": {"Active": 1, "Inactive": 2}}})


# ---- API surface (docs/reference/csv.md 1, 2) ----


def test_database_inherits_the_csv_mixins(csv_db: Database) -> None:
    assert isinstance(csv_db, DatabaseCSVExport) and isinstance(csv_db, DatabaseCSVImport)
    assert Database.__mro__[1:3] == (DatabaseCSVExport, DatabaseCSVImport)


def test_options_are_keyword_only(csv_db: Database, tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        csv_db.export_csv("Items", "", str(tmp_path / "a.csv"), CSVOptions())  # type: ignore[misc]
    with pytest.raises(TypeError):
        csv_db.export_csv("Items", str(tmp_path / "a.csv"))  # type: ignore[call-arg]  # group is required


def test_csv_options_defaults_and_frozen() -> None:
    # behaviour 16 / 61
    options = CSVOptions()
    assert options.date_time_format == "" and options.enum_labels == {}
    assert CSVOptions().enum_labels is not options.enum_labels  # fresh dict per instance
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.date_time_format = "%Y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(options)
    assert CSVOptions("%Y", {"a": {"en": {"x": 1}}}) == CSVOptions(
        date_time_format="%Y", enum_labels={"a": {"en": {"x": 1}}}
    )


def test_none_options_mean_defaults(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    assert export(csv_db, "Items", "", tmp_path / "a.csv", None) == export(
        csv_db, "Items", "", tmp_path / "b.csv", CSVOptions()
    )


def test_closed_database(csv_db: Database, tmp_path: Path) -> None:
    csv_db.close()
    with pytest.raises(QuiverError, match="^Database has been closed$"):
        csv_db.export_csv("Items", "", str(tmp_path / "a.csv"))
    assert not (tmp_path / "a.csv").exists()


def test_path_like_is_accepted(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    csv_db.export_csv("Items", "", tmp_path / "p.csv")  # type: ignore[arg-type]
    assert (tmp_path / "p.csv").read_text().startswith("sep=,\n")


@pytest.mark.parametrize(
    "options, message",
    [
        ("%Y", "options must be CSVOptions or None, not str"),
        (CSVOptions(enum_labels=[]), "enum_labels must be dict, not list"),  # type: ignore[arg-type]
        (CSVOptions(enum_labels={"status": ["x"]}), "enum_labels['status'] must be dict, not list"),  # type: ignore[dict-item]
        (
            CSVOptions(enum_labels={"status": {"en": {"A": 1.5}}}),
            "enum_labels['status']['en']['A'] must be int, not float",
        ),  # type: ignore[dict-item]
        (CSVOptions(enum_labels={"status": {"en": {"A": True}}}), "must be int, not bool"),
    ],
)
def test_bad_options_are_type_errors(csv_db: Database, tmp_path: Path, options: object, message: str) -> None:
    with pytest.raises(TypeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        csv_db.export_csv("Items", "", str(tmp_path / "a.csv"), options=options)  # type: ignore[arg-type]


def test_enum_value_outside_int64_is_overflow(csv_db: Database, tmp_path: Path) -> None:
    with pytest.raises(OverflowError, match="does not fit in int64"):
        csv_db.export_csv(
            "Items", "", str(tmp_path / "a.csv"), options=CSVOptions(enum_labels={"status": {"en": {"A": 2**63}}})
        )


# ---- steps and errors (docs/reference/csv.md 3.1) ----


def test_unknown_collection(csv_db: Database, tmp_path: Path) -> None:
    with pytest.raises(QuiverError, match="^Cannot export_csv: collection not found: Nope$"):
        csv_db.export_csv("Nope", "", str(tmp_path / "a.csv"))


def test_unknown_group(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 5
    with pytest.raises(QuiverError, match="^Cannot export_csv: group not found: 'nope' in collection 'Items'$"):
        csv_db.export_csv("Items", "nope", str(tmp_path / "a.csv"))
    # the group is the table suffix, not the value column name
    with pytest.raises(QuiverError, match="group not found: 'measurement'"):
        csv_db.export_csv("Items", "measurement", str(tmp_path / "a.csv"))


def test_parent_directories_are_created_even_for_a_failing_call(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 17, and the (kept) quirk of step 1
    add_items(csv_db)
    target = tmp_path / "a" / "b" / "c.csv"
    csv_db.export_csv("Items", "", str(target))
    assert target.read_text().startswith("sep=,\n")
    with pytest.raises(QuiverError, match="group not found"):
        csv_db.export_csv("Items", "nope", str(tmp_path / "x" / "y" / "z.csv"))
    assert (tmp_path / "x" / "y").is_dir() and not (tmp_path / "x" / "y" / "z.csv").exists()


def test_existing_file_is_overwritten(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 18
    target = tmp_path / "a.csv"
    target.write_text("old content that is much longer than the new file\n" * 100)
    assert export(csv_db, "Items", "", target) == items_csv()


def test_failing_export_leaves_an_existing_file_alone(csv_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "a.csv"
    target.write_text("keep me")
    with pytest.raises(QuiverError):
        csv_db.export_csv("Items", "nope", str(target))
    assert target.read_text() == "keep me"


def test_directory_path(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 19
    with pytest.raises(QuiverError, match=f"^Failed to export_csv: could not open file: {re.escape(str(tmp_path))}$"):
        csv_db.export_csv("Items", "", str(tmp_path))


def test_relative_path_is_relative_to_the_working_directory(
    csv_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    csv_db.export_csv("Items", "", "rel/out.csv")
    assert (tmp_path / "rel" / "out.csv").read_text() == items_csv()


# ---- layout (docs/reference/csv.md 3.2, 3.3) ----


def test_scalar_export(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 1, 10 (raw integers and raw date text by default)
    add_items(csv_db)
    assert export(csv_db, "Items", "", tmp_path / "a.csv") == items_csv(
        "Item1,Alpha,1,9.99,2024-01-15T10:30:00,first", "Item2,Beta,2,19.5,2024-02-20T08:00:00,second"
    )


def test_empty_collection(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 8
    assert export(csv_db, "Items", "", tmp_path / "a.csv") == f"sep=,\n{ITEMS_HEADER}\n"


def test_lf_only_and_no_bom(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 7
    add_items(csv_db)
    csv_db.update_element("Items", 1, notes="line1\nline2")
    data = (csv_db.export_csv("Items", "", str(tmp_path / "a.csv")), (tmp_path / "a.csv").read_bytes())[1]
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\n")
    assert not data.endswith(b"\n\n")


def test_null_scalars_are_empty_fields(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 9
    csv_db.create_element("Items", label="Item1", name="Alpha")
    assert export(csv_db, "Items", "", tmp_path / "a.csv") == items_csv("Item1,Alpha,,,,")


def test_rows_follow_creation_order(csv_db: Database, tmp_path: Path) -> None:
    for label in ("c", "a", "b"):
        csv_db.create_element("Items", label=label, name="n")
    lines = export(csv_db, "Items", "", tmp_path / "a.csv").splitlines()[2:]
    assert [line.split(",")[0] for line in lines] == ["c", "a", "b"]


def test_utf8_bytes_are_written_unchanged(csv_db: Database, tmp_path: Path) -> None:
    csv_db.create_element("Items", label="Ünï", name="日本語", notes="emoji 😀")
    data = tmp_path / "a.csv"
    csv_db.export_csv("Items", "", str(data))
    assert data.read_bytes() == items_csv('Ünï,日本語,,,,"emoji 😀"').encode("utf-8")


def test_columns_in_schema_order(all_types_db: Database, tmp_path: Path) -> None:
    all_types_db.create_element("AllTypes", label="x", some_integer=1, some_float=2.5, some_text="t")
    assert (
        export(all_types_db, "AllTypes", "", tmp_path / "a.csv")
        == "sep=,\nlabel,some_integer,some_float,some_text\nx,1,2.5,t\n"
    )


# ---- groups (docs/reference/csv.md 3.4) ----


def test_vector_export(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 2
    add_items(csv_db)
    csv_db.update_element("Items", 1, measurement=[1.1, 2.2])
    csv_db.update_element("Items", 2, measurement=[3.0])
    assert (
        export(csv_db, "Items", "measurements", tmp_path / "a.csv")
        == "sep=,\nid,vector_index,measurement\nItem1,1,1.1\nItem1,2,2.2\nItem2,1,3\n"
    )


def test_set_export(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 3: rows grouped by element, values in ascending order inside one element
    add_items(csv_db)
    csv_db.update_element("Items", 1, tag=["red", "green", "blue"])
    assert export(csv_db, "Items", "tags", tmp_path / "a.csv") == "sep=,\nid,tag\nItem1,blue\nItem1,green\nItem1,red\n"


def test_time_series_export(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 4: ordered by date, 23.0 written as 23
    add_items(csv_db)
    csv_db.update_time_series_group(
        "Items",
        "readings",
        1,
        [
            {"date_time": "2024-01-01T11:00:00", "temperature": 23.0, "humidity": 55},
            {"date_time": "2024-01-01T10:00:00", "temperature": 22.5, "humidity": 60},
        ],
    )
    assert export(csv_db, "Items", "readings", tmp_path / "a.csv") == (
        "sep=,\nid,date_time,temperature,humidity\nItem1,2024-01-01T10:00:00,22.5,60\nItem1,2024-01-01T11:00:00,23,55\n"
    )


def test_group_rows_are_ordered_by_element_and_only_elements_with_rows_appear(csv_db: Database, tmp_path: Path) -> None:
    for label in ("A", "B", "C"):
        csv_db.create_element("Items", label=label, name="n")
    csv_db.update_element("Items", 3, measurement=[5.0])
    csv_db.update_element("Items", 1, measurement=[1.0, 2.0])
    assert export(csv_db, "Items", "measurements", tmp_path / "a.csv").splitlines()[2:] == ["A,1,1", "A,2,2", "C,1,5"]


def test_empty_group(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    assert export(csv_db, "Items", "tags", tmp_path / "a.csv") == "sep=,\nid,tag\n"


def test_group_header_uses_real_column_names(collections_db: Database, tmp_path: Path) -> None:
    collections_db.create_element("Collection", label="Item 1")
    collections_db.update_vector_group("Collection", "values", 1, {"value_int": [1, None], "value_float": [None, 2.5]})
    assert export(collections_db, "Collection", "values", tmp_path / "a.csv") == (
        'sep=,\nid,vector_index,value_int,value_float\n"Item 1",1,1,\n"Item 1",2,,2.5\n'
    )


# ---- value formatting (docs/reference/csv.md 3.5) ----


@pytest.mark.parametrize(
    "value, text",
    [
        (9.99, "9.99"),
        (19.5, "19.5"),
        (23.0, "23"),
        (3.14159265, "3.14159265"),  # upstream %g: 3.14159 (precision lost)
        (1234567.0, "1234567"),  # upstream %g: 1.23457e+06
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-5, "1e-05"),
        (1e6, "1e+06"),
        (1e22, "1e+22"),
        (-2.5, "-2.5"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
    ],
)
def test_floats_in_shortest_round_trip_form(csv_db: Database, tmp_path: Path, value: float, text: str) -> None:
    csv_db.create_element("Items", label="x", name="n", price=value)
    written = export(csv_db, "Items", "", tmp_path / "a.csv").splitlines()[2].split(",")[3]
    assert written == text
    assert float(written) == value


def test_enum_labels_replace_mapped_integers(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 11, 12
    add_items(csv_db)
    csv_db.create_element("Items", label="Item3", name="Gamma", status=3)
    lines = export(csv_db, "Items", "", tmp_path / "a.csv", ENUMS).splitlines()
    assert [line.split(",")[2] for line in lines[2:]] == ["Active", "Inactive", "3"]


def test_enum_lookup_uses_the_column_name_in_groups_too(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    csv_db.update_time_series_group(
        "Items", "readings", 1, [{"date_time": "2024-01-01T10:00:00", "temperature": 1.0, "humidity": 60}]
    )
    options = CSVOptions(enum_labels={"humidity": {"en": {"Low": 60}}, "status": {"en": {"Active": 1}}})
    assert (
        export(csv_db, "Items", "readings", tmp_path / "a.csv", options).splitlines()[2]
        == "Item1,2024-01-01T10:00:00,1,Low"
    )


def test_enum_reverse_lookup_takes_the_first_locale_then_the_first_label(csv_db: Database, tmp_path: Path) -> None:
    csv_db.create_element("Items", label="x", name="n", status=1)
    options = CSVOptions(enum_labels={"status": {"pt": {"Ativo": 1}, "en": {"On": 1, "Active": 1}}})
    assert export(csv_db, "Items", "", tmp_path / "a.csv", options).splitlines()[2] == "x,n,Ativo,,,"
    options = CSVOptions(enum_labels={"status": {"en": {"Zeta": 2, "On": 1, "Active": 1}}})
    assert export(csv_db, "Items", "", tmp_path / "a.csv", options).splitlines()[2] == "x,n,On,,,"


def test_enum_label_with_a_space_is_quoted(csv_db: Database, tmp_path: Path) -> None:
    csv_db.create_element("Items", label="x", name="n", status=1)
    options = CSVOptions(enum_labels={"status": {"en": {"Very active": 1}}})
    assert export(csv_db, "Items", "", tmp_path / "a.csv", options).splitlines()[2] == 'x,n,"Very active",,,'


def test_enum_labels_for_another_column_change_nothing(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    options = CSVOptions(enum_labels={"other": {"en": {"Active": 1}}})
    assert export(csv_db, "Items", "", tmp_path / "a.csv", options) == export(csv_db, "Items", "", tmp_path / "b.csv")


def test_date_time_format(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 13
    add_items(csv_db)
    text = export(csv_db, "Items", "", tmp_path / "a.csv", CSVOptions(date_time_format="%Y/%m/%d"))
    assert [line.split(",")[4] for line in text.splitlines()[2:]] == ["2024/01/15", "2024/02/20"]
    assert "2024-01-15T10:30:00" not in text


def test_date_time_format_with_a_space_is_quoted(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    text = export(csv_db, "Items", "", tmp_path / "a.csv", CSVOptions(date_time_format="%d %b %Y %H:%M"))
    assert text.splitlines()[2] == 'Item1,Alpha,1,9.99,"15 Jan 2024 10:30",first'


def test_unparsable_date_is_written_raw(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 14
    csv_db.create_element("Items", label="x", name="n", date_created="not-a-date")
    text = export(csv_db, "Items", "", tmp_path / "a.csv", CSVOptions(date_time_format="%Y/%m/%d"))
    assert text.splitlines()[2] == "x,n,,,not-a-date,"


def test_iso_variants_are_formatted(csv_db: Database, tmp_path: Path) -> None:
    for i, raw in enumerate(["2024-01-15", "2024-1-5 7:08", "2024-01-15T10:30:00Z"]):
        csv_db.create_element("Items", label=f"d{i}", name="n", date_created=raw)
    text = export(csv_db, "Items", "", tmp_path / "a.csv", CSVOptions(date_time_format="%Y%m%d-%H%M"))
    assert [line.split(",")[4] for line in text.splitlines()[2:]] == ["20240115-0000", "20240105-0708", "20240115-1030"]


def test_empty_or_overlong_formatted_date_is_written_raw(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    for fmt in ("", "%Y" * 70):  # "" = no formatting; 70 x 4 = 280 bytes > 255
        text = export(csv_db, "Items", "", tmp_path / "a.csv", CSVOptions(date_time_format=fmt))
        assert text.splitlines()[2].split(",")[4] == "2024-01-15T10:30:00"


def test_only_date_time_columns_are_formatted(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 15
    csv_db.create_element(
        "Items", label="x", name="2024-01-15T10:30:00", date_created="2024-01-15T10:30:00", notes="2024-01-15T10:30:00"
    )
    text = export(csv_db, "Items", "", tmp_path / "a.csv", CSVOptions(date_time_format="%Y/%m/%d"))
    assert text.count("2024-01-15T10:30:00") == 2 and text.count("2024/01/15") == 1


def test_time_series_dimension_is_formatted_but_not_the_label(csv_db: Database, tmp_path: Path) -> None:
    csv_db.create_element("Items", label="2024-01-01T00:00:00", name="n")
    csv_db.update_time_series_group(
        "Items", "readings", 1, [{"date_time": "2024-03-04T05:06:07", "temperature": 1.5, "humidity": 2}]
    )
    text = export(csv_db, "Items", "readings", tmp_path / "a.csv", CSVOptions(date_time_format="%d.%m.%Y"))
    assert text.splitlines()[2] == "2024-01-01T00:00:00,04.03.2024,1.5,2"


def test_enum_labels_and_date_format_combined(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 61
    add_items(csv_db)
    options = CSVOptions(date_time_format="%Y-%m-%d", enum_labels={"status": {"en": {"Active": 1}}})
    assert (
        export(csv_db, "Items", "", tmp_path / "a.csv", options).splitlines()[2]
        == "Item1,Alpha,Active,9.99,2024-01-15,first"
    )


# ---- foreign keys as labels (deviation; later upstream) ----


def test_scalar_foreign_keys_are_written_as_labels(relations_db: Database, tmp_path: Path) -> None:
    p1 = relations_db.create_element("Parent", label="P1")
    relations_db.create_element("Parent", label="P 2")
    c1 = relations_db.create_element("Child", label="C1", parent_id=p1)
    relations_db.create_element("Child", label="C2", parent_id=2, sibling_id=c1)
    assert (
        export(relations_db, "Child", "", tmp_path / "a.csv")
        == 'sep=,\nlabel,parent_id,sibling_id\nC1,P1,\nC2,"P 2",C1\n'
    )


def test_group_foreign_keys_are_written_as_labels(relations_db: Database, tmp_path: Path) -> None:
    relations_db.create_element("Parent", label="P1")
    relations_db.create_element("Parent", label="P2")
    relations_db.create_element("Child", label="C1", parent_ref=[2, 1], mentor_id=[2])
    relations_db.update_time_series_group("Child", "events", 1, [{"date_time": "2024-01-01T00:00:00", "sponsor_id": 1}])
    assert (
        export(relations_db, "Child", "refs", tmp_path / "a.csv")
        == "sep=,\nid,vector_index,parent_ref\nC1,1,P2\nC1,2,P1\n"
    )
    assert export(relations_db, "Child", "mentors", tmp_path / "a.csv") == "sep=,\nid,mentor_id\nC1,P2\n"
    assert (
        export(relations_db, "Child", "events", tmp_path / "a.csv")
        == "sep=,\nid,date_time,sponsor_id\nC1,2024-01-01T00:00:00,P1\n"
    )


def test_foreign_key_labels_are_never_enum_mapped(relations_db: Database, tmp_path: Path) -> None:
    relations_db.create_element("Parent", label="P1")
    relations_db.create_element("Child", label="C1", parent_id=1)
    options = CSVOptions(enum_labels={"parent_id": {"en": {"One": 1}}})
    assert export(relations_db, "Child", "", tmp_path / "a.csv", options).splitlines()[2] == "C1,P1,"


# ---- quoting (docs/reference/csv.md 3.6, with the round-trip deviation) ----


@pytest.mark.parametrize(
    "value, field",
    [
        ("Alpha, Beta", '"Alpha, Beta"'),  # behaviour 6
        ('He said "hello"', '"He said ""hello"""'),
        ("line1\nline2", '"line1\nline2"'),
        ("Item 1", '"Item 1"'),  # any space quotes
        ('a"b', '"a""b"'),  # upstream: a"b raw
        ('"start', '"""start"'),  # upstream: did not survive a round trip
        ("tab\there", '"tab\there"'),  # upstream: raw
        ("cr\rhere", '"cr\rhere"'),  # upstream: raw
        ("semi;colon", "semi;colon"),
        ("plain", "plain"),
        ("ünïcødé", "ünïcødé"),
    ],
)
def test_quoting(csv_db: Database, tmp_path: Path, value: str, field: str) -> None:
    csv_db.create_element("Items", label="x", name="n", notes=value)
    assert export(csv_db, "Items", "", tmp_path / "a.csv") == items_csv("x,n,,,," + field)


def test_empty_string_is_quoted_and_null_is_empty(csv_db: Database, tmp_path: Path) -> None:
    # upstream writes both as an empty field; "" keeps them apart on re-import
    csv_db.create_element("Items", label="x", name="n", notes="   ")  # trimmed on write: stored as ""
    csv_db.create_element("Items", label="y", name="n")
    assert export(csv_db, "Items", "", tmp_path / "a.csv") == items_csv('x,n,,,,""', "y,n,,,,")


def test_leading_and_trailing_spaces_are_quoted(csv_db: Database, tmp_path: Path) -> None:
    csv_db.create_element("Items", label="x", name="n")
    csv_db.query_integer("UPDATE Items SET notes = '  padded  ' WHERE label = 'x'")  # stored untrimmed
    assert export(csv_db, "Items", "", tmp_path / "a.csv") == items_csv('x,n,,,,"  padded  "')


def test_labels_in_group_files_are_quoted(csv_db: Database, tmp_path: Path) -> None:
    csv_db.create_element("Items", label="Item, 1", name="n", tag=["a b"])
    assert export(csv_db, "Items", "tags", tmp_path / "a.csv") == 'sep=,\nid,tag\n"Item, 1","a b"\n'


# ---- inside a transaction ----


def test_export_sees_the_open_transaction(csv_db: Database, tmp_path: Path) -> None:
    csv_db.begin_transaction()
    csv_db.create_element("Items", label="x", name="n")
    assert export(csv_db, "Items", "", tmp_path / "a.csv") == items_csv("x,n,,,,")
    assert csv_db.in_transaction()
    csv_db.rollback()


# ---- size ----


def test_large_export(csv_db: Database, tmp_path: Path) -> None:
    # rows are written as they are read (src/quiver/csv/export.cpp streams in 64 KiB chunks)
    csv_db.begin_transaction()
    for i in range(20_000):
        csv_db.create_element("Items", label=f"Item{i}", name=f"Name {i}", price=i / 7)
    csv_db.commit()
    lines = export(csv_db, "Items", "", tmp_path / "a.csv").splitlines()
    assert len(lines) == 20_002
    assert lines[2] == 'Item0,"Name 0",,0,,'
    assert lines[-1] == 'Item19999,"Name 19999",,2857,,'
    assert [float(line.split(",")[-3]) for line in lines[2:]] == [i / 7 for i in range(20_000)]


def test_vector_index_is_never_enum_mapped(csv_db: Database, tmp_path: Path) -> None:
    # upstream maps any integer column by name, vector_index included: such a file cannot re-import
    add_items(csv_db)
    csv_db.update_element("Items", 1, measurement=[1.5])
    options = CSVOptions(enum_labels={"vector_index": {"en": {"First": 1}}})
    path = tmp_path / "v.csv"
    assert export(csv_db, "Items", "measurements", path, options).splitlines()[2] == "Item1,1,1.5"
    csv_db.import_csv("Items", "measurements", str(path), options=options)
    assert csv_db.read_vector_floats_by_id("Items", "measurement", 1) == [1.5]


def test_year_is_always_written_with_four_digits(csv_db: Database, tmp_path: Path) -> None:
    # strftime writes year 999 as "999": "%Y%m%d" would not read back
    csv_db.create_element("Items", label="x", name="n", date_created="0999-01-02T03:04:05")
    options = CSVOptions(date_time_format="%Y%m%d %F")
    path = tmp_path / "a.csv"
    assert export(csv_db, "Items", "", path, options).splitlines()[2] == 'x,n,,,"09990102 0999-01-02",'
    csv_db.import_csv("Items", "", str(path), options=CSVOptions(date_time_format="%Y%m%d"))
    assert csv_db.read_scalar_strings("Items", "date_created") == ["0999-01-02T00:00:00"]


@pytest.mark.skipif(sys.platform != "linux", reason="peak memory is read from /proc/self/status (VmHWM): Linux procfs")
def test_export_streams_rather_than_building_the_file_in_memory(tmp_path: Path) -> None:
    # a 30 MB export in a fresh process: its peak memory grows by far less than the file size,
    # while reading the same file into memory (the control) grows it by at least the file size
    import sqlite3
    import subprocess
    import sys

    from support.csv import CSV_SCHEMA

    db_path = str(tmp_path / "big.db")
    Database.from_schema(db_path, CSV_SCHEMA).close()
    con = sqlite3.connect(db_path)
    con.executemany(
        "INSERT INTO Items (label, name, notes) VALUES (?, 'n', ?)", ((f"Item{i}", "x" * 20_000) for i in range(1_500))
    )
    con.commit()
    con.close()
    out = tmp_path / "big.csv"
    script = (
        "import re, sys\n"
        "from quiverdb import Database\n"
        "def peak():  # VmHWM (KiB): unlike ru_maxrss it does not carry the parent's peak across exec\n"
        "    return int(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "db = Database.open(sys.argv[1])\n"
        "db.export_csv('Items', 'tags', sys.argv[2])  # warm up on an empty group: schema, statements\n"
        "before = peak()\n"
        "db.export_csv('Items', '', sys.argv[2])\n"
        "export = peak() - before\n"
        "data = open(sys.argv[2], 'rb').read()\n"
        "print(export, peak() - before - export)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, db_path, str(out)], capture_output=True, text=True, check=True)
    export_kib, control_kib = map(int, done.stdout.split())
    size_kib = out.stat().st_size // 1024
    assert size_kib > 29_000 and control_kib > size_kib * 0.9
    assert export_kib < 8 * 1024, f"peak memory grew by {export_kib} KiB for a {size_kib} KiB file"


@pytest.mark.parametrize(
    "args, options, error, message",
    [
        (("Items", "", "{out}"), CSVOptions(date_time_format=5), TypeError, "date_time_format must be str, not int"),  # type: ignore[arg-type]
        (
            ("Items", "", "{out}"),
            CSVOptions(date_time_format="a\0b"),
            ValueError,
            "date_time_format contains a NUL character",
        ),
        (
            ("Items", "", "{out}"),
            CSVOptions(enum_labels={1: {"en": {"a": 1}}}),
            TypeError,  # type: ignore[dict-item]
            "enum_labels attribute must be str, not int",
        ),
        (
            ("Items", "", "{out}"),
            CSVOptions(enum_labels={"s": {"e\0n": {"a": 1}}}),
            ValueError,
            "enum_labels locale contains a NUL character",
        ),
        (
            ("Items", "", "{out}"),
            CSVOptions(enum_labels={"s": {"en": {"a\0": 1}}}),
            ValueError,
            "enum_labels label contains a NUL character",
        ),
        (("Items\0x", "", "{out}"), None, ValueError, "collection contains a NUL character"),
        (("Items", "", "{out}\0.csv"), None, ValueError, "path contains a NUL character"),
        ((1, "", "{out}"), None, TypeError, "collection must be str, not int"),
        (("Items", None, "{out}"), None, TypeError, "group must be str, not NoneType"),
        (("Items", "", 3.5), None, TypeError, "path must be str, not float"),
    ],
)
def test_python_argument_errors(
    csv_db: Database, tmp_path: Path, args: tuple[object, ...], options: object, error: type[Exception], message: str
) -> None:
    # upstream cuts names at a NUL and raises AttributeError for a non-str (quirks)
    out = str(tmp_path / "a.csv")
    given = [a.format(out=out) if isinstance(a, str) else a for a in args]
    for method in (csv_db.export_csv, csv_db.import_csv):
        with pytest.raises(error, match="^" + message.replace("\0", "\\x00") + "$"):
            method(*given, options=options)  # type: ignore[arg-type]
    assert not (tmp_path / "a.csv").exists()


def _full_device(tmp_path: Path) -> str:
    """A character device that fails every write with ENOSPC, like /dev/full (a private node
    when running as root, so a regression could only ever remove our own copy)."""
    import os
    import stat

    if os.geteuid() != 0:
        return "/dev/full"
    node = tmp_path / "full"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    return str(node)


@pytest.mark.skipif(sys.platform != "linux", reason="/dev/full (char device 1:7, every write fails ENOSPC) is Linux")
def test_write_failure_is_an_error_and_never_removes_a_device(csv_db: Database, tmp_path: Path) -> None:
    import os

    add_items(csv_db)
    device = _full_device(tmp_path)
    with pytest.raises(QuiverError, match=f"^Failed to export_csv: could not write file: {re.escape(str(device))}$"):
        csv_db.export_csv("Items", "", device)
    assert os.path.exists(device)


@needs_rlimit
def test_file_size_limit_fails_cleanly_and_removes_the_partial_file(tmp_path: Path) -> None:
    # the export stops at the first failed write; the half-written file is removed
    import subprocess
    import sys

    from support.csv import CSV_SCHEMA

    db_path = str(tmp_path / "l.db")
    with Database.from_schema(db_path, CSV_SCHEMA) as db:
        db.begin_transaction()
        for i in range(3_000):
            db.create_element("Items", label=f"Item{i}", name="x" * 100)
        db.commit()
    out = tmp_path / "out.csv"
    script = (
        "import resource, signal, sys\n"
        "from quiverdb import Database, QuiverError\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "db = Database.open(sys.argv[1])\n"
        "db.read_element_ids('Items')\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))\n"
        "try:\n"
        "    db.export_csv('Items', '', sys.argv[2])\n"
        "except QuiverError as e:\n"
        "    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, db_path, str(out)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"Failed to export_csv: could not write file: {out}"
    assert not out.exists()
    with Database.open(db_path) as db:
        assert len(db.read_element_ids("Items")) == 3_000

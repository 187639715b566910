"""import_csv through Python (docs/reference/csv.md 4-5, behaviours 20-61), the deviations listed in
docs/compatibility.md (strict numbers, quoted cells kept verbatim, replacement by label,
atomic inside a caller's transaction), and all-or-nothing failures compared on full dumps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiverdb import CSVOptions, Database, QuiverError
from support.csv import (
    CSV_SCHEMA,
    ITEMS_HEADER,
    ROUND_TRIP_SCHEMA,
    VALID,
    add_items,
    connection_dump,
    full_dump,
    items_csv,
    table_rows,
    write,
)

ENUMS = CSVOptions(enum_labels={"status": {"en": {"Active": 1, "Inactive": 2}, "pt": {"Ativo": 1, "Inativo": 2}}})
P = "Cannot import_csv: "


def imp(
    db: Database,
    tmp_path: Path,
    text: str | bytes,
    collection: str = "Items",
    group: str = "",
    options: CSVOptions | None = None,
) -> None:
    db.import_csv(collection, group, write(tmp_path / "in.csv", text), options=options)


def items(db: Database) -> list[tuple[object, ...]]:
    return table_rows(db.path(), "SELECT label, name, status, price, date_created, notes FROM Items ORDER BY id")


def fails(db: Database, tmp_path: Path, text: str | bytes, message: str, **kw: object) -> None:
    """The import fails with exactly `message` and the database file is unchanged."""
    before = full_dump(db.path())
    with pytest.raises(QuiverError) as info:
        imp(db, tmp_path, text, **kw)  # type: ignore[arg-type]
    assert str(info.value) == message
    assert full_dump(db.path()) == before


# ---- API ----


def test_closed_database(csv_db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "in.csv", items_csv())
    csv_db.close()
    with pytest.raises(QuiverError, match="^Database has been closed$"):
        csv_db.import_csv("Items", "", path)


def test_options_are_keyword_only(csv_db: Database, tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        csv_db.import_csv("Items", "", write(tmp_path / "a.csv", items_csv()), CSVOptions())  # type: ignore[misc]


# ---- round trip and basic values (behaviours 20-28) ----


def test_export_then_import_into_a_fresh_database(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 20
    add_items(csv_db)
    csv_db.export_csv("Items", "", str(tmp_path / "out.csv"))
    with Database.from_schema(str(tmp_path / "fresh.db"), CSV_SCHEMA) as fresh:
        fresh.import_csv("Items", "", str(tmp_path / "out.csv"))
        assert fresh.read_scalar_strings("Items", "name") == ["Alpha", "Beta"]
        assert fresh.read_scalar_floats("Items", "price") == [9.99, 19.5]
        assert items(fresh) == items(csv_db)


def test_empty_cells_are_null(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 21
    imp(csv_db, tmp_path, items_csv("Item1,Alpha,,,,"))
    assert items(csv_db) == [("Item1", "Alpha", None, None, None, None)]


def test_enum_label_imports_as_its_value(csv_db: Database, tmp_path: Path) -> None:
    # behaviours 22-24
    imp(
        csv_db,
        tmp_path,
        items_csv(
            "A,n,Active,,,",
            "B,n,ACTIVE,,,",
            "C,n,active,,,",
            "D,n,Ativo,,,",
            "E,n,Inactive,,,",
            "F,n,Inativo,,,",
            "G,n,7,,,",
        ),
        options=ENUMS,
    )
    assert csv_db.read_scalar_integers("Items", "status") == [1, 1, 1, 1, 2, 2, 7]


def test_enum_exact_case_wins_over_a_case_insensitive_match(csv_db: Database, tmp_path: Path) -> None:
    options = CSVOptions(enum_labels={"status": {"en": {"on": 1, "On": 2}}})
    imp(csv_db, tmp_path, items_csv("A,n,on,,,", "B,n,On,,,", "C,n,ON,,,"), options=options)
    assert csv_db.read_scalar_integers("Items", "status") == [1, 2, 1]


def test_date_time_format(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 25
    imp(csv_db, tmp_path, items_csv("A,n,,,2024/01/15,"), options=CSVOptions(date_time_format="%Y/%m/%d"))
    assert items(csv_db)[0][4] == "2024-01-15T00:00:00"


@pytest.mark.parametrize(
    "cell, stored",
    [
        ("2024-01-15T10:30:00", "2024-01-15T10:30:00"),
        ("2024-01-15", "2024-01-15T00:00:00"),
        ("2024-01-15T10:30", "2024-01-15T10:30:00"),
        ("2024-01-15 10:30:00", "2024-01-15T10:30:00"),
        ("2024-1-5", "2024-01-05T00:00:00"),
        ("2024-01-15T10:30:00Z", "2024-01-15T10:30:00"),
        ("2024-01-15T10:30:00.123", "2024-01-15T10:30:00"),
        ("2024-02-31", "2024-02-31T00:00:00"),  # no calendar check (upstream)
        ("2024-12-31T23:59:60", "2024-12-31T23:59:60"),
    ],
)
def test_iso_date_times_are_stored_canonically(csv_db: Database, tmp_path: Path, cell: str, stored: str) -> None:
    imp(csv_db, tmp_path, items_csv(f"A,n,,,{cell},"))
    assert items(csv_db)[0][4] == stored


@pytest.mark.parametrize(
    "cell",
    [
        "2020-02",
        "2024-01-15T",
        "2024-13-01",
        "2024-00-10",
        "2024-01-32",
        "2024-01-15T24:00:00",
        "2024-01-15T10:60:00",
        "2024-01-15T10:00:61",
        "15/01/2024",
        "not-a-date",
    ],
)
def test_invalid_iso_date_times(csv_db: Database, tmp_path: Path, cell: str) -> None:
    # behaviour 38
    fails(
        csv_db,
        tmp_path,
        items_csv(f"A,n,,,{cell},"),
        P + f"Timestamp {cell} is not valid. Please provide a valid timestamp with format %Y-%m-%dT%H:%M:%S.",
    )


def test_custom_format_mismatch(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 52; ISO text is rejected when a format is given
    for cell in ("not-a-date", "2024-01-15T10:30:00"):
        fails(
            csv_db,
            tmp_path,
            items_csv(f"A,n,,,{cell},"),
            P + f"Timestamp {cell} is not valid. Please provide a valid timestamp with format %Y/%m/%d.",
            options=CSVOptions(date_time_format="%Y/%m/%d"),
        )


def test_custom_format_ignores_text_after_the_parsed_part(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, items_csv('A,n,,,"2024/01/15 10:30",'), options=CSVOptions(date_time_format="%Y/%m/%d"))
    assert items(csv_db)[0][4] == "2024-01-15T00:00:00"


def test_custom_format_with_month_names(csv_db: Database, tmp_path: Path) -> None:
    imp(
        csv_db,
        tmp_path,
        items_csv('A,n,,,"15 Mar 2024 07:08:09",'),
        options=CSVOptions(date_time_format="%d %b %Y %H:%M:%S"),
    )
    assert items(csv_db)[0][4] == "2024-03-15T07:08:09"


def test_header_only_file_empties_the_collection(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 26
    add_items(csv_db)
    imp(csv_db, tmp_path, items_csv())
    assert items(csv_db) == []


def test_unquoted_cells_are_trimmed(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 27
    imp(csv_db, tmp_path, items_csv(" Item1 ,\tAlpha\t, 1 , 9.5 , 2024-01-15 , note "))
    assert items(csv_db) == [("Item1", "Alpha", 1, 9.5, "2024-01-15T00:00:00", "note")]


def test_whitespace_only_cell_is_null(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, items_csv("Item1,Alpha,  ,\t,  ,   "))
    assert items(csv_db) == [("Item1", "Alpha", None, None, None, None)]


def test_column_order_is_free(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 28
    imp(csv_db, tmp_path, "sep=,\nname,status,label,notes,price,date_created\nAlpha,1,Item1,n,2.5,\n")
    assert items(csv_db) == [("Item1", "Alpha", 1, 2.5, None, "n")]


def test_sep_line_is_optional(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, f"{ITEMS_HEADER}\nItem1,Alpha,1,,,\n")
    assert items(csv_db) == [("Item1", "Alpha", 1, None, None, None)]


def test_crlf_files(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, items_csv("Item1,Alpha,1,,,x", "Item2,Beta,,,,").replace("\n", "\r\n"))
    assert items(csv_db) == [("Item1", "Alpha", 1, None, None, "x"), ("Item2", "Beta", None, None, None, None)]


def test_file_without_final_line_break(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, items_csv("Item1,Alpha,,,,").rstrip("\n"))
    assert items(csv_db) == [("Item1", "Alpha", None, None, None, None)]


def test_bom_is_skipped(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, b"\xef\xbb\xbf" + f"{ITEMS_HEADER}\nItem1,Alpha,,,,\n".encode())
    assert items(csv_db) == [("Item1", "Alpha", None, None, None, None)]


def test_bom_before_the_sep_line(csv_db: Database, tmp_path: Path) -> None:
    # upstream fails with a column error; a spreadsheet's UTF-8 export imports
    imp(csv_db, tmp_path, b"\xef\xbb\xbf" + items_csv("Item1,Alpha,,,,").encode())
    assert items(csv_db) == [("Item1", "Alpha", None, None, None, None)]


def test_utf8_text(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, items_csv("Ünï,日本語,,,,😀 ok"))
    assert items(csv_db) == [("Ünï", "日本語", None, None, None, "😀 ok")]


# ---- quoted cells ----


def test_quoted_cells(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, items_csv('"Item 1","a, b",1,2.5,,"He said ""hi""\nline 2"'))
    assert items(csv_db) == [("Item 1", "a, b", 1, 2.5, None, 'He said "hi"\nline 2')]


def test_quoted_cells_keep_surrounding_whitespace(csv_db: Database, tmp_path: Path) -> None:
    # upstream trims every cell; quoting is how an export keeps such values unchanged
    imp(csv_db, tmp_path, items_csv('"  Item1  ","\tAlpha\r\n",,,,"  "'))
    assert items(csv_db) == [("  Item1  ", "\tAlpha\r\n", None, None, None, "  ")]


def test_quoted_empty_text_is_an_empty_string(csv_db: Database, tmp_path: Path) -> None:
    # an unquoted empty cell is NULL; "" in a text column is the empty string
    imp(csv_db, tmp_path, items_csv('Item1,"",,,,""', "Item2,x,,,,"))
    assert items(csv_db) == [("Item1", "", None, None, None, ""), ("Item2", "x", None, None, None, None)]


def test_quoted_empty_number_is_null(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, items_csv('Item1,x,"","","",'))
    assert items(csv_db) == [("Item1", "x", None, None, None, None)]


def test_quoted_numbers_and_dates_are_trimmed(csv_db: Database, tmp_path: Path) -> None:
    # only text and labels keep a quoted cell's whitespace
    imp(csv_db, tmp_path, items_csv('Item1,x,"12"," 2.5 "," 2024-01-15\n",', 'Item2,y," 3 ","\t","  ",'))
    assert items(csv_db) == [("Item1", "x", 12, 2.5, "2024-01-15T00:00:00", None), ("Item2", "y", 3, None, None, None)]
    imp(csv_db, tmp_path, items_csv('Item1,x," Active ",,,', 'Item2,y,"  ",,,'), options=ENUMS)
    assert csv_db.read_scalar_integers("Items", "status") == [1]


def test_quoted_labels_match_exactly_then_trimmed(relations_db: Database, tmp_path: Path) -> None:
    relations_db.create_element("Parent", label="P1")
    relations_db.query_integer("INSERT INTO Parent (label) VALUES ('  P2  ')")  # stored untrimmed
    imp(
        relations_db, tmp_path, 'sep=,\nlabel,parent_id,sibling_id\nC1," P1 ",\nC2,"  P2  "," C1"\n', collection="Child"
    )
    assert children(relations_db) == [("C1", "P1", None), ("C2", "  P2  ", "C1")]
    imp(
        relations_db,
        tmp_path,
        'sep=,\nid,vector_index,parent_ref\n" C1 ",1,P1\nC1,2,"P1 "\n',
        collection="Child",
        group="refs",
    )
    assert table_rows(relations_db.path(), "SELECT id, vector_index, parent_ref FROM Child_vector_refs") == [
        (1, 1, 1),
        (1, 2, 1),
    ]


def test_quote_not_at_the_start_of_a_field_is_ordinary(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, items_csv('Item1,a"b"c,,,,x "y"'))
    assert items(csv_db) == [("Item1", 'a"b"c', None, None, None, 'x "y"')]


def test_text_after_a_closing_quote_is_kept(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, items_csv('Item1,"ab"cd,,,,"x" '))
    assert items(csv_db) == [("Item1", "abcd", None, None, None, "x")]


def test_unterminated_quote(csv_db: Database, tmp_path: Path) -> None:
    # upstream reads the rest of the file into the cell; here it is an error naming the line
    add_items(csv_db)
    fails(
        csv_db,
        tmp_path,
        items_csv("Item1,Alpha,,,,ok", 'Item2,"Beta,,,,', "Item3,Gamma,,,,"),
        P + "unterminated quoted field starting on line 4.",
    )
    fails(
        csv_db,
        tmp_path,
        items_csv('Item1,"multi\nline",,,,ok', '"Item2'),
        P + "unterminated quoted field starting on line 5.",
    )


# ---- separators and trailing columns (behaviours 50, 60) ----


def test_semicolon_files(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 50
    imp(csv_db, tmp_path, "sep=;\nlabel;name;status;price;date_created;notes\nItem1;Alpha;1;2.5;;x\n")
    assert items(csv_db) == [("Item1", "Alpha", 1, 2.5, None, "x")]
    imp(csv_db, tmp_path, "label;name;status;price;date_created;notes\nItem2;Beta;;;;\n")
    assert items(csv_db) == [("Item2", "Beta", None, None, None, None)]
    imp(csv_db, tmp_path, "sep=;\r\nlabel;name;status;price;date_created;notes\r\nItem3;Gamma;;;;\r\n")
    assert items(csv_db) == [("Item3", "Gamma", None, None, None, None)]


def test_file_with_semicolons_and_commas_is_comma_separated(csv_db: Database, tmp_path: Path) -> None:
    fails(
        csv_db,
        tmp_path,
        "label;name;status;price;date_created;notes\nItem1;a,b;;;;\n",
        P + "CSV file does not contain a 'label' column.",
    )


def test_semicolon_inside_quotes_is_text(csv_db: Database, tmp_path: Path) -> None:
    # upstream turns every ';' into ',' (also inside quotes)
    imp(csv_db, tmp_path, 'sep=;\nlabel;name;status;price;date_created;notes\nItem1;"a;b";;;;\n')
    assert items(csv_db) == [("Item1", "a;b", None, None, None, None)]


def test_commas_still_separate_in_a_semicolon_file(csv_db: Database, tmp_path: Path) -> None:
    # (quirk, kept) a decimal comma splits the row
    fails(
        csv_db,
        tmp_path,
        "sep=;\nlabel;name;status;price;date_created;notes\nItem1;Alpha;;2,5;;\n",
        P + "Row 1 has 7 columns, but the header has 6.",
    )


def test_other_declared_separators_are_ignored(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, "sep=|\n" + ITEMS_HEADER + "\nItem1,a|b,,,,\n")
    assert items(csv_db) == [("Item1", "a|b", None, None, None, None)]


def test_sep_line_without_line_break_is_a_header(csv_db: Database, tmp_path: Path) -> None:
    fails(csv_db, tmp_path, "sep=,", P + "CSV file does not contain a 'label' column.")


def test_trailing_empty_columns_are_stripped(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 60
    imp(csv_db, tmp_path, f"sep=,\n{ITEMS_HEADER},,, \t,\nItem1,Alpha,1,,,x,,,,\nItem2,Beta,,,,y,\nItem3,Gamma,,,,\n")
    assert items(csv_db) == [
        ("Item1", "Alpha", 1, None, None, "x"),
        ("Item2", "Beta", None, None, None, "y"),
        ("Item3", "Gamma", None, None, None, None),
    ]


def test_trailing_empty_columns_in_a_vector_file(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    imp(csv_db, tmp_path, "sep=,\nid,vector_index,measurement,,\nItem1,1,1.5,,\nItem1,2,2.5\n", group="measurements")
    assert csv_db.read_vector_floats_by_id("Items", "measurement", 1) == [1.5, 2.5]


def test_more_trailing_commas_than_the_header_fail(csv_db: Database, tmp_path: Path) -> None:
    fails(
        csv_db,
        tmp_path,
        f"sep=,\n{ITEMS_HEADER},,\nItem1,Alpha,,,,,,,\n",
        P + "Row 1 has 7 columns, but the header has 6.",
    )


# ---- header and row errors, in the order of docs/reference/csv.md 4.1 (behaviours 31-35, 51, 53) ----


def test_missing_file(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 51
    missing = tmp_path / "nope.csv"
    with pytest.raises(QuiverError, match=f"^{P}could not open file: {re.escape(str(missing))}$"):
        csv_db.import_csv("Items", "", str(missing))


def test_directory_as_file(csv_db: Database, tmp_path: Path) -> None:
    with pytest.raises(QuiverError, match=f"^{P}could not open file: {re.escape(str(tmp_path))}$"):
        csv_db.import_csv("Items", "", str(tmp_path))


def test_collection_and_group_are_checked_before_the_file(csv_db: Database, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.csv")
    with pytest.raises(QuiverError, match=f"^{P}collection not found: Nope$"):
        csv_db.import_csv("Nope", "", missing)
    # behaviour 41
    with pytest.raises(QuiverError, match=f"^{P}group not found: 'nope' in collection 'Items'$"):
        csv_db.import_csv("Items", "nope", missing)


@pytest.mark.parametrize("text", ["", "sep=,\n", "\n", "sep=,\n,,,\n", "\xef\xbb\xbf"])
def test_empty_file(csv_db: Database, tmp_path: Path, text: str) -> None:
    # behaviour 31
    fails(csv_db, tmp_path, text.encode("latin-1"), P + "CSV file is empty.")


def test_no_label_column(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 32: checked before the column count
    fails(csv_db, tmp_path, "sep=,\nname\nx\n", P + "CSV file does not contain a 'label' column.")
    fails(
        csv_db,
        tmp_path,
        "sep=,\nLabel,name,status,price,date_created,notes\n",
        P + "CSV file does not contain a 'label' column.",
    )


def test_wrong_column_count(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 33
    msg = P + "The number of columns in the CSV file does not match the number of columns in the database."
    fails(csv_db, tmp_path, "sep=,\nlabel,name\nx,y\n", msg)
    fails(csv_db, tmp_path, f"sep=,\nid,{ITEMS_HEADER}\n", msg)  # a scalar file cannot carry ids


def test_wrong_column_names(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 34: exact, case-sensitive, untrimmed names
    msg = P + "The columns in the CSV file do not match the columns in the database."
    for header in (
        "label,name,status,price,date_created,note",
        "label,Name,status,price,date_created,notes",
        "label, name,status,price,date_created,notes",
        "label,name,name,price,date_created,notes",
    ):
        fails(csv_db, tmp_path, f"sep=,\n{header}\nx,y,,,,\n", msg)


def test_row_width(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 53: 1-based data row number
    fails(csv_db, tmp_path, items_csv("a,b,,,,", "c,d,,,,,"), P + "Row 2 has 7 columns, but the header has 6.")
    fails(csv_db, tmp_path, items_csv("a,b,,,"), P + "Row 1 has 5 columns, but the header has 6.")


def test_blank_line_is_a_one_field_row(csv_db: Database, tmp_path: Path) -> None:
    fails(csv_db, tmp_path, items_csv("a,b,,,,") + "\n", P + "Row 2 has 1 columns, but the header has 6.")
    fails(csv_db, tmp_path, items_csv("", "a,b,,,,"), P + "Row 1 has 1 columns, but the header has 6.")


def test_header_errors_come_before_row_errors(csv_db: Database, tmp_path: Path) -> None:
    fails(
        csv_db,
        tmp_path,
        "sep=,\nlabel,name,status,price,date_created,nope\na\n",
        P + "The columns in the CSV file do not match the columns in the database.",
    )


# ---- cell validation (behaviours 35-40, 45) ----


def test_empty_not_null_cell(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 35
    fails(csv_db, tmp_path, items_csv("Item1,,,,,"), P + "Column name cannot be NULL.")
    fails(csv_db, tmp_path, items_csv(",x,,,,"), P + "Column label cannot be NULL.")


@pytest.mark.parametrize("cell", ["abc", "12abc", "1.5", "1e3", "0x10", "99999999999999999999", "- 1", "+-1", "1 2"])
def test_invalid_integer(csv_db: Database, tmp_path: Path, cell: str) -> None:
    # behaviour 36; upstream reads `12abc` as 12 and `1.5` as 1 (strtoll)
    fails(
        csv_db, tmp_path, items_csv(f'Item1,x,"{cell}",,,'), P + f"Invalid integer value '{cell}' for column 'status'."
    )


@pytest.mark.parametrize(
    "cell, value",
    [("+5", 5), ("-5", -5), ("007", 7), ("9223372036854775807", 2**63 - 1), ("-9223372036854775808", -(2**63))],
)
def test_integers(csv_db: Database, tmp_path: Path, cell: str, value: int) -> None:
    imp(csv_db, tmp_path, items_csv(f"Item1,x,{cell},,,"))
    assert csv_db.read_scalar_integers("Items", "status") == [value]


def test_unknown_enum_label(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 37
    fails(
        csv_db,
        tmp_path,
        items_csv("Item1,x,Unknown,,,"),
        P + "Invalid enum value 'Unknown' for column 'status'.",
        options=ENUMS,
    )


def test_numeric_cell_is_never_a_label(csv_db: Database, tmp_path: Path) -> None:
    imp(csv_db, tmp_path, items_csv("Item1,x,2,,,"), options=CSVOptions(enum_labels={"status": {"en": {"2": 5}}}))
    assert csv_db.read_scalar_integers("Items", "status") == [2]


@pytest.mark.parametrize("cell", ["abc", "2x", "1.5.5", "nan", "NaN", "-nan", "1e999", "-1e999", "0x", "1,5", "e5"])
def test_invalid_float(csv_db: Database, tmp_path: Path, cell: str) -> None:
    # behaviour 45; upstream's strtod accepts trailing garbage, nan and overflow
    fails(csv_db, tmp_path, items_csv(f'Item1,x,,"{cell}",,'), P + f"Invalid float value '{cell}' for column 'price'.")


@pytest.mark.parametrize(
    "cell, value",
    [
        ("1e3", 1000.0),
        ("-2.5", -2.5),
        ("+.5", 0.5),
        ("5.", 5.0),
        ("inf", float("inf")),
        ("-inf", float("-inf")),
        ("Infinity", float("inf")),
        ("0x1p3", 8.0),
        ("-0x1.8p1", -3.0),
        ("42", 42.0),
        ("4.9406564584124654e-324", 5e-324),
        ("1.7976931348623157e308", 1.7976931348623157e308),
        ("0.30000000000000004", 0.1 + 0.2),
    ],
)
def test_floats(csv_db: Database, tmp_path: Path, cell: str, value: float) -> None:
    imp(csv_db, tmp_path, items_csv(f"Item1,x,,{cell},,"))
    assert csv_db.read_scalar_floats("Items", "price") == [value]


def test_duplicate_labels(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 39
    add_items(csv_db)
    fails(
        csv_db, tmp_path, items_csv("A,x,,,,", "B,y,,,,", "A,z,,,,"), P + "There are duplicate entries in the CSV file."
    )


def test_validation_runs_over_every_row_before_any_write(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    rows = [f"New{i},n,{i},{i}.5,2024-01-01," for i in range(50)] + ["Last,n,bad,,,"]
    fails(csv_db, tmp_path, items_csv(*rows), P + "Invalid integer value 'bad' for column 'status'.")


# ---- foreign keys (behaviours 40, 46-48, 54, 55) ----


def _family(db: Database) -> None:
    db.create_element("Parent", label="P1")
    db.create_element("Parent", label="P2")


def children(db: Database) -> list[tuple[object, ...]]:
    return table_rows(
        db.path(),
        "SELECT c.label, p.label, s.label FROM Child c LEFT JOIN Parent p ON p.id = c.parent_id "
        "LEFT JOIN Child s ON s.id = c.sibling_id ORDER BY c.id",
    )


def test_foreign_key_labels_resolve(relations_db: Database, tmp_path: Path) -> None:
    # behaviours 46-48
    _family(relations_db)
    imp(
        relations_db,
        tmp_path,
        "sep=,\nlabel,parent_id,sibling_id\nC1,P2,\nC2,P1,C1\nC3,,C3\nC4,P1,C5\nC5,,\n",
        collection="Child",
    )
    assert children(relations_db) == [
        ("C1", "P2", None),
        ("C2", "P1", "C1"),
        ("C3", None, "C3"),
        ("C4", "P1", "C5"),
        ("C5", None, None),
    ]
    # re-importing replaces all children; references are looked up by label, not by position or id
    imp(relations_db, tmp_path, "sep=,\nlabel,parent_id,sibling_id\nC6,P2,C3\nC3,P2,C6\n", collection="Child")
    assert children(relations_db) == [("C3", "P2", "C6"), ("C6", "P2", "C3")]


def test_unknown_foreign_key_label(relations_db: Database, tmp_path: Path) -> None:
    # behaviour 40
    _family(relations_db)
    fails(
        relations_db,
        tmp_path,
        "sep=,\nlabel,parent_id,sibling_id\nC1,P1,\nC2,NonExistent,\n",
        P + "Could not find an existing element from collection Parent with label NonExistent.\n"
        "Create the element before referencing it.",
        collection="Child",
    )


def test_unknown_self_reference(relations_db: Database, tmp_path: Path) -> None:
    # behaviour 54
    _family(relations_db)
    fails(
        relations_db,
        tmp_path,
        "sep=,\nlabel,parent_id,sibling_id\nC1,P1,C1\nC2,P1,NonExistent\n",
        P + "Could not find an existing element from collection Child with label NonExistent.\n"
        "Create the element before referencing it.",
        collection="Child",
    )


def test_foreign_key_to_an_element_labelled_with_an_id(relations_db: Database, tmp_path: Path) -> None:
    # a cell is always a label, never a raw id
    _family(relations_db)
    fails(
        relations_db,
        tmp_path,
        "sep=,\nlabel,parent_id,sibling_id\nC1,1,\n",
        P + "Could not find an existing element from collection Parent with label 1.\n"
        "Create the element before referencing it.",
        collection="Child",
    )


def test_quoted_empty_foreign_key_is_the_empty_label(relations_db: Database, tmp_path: Path) -> None:
    relations_db.query_integer("INSERT INTO Parent (label) VALUES ('')")
    imp(relations_db, tmp_path, 'sep=,\nlabel,parent_id,sibling_id\nC1,"",\nC2,,\n', collection="Child")
    assert children(relations_db) == [("C1", "", None), ("C2", None, None)]


def test_vector_foreign_key_labels(relations_db: Database, tmp_path: Path) -> None:
    # behaviour 55
    _family(relations_db)
    relations_db.create_element("Child", label="C1")
    imp(
        relations_db,
        tmp_path,
        "sep=,\nid,vector_index,parent_ref\nC1,1,P1\nC1,2,P2\nC1,3,\n",
        collection="Child",
        group="refs",
    )
    assert table_rows(relations_db.path(), "SELECT vector_index, parent_ref FROM Child_vector_refs ORDER BY 1") == [
        (1, 1),
        (2, 2),
        (3, None),
    ]
    fails(
        relations_db,
        tmp_path,
        "sep=,\nid,vector_index,parent_ref\nC1,1,P1\nC1,2,Nope\n",
        P + "Could not find an existing element from collection Parent with label Nope.",
        collection="Child",
        group="refs",
    )


def test_set_and_time_series_foreign_key_labels(relations_db: Database, tmp_path: Path) -> None:
    _family(relations_db)
    relations_db.create_element("Child", label="C1")
    imp(relations_db, tmp_path, "sep=,\nid,mentor_id\nC1,P2\nC1,P1\n", collection="Child", group="mentors")
    assert sorted(relations_db.read_set_integers_by_id("Child", "mentor_id", 1)) == [1, 2]
    imp(
        relations_db,
        tmp_path,
        "sep=,\nid,date_time,sponsor_id\nC1,2024-01-01,P2\nC1,2024-01-02,\n",
        collection="Child",
        group="events",
    )
    assert table_rows(relations_db.path(), "SELECT date_time, sponsor_id FROM Child_time_series_events ORDER BY 1") == [
        ("2024-01-01T00:00:00", 2),
        ("2024-01-02T00:00:00", None),
    ]


# ---- replacement semantics (deviation: elements are matched by label) ----


def test_scalar_import_replaces_the_collection(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    imp(csv_db, tmp_path, items_csv("Item3,Gamma,,,,"))
    assert items(csv_db) == [("Item3", "Gamma", None, None, None, None)]


def test_elements_kept_by_label_keep_their_id_and_groups(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    csv_db.update_element("Items", 1, measurement=[1.0], tag=["t"])
    csv_db.update_element("Items", 2, measurement=[2.0])
    imp(csv_db, tmp_path, items_csv("New,n,,,,", "Item1,Renamed,5,,,"))
    assert table_rows(csv_db.path(), "SELECT id, label, name, status FROM Items ORDER BY id") == [
        (1, "Item1", "Renamed", 5),
        (3, "New", "n", None),
    ]
    # Item2 was deleted and its group rows with it (ON DELETE CASCADE); Item1's rows stay
    assert table_rows(csv_db.path(), "SELECT id, measurement FROM Items_vector_measurements") == [(1, 1.0)]
    assert table_rows(csv_db.path(), "SELECT id, tag FROM Items_set_tags") == [(1, "t")]


def test_removed_elements_apply_on_delete_actions(relations_db: Database, tmp_path: Path) -> None:
    _family(relations_db)
    relations_db.create_element("Child", label="C1", parent_id=2, parent_ref=[2], mentor_id=[2, 1])
    imp(relations_db, tmp_path, "sep=,\nlabel\nP1\n", collection="Parent")
    # SET NULL for the scalar and the vector reference, CASCADE for the set: nothing dangles
    assert children(relations_db) == [("C1", None, None)]
    assert table_rows(relations_db.path(), "SELECT parent_ref FROM Child_vector_refs") == [(None,)]
    assert relations_db.read_set_integers_by_id("Child", "mentor_id", 1) == [1]
    assert table_rows(relations_db.path(), "PRAGMA foreign_key_check") == []


def test_kept_elements_may_swap_unique_values(tmp_path: Path) -> None:
    # row-by-row updates would meet a transient UNIQUE conflict (A takes y while B still has it)
    with Database.from_schema(str(tmp_path / "u.db"), ROUND_TRIP_SCHEMA) as db:
        db.create_element("Owner", label="A", code="x")
        db.create_element("Owner", label="B", code="y")
        db.create_element("Owner", label="C", code="z")
        imp(db, tmp_path, "sep=,\nlabel,code\nB,x\nA,y\nD,z\n", collection="Owner")
        assert table_rows(db.path(), "SELECT id, label, code FROM Owner ORDER BY id") == [
            (1, "A", "y"),
            (2, "B", "x"),
            (4, "D", "z"),
        ]
        fails(
            db,
            tmp_path,
            "sep=,\nlabel,code\nA,x\nB,x\n",
            P + "There are duplicate entries in the CSV file.",
            collection="Owner",
        )


def test_unique_column_referenced_by_a_foreign_key_is_never_cleared(tmp_path: Path) -> None:
    schema = tmp_path / "zones.sql"
    schema.write_text(
        "PRAGMA foreign_keys = ON;\n"
        "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
        "CREATE TABLE Zone (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, code TEXT UNIQUE) STRICT;\n"
        "CREATE TABLE Site (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, zone_id TEXT "
        "REFERENCES Zone(code) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;\n"
    )
    with Database.from_schema(str(tmp_path / "z.db"), str(schema)) as db:
        db.create_element("Zone", label="A", code="x")
        db.query_integer("INSERT INTO Site (label, zone_id) VALUES ('S', 'x')")
        imp(db, tmp_path, "sep=,\nlabel,code\nA,x\n", collection="Zone")
        assert table_rows(db.path(), "SELECT zone_id FROM Site") == [("x",)]


def test_header_only_scalar_import_cascades(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    csv_db.update_element("Items", 1, measurement=[1.0], tag=["t"])
    imp(csv_db, tmp_path, items_csv())
    assert table_rows(csv_db.path(), "SELECT COUNT(*) FROM Items_vector_measurements") == [(0,)]
    assert table_rows(csv_db.path(), "SELECT COUNT(*) FROM Items_set_tags") == [(0,)]


def test_autoincrement_ids_continue(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    imp(csv_db, tmp_path, items_csv())
    imp(csv_db, tmp_path, items_csv("A,n,,,,"))
    assert csv_db.read_element_ids("Items") == [3]


def test_plain_integer_primary_key_ids_restart_after_the_table_was_emptied(
    collections_db: Database, tmp_path: Path
) -> None:
    collections_db.create_element("Configuration", label="A")
    collections_db.create_element("Configuration", label="B")
    imp(collections_db, tmp_path, "sep=,\nlabel\nC\nB\n", collection="Configuration")
    assert table_rows(collections_db.path(), "SELECT id, label FROM Configuration ORDER BY id") == [(2, "B"), (3, "C")]
    imp(collections_db, tmp_path, "sep=,\nlabel\nD\n", collection="Configuration")
    assert table_rows(collections_db.path(), "SELECT id, label FROM Configuration ORDER BY id") == [(1, "D")]


def test_large_import(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 49
    rows = [f"Item{i},Name {i},{i},{i}.25,2024-01-01T00:00:00," for i in range(20_000)]
    imp(csv_db, tmp_path, items_csv(*rows))
    assert csv_db.read_scalar_strings("Items", "label")[0] == "Item0"
    assert csv_db.read_scalar_strings("Items", "label")[-1] == "Item19999"
    assert csv_db.read_scalar_floats("Items", "price")[-1] == 19999.25


# ---- groups (behaviours 29, 30, 42-44, 56-59) ----


def test_group_round_trips(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 29: export -> clear -> import
    add_items(csv_db)
    csv_db.update_element("Items", 1, measurement=[1.1, 2.2], tag=["red", "green"])
    csv_db.update_element("Items", 2, measurement=[3.3], tag=["blue"])
    csv_db.update_time_series_group(
        "Items",
        "readings",
        1,
        [
            {"date_time": "2024-01-01T10:00:00", "temperature": 22.5, "humidity": 60},
            {"date_time": "2024-01-01T11:00:00", "temperature": 23.0, "humidity": 55},
        ],
    )
    for group in ("measurements", "tags", "readings"):
        path = str(tmp_path / f"{group}.csv")
        csv_db.export_csv("Items", group, path)
    before = sorted(full_dump(csv_db.path()))  # set rows come back in value order
    csv_db.update_element("Items", 1, measurement=[], tag=[])
    csv_db.update_element("Items", 2, measurement=[], tag=[])
    csv_db.update_time_series_group("Items", "readings", 1, [])
    for group in ("measurements", "tags", "readings"):
        csv_db.import_csv("Items", group, str(tmp_path / f"{group}.csv"))
    assert sorted(full_dump(csv_db.path())) == before
    assert csv_db.read_time_series_group("Items", "readings", 1)[0]["temperature"] == 22.5


def test_group_import_replaces_rows_of_every_element(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    csv_db.update_element("Items", 1, measurement=[1.0])
    csv_db.update_element("Items", 2, measurement=[2.0, 3.0])
    imp(csv_db, tmp_path, "sep=,\nid,vector_index,measurement\nItem1,1,9\n", group="measurements")
    assert csv_db.read_vector_floats_by_id("Items", "measurement", 1) == [9.0]
    assert csv_db.read_vector_floats_by_id("Items", "measurement", 2) == []


def test_header_only_group_file_clears_the_group(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 30
    add_items(csv_db)
    csv_db.update_element("Items", 1, tag=["a"], measurement=[1.0])
    imp(csv_db, tmp_path, "sep=,\nid,tag\n", group="tags")
    assert csv_db.read_set_strings_by_id("Items", "tag", 1) == []
    assert csv_db.read_vector_floats_by_id("Items", "measurement", 1) == [1.0]


def test_vector_rows_of_different_elements_may_interleave(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    imp(csv_db, tmp_path, "sep=,\nid,vector_index,measurement\nItem1,1,1\nItem2,1,5\nItem1,2,2\n", group="measurements")
    assert csv_db.read_vector_floats("Items", "measurement") == [[1.0, 2.0], [5.0]]


def test_group_columns_in_any_order(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    imp(csv_db, tmp_path, "sep=,\nhumidity,temperature,date_time,id\n5,1.5,2024-01-01,Item2\n", group="readings")
    assert csv_db.read_time_series_group("Items", "readings", 2) == [
        {"date_time": "2024-01-01T00:00:00", "temperature": 1.5, "humidity": 5}
    ]


def test_unknown_parent_label(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 42
    add_items(csv_db)
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,tag\nItem1,a\nNonExistent,b\n",
        P + "Element with id NonExistent does not exist in collection Items.",
        group="tags",
    )
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,tag\n,b\n",
        P + "Element with id  does not exist in collection Items.",
        group="tags",
    )
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,tag\n1,b\n",
        P + "Element with id 1 does not exist in collection Items.",
        group="tags",
    )


@pytest.mark.parametrize("indexes", [["0", "1"], ["1", "3"], ["1", "1"], ["2"], ["2", "1"], ["a"], ["1.0"], [""]])
def test_vector_index_must_be_consecutive(csv_db: Database, tmp_path: Path, indexes: list[str]) -> None:
    # behaviours 43, 59
    add_items(csv_db)
    body = "".join(f"Item1,{i},1.5\n" for i in indexes)
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,vector_index,measurement\n" + body,
        P + "Column vector_index must be consecutive, unique and start at 1.",
        group="measurements",
    )


def test_vector_index_is_checked_before_the_cells(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,vector_index,measurement\nNope,1,x\nItem1,3,1\n",
        P + "Column vector_index must be consecutive, unique and start at 1.",
        group="measurements",
    )


def test_time_series_custom_format(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 44
    add_items(csv_db)
    imp(
        csv_db,
        tmp_path,
        'sep=,\nid,date_time,temperature,humidity\nItem1,"01/02/2024 10:30",1.5,2\n',
        group="readings",
        options=CSVOptions(date_time_format="%d/%m/%Y %H:%M"),
    )
    assert csv_db.read_time_series_group("Items", "readings", 1)[0]["date_time"] == "2024-02-01T10:30:00"


def test_time_series_bad_date(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,date_time,temperature,humidity\nItem1,2024-01-01,1.5,2\nItem1,bad,1,1\n",
        P + "Timestamp bad is not valid. Please provide a valid timestamp with format %Y-%m-%dT%H:%M:%S.",
        group="readings",
    )


def test_group_not_null(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 56
    add_items(csv_db)
    fails(csv_db, tmp_path, "sep=,\nid,tag\nItem1,a\nItem1,\n", P + "Column tag cannot be NULL.", group="tags")


def test_group_enum_labels(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 57
    add_items(csv_db)
    options = CSVOptions(enum_labels={"humidity": {"en": {"Low": 60, "High": 90}}})
    imp(
        csv_db,
        tmp_path,
        "sep=,\nid,date_time,temperature,humidity\nItem1,2024-01-01,1,Low\nItem1,2024-01-02,2,HIGH\n",
        group="readings",
        options=options,
    )
    assert [r["humidity"] for r in csv_db.read_time_series_group("Items", "readings", 1)] == [60, 90]
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,date_time,temperature,humidity\nItem1,2024-01-01,1,Medium\n",
        P + "Invalid enum value 'Medium' for column 'humidity'.",
        group="readings",
        options=options,
    )


def test_group_numbers_are_validated_before_writing(csv_db: Database, tmp_path: Path) -> None:
    # upstream checks group INTEGER/REAL cells only while writing (`stod`, `Invalid enum value`)
    add_items(csv_db)
    csv_db.update_element("Items", 1, measurement=[7.0])
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,vector_index,measurement\nItem1,1,1.5\nItem1,2,abc\n",
        P + "Invalid float value 'abc' for column 'measurement'.",
        group="measurements",
    )
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,date_time,temperature,humidity\nItem1,2024-01-01,1,12abc\n",
        P + "Invalid integer value '12abc' for column 'humidity'.",
        group="readings",
    )


def test_duplicate_set_values(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 58 (detected by the UNIQUE constraint while writing; rolled back)
    add_items(csv_db)
    csv_db.update_element("Items", 2, tag=["keep"])
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,tag\nItem1,a\nItem1,b\nItem1,a\n",
        P + "There are duplicate entries in the CSV file.",
        group="tags",
    )


def test_duplicate_time_series_dates(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    fails(
        csv_db,
        tmp_path,
        "sep=,\nid,date_time,temperature,humidity\nItem1,2024-01-01,1,1\nItem1,2024-01-01T00:00:00,2,2\n",
        P + "There are duplicate entries in the CSV file.",
        group="readings",
    )


# ---- all-or-nothing (docs/reference/csv.md 4.6): full dump unchanged, alone and in a caller's transaction ----

FAILING = [
    # (schema fixture, collection, group, file, message)
    (
        "csv_db",
        "Items",
        "",
        items_csv(*[f"N{i},n,{i},,," for i in range(30)], "Last,n,12abc,,,"),
        "Invalid integer value '12abc' for column 'status'.",
    ),
    (
        "csv_db",
        "Items",
        "",
        items_csv("A,n,Active,,,", "B,n,Sleeping,,,"),
        "Invalid enum value 'Sleeping' for column 'status'.",
    ),
    ("csv_db", "Items", "", items_csv("A,n,,,,", 'B,"n,,,,'), "unterminated quoted field starting on line 4."),
    (
        "csv_db",
        "Items",
        "",
        "sep=,\nlabel,name,status,price,date_created,note\n",
        "The columns in the CSV file do not match the columns in the database.",
    ),
    ("csv_db", "Items", "", items_csv("A,n,,,,", "A,m,,,,"), "There are duplicate entries in the CSV file."),
    (
        "csv_db",
        "Items",
        "tags",
        "sep=,\nid,tag\nItem1,x\nItem2,x\nItem2,x\n",
        "There are duplicate entries in the CSV file.",
    ),
    (
        "csv_db",
        "Items",
        "measurements",
        "sep=,\nid,vector_index,measurement\nItem1,1,1\nItem1,2,x\n",
        "Invalid float value 'x' for column 'measurement'.",
    ),
    (
        "relations_db",
        "Child",
        "",
        "sep=,\nlabel,parent_id,sibling_id\nC9,P1,\nC8,Ghost,\n",
        "Could not find an existing element from collection Parent with label Ghost.\nCreate the element before referencing it.",
    ),
    (
        "relations_db",
        "Child",
        "",
        "sep=,\nlabel,parent_id,sibling_id\nC9,P1,C8\nC8,P1,Ghost\n",
        "Could not find an existing element from collection Child with label Ghost.\nCreate the element before referencing it.",
    ),
    (
        "relations_db",
        "Child",
        "refs",
        "sep=,\nid,vector_index,parent_ref\nC1,1,P1\nC1,2,Ghost\n",
        "Could not find an existing element from collection Parent with label Ghost.",
    ),
]


def _populate(db: Database, fixture: str) -> None:
    if fixture == "csv_db":
        add_items(db)
        db.update_element("Items", 1, measurement=[1.0, 2.0], tag=["a", "b"])
        db.update_element("Items", 2, tag=["c"])
        db.update_time_series_group(
            "Items", "readings", 2, [{"date_time": "2024-01-01T00:00:00", "temperature": 1.0, "humidity": 2}]
        )
    else:
        _family(db)
        db.create_element("Child", label="C1", parent_id=1, parent_ref=[1, 2], mentor_id=[2])
        db.create_element("Child", label="C2", parent_id=2, sibling_id=1)


FAILING_IDS = [
    "bad-int-last-row",
    "unknown-enum",
    "unterminated-quote",
    "wrong-header",
    "duplicate-labels",
    "duplicate-set-values",
    "bad-float-in-group",
    "unknown-fk-label",
    "unknown-self-fk-label",
    "unknown-fk-label-in-group",
]


@pytest.mark.parametrize("fixture, collection, group, text, message", FAILING, ids=FAILING_IDS)
def test_failed_import_changes_nothing(
    request: pytest.FixtureRequest, tmp_path: Path, fixture: str, collection: str, group: str, text: str, message: str
) -> None:
    db: Database = request.getfixturevalue(fixture)
    _populate(db, fixture)
    options = ENUMS if "Active" in text else None
    fails(db, tmp_path, text, P + message, collection=collection, group=group, options=options)
    assert not db.in_transaction()


FAILING_IDS = [
    "bad-int-last-row",
    "unknown-enum",
    "unterminated-quote",
    "wrong-header",
    "duplicate-labels",
    "duplicate-set-values",
    "bad-float-in-group",
    "unknown-fk-label",
    "unknown-self-fk-label",
    "unknown-fk-label-in-group",
]


@pytest.mark.parametrize("fixture, collection, group, text, message", FAILING, ids=FAILING_IDS)
def test_failed_import_inside_a_transaction_keeps_the_callers_writes(
    request: pytest.FixtureRequest, tmp_path: Path, fixture: str, collection: str, group: str, text: str, message: str
) -> None:
    db: Database = request.getfixturevalue(fixture)
    _populate(db, fixture)
    committed = full_dump(db.path())
    db.begin_transaction()
    coll = "Items" if fixture == "csv_db" else "Parent"
    new_id = db.create_element(coll, label="Mine", **({"name": "caller"} if coll == "Items" else {}))
    before = connection_dump(db)
    with pytest.raises(QuiverError) as info:
        imp(db, tmp_path, text, collection=collection, group=group, options=ENUMS if "Active" in text else None)
    assert str(info.value) == P + message
    assert db.in_transaction()
    assert connection_dump(db) == before
    assert full_dump(db.path()) == committed  # nothing committed behind the caller's back
    db.commit()
    assert db.read_scalar_strings(coll, "label")[-1] == "Mine" and new_id in db.read_element_ids(coll)


def test_write_phase_failure_rolls_back(tmp_path: Path) -> None:
    # a CHECK constraint and a trigger fire only while writing; everything done so far is undone
    with Database.from_schema(str(tmp_path / "l.db"), str(VALID / "less_common_features.sql")) as db:
        cfg = db.create_element("Configuration", label="cfg")
        db.create_element("Plant", label="Old", capacity=1.0, config_idx=cfg)
        before = full_dump(db.path())
        text = (
            "sep=,\nlabel,capacity,kind,config_idx\n" + "".join(f"P{i},{i},k,cfg\n" for i in range(20)) + "Bad,-1,k,\n"
        )
        with pytest.raises(QuiverError, match="^Failed to execute statement: CHECK constraint failed: capacity >= 0"):
            db.import_csv("Plant", "", write(tmp_path / "p.csv", text))
        assert full_dump(db.path()) == before
        db.begin_transaction()
        db.create_element("Plant", label="Mine", capacity=2.0)
        with pytest.raises(QuiverError, match="^Failed to execute statement: empty label"):
            db.import_csv(
                "Plant", "", write(tmp_path / "p.csv", 'sep=,\nlabel,capacity,kind,config_idx\nA,1,k,\n"  ",1,k,\n')
            )
        assert db.in_transaction()
        db.commit()
        assert db.read_scalar_strings("Plant", "label") == ["Old", "Mine"]


def test_successful_import_inside_a_transaction_is_part_of_it(csv_db: Database, tmp_path: Path) -> None:
    # upstream fails with `cannot start a transaction within a transaction` and rolls the caller back
    add_items(csv_db)
    committed = full_dump(csv_db.path())
    csv_db.begin_transaction()
    csv_db.create_element("Items", label="Mine", name="caller")
    imp(csv_db, tmp_path, items_csv("Mine,caller,,,,", "New,n,,,,"))
    assert csv_db.in_transaction()
    assert csv_db.read_scalar_strings("Items", "label") == ["Mine", "New"]
    csv_db.rollback()
    assert full_dump(csv_db.path()) == committed
    csv_db.begin_transaction()
    imp(csv_db, tmp_path, items_csv("New,n,,,,"))
    csv_db.commit()
    assert csv_db.read_scalar_strings("Items", "label") == ["New"]


def test_header_only_import_inside_a_transaction(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    csv_db.begin_transaction()
    imp(csv_db, tmp_path, items_csv())
    assert csv_db.in_transaction() and csv_db.read_element_ids("Items") == []
    csv_db.rollback()
    assert csv_db.read_scalar_strings("Items", "label") == ["Item1", "Item2"]


# ---- read-only ----


def test_read_only_is_checked_first(csv_db: Database, tmp_path: Path) -> None:
    add_items(csv_db)
    path = csv_db.path()
    csv_db.close()
    before = full_dump(path)
    with Database.open(path, read_only=True) as ro:
        for text in (items_csv("A,n,,,,"), items_csv(), "", "garbage"):
            with pytest.raises(QuiverError, match="^Cannot import_csv: database is read-only$"):
                ro.import_csv("Items", "", write(tmp_path / "in.csv", text))
        with pytest.raises(QuiverError, match="^Cannot import_csv: database is read-only$"):
            ro.import_csv("Items", "", str(tmp_path / "missing.csv"))
        with pytest.raises(QuiverError, match="^Cannot import_csv: database is read-only$"):
            ro.import_csv("Items", "tags", write(tmp_path / "in.csv", "sep=,\nid,tag\n"))
    assert full_dump(path) == before


def test_group_into_a_second_database_needs_the_parents_first(csv_db: Database, tmp_path: Path) -> None:
    # behaviour 61
    add_items(csv_db)
    csv_db.update_element("Items", 2, measurement=[1.5, 2.5])
    csv_db.export_csv("Items", "", str(tmp_path / "items.csv"))
    csv_db.export_csv("Items", "measurements", str(tmp_path / "m.csv"))
    with Database.from_schema(str(tmp_path / "second.db"), CSV_SCHEMA) as second:
        with pytest.raises(
            QuiverError, match="^Cannot import_csv: Element with id Item2 does not exist in collection Items.$"
        ):
            second.import_csv("Items", "measurements", str(tmp_path / "m.csv"))
        second.import_csv("Items", "", str(tmp_path / "items.csv"))
        second.import_csv("Items", "measurements", str(tmp_path / "m.csv"))
        assert second.read_vector_floats_by_id("Items", "measurement", 2) == [1.5, 2.5]

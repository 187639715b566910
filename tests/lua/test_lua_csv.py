# docs/reference/lua.md 4.1 items: 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111
"""Lua export_csv / import_csv with and without option tables (docs/reference/lua.md 3.5.5, 3.7.10), checked
against the files and the Python API.

Binding deviation tested as the behaviour (docs/compatibility.md): an option table with an
unknown key or a value of the wrong type is an error (upstream ignored it silently)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiverdb import CSVOptions, Database
from support.lua import error_line, run

HEADER = "label,name,status,price,date_created,notes"
ENUM = "enum_labels = { status = { en = { Active = 1, Inactive = 2 } } }"


@pytest.fixture
def items(csv_db: Database) -> Database:
    csv_db.create_element("Configuration", label="cfg")
    csv_db.create_element(
        "Items", label="Item1", name="Alpha", status=1, price=9.99, date_created="2024-01-15T10:30:00", notes="first",
        measurement=[1.1, 2.2, 3.3],
    )  # fmt: skip
    csv_db.create_element(
        "Items", label="Item2", name="Beta", status=2, price=19.5, date_created="2024-02-20T08:00:00", notes="second",
        measurement=[4.4, 5.5],
    )  # fmt: skip
    return csv_db


def _lua_path(path: Path) -> str:
    return '"' + str(path).replace("\\", "\\\\") + '"'


def _lines(path: Path) -> list[str]:
    return path.read_text().split("\n")


def test_scalar_export(items: Database, tmp_path: Path) -> None:
    # item 100
    out = tmp_path / "items.csv"
    assert run(items, f'return db:export_csv("Items", "", {_lua_path(out)})') is None
    assert out.read_text() == (
        f"sep=,\n{HEADER}\nItem1,Alpha,1,9.99,2024-01-15T10:30:00,first\nItem2,Beta,2,19.5,2024-02-20T08:00:00,second\n"
    )
    python = tmp_path / "python.csv"
    items.export_csv("Items", "", str(python))
    assert python.read_text() == out.read_text()


def test_group_export(items: Database, tmp_path: Path) -> None:
    # item 101
    out = tmp_path / "measurements.csv"
    run(items, f'db:export_csv("Items", "measurements", {_lua_path(out)})')
    assert out.read_text() == (
        "sep=,\nid,vector_index,measurement\nItem1,1,1.1\nItem1,2,2.2\nItem1,3,3.3\nItem2,1,4.4\nItem2,2,5.5\n"
    )


def test_export_with_enum_labels(items: Database, tmp_path: Path) -> None:
    # item 102
    out = tmp_path / "enum.csv"
    run(items, f'db:export_csv("Items", "", {_lua_path(out)}, {{ {ENUM} }})')
    rows = _lines(out)
    assert rows[2].split(",")[2] == "Active" and rows[3].split(",")[2] == "Inactive"


def test_export_with_date_time_format(items: Database, tmp_path: Path) -> None:
    # item 103
    out = tmp_path / "dates.csv"
    run(items, f'db:export_csv("Items", "", {_lua_path(out)}, {{ date_time_format = "%Y/%m/%d" }})')
    rows = _lines(out)
    assert rows[2].split(",")[4] == "2024/01/15" and rows[3].split(",")[4] == "2024/02/20"


def test_export_with_both_options(items: Database, tmp_path: Path) -> None:
    # item 104
    out = tmp_path / "both.csv"
    run(items, f'db:export_csv("Items", "", {_lua_path(out)}, {{ {ENUM}, date_time_format = "%Y/%m/%d" }})')
    assert _lines(out)[:4] == [
        "sep=,",
        HEADER,
        "Item1,Alpha,Active,9.99,2024/01/15,first",
        "Item2,Beta,Inactive,19.5,2024/02/20,second",
    ]
    python = tmp_path / "python.csv"
    options = CSVOptions(date_time_format="%Y/%m/%d", enum_labels={"status": {"en": {"Active": 1, "Inactive": 2}}})
    items.export_csv("Items", "", str(python), options=options)
    assert python.read_text() == out.read_text()


def test_export_delete_import_round_trip(items: Database, tmp_path: Path) -> None:
    # item 105
    out = tmp_path / "round.csv"
    names = run(
        items,
        f'db:export_csv("Items", "", {_lua_path(out)})\n'
        'for _, id in ipairs(db:read_element_ids("Items")) do db:delete_element("Items", id) end\n'
        'assert(#db:read_element_ids("Items") == 0)\n'
        f'db:import_csv("Items", "", {_lua_path(out)})\n'
        'return db:read_scalar_strings("Items", "name")',
    )
    assert names == ["Alpha", "Beta"]
    assert items.read_scalar_strings("Items", "label") == ["Item1", "Item2"]
    assert items.read_scalar_integers("Items", "status") == [1, 2]


def test_vector_export_import_again(items: Database, tmp_path: Path) -> None:
    # item 106
    out = tmp_path / "vector.csv"
    count = run(
        items,
        f'db:export_csv("Items", "measurements", {_lua_path(out)})\n'
        f'db:import_csv("Items", "measurements", {_lua_path(out)})\n'
        'return #db:read_vector_floats_by_id("Items", "measurement", 1)',
    )
    assert count == 3
    assert items.read_vector_floats_by_id("Items", "measurement", 1) == [1.1, 2.2, 3.3]


def test_header_only_import_empties_collection(items: Database, tmp_path: Path) -> None:
    # item 107
    path = tmp_path / "empty.csv"
    path.write_text(f"sep=,\n{HEADER}\n")
    assert run(items, f'db:import_csv("Items", "", {_lua_path(path)}); return #db:read_element_ids("Items")') == 0


def test_import_with_enum_labels(csv_db: Database, tmp_path: Path) -> None:
    # item 108
    path = tmp_path / "enum.csv"
    path.write_text(f"sep=,\n{HEADER}\nItem1,Alpha,Active,9.99,2024-01-15T10:30:00,first\n")
    run(csv_db, f'db:import_csv("Items", "", {_lua_path(path)}, {{ {ENUM} }})')
    assert csv_db.read_scalar_integers("Items", "status") == [1]


def test_import_enum_label_without_options_fails(csv_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "enum.csv"
    path.write_text(f"sep=,\n{HEADER}\nItem1,Alpha,Active,9.99,2024-01-15T10:30:00,first\n")
    assert error_line(csv_db, f'db:import_csv("Items", "", {_lua_path(path)})') == (
        "Cannot import_csv: Invalid integer value 'Active' for column 'status'."
    )
    assert csv_db.read_element_ids("Items") == []


def test_import_with_date_time_format(csv_db: Database, tmp_path: Path) -> None:
    # item 109
    path = tmp_path / "dates.csv"
    path.write_text(f"sep=,\n{HEADER}\nItem1,Alpha,1,9.99,2024/01/15,first\n")
    run(csv_db, f'db:import_csv("Items", "", {_lua_path(path)}, {{ date_time_format = "%Y/%m/%d" }})')
    assert csv_db.read_scalar_strings("Items", "date_created") == ["2024-01-15T00:00:00"]


def test_import_tolerates_trailing_empty_columns_scalar(csv_db: Database, tmp_path: Path) -> None:
    # item 110
    path = tmp_path / "trailing.csv"
    path.write_text(
        f"sep=,\n{HEADER},,,,\nItem1,Alpha,1,9.99,2024-01-15T10:30:00,first,,,,\nItem2,Beta,2,19.5,2024-02-20T08:00:00,second,,,,\n"
    )
    run(csv_db, f'db:import_csv("Items", "", {_lua_path(path)})')
    assert csv_db.read_scalar_strings("Items", "notes") == ["first", "second"]


def test_import_tolerates_trailing_empty_columns_vector(items: Database, tmp_path: Path) -> None:
    # item 111
    path = tmp_path / "trailing_vector.csv"
    path.write_text("sep=,\nid,vector_index,measurement,,,,\nItem1,1,7.5,,,,\nItem1,2,8.5,,,,\n")
    run(items, f'db:import_csv("Items", "measurements", {_lua_path(path)})')
    assert items.read_vector_floats_by_id("Items", "measurement", 1) == [7.5, 8.5]


def test_set_and_time_series_export(items: Database, tmp_path: Path) -> None:
    items.update_element("Items", 1, tag=["red"])
    items.update_time_series_group(
        "Items", "readings", 1, [{"date_time": "2024-01-01T00:00:00", "temperature": 23.0, "humidity": 5}]
    )
    tags, readings = tmp_path / "tags.csv", tmp_path / "readings.csv"
    run(
        items,
        f'db:export_csv("Items", "tags", {_lua_path(tags)}); db:export_csv("Items", "readings", {_lua_path(readings)})',
    )
    assert tags.read_text() == "sep=,\nid,tag\nItem1,red\n"
    assert readings.read_text().startswith("sep=,\nid,date_time,temperature,humidity\nItem1,2024-01-01T00:00:00,")


def test_nil_options_are_defaults(items: Database, tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    run(items, f'db:export_csv("Items", "", {_lua_path(a)}, nil); db:export_csv("Items", "", {_lua_path(b)}, {{}})')
    python = tmp_path / "python.csv"
    items.export_csv("Items", "", str(python))
    assert a.read_text() == b.read_text() == python.read_text()
    assert _lines(a)[2] == "Item1,Alpha,1,9.99,2024-01-15T10:30:00,first"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("5", "export_csv: argument #4 'options' must be a table, got integer"),
        ('"x"', "export_csv: argument #4 'options' must be a table, got string"),
        ("{ nope = 1 }", "export_csv: options: unknown option 'nope' (the options are date_time_format and enum_labels)"),
        ("{ 1 }", "export_csv: options: unknown option key of type integer (the options are date_time_format and enum_labels)"),
        ("{ date_time_format = 5 }", "export_csv: options.date_time_format must be a string, got integer"),
        ("{ enum_labels = true }", "export_csv: options.enum_labels must be a table, got boolean"),
        ("{ enum_labels = { status = 5 } }",
         "export_csv: options.enum_labels must map attribute names to { locale = { Label = value } }"),
        ("{ enum_labels = { status = { en = 1 } } }",
         "export_csv: options.enum_labels.status must map locales to { Label = value }"),
        ("{ enum_labels = { status = { en = { Active = 1.5 } } } }",
         "export_csv: options.enum_labels.status.en.Active must be an integer, got float"),
        ('{ enum_labels = { status = { en = { Active = "1" } } } }',
         "export_csv: options.enum_labels.status.en.Active must be an integer, got string"),
        ('{ enum_labels = { status = { en = { "Active" } } } }',
         "export_csv: options.enum_labels.status.en: labels must be strings, got a key of type integer"),
    ],
)  # fmt: skip
def test_bad_option_tables_are_errors(items: Database, tmp_path: Path, options: str, message: str) -> None:
    out = tmp_path / "bad.csv"
    assert error_line(items, f'db:export_csv("Items", "", {_lua_path(out)}, {options})') == message
    assert not out.exists()


def test_bad_import_options_name_import_csv(items: Database, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    items.export_csv("Items", "", str(path))
    assert error_line(items, f'db:import_csv("Items", "", {_lua_path(path)}, {{ date_time_format = {{}} }})') == (
        "import_csv: options.date_time_format must be a string, got table"
    )
    assert items.read_element_ids("Items") == [1, 2]


def test_whole_float_enum_value_is_accepted(items: Database, tmp_path: Path) -> None:
    out = tmp_path / "float_enum.csv"
    run(
        items,
        f'db:export_csv("Items", "", {_lua_path(out)}, {{ enum_labels = {{ status = {{ en = {{ Active = 1.0 }} }} }} }})',
    )
    assert _lines(out)[2].split(",")[2] == "Active"


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ('db:export_csv("Items", "nope", "{path}")', "Cannot export_csv: group not found: 'nope' in collection 'Items'"),
        ('db:export_csv("Nope", "", "{path}")', "Cannot export_csv: collection not found: Nope"),
        ('db:import_csv("Items", "", "{missing}")', "Cannot import_csv: could not open file: {missing}"),
        ('db:export_csv("Items", nil, "{path}")', "export_csv: argument #2 'group' must be a string, got nil"),
        ('db:import_csv("Items", "", 5)', "import_csv: argument #3 'path' must be a string, got integer"),
    ],
)  # fmt: skip
def test_csv_errors(items: Database, tmp_path: Path, script: str, message: str) -> None:
    path, missing = tmp_path / "out.csv", tmp_path / "missing.csv"
    assert error_line(items, script.format(path=path, missing=missing)) == message.format(missing=missing)
    assert items.read_element_ids("Items") == [1, 2]


def test_import_errors_keep_the_data(items: Database, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"sep=,\n{HEADER}\nItem9,Gamma,1,9.99\n")
    assert error_line(items, f'db:import_csv("Items", "", {_lua_path(path)})') == (
        "Cannot import_csv: Row 1 has 4 columns, but the header has 6."
    )
    assert items.read_scalar_strings("Items", "label") == ["Item1", "Item2"]


def test_import_inside_a_transaction_is_part_of_it(items: Database, tmp_path: Path) -> None:
    # docs/compatibility.md: the import runs in a SAVEPOINT of the caller's transaction
    path = tmp_path / "one.csv"
    path.write_text(f"sep=,\n{HEADER}\nItem9,Gamma,1,9.99,2024-01-15T10:30:00,x\n")
    assert run(
        items,
        f'db:begin_transaction()\ndb:import_csv("Items", "", {_lua_path(path)})\n'
        'local inside = db:read_scalar_strings("Items", "label")\ndb:rollback()\n'
        "return inside",
    ) == ["Item9"]
    assert items.read_scalar_strings("Items", "label") == ["Item1", "Item2"]
    assert (
        run(
            items,
            f'return db:transaction(function(h) h:import_csv("Items", "", {_lua_path(path)}); return h:in_transaction() end)',
        )
        is True
    )
    assert items.read_scalar_strings("Items", "label") == ["Item9"]

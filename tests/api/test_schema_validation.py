"""Schema loading and validation (docs/reference/schema.md 2-4, 7): exact messages, evaluation order, quirks.

Every schema error ends with where it is: " (<file>, line <n>)" (the line of the table the rule is
about, or of the failing SQL statement), or " (<file>)" when no table is to blame. `located`
checks that ending and returns upstream's message before it, which the tests below compare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiverdb import Database, QuiverError
from support.paths import INVALID, VALID

P = "Schema validation error: "

CONFIGURATION = "CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n"
COLLECTION = "CREATE TABLE {name} (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL{extra}) STRICT;\n"
PARENT_FK = "REFERENCES {p}(id) ON DELETE CASCADE ON UPDATE CASCADE"


def collection(name: str, extra: str = "") -> str:
    return COLLECTION.format(name=name, extra=extra)


def located(message: str, schema: Path) -> str:
    """`message` without its " (<schema>, line <n>)" / " (<schema>)" ending, which must be there
    and name a line of the file."""
    found = re.fullmatch(rf"(.*) \({re.escape(str(schema))}(?:, line (\d+))?\)", message, re.DOTALL)
    assert found, f"no location in {message!r}"
    if found.group(2):
        assert 1 <= int(found.group(2)) <= len(schema.read_text().splitlines())
    return found.group(1)


def error_of(tmp_path: Path, sql: str) -> str:
    schema = tmp_path / "schema.sql"
    schema.write_text(sql)
    with pytest.raises(QuiverError) as info:
        Database.from_schema(":memory:", str(schema))
    return located(str(info.value), schema)


def loads(tmp_path: Path, sql: str, name: str = "schema.sql") -> Database:
    schema = tmp_path / name
    schema.write_text(sql)
    return Database.from_schema(":memory:", str(schema))


# ---- the invalid schema files: one per upstream case, per rule, per load error ----

EXPECTED = {
    # upstream (docs/reference/schema.md 7.2)
    "no_configuration.sql": P + "Schema must have a 'Configuration' table",
    "label_not_null.sql": P + "Collection 'Collection' label column must have NOT NULL constraint",
    "label_not_unique.sql": P + "Collection 'Collection' label column must have UNIQUE constraint",
    "label_wrong_type.sql": P + "Collection 'Collection' label column must be TEXT type",
    "duplicate_attribute_vector.sql": P
    + "Duplicate attribute 'value' found in table 'Collection_vector_group' (already defined in collection 'Collection')",
    "duplicate_attribute_time_series.sql": 'Failed to execute SQL: near ")": syntax error',
    "vector_no_index.sql": P
    + "Vector table 'Collection_vector_values' must have composite primary key (id, vector_index), not just 'id'",
    "set_no_unique.sql": P + "Set table 'Collection_set_tags' must have a UNIQUE constraint",
    "fk_not_null_set_null.sql": P
    + "Foreign key column 'parent_id' in table 'Child' has ON DELETE SET NULL but NOT NULL constraint",
    "fk_actions.sql": P + "Foreign key 'parent_id' in table 'Child' must use ON UPDATE CASCADE",
    # one per rule
    "v01_configuration_wrong_case.sql": P + "Schema must have a 'Configuration' table",
    "v02_collection_underscore.sql": P
    + "Invalid collection name 'My_Items': collection names cannot contain underscores",
    "v03_id_not_primary_key.sql": P + "Collection 'Collection' must have 'id' as primary key",
    "v04_configuration_without_label.sql": P + "Collection 'Configuration' must have a 'label' column",
    "v05_label_date_time.sql": P + "Collection 'Collection' label column must be TEXT type",
    "v06_configuration_label_nullable.sql": P + "Collection 'Configuration' label column must have NOT NULL constraint",
    "v07_label_unique_with_id.sql": P + "Collection 'Collection' label column must have UNIQUE constraint",
    "v08_vector_without_collection.sql": P
    + "Vector table 'Missing_vector_values' references non-existent collection 'Missing'",
    "v09_vector_without_id.sql": P + "Vector table 'Collection_vector_values' must have 'id' column",
    "v10_vector_id_sole_primary_key.sql": P
    + "Vector table 'Collection_vector_values' must have composite primary key (id, vector_index), not just 'id'",
    "v11_vector_without_vector_index.sql": P
    + "Vector table 'Collection_vector_values' must have 'vector_index' column",
    "v12_vector_parent_fk_actions.sql": P
    + "Vector table 'Collection_vector_values' FK to parent must use ON DELETE CASCADE ON UPDATE CASCADE",
    "v13_vector_fk_target_case.sql": P
    + "Vector table 'Collection_vector_values' must have foreign key to parent collection 'Collection'",
    "v14_set_only_plain_index.sql": P + "Set table 'Collection_set_tags' must have a UNIQUE constraint",
    "v15_set_column_outside_unique.sql": P
    + "Set table 'Collection_set_tags' column 'weight' must be part of a UNIQUE constraint",
    "v16_files_without_collection.sql": P
    + "Time series files table 'Missing_time_series_files' references non-existent collection 'Missing'",
    "v17_files_date_column.sql": P
    + "Time series files table 'Collection_time_series_files' column 'date_file' must be TEXT type (for file paths)",
    "v18_duplicate_between_groups.sql": P
    + "Duplicate attribute 'tag' found in table 'Collection_set_b' (already defined in collection 'Collection')",
    "v19_set_null_on_strict_primary_key.sql": P
    + "Foreign key column 'id' in table 'Collection_time_series_data' has ON DELETE SET NULL but NOT NULL constraint",
    "v20_vector_second_id_fk.sql": P
    + "Vector table 'Collection_vector_values' parent FK must use ON DELETE CASCADE ON UPDATE CASCADE",
    "v21_set_parent_fk_without_on_update.sql": P
    + "Foreign key 'id' in table 'Collection_set_tags' must use ON UPDATE CASCADE",
    "v22_fk_on_delete_restrict.sql": P
    + "Foreign key 'parent_id' in table 'Child' must use ON DELETE SET NULL or ON DELETE CASCADE",
    "v23_fk_column_name.sql": P
    + "Foreign key column 'owner' in table 'Child' should follow naming pattern '<collection>_id'",
    # load errors (docs/reference/schema.md 3)
    "load_unknown_type.sql": "Unknown data type: NUMERIC",
    "load_strict_int_type.sql": "Unknown data type: INT",
    "load_column_without_type.sql": "Unknown data type: ",
    "load_invalid_table_name.sql": "Cannot query columns: invalid table name: My-Table",
}


def test_every_invalid_schema_file_has_an_expected_message():
    assert sorted(p.name for p in INVALID.glob("*.sql")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_schema_message(name):
    with pytest.raises(QuiverError) as info:
        Database.from_schema(":memory:", str(INVALID / name))
    assert located(str(info.value), INVALID / name) == EXPECTED[name]


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("label_not_null.sql", 8),  # the CREATE TABLE of the collection the rule is about
        ("v12_vector_parent_fk_actions.sql", 14),
        ("load_unknown_type.sql", 9),  # a load error names its table's line too
        ("no_configuration.sql", None),  # no table to blame: the file only
    ],
)
def test_validation_errors_name_the_file_and_the_line_of_the_table(name, line):
    schema = INVALID / name
    with pytest.raises(QuiverError) as info:
        Database.from_schema(":memory:", str(schema))
    where = str(info.value)[len(EXPECTED[name]) :]
    if line is None:
        assert where == f" ({schema})"
    else:
        assert where == f" ({schema}, line {line})"
        assert schema.read_text().splitlines()[line - 1].startswith("CREATE TABLE")


def test_duplicate_time_series_attribute_without_the_trailing_comma(tmp_path):
    sql = (INVALID / "duplicate_attribute_time_series.sql").read_text()
    fixed = sql.replace("label TEXT UNIQUE NOT NULL,\n)", "label TEXT UNIQUE NOT NULL\n)")
    assert fixed != sql
    assert error_of(tmp_path, fixed) == P + (
        "Duplicate attribute 'some_vector1' found in table 'Collection_time_series_group2' "
        "(already defined in collection 'Collection')"
    )


# ---- valid schemas ----


@pytest.mark.parametrize("name", sorted(p.name for p in VALID.glob("*.sql")))
def test_valid_schema_loads(tmp_path, name):
    with Database.from_schema(str(tmp_path / "v.db"), str(VALID / name)) as db:
        assert db.list_scalar_attributes("Configuration")


def test_less_common_features(tmp_path):
    with Database.from_schema(str(tmp_path / "f.db"), str(VALID / "less_common_features.sql")) as db:
        # groups owned by Configuration, WITHOUT ROWID tables
        assert [g.group_name for g in db.list_vector_groups("Configuration")] == ["weights"]
        assert [g.group_name for g in db.list_set_groups("Configuration")] == ["flags"]
        # generated columns are invisible; quoted defaults keep their quotes
        plant = {m.name: m for m in db.list_scalar_attributes("Plant")}
        assert sorted(plant) == ["capacity", "config_idx", "id", "kind", "label"]
        assert plant["kind"].default_value == "'it''s thermal'"
        assert db.get_scalar_metadata("Configuration", "title").default_value == "'untitled'"
        assert plant["config_idx"].references_collection == "Configuration"
        # views and the files table are not collections or groups
        assert [g.group_name for g in db.list_time_series_groups("Plant")] == ["output"]
        with pytest.raises(QuiverError, match="collection not found: PlantSummary"):
            db.list_scalar_attributes("PlantSummary")
        # the trigger was created with the schema
        assert db.query_integer("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'") == 1


def test_crlf_line_ends_and_bom(tmp_path):
    text = (VALID / "collections.sql").read_text()
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    schema = tmp_path / "crlf.sql"
    schema.write_bytes(data)
    with Database.from_schema(":memory:", str(schema)) as db:
        assert [g.group_name for g in db.list_vector_groups("Collection")] == ["values"]


# ---- evaluation order (docs/reference/schema.md 4.1): first failure wins ----


def test_load_errors_come_before_validation(tmp_path):
    sql = collection("Items", ", amount NUMERIC").replace(" STRICT", "")  # and no Configuration
    assert error_of(tmp_path, sql) == "Unknown data type: NUMERIC"


def test_first_bad_type_in_load_order_wins(tmp_path):
    sql = (
        CONFIGURATION
        + "CREATE TABLE Zeta (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, z BLOB);\n"
        + "CREATE TABLE Alpha (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, a VARCHAR(3));\n"
    )
    assert error_of(tmp_path, sql) == "Unknown data type: BLOB"


def test_v1_before_v2(tmp_path):
    assert error_of(tmp_path, collection("Bad_Name")) == P + "Schema must have a 'Configuration' table"


def test_v2_before_per_table_rules(tmp_path):
    sql = CONFIGURATION + "CREATE TABLE Alpha (id INTEGER PRIMARY KEY) STRICT;\n" + collection("Bad_Name")
    assert (
        error_of(tmp_path, sql) == P + "Invalid collection name 'Bad_Name': collection names cannot contain underscores"
    )


def test_tables_are_checked_in_sorted_order(tmp_path):
    sql = (
        CONFIGURATION
        + "CREATE TABLE Beta (id INTEGER PRIMARY KEY) STRICT;\n"
        + "CREATE TABLE Alpha (id INTEGER, label TEXT UNIQUE NOT NULL) STRICT;\n"
    )
    assert error_of(tmp_path, sql) == P + "Collection 'Alpha' must have 'id' as primary key"


def test_byte_wise_order_puts_upper_case_first(tmp_path):
    sql = (
        CONFIGURATION
        + "CREATE TABLE alpha (id INTEGER PRIMARY KEY) STRICT;\n"
        + "CREATE TABLE Zulu (id INTEGER PRIMARY KEY) STRICT;\n"
    )
    assert error_of(tmp_path, sql) == P + "Collection 'Zulu' must have a 'label' column"


def test_per_table_rules_before_v18(tmp_path):
    sql = (
        CONFIGURATION
        + collection("Items", ", tag TEXT")
        + f"CREATE TABLE Items_set_tags (id INTEGER NOT NULL {PARENT_FK.format(p='Items')}, tag TEXT) STRICT;\n"
    )
    assert error_of(tmp_path, sql) == P + "Set table 'Items_set_tags' must have a UNIQUE constraint"


def test_v18_before_foreign_key_rules(tmp_path):
    sql = (
        CONFIGURATION
        + collection("Parent")
        + collection("Items", ", owner INTEGER REFERENCES Parent(id), score REAL")
        + f"CREATE TABLE Items_vector_score (id INTEGER NOT NULL {PARENT_FK.format(p='Items')}, "
        "vector_index INTEGER NOT NULL, score REAL, PRIMARY KEY (id, vector_index)) STRICT;\n"
    )
    assert error_of(tmp_path, sql) == P + (
        "Duplicate attribute 'score' found in table 'Items_vector_score' (already defined in collection 'Items')"
    )


def test_v19_before_v21_on_one_foreign_key(tmp_path):
    sql = (
        CONFIGURATION
        + collection("Parent")
        + collection("Child", ", parent_id INTEGER NOT NULL REFERENCES Parent(id) ON DELETE SET NULL")
    )
    assert error_of(tmp_path, sql) == P + (
        "Foreign key column 'parent_id' in table 'Child' has ON DELETE SET NULL but NOT NULL constraint"
    )


def test_v21_before_v22_and_omitted_actions_are_no_action(tmp_path):
    sql = CONFIGURATION + collection("Parent") + collection("Child", ", parent_id INTEGER REFERENCES Parent(id)")
    assert error_of(tmp_path, sql) == P + "Foreign key 'parent_id' in table 'Child' must use ON UPDATE CASCADE"


def test_foreign_keys_in_sqlite_order_last_declared_first(tmp_path):
    sql = (
        CONFIGURATION
        + collection("Parent")
        + collection(
            "Child",
            ", first_id INTEGER REFERENCES Parent(id) ON DELETE CASCADE"
            ", owner INTEGER REFERENCES Parent(id) ON DELETE CASCADE ON UPDATE CASCADE",
        )
    )
    assert error_of(tmp_path, sql) == P + (
        "Foreign key column 'owner' in table 'Child' should follow naming pattern '<collection>_id'"
    )


def test_v15_names_the_first_uncovered_column_in_sorted_order(tmp_path):
    sql = (
        CONFIGURATION
        + collection("Items")
        + f"CREATE TABLE Items_set_tags (id INTEGER NOT NULL {PARENT_FK.format(p='Items')}, "
        "zeta TEXT, tag TEXT, beta TEXT, UNIQUE (id, tag)) STRICT;\n"
    )
    assert error_of(tmp_path, sql) == P + "Set table 'Items_set_tags' column 'beta' must be part of a UNIQUE constraint"


def test_comment_only_schema_fails_v1(tmp_path):
    assert error_of(tmp_path, "-- nothing here\n   \n") == P + "Schema must have a 'Configuration' table"


# ---- quirks that must keep passing (docs/reference/schema.md 4.3) ----

VECTOR = (
    "CREATE TABLE Items_vector_v (id INTEGER NOT NULL {fk}, vector_index INTEGER NOT NULL, v REAL{extra}) STRICT;\n"
)


@pytest.mark.parametrize(
    "sql",
    [
        # vector tables without any primary key, or with PRIMARY KEY (vector_index)
        VECTOR.format(fk=PARENT_FK.format(p="Items"), extra=""),
        VECTOR.format(fk=PARENT_FK.format(p="Items"), extra=", PRIMARY KEY (vector_index)"),
        # set tables: no parent, id or FK checks; UNIQUE(tag) alone is enough
        "CREATE TABLE Ghost_set_tags (tag TEXT, UNIQUE (tag)) STRICT;\n",
        # time series tables: no id or FK checks (a date column is checked, see below)
        "CREATE TABLE Ghost_time_series_x (date_time TEXT, anything REAL) STRICT;\n",
        # a composite key containing id satisfies V3
        "CREATE TABLE Pair (id INTEGER, label TEXT UNIQUE NOT NULL, part INTEGER, PRIMARY KEY (id, part)) STRICT;\n",
        # label unique through a partial unique index
        "CREATE TABLE Other (id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;\n"
        "CREATE UNIQUE INDEX other_label ON Other (label) WHERE label IS NOT NULL;\n",
        # Configuration's groups are not checked for duplicates
        "CREATE TABLE Configuration_vector_label (id INTEGER NOT NULL REFERENCES Configuration(id) "
        "ON DELETE CASCADE ON UPDATE CASCADE, vector_index INTEGER NOT NULL, label TEXT) STRICT;\n",
        # group names may contain underscores; time series groups may share date_ columns
        "CREATE TABLE Items_time_series_a_b (id INTEGER, date_time TEXT, x REAL) STRICT;\n"
        "CREATE TABLE Items_time_series_c (id INTEGER, date_time TEXT, y REAL) STRICT;\n",
        # V23 accepts <target>_..., anything containing _id, and lower-cases both sides
        "CREATE TABLE Kid (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, "
        "items_ref INTEGER REFERENCES Items(id) ON DELETE SET NULL ON UPDATE CASCADE, "
        "ITEMS_X INTEGER REFERENCES Items(id) ON DELETE SET NULL ON UPDATE CASCADE, "
        "boss_idx INTEGER REFERENCES Items(id) ON DELETE CASCADE ON UPDATE CASCADE) STRICT;\n",
        # lower-case standard type names are reported in upper case by SQLite
        "CREATE TABLE Lower (id integer PRIMARY KEY, label text UNIQUE NOT NULL, x Real) STRICT;\n",
    ],
)
def test_quirks_that_pass(tmp_path, sql):
    with loads(tmp_path, CONFIGURATION + collection("Items") + sql) as db:
        assert db.list_scalar_attributes("Items")


# quirks of upstream 0.5.0 fixed when a schema is applied (docs/compatibility.md): each was
# accepted and then failed at the first read or write of the table
@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (
            "CREATE TABLE Ghost_time_series_x (anything REAL) STRICT;\n",
            P + "Time series table 'Ghost_time_series_x' must have a dimension column whose name starts with 'date_'"
            " (e.g. date_time TEXT NOT NULL)",
        ),
        (
            "CREATE TABLE Items_time_series_r (id INTEGER REFERENCES Nowhere(id), date_time TEXT, r REAL) STRICT;\n",
            P + "Foreign key 'id' in table 'Items_time_series_r' references non-existent table 'Nowhere'",
        ),
    ],
)
def test_fixed_quirks_fail_when_the_schema_is_applied(tmp_path, sql, message):
    assert error_of(tmp_path, CONFIGURATION + collection("Items") + sql) == message


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        # an index whose name is not a safe identifier is skipped
        (
            "CREATE TABLE Other (id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;\n"
            'CREATE UNIQUE INDEX "other-label" ON Other (label);\n',
            P + "Collection 'Other' label column must have UNIQUE constraint",
        ),
        # an expression index does not cover the label column
        (
            "CREATE TABLE Other (id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;\n"
            "CREATE UNIQUE INDEX other_label ON Other (lower(label));\n",
            P + "Collection 'Other' label column must have UNIQUE constraint",
        ),
        # an FK from a collection's own id never matches the naming pattern
        (
            "CREATE TABLE Other (id INTEGER PRIMARY KEY REFERENCES Items(id) ON DELETE CASCADE ON UPDATE CASCADE, "
            "label TEXT UNIQUE NOT NULL) STRICT;\n",
            P + "Foreign key column 'id' in table 'Other' should follow naming pattern '<collection>_id'",
        ),
        # a time series table's SET NULL FK is still subject to V19
        (
            "CREATE TABLE Items_time_series_d (id INTEGER NOT NULL REFERENCES Items(id) ON DELETE SET NULL, "
            "date_time TEXT) STRICT;\n",
            P + "Foreign key column 'id' in table 'Items_time_series_d' has ON DELETE SET NULL but NOT NULL constraint",
        ),
        # _Vector_ is not a vector marker: the table is an invalid collection name
        (
            "CREATE TABLE Items_Vector_x (id INTEGER) STRICT;\n",
            P + "Invalid collection name 'Items_Vector_x': collection names cannot contain underscores"
            " (did you mean 'Items_vector_x'?)",
        ),
        # a files table holding an id INTEGER column
        (
            "CREATE TABLE Items_time_series_files (id INTEGER, data_file TEXT) STRICT;\n",
            P + "Time series files table 'Items_time_series_files' column 'id' must be TEXT type (for file paths)",
        ),
        # deviation: a user table whose name merely starts with "sqlite" is validated like any other
        (
            "CREATE TABLE SQLiteData (whatever INTEGER) STRICT;\n",
            P + "Collection 'SQLiteData' must have 'id' as primary key",
        ),
        (
            "CREATE TABLE Odd (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, code VARCHAR(3));\n",
            "Unknown data type: VARCHAR(3)",
        ),
    ],
)
def test_quirks_that_fail(tmp_path, sql, message):
    assert error_of(tmp_path, CONFIGURATION + collection("Items") + sql) == message


def test_date_time_type_name_in_a_non_strict_table(tmp_path):
    sql = CONFIGURATION + "CREATE TABLE Event (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, at DATE_TIME);\n"
    with loads(tmp_path, sql) as db:
        assert db.get_scalar_metadata("Event", "at").data_type.name == "DATE_TIME"


# ---- the loaded schema drives type checks and defaults (docs/reference/schema.md 8, items 3-6 and 12-14) ----


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ({"float_attribute": "not a float"}, "Type mismatch for column 'float_attribute': expected REAL, got TEXT"),
        (
            {"integer_attribute": "not an integer"},
            "Cannot resolve attribute: 'integer_attribute' is INTEGER but received string 'not an integer' "
            "(not a foreign key)",
        ),
        ({"label": 42}, "Type mismatch for column 'label': expected TEXT, got INTEGER"),
    ],
)
def test_scalar_types_come_from_the_schema(db, attrs, message):
    values = {"label": "Config", **attrs}
    with pytest.raises(QuiverError) as info:
        db.create_element("Configuration", **values)
    assert str(info.value) == message
    assert db.read_element_ids("Configuration") == []


def test_array_types_come_from_the_schema(collections_db):
    with pytest.raises(QuiverError) as info:
        collections_db.create_element("Collection", label="Item", value_int=["not", "integers"])
    assert str(info.value) == (
        "Cannot resolve attribute: 'value_int' is INTEGER but received string 'not' (not a foreign key)"
    )
    assert collections_db.read_element_ids("Collection") == []


def test_label_only_element_keeps_optional_scalars_null(collections_db):
    element_id = collections_db.create_element("Collection", label="Only label")
    assert element_id > 0
    assert collections_db.read_scalar_integer_by_id("Collection", "some_integer", element_id) is None
    assert collections_db.read_scalar_float_by_id("Collection", "some_float", element_id) is None


def test_sql_default_applies_to_omitted_scalars(db):
    element_id = db.create_element("Configuration", label="Config", float_attribute=None)
    assert db.read_scalar_integer_by_id("Configuration", "integer_attribute", element_id) == 6
    assert db.read_scalar_float_by_id("Configuration", "float_attribute", element_id) is None


def test_relations_schema_elements(relations_db):
    relations_db.create_element("Parent", label="Parent 1")
    relations_db.create_element("Child", label="Child 1", parent_id="Parent 1")
    assert relations_db.read_scalar_strings("Parent", "label") == ["Parent 1"]
    assert relations_db.read_scalar_strings("Child", "label") == ["Child 1"]

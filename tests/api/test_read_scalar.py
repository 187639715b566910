"""Scalar reads (docs/reference/database-api.md 4.1-4.4, 4.7): bulk, by id, element ids, counts."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from quiverdb import Database, QuiverError

# ---- bulk ----


def test_read_scalar_integers_in_creation_order(db: Database) -> None:
    db.create_element("Configuration", label="Config 1", integer_attribute=10)
    db.create_element("Configuration", label="Config 2", integer_attribute=20)
    assert db.read_scalar_integers("Configuration", "integer_attribute") == [10, 20]


def test_column_default_applies(db: Database) -> None:
    db.create_element("Configuration", label="Config 1")
    assert db.read_scalar_integers("Configuration", "integer_attribute") == [6]
    assert db.read_scalar_integer_by_id("Configuration", "integer_attribute", 1) == 6


def test_read_scalar_floats_in_order(db: Database) -> None:
    db.create_element("Configuration", label="Config 1", float_attribute=3.14)
    db.create_element("Configuration", label="Config 2", float_attribute=2.71)
    assert db.read_scalar_floats("Configuration", "float_attribute") == pytest.approx([3.14, 2.71])


def test_read_scalar_strings_skips_null_and_keeps_empty(db: Database) -> None:
    db.create_element("Configuration", label="a", string_attribute="hello")
    db.create_element("Configuration", label="b")
    db.create_element("Configuration", label="c", string_attribute="")
    db.create_element("Configuration", label="d", string_attribute="hi")
    assert db.read_scalar_strings("Configuration", "string_attribute") == ["hello", "", "hi"]


def test_bulk_reads_of_empty_collection(db: Database) -> None:
    assert db.read_scalar_integers("Configuration", "integer_attribute") == []
    assert db.read_scalar_floats("Configuration", "float_attribute") == []
    assert db.read_scalar_strings("Configuration", "label") == []
    assert db.read_element_ids("Configuration") == []


def test_labels_come_back_in_id_order_despite_unique_index(db: Database) -> None:
    # upstream returned these sorted through the UNIQUE(label) index; fixed: element id order
    for label, value in [("zeta", 1), ("alpha", 2), ("Mid", 3), ("beta", 4)]:
        db.create_element("Configuration", label=label, integer_attribute=value)
    labels = db.read_scalar_strings("Configuration", "label")
    assert labels == ["zeta", "alpha", "Mid", "beta"]
    values = db.read_scalar_integers("Configuration", "integer_attribute")
    assert dict(zip(labels, values)) == {"zeta": 1, "alpha": 2, "Mid": 3, "beta": 4}


def test_order_follows_ids_after_deletes_and_updates(db: Database) -> None:
    for i in range(1, 6):
        db.create_element("Configuration", label=f"L{6 - i}", integer_attribute=i)
    db.delete_element("Configuration", 2)
    db.update_element("Configuration", 1, label="Z")
    assert db.read_element_ids("Configuration") == [1, 3, 4, 5]
    assert db.read_scalar_strings("Configuration", "label") == ["Z", "L3", "L2", "L1"]


def test_text_is_trimmed_and_unicode_round_trips(db: Database) -> None:
    db.create_element("Configuration", label="  Item 1  ", string_attribute="\tçà 日本 🎉\n")
    assert db.read_scalar_strings("Configuration", "label") == ["Item 1"]
    assert db.read_scalar_string_by_id("Configuration", "string_attribute", 1) == "çà 日本 🎉"


def test_int64_extremes_round_trip(db: Database) -> None:
    db.create_element("Configuration", label="a", integer_attribute=2**63 - 1)
    db.create_element("Configuration", label="b", integer_attribute=-(2**63))
    assert db.read_scalar_integers("Configuration", "integer_attribute") == [2**63 - 1, -(2**63)]


# ---- type filtering and widening ----


def test_float_reads_widen_integer_values(db: Database) -> None:
    db.create_element("Configuration", label="a", integer_attribute=7)
    db.create_element("Configuration", label="b", integer_attribute=-3)
    values = db.read_scalar_floats("Configuration", "integer_attribute")
    assert values == [7.0, -3.0]
    assert all(type(v) is float for v in values)
    one = db.read_scalar_float_by_id("Configuration", "integer_attribute", 1)
    assert one == 7.0 and type(one) is float


def test_integer_and_string_readers_filter_other_types(db: Database) -> None:
    db.create_element("Configuration", label="a", float_attribute=1.5, integer_attribute=3)
    assert db.read_scalar_integers("Configuration", "float_attribute") == []
    assert db.read_scalar_strings("Configuration", "integer_attribute") == []
    assert db.read_scalar_integer_by_id("Configuration", "float_attribute", 1) is None
    assert db.read_scalar_string_by_id("Configuration", "integer_attribute", 1) is None


# ---- by id ----


def test_by_id_values(db: Database) -> None:
    db.create_element("Configuration", label="x", integer_attribute=42, float_attribute=9.81, string_attribute="hello")
    assert db.read_scalar_integer_by_id("Configuration", "integer_attribute", 1) == 42
    assert db.read_scalar_float_by_id("Configuration", "float_attribute", 1) == pytest.approx(9.81)
    assert db.read_scalar_string_by_id("Configuration", "string_attribute", 1) == "hello"
    assert db.read_scalar_string_by_id("Configuration", "label", 1) == "x"


def test_by_id_null_and_empty(db: Database) -> None:
    db.create_element("Configuration", label="x", string_attribute="")
    assert db.read_scalar_float_by_id("Configuration", "float_attribute", 1) is None
    assert db.read_scalar_string_by_id("Configuration", "date_attribute", 1) is None
    assert db.read_scalar_string_by_id("Configuration", "string_attribute", 1) == ""


def test_by_id_of_missing_element_is_none(db: Database) -> None:
    db.create_element("Configuration", label="x", integer_attribute=1)
    assert db.read_scalar_integer_by_id("Configuration", "integer_attribute", 999) is None
    assert db.read_scalar_float_by_id("Configuration", "float_attribute", 999) is None
    assert db.read_scalar_string_by_id("Configuration", "label", 999) is None
    assert db.read_scalar_date_time_by_id("Configuration", "date_attribute", 999) is None


def test_by_id_rejects_bad_ids(db: Database) -> None:
    with pytest.raises(OverflowError):
        db.read_scalar_integer_by_id("Configuration", "integer_attribute", 2**63)
    with pytest.raises(TypeError):
        db.read_scalar_integer_by_id("Configuration", "integer_attribute", "1")  # type: ignore[arg-type]


# ---- date-time ----


@pytest.mark.parametrize("text", ["2024-01-15T10:30:00", "2024-01-15 10:30:00"])
def test_read_scalar_date_time_by_id(db: Database, text: str) -> None:
    db.create_element("Configuration", label="x", date_attribute=text)
    value = db.read_scalar_date_time_by_id("Configuration", "date_attribute", 1)
    assert value == datetime(2024, 1, 15, 10, 30, 0, tzinfo=timezone.utc)
    assert value is not None and value.tzinfo is not None


def test_date_time_offset_is_replaced_not_converted(db: Database) -> None:
    db.create_element("Configuration", label="x", date_attribute="2024-01-15T10:30:00+02:00")
    assert db.read_scalar_date_time_by_id("Configuration", "date_attribute", 1) == datetime(
        2024, 1, 15, 10, 30, tzinfo=timezone.utc
    )


def test_date_time_null_and_invalid(db: Database) -> None:
    db.create_element("Configuration", label="x")
    db.create_element("Configuration", label="y", date_attribute="not-a-date")
    assert db.read_scalar_date_time_by_id("Configuration", "date_attribute", 1) is None
    # stored text that is not a date-time reads as None, not an error (issue 16, item 17)
    assert db.read_scalar_date_time_by_id("Configuration", "date_attribute", 2) is None
    assert db.read_scalar_string_by_id("Configuration", "date_attribute", 2) == "not-a-date"


def test_date_attribute_reads_back_as_stored_text(db: Database) -> None:
    db.create_element("Configuration", label="x", date_attribute="2024-03-15T14:30:45")
    assert db.read_scalar_strings("Configuration", "date_attribute") == ["2024-03-15T14:30:45"]


# ---- ids and counts ----


def test_read_element_ids_in_creation_order(db: Database) -> None:
    a = db.create_element("Configuration", label="b")
    b = db.create_element("Configuration", label="a")
    assert db.read_element_ids("Configuration") == [a, b]
    assert db.number_of_elements("Configuration") == 2


def test_number_of_elements_follows_deletes(collections_db: Database) -> None:
    for i in range(3):
        collections_db.create_element("Collection", label=f"Item {i}")
    collections_db.delete_element("Collection", 2)
    assert collections_db.number_of_elements("Collection") == 2
    assert collections_db.number_of_elements("Configuration") == 0


# ---- errors ----


@pytest.mark.parametrize(
    "method",
    ["read_scalar_integers", "read_scalar_floats", "read_scalar_strings"],
)
def test_bulk_errors(db: Database, method: str) -> None:
    with pytest.raises(QuiverError, match=f"^Cannot {method}: collection not found: Nope$"):
        getattr(db, method)("Nope", "label")
    with pytest.raises(QuiverError, match=f"^Cannot {method}: column 'nope' not found in table 'Configuration'$"):
        getattr(db, method)("Configuration", "nope")


@pytest.mark.parametrize(
    "method",
    ["read_scalar_integer_by_id", "read_scalar_float_by_id", "read_scalar_string_by_id"],
)
def test_by_id_errors(db: Database, method: str) -> None:
    with pytest.raises(QuiverError, match=f"^Cannot {method}: collection not found: Nope$"):
        getattr(db, method)("Nope", "label", 1)
    with pytest.raises(QuiverError, match=f"^Cannot {method}: column 'nope' not found in table 'Configuration'$"):
        getattr(db, method)("Configuration", "nope", 1)


def test_date_time_by_id_reports_string_reader_error(db: Database) -> None:
    with pytest.raises(QuiverError, match="^Cannot read_scalar_string_by_id: collection not found: Nope$"):
        db.read_scalar_date_time_by_id("Nope", "date_attribute", 1)


def test_ids_and_count_errors(db: Database) -> None:
    with pytest.raises(QuiverError, match="^Cannot read_element_ids: collection not found: Nope$"):
        db.read_element_ids("Nope")
    with pytest.raises(QuiverError, match="^Cannot number_of_elements: collection not found: Nope$"):
        db.number_of_elements("Nope")


def test_names_are_not_sql(db: Database) -> None:
    db.create_element("Configuration", label="x")
    with pytest.raises(QuiverError, match="collection not found"):
        db.read_scalar_strings("Configuration; DROP TABLE Configuration", "label")
    with pytest.raises(QuiverError, match="not found in table"):
        db.read_scalar_strings("Configuration", 'label" FROM Configuration --')
    assert db.read_scalar_strings("Configuration", "label") == ["x"]


def test_non_str_names_raise_type_error(db: Database) -> None:
    with pytest.raises(TypeError):
        db.read_scalar_integers(1, "label")  # type: ignore[arg-type]


def test_reads_after_close_raise(db: Database) -> None:
    db.close()
    for call in [
        lambda: db.read_scalar_integers("Configuration", "integer_attribute"),
        lambda: db.read_scalar_string_by_id("Configuration", "label", 1),
        lambda: db.read_scalar_date_time_by_id("Configuration", "date_attribute", 1),
        lambda: db.read_element_ids("Configuration"),
        lambda: db.number_of_elements("Configuration"),
        lambda: db.read_scalars_by_id("Configuration", 1),
        lambda: db.read_element_by_id("Configuration", 1),
    ]:
        with pytest.raises(QuiverError, match="^Database has been closed$"):
            call()

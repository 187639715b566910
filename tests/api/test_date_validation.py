"""Dates (issue 16, item 17; docs/reference/schema.md "Date-time columns"): with ``strict=True`` every
write path refuses text that is not a real date-time and stores the canonical
``YYYY-MM-DDTHH:MM:SS``; without it 0.5.0's any-text rule holds. Either way a stored value never
makes a read fail: an unparsable date reads as NaT / ``None``, string readers give the raw text."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from quiverdb import CSVOptions, Database, QuiverError
from support.paths import VALID

ENERGY = VALID / "energy.sql"
ROUND_TRIP = VALID / "csv_round_trip.sql"

# the examples, and their neighbours
BAD = [
    "31/12/2020",
    "2024-02-30T00:00:00",
    "0000-01-01",
    "2023-02-29",
    "1900-02-29T00:00:00",
    "2024-13-01",
    "2024-01-15T24:00:00",
    "2024-01-15T10:60",
    "2024-01-15T10:30:60",
    "2024-1-5",
    "2024-01-15T10:30:00Z",
    "2024-01-15T10:30:00.5",
    "2024-01-15T",
    "2024-01-15  10:30",
    "not-a-date",
    "",
]
CANONICAL = [
    ("2024-01-01", "2024-01-01T00:00:00"),
    ("2024-01-01T10:30", "2024-01-01T10:30:00"),
    ("2024-01-01 10:30", "2024-01-01T10:30:00"),
    ("2024-01-01 10:30:15", "2024-01-01T10:30:15"),
    ("2024-01-01T10:30:15", "2024-01-01T10:30:15"),
    (" 2024-02-29 ", "2024-02-29T00:00:00"),  # texts are stored trimmed
    ("2000-02-29", "2000-02-29T00:00:00"),  # leap: divisible by 400
    ("0001-01-01", "0001-01-01T00:00:00"),
    ("9999-12-31T23:59:59", "9999-12-31T23:59:59"),
]


def message(text: str, column: str, table: str) -> str:
    return re.escape(
        f"Invalid date-time '{text}' for column '{column}' of '{table}' (expected YYYY-MM-DD[THH:MM[:SS]])"
    )


@pytest.fixture
def strict(tmp_path: Path) -> Iterator[Database]:
    db = Database.from_schema(str(tmp_path / "strict.db"), str(ENERGY), strict=True)
    db.create_element("Plant", label="P")
    yield db
    db.close()


@pytest.fixture
def lenient(tmp_path: Path) -> Iterator[Database]:
    db = Database.from_schema(str(tmp_path / "lenient.db"), str(ENERGY))
    yield db
    db.close()


def stored(db: Database, sql: str) -> list[object]:
    return [row[0] for row in db.query(sql)]


# ---- strict: every write path refuses ----


@pytest.mark.parametrize("text", BAD)
def test_create_and_update_element_refuse(strict: Database, text: str) -> None:
    with pytest.raises(QuiverError, match=message(text.strip(), "date_commissioned", "Plant")[:60]):
        strict.create_element("Plant", label="X", date_commissioned=text)
    with pytest.raises(QuiverError, match="for column 'date_commissioned' of 'Plant'"):
        strict.update_element("Plant", 1, date_commissioned=text)
    assert strict.read_element_ids("Plant") == [1]
    assert stored(strict, "SELECT date_commissioned FROM Plant") == [None]


def test_message_names_text_column_and_table(strict: Database) -> None:
    with pytest.raises(QuiverError, match="^" + message("31/12/2020", "date_commissioned", "Plant") + "$"):
        strict.create_element("Plant", label="X", date_commissioned="31/12/2020")


@pytest.mark.parametrize("text", ["31/12/2020", "2024-02-30T00:00:00", "0000-01-01"])
def test_time_series_writers_refuse(strict: Database, text: str) -> None:
    table = "Plant_time_series_generation"
    good = "2024-01-01T00:00:00"
    strict.update_time_series_group(
        "Plant", "generation", 1, [{"date_time": good, "generation_mw": 1.0, "available": 1}]
    )
    with pytest.raises(QuiverError, match=message(text, "date_time", table)):
        strict.update_time_series_group(
            "Plant", "generation", 1, [{"date_time": text, "generation_mw": 1.0, "available": 1}]
        )
    with pytest.raises(QuiverError, match=message(text, "date_time", table)):
        strict.update_time_series_group("Plant", "generation", 1, {"date_time": [good, text], "generation_mw": [1, 2]})
    with pytest.raises(QuiverError, match=message(text, "date_time", table)):
        strict.upsert_time_series_row("Plant", "generation", 1, {"date_time": text, "generation_mw": 1.0})
    with pytest.raises(QuiverError, match=message(text, "date_time", table)):
        strict.update_element("Plant", 1, date_time=[text], generation_mw=[1.0])
    with pytest.raises(QuiverError, match=message(text, "date_time", table)):
        strict.create_element("Plant", label="Y", date_time=[text], generation_mw=[1.0])
    frame = {"id": [1], "date_time": [text], "generation_mw": [1.0]}
    with pytest.raises(QuiverError, match="element 1: " + message(text, "date_time", table)):
        strict.update_time_series_frame("Plant", "generation", frame)
    # the refused writes changed nothing
    assert stored(strict, f"SELECT date_time FROM {table}") == [good]
    assert strict.read_element_ids("Plant") == [1]


def test_bulk_create_elements_refuses(strict: Database) -> None:
    with pytest.raises(
        QuiverError,
        match="element 1, column 'date_commissioned': " + message("31/12/2020", "date_commissioned", "Plant"),
    ):
        strict.create_elements("Plant", {"label": ["A", "B"], "date_commissioned": ["2020-12-31", "31/12/2020"]})
    with pytest.raises(
        QuiverError, match="element 0: " + message("2024-02-30", "date_time", "Plant_time_series_generation")
    ):
        strict.create_elements("Plant", [{"label": "A", "date_time": ["2024-02-30"], "generation_mw": [1.0]}])
    assert strict.read_element_ids("Plant") == [1]


def test_vector_group_writers_refuse(tmp_path: Path) -> None:
    with Database.from_schema(str(tmp_path / "v.db"), str(ROUND_TRIP), strict=True) as db:
        thing = db.create_element("Thing", label="T")
        with pytest.raises(QuiverError, match=message("2023-02-29", "date_sampled", "Thing_vector_samples")):
            db.update_element("Thing", thing, date_sampled=["2024-02-29", "2023-02-29"])
        with pytest.raises(QuiverError, match=message("2023-02-29", "date_sampled", "Thing_vector_samples")):
            db.update_vector_group("Thing", "samples", thing, {"date_sampled": ["2023-02-29"]})
        db.update_vector_group("Thing", "samples", thing, {"date_sampled": ["2024-02-29", None]})
        assert stored(db, "SELECT date_sampled FROM Thing_vector_samples ORDER BY vector_index") == [
            "2024-02-29T00:00:00",
            None,
        ]


def test_csv_import_refuses_impossible_dates(tmp_path: Path) -> None:
    # the CSV parser is upstream's (it reads `2024-02-30` and `0000-01-01`); strict mode adds the calendar
    with Database.from_schema(str(tmp_path / "c.db"), str(ROUND_TRIP), strict=True) as db:
        path = tmp_path / "t.csv"

        def write(cell: str) -> None:
            path.write_text(f"label,count,ratio,note,date_made,status,owner_id,twin_id\nT,,,,{cell},,,\n")

        for cell in ("2024-02-30", "0000-01-01", "2024-01-01T10:00:60"):
            write(cell)
            with pytest.raises(QuiverError, match=f"Timestamp {cell} is not a valid date-time"):
                db.import_csv("Thing", "", str(path))
        write("2024-02-29 10:30")
        db.import_csv("Thing", "", str(path))
        assert stored(db, "SELECT date_made FROM Thing") == ["2024-02-29T10:30:00"]
        write("29/02/2023")
        with pytest.raises(QuiverError, match="Timestamp 29/02/2023 is not a valid date-time"):
            db.import_csv("Thing", "", str(path), options=CSVOptions(date_time_format="%d/%m/%Y"))


# ---- strict: canonical form ----


@pytest.mark.parametrize(("given", "canonical"), CANONICAL)
def test_every_path_stores_the_canonical_form(strict: Database, given: str, canonical: str) -> None:
    strict.update_element("Plant", 1, date_commissioned=given)
    strict.create_element("Plant", label="B", date_commissioned=given)
    strict.create_elements("Plant", {"label": ["C"], "date_commissioned": [given]})
    assert stored(strict, "SELECT date_commissioned FROM Plant") == [canonical] * 3
    strict.update_time_series_group(
        "Plant", "generation", 1, [{"date_time": given, "generation_mw": 1.0, "available": 1}]
    )
    strict.upsert_time_series_row("Plant", "generation", 1, {"date_time": given, "generation_mw": 2.0})
    assert stored(strict, "SELECT date_time, generation_mw FROM Plant_time_series_generation") == [canonical]
    assert strict.read_time_series_group("Plant", "generation", 1)[0]["generation_mw"] == 2.0
    assert strict.read_scalar_date_time_by_id("Plant", "date_commissioned", 1) == datetime.fromisoformat(
        canonical
    ).replace(tzinfo=timezone.utc)


def test_null_stays_allowed(strict: Database) -> None:
    strict.update_element("Plant", 1, date_commissioned="2024-01-01")
    strict.update_element("Plant", 1, date_commissioned=None)
    assert stored(strict, "SELECT date_commissioned FROM Plant") == [None]


# ---- default: 0.5.0 stores any text as given ----


def test_default_mode_stores_text_as_given(lenient: Database) -> None:
    lenient.create_element("Plant", label="A", date_commissioned="not-a-date")
    lenient.create_element("Plant", label="B", date_commissioned="2024-01-01")
    assert stored(lenient, "SELECT date_commissioned FROM Plant") == ["not-a-date", "2024-01-01"]


# ---- reads never fail on a stored value ----


def test_invalid_stored_dates_read_as_missing(tmp_path: Path) -> None:
    path = tmp_path / "raw.db"
    Database.from_schema(str(path), str(ENERGY)).close()
    con = sqlite3.connect(path)
    rows = [(1, "A", "2024-02-30T00:00:00"), (2, "B", "31/12/2020"), (3, "C", "2020-12-31T08:00:00")]
    con.executemany("INSERT INTO Plant (id, label, date_commissioned) VALUES (?, ?, ?)", rows)
    con.execute("INSERT INTO Plant_time_series_generation VALUES (1, '0000-01-01', 5.0, 1)")
    con.commit()
    con.close()
    with Database.open(str(path), strict=True) as db:
        frame = db.read_frame("Plant")
        assert frame["date_commissioned"].isna().tolist() == [True, True, False]
        assert db.read_columns("Plant", ["date_commissioned"])["date_commissioned"].astype(str).tolist()[2] == (
            "2020-12-31T08:00:00.000000000"
        )
        assert db.read_arrow("Plant") is not None
        assert db.read_time_series_frame("Plant", "generation")["date_time"].isna().tolist() == [True]
        # element readers: None for the value, the others intact
        assert db.read_scalar_date_time_by_id("Plant", "date_commissioned", 2) is None
        assert db.read_scalars_by_id("Plant", 1)["date_commissioned"] is None
        assert db.read_element_by_id("Plant", 2)["label"] == "B"
        # string readers give the stored text
        assert db.read_scalar_strings("Plant", "date_commissioned") == [r[2] for r in rows]
        # a query is not a stored-value read: query_date_time keeps fromisoformat's error (upstream)
        with pytest.raises(ValueError, match="Invalid isoformat string"):
            db.query_date_time("SELECT date_commissioned FROM Plant WHERE id = 2")

"""Helpers for the CSV tests: the csv test schema's two standard elements, writing and
reading CSV files as bytes, and a label-resolved view of a database for round-trip checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from quiverdb import CSVOptions, Database
from support.paths import VALID
from support.writes import file_dump

CSV_SCHEMA = str(VALID / "csv_export.sql")
RELATIONS_SCHEMA = str(VALID / "relations.sql")
ROUND_TRIP_SCHEMA = str(VALID / "csv_round_trip.sql")

ITEMS_HEADER = "label,name,status,price,date_created,notes"


def add_items(db: Database) -> None:
    """The two elements of the upstream csv tests (docs/reference/csv.md 3.6 example)."""
    db.create_element(
        "Items", label="Item1", name="Alpha", status=1, price=9.99, date_created="2024-01-15T10:30:00", notes="first"
    )
    db.create_element(
        "Items", label="Item2", name="Beta", status=2, price=19.5, date_created="2024-02-20T08:00:00", notes="second"
    )


def write(path: Path, text: str | bytes) -> str:
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


def export(db: Database, collection: str, group: str, path: Path, options: CSVOptions | None = None) -> str:
    """Export and return the file's text (decoded as UTF-8, newlines untouched)."""
    db.export_csv(collection, group, str(path), options=options)
    return path.read_bytes().decode()


def items_csv(*rows: str, header: str = ITEMS_HEADER) -> str:
    return "sep=,\n" + header + "\n" + "".join(r + "\n" for r in rows)


def table_rows(path: str, sql: str) -> list[tuple[Any, ...]]:
    """Committed rows read through the standard sqlite3 module."""
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


full_dump = file_dump  # schema and every row of the committed database file


def connection_dump(db: Database) -> list[str | None]:
    """Every row of every table as the database handle itself sees them (uncommitted writes
    of an open transaction included), read with `query_string` so nothing is committed."""
    tables = (
        db.query_string(
            "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)"
        )
        or ""
    )
    out: list[str | None] = []
    for t in tables.split(","):
        cols = db.query_string(
            f"SELECT group_concat('quote(\"' || name || '\")', \" || '|' || \") FROM pragma_table_info('{t}')"
        )
        out.append(t)
        out.append(
            db.query_string(f'SELECT group_concat(r, char(10)) FROM (SELECT {cols} AS r FROM "{t}" ORDER BY rowid)')
        )
    return out

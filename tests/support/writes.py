"""Helpers for the write tests: look at the database file with the standard sqlite3 module,
independently of quiverdb's own readers."""

from __future__ import annotations

import sqlite3
from typing import Any

from quiverdb import Database


def rows(db: Database, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Committed rows of ``sql`` read through a separate sqlite3 connection."""
    con = sqlite3.connect(db.path())
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def column(db: Database, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    return [r[0] for r in rows(db, sql, params)]


def file_dump(path: str) -> list[str]:
    """The full SQL dump of the committed database file (schema and every row, sqlite_sequence
    included), read with the standard sqlite3 module."""
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def dump(db: Database) -> list[str]:
    """:func:`file_dump` of the database's file."""
    return file_dump(db.path())

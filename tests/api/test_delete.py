"""Database.delete_element (docs/reference/database-api.md 3.7; 9.1 items 30-31; 9.2 item 16)."""

from __future__ import annotations

import pytest

from quiverdb import QuiverError
from quiverdb._c_api import ffi, lib
from support.writes import column, dump, rows


def test_delete_removes_only_that_element(collections_db):
    a = collections_db.create_element("Collection", label="Item 1", some_integer=1)
    b = collections_db.create_element("Collection", label="Item 2", some_integer=2)
    c = collections_db.create_element("Collection", label="Item 3", some_integer=3)
    collections_db.delete_element("Collection", b)
    assert rows(collections_db, "SELECT id, some_integer FROM Collection ORDER BY id") == [(a, 1), (c, 3)]


def test_group_rows_cascade(collections_db):
    a = collections_db.create_element(
        "Collection", label="a", value_int=[10, 20, 30], tag=["x"], date_time=["2024"], value=[1.0]
    )
    b = collections_db.create_element("Collection", label="b", value_int=[1])
    collections_db.delete_element("Collection", a)
    assert column(collections_db, "SELECT id FROM Collection_vector_values") == [b]
    assert rows(collections_db, "SELECT * FROM Collection_set_tags") == []
    assert rows(collections_db, "SELECT * FROM Collection_time_series_data") == []


def test_missing_id_is_silent(collections_db):
    collections_db.create_element("Collection", label="a")
    before = dump(collections_db)
    collections_db.delete_element("Collection", 999)
    assert dump(collections_db) == before


def test_references_follow_their_fk_actions(relations_db):
    p1 = relations_db.create_element("Parent", label="Parent 1")
    relations_db.create_element("Parent", label="Parent 2")
    child = relations_db.create_element("Child", label="c", parent_id=p1, parent_ref=["Parent 1", "Parent 2"])
    relations_db.delete_element("Parent", p1)
    assert rows(relations_db, "SELECT parent_id FROM Child WHERE id = ?", (child,)) == [(None,)]
    assert column(relations_db, "SELECT parent_ref FROM Child_set_parents") == [2]  # ON DELETE CASCADE
    assert column(relations_db, "SELECT parent_ref FROM Child_vector_refs ORDER BY vector_index") == [
        None,
        2,
    ]  # SET NULL


def test_errors(collections_db):
    with pytest.raises(QuiverError, match="^Cannot delete_element: collection not found: Nope$"):
        collections_db.delete_element("Nope", 1)
    with pytest.raises(TypeError):
        collections_db.delete_element("Collection", "1")
    with pytest.raises(TypeError):
        collections_db.delete_element("Collection", 1.0)
    with pytest.raises(OverflowError):
        collections_db.delete_element("Collection", 2**63)


def test_fk_failure_keeps_element(relations_db):
    import sqlite3

    parent = relations_db.create_element("Parent", label="p")
    # a table outside quiver's conventions references Parent with the default NO ACTION
    con = sqlite3.connect(relations_db.path())
    con.execute("CREATE TABLE Audit (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES Parent(id))")
    con.execute("INSERT INTO Audit VALUES (1, ?)", (parent,))
    con.commit()
    con.close()
    before = dump(relations_db)
    with pytest.raises(QuiverError, match="^Failed to execute statement: FOREIGN KEY constraint failed$"):
        relations_db.delete_element("Parent", parent)
    assert dump(relations_db) == before


def test_c_null_arguments(collections_db):
    assert lib.quiver_database_delete_element(ffi.NULL, b"Collection", 1) == lib.QUIVER_ERROR
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: db"
    assert lib.quiver_database_delete_element(collections_db._ptr, ffi.NULL, 1) == lib.QUIVER_ERROR
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: collection"

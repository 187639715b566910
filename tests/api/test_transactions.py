"""begin_transaction / commit / rollback / in_transaction and transaction() (docs/reference/database-api.md §7.3-§7.4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiverdb import Database, QuiverError
from support.paths import VALID


def _labels(db: Database) -> list[str]:
    out: list[str] = []
    count = db.query_integer("SELECT COUNT(*) FROM Configuration") or 0
    for i in range(count):
        label = db.query_string("SELECT label FROM Configuration ORDER BY id LIMIT 1 OFFSET ?", params=[i])
        assert label is not None
        out.append(label)
    return out


def _add(db: Database, label: str) -> None:
    db.query_integer("INSERT INTO Configuration (label) VALUES (?)", params=[label])


def test_commit_keeps_writes(db: Database) -> None:
    db.begin_transaction()
    _add(db, "Item 1")
    _add(db, "Item 2")
    db.commit()
    assert _labels(db) == ["Item 1", "Item 2"]


def test_rollback_discards_writes(db: Database) -> None:
    _add(db, "before")
    db.begin_transaction()
    _add(db, "Item 1")
    db.rollback()
    assert _labels(db) == ["before"]


def test_in_transaction_toggles(db: Database) -> None:
    assert db.in_transaction() is False
    db.begin_transaction()
    assert db.in_transaction() is True
    db.commit()
    assert db.in_transaction() is False
    db.begin_transaction()
    assert db.in_transaction() is True
    db.rollback()
    assert db.in_transaction() is False


def test_in_transaction_sees_raw_sql_transactions(db: Database) -> None:
    db.query_integer("BEGIN")
    assert db.in_transaction() is True
    with pytest.raises(QuiverError, match="^Cannot begin_transaction: transaction already active$"):
        db.begin_transaction()
    db.query_integer("COMMIT")
    assert db.in_transaction() is False


def test_exact_error_messages(db: Database) -> None:
    with pytest.raises(QuiverError, match="^Cannot commit: no active transaction$"):
        db.commit()
    with pytest.raises(QuiverError, match="^Cannot rollback: no active transaction$"):
        db.rollback()
    db.begin_transaction()
    with pytest.raises(QuiverError, match="^Cannot begin_transaction: transaction already active$"):
        db.begin_transaction()
    db.rollback()


def test_close_with_open_transaction_discards_it(tmp_path: Path) -> None:
    path = str(tmp_path / "tx.db")
    schema = str(VALID / "basic.sql")
    db = Database.from_schema(path, schema)
    _add(db, "kept")
    db.begin_transaction()
    _add(db, "lost")
    db.close()
    with Database.open(path) as again:
        assert _labels(again) == ["kept"]


def test_transaction_methods_after_close(db: Database) -> None:
    db.close()
    for method in (db.begin_transaction, db.commit, db.rollback, db.in_transaction):
        with pytest.raises(QuiverError, match="closed"):
            method()
    with pytest.raises(QuiverError, match="closed"):
        with db.transaction():
            pass


# ---- transaction() ----


def test_context_manager_commits(db: Database) -> None:
    with db.transaction() as tx:
        assert tx is db
        assert db.in_transaction() is True
        _add(tx, "Item 1")
    assert db.in_transaction() is False
    assert _labels(db) == ["Item 1"]


def test_context_manager_rolls_back_and_reraises(db: Database) -> None:
    with pytest.raises(ValueError, match="test error"):
        with db.transaction():
            _add(db, "Item 1")
            raise ValueError("test error")
    assert db.in_transaction() is False
    assert _labels(db) == []


def test_context_manager_rolls_back_on_base_exception(db: Database) -> None:
    with pytest.raises(KeyboardInterrupt):
        with db.transaction():
            _add(db, "Item 1")
            raise KeyboardInterrupt
    assert db.in_transaction() is False
    assert _labels(db) == []


def test_original_exception_object_propagates(db: Database) -> None:
    error = ValueError("intentional error")
    try:
        with db.transaction():
            raise error
    except ValueError as caught:
        assert caught is error


def test_context_manager_does_not_nest(db: Database) -> None:
    db.begin_transaction()
    ran = False
    with pytest.raises(QuiverError, match="^Cannot begin_transaction: transaction already active$"):
        with db.transaction():
            ran = True
    assert ran is False
    assert db.in_transaction() is True  # the outer transaction is untouched
    db.rollback()


def test_block_that_commits_itself(db: Database) -> None:
    # (quirk) the final commit then finds no transaction
    with pytest.raises(QuiverError, match="^Cannot commit: no active transaction$"):
        with db.transaction():
            _add(db, "Item 1")
            db.commit()
    assert _labels(db) == ["Item 1"]


def test_failed_commit_rolls_back(db: Database) -> None:
    # a deferred foreign key violation makes COMMIT itself fail
    db.query_integer("CREATE TABLE Parent (id INTEGER PRIMARY KEY)")
    db.query_integer(
        "CREATE TABLE Kid (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES Parent(id) DEFERRABLE INITIALLY DEFERRED)"
    )
    with pytest.raises(QuiverError, match="Failed to commit transaction: FOREIGN KEY constraint failed"):
        with db.transaction():
            db.query_integer("INSERT INTO Kid (parent) VALUES (99)")
    assert db.in_transaction() is False
    assert db.query_integer("SELECT COUNT(*) FROM Kid") == 0


def test_sequential_transactions(db: Database) -> None:
    for i in range(3):
        with db.transaction():
            _add(db, f"Item {i}")
    assert _labels(db) == ["Item 0", "Item 1", "Item 2"]


# ---- library writes join an explicit transaction (§3.8, §9.1 items 78-80, §9.2 item 24) ----


def test_create_then_commit(collections_db: Database) -> None:
    db = collections_db
    db.begin_transaction()
    db.create_element("Collection", label="Item 1")
    db.create_element("Collection", label="Item 2")
    db.commit()
    assert db.read_scalar_strings("Collection", "label") == ["Item 1", "Item 2"]


def test_create_then_rollback(collections_db: Database) -> None:
    db = collections_db
    db.begin_transaction()
    db.create_element("Collection", label="Item 1")
    db.rollback()
    assert db.read_element_ids("Collection") == []


def test_rollback_undoes_every_kind_of_write(collections_db: Database) -> None:
    db = collections_db
    kept = db.create_element("Collection", label="Kept", some_integer=1, value_int=[1, 2], tag=["a"])
    db.begin_transaction()
    db.create_element("Collection", label="New")
    db.update_element("Collection", kept, some_integer=2, value_int=[9], tag=["z"])
    db.update_time_series_group("Collection", "data", kept, [{"date_time": "2024-01-01", "value": 1.0}])
    db.update_time_series_files("Collection", {"data_file": "d.csv", "metadata_file": None})
    db.delete_element("Collection", kept)
    db.rollback()
    assert db.read_scalar_strings("Collection", "label") == ["Kept"]
    assert db.read_scalar_integer_by_id("Collection", "some_integer", kept) == 1
    assert db.read_vector_integers_by_id("Collection", "value_int", kept) == [1, 2]
    assert db.read_set_strings_by_id("Collection", "tag", kept) == ["a"]
    assert db.read_time_series_group("Collection", "data", kept) == []
    assert db.read_time_series_files("Collection") == {"data_file": None, "metadata_file": None}


def test_every_kind_of_write_commits(collections_db: Database) -> None:
    db = collections_db
    with db.transaction():
        first = db.create_element("Collection", label="Item 1")
        db.update_element("Collection", first, some_integer=100, value_int=[1, 2, 3], tag=["t"])
        db.update_time_series_group("Collection", "data", first, [{"date_time": "2024-01-01", "value": 2.5}])
    assert db.read_scalar_strings("Collection", "label") == ["Item 1"]
    assert db.read_scalar_integer_by_id("Collection", "some_integer", first) == 100
    assert db.read_vector_integers_by_id("Collection", "value_int", first) == [1, 2, 3]
    assert db.read_set_strings_by_id("Collection", "tag", first) == ["t"]
    assert db.read_time_series_group("Collection", "data", first) == [{"date_time": "2024-01-01", "value": 2.5}]


def test_context_manager_with_library_writes(collections_db: Database) -> None:
    db = collections_db
    with pytest.raises(ValueError, match="intentional error"):
        with db.transaction() as tx:
            tx.create_element("Collection", label="Item 1")
            raise ValueError("intentional error")
    assert db.read_element_ids("Collection") == []
    with db.transaction() as tx:
        assert tx is db
        tx.create_element("Collection", label="Item 1")
        tx.update_element("Collection", 1, some_integer=100)
    assert db.read_scalar_strings("Collection", "label") == ["Item 1"]
    assert db.read_scalar_integer_by_id("Collection", "some_integer", 1) == 100


def test_failed_write_inside_transaction_keeps_earlier_writes(relations_db: Database) -> None:
    db = relations_db
    db.create_element("Parent", label="Parent 1")
    db.begin_transaction()
    db.create_element("Child", label="Child 1", parent_id="Parent 1")
    with pytest.raises(QuiverError, match="Failed to resolve label 'Nope' to ID in table 'Parent'"):
        db.create_element("Child", label="Child 2", parent_id="Nope")
    assert db.in_transaction() is True  # the caller's transaction survives the failed call
    db.commit()
    assert db.read_scalar_strings("Child", "label") == ["Child 1"]

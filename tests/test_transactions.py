"""begin_transaction / commit / rollback / in_transaction and transaction() (database-api.md §7.3-§7.4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiverdb import Database, QuiverError


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
    schema = str(Path(__file__).parent / "schemas" / "valid" / "basic.sql")
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

"""Bad files (docs/reliability.md): opening what is not a healthy quiverdb database, or writing
when the disk is full, gives a clear QuiverError and leaves existing data intact."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiverdb import Database, QuiverError
from support.paths import SCHEMAS, VALID
from support.platform import needs_posix_users, needs_rlimit
from support.reliability import child_env

SCHEMA = VALID / "collections.sql"
OPENERS = {
    "open": lambda p: Database.open(p, log_level="off"),
    "open read-only": lambda p: Database.open(p, read_only=True, log_level="off"),
    "from_migrations": lambda p: Database.from_migrations(p, str(SCHEMAS / "migrations"), log_level="off"),
}


def _healthy(path: Path) -> bytes:
    db = Database.from_schema(str(path), str(SCHEMA), log_level="off")
    db.create_element("Collection", label="Item 1", some_integer=1, value_int=[1, 2], tag=["a"])
    db.close()
    return path.read_bytes()


def _use(db: Database) -> None:
    """What a user does first: read the schema's collections and their elements."""
    db.read_element_ids("Collection")
    db.list_scalar_attributes("Collection")


@pytest.mark.parametrize("opener", list(OPENERS), ids=list(OPENERS))
@pytest.mark.parametrize("damage", ["truncated header", "truncated half", "random bytes", "zeroed pages", "text file"])
def test_damaged_file_gives_a_clear_error_and_is_not_changed(tmp_path: Path, opener: str, damage: str) -> None:
    path = tmp_path / "study.db"
    good = _healthy(path)
    rng = __import__("random").Random(hash(damage) & 0xFFFF)
    bad = {
        "truncated header": good[:50],
        "truncated half": good[: len(good) // 2],
        "random bytes": bytes(rng.randrange(256) for _ in range(8192)),
        "zeroed pages": good[:100] + bytes(len(good) - 100),
        "text file": b"label,value\nItem 1,1\n" * 100,
    }[damage]
    path.write_bytes(bad)
    with pytest.raises(QuiverError) as info:
        db = OPENERS[opener](str(path))
        try:
            _use(db)  # a lazily loaded schema may only fail here
        finally:
            db.close()
    message = str(info.value)
    assert message and ("database" in message.lower() or "schema" in message.lower() or "file" in message.lower())
    assert path.read_bytes() == bad, "opening a damaged file changed it"


def test_non_quiver_sqlite_file_gives_a_clear_error_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE people (name TEXT, age INTEGER)")
    con.execute("INSERT INTO people VALUES ('Ann', 30)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(
        QuiverError, match=f"^Failed to open database: {re.escape(str(path))} is not a quiver database \\("
    ):
        Database.open(str(path), log_level="off")
    assert path.read_bytes() == before
    with pytest.raises(QuiverError):
        Database.from_migrations(str(path), str(tmp_path / "no-migrations"), log_level="off")
    assert path.read_bytes() == before


def test_directory_gives_a_clear_error(tmp_path: Path) -> None:
    d = tmp_path / "a_directory"
    d.mkdir()
    (d / "keep.txt").write_text("data")
    for fn in (
        lambda: Database.open(str(d), log_level="off"),
        lambda: Database.from_schema(str(d), str(SCHEMA), log_level="off"),
    ):
        with pytest.raises(QuiverError, match="a_directory|database"):
            db = fn()
            try:
                _use(db)
            finally:
                db.close()
    assert (d / "keep.txt").read_text() == "data"


def test_missing_parent_directory_gives_a_clear_error(tmp_path: Path) -> None:
    for fn in (
        lambda p: Database.open(p, log_level="off"),
        lambda p: Database.from_schema(p, str(SCHEMA), log_level="off"),
        lambda p: Database.open(p, read_only=True, log_level="off"),
    ):
        with pytest.raises(QuiverError, match="open|database"):
            fn(str(tmp_path / "no" / "such" / "dir" / "x.db"))
    assert not (tmp_path / "no").exists()


def _unprivileged(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Python code that drops to an unprivileged user after importing quiverdb (root
    ignores file permissions; the interpreter itself may not be executable by that user)."""
    prelude = "import os, quiverdb\nos.setgid(65534); os.setuid(65534)\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code, *args], env=child_env(), capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory outside pytest's private tmp tree, reachable by the unprivileged user."""
    d = Path(tempfile.mkdtemp(prefix="quiver-perm-"))
    d.chmod(0o755)
    try:
        yield d
    finally:
        for p in d.rglob("*"):
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(d)


@needs_posix_users
def test_read_only_file_and_no_permission(shared_dir: Path) -> None:
    tmp_path = shared_dir
    ro = tmp_path / "ro.db"
    good = _healthy(ro)
    ro.chmod(0o444)
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    secret = hidden / "secret.db"
    _healthy(secret)
    hidden.chmod(0o700)
    code = r"""
import sys
from quiverdb import Database, QuiverError
ro, secret = sys.argv[1], sys.argv[2]
db = Database.open(ro, log_level="off")
try:
    db.create_element("Collection", label="New")
    print("WROTE")
except QuiverError as e:
    print("write refused:", e)
print("read:", db.read_scalar_strings("Collection", "label"))
db.close()
db = Database.open(ro, read_only=True, log_level="off")
print("read-only read:", db.read_element_ids("Collection"))
db.close()
for fn in (lambda: Database.open(secret, log_level="off"), lambda: Database.open(secret, read_only=True, log_level="off"),
           lambda: Database.from_schema(secret, sys.argv[3], log_level="off")):
    try:
        d = fn()
        d.read_element_ids("Collection")
        print("OPENED")
        d.close()
    except QuiverError as e:
        print("refused:", e)
"""
    result = _unprivileged(code, str(ro), str(secret), str(SCHEMA))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "WROTE" not in out and "OPENED" not in out, out
    assert "write refused: " in out and "readonly" in out.replace("-", "").replace(" ", "").lower(), out
    assert "read: ['Item 1']" in out and "read-only read: [1]" in out, out
    assert out.count("refused: ") >= 4, out
    assert ro.read_bytes() == good
    hidden.chmod(0o755)
    db = Database.open(str(secret), log_level="off")
    assert db.read_scalar_strings("Collection", "label") == ["Item 1"]
    db.close()


# the writer runs with a file size limit: the database cannot grow past it (as on a full disk)
FULL_DISK_WRITER = r"""
import resource, signal, sys
from quiverdb import Database, QuiverError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
path, csv_path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = Database.open(path, log_level="off")
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
for name, fn in [
    ("create", lambda: [db.create_element("Collection", label=f"Big {i}", value_int=list(range(2000)))
                        for i in range(100)]),
    ("import", lambda: db.import_csv("Collection", "", csv_path)),
    ("transaction", lambda: db.transaction().__enter__() and None),
]:
    try:
        fn()
        print(name, "WROTE")
    except QuiverError as e:
        print(name, "refused:", e)
    if db.in_transaction():
        db.rollback()
db.close()
"""


@needs_rlimit
def test_disk_full_gives_a_clear_error_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    _healthy(path)
    csv_path = tmp_path / "big.csv"
    with open(csv_path, "w") as f:
        f.write("label,some_integer,some_float\n")
        for i in range(50_000):
            f.write(f"Row {i} {'x' * 40},{i},{i * 0.5}\n")
    con = sqlite3.connect(path)
    before = con.execute("SELECT label FROM Collection ORDER BY id").fetchall()
    con.close()
    limit = os.path.getsize(path) + 64 * 1024
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK_WRITER, str(path), str(csv_path), str(limit)],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "create refused:" in result.stdout and "import refused:" in result.stdout, result.stdout
    assert "disk" in result.stdout.lower() or "full" in result.stdout.lower() or "i/o" in result.stdout.lower(), (
        result.stdout
    )
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        labels = con.execute("SELECT label FROM Collection ORDER BY id").fetchall()
    finally:
        con.close()
    # the create loop may have committed some elements before the limit; the old data is intact
    assert labels[: len(before)] == before
    assert all(label.startswith("Big ") for (label,) in labels[len(before) :])
    db = Database.open(str(path), log_level="off")
    assert db.read_vector_integers_by_id("Collection", "value_int", 1) == [1, 2]
    db.close()

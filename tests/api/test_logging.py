"""Library log messages go through Python's logging (`quiverdb` logger), never straight to stderr."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import quiverdb
from quiverdb import Database, QuiverError
from quiverdb._c_api import ffi, lib
from quiverdb.metadata import LogLevel
from support.paths import VALID

BASIC = str(VALID / "basic.sql")


def messages(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "quiverdb"]


def test_open_and_close_log_through_logging(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    path = str(tmp_path / "log.db")
    db = Database.from_schema(path, BASIC)
    db.close()
    logged = messages(caplog)
    assert (logging.INFO, f"Database opened: {path}") in logged
    assert (logging.INFO, f"Database closed: {path}") in logged
    out, err = capfd.readouterr()
    assert err == "" and out == ""


def test_default_level_has_no_debug_messages(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    with Database.from_schema(":memory:", BASIC) as db:
        for i in range(20):
            db.query_integer("SELECT ?", params=[i])
    assert [m for m in messages(caplog) if m[0] < logging.INFO] == []


def test_debug_level_passes_debug_messages(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    with Database.from_schema(":memory:", BASIC, log_level=LogLevel.DEBUG) as db:
        db.query_integer("SELECT 7")
    assert (logging.DEBUG, "Query executed: SELECT 7") in messages(caplog)


def test_off_level_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    with Database.from_schema(":memory:", BASIC, log_level="off") as db:
        db.query_integer("SELECT 1")
    assert messages(caplog) == []


def test_python_logger_level_filters(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="quiverdb")
    Database.from_schema(":memory:", BASIC).close()
    assert messages(caplog) == []


def test_errors_are_logged_and_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    bad = tmp_path / "bad.sql"
    bad.write_text("CREATE TABLE Nope (id INTEGER PRIMARY KEY);")
    with pytest.raises(QuiverError, match="Schema validation error"):
        Database.from_schema(":memory:", str(bad))
    assert any(level == logging.ERROR and "Schema validation error" in text for level, text in messages(caplog))
    assert capfd.readouterr().err == ""


def test_library_adds_only_a_null_handler() -> None:
    handlers = logging.getLogger("quiverdb").handlers
    assert handlers and all(isinstance(h, logging.NullHandler) for h in handlers)


def test_failing_handler_does_not_break_the_call(caplog: pytest.LogCaptureFixture) -> None:
    class Exploding(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler failed")

        def handleError(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler failed again")

    logger = logging.getLogger("quiverdb")
    handler = Exploding()
    logger.addHandler(handler)
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    try:
        with Database.from_schema(":memory:", BASIC) as db:
            assert db.query_integer("SELECT 1") == 1
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize(
    ("level", "expected"),
    [(LogLevel.DEBUG, True), (0, True), ("debug", True), ("DEBUG", True), ("info", False), (LogLevel.OFF, False)],
)
def test_log_level_spellings(level: object, expected: bool, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    with Database.open(":memory:", log_level=level) as db:  # type: ignore[arg-type]
        db.query_integer("SELECT 1")
    assert any(lvl == logging.DEBUG for lvl, _ in messages(caplog)) is expected


@pytest.mark.parametrize("level", [5, -1, "loud", 20])
def test_unknown_log_level(level: object) -> None:
    with pytest.raises(ValueError, match="Unknown log_level"):
        Database.open(":memory:", log_level=level)  # type: ignore[arg-type]


@pytest.mark.parametrize("level", [None, 1.0, True])
def test_log_level_wrong_type(level: object) -> None:
    with pytest.raises(TypeError, match="log_level must be"):
        Database.open(":memory:", log_level=level)  # type: ignore[arg-type]


def test_log_level_enum_matches_c() -> None:
    assert [int(m) for m in LogLevel] == [
        lib.QUIVER_LOG_DEBUG,
        lib.QUIVER_LOG_INFO,
        lib.QUIVER_LOG_WARN,
        lib.QUIVER_LOG_ERROR,
        lib.QUIVER_LOG_OFF,
    ]
    # issue 17: exported as later upstream does, appended after 0.5.0's ten names
    assert quiverdb.__all__.index("LogLevel") == 10 and quiverdb.LogLevel is LogLevel


def test_c_without_callback_writes_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    assert lib.quiver_set_log_callback(ffi.NULL, ffi.NULL) == lib.QUIVER_OK
    try:
        out = ffi.new("quiver_database_t **")
        assert lib.quiver_database_open(b":memory:", ffi.NULL, out) == lib.QUIVER_OK
        lib.quiver_database_close(out[0])
    finally:
        quiverdb._ffi.log.install()
    err = capfd.readouterr().err
    assert "Database opened: :memory:" in err
    Database.open(":memory:").close()
    assert capfd.readouterr().err == ""


def test_element_writes_are_debug_only(caplog: pytest.LogCaptureFixture) -> None:
    collections = str(VALID / "collections.sql")
    caplog.set_level(logging.DEBUG, logger="quiverdb")
    with Database.from_schema(":memory:", collections) as db:
        caplog.clear()
        for i in range(50):
            item = db.create_element("Collection", label=f"Item {i}", value_int=[i], tag=["t"])
            db.update_element("Collection", item, some_integer=i)
        db.delete_element("Collection", 1)
        assert messages(caplog) == []  # nothing per element at the default level
    with Database.from_schema(":memory:", collections, log_level="debug") as db:
        caplog.clear()
        item = db.create_element("Collection", label="Item")
        db.delete_element("Collection", item)
        assert len([m for m in messages(caplog) if m[0] == logging.DEBUG]) >= 2

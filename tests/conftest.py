"""Shared by every test folder: the SIGINT set-up, the --long option, and one database fixture per
upstream test schema (closed after each test). Helpers live in the ``support`` package."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiverdb import Database
from support.paths import SCHEMAS, VALID


def pytest_configure(config: pytest.Config) -> None:
    # A shell without job control starts background commands with SIGINT ignored (`cmd &` in a
    # script), and Python then keeps it ignored: the Ctrl-C tests (Lua runner, CLI prompt, whose
    # children inherit the disposition) would wait forever for a signal that never arrives. The
    # suite runs as if started from a terminal, whatever started it.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--long",
        action="store_true",
        default=False,
        help="run the long forms of the reliability tests (fuzzing, kills, soak; docs/reliability.md)",
    )


@pytest.fixture
def long_run(request: pytest.FixtureRequest) -> bool:
    """True under ``pytest --long``: reliability tests then use their long-form sizes."""
    return bool(request.config.getoption("--long"))


def _open(tmp_path: Path, schema: str, name: str) -> Iterator[Database]:
    db = Database.from_schema(str(tmp_path / f"{name}.db"), str(VALID / schema))
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def schemas_dir() -> Path:
    return SCHEMAS


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """basic.sql at test.db (only Configuration, scalar attributes of every type)."""
    yield from _open(tmp_path, "basic.sql", "test")


@pytest.fixture
def collections_db(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path, "collections.sql", "collections")


@pytest.fixture
def relations_db(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path, "relations.sql", "relations")


@pytest.fixture
def all_types_db(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path, "all_types.sql", "all_types")


@pytest.fixture
def composite_helpers_db(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path, "composite_helpers.sql", "composite_helpers")


@pytest.fixture
def mixed_time_series_db(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path, "mixed_time_series.sql", "mixed_time_series")


@pytest.fixture
def multi_time_series_db(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path, "multi_time_series.sql", "multi_time_series")


@pytest.fixture
def describe_db(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path, "describe_multi_group.sql", "describe_multi_group")


@pytest.fixture
def csv_db(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path, "csv_export.sql", "csv_export")

"""The ``quiver`` command line (spec/cli.md, with the differences in docs/compatibility.md).

Every test runs the installed package as a separate process (``python -m quiverdb``), the
way a user runs ``quiver``, and checks its exit status, stdout and stderr.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import quiverdb

SCHEMAS = Path(__file__).parent / "schemas"
BASIC = SCHEMAS / "valid" / "basic.sql"
COLLECTIONS = SCHEMAS / "valid" / "collections.sql"
MIGRATIONS = SCHEMAS / "migrations"


def quiver(*args: str | Path, cwd: Path, stdin: str | bytes | None = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``python -m quiverdb ARGS`` in ``cwd``; ``stdin`` is piped (never a terminal)."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [sys.executable, "-m", "quiverdb", *map(str, args)],
        cwd=cwd,
        input=data,
        capture_output=True,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )


def only_error(done: subprocess.CompletedProcess[str], status: int, message: str) -> None:
    """The process failed with ``status`` and printed exactly ``message`` (one line) to stderr."""
    assert (done.returncode, done.stdout, done.stderr) == (status, "", message + "\n")


def make_database(path: Path) -> bytes:
    """A valid database at ``path`` with one Configuration element; returns its bytes."""
    with quiverdb.Database.from_schema(str(path), str(BASIC)) as db:
        db.create_element("Configuration", label="keep me")
    return path.read_bytes()


# ---- 1. argument parsing (exit 2) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "database: 1 argument(s) expected. 0 provided."),
        (["--read-only"], "database: 1 argument(s) expected. 0 provided."),
        (["db", "s.lua", "third"], "Maximum number of positional arguments exceeded, failed to parse 'third'"),
        (["db", "--foo"], "Unknown argument: --foo"),
        (["db", "--"], "Unknown argument: --"),
        (["db", "-rv"], "Unknown argument: -rv"),
        (["--foo", "-v"], "Unknown argument: --foo"),
        (["db", "s.lua", "--schema"], "Too few arguments for '--schema'."),
        (["db", "--migrations", "--read-only"], "Too few arguments for '--migrations'."),
        (["db", "-e"], "Too few arguments for '-e'."),
        (["db", "--schema", "a.sql", "--schema", "b.sql"], "Duplicate argument --schema"),
        (["db", "--schema=a.sql", "--schema=b.sql"], "Duplicate argument --schema"),
        (["db", "--read-only", "--read-only"], "Duplicate argument --read-only"),
        (["db", "--read-only=1"], "Unknown argument: --read-only=1"),
        (["db", "-e", "x = 1", "-e", "y = 2"], "Duplicate argument -e"),
    ],
)
def test_parser_errors(tmp_path: Path, args: list[str], message: str) -> None:
    only_error(quiver(*args, cwd=tmp_path), 2, message)
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_help_lists_every_option(tmp_path: Path) -> None:
    done = quiver("--help", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Usage: quiver [--help] [--version] [--schema VAR] [--migrations VAR] [--read-only]")
    for option in ("-h, --help", "-v, --version", "--schema", "--migrations", "--read-only", "--log-level", "-e"):
        assert any(line.lstrip().startswith(option) for line in lines), option
    assert "  database       path to the database file" in lines
    assert '[default: "warn"]' in done.stdout


@pytest.mark.parametrize(
    "args",
    [["-h"], ["db", "s.lua", "-h"], ["-h", "--foo"], ["--help", "-v"], ["-hv"]],
)
def test_help_acts_as_soon_as_reached(tmp_path: Path, args: list[str]) -> None:
    done = quiver(*args, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("Usage: quiver ") and done.stderr == ""


@pytest.mark.parametrize(
    "args",
    [["-v"], ["--version"], ["db", "s.lua", "-v"], ["-v", "--foo"], ["db", "--schema", "missing.sql", "-v"], ["-vh"]],
)
def test_version_acts_as_soon_as_reached(tmp_path: Path, args: list[str]) -> None:
    done = quiver(*args, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"quiver {quiverdb.__version__}\n", "")
    assert quiverdb.__version__ == "0.5.0"
    assert list(tmp_path.iterdir()) == []


def test_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "quiver"
    assert script.exists(), "the quiver console script is missing from the environment"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert (done.returncode, done.stdout) == (0, "quiver 0.5.0\n")


# ---- 2.-5. checks before the database is touched ---------------------------------------------


def test_schema_and_migrations_together(tmp_path: Path) -> None:
    # step 2 comes before the script check (step 4): the script does not exist either
    only_error(
        quiver("db", "missing.lua", "--schema", BASIC, "--migrations", MIGRATIONS, cwd=tmp_path),
        2,
        "Cannot use --schema and --migrations together",
    )


def test_code_and_script_together(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_text("x = 1\n")
    only_error(
        quiver("db", "s.lua", "-e", "x = 2", cwd=tmp_path), 2, "Cannot use -e and a script file together"
    )
    assert not (tmp_path / "db").exists()


def test_missing_script_touches_nothing(tmp_path: Path) -> None:
    original = make_database(tmp_path / "study.db")
    # step 4 comes before the log level (step 5) and before --schema deletes anything
    done = quiver("study.db", "nope.lua", "--schema", BASIC, "--log-level", "loud", cwd=tmp_path)
    only_error(done, 1, "Script file not found: nope.lua")
    assert (tmp_path / "study.db").read_bytes() == original
    only_error(quiver("new.db", "nope.lua", cwd=tmp_path), 1, "Script file not found: nope.lua")
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize("level", ["loud", "WARN", "warning", "Debug", ""])
def test_unknown_log_level_touches_nothing(tmp_path: Path, level: str) -> None:
    original = make_database(tmp_path / "study.db")
    (tmp_path / "s.lua").write_text("x = 1\n")
    done = quiver("study.db", "s.lua", "--schema", BASIC, f"--log-level={level}", cwd=tmp_path)
    only_error(done, 1, f"Unknown log level: {level}")
    assert (tmp_path / "study.db").read_bytes() == original


def test_schema_with_read_only_refused_before_anything(tmp_path: Path) -> None:
    original = make_database(tmp_path / "study.db")
    (tmp_path / "s.lua").write_text("x = 1\n")
    done = quiver("study.db", "s.lua", "--schema", BASIC, "--read-only", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("Cannot use --schema with --read-only: --schema deletes and recreates")
    assert done.stderr.count("\n") == 1
    assert (tmp_path / "study.db").read_bytes() == original  # upstream deletes the file here
    # also for a database that does not exist yet: nothing is created
    done = quiver("fresh.db", "s.lua", "--read-only", "--schema", BASIC, cwd=tmp_path)
    assert done.returncode == 1 and not (tmp_path / "fresh.db").exists()


# ---- 6. opening the database -----------------------------------------------------------------


def test_open_failures(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_text("x = 1\n")
    only_error(quiver("db", "s.lua", "--schema", "nope.sql", cwd=tmp_path), 1, "Schema file not found: nope.sql")
    only_error(
        quiver("db", "s.lua", "--migrations", "nodir", cwd=tmp_path), 1, "Migrations path not found: nodir"
    )
    only_error(
        quiver("missing/dir/db", "s.lua", cwd=tmp_path), 1, "Failed to open database: unable to open database file"
    )
    only_error(
        quiver("absent.db", "s.lua", "--read-only", cwd=tmp_path),
        1,
        "Failed to open database: unable to open database file",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.lua"]


def test_schema_validation_error_after_the_library_log_line(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_text("x = 1\n")
    bad = SCHEMAS / "invalid" / "no_configuration.sql"
    done = quiver("db", "s.lua", "--schema", bad, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    # as upstream: the library's error log line, then the command's own final line
    log, final = done.stderr.splitlines()
    assert final == "Schema validation error: Schema must have a 'Configuration' table"
    assert re.fullmatch(
        r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[quiverdb\] \[error\] Failed to apply schema: " + re.escape(final), log
    ), log
    # --log-level off silences the library, not the command's message
    only_error(quiver("db", "s.lua", "--schema", bad, "--log-level", "off", cwd=tmp_path), 1, final)


# ---- 7. reading the script -------------------------------------------------------------------


def test_unreadable_script_after_opening(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()  # exists (step 4 passes) but cannot be read as a file
    only_error(quiver("new.db", "scripts", "--schema", BASIC, cwd=tmp_path), 1, "Failed to read script file: scripts")
    assert (tmp_path / "new.db").exists()  # step 7 runs after the database was opened (step 6)

"""The ``quiver`` command line: open (or create) a database and run Lua against it.

``quiver [options] database [script]`` runs a script file, ``-e CODE`` a one-liner; with
neither the script is read from standard input, or an interactive prompt starts when standard
input is a terminal. Behaviour, messages and exit codes follow upstream's ``quiver_cli``
(``docs/reference/cli.md``); the deliberate differences are listed in ``docs/compatibility.md``.
Only the public Python API is used (``Database``, ``LuaRunner``).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import NoReturn

from quiverdb.cli.parser import HELP, VERSION, Arguments, HelpRequested, UsageError, VersionRequested, parse
from quiverdb.database import Database
from quiverdb.exceptions import QuiverError
from quiverdb.lua_runner import LuaRunner

LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warn": logging.WARNING, "error": logging.ERROR}
_LEVEL_NAMES = {logging.DEBUG: "debug", logging.INFO: "info", logging.WARNING: "warning", logging.ERROR: "error"}
_BOM = b"\xef\xbb\xbf"

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class _Exit(Exception):
    def __init__(self, status: int, message: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _fail(status: int, message: str) -> NoReturn:
    raise _Exit(status, message)


class _LineFormatter(logging.Formatter):
    """``[YYYY-MM-DD HH:MM:SS.mmm] [quiverdb] [<level>] <message>``, upstream's console layout."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.created))
        level = _LEVEL_NAMES.get(record.levelno, record.levelname.lower())
        return f"[{stamp}.{int(record.msecs):03d}] [{record.name}] [{level}] {record.getMessage()}"


def _configure_logging(level_name: str) -> tuple[logging.Handler, int] | None:
    """A stderr handler on the ``quiverdb`` logger at the requested level (none for ``off``);
    returns it with the logger's previous level, for :func:`_restore_logging`."""
    if level_name == "off":
        return None
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LineFormatter())
    handler.setLevel(LOG_LEVELS[level_name])
    logger = logging.getLogger("quiverdb")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(LOG_LEVELS[level_name])
    return handler, previous


def _restore_logging(configured: tuple[logging.Handler, int] | None) -> None:
    if configured is not None:
        logger = logging.getLogger("quiverdb")
        logger.removeHandler(configured[0])
        logger.setLevel(configured[1])


def _check(args: Arguments) -> None:
    """The checks that run before the database is touched (docs/reference/cli.md §2, steps 2-5)."""
    if args.schema is not None and args.migrations is not None:
        _fail(EXIT_USAGE, "Cannot use --schema and --migrations together")
    if args.code is not None and args.script is not None:
        _fail(EXIT_USAGE, "Cannot use -e and a script file together")
    if args.script is not None and not os.path.exists(args.script):
        _fail(EXIT_FAILURE, f"Script file not found: {args.script}")
    if args.log_level not in LOG_LEVELS and args.log_level != "off":
        _fail(EXIT_FAILURE, f"Unknown log level: {args.log_level}")
    if args.schema is not None and args.read_only:
        _fail(
            EXIT_FAILURE,
            "Cannot use --schema with --read-only: --schema deletes and recreates the database file "
            "(to read an existing database, leave out --schema)",
        )


def _open(args: Arguments) -> Database:
    options: dict[str, object] = {"read_only": args.read_only, "log_level": args.log_level}
    if args.busy_timeout is not None:
        try:
            options["busy_timeout"] = float(args.busy_timeout)
        except ValueError:
            _fail(EXIT_FAILURE, f"Invalid --busy-timeout: {args.busy_timeout} (expected seconds)")
    if args.journal_mode is not None:
        options["journal_mode"] = args.journal_mode
    assert args.database is not None
    try:
        if args.schema is not None:
            return Database.from_schema(args.database, args.schema, **options)  # type: ignore[arg-type]
        if args.migrations is not None:
            return Database.from_migrations(args.database, args.migrations, **options)  # type: ignore[arg-type]
        return Database.open(args.database, **options)  # type: ignore[arg-type]
    except (QuiverError, ValueError, TypeError) as error:
        _fail(EXIT_FAILURE, str(error))


def _utf8(data: bytes, source: str) -> str:
    """The script text; ``LuaRunner`` runs text, so bytes that are not UTF-8 are refused."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        _fail(EXIT_FAILURE, f"{source} (not UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start})")


def _script_text(args: Arguments) -> str:
    """The Lua text to run: ``-e`` code, the script file, or all of standard input."""
    if args.code is not None:
        # argv arrives decoded with surrogateescape: undecodable bytes show up as surrogates
        return _utf8(args.code.encode("utf-8", "surrogateescape"), "Cannot run -e CODE")
    if args.script is not None:
        try:
            with open(args.script, "rb") as f:
                data = f.read()
        except OSError:
            _fail(EXIT_FAILURE, f"Failed to read script file: {args.script}")
        source = f"Failed to read script file: {args.script}"
    else:
        data = sys.stdin.buffer.read() if sys.stdin is not None else b""
        source = "Failed to read the script from standard input"
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    return _utf8(data, source)


def _run(args: Arguments) -> int:
    _check(args)
    configured = _configure_logging(args.log_level)
    try:
        db = _open(args)
        try:
            interactive = args.code is None and args.script is None and sys.stdin is not None and sys.stdin.isatty()
            script = None if interactive else _script_text(args)
            with LuaRunner(db) as runner:
                if script is None:
                    from quiverdb.cli.repl import Prompt

                    if args.globals:
                        runner.run("", globals=args.globals)
                    return Prompt(runner).loop(args.database or "")
                try:
                    # errors name the script file ("report.lua:3: ..."), -e and stdin as upstream
                    runner.run(script, chunk_name=args.script, globals=args.globals)
                except QuiverError as error:
                    _fail(EXIT_FAILURE, str(error))
                return EXIT_OK
        finally:
            db.close()
    finally:
        _restore_logging(configured)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``quiver`` console script and of ``python -m quiverdb``."""
    if argv is None:
        argv = sys.argv[1:]
    try:
        try:
            args = parse(argv)
        except HelpRequested:
            sys.stdout.write(HELP)
            return EXIT_OK
        except VersionRequested:
            print(VERSION)
            return EXIT_OK
        except UsageError as error:
            _fail(EXIT_USAGE, str(error))
        return _run(args)
    except _Exit as done:
        sys.stdout.flush()
        if done.message is not None:
            print(done.message, file=sys.stderr)
        return done.status
    except QuiverError as error:  # e.g. the Lua runner could not be created
        sys.stdout.flush()
        print(str(error), file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        sys.stdout.flush()
        print("Interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            pass

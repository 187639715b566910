"""Argument parsing of the ``quiver`` command line.

A small hand-written parser rather than :mod:`argparse`: the messages, the exit points of
``-h``/``-v`` and the value rules follow upstream's ``quiver_cli`` (``docs/reference/cli.md`` §1-2),
which uses the C++ ``argparse`` library. Tokens are read left to right; the first problem
raises :class:`UsageError` with the exact upstream text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiverdb._version import __version__

PROGRAM = "quiver"

# (usage form, description) of every option; the help text is built from these rows so the
# usage line and the option list show the same metavariables (docs/lua.md, "The command line")
_POSITIONALS = [
    ("database", "path to the database file (`:memory:` for a temporary one)"),
    ("script", "path to the Lua script file (optional, see below)"),
]
_OPTIONS = [
    ("-h, --help", "shows help message and exits"),
    ("-v, --version", "prints version information and exits"),
    ("--schema SCHEMA.sql", "create database from schema file (replaces the database file)"),
    ("--migrations DIR", "create database from migrations directory (applies pending migrations)"),
    ("--read-only", "open database in read-only mode"),
    ("--log-level LEVEL", 'set log verbosity (debug, info, warn, error, off) [default: "warn"]'),
    ("--busy-timeout SECONDS", "seconds to wait for a lock held by another connection [default: 5]"),
    ("--journal-mode MODE", "set the journal mode (wal, delete, truncate, persist, memory)"),
    ("-e CODE", "run CODE, a chunk of Lua, instead of a script file"),
    (
        "--set NAME=VALUE",
        "set the Lua global NAME to VALUE before the script runs (repeatable);\n"
        "VALUE is read as true/false, an integer, a number, or else a string",
    ),
]
_USAGE = (
    f"Usage: {PROGRAM} [--help] [--version] [--schema SCHEMA.sql] [--migrations DIR] [--read-only] "
    "[--log-level LEVEL] [--busy-timeout SECONDS] [--journal-mode MODE] [-e CODE] [--set NAME=VALUE]... "
    "database [script]"
)


def _rows(rows: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in _POSITIONALS + _OPTIONS) + 2
    lines = []
    for name, text in rows:
        first, *rest = text.split("\n")
        lines.append(f"  {name:<{width}}{first}")
        lines.extend(" " * (width + 2) + more for more in rest)
    return "\n".join(lines)


HELP = f"""\
{_USAGE}

Positional arguments:
{_rows(_POSITIONALS)}

Optional arguments:
{_rows(_OPTIONS)}

Without a script and without -e, the script is read from standard input; when standard
input is a terminal, an interactive Lua prompt starts instead (`help` lists the db methods,
Tab completes them, Ctrl-D exits; history is kept in ~/.quiver_history).
"""

VERSION = f"{PROGRAM} {__version__}"

DEFAULT_LOG_LEVEL = "warn"

# a token is positional when it does not start with "-", is "-" itself, or is a negative number
_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


class UsageError(Exception):
    """Bad command line; ``str(e)`` is the message, the exit status is 2."""


class HelpRequested(Exception):
    """``-h`` / ``--help`` reached: print :data:`HELP`, exit 0."""


class VersionRequested(Exception):
    """``-v`` / ``--version`` reached: print :data:`VERSION`, exit 0."""


@dataclass
class Arguments:
    database: str | None = None
    script: str | None = None
    schema: str | None = None
    migrations: str | None = None
    read_only: bool = False
    log_level: str = DEFAULT_LOG_LEVEL
    code: str | None = None
    busy_timeout: str | None = None
    journal_mode: str | None = None
    globals: dict[str, bool | int | float | str] = field(default_factory=dict)


# option name -> (attribute, minimum values, maximum values)
_VALUED = {
    "--schema": ("schema", 1, 1),
    "--migrations": ("migrations", 1, 1),
    "--log-level": ("log_level", 0, 1),
    "-e": ("code", 1, 1),
    "--busy-timeout": ("busy_timeout", 1, 1),
    "--journal-mode": ("journal_mode", 1, 1),
}
_FLAGS = {"--read-only": "read_only"}
_HELP = ("-h", "--help")
_VERSION = ("-v", "--version")
_SHORT_FLAGS = {"h": "-h", "v": "-v"}  # may be combined: -hv, -vh


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INTEGER = re.compile(r"^[-+]?\d+$")


def script_value(text: str) -> bool | int | float | str:
    """A ``--set`` value: ``true`` / ``false``, an integer (int64), a number, or else the text."""
    if text in ("true", "false"):
        return text == "true"
    if _INTEGER.match(text):
        number = int(text)
        if -(2**63) <= number < 2**63:
            return number
    try:
        value = float(text)
    except ValueError:
        return text
    return value if text.strip().lower() not in ("nan", "inf", "-inf", "+inf", "infinity") else text


def _set_global(args: Arguments, assignment: str) -> None:
    name, sep, text = assignment.partition("=")
    if not sep or not _IDENTIFIER.match(name):
        raise UsageError(f"--set expects NAME=VALUE with NAME a Lua identifier, got '{assignment}'")
    if name == "db":
        raise UsageError("--set cannot set 'db' (the database)")
    args.globals[name] = script_value(text)


def _is_positional(token: str) -> bool:
    return not token.startswith("-") or token == "-" or bool(_NUMBER.match(token))


def parse(argv: list[str]) -> Arguments:
    """Parse ``argv`` (without the program name).

    :raises HelpRequested: ``-h``/``--help`` was reached before any error.
    :raises VersionRequested: ``-v``/``--version`` was reached before any error.
    :raises UsageError: anything else wrong, with upstream's message.
    """
    args = Arguments()
    positionals: list[str] = []
    used: set[str] = set()
    tokens = list(argv)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if _is_positional(token):
            if len(positionals) == 2:
                raise UsageError(f"Maximum number of positional arguments exceeded, failed to parse '{token}'")
            positionals.append(token)
            continue
        if token == "--set" or token.startswith("--set="):
            # repeatable; the value is the next token whatever it is (a value may start with "-")
            if token == "--set":
                if i >= len(tokens):
                    raise UsageError("Too few arguments for '--set'.")
                token = tokens[i]
                i += 1
            else:
                token = token[len("--set=") :]
            _set_global(args, token)
            continue
        name, value = token, None
        if token.startswith("--") and "=" in token and token.split("=", 1)[0] in _VALUED:
            name, value = token.split("=", 1)
        if name in _HELP:
            raise HelpRequested()
        if name in _VERSION:
            raise VersionRequested()
        if name in _FLAGS:
            if name in used:
                raise UsageError(f"Duplicate argument {name}")
            used.add(name)
            setattr(args, _FLAGS[name], True)
            continue
        if name in _VALUED:
            if name in used:
                raise UsageError(f"Duplicate argument {name}")
            used.add(name)
            attribute, minimum, _maximum = _VALUED[name]
            if value is None:
                # -e takes the next token whatever it is (Lua code may start with "-");
                # the other options stop at anything that looks like an option
                if i < len(tokens) and (name == "-e" or _is_positional(tokens[i])):
                    value = tokens[i]
                    i += 1
                elif minimum > 0:
                    raise UsageError(f"Too few arguments for '{name}'.")
            if value is not None:
                setattr(args, attribute, value)
            continue
        letters = token[1:]
        if not token.startswith("--") and len(letters) > 1 and all(c in _SHORT_FLAGS for c in letters):
            # combined short flags: the first one acts, as the parser reaches it
            raise HelpRequested() if letters[0] == "h" else VersionRequested()
        raise UsageError(f"Unknown argument: {token}")
    if not positionals:
        raise UsageError("database: 1 argument(s) expected. 0 provided.")
    args.database = positionals[0]
    if len(positionals) > 1:
        args.script = positionals[1]
    return args

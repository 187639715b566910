"""The interactive Lua prompt of ``quiver`` (no script, standard input a terminal).

Works like the prompt of the standalone ``lua`` program:

- each input is first compiled as ``return <input>``; if that does not compile, as a
  statement; the values it returns are printed (:mod:`quiverdb.cli.render`);
- an input whose syntax error ends in ``<eof>`` is incomplete: more lines are read with the
  continuation prompt ``>>`` (unlike ``lua``, this also holds for an unfinished expression
  such as ``1 +``);
- an error prints its message and the session goes on; Ctrl-C cancels the line being typed
  or the running input; Ctrl-D (end of file) ends the session;
- ``help`` lists the methods of ``db``; with :mod:`readline`, Tab completes ``db:`` methods and
  the lines typed are kept in ``~/.quiver_history`` between sessions (silently not, when the
  file cannot be read or written, or without :mod:`readline`);
- long tables are cut after :data:`MAX_ITEMS` entries and long output after
  :data:`MAX_LINES` lines, each with a count of what was left out.

The method list comes from the engine itself (the global ``Database``, the method table of
``db``), asked once when the session starts, so ``help`` and completion cannot drift from it.

Only the public API is used: compiling happens inside Lua with ``load`` (chunk name
``stdin``, so messages read ``stdin:1: ...``), run through :class:`quiverdb.LuaRunner`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from quiverdb.cli.render import lua_string, render
from quiverdb.exceptions import QuiverError
from quiverdb.lua_runner import LuaRunner

PROMPT = "> "
CONTINUATION = ">> "
HISTORY_FILE = "~/.quiver_history"  # expanded with $HOME
HISTORY_LENGTH = 1000
MAX_ITEMS = 50  # entries shown per table
MAX_LINES = 100  # lines shown per result
MAX_CHARACTERS = 20000  # characters shown per result
_WIDTH = 80

# The names of db's methods: `Database` is the method table behind db's metatable
# (docs/reference/lua.md 3.4); asked before any user input can replace the global.
_METHODS = """\
local names = {}
if type(Database) == "table" then
  for name, value in pairs(Database) do
    if type(name) == "string" and type(value) == "function" then names[#names + 1] = name end
  end
end
table.sort(names)
return names
"""

# The compiled input waits in this global between the two runs (compile, then call); the
# calling chunk removes it before the user's code starts, so scripts never see it.
_SLOT = "__quiver_prompt_chunk"

_COMPILE = """\
local code = {code}
local f, return_error = load("return " .. code, "=stdin", "t")
if f then {slot} = f return "ok" end
local g, err = load(code, "=stdin", "t")
if g then {slot} = g return "ok" end
if err:sub(-5) == "<eof>" or return_error:sub(-5) == "<eof>" then return "incomplete", err end
return "error", err
"""

# Values Python cannot receive (functions, userdata such as `db`, coroutines) are shown by
# their tostring() text, as the lua prompt does: `> db` prints `Database: 0x...`.
_CALL = (
    f"local f = {_SLOT}; {_SLOT} = nil; local r = table.pack(f()) "
    'for i = 1, r.n do local t = type(r[i]) if t == "function" or t == "userdata" or t == "thread" '
    "then r[i] = tostring(r[i]) end end return table.unpack(r, 1, r.n)"
)
_CALL_FRAME = '[string "local f = ' + _SLOT


def history_path() -> str | None:
    """``~/.quiver_history`` under ``$HOME``; ``None`` when there is no home directory."""
    path = os.path.expanduser(HISTORY_FILE)
    return None if path.startswith("~") else path


def _readline() -> ModuleType | None:
    try:
        import readline  # importing it is what makes input() edit lines and keep history
    except ImportError:  # e.g. Windows without pyreadline: plain input() still works
        return None
    return readline


def _error_text(error: QuiverError) -> str:
    """The message without the traceback frame of the prompt's own calling chunk; the
    user's input, which that chunk calls through a local, reads ``in main chunk`` as it
    does for a script (not ``stdin:1: in local 'f'``)."""
    lines = str(error).split("\n")
    out: list[str] = []
    for line in lines:
        if _CALL_FRAME in line:
            if out and out[-1].endswith(" in local 'f'") and out[-1].lstrip().startswith("stdin:"):
                out[-1] = out[-1][: -len("local 'f'")] + "main chunk"
            continue
        out.append(line)
    return "\n".join(out)


def _cut(text: str) -> str:
    """``text`` cut after :data:`MAX_LINES` lines / :data:`MAX_CHARACTERS` characters, with a
    count of what was left out."""
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        text = "\n".join(lines[:MAX_LINES]) + f"\n... ({len(lines) - MAX_LINES} more lines, {len(lines)} in total)"
    if len(text) > MAX_CHARACTERS:
        left = len(text) - MAX_CHARACTERS
        text = text[:MAX_CHARACTERS] + f"\n... ({left} more characters)"
    return text


def columns(names: list[str], width: int = _WIDTH) -> str:
    """``names`` in as many columns as fit in ``width`` characters, filled down each column."""
    if not names:
        return ""
    cell = max(len(name) for name in names) + 2
    count = max(1, width // cell)
    rows = -(-len(names) // count)
    lines = []
    for r in range(rows):
        row = [names[c * rows + r] for c in range(count) if c * rows + r < len(names)]
        lines.append("".join(f"{name:<{cell}}" for name in row).rstrip())
    return "\n".join(lines)


class Prompt:
    """One interactive session on ``runner``; :meth:`loop` returns the exit status."""

    def __init__(self, runner: LuaRunner, read: Callable[[str], str] = input) -> None:
        self.runner = runner
        self.read = read
        result = runner.run(_METHODS)
        self.methods: list[str] = [str(name) for name in result] if isinstance(result, list) else []

    def help_text(self) -> str:
        """What ``help`` prints: the methods of ``db`` and how the prompt works."""
        return (
            "The database is `db`; call its methods as db:name(...) (docs/lua.md lists them all):\n"
            + columns(self.methods)
            + "\nAn expression prints its value, statements run; Tab completes `db:` methods;\n"
            "Ctrl-C cancels the input, Ctrl-D exits."
        )

    def complete(self, text: str, state: int) -> str | None:
        """The ``readline`` completer: ``db:read_sc`` -> ``db:read_scalar_floats``, ...;
        ``state`` numbers the candidates, ``None`` ends them."""
        if text.startswith(("db:", "db.")):
            candidates = [text[:3] + name for name in self.methods if name.startswith(text[3:])]
        else:
            candidates = [word for word in ("db", "help") if word.startswith(text)]
        return candidates[state] if state < len(candidates) else None

    def _start_line_editing(self) -> ModuleType | None:
        """Completion and the history file, when :mod:`readline` exists."""
        readline = _readline()
        if readline is None:
            return None
        try:
            readline.set_completer(self.complete)
            # ':' and '.' are part of the word completed, so "db:rea" is completed as a whole
            readline.set_completer_delims(" \t\n()[]{},;=+-*/%^#<>~'\"")
            if "libedit" in (readline.__doc__ or ""):
                readline.parse_and_bind("bind ^I rl_complete")
            else:
                readline.parse_and_bind("tab: complete")
            readline.set_history_length(HISTORY_LENGTH)
            path = history_path()
            if path is not None and os.path.exists(path):
                readline.read_history_file(path)
        except (OSError, ValueError, RuntimeError):
            pass  # an unreadable history (or odd readline) must not stop the prompt
        return readline

    @staticmethod
    def _save_history(readline: ModuleType | None) -> None:
        path = history_path()
        if readline is None or path is None:
            return
        try:
            readline.write_history_file(path)
        except (OSError, ValueError, RuntimeError):
            pass  # e.g. a read-only home directory: the session itself went fine

    def compile(self, code: str) -> tuple[str, str | None]:
        """``("ok", None)``, ``("incomplete", message)`` or ``("error", message)``."""
        result: Any = self.runner.run(_COMPILE.format(code=lua_string(code), slot=_SLOT))
        if isinstance(result, tuple):
            return str(result[0]), str(result[1])
        return str(result), None

    def banner(self, database: str) -> str:
        version = self.runner.run("return _VERSION")
        return f"quiver {_package_version()} ({version}) on {database}; the database is `db`. Ctrl-D exits."

    def loop(self, database: str) -> int:
        readline = self._start_line_editing()
        print(self.banner(database), flush=True)
        try:
            while True:
                try:
                    if not self.one_input():
                        print(flush=True)
                        return 0
                except KeyboardInterrupt:
                    # Ctrl-C while typing or while the input runs: drop it, keep the session
                    print("\nInterrupted", file=sys.stderr, flush=True)
        finally:
            self._save_history(readline)

    def one_input(self) -> bool:
        """Read, run and print one input; ``False`` at end of file."""
        try:
            code = self.read(PROMPT)
        except EOFError:
            return False
        if code.strip() == "help":
            print(self.help_text(), flush=True)
            return True
        while True:
            status, message = self.compile(code)
            if status != "incomplete":
                break
            try:
                code += "\n" + self.read(CONTINUATION)
            except EOFError:
                print(f"Lua error: {message}", file=sys.stderr, flush=True)
                return False
        if status == "error":
            print(f"Lua error: {message}", file=sys.stderr, flush=True)
            return True
        sys.stdout.flush()
        try:
            result = self.runner.run(_CALL)
        except QuiverError as error:
            print(_error_text(error), file=sys.stderr, flush=True)
            return True
        text = render(result, max_items=MAX_ITEMS)
        if text is not None:
            print(_cut(text), flush=True)
        return True


def _package_version() -> str:
    from quiverdb._version import __version__

    return __version__

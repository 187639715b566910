"""The interactive Lua prompt of ``quiver`` (no script, standard input a terminal).

Works like the prompt of the standalone ``lua`` program:

- each input is first compiled as ``return <input>``; if that does not compile, as a
  statement; the values it returns are printed (:mod:`quiverdb.cli.render`);
- an input whose syntax error ends in ``<eof>`` is incomplete: more lines are read with the
  continuation prompt ``>>`` (unlike ``lua``, this also holds for an unfinished expression
  such as ``1 +``);
- an error prints its message and the session goes on; Ctrl-C cancels the line being typed
  or the running input; Ctrl-D (end of file) ends the session.

Only the public API is used: compiling happens inside Lua with ``load`` (chunk name
``stdin``, so messages read ``stdin:1: ...``), run through :class:`quiverdb.LuaRunner`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from quiverdb.cli.render import lua_string, render
from quiverdb.exceptions import QuiverError
from quiverdb.lua_runner import LuaRunner

PROMPT = "> "
CONTINUATION = ">> "

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


def _enable_history() -> None:
    """Line editing and in-session history, when the ``readline`` module exists."""
    try:
        import readline  # noqa: F401  (importing it is what makes input() use it)
    except ImportError:
        pass


def _error_text(error: QuiverError) -> str:
    """The message without the traceback frame of the prompt's own calling chunk."""
    lines = str(error).split("\n")
    return "\n".join(line for line in lines if _CALL_FRAME not in line)


class Prompt:
    """One interactive session on ``runner``; :meth:`loop` returns the exit status."""

    def __init__(self, runner: LuaRunner, read: Callable[[str], str] = input) -> None:
        self.runner = runner
        self.read = read

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
        _enable_history()
        print(self.banner(database), flush=True)
        while True:
            try:
                if not self.one_input():
                    print(flush=True)
                    return 0
            except KeyboardInterrupt:
                # Ctrl-C while typing or while the input runs: drop it, keep the session
                print("\nInterrupted", file=sys.stderr, flush=True)

    def one_input(self) -> bool:
        """Read, run and print one input; ``False`` at end of file."""
        try:
            code = self.read(PROMPT)
        except EOFError:
            return False
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
        text = render(result)
        if text is not None:
            print(text, flush=True)
        return True


def _package_version() -> str:
    from quiverdb._version import __version__

    return __version__

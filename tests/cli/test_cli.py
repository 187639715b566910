"""The ``quiver`` command line (docs/reference/cli.md, with the differences in docs/compatibility.md).

Every test runs the installed package as a separate process (``python -m quiverdb``), the
way a user runs ``quiver``, and checks its exit status, stdout and stderr.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import quiverdb
from support.paths import ROOT, SCHEMAS
from support.platform import WINDOWS, needs_pty

if not WINDOWS:
    import pty

BASIC = SCHEMAS / "valid" / "basic.sql"
COLLECTIONS = SCHEMAS / "valid" / "collections.sql"
MIGRATIONS = SCHEMAS / "migrations"


def quiver(
    *args: str | Path, cwd: Path, stdin: str | bytes | None = "", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
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
    assert lines[0].startswith(
        "Usage: quiver [--help] [--version] [--schema SCHEMA.sql] [--migrations DIR] [--read-only] [--log-level LEVEL]"
    )
    # real metavariables, not the VAR / [nargs=0..1] of upstream's argparse library
    for option in ("-h, --help", "-v, --version", "--schema SCHEMA.sql", "--migrations DIR", "--read-only"):
        assert any(line.lstrip().startswith(option) for line in lines), option
    for option in ("--log-level LEVEL", "-e CODE", "--busy-timeout SECONDS", "--set NAME=VALUE"):
        assert any(line.lstrip().startswith(option) for line in lines), option
    assert "VAR" not in done.stdout and "nargs" not in done.stdout
    assert any(line.startswith("  database ") and "path to the database file" in line for line in lines)
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
    only_error(quiver("db", "s.lua", "-e", "x = 2", cwd=tmp_path), 2, "Cannot use -e and a script file together")
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
    only_error(quiver("db", "s.lua", "--migrations", "nodir", cwd=tmp_path), 1, "Migrations path not found: nodir")
    only_error(
        quiver("missing/dir/db", "s.lua", cwd=tmp_path), 1, "Failed to open database: file not found: missing/dir/db"
    )
    only_error(
        quiver("absent.db", "s.lua", "--read-only", cwd=tmp_path),
        1,
        "Failed to open database: file not found: absent.db",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.lua"]


def test_schema_validation_error_after_the_library_log_line(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_text("x = 1\n")
    bad = SCHEMAS / "invalid" / "no_configuration.sql"
    done = quiver("db", "s.lua", "--schema", bad, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    # as upstream: the library's error log line, then the command's own final line
    log, final = done.stderr.splitlines()
    assert final == f"Schema validation error: Schema must have a 'Configuration' table ({bad})"
    assert re.fullmatch(
        r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[quiverdb\] \[error\] Failed to apply schema: " + re.escape(final),
        log,
    ), log
    # --log-level off silences the library, not the command's message
    only_error(quiver("db", "s.lua", "--schema", bad, "--log-level", "off", cwd=tmp_path), 1, final)


# ---- 7. reading the script -------------------------------------------------------------------


def test_unreadable_script_after_opening(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()  # exists (step 4 passes) but cannot be read as a file
    only_error(quiver("new.db", "scripts", "--schema", BASIC, cwd=tmp_path), 1, "Failed to read script file: scripts")
    assert (tmp_path / "new.db").exists()  # step 7 runs after the database was opened (step 6)


# ---- 8. running the script -------------------------------------------------------------------


def test_success_prints_only_what_the_script_prints(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_text(
        'local id = db:create_element("Collection", { label = "Item 1", some_integer = 42 })\n'
        'print("created " .. id)\n'
        "return 7\n"  # the return value of a script is not printed
    )
    done = quiver("study.db", "s.lua", "--schema", COLLECTIONS, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "created 1\n", "")
    with quiverdb.Database.open(str(tmp_path / "study.db")) as db:
        assert db.read_scalar_integers("Collection", "some_integer") == [42]


def test_runtime_error_with_traceback(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_text('-- my script\nlocal x = 1\n\nerror("boom")\n')
    done = quiver(":memory:", "s.lua", "--schema", BASIC, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    lines = done.stderr.splitlines()
    assert lines[0] == "Lua error: s.lua:4: boom"  # named by its file (docs/compatibility.md)
    assert lines[1] == "stack traceback:"
    assert all(line.startswith("\t") for line in lines[2:]) and len(lines) > 2


def test_syntax_error_has_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_text("invalid lua syntax !!!")
    only_error(
        quiver(":memory:", "s.lua", "--schema", BASIC, cwd=tmp_path),
        1,
        """Lua error: s.lua:1: syntax error near 'lua'""",
    )


def test_engine_error_and_earlier_work_is_kept(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_text(
        'db:create_element("Collection", { label = "kept" })\ndb:create_element("Nope", { label = "x" })\n'
    )
    done = quiver("study.db", "s.lua", "--schema", COLLECTIONS, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("Lua error: Cannot create_element: collection not found: Nope\nstack traceback:")
    with quiverdb.Database.open(str(tmp_path / "study.db")) as db:
        assert db.read_scalar_strings("Collection", "label") == ["kept"]


def test_bom_is_removed_and_crlf_accepted(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_bytes(b'\xef\xbb\xbfprint("one")\r\nprint("two")\r\n')
    done = quiver(":memory:", "s.lua", "--schema", BASIC, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "one\ntwo\n", "")


def test_script_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    (tmp_path / "latin1.lua").write_bytes(b'print("caf\xe9")\n')
    only_error(
        quiver(":memory:", "latin1.lua", cwd=tmp_path),
        1,
        "Failed to read script file: latin1.lua (not UTF-8 text: byte 0xe9 at offset 10)",
    )
    only_error(
        quiver(":memory:", cwd=tmp_path, stdin=b'print("caf\xe9")\n'),
        1,
        "Failed to read the script from standard input (not UTF-8 text: byte 0xe9 at offset 10)",
    )


def test_uncommitted_transaction_is_rolled_back_at_exit(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_text('db:begin_transaction()\ndb:create_element("Collection", { label = "lost" })\n')
    done = quiver("study.db", "s.lua", "--schema", COLLECTIONS, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    with quiverdb.Database.open(str(tmp_path / "study.db")) as db:
        assert db.read_scalar_strings("Collection", "label") == []


def test_plain_open_loads_the_schema_and_read_only_refuses_writes(tmp_path: Path) -> None:
    make_database(tmp_path / "study.db")
    done = quiver("study.db", "-e", 'print(db:read_scalar_strings("Configuration", "label")[1])', cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "keep me\n", "")
    done = quiver(
        "study.db", "--read-only", "-e", 'db:create_element("Configuration", { label = "new" })', cwd=tmp_path
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Lua error: Cannot create_element: database is read-only")


def test_migrations_then_script(tmp_path: Path) -> None:
    done = quiver("study.db", "--migrations", MIGRATIONS, "-e", "print(db:current_version())", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "3\n", "")


def test_options_in_any_order(tmp_path: Path) -> None:
    (tmp_path / "s.lua").write_text("print(db:path())\n")
    for args in (
        ["--schema", BASIC, "a.db", "s.lua"],
        ["a.db", "--schema", BASIC, "s.lua"],
        ["a.db", "s.lua", f"--schema={BASIC}", "--log-level"],
        ["--log-level", "error", "a.db", "s.lua", "--schema", BASIC],
    ):
        done = quiver(*args, cwd=tmp_path)
        assert (done.returncode, done.stdout, done.stderr) == (0, "a.db\n", ""), args


def test_log_level_debug_and_info_lines(tmp_path: Path) -> None:
    done = quiver("a.db", "--schema", BASIC, "--log-level", "info", "-e", "x = 1", cwd=tmp_path)
    assert done.returncode == 0
    assert f"[quiverdb] [info] Applying schema from: {BASIC}" in done.stderr
    assert all(re.match(r"\[[-\d :.]+\] \[quiverdb\] \[(info|debug)\] ", line) for line in done.stderr.splitlines())
    quiet = quiver("a.db", "--schema", BASIC, "-e", "x = 1", cwd=tmp_path)  # default warn
    assert (quiet.returncode, quiet.stderr) == (0, "")


# ---- -e and standard input -------------------------------------------------------------------


def test_code_option(tmp_path: Path) -> None:
    done = quiver(":memory:", "--schema", BASIC, "-e", "print(1 + 1) return 5", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "2\n", "")
    # the value of -e is the next argument even when it starts with "-"
    done = quiver(":memory:", "-e", "-- a comment\nprint(-1)", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "-1\n")
    done = quiver(":memory:", "-e", "error('bad', 0)", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.startswith("Lua error: bad\nstack traceback:")


def test_script_from_standard_input(tmp_path: Path) -> None:
    script = 'db:create_element("Collection", { label = "piped" })\nprint(#db:read_element_ids("Collection"))\n'
    done = quiver("study.db", "--schema", COLLECTIONS, cwd=tmp_path, stdin=script)
    assert (done.returncode, done.stdout, done.stderr) == (0, "1\n", "")
    done = quiver(":memory:", cwd=tmp_path, stdin=b"\xef\xbb\xbfprint('bom')\n")
    assert (done.returncode, done.stdout) == (0, "bom\n")
    done = quiver(":memory:", cwd=tmp_path, stdin="")  # an empty script is fine
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    done = quiver(":memory:", cwd=tmp_path, stdin="x = = 1")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith('Lua error: [string "x = = 1"]:1: unexpected symbol near')


# ---- the interactive prompt (standard input a terminal) --------------------------------------


class Terminal:
    """``python -m quiverdb ARGS`` on a pseudo-terminal that is its controlling terminal, so
    Ctrl-C (``\\x03``) and Ctrl-D (``\\x04``) typed into it act as they do for a user."""

    def __init__(self, *args: str | Path, cwd: Path) -> None:
        argv = [sys.executable, "-m", "quiverdb", *map(str, args)]
        # HOME is the test's directory: the prompt's ~/.quiver_history must not touch the real one
        env = {**os.environ, "TERM": "dumb", "PYTHONUNBUFFERED": "1", "HOME": str(cwd)}
        pid, fd = pty.fork()
        if pid == 0:  # the child: a new session whose controlling terminal is the pty
            try:
                os.chdir(cwd)
                os.execve(sys.executable, argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.output = ""  # everything read so far (the terminal echoes what is typed)
        self.seen = 0  # how much of it expect() has consumed

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not data:
            return False
        self.output += data.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, text: str, timeout: float = 30) -> str:
        """Wait until ``text`` appears after what was consumed; return what came before it."""
        deadline = time.monotonic() + timeout
        while text not in self.output[self.seen :]:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"{text!r} did not appear; terminal output:\n{self.output[self.seen :]}")
        at = self.output.index(text, self.seen)
        before, self.seen = self.output[self.seen : at], at + len(text)
        return before

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def line(self, text: str) -> None:
        self.type(text + "\n")

    def finish(self, timeout: float = 30) -> int:
        """Wait for the process to end; its exit status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            self._read(0.1)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        raise AssertionError(f"the prompt did not end; terminal output:\n{self.output}")


@pytest.fixture
def prompt(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal("study.db", "--schema", COLLECTIONS, cwd=tmp_path)
    try:
        terminal.expect("Ctrl-D exits.\n")
        yield terminal
    finally:
        try:
            os.kill(terminal.pid, 0)
        except ProcessLookupError:
            pass
        else:
            os.kill(terminal.pid, signal.SIGKILL)
            os.waitpid(terminal.pid, 0)
            os.close(terminal.fd)


def answer(terminal: Terminal, line: str) -> str:
    """Type ``line`` at the prompt; what was printed before the next prompt (echo removed)."""
    terminal.expect("> ")
    terminal.line(line)
    terminal.expect(line + "\n")
    return _until_prompt(terminal)


def _until_prompt(terminal: Terminal) -> str:
    text = terminal.expect("> ")
    terminal.seen -= 2  # leave the prompt for the next answer()
    return text


@needs_pty
def test_prompt_prints_expression_values(prompt: Terminal) -> None:
    assert answer(prompt, "1 + 1") == "2\n"
    assert answer(prompt, "10 / 4") == "2.5\n"
    assert answer(prompt, "2^10") == "1024.0\n"
    assert answer(prompt, "'text'") == "text\n"
    assert answer(prompt, "nil") == ""
    assert answer(prompt, "true, nil, 3") == "true\tnil\t3\n"
    assert answer(prompt, "{1, 2, {x = 'a b', [5] = false}}") == '{1, 2, {[5] = false, x = "a b"}}\n'
    assert answer(prompt, "db:path()") == "study.db\n"
    assert answer(prompt, 'db:create_element("Collection", {label = "Item 1", some_float = 0.5})') == "1\n"
    assert answer(prompt, 'db:read_scalars_by_id("Collection", 1)') == '{id = 1, label = "Item 1", some_float = 0.5}\n'
    # a statement runs as such and prints nothing; its globals stay for the next input
    assert answer(prompt, "x = 40") == ""
    assert answer(prompt, "x + 2") == "42\n"
    assert answer(prompt, "print('printed')") == "printed\n"
    # values Python cannot hold are shown by their tostring(); strings that are not UTF-8 escaped
    assert answer(prompt, "db") == "quiver.Database\n"
    assert answer(prompt, "type(print), print").startswith("function\tfunction: 0x")
    assert answer(prompt, "{'\\xff\\n'}") == '{"\\255\\n"}\n'


@needs_pty
def test_prompt_multi_line_input(prompt: Terminal) -> None:
    prompt.expect("> ")
    prompt.line("function twice(n)")
    prompt.expect(">> ")
    prompt.line("  return 2 * n")
    prompt.expect(">> ")
    prompt.line("end")
    assert answer(prompt, "twice(21)") == "42\n"
    prompt.expect("> ")
    prompt.line("{1,")  # an unfinished expression continues too
    prompt.expect(">> ")
    prompt.line("2}")
    prompt.expect("2}\n")
    assert _until_prompt(prompt) == "{1, 2}\n"


@needs_pty
def test_prompt_errors_do_not_end_the_session(prompt: Terminal) -> None:
    assert answer(prompt, "x = = 1") == "Lua error: stdin:1: unexpected symbol near '='\n"
    text = answer(prompt, "error('boom')")
    assert text.startswith("Lua error: stdin:1: boom\nstack traceback:\n")
    assert "__quiver" not in text
    # the input's frame reads like a script's, without the prompt's own calling local
    assert "in local 'f'" not in text and "stdin:1: in main chunk" in text
    text = answer(prompt, 'db:create_element("Nope", {label = "x"})')
    assert text.startswith("Lua error: Cannot create_element: collection not found: Nope\n")
    assert answer(prompt, "1 + 1") == "2\n"


@needs_pty
def test_prompt_ctrl_c_cancels_input_and_running_code(prompt: Terminal) -> None:
    prompt.expect("> ")
    prompt.type("this line is abandoned")
    prompt.expect("abandoned")  # read by the prompt (a Ctrl-C before that would discard it unseen)
    prompt.type("\x03")
    prompt.expect("Interrupted\n")
    assert answer(prompt, "1 + 2") == "3\n"
    prompt.expect("> ")
    prompt.line("while true do end")
    prompt.expect("while true do end\n")
    # on a loaded machine the run may not have started (its stop not armed) when the first
    # Ctrl-C arrives: send it again every few seconds until the run reports the interruption
    for _ in range(10):
        time.sleep(0.5)
        prompt.type("\x03")
        try:
            prompt.expect("Interrupted\n", timeout=3)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError(f"Ctrl-C never stopped the run; terminal output:\n{prompt.output[prompt.seen :]}")
    assert answer(prompt, "'still here'") == "still here\n"


@needs_pty
def test_prompt_ends_at_end_of_file_and_keeps_the_work(prompt: Terminal, tmp_path: Path) -> None:
    assert answer(prompt, 'db:create_element("Collection", {label = "from the prompt"})') == "1\n"
    prompt.expect("> ")
    prompt.type("\x04")
    assert prompt.finish() == 0
    with quiverdb.Database.open(str(tmp_path / "study.db")) as db:
        assert db.read_scalar_strings("Collection", "label") == ["from the prompt"]


@needs_pty
def test_guide_prompt_transcript_is_what_the_prompt_shows(tmp_path: Path) -> None:
    """docs/lua.md shows a session on the demo database: replaying it gives that output."""
    guide = (ROOT / "docs" / "lua.md").read_text(encoding="utf-8")
    block = re.search(r"^```\n\$ quiver (.*?)\n(.*?)^```$", guide, re.S | re.M)
    assert block, "the guide has no prompt transcript"
    args, transcript = block.group(1).split(), block.group(2)
    examples = ROOT / "examples"
    (tmp_path / "build" / "demo").mkdir(parents=True)
    made = quiver(args[0], examples / "demo.lua", "--schema", examples / "study.sql", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    terminal = Terminal(*args, cwd=tmp_path)
    for line in transcript.splitlines():
        for prompt in (">> ", "> "):
            if line.startswith(prompt):
                terminal.expect("> ")
                terminal.line(line[len(prompt) :])
                terminal.expect(line[len(prompt) :] + "\n")
                break
    terminal.expect("> ")
    terminal.type("\x04")
    assert terminal.finish() == 0
    assert terminal.output == transcript + "> \n"


@needs_pty
def test_ctrl_c_stops_a_script(tmp_path: Path) -> None:
    terminal = Terminal(
        "study.db",
        "--schema",
        COLLECTIONS,
        "-e",
        'db:create_element("Collection", {label = "before"}) print("running") while true do end',
        cwd=tmp_path,
    )
    terminal.expect("running\n")
    time.sleep(0.2)
    terminal.type("\x03")
    assert terminal.finish() == 130
    assert terminal.output.endswith("Interrupted\n")
    with quiverdb.Database.open(str(tmp_path / "study.db")) as db:  # closed properly, work kept
        assert db.read_scalar_strings("Collection", "label") == ["before"]

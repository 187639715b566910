"""The interactive prompt's conveniences (issue 18): ``help``, Tab completion of ``db:``
methods from the engine's own method table, history in ``~/.quiver_history`` under $HOME,
and long results cut with a count."""

from __future__ import annotations

from pathlib import Path

from test_cli import COLLECTIONS, Terminal, _until_prompt, answer

from quiverdb import Database, LuaRunner
from quiverdb.cli.render import render
from quiverdb.cli.repl import MAX_ITEMS, Prompt
from support.paths import SCHEMAS


def test_completion_and_help_list_the_engines_methods(tmp_path: Path) -> None:
    with Database.from_schema(str(tmp_path / "c.db"), str(SCHEMAS / "valid" / "collections.sql")) as db:
        with LuaRunner(db) as runner:
            prompt = Prompt(runner)
            every = runner.run("local n = {} for k in pairs(Database) do n[#n + 1] = k end table.sort(n) return n")
            assert prompt.methods == every and "read_scalar_strings" in every
            found = []
            while (word := prompt.complete("db:read_scalar_s", len(found))) is not None:
                found.append(word)
            assert "db:read_scalar_strings" in found and all(w.startswith("db:read_scalar_s") for w in found)
            assert prompt.complete("db:nothing_like_this", 0) is None
            text = prompt.help_text()
            assert all(name in text for name in every)


def test_long_tables_are_cut_with_a_count() -> None:
    text = render(list(range(1000)), max_items=MAX_ITEMS)
    assert text is not None
    assert f"... ({1000 - MAX_ITEMS} more, 1000 in total)" in text
    assert text.startswith("{\n  0,\n  1,") and f"  {MAX_ITEMS - 1},\n  ..." in text
    assert render([1, 2, 3], max_items=MAX_ITEMS) == "{1, 2, 3}"


def test_help_and_history_between_sessions(tmp_path: Path) -> None:
    terminal = Terminal("study.db", "--schema", COLLECTIONS, cwd=tmp_path)
    terminal.expect("Ctrl-D exits.\n")
    shown = answer(terminal, "help")
    assert "read_scalar_strings" in shown and "db:name(...)" in shown
    assert answer(terminal, "x_from_first_session = 41") == ""
    terminal.expect("> ")
    terminal.type("\x04")
    assert terminal.finish() == 0
    history = (tmp_path / ".quiver_history").read_text()
    assert "x_from_first_session = 41" in history
    # a second session (without --schema: the file stays) recalls the line with the up arrow
    terminal = Terminal("study.db", cwd=tmp_path)
    terminal.expect("Ctrl-D exits.\n")
    terminal.expect("> ")
    terminal.type("\x1b[A")
    terminal.expect("x_from_first_session = 41")
    terminal.type("\n")
    terminal.expect("\n")
    _until_prompt(terminal)
    terminal.expect("> ")
    terminal.type("\x04")
    assert terminal.finish() == 0


def test_unwritable_history_is_silent(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".quiver_history").mkdir()  # a directory: neither readable nor writable as a file
    terminal = Terminal(":memory:", cwd=home)
    terminal.expect("Ctrl-D exits.\n")
    assert answer(terminal, "1 + 1") == "2\n"
    terminal.expect("> ")
    terminal.type("\x04")
    assert terminal.finish() == 0
    assert "Error" not in terminal.output and "Traceback" not in terminal.output

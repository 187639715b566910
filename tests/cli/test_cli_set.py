"""``quiver DB script.lua --set NAME=VALUE`` (issue 17): script parameters from the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from quiverdb.cli.parser import script_value
from support.paths import VALID

COLLECTIONS = VALID / "collections.sql"


def quiver(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quiverdb", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_values_are_numbers_strings_and_booleans() -> None:
    assert script_value("1000") == 1000 and isinstance(script_value("1000"), int)
    assert script_value("-2") == -2
    assert script_value("2.5") == 2.5
    assert script_value("1e3") == 1000.0
    assert script_value("true") is True and script_value("false") is False
    assert script_value("hello world") == "hello world"
    assert script_value("") == ""
    assert script_value("nan") == "nan"
    assert script_value(str(2**63)) == float(2**63)


def test_set_reaches_the_script(tmp_path: Path) -> None:
    script = tmp_path / "s.lua"
    script.write_text(
        "print(threshold + 1, math.type(threshold), name, flag, ratio)\n"
        'db:create_element("Collection", {label = name, some_integer = threshold})\n'
    )
    done = quiver(
        "t.db",
        script,
        "--schema",
        COLLECTIONS,
        "--set",
        "threshold=1000",
        "--set=name=Item A",
        "--set",
        "flag=true",
        "--set",
        "ratio=-0.5",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\t") == ["1001", "integer", "Item A", "true", "-0.5\n"]
    done = quiver("t.db", "-e", "print(db:read_scalar_integers('Collection', 'some_integer')[1])", cwd=tmp_path)
    assert done.stdout == "1000\n"


def test_set_errors(tmp_path: Path) -> None:
    for bad in ("1x=2", "novalue", "db=1"):
        done = quiver("t.db", "-e", "return 1", "--set", bad, cwd=tmp_path)
        assert done.returncode == 2, (bad, done.stdout, done.stderr)
        assert "--set" in done.stderr
    done = quiver("t.db", "-e", "return 1", "--set", cwd=tmp_path)
    assert done.returncode == 2 and "Too few arguments for '--set'." in done.stderr

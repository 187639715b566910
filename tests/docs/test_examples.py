"""examples/: the Quick start demo (README.md) does what the README says.

examples/ and README.md sit next to tests/ (in the checkout, in the sdist, and in the copies
the wheel checks run from: tools/wheel-check.sh, [tool.cibuildwheel] test-sources).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from quiverdb import Database, LuaRunner
from support.paths import ROOT

EXAMPLES = ROOT / "examples"
STUDY = EXAMPLES / "study.sql"
DEMO = EXAMPLES / "demo.lua"

DEMO_OUTPUT = """\
Study "Demo study": 2 fuels, 2 plants
Plant A: 350.0 MW, fuel Coal (42.50 per MWh), 3 yearly costs (total 31.50), tags baseload
Plant B: 120.0 MW, fuel Gas (61.00 per MWh), 2 yearly costs (total 39.00), tags flexible, peaker
Plant A generation: 3 hourly values, 905.75 MWh from 2024-01-01T00:00:00 to 2024-01-01T02:00:00
"""


def test_readme_shows_the_demo_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash tools/demo.sh" in readme and "bash tools/test.sh" in readme
    assert "quiver build/demo/study.db examples/demo.lua --schema examples/study.sql" in readme
    assert "```\n" + DEMO_OUTPUT + "```" in readme


def test_study_schema_loads() -> None:
    with Database.from_schema(":memory:", str(STUDY)) as db:
        assert db.list_scalar_attributes("Plant")
        assert [g.group_name for g in db.list_vector_groups("Plant")] == ["costs"]
        assert [g.group_name for g in db.list_set_groups("Plant")] == ["tags"]
        assert [g.group_name for g in db.list_time_series_groups("Plant")] == ["generation"]
        assert db.has_time_series_files("Plant")


def test_demo_through_the_command_line(tmp_path: Path) -> None:
    """What tools/demo.sh runs, with the same arguments."""
    done = subprocess.run(
        [sys.executable, "-m", "quiverdb", "study.db", str(DEMO), "--schema", str(STUDY)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == DEMO_OUTPUT
    # and the database holds what the script printed
    with Database.open(str(tmp_path / "study.db")) as db:
        assert db.read_scalar_strings("Plant", "label") == ["Plant A", "Plant B"]
        assert db.read_vector_floats("Plant", "cost") == [[10.0, 10.5, 11.0], [20.0, 19.0]]
        assert db.read_set_strings("Plant", "tag") == [["baseload"], ["flexible", "peaker"]]
        assert [r["mwh"] for r in db.read_time_series_group("Plant", "generation", 1)] == [300.0, 310.5, 295.25]
        fuel = db.read_scalar_integers("Plant", "fuel_id")
        assert [db.read_scalar_string_by_id("Fuel", "label", i) for i in fuel] == ["Coal", "Gas"]


def test_demo_through_lua_runner(tmp_path: Path, capfd) -> None:
    with Database.from_schema(str(tmp_path / "study.db"), str(STUDY)) as db, LuaRunner(db) as runner:
        runner.run(DEMO.read_text(encoding="utf-8"))
        assert db.number_of_elements("Plant") == 2
    assert capfd.readouterr().out == DEMO_OUTPUT

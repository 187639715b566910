"""benchmarks/run.py runs end to end and reports every workload (no timing assertions:
speed targets are checked by running the script, see docs/benchmarks.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support.paths import ROOT

RUN = ROOT / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(RUN), "--n", "200", "--repeat", "1", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, json.loads(out.read_text())


def test_every_workload_has_a_measured_row(report):
    stdout, doc = report
    sys.path.insert(0, str(RUN.parent))
    try:
        import run  # the script's own workload list
    finally:
        sys.path.pop(0)
    names = [w.name for w in run.WORKLOADS]
    assert len(names) == 18
    rows = {r["workload"]: r for r in doc["results"]}
    assert sorted(rows) == sorted(names)
    for name in names:
        assert name in stdout
        row = rows[name]
        assert row["n"] == 200
        assert not row.get("pending"), f"{name} was not measured"
        assert row["lib_seconds"] > 0 and row["raw_seconds"] > 0
        assert row["ratio"] == pytest.approx(row["lib_seconds"] / row["raw_seconds"])
        assert row["met"] == (row["ratio"] <= row["target"])
        assert row["lib_peak_growth_bytes"] is not None and row["raw_peak_growth_bytes"] is not None


def test_memory_bounds_are_reported_for_bulk_reads_time_series_writes_and_export(report):
    _, doc = report
    bounded = {r["workload"]: r for r in doc["results"] if "memory_bound" in r}
    assert bounded["read_scalar_floats"]["memory_bound"] == "result"
    assert bounded["update_time_series_group"]["memory_bound"] == "input"
    assert bounded["export_csv"]["memory_bound"] == "file"
    for row in bounded.values():
        assert row["bound_bytes"] > 0
        assert row["memory_ratio"] == pytest.approx(row["lib_peak_growth_bytes"] / row["bound_bytes"])


def test_json_describes_the_run(report):
    _, doc = report
    assert doc["repeat"] == 1 and doc["clock"] == "wall"
    assert doc["lua_available"] is True
    assert doc["sqlite"] and doc["python"] and doc["quiverdb"]
    assert doc["scaling"] == []

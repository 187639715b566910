"""benchmarks/frames.py runs end to end at a tiny size and reports every workload (no timing
assertions: the targets are checked by running the script, see docs/benchmarks.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support.paths import ROOT

pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

RUN = ROOT / "benchmarks" / "frames.py"


def test_frames_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "frames.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--n",
            "300",
            "--ts-elements",
            "3",
            "--ts-hours",
            "48",
            "--repeat",
            "1",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text())
    rows = {r["workload"]: r for r in doc["results"]}
    assert sorted(rows) == sorted(
        [
            "read_frame (4 columns)",
            "read_time_series_frame",
            "read_columns (1 float)",
            "read_arrow (4 columns)",
            "sqlite scan floor (1 float)",
        ]
    )
    for name, row in rows.items():
        assert name in proc.stdout
        assert row["lib_seconds"] > 0 and row["raw_seconds"] > 0
        assert row["ratio"] == pytest.approx(row["lib_seconds"] / row["raw_seconds"])
        if not name.startswith("sqlite scan floor"):
            assert row["result_bytes"] > 0 and "memory_ratio" in row, row
    assert rows["read_time_series_frame"]["rows"] == 3 * 48
    assert rows["read_frame (4 columns)"]["target"] == 0.3
    assert rows["read_columns (1 float)"]["target"] == 0.1

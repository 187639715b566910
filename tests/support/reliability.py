"""Helpers for the reliability tests (docs/reliability.md): child processes and their reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from support.paths import TESTS

RELIABILITY = TESTS / "reliability"


def child_env() -> dict[str, str]:
    """The environment for a child Python: this interpreter's, with tests/ (the ``support``
    package) and tests/reliability/ (``fuzz_child``, ``fuzz_lua``) importable."""
    env = dict(os.environ)
    paths = [str(TESTS), str(RELIABILITY), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(paths).rstrip(os.pathsep)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def start_fuzz(target: str, count: int, seed: int, workdir: Path) -> subprocess.Popen[bytes]:
    workdir.mkdir(parents=True, exist_ok=True)
    out = open(workdir / "child.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, str(RELIABILITY / "fuzz_child.py"), target, str(count), str(seed), str(workdir)],
        cwd=workdir,
        env=child_env(),
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    proc.log = out  # type: ignore[attr-defined]
    return proc


def finish_fuzz(proc: subprocess.Popen[bytes], workdir: Path, timeout: float) -> dict[str, Any]:
    """Wait for a fuzz child; fail with the input that crashed, hung or misbehaved."""
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"fuzz child hung (> {timeout} s) on input:\n{_tail(workdir / 'input.txt')}") from None
    finally:
        proc.log.close()  # type: ignore[attr-defined]
    result_file = workdir / "result.json"
    if not result_file.exists():
        raise AssertionError(
            f"fuzz child died (exit {rc}) on input:\n{_tail(workdir / 'input.txt')}\n"
            f"output:\n{_tail(workdir / 'child.log')}"
        )
    result = json.loads(result_file.read_text())
    if rc != 0 or "violation" in result or result.get("kept_violations"):
        raise AssertionError(
            f"fuzz child exit {rc}: {result.get('violation') or result.get('kept_violations')}\n"
            f"input: {result.get('input', '')[:3000]}\n{result.get('traceback', '')}\n"
            f"output:\n{_tail(workdir / 'child.log')}"
        )
    return result


def _tail(path: Path, n: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-n:]
    except OSError:
        return "(none)"

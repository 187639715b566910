"""Fuzzing (docs/reliability.md): random and mutated inputs to every entry point, each run in a
child process (tests/reliability/fuzz_child.py) so that a crash or a hang fails the test with the input that
caused it instead of taking the test run down.

Default run: a few hundred inputs per target with fixed seeds, the children started together.
``pytest --long``: 10,000 inputs per target (100,000 Lua scripts) with a fresh seed, printed.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.reliability import finish_fuzz, start_fuzz

SHORT = {"python": 200, "capi": 400, "schema": 60, "csv": 100, "lua": 400}
LONG = {"python": 10_000, "capi": 10_000, "schema": 10_000, "csv": 10_000, "lua": 100_000}
SHORT_SEEDS = {"python": 11, "capi": 12, "schema": 13, "csv": 14, "lua": 15}


@pytest.fixture(scope="module")
def fuzz_children(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Start every target at once (the machine has two cores); each test waits for its own."""
    long = bool(request.config.getoption("--long"))
    counts = LONG if long else SHORT
    seed_base = int(os.environ.get("QUIVER_FUZZ_SEED", random.randrange(1 << 30))) if long else None
    children = {}
    for target, count in counts.items():
        seed = SHORT_SEEDS[target] if seed_base is None else seed_base + SHORT_SEEDS[target]
        workdir = tmp_path_factory.mktemp(f"fuzz_{target}")
        children[target] = (start_fuzz(target, count, seed, workdir), workdir, count, seed)
    yield {"children": children, "timeout": 3600 if long else 300}
    for proc, *_ in children.values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _check(fuzz_children: dict[str, Any], target: str) -> dict[str, Any]:
    proc, workdir, count, seed = fuzz_children["children"][target]
    result = finish_fuzz(proc, workdir, fuzz_children["timeout"])
    print(
        f"\nfuzz {target}: {result['inputs']} inputs, seed {seed}, {result['seconds']} s, outcomes {result['outcomes']}"
    )
    assert result["inputs"] >= count
    return result


def test_python_methods_with_random_arguments(fuzz_children: dict[str, Any]) -> None:
    """Every public Database method, random argument types and values: success, QuiverError or a
    documented TypeError/ValueError/OverflowError; a failed write leaves the dump unchanged."""
    result = _check(fuzz_children, "python")
    # the inputs reach the engine, not only the Python argument checks
    assert result["outcomes"].get("QuiverError", 0) > 0 and result["outcomes"].get("ok", 0) > 0


def test_c_api_with_null_empty_huge_and_random_arguments(fuzz_children: dict[str, Any]) -> None:
    """Every C function, NULL / empty / 1 MiB / random strings, boundary integers, NULL out
    pointers and arrays: a return code and a message, never a crash."""
    result = _check(fuzz_children, "capi")
    assert result["outcomes"].get("error", 0) > 0 and result["outcomes"].get("ok", 0) > 0


def test_schema_sql_given_to_from_schema(fuzz_children: dict[str, Any]) -> None:
    """Mutated project schemas, token soup and random bytes: QuiverError or a usable database."""
    result = _check(fuzz_children, "schema")
    assert result["outcomes"].get("QuiverError", 0) > 0


def test_csv_files_given_to_import_csv(fuzz_children: dict[str, Any]) -> None:
    """Mutated exports and random CSV text into every group, also inside a caller's transaction:
    a failed import leaves the dump unchanged, a successful one leaves integrity_check ok."""
    result = _check(fuzz_children, "csv")
    assert result["outcomes"].get("QuiverError", 0) > 0 and result["outcomes"].get("ok", 0) > 0


def test_lua_scripts_given_to_lua_runner(fuzz_children: dict[str, Any]) -> None:
    """Random scripts calling every db: method with random arguments (also db.method without
    self, clobbered globals, errors and limits) and mutated valid scripts: a result or
    QuiverError; a db:transaction that raises leaves the dump unchanged."""
    result = _check(fuzz_children, "lua")
    assert result["outcomes"].get("QuiverError", 0) > 0 and result["outcomes"].get("ok", 0) > 0


def test_a_child_crash_is_reported_with_its_input(tmp_path: Path) -> None:
    """The harness itself: a child that dies is a failure naming the input it was running."""
    import subprocess
    import sys

    from support.reliability import child_env

    workdir = tmp_path / "crash"
    workdir.mkdir()
    code = (
        "import os, sys, pathlib; sys.argv[1:] = ['python', '1', '0', sys.argv[1]];"
        "import fuzz_child as f; r = f.Run(pathlib.Path(sys.argv[4])); r.note('the input that kills');"
        "os.kill(os.getpid(), 9)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(workdir)], cwd=workdir, env=child_env())
    proc.log = open(os.devnull, "wb")  # type: ignore[attr-defined]
    with pytest.raises(AssertionError, match="(?s)died .*the input that kills"):
        finish_fuzz(proc, workdir, 60)

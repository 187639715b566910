"""Reusable C out-parameters and parameter arrays for the small per-call paths.

A by-id read or a ``query_*`` call is a few microseconds of C work; allocating its
out-parameters with ``ffi.new`` on every call cost about as much (benchmarks/run.py).
``take()`` hands out a ``Cells`` from a pool and ``give()`` returns it: ``list.pop`` and
``list.append`` are atomic, so threads sharing a database, and re-entrant calls, each get
their own.
"""

from __future__ import annotations

from quiverdb._c_api import ffi

MAX_PARAMS = 8  # query parameters bound through the pooled arrays (more: allocated per call)


class Cells:
    __slots__ = ("i64", "f64", "has", "text", "types", "values", "ints", "floats", "int_ptrs", "float_ptrs")

    def __init__(self, params: int = MAX_PARAMS) -> None:
        self.i64 = ffi.new("int64_t *")
        self.f64 = ffi.new("double *")
        self.has = ffi.new("int *")
        self.text = ffi.new("char **")
        self.types = ffi.new("int[]", params)
        self.values = ffi.new("void *[]", params)
        self.ints = ffi.new("int64_t[]", params)
        self.floats = ffi.new("double[]", params)
        self.int_ptrs = [self.ints + i for i in range(params)]
        self.float_ptrs = [self.floats + i for i in range(params)]


_POOL: list[Cells] = []


def take() -> Cells:
    try:
        return _POOL.pop()
    except IndexError:
        return Cells()


def give(cells: Cells) -> None:
    if len(_POOL) < 16:
        _POOL.append(cells)

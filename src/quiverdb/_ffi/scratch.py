"""Reusable C out-parameters, parameter arrays and native elements for the small per-call paths.

A by-id read or a ``query_*`` call is a few microseconds of C work; allocating its
out-parameters with ``ffi.new`` on every call cost about as much (benchmarks/run.py).
``take()`` hands out a ``Cells`` from a pool and ``give()`` returns it: ``list.pop`` and
``list.append`` are atomic, so threads sharing a database, and re-entrant calls, each get
their own. ``take_element()`` / ``give_element()`` do the same for the native element (and
its id out-parameter) behind ``create_element`` / ``update_element``: creating and destroying
one per call cost more than the INSERT itself in a create loop.
"""

from __future__ import annotations

from typing import Any

from quiverdb._ffi.c_api import ffi, lib, raise_last_error

MAX_PARAMS = 8  # query parameters bound through the pooled arrays (more: allocated per call)


class Cells:
    __slots__ = ("f64", "float_ptrs", "floats", "has", "i64", "int_ptrs", "ints", "text", "types", "values")

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


_ELEMENTS: list[tuple[Any, Any]] = []


def take_element() -> tuple[Any, Any]:
    """A pooled ``(quiver_element_t *, int64_t *)``, cleared (the caller gives it back)."""
    try:
        scratch = _ELEMENTS.pop()
    except IndexError:
        out = ffi.new("quiver_element_t **")
        if lib.quiver_element_create(out):
            raise_last_error()
        scratch = ffi.gc(out[0], lib.quiver_element_destroy), ffi.new("int64_t *")
    if lib.quiver_element_clear(scratch[0]):
        give_element(scratch)
        raise_last_error()
    return scratch


def give_element(scratch: tuple[Any, Any]) -> None:
    if len(_ELEMENTS) < 16:
        _ELEMENTS.append(scratch)

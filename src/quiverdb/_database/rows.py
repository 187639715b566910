"""The row builder of ``read_time_series_group``: column lists -> a list of row dicts.

The one place in the package that generates code. For ``n`` columns it compiles, once, a
function whose body is a list comprehension with a dict display::

    def build(keys, columns):
        (k0, k1, k2,) = keys
        (c0, c1, c2,) = columns
        return [{k0: v0, k1: v1, k2: v2} for (v0, v1, v2,) in zip(c0, c1, c2)]

The generated source contains only generated names (``k0``, ``c0``, ``v0``, ...); keys and
values are passed in as data, never written into the source. It is cached per column count.

Why generated code: a dict display per row is much faster than ``dict(zip(keys, row))``, and
this conversion is most of the Python time of a time series read. Measured with
``python benchmarks/run.py --only read_time_series_group --n 100000 --repeat 7 --no-memory``
(2 runs each, on 2 shared cores), the builder swapped for ``[dict(zip(keys, row)) for row in
zip(*columns)]``:

- generated builder: 443k-548k rows/s, ratio 0.87-1.30 against raw ``sqlite3`` (target <= 1.5);
- ``dict(zip(...))``: 294k-299k rows/s, ratio 1.23-1.63 (misses the target).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Builder = Callable[[list[str], list[list[Any]]], list[dict[str, Any]]]

_BUILDERS: dict[int, Builder] = {}


def rows_builder(ncols: int) -> Builder:
    """The function ``(keys, columns) -> [{key: cell, ...}, ...]`` for ``ncols`` columns (>= 1)."""
    builder = _BUILDERS.get(ncols)
    if builder is None:
        ks = ", ".join(f"k{i}" for i in range(ncols))
        cs = ", ".join(f"c{i}" for i in range(ncols))
        vs = ", ".join(f"v{i}" for i in range(ncols))
        items = ", ".join(f"k{i}: v{i}" for i in range(ncols))
        source = (
            f"def build(keys, columns):\n"
            f"    ({ks},) = keys\n"
            f"    ({cs},) = columns\n"
            f"    return [{{{items}}} for ({vs},) in zip({cs})]\n"
        )
        namespace: dict[str, Any] = {}
        exec(compile(source, "<quiverdb rows builder>", "exec"), namespace)  # generated names only
        builder = _BUILDERS[ncols] = namespace["build"]
    return builder

"""The bodies of ``Database``'s methods, one module per concern as in the engine
(``src/quiver/database/``): ``writes``, ``reads``, ``metadata``, ``time_series``, ``queries``
(queries and transactions), and ``rows`` (the list-of-dicts builder of the time series reads).

The public methods, with their signatures and docstrings, are those of ``quiverdb.Database``
and its mixin bases (``quiverdb/database_*.py``: writes, reads, metadata, time series, queries,
bulk, frames, CSV); they call these functions with the native handle. Nothing here is public.
"""

"""The bodies of ``Database``'s methods, one module per concern as in the engine
(``src/quiver/database/``): ``writes``, ``reads``, ``metadata``, ``time_series``, ``queries``
(queries and transactions), and ``rows`` (the list-of-dicts builder of the time series reads).

``quiverdb.database.Database`` keeps every public method, signature and docstring and calls
these functions with its native handle; nothing here is public.
"""

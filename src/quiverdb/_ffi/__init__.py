"""Private helpers between the Python layer and the compiled C API (``quiverdb._quiver_cffi``).

One module per concern, one copy of each helper:

- ``c_api``: the gateway (``ffi``, ``lib``, ``check``, ``decode``, ``raise_last_error``);
  every other module calls C only through it;
- ``strings``: ``c_str`` / ``c_name``, text handed to C (the NUL check);
- ``read_results``: C read results copied into Python objects, C memory freed once;
- ``scratch``: pooled out-parameters, parameter arrays and native elements;
- ``options``: database and CSV options marshalled into their C structs;
- ``metadata_c``: the C metadata structs as :mod:`quiverdb.metadata` dataclasses;
- ``log``: the log trampoline that forwards C messages to the ``quiverdb`` logger.
"""

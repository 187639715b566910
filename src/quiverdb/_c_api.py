"""Upstream's module name for the C library (docs/reference/database-api.md 1.2).

An upstream test does ``from quiverdb._c_api import get_lib``; the gateway itself is
``quiverdb._ffi.c_api``, re-exported here unchanged.
"""

from quiverdb._ffi.c_api import check, decode, ffi, get_lib, last_error, lib, raise_last_error

__all__ = ["ffi", "lib", "get_lib", "check", "decode", "last_error", "raise_last_error"]

"""Upstream's module for the private ``CSVOptions`` marshalling (docs/reference/database-api.md 1.2).

The marshalling lives in ``quiverdb._ffi.options``; it is re-exported here unchanged.
There is no database-options class (none at upstream 0.5.0).
"""

from quiverdb._ffi.options import _marshal_csv_options
from quiverdb._ffi.options import csv_call as _csv_call

__all__ = ["_csv_call", "_marshal_csv_options"]

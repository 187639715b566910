"""quiverdb: schema-first database library for decision-support models."""

from quiverdb._ffi.c_api import decode as _decode
from quiverdb._ffi.c_api import lib as _lib
from quiverdb._version import __version__ as __version__
from quiverdb.database import Database
from quiverdb.database_csv_export import DatabaseCSVExport
from quiverdb.database_csv_import import DatabaseCSVImport
from quiverdb.exceptions import QuiverError
from quiverdb.lua_runner import LuaRunner
from quiverdb.metadata import CSVOptions, DataType, GroupMetadata, LogLevel, ScalarMetadata


def version() -> str:
    """The version of the loaded C library (equal to ``quiverdb.__version__``).

    Returns:
        The version string, e.g. ``"0.5.0"``.

    Examples:
        >>> quiverdb.version() == quiverdb.__version__
        True
    """
    return _decode(_lib.quiver_version())


__all__ = [
    "CSVOptions",
    "DataType",
    "Database",
    "DatabaseCSVExport",
    "DatabaseCSVImport",
    "GroupMetadata",
    "LuaRunner",
    "QuiverError",
    "ScalarMetadata",
    "version",
    # later upstream (issue 17): appended, 0.5.0's names and order unchanged
    "LogLevel",
]

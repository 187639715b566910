"""Route the library's log messages into Python's :mod:`logging`.

The C library calls ``_quiver_log_trampoline`` (installed by this module at import) for every message a database lets
through its own level (``log_level`` when opening; INFO by default, so per-element
DEBUG messages are never even formatted). The trampoline forwards each one to the
``quiverdb`` logger. Like any library, the package adds only a ``NullHandler``:
nothing is printed unless the application configures logging.
"""

from __future__ import annotations

import logging
from typing import Any

from quiverdb._ffi.c_api import decode, ffi, lib

__all__ = ["logger", "install"]

logger = logging.getLogger("quiverdb")
logger.addHandler(logging.NullHandler())

# quiver_log_level_t (0 DEBUG, 1 INFO, 2 WARN, 3 ERROR) -> logging levels
_LEVELS = {0: logging.DEBUG, 1: logging.INFO, 2: logging.WARNING, 3: logging.ERROR}


@ffi.def_extern()  # type: ignore[untyped-decorator]
def _quiver_log_trampoline(level: int, message: Any, user_data: Any) -> None:
    try:
        py_level = _LEVELS.get(level, logging.INFO)
        if logger.isEnabledFor(py_level):
            logger.log(py_level, "%s", decode(message))
    except Exception:
        pass


def install() -> None:
    """Install the trampoline as the process-wide C log callback (idempotent)."""
    lib.quiver_set_log_callback(lib._quiver_log_trampoline, ffi.NULL)


install()

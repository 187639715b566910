"""The one private gateway to the compiled C API.

``ffi`` and ``lib`` come from the API-mode extension ``quiverdb._quiver_cffi``
(compiled against ``include/quiver/c/*.h`` and linked to ``libquiver_c``).
Everything else in the package calls C only through this module.
"""

from __future__ import annotations

import warnings
from typing import Any, NoReturn

from quiverdb._quiver_cffi import ffi, lib
from quiverdb.exceptions import QuiverError

__all__ = ["ffi", "lib", "get_lib", "check", "decode", "last_error", "raise_last_error", "release", "warn_unclosed"]


def get_lib() -> Any:
    """Return the compiled C library object (as upstream's ``_c_api.get_lib()``)."""
    return lib


def decode(ptr: Any) -> str:
    """Copy a NUL-terminated C string into ``str`` (invalid UTF-8 is replaced, never raised)."""
    if ptr == ffi.NULL:
        return ""
    text: str = ffi.string(ptr).decode("utf-8", errors="replace")
    return text


def last_error() -> str:
    return decode(lib.quiver_get_last_error())


def raise_last_error() -> NoReturn:
    raise QuiverError(last_error() or "Unknown error")


def check(rc: int) -> None:
    """Raise ``QuiverError`` with the C layer's last error when ``rc`` is not QUIVER_OK."""
    if rc != lib.QUIVER_OK:
        raise_last_error()


def release(owner: Any) -> Any:
    """Mark ``owner`` (a ``Database`` or ``LuaRunner``) closed and hand back its native pointer,
    leaving NULL behind; ``None`` when it is already closed or was never opened. The caller
    frees the pointer: each handle is freed exactly once."""
    if getattr(owner, "_closed", True):
        return None
    owner._closed = True
    ptr, owner._ptr = owner._ptr, ffi.NULL
    return ptr


def warn_unclosed(owner: Any, what: str) -> None:
    """``__del__`` of a handle owner: a ``ResourceWarning`` and ``close()`` if still open."""
    if not getattr(owner, "_closed", True):
        warnings.warn(f"{what} was not closed explicitly", ResourceWarning, stacklevel=3)
        owner.close()


def _check_version() -> None:
    from quiverdb._version import __version__

    native = decode(lib.quiver_version())
    if native != __version__:
        raise ImportError(
            f"quiverdb {__version__} loaded libquiver_c {native}: the compiled library does not match "
            "the Python package; reinstall quiverdb"
        )


_check_version()

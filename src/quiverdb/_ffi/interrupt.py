"""Ctrl-C during a long C call (docs/reliability.md, "Ctrl-C").

CPython runs a Python signal handler only between bytecodes, so a SIGINT that arrives while the
main thread waits in a C call (a long query, a CSV import) would be acted on only when the call
ends. While such a call runs on the main thread, the interpreter's wakeup fd
(``signal.set_wakeup_fd``) points at a pipe watched by one daemon thread: the C-level handler
writes the signal number there, the watcher calls ``quiver_database_interrupt`` on the running
call's handle (SQLite's ``sqlite3_interrupt``), the call fails, and the pending Python handler
then raises ``KeyboardInterrupt`` in the caller. Costs two cheap calls per C call, no thread
switch; nothing is armed off the main thread, when SIGINT is not Python's default handler, or
when someone else (an asyncio loop) owns the wakeup fd.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from quiverdb._ffi.c_api import lib

_MAIN = threading.main_thread()
_running: Any = None  # the handle of the main thread's current call
_write_fd = -1
_start_lock = threading.Lock()


def _watch(read_fd: int) -> None:
    while True:
        try:
            data = os.read(read_fd, 64)
        except InterruptedError:
            continue
        except OSError:
            return
        if not data:
            return
        if signal.SIGINT in data:
            _interrupt_running()


def _interrupt_running() -> None:
    # Its own frame, so the handle is not left in a local of the watcher, which blocks in
    # os.read for the rest of the process: that would keep the closed Database's native
    # handle alive (never freed, a leak at exit).
    handle = _running
    if handle is not None:
        lib.quiver_database_interrupt(handle)


def _pipe() -> int:
    global _write_fd
    with _start_lock:
        if _write_fd < 0:
            read_fd, write_fd = os.pipe()
            os.set_blocking(write_fd, False)
            threading.Thread(target=_watch, args=(read_fd,), name="quiverdb-sigint", daemon=True).start()
            _write_fd = write_fd
    return _write_fd


def arm(handle: Any) -> int | None:
    """Before a C call on ``handle`` that may run long; returns the token for :func:`disarm`
    (``None``: nothing armed)."""
    global _running
    if threading.current_thread() is not _MAIN or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return None
    fd = _pipe()
    old = signal.set_wakeup_fd(fd, warn_on_full_buffer=False)
    if old != -1 and old != fd:
        signal.set_wakeup_fd(old)  # not ours to take
        return None
    _running = handle
    return old


def disarm(token: int | None) -> None:
    global _running
    if token is None:
        return
    _running = None
    signal.set_wakeup_fd(token)

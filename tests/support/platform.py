"""Markers for tests whose mechanism exists only on POSIX systems (docs/packaging.md).

The wheels are tested with this suite on Linux, macOS and Windows (cibuildwheel). What a test
checks is portable; how some tests provoke it is not: sending SIGINT to the process, a
pseudo-terminal, file size limits, dropping to another user. On Windows those tests are skipped
with the reason below, and the behaviour they cover is checked there another way where one
exists (Ctrl-C: tests/c/capi_smoke.c under wine, tools/windows-check.sh).
"""

from __future__ import annotations

import os
import sys

import pytest

WINDOWS = sys.platform == "win32"

# os.kill(pid, signal.SIGINT) on Windows does not raise a signal: it ends the process
# (TerminateProcess). Ctrl-C there is a console control event, handled by the Lua runner's
# SetConsoleCtrlHandler branch and checked by tests/c/capi_smoke.c under wine.
sends_sigint = pytest.mark.skipif(
    WINDOWS, reason="raises SIGINT with os.kill; Windows Ctrl-C is a console event (checked in capi_smoke.c)"
)

# pty.fork(): a pseudo-terminal as the child's controlling terminal
needs_pty = pytest.mark.skipif(WINDOWS, reason="needs a POSIX pseudo-terminal (pty.fork)")

# resource.setrlimit(RLIMIT_FSIZE) and SIGXFSZ: a file size limit stands in for a full disk
needs_rlimit = pytest.mark.skipif(
    WINDOWS or not hasattr(os, "getuid"), reason="simulates a full disk with RLIMIT_FSIZE (POSIX resource limits)"
)

# os.setuid: permissions are POSIX mode bits checked for an unprivileged user, which the test
# becomes by dropping from root (as the owner of the files it would not be refused anything;
# hosted macOS runners do not run as root)
needs_posix_users = pytest.mark.skipif(
    WINDOWS or not hasattr(os, "setuid") or os.geteuid() != 0,
    reason="drops from root to an unprivileged POSIX user to test mode bits (needs root)",
)

# os.symlink needs a privilege (or developer mode) on Windows
needs_symlinks = pytest.mark.skipif(WINDOWS, reason="creating symbolic links needs a privilege on Windows")

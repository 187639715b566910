"""Encoding helpers for names, SQL text and values handed to C."""

from __future__ import annotations

from typing import Any


def c_str(value: Any, what: str) -> bytes:
    """UTF-8 bytes of a ``str`` argument; a non-str or an embedded NUL raises."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    data = value.encode("utf-8")
    if b"\0" in data:
        raise ValueError(f"{what} contains a NUL character")
    return data

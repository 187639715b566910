"""Encoding helpers for names, SQL text and values handed to C."""

from __future__ import annotations

from typing import Any


def c_str(value: Any, what: str) -> bytes:
    """UTF-8 bytes of a ``str`` argument; a non-str or an embedded NUL raises."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    # str.encode, not value.encode: a str subclass is stored by its string value, whatever its
    # own encode / __str__ do
    data = str.encode(value, "utf-8")
    if 0 in data:  # memchr; `b"\0" in data` first fails an int conversion (slow)
        raise ValueError(f"{what} contains a NUL character")
    return data


# Names (collections, attributes, groups) and SQL texts repeat from call to call: their
# encoded form is cached so a by-id read or a create loop does not re-encode and re-check
# them every time. Bounded: cleared when full.
_NAMES: dict[str, bytes] = {}
_NAMES_MAX = 1024


def c_name(value: Any, what: str) -> bytes:
    """:func:`c_str` for identifiers and SQL text, cached (same errors)."""
    if type(value) is str:
        data = _NAMES.get(value)
        if data is not None:
            return data
        data = c_str(value, what)
        if len(_NAMES) >= _NAMES_MAX:
            _NAMES.clear()
        _NAMES[value] = data
        return data
    return c_str(value, what)

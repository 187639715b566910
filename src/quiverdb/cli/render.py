"""Lua-like text of the values a script returns, as the interactive prompt prints them.

The values arrive converted to Python by ``LuaRunner.run`` (nil -> None, boolean, integer,
float, string, array table -> list, other table -> dict, several values -> tuple). They are
written back the way Lua would show them:

- ``nil``/``true``/``false``; integers as digits; floats like Lua's ``%.14g`` (``20.0``,
  ``0.3``, ``inf``, ``nan``);
- a string on its own is printed raw (as ``print`` does); inside a table it is quoted with
  Lua escapes (``"a\\"b"``); a string that is not UTF-8 (``bytes``) is always quoted, other
  bytes as ``\\ddd``;
- tables as constructors: ``{1, 2, 3}``, ``{fuel_id = 1, label = "Plant A"}`` (keys sorted:
  integers first, then strings; keys that are not identifiers as ``["two words"] = ...``);
  a table whose one-line form is longer than 80 characters is spread over several lines;
- several returned values are separated by tabs, like ``print(a, b)``;
- with ``max_items``, a table longer than that shows its first ``max_items`` entries and then
  ``... (N more, T in total)``, so a read of 100 000 values does not flood the terminal.
"""

from __future__ import annotations

import math
import re
from typing import Any

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KEYWORDS = frozenset(
    [
        "and",
        "break",
        "do",
        "else",
        "elseif",
        "end",
        "false",
        "for",
        "function",
        "goto",
        "if",
        "in",
        "local",
        "nil",
        "not",
        "or",
        "repeat",
        "return",
        "then",
        "true",
        "until",
        "while",
    ]
)
_WIDTH = 80
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}


def lua_number(value: float) -> str:
    """A float as Lua 5.4 prints it (``%.14g``, with ``.0`` added to whole values)."""
    if math.isnan(value):
        return "nan" if math.copysign(1.0, value) > 0 else "-nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = f"{value:.14g}"
    if re.fullmatch(r"-?\d+", text):
        text += ".0"
    return text


def lua_string(value: str) -> str:
    """A double-quoted Lua string literal for ``value``."""
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\{ord(ch):03d}")  # three digits: a following digit is not absorbed
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def lua_bytes(value: bytes) -> str:
    """A Lua string literal for a string that is not UTF-8 (``LuaRunner`` gives ``bytes``);
    bytes outside printable ASCII as ``\\ddd``."""
    return '"' + "".join(_byte(b) for b in value) + '"'


def _byte(b: int) -> str:
    ch = chr(b)
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if b < 32 or b >= 127:
        return f"\\{b:03d}"
    return ch


def _key(key: Any) -> str:
    if isinstance(key, str) and _IDENTIFIER.match(key) and key not in _KEYWORDS:
        return key
    return f"[{_value(key, 0)}]"


def _sort_key(key: Any) -> tuple[int, Any]:
    if isinstance(key, bool):
        return (2, str(key))
    if isinstance(key, (int, float)):
        return (0, key)
    return (1, str(key))


def _value(value: Any, indent: int, limit: int | None = None) -> str:
    if value is None:
        return "nil"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return lua_number(value)
    if isinstance(value, str):
        return lua_string(value)
    if isinstance(value, bytes):
        return lua_bytes(value)
    if isinstance(value, (list, tuple)):
        shown: list[Any] = list(value[:limit] if limit is not None else value)
        items = [_value(v, indent + 2, limit) for v in shown]
    elif isinstance(value, dict):
        keys = sorted(value, key=_sort_key)
        shown = keys[:limit] if limit is not None else keys
        items = [f"{_key(k)} = {_value(value[k], indent + 2, limit)}" for k in shown]
    else:
        return repr(value)
    if len(shown) < len(value):
        items.append(f"... ({len(value) - len(shown)} more, {len(value)} in total)")
    if not items:
        return "{}"
    inline = "{" + ", ".join(items) + "}"
    if len(inline) + indent <= _WIDTH and "\n" not in inline:
        return inline
    pad = " " * (indent + 2)
    return "{\n" + ",\n".join(pad + item for item in items) + "\n" + " " * indent + "}"


def render(result: Any, max_items: int | None = None) -> str | None:
    """The text the prompt prints for ``result`` (a ``LuaRunner.run`` value), or ``None``
    when nothing is to be printed (the script returned no value or a single ``nil``); tables
    are cut after ``max_items`` entries (each level), when given."""
    if result is None:
        return None
    values = result if isinstance(result, tuple) else (result,)
    if not values:
        return None
    return "\t".join(v if isinstance(v, str) else _value(v, 0, max_items) for v in values)

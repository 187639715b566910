"""The element builder behind ``Database.create_element`` / ``update_element``."""

from __future__ import annotations

import struct
from typing import Any

from quiverdb._ffi.c_api import check, decode, ffi, lib, raise_last_error
from quiverdb._ffi.strings import c_name, c_str
from quiverdb.exceptions import QuiverError

_INT32_MAX = 2**31 - 1


def _set_list(ptr: Any, name: str, cname: bytes, values: list[Any]) -> Any:
    """Store list ``name`` into ``ptr``; returns the C return code."""
    n = len(values)
    if n > _INT32_MAX:
        raise OverflowError(f"list for '{name}' has more than {_INT32_MAX} items")
    if n == 0:
        return lib.quiver_element_set_array_integer(ptr, cname, ffi.NULL, 0)
    first = values[0]
    if isinstance(first, int):  # bool too: stored as 0/1
        for v in values:
            if not isinstance(v, int):
                raise TypeError(f"list for '{name}' mixes int with {type(v).__name__}")
        return lib.quiver_element_set_array_integer(ptr, cname, ffi.new("int64_t[]", values), n)
    if isinstance(first, float):
        # later ints and bools are converted to float
        for v in values:
            if not isinstance(v, (int, float)):
                raise TypeError(f"list for '{name}' mixes float with {type(v).__name__}")
        return lib.quiver_element_set_array_float(ptr, cname, ffi.new("double[]", values), n)
    if isinstance(first, str):
        keep = []
        for v in values:
            if not isinstance(v, str):
                raise TypeError(f"list for '{name}' mixes str with {type(v).__name__}")
            keep.append(ffi.new("char[]", c_str(v, f"item of '{name}'")))
        return lib.quiver_element_set_array_string(ptr, cname, ffi.new("char *[]", keep), n)
    raise TypeError(f"Unsupported array element type {type(first).__name__} for Element.set('{name}')")


_set_string = lib.quiver_element_set_string
_set_integer = lib.quiver_element_set_integer
_set_float = lib.quiver_element_set_float
_set_null = lib.quiver_element_set_null


def _attribute_name(name: Any) -> bytes:
    """The encoded attribute name (cached by ``c_name``: names repeat from element to element)."""
    if not isinstance(name, str):
        raise TypeError(f"Element.set name must be str, not {type(name).__name__}")
    return c_name(name, "attribute name")


def set_value(ptr: Any, name: str, value: Any) -> None:
    """Store one keyword value into the native element ``ptr`` (conversion table of
    docs/reference/database-api.md 3.2). Shared by ``Element.set`` and ``Database.create_element`` /
    ``update_element``, which build a native element without the wrapper object."""
    cname = _attribute_name(name)
    t = type(value)
    if t is str:
        rc = _set_string(ptr, cname, c_str(value, f"value of '{name}'"))
    elif t is int:
        rc = _set_integer(ptr, cname, value)
    elif t is float:
        rc = _set_float(ptr, cname, value)
    elif value is None:
        rc = _set_null(ptr, cname)
    elif t is list:
        rc = _set_list(ptr, name, cname, value)
    elif isinstance(value, int):  # bool and other int subclasses, as 0/1 or their value
        rc = _set_integer(ptr, cname, int.__int__(value))  # the value, not an overridden __int__
    elif isinstance(value, float):
        rc = _set_float(ptr, cname, float.__float__(value))
    elif isinstance(value, str):
        rc = _set_string(ptr, cname, c_str(value, f"value of '{name}'"))  # its value, not __str__
    elif isinstance(value, list):
        rc = _set_list(ptr, name, cname, value)
    else:
        raise TypeError(f"Unsupported type {t.__name__} for Element.set('{name}')")
    if rc:
        raise_last_error()


_set_packed = lib.quiver_element_set_scalars_packed
_pack_integer = struct.Struct("=q").pack
_pack_float = struct.Struct("=d").pack
_INTEGER = bytes([lib.QUIVER_DATA_TYPE_INTEGER])
_FLOAT = bytes([lib.QUIVER_DATA_TYPE_FLOAT])
_STRING = bytes([lib.QUIVER_DATA_TYPE_STRING])
_NULL = bytes([lib.QUIVER_DATA_TYPE_NULL])
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_HEADS: dict[str, bytes] = {}  # name -> b"name\0" (record head of the packed setter)


def set_values(ptr: Any, values: dict[str, Any]) -> None:
    """``set_value`` for every item of ``values`` (the keywords of create/update_element).

    Plain scalars go to C in one ``quiver_element_set_scalars_packed`` call instead of one
    call each; anything else (lists, bools, subclasses, errors) takes ``set_value``.
    """
    parts: list[bytes] = []
    for name, value in values.items():
        head = _HEADS.get(name)
        if head is None:
            head = _attribute_name(name) + b"\0"
            if len(_HEADS) >= 1024:
                _HEADS.clear()
            _HEADS[name] = head
        t = type(value)
        if t is str:  # c_str inlined: this loop is the create_element hot path
            data = value.encode("utf-8")
            if 0 in data:  # memchr; `b"\0" in data` first fails an int conversion (slow)
                raise ValueError(f"value of '{name}' contains a NUL character")
            parts += (head, _STRING, data, b"\0")
        elif t is float:
            parts += (head, _FLOAT, _pack_float(value))
        elif t is int and _INT64_MIN <= value <= _INT64_MAX:
            parts += (head, _INTEGER, _pack_integer(value))
        elif value is None:
            parts += (head, _NULL)
        else:
            set_value(ptr, name, value)
    if parts:
        data = b"".join(parts)
        if _set_packed(ptr, data, len(data)):
            raise_last_error()


class Element:
    """A bag of named scalars and named lists, copied into a native ``quiver_element_t``.

    ``create_element`` and ``update_element`` build one from their keywords; ``Element`` is
    for code written against upstream's builder. Its ``repr`` is the engine's text.

    Examples:
        >>> from quiverdb.element import Element
        >>> element = Element().set("label", "Plant C").set("units", 3)
        >>> print(repr(element))
        Element {
          scalars:
            label: "Plant C"
            units: 3
        }
        >>> element.destroy()
    """

    def __init__(self) -> None:
        self._destroyed = True
        out = ffi.new("quiver_element_t **")
        check(lib.quiver_element_create(out))
        self._ptr = out[0]
        self._destroyed = False

    def _live(self) -> Any:
        if self._destroyed:
            raise QuiverError("Element has been destroyed")
        return self._ptr

    def set(self, name: str, value: Any) -> Element:
        """Set scalar or list ``name``.

        ``None``/``bool``/``int``/``float``/``str`` are scalars (``bool`` as 0/1); a ``list`` is
        an array typed by its first item (a float-led list converts later ints); ``[]`` is an
        empty array.

        Args:
            name: the attribute (a scalar column, or a value column of a group).
            value: the value, as above.

        Returns:
            This element, for chaining.

        Raises:
            TypeError: a value of another type, or a list mixing types.
            QuiverError: a destroyed element.

        Examples:
            >>> Element().set("label", "Plant A").set("cost", [10.0, 10.5])
            Element {
              scalars:
                label: "Plant A"
              arrays:
                cost: [10.000000, 10.500000]
            }
        """
        set_value(self._live(), name, value)
        return self

    def clear(self) -> None:
        """Remove every scalar and list; the element stays usable.

        Raises:
            QuiverError: a destroyed element (``Element has been destroyed``).

        Examples:
            >>> element = Element().set("label", "Plant C")
            >>> element.clear()
            >>> element
            Element {
            }
        """
        check(lib.quiver_element_clear(self._live()))

    def destroy(self) -> None:
        """Free the native element (idempotent); ``set`` and ``clear`` then raise ``QuiverError``.

        Examples:
            >>> element = Element()
            >>> element.destroy()
            >>> element
            Element(destroyed)
        """
        if not self._destroyed:
            self._destroyed = True
            lib.quiver_element_destroy(self._ptr)
            self._ptr = ffi.NULL

    def __repr__(self) -> str:
        if self._destroyed:
            return "Element(destroyed)"
        out = ffi.new("char **")
        check(lib.quiver_element_to_string(self._ptr, out))
        try:
            return decode(out[0])
        finally:
            lib.quiver_database_free_string(out[0])

    def __del__(self) -> None:
        if not getattr(self, "_destroyed", True):
            self.destroy()

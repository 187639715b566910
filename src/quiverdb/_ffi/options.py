"""Option objects marshalled into their C structs: the database options of the constructors
and ``CSVOptions`` for ``export_csv`` / ``import_csv`` (docs/reference/csv.md 2)."""

from __future__ import annotations

import os
from typing import Any

from quiverdb._ffi import interrupt
from quiverdb._ffi.c_api import check, ffi, lib
from quiverdb._ffi.strings import c_str
from quiverdb.metadata import CSVOptions, LogLevel

_LOG_LEVEL_NAMES = {
    "debug": LogLevel.DEBUG,
    "info": LogLevel.INFO,
    "warn": LogLevel.WARN,
    "warning": LogLevel.WARN,
    "error": LogLevel.ERROR,
    "off": LogLevel.OFF,
}


_JOURNAL_MODES = ("delete", "truncate", "persist", "memory", "wal")


def database_options(
    read_only: bool,
    log_level: LogLevel | int | str,
    busy_timeout: float = 5.0,
    journal_mode: str | None = None,
    strict: bool = False,
) -> Any:
    """A ``quiver_database_options_ex_t *`` for the keyword options of the constructors."""
    if isinstance(busy_timeout, bool) or not isinstance(busy_timeout, (int, float)):
        raise TypeError(f"busy_timeout must be a number of seconds, not {type(busy_timeout).__name__}")
    if not 0 <= busy_timeout <= 2_000_000:  # also refuses NaN
        raise ValueError(f"busy_timeout must be between 0 and 2000000 seconds, got {busy_timeout!r}")
    if journal_mode is not None:
        if not isinstance(journal_mode, str):
            raise TypeError(f"journal_mode must be str or None, not {type(journal_mode).__name__}")
        if journal_mode.lower() not in _JOURNAL_MODES:
            raise ValueError(f"Unknown journal_mode: {journal_mode!r}. Expected one of {', '.join(_JOURNAL_MODES)}.")
    if isinstance(log_level, str):
        try:
            level = _LOG_LEVEL_NAMES[log_level.lower()]
        except KeyError:
            raise ValueError(
                f"Unknown log_level: {log_level!r}. Expected one of debug, info, warn, error, off."
            ) from None
    elif isinstance(log_level, int) and not isinstance(log_level, bool):
        try:
            level = LogLevel(log_level)
        except ValueError:
            raise ValueError(f"Unknown log_level: {log_level!r}. Expected a LogLevel (0 to 4).") from None
    else:
        raise TypeError(f"log_level must be a LogLevel, int or str, not {type(log_level).__name__}")
    options = ffi.new("quiver_database_options_ex_t *", lib.quiver_database_options_ex_default())
    options.base.read_only = 1 if read_only else 0
    options.base.console_level = int(level)
    options.busy_timeout_ms = round(busy_timeout * 1000)
    options.strict = 1 if strict else 0
    if journal_mode is not None:
        mode = ffi.new("char[]", journal_mode.lower().encode())
        options.journal_mode = mode
        return options, mode  # the string lives as long as the pair
    return options, None


_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


def log_level_of(log_level: LogLevel | int | str, console_level: LogLevel | int | str | None) -> LogLevel | int | str:
    """The constructors' log level: ``console_level`` (later upstream's name) or ``log_level``."""
    if console_level is None:
        return log_level
    if log_level != LogLevel.INFO and log_level != console_level:
        raise TypeError("give log_level or console_level, not both")
    return console_level


def _marshal_csv_options(options: CSVOptions | None) -> tuple[Any, list[Any]]:
    """Build a ``quiver_csv_options_t`` for one C call.

    Returns ``(struct_pointer, keepalive)``: every cffi buffer the struct points into is in
    ``keepalive``, which the caller holds until the C call returns. ``enum_labels`` is
    flattened in dict iteration order into one group per (attribute, locale) pair.
    """
    if options is None:
        options = CSVOptions()
    if not isinstance(options, CSVOptions):
        raise TypeError(f"options must be CSVOptions or None, not {type(options).__name__}")
    keep: list[Any] = []
    struct = ffi.new("quiver_csv_options_t *")
    fmt = ffi.new("char[]", c_str(options.date_time_format, "date_time_format"))
    keep.append(fmt)
    struct.date_time_format = fmt

    enum_labels = options.enum_labels
    if not isinstance(enum_labels, dict):
        raise TypeError(f"enum_labels must be dict, not {type(enum_labels).__name__}")
    attributes: list[Any] = []
    locales: list[Any] = []
    counts: list[int] = []
    labels: list[Any] = []
    values: list[int] = []
    for attribute, by_locale in enum_labels.items():
        if not isinstance(by_locale, dict):
            raise TypeError(f"enum_labels[{attribute!r}] must be dict, not {type(by_locale).__name__}")
        attribute_c = ffi.new("char[]", c_str(attribute, "enum_labels attribute"))
        keep.append(attribute_c)
        for locale, entries in by_locale.items():
            if not isinstance(entries, dict):
                raise TypeError(f"enum_labels[{attribute!r}][{locale!r}] must be dict, not {type(entries).__name__}")
            locale_c = ffi.new("char[]", c_str(locale, "enum_labels locale"))
            keep.append(locale_c)
            attributes.append(attribute_c)
            locales.append(locale_c)
            counts.append(len(entries))
            for label, value in entries.items():
                label_c = ffi.new("char[]", c_str(label, "enum_labels label"))
                keep.append(label_c)
                if isinstance(value, bool) or not isinstance(value, int):
                    raise TypeError(
                        f"enum_labels[{attribute!r}][{locale!r}][{label!r}] must be int, not {type(value).__name__}"
                    )
                if not _INT64_MIN <= value <= _INT64_MAX:
                    raise OverflowError(f"enum_labels[{attribute!r}][{locale!r}][{label!r}] does not fit in int64")
                labels.append(label_c)
                values.append(value)
    if counts:
        arrays = [
            ffi.new("const char *[]", attributes),
            ffi.new("const char *[]", locales),
            ffi.new("size_t[]", counts),
            ffi.new("const char *[]", labels) if labels else ffi.NULL,
            ffi.new("int64_t[]", values) if values else ffi.NULL,
        ]
        keep.extend(arrays)
        (
            struct.enum_attribute_names,
            struct.enum_locale_names,
            struct.enum_entry_counts,
            struct.enum_labels,
            struct.enum_values,
        ) = arrays
        struct.enum_group_count = len(counts)
    return struct, keep


def csv_call(fn: Any, handle: Any, collection: str, group: str, path: Any, options: CSVOptions | None) -> None:
    """Run ``quiver_database_export_csv`` / ``import_csv`` with marshalled arguments."""
    path_str = path if isinstance(path, str) else _fspath(path)
    struct, keep = _marshal_csv_options(options)
    try:
        args = (c_str(collection, "collection"), c_str(group, "group"), c_str(path_str, "path"))
        token = interrupt.arm(handle)
        try:
            rc = fn(handle, *args, struct)
        finally:
            interrupt.disarm(token)
        check(rc)
    finally:
        del keep  # the buffers the struct points into lived until here


def _fspath(path: Any) -> Any:
    try:
        return os.fspath(path)
    except TypeError:
        return path  # c_str raises the TypeError naming `path`

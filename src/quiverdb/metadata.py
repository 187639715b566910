"""Metadata types: column and group descriptions, data types and CSV options."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class DataType(IntEnum):
    """Column data types; the values equal the C enum ``quiver_data_type_t``."""

    INTEGER = 0
    FLOAT = 1
    STRING = 2
    DATE_TIME = 3
    NULL = 4


@dataclass(frozen=True)
class ScalarMetadata:
    """One column: name, type, constraints and (for scalar attributes) its foreign key."""

    name: str
    data_type: DataType
    not_null: bool
    primary_key: bool
    default_value: str | None
    is_foreign_key: bool = False
    references_collection: str | None = None
    references_column: str | None = None


@dataclass(frozen=True)
class GroupMetadata:
    """One vector, set or time-series group and its value columns (sorted by name)."""

    group_name: str
    dimension_column: str
    value_columns: list[ScalarMetadata]


@dataclass(frozen=True)
class CSVOptions:
    """Options for ``export_csv`` / ``import_csv`` (docs/csv.md has the details).

    Attributes:
        date_time_format: strftime pattern date-times are written with and parsed by
            (``""``: ISO 8601, as stored).
        enum_labels: ``attribute -> locale -> label -> int``: integer columns written as their
            first label and read from any locale's label.

    Example:
        >>> options = CSVOptions(
        ...     date_time_format="%d/%m/%Y",
        ...     enum_labels={"status": {"en": {"Active": 1, "Inactive": 2}}},
        ... )
        >>> db.export_csv("Items", "", "items.csv", options=options)
    """

    date_time_format: str = ""
    enum_labels: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)


class LogLevel(IntEnum):
    """Minimum level of the messages a database passes to the ``quiverdb`` logger.

    The values equal the C enum ``quiver_log_level_t``. Not part of ``quiverdb.__all__``
    (upstream 0.5.0 has no ``LogLevel``); import it from ``quiverdb.metadata``.
    """

    DEBUG = 0
    INFO = 1
    WARN = 2
    ERROR = 3
    OFF = 4

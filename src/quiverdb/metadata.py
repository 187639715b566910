"""Metadata types: column and group descriptions, data types and CSV options."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class DataType(IntEnum):
    """Column data types; the values equal the C enum ``quiver_data_type_t``.

    SQL ``INTEGER`` -> ``INTEGER``, ``REAL`` -> ``FLOAT``, ``TEXT`` -> ``STRING``, and a ``TEXT``
    column named ``date_...`` -> ``DATE_TIME``; ``NULL`` is used only for query parameters.

    Examples:
        >>> db.get_scalar_metadata("Plant", "date_commission").data_type
        <DataType.DATE_TIME: 3>
        >>> DataType(1).name
        'FLOAT'
    """

    INTEGER = 0
    FLOAT = 1
    STRING = 2
    DATE_TIME = 3
    NULL = 4


@dataclass(frozen=True)
class ScalarMetadata:
    """One column: name, type, constraints and (for scalar attributes) its foreign key.

    Returned by ``get_scalar_metadata`` and ``list_scalar_attributes``, and as the value columns
    of a ``GroupMetadata`` (whose foreign-key fields are never filled, as upstream). Frozen:
    assigning a field raises ``dataclasses.FrozenInstanceError``.

    Attributes:
        name: column name.
        data_type: the column's ``DataType``.
        not_null: SQLite's NOT NULL flag (``False`` for ``id INTEGER PRIMARY KEY``).
        primary_key: the column is part of the primary key.
        default_value: the SQL text of the column's ``DEFAULT`` (``"1"``), ``None`` if none.
        is_foreign_key: the column references another table.
        references_collection: the referenced table, ``None`` if not a foreign key.
        references_column: the referenced column (``"id"``), ``None`` if not a foreign key.

    Examples:
        >>> meta = db.get_scalar_metadata("Plant", "label")
        >>> meta.name, meta.data_type, meta.not_null
        ('label', <DataType.STRING: 2>, True)
    """

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
    """One vector, set or time-series group and its value columns (sorted by name).

    Attributes:
        group_name: the table suffix, e.g. ``"costs"`` for ``Plant_vector_costs``.
        dimension_column: the ordering column of a time series group (``"date_time"``); ``""``
            for vector and set groups.
        value_columns: a ``ScalarMetadata`` per value column, by name (without ``id``,
            ``vector_index`` and the dimension column).

    Examples:
        >>> group = db.get_vector_metadata("Plant", "costs")
        >>> group.group_name, group.dimension_column, [c.name for c in group.value_columns]
        ('costs', '', ['cost'])
    """

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

    Examples:
        >>> from pathlib import Path
        >>> options = CSVOptions(
        ...     date_time_format="%d/%m/%Y",
        ...     enum_labels={"zone": {"en": {"North": 1, "Central": 2, "South": 3}}},
        ... )
        >>> db.export_csv("Plant", "zones", "zones.csv", options=options)
        >>> print(Path("zones.csv").read_text(), end="")
        sep=,
        id,zone
        "Plant A",North
        "Plant A",South
        "Plant B",Central
    """

    date_time_format: str = ""
    enum_labels: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)


class LogLevel(IntEnum):
    """Minimum level of the messages a database passes to the ``quiverdb`` logger.

    The values equal the C enum ``quiver_log_level_t``. Not part of ``quiverdb.__all__``
    (upstream 0.5.0 has no ``LogLevel``); import it from ``quiverdb.metadata``. The
    constructors' ``log_level`` also takes its value or its name (``"debug"``).

    Examples:
        >>> from quiverdb.metadata import LogLevel
        >>> quiet = Database.open("sample.db", log_level=LogLevel.ERROR)
        >>> quiet.close()
        >>> LogLevel["WARN"].value
        2
    """

    DEBUG = 0
    INFO = 1
    WARN = 2
    ERROR = 3
    OFF = 4

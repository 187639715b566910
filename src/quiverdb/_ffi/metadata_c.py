"""Conversion of the C metadata structs into :mod:`quiverdb.metadata` dataclasses.

Private to :class:`quiverdb.Database`; the caller owns the C memory and frees it.
"""

from __future__ import annotations

from typing import Any

from quiverdb._ffi.c_api import decode, ffi
from quiverdb.metadata import DataType, GroupMetadata, ScalarMetadata

__all__ = ["scalar_from_c", "group_from_c"]


def _optional(ptr: Any) -> str | None:
    return None if ptr == ffi.NULL else decode(ptr)


def scalar_from_c(m: Any) -> ScalarMetadata:
    """Copy one ``quiver_scalar_metadata_t`` (by value or pointer) into a ``ScalarMetadata``."""
    return ScalarMetadata(
        name=decode(m.name),
        data_type=DataType(m.data_type),
        not_null=bool(m.not_null),
        primary_key=bool(m.primary_key),
        default_value=_optional(m.default_value),
        is_foreign_key=bool(m.is_foreign_key),
        references_collection=_optional(m.references_collection),
        references_column=_optional(m.references_column),
    )


def group_from_c(g: Any) -> GroupMetadata:
    """Copy one ``quiver_group_metadata_t`` into a ``GroupMetadata`` (``""`` for no dimension)."""
    count = int(g.value_column_count)
    columns = [scalar_from_c(g.value_columns[i]) for i in range(count)] if count else []
    return GroupMetadata(
        group_name=decode(g.group_name),
        dimension_column=decode(g.dimension_column),
        value_columns=columns,
    )

"""Schema metadata reads (docs/reference/database-api.md 6): one C call each, the structs copied by
:mod:`quiverdb._ffi.metadata_c` and freed here."""

from __future__ import annotations

from typing import Any

from quiverdb._ffi.c_api import check, ffi, lib
from quiverdb._ffi.metadata_c import group_from_c, scalar_from_c
from quiverdb._ffi.strings import c_name
from quiverdb.metadata import GroupMetadata, ScalarMetadata


def scalar(handle: Any, collection: str, attribute: str) -> ScalarMetadata:
    out = ffi.new("quiver_scalar_metadata_t *")
    check(
        lib.quiver_database_get_scalar_metadata(
            handle, c_name(collection, "collection"), c_name(attribute, "attribute"), out
        )
    )
    try:
        return scalar_from_c(out)
    finally:
        lib.quiver_database_free_scalar_metadata(out)


def group(handle: Any, fn: Any, collection: str, group_name: str) -> GroupMetadata:
    """``get_vector_metadata`` / ``get_set_metadata`` / ``get_time_series_metadata`` through ``fn``."""
    out = ffi.new("quiver_group_metadata_t *")
    check(fn(handle, c_name(collection, "collection"), c_name(group_name, "group_name"), out))
    try:
        return group_from_c(out)
    finally:
        lib.quiver_database_free_group_metadata(out)


def _listed(handle: Any, fn: Any, ctype: str, collection: str, convert: Any, free: Any) -> list[Any]:
    out = ffi.new(ctype)
    count = ffi.new("size_t *")
    check(fn(handle, c_name(collection, "collection"), out, count))
    n = int(count[0])
    if n == 0:
        return []
    try:
        return [convert(out[0][i]) for i in range(n)]
    finally:
        free(out[0], n)


def scalar_attributes(handle: Any, collection: str) -> list[ScalarMetadata]:
    return _listed(
        handle,
        lib.quiver_database_list_scalar_attributes,
        "quiver_scalar_metadata_t **",
        collection,
        scalar_from_c,
        lib.quiver_database_free_scalar_metadata_array,
    )


def groups(handle: Any, fn: Any, collection: str) -> list[GroupMetadata]:
    """``list_vector_groups`` / ``list_set_groups`` / ``list_time_series_groups`` through ``fn``."""
    return _listed(
        handle,
        fn,
        "quiver_group_metadata_t **",
        collection,
        group_from_c,
        lib.quiver_database_free_group_metadata_array,
    )

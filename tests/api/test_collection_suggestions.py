"""An unknown collection name that looks like a typo of a real one names it (issue 18); the
upstream text stays the message's prefix (docs/compatibility.md)."""

from __future__ import annotations

import pytest

from quiverdb import Database, LuaRunner, QuiverError


def test_typo_suggests_the_closest_collection(collections_db: Database) -> None:
    with pytest.raises(QuiverError) as info:
        collections_db.create_element("Colection", label="x")
    assert str(info.value) == "Cannot create_element: collection not found: Colection (did you mean 'Collection'?)"
    with pytest.raises(QuiverError, match=r"^Cannot read_scalar_strings: collection not found: Collections \(did you"):
        collections_db.read_scalar_strings("Collections", "label")


def test_far_names_get_no_suggestion(collections_db: Database) -> None:
    with pytest.raises(QuiverError) as info:
        collections_db.read_element_ids("Plant")
    assert str(info.value) == "Cannot read_element_ids: collection not found: Plant"


def test_lua_sees_the_suggestion_too(collections_db: Database) -> None:
    with LuaRunner(collections_db) as runner, pytest.raises(QuiverError, match="did you mean 'Collection'"):
        runner.run('db:create_element("Collectoin", {label = "x"})')

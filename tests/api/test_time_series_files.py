"""Time series files: the singleton <C>_time_series_files table of paths (docs/reference/database-api.md 5.2)."""

from __future__ import annotations

import pytest

from quiverdb import Database, QuiverError


def test_has_time_series_files(collections_db: Database, mixed_time_series_db: Database) -> None:
    assert collections_db.has_time_series_files("Collection") is True
    assert collections_db.has_time_series_files("Configuration") is False
    assert mixed_time_series_db.has_time_series_files("Sensor") is False


def test_has_time_series_files_unknown_collection(collections_db: Database) -> None:
    with pytest.raises(QuiverError, match=r"^Cannot has_time_series_files: collection not found: Nope$"):
        collections_db.has_time_series_files("Nope")


def test_list_columns_sorted(collections_db: Database) -> None:
    assert collections_db.list_time_series_files_columns("Collection") == ["data_file", "metadata_file"]


def test_list_columns_errors(collections_db: Database) -> None:
    with pytest.raises(QuiverError, match=r"^Time series files table not found: Configuration_time_series_files$"):
        collections_db.list_time_series_files_columns("Configuration")
    with pytest.raises(QuiverError, match=r"^Cannot list_time_series_files_columns: collection not found: Nope$"):
        collections_db.list_time_series_files_columns("Nope")


def test_read_before_any_update_has_every_column_none(collections_db: Database) -> None:
    files = collections_db.read_time_series_files("Collection")
    assert isinstance(files, dict)
    assert files == {"data_file": None, "metadata_file": None}


def test_update_and_read_back(collections_db: Database) -> None:
    data = {"data_file": "/path/to/data.csv", "metadata_file": "/path/to/meta.json"}
    collections_db.update_time_series_files("Collection", data)
    assert collections_db.read_time_series_files("Collection") == data


def test_none_is_stored_as_null(collections_db: Database) -> None:
    data = {"data_file": "/path/to/data.csv", "metadata_file": None}
    collections_db.update_time_series_files("Collection", data)
    assert collections_db.read_time_series_files("Collection") == data


def test_second_update_replaces_first(collections_db: Database) -> None:
    collections_db.update_time_series_files("Collection", {"data_file": "a.csv", "metadata_file": "a.json"})
    collections_db.update_time_series_files("Collection", {"data_file": "b.csv", "metadata_file": "b.json"})
    assert collections_db.read_time_series_files("Collection") == {"data_file": "b.csv", "metadata_file": "b.json"}


def test_columns_not_given_become_none(collections_db: Database) -> None:
    # (quirk, as upstream) the row is replaced with only the given columns
    collections_db.update_time_series_files("Collection", {"data_file": "a.csv", "metadata_file": "a.json"})
    collections_db.update_time_series_files("Collection", {"metadata_file": "b.json"})
    assert collections_db.read_time_series_files("Collection") == {"data_file": None, "metadata_file": "b.json"}


def test_paths_are_trimmed_and_unicode_round_trips(collections_db: Database) -> None:
    collections_db.update_time_series_files("Collection", {"data_file": "  /dados/séries ☃.csv\t\n"})
    assert collections_db.read_time_series_files("Collection")["data_file"] == "/dados/séries ☃.csv"


def test_empty_dict_does_nothing(collections_db: Database) -> None:
    collections_db.update_time_series_files("Collection", {"data_file": "a.csv"})
    collections_db.update_time_series_files("Collection", {})
    assert collections_db.read_time_series_files("Collection")["data_file"] == "a.csv"
    # (quirk, as upstream) no check at all for an empty dict
    collections_db.update_time_series_files("Nope", {})


def test_read_errors(collections_db: Database) -> None:
    with pytest.raises(QuiverError, match=r"^Time series files table not found for collection 'Configuration'$"):
        collections_db.read_time_series_files("Configuration")
    with pytest.raises(QuiverError, match=r"^Cannot read_time_series_files: collection not found: Nope$"):
        collections_db.read_time_series_files("Nope")


def test_update_errors_leave_previous_paths(collections_db: Database) -> None:
    collections_db.update_time_series_files("Collection", {"data_file": "keep.csv"})
    with pytest.raises(
        QuiverError,
        match=r"^Cannot update_time_series_files: column 'nope' not found in table 'Collection_time_series_files'$",
    ):
        collections_db.update_time_series_files("Collection", {"data_file": "new.csv", "nope": "x"})
    with pytest.raises(QuiverError, match=r"^Time series files table not found for collection 'Configuration'$"):
        collections_db.update_time_series_files("Configuration", {"data_file": "x"})
    with pytest.raises(QuiverError, match=r"^Cannot update_time_series_files: collection not found: Nope$"):
        collections_db.update_time_series_files("Nope", {"data_file": "x"})
    assert collections_db.read_time_series_files("Collection") == {"data_file": "keep.csv", "metadata_file": None}


def test_update_rejects_non_string_path(collections_db: Database) -> None:
    with pytest.raises(TypeError, match="data_file"):
        collections_db.update_time_series_files("Collection", {"data_file": 5})  # type: ignore[dict-item]
    assert collections_db.read_time_series_files("Collection") == {"data_file": None, "metadata_file": None}


def test_methods_after_close_raise(collections_db: Database) -> None:
    collections_db.close()
    for call in (
        lambda: collections_db.has_time_series_files("Collection"),
        lambda: collections_db.list_time_series_files_columns("Collection"),
        lambda: collections_db.read_time_series_files("Collection"),
        lambda: collections_db.update_time_series_files("Collection", {"data_file": "x"}),
        lambda: collections_db.update_time_series_files("Collection", {}),
    ):
        with pytest.raises(QuiverError, match="^Database has been closed$"):
            call()

"""Columnar reads (issue 15, read side): read_columns, read_frame, read_arrow,
read_time_series_frame, read_time_series_arrow, read_time_series_group_frame, and the C column
sets under them (one scan, aligned columns, NULLs, ownership)."""

from __future__ import annotations

import gc
import sqlite3
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

from quiverdb import Database, QuiverError  # noqa: E402
from quiverdb._ffi.c_api import ffi, lib  # noqa: E402
from support.paths import VALID  # noqa: E402

ENERGY = VALID / "energy.sql"
HOURS = [f"2024-01-01T{h:02d}:00:00" for h in range(24)]


@pytest.fixture
def energy(tmp_path: Path) -> Iterator[Database]:
    """3 regions, 5 plants (plant 3 with NULLs everywhere but its label), hourly generation
    for plants 1, 2 and 4."""
    db = Database.from_schema(str(tmp_path / "energy.db"), str(ENERGY))
    regions = {name: db.create_element("Region", label=name) for name in ("North", "South", "East")}
    plants = [
        ("Hydro A", 120.5, 4, "hydro", "2001-05-03T00:00:00", regions["North"]),
        ("Wind B", 48.0, 16, "wind", "2015-11-20T12:30:00", regions["South"]),
        ("Spare C", None, None, None, None, None),
        ("Solar D", 30.25, 120, "solar", "2021-06-01T00:00:00", regions["North"]),
        ("Gas E", 400.0, 2, "gas", "1999-12-31T23:59:59", regions["East"]),
    ]
    with db.transaction():
        for label, cap, units, fuel, date, region in plants:
            kw = {"label": label}
            if cap is not None:
                kw.update(capacity_mw=cap, units=units, fuel=fuel, date_commissioned=date, region_id=region)
            db.create_element("Plant", **kw)
    for pid in (1, 2, 4):
        rows = [{"date_time": h, "generation_mw": float(pid * 10 + i), "available": 1} for i, h in enumerate(HOURS)]
        db.update_time_series_group("Plant", "generation", pid, rows)
    con = sqlite3.connect(tmp_path / "energy.db")  # NULLs the writer refuses: every 5th hour
    con.execute(
        "UPDATE Plant_time_series_generation SET available = NULL WHERE CAST(substr(date_time, 12, 2) AS INTEGER) % 5 = 0"
    )
    con.commit()
    con.close()
    try:
        yield db
    finally:
        db.close()


def alive() -> int:
    gc.collect()
    return int(lib.quiver_column_sets_alive())


# ---------------------------------------------------------------- read_columns


def test_read_columns_aligned_with_ids_and_typed(energy: Database) -> None:
    cols = energy.read_columns("Plant")
    assert list(cols) == ["id", "label", "capacity_mw", "units", "fuel", "date_commissioned", "region_id"]
    assert cols["id"].tolist() == energy.read_element_ids("Plant")
    assert cols["id"].dtype == np.int64
    assert cols["label"].tolist() == ["Hydro A", "Wind B", "Spare C", "Solar D", "Gas E"]
    assert isinstance(cols["label"], np.ndarray) and not isinstance(cols["label"], np.ma.MaskedArray)
    cap = cols["capacity_mw"]
    assert isinstance(cap, np.ma.MaskedArray) and cap.dtype == np.float64
    assert cap.mask.tolist() == [False, False, True, False, False]
    assert np.isnan(cap.data[2])
    assert cap.compressed().tolist() == [120.5, 48.0, 30.25, 400.0]
    assert cols["units"].dtype == np.int64 and cols["units"].filled(-1).tolist() == [4, 16, -1, 120, 2]
    assert cols["fuel"].dtype == object and cols["fuel"].data[2] is None
    dates = cols["date_commissioned"]
    assert dates.dtype == np.dtype("datetime64[ns]")
    assert dates.data[0] == np.datetime64("2001-05-03T00:00:00")
    assert np.isnat(dates.data[2])
    assert cols["region_id"].filled(0).tolist() == [1, 2, 0, 1, 3]


def test_read_columns_alignment_where_bulk_scalar_reads_drop_nulls(energy: Database) -> None:
    # the bug of the issue: read_scalar_* drop NULLs, so zip() against the labels misaligns
    cols = energy.read_columns("Plant", ["label", "region_id"])
    pairs = dict(zip(cols["label"].tolist(), cols["region_id"].filled(0).tolist()))
    assert pairs == {"Hydro A": 1, "Wind B": 2, "Spare C": 0, "Solar D": 1, "Gas E": 3}


def test_read_columns_order_subset_and_id(energy: Database) -> None:
    cols = energy.read_columns("Plant", ["units", "id", "label"])
    assert list(cols) == ["id", "units", "label"]
    assert list(energy.read_columns("Plant", [])) == ["id"]
    assert energy.read_columns("Region", ["label"])["label"].tolist() == ["North", "South", "East"]


def test_read_columns_numbers_are_zero_copy_views(energy: Database) -> None:
    cols = energy.read_columns("Plant", ["units"])
    ids = cols["id"]
    assert not ids.flags.owndata  # a view of the C buffer
    assert ids.base is not None
    base = alive()
    del cols
    gc.collect()
    assert alive() == base  # `ids` keeps its set alive
    assert ids.tolist() == [1, 2, 3, 4, 5]
    del ids
    assert alive() == base - 1


def test_every_set_is_freed(energy: Database) -> None:
    base = alive()
    for _ in range(3):
        energy.read_columns("Plant")
        energy.read_frame("Plant", relations="label")
        energy.read_time_series_frame("Plant", "generation")
        pa.table(energy.read_arrow("Plant"))
        energy.read_arrow("Plant").__arrow_c_stream__()  # capsule never consumed
    assert alive() == base


def test_empty_collection(tmp_path: Path) -> None:
    with Database.from_schema(str(tmp_path / "e.db"), str(ENERGY)) as db:
        cols = db.read_columns("Plant")
        assert all(len(v) == 0 for v in cols.values())
        frame = db.read_frame("Plant")
        assert len(frame) == 0 and list(frame.columns)[:2] == ["label", "capacity_mw"]
        assert pa.table(db.read_arrow("Plant")).num_rows == 0
        assert len(db.read_time_series_frame("Plant", "generation")) == 0


@pytest.mark.parametrize(
    ("collection", "attributes", "message"),
    [
        ("Nope", None, "Cannot read_columns: collection not found: Nope"),
        ("Plant", ["capacity"], "Cannot read_columns: column 'capacity' not found in table 'Plant'"),
        ("Plant", ["units", "units"], "Cannot read_columns: attribute 'units' given more than once"),
    ],
)
def test_read_columns_errors_name_the_input(energy: Database, collection: str, attributes, message: str) -> None:
    for method in (energy.read_columns, energy.read_frame, energy.read_arrow):
        with pytest.raises(QuiverError, match=message):
            method(collection, attributes)


def test_read_columns_wrong_types(energy: Database) -> None:
    with pytest.raises(TypeError, match="attributes must be a list of str"):
        energy.read_columns("Plant", "label")
    with pytest.raises(TypeError, match="attributes must be a list of str; got int 3"):
        energy.read_columns("Plant", ["label", 3])
    with pytest.raises(TypeError, match="collection must be str"):
        energy.read_frame(7)
    with pytest.raises(QuiverError, match="relations must be 'id' or 'label', not 'name'"):
        energy.read_frame("Plant", relations="name")


def test_read_columns_sees_uncommitted_writes_and_its_own_ids_in_order(energy: Database) -> None:
    # the scan runs inside SQLite's VM (quiver_collect); it reads what the connection sees
    with energy.transaction():
        new = energy.create_element("Plant", label="New F", capacity_mw=1.5)
        energy.delete_element("Plant", 2)
        cols = energy.read_columns("Plant", ["capacity_mw"])
        assert cols["id"].tolist() == [1, 3, 4, 5, new]
        assert cols["capacity_mw"][-1] == 1.5


def test_the_internal_scan_function_is_refused_from_user_sql(energy: Database) -> None:
    with pytest.raises(QuiverError, match=r"quiver_collect\(\) is internal to quiverdb"):
        energy.query("SELECT quiver_collect(1, id) FROM Plant")
    with pytest.raises(QuiverError, match="quiver_collect"):  # no pointer can be made from SQL
        energy.query("SELECT quiver_collect(NULL, id) FROM Plant")
    assert energy.read_columns("Plant", ["units"])["id"].tolist() == [1, 2, 3, 4, 5]


def test_a_larger_page_cache_is_set_through_query(energy: Database) -> None:
    # the tip of docs/dataframes.md "Speed and memory" for repeated reads of a large table
    assert energy.query("PRAGMA cache_size = -65536") == []
    assert energy.query("PRAGMA cache_size") == [(-65536,)]
    assert energy.read_columns("Plant", ["units"])["units"].tolist()[:2] == [4, 16]


def test_closed_database(energy: Database) -> None:
    energy.close()
    with pytest.raises(QuiverError, match="Database has been closed"):
        energy.read_columns("Plant")


def test_invalid_stored_date_time_reads_as_nat(tmp_path: Path) -> None:
    # a stored value never makes a read fail (issue 16, item 17; docs/dataframes.md)
    path = tmp_path / "bad.db"
    Database.from_schema(str(path), str(ENERGY)).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO Plant (id, label, date_commissioned) VALUES (7, 'X', 'last tuesday')")
    con.commit()
    con.close()
    with Database.open(str(path)) as db:
        frame = db.read_frame("Plant")
        assert frame.index.tolist() == [7] and pd.isna(frame.loc[7, "date_commissioned"])
        assert frame["label"].tolist() == ["X"]
        assert db.read_scalar_strings("Plant", "date_commissioned") == ["last tuesday"]


# ---------------------------------------------------------------- read_frame


def test_read_frame_matches_read_sql(energy: Database) -> None:
    frame = energy.read_frame("Plant")
    assert frame.index.name == "id" and frame.index.tolist() == [1, 2, 3, 4, 5]
    con = sqlite3.connect(energy.path())
    expected = pd.read_sql("SELECT * FROM Plant ORDER BY id", con, index_col="id", parse_dates=["date_commissioned"])
    con.close()
    assert list(frame.columns) == list(expected.columns)
    for name in frame.columns:
        got, want = frame[name], expected[name]
        assert got.isna().tolist() == want.isna().tolist(), name
        assert got.dropna().tolist() == want.dropna().tolist(), name
    assert frame["capacity_mw"].dtype == np.float64
    assert str(frame["units"].dtype) == "Int64"  # nullable integers: no float rounding
    assert frame["date_commissioned"].dtype == np.dtype("datetime64[ns]")
    assert frame.loc[3, "date_commissioned"] is pd.NaT
    assert frame.loc[2, "date_commissioned"] == pd.Timestamp("2015-11-20 12:30:00")


def test_read_frame_relations_by_label(energy: Database) -> None:
    frame = energy.read_frame("Plant", ["label", "region_id"], relations="label")
    assert frame["region_id"].dtype == "category"
    assert frame["region_id"].astype(object).where(frame["region_id"].notna(), None).tolist() == [
        "North",
        "South",
        None,
        "North",
        "East",
    ]
    by_region = frame.groupby("region_id", observed=True).size().to_dict()
    assert by_region == {"North": 2, "South": 1, "East": 1}
    assert energy.read_frame("Plant", ["region_id"])["region_id"].tolist()[:2] == [1, 2]


def test_read_frame_columns_share_the_c_buffers(energy: Database) -> None:
    frame = energy.read_frame("Plant", ["capacity_mw"])
    cap = frame["capacity_mw"].to_numpy()
    assert not cap.flags.owndata  # no copy on the way from C to pandas


def test_frame_methods_without_pandas_name_the_extra(energy: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    for call in (
        lambda: energy.read_frame("Plant"),
        lambda: energy.read_time_series_frame("Plant", "generation"),
        lambda: energy.read_time_series_group_frame("Plant", "generation", 1),
        lambda: energy.read_time_series_group("Plant", "generation", 1, as_frame=True),
    ):
        with pytest.raises(ImportError, match=r"pip install 'quiverdb\[pandas\]'"):
            call()
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(ImportError, match=r"read_columns needs numpy: pip install 'quiverdb\[numpy\]'"):
        energy.read_columns("Plant")
    # read_arrow needs neither numpy nor pandas nor pyarrow
    assert energy.read_arrow("Plant").num_rows == 5


# ---------------------------------------------------------------- Arrow


def test_read_arrow_pyarrow_table(energy: Database) -> None:
    obj = energy.read_arrow("Plant", ["label", "capacity_mw", "units", "date_commissioned"])
    assert obj.column_names == ["id", "label", "capacity_mw", "units", "date_commissioned"]
    table = pa.table(obj)
    assert table.schema.types == [pa.int64(), pa.string(), pa.float64(), pa.int64(), pa.timestamp("ns")]
    assert table.column("capacity_mw").null_count == 1
    assert table.column("units").to_pylist() == [4, 16, None, 120, 2]
    assert table.column("date_commissioned")[1].as_py() == datetime(2015, 11, 20, 12, 30)
    # consumable again (a new stream per call), and valid after the database is closed
    energy.close()
    assert pa.table(obj).equals(table)
    del obj
    gc.collect()
    assert table.column("label").to_pylist() == ["Hydro A", "Wind B", "Spare C", "Solar D", "Gas E"]


def test_arrow_numbers_are_not_copied(energy: Database) -> None:
    obj = energy.read_arrow("Plant", ["capacity_mw"])
    table = pa.table(obj)
    cols = energy.read_columns("Plant", ["capacity_mw"])  # another read: another buffer
    buf = table.column("capacity_mw").chunk(0).buffers()[1]
    assert buf.address != cols["capacity_mw"].data.ctypes.data
    # the Arrow buffer is the set's own C buffer: a second stream of the same object shares it
    again = pa.table(obj).column("capacity_mw").chunk(0).buffers()[1]
    assert again.address == buf.address


def test_arrow_stream_outlives_everything(energy: Database) -> None:
    base = alive()
    capsule = energy.read_arrow("Plant").__arrow_c_stream__()
    assert alive() == base + 1  # the stream's own reference
    reader = pa.RecordBatchReader._import_from_c_capsule(capsule)
    del capsule
    batch = reader.read_next_batch()
    del reader
    gc.collect()
    assert batch.num_rows == 5 and batch.column(1).to_pylist()[0] == "Hydro A"
    del batch
    assert alive() == base


def test_polars_reads_the_stream(energy: Database) -> None:
    pl = pytest.importorskip("polars")
    df = pl.DataFrame(energy.read_arrow("Plant", ["label", "units"]))
    assert df.columns == ["id", "label", "units"]
    assert df["units"].to_list() == [4, 16, None, 120, 2]


def test_read_time_series_arrow(energy: Database) -> None:
    table = pa.table(energy.read_time_series_arrow("Plant", "generation", ids=[4]))
    assert table.column_names == ["id", "date_time", "available", "generation_mw"]
    assert table.num_rows == 24 and set(table.column("id").to_pylist()) == {4}


# ---------------------------------------------------------------- time series


def test_read_time_series_frame_long(energy: Database) -> None:
    frame = energy.read_time_series_frame("Plant", "generation")
    assert list(frame.columns) == ["id", "label", "date_time", "available", "generation_mw"]
    assert len(frame) == 3 * 24
    assert frame["id"].tolist() == [1] * 24 + [2] * 24 + [4] * 24
    assert frame["label"].dtype == "category"
    assert frame["label"].iloc[[0, 24, 48]].tolist() == ["Hydro A", "Wind B", "Solar D"]
    assert frame["date_time"].dtype == np.dtype("datetime64[ns]")
    assert frame["date_time"].iloc[:24].tolist() == [pd.Timestamp(h) for h in HOURS]
    assert frame["generation_mw"].iloc[24:27].tolist() == [20.0, 21.0, 22.0]
    assert frame["available"].isna().sum() == 3 * 5
    assert str(frame["available"].dtype) == "Int64"
    # one read gives what one read_time_series_group per element gives
    for pid in (1, 2, 4):
        rows = energy.read_time_series_group("Plant", "generation", pid)
        part = frame[frame["id"] == pid]
        assert part["generation_mw"].tolist() == [r["generation_mw"] for r in rows]


def test_read_time_series_frame_filters(energy: Database) -> None:
    frame = energy.read_time_series_frame("Plant", "generation", ids=[4, 1, 4, 99])
    assert frame["id"].drop_duplicates().tolist() == [4, 1]  # the order given, once, unknown id: none
    part = energy.read_time_series_frame(
        "Plant", "generation", start="2024-01-01T06:00:00", end=datetime(2024, 1, 1, 8)
    )
    assert part["date_time"].dt.hour.tolist() == [6, 7] * 3
    assert len(energy.read_time_series_frame("Plant", "generation", ids=[])) == 0


def test_read_time_series_frame_sorts_rows_stored_out_of_order(energy: Database) -> None:
    energy.update_time_series_group(
        "Plant", "generation", 3, [{"date_time": "2024-01-02T00:00:00", "generation_mw": 1.0, "available": 0}]
    )
    energy.update_time_series_group(
        "Plant", "generation", 2, [{"date_time": "2023-12-31T23:00:00", "generation_mw": 2.0, "available": 0}]
    )  # element 2's rows now come after element 3's in the table
    frame = energy.read_time_series_frame("Plant", "generation")
    assert frame["id"].tolist() == [1] * 24 + [2] + [3] + [4] * 24
    assert frame["label"].tolist()[24:26] == ["Wind B", "Spare C"]
    assert frame["date_time"].is_monotonic_increasing is False
    assert frame.groupby("id")["date_time"].apply(lambda s: s.is_monotonic_increasing).all()


def test_read_time_series_errors(energy: Database) -> None:
    with pytest.raises(QuiverError, match="Time series group not found: 'gen' in collection 'Plant'"):
        energy.read_time_series_frame("Plant", "gen")
    with pytest.raises(QuiverError, match="collection not found: Nope"):
        energy.read_time_series_arrow("Nope", "generation")
    with pytest.raises(TypeError, match="ids must be a list of int"):
        energy.read_time_series_frame("Plant", "generation", ids=["1"])
    with pytest.raises(TypeError, match="start must be a str, datetime or date"):
        energy.read_time_series_frame("Plant", "generation", start=3)


def test_read_time_series_group_frame(energy: Database) -> None:
    frame = energy.read_time_series_group_frame("Plant", "generation", 2)
    assert frame.index.name == "date_time" and frame.index.dtype == np.dtype("datetime64[ns]")
    assert list(frame.columns) == ["available", "generation_mw"]
    rows = energy.read_time_series_group("Plant", "generation", 2)
    assert frame["generation_mw"].tolist() == [r["generation_mw"] for r in rows]
    assert [None if pd.isna(v) else v for v in frame["available"]] == [r["available"] for r in rows]
    empty = energy.read_time_series_group_frame("Plant", "generation", 3)
    assert len(empty) == 0 and list(empty.columns) == ["available", "generation_mw"]


def test_read_time_series_group_as_frame(energy: Database) -> None:
    # the spelling: the list-of-dicts reader with as_frame=True gives the same frame
    frame = energy.read_time_series_group("Plant", "generation", 2, as_frame=True)
    assert frame.equals(energy.read_time_series_group_frame("Plant", "generation", 2))
    assert frame.index.name == "date_time" and len(frame) == len(
        energy.read_time_series_group("Plant", "generation", 2)
    )
    with pytest.raises(TypeError, match="columnar and as_frame"):
        energy.read_time_series_group("Plant", "generation", 2, columnar=True, as_frame=True)
    with pytest.raises(QuiverError, match="Time series group not found: 'nope'"):
        energy.read_time_series_group("Plant", "nope", 2, as_frame=True)


# ---------------------------------------------------------------- C API


def test_c_null_arguments_and_free(energy: Database) -> None:
    out = ffi.new("quiver_column_set_t **")
    h = energy._handle()
    assert lib.quiver_database_read_columns(h, ffi.NULL, ffi.NULL, 0, 0, out) == lib.QUIVER_ERROR
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: collection"
    assert lib.quiver_database_read_columns(h, b"Plant", ffi.NULL, 2, 0, out) == lib.QUIVER_ERROR
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: attributes"
    assert (
        lib.quiver_database_read_time_series_columns(h, b"Plant", ffi.NULL, ffi.NULL, 0, ffi.NULL, ffi.NULL, 0, out)
        == lib.QUIVER_ERROR
    )
    assert ffi.string(lib.quiver_get_last_error()) == b"Null argument: group"
    assert lib.quiver_column_set_free(ffi.NULL) == lib.QUIVER_OK
    assert lib.quiver_column_set_export_arrow_stream(ffi.NULL, ffi.NULL) == lib.QUIVER_ERROR
    foreign = ffi.new("quiver_column_set_t *")  # not made by the library: refused, never dereferenced
    assert lib.quiver_column_set_export_arrow_stream(foreign, ffi.new("struct ArrowArrayStream *")) == lib.QUIVER_ERROR
    assert b"not a column set returned by quiverdb" in ffi.string(lib.quiver_get_last_error())
    assert lib.quiver_column_set_free(foreign) == lib.QUIVER_OK


def test_c_text_layout_and_dates_as_text(energy: Database) -> None:
    names = [ffi.new("char[]", b"fuel"), ffi.new("char[]", b"date_commissioned")]
    out = ffi.new("quiver_column_set_t **")
    h = energy._handle()
    assert lib.quiver_database_read_columns(h, b"Plant", ffi.new("const char *[]", names), 2, 0, out) == lib.QUIVER_OK
    s = out[0]
    try:
        assert s.row_count == 5 and s.column_count == 3
        fuel = s.columns[1]
        assert fuel.storage == lib.QUIVER_COLUMN_TEXT and fuel.null_count == 1
        text = ffi.buffer(fuel.text, fuel.text_bytes)[:]
        assert text == b"hydro\0wind\0\0solar\0gas\0"
        assert [fuel.offsets[i] for i in range(6)] == [0, 6, 11, 12, 18, 22]
        assert [fuel.validity[i] for i in range(5)] == [1, 1, 0, 1, 1]
        dates = s.columns[2]
        assert dates.storage == lib.QUIVER_COLUMN_TEXT and dates.data_type == lib.QUIVER_DATA_TYPE_DATE_TIME
    finally:
        lib.quiver_column_set_free(s)


def test_read_frame_object_string_path(energy: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # pandas < 3, or no pyarrow: text columns are built from Python str objects instead of Arrow
    from quiverdb import database_frames

    fast = energy.read_frame("Plant", ["label", "fuel"])
    monkeypatch.setattr(database_frames, "_ARROW_STRING_DTYPE", [None])
    slow = energy.read_frame("Plant", ["label", "fuel"])
    for name in ("label", "fuel"):
        assert slow[name].isna().tolist() == fast[name].isna().tolist()
        assert slow[name].dropna().tolist() == fast[name].dropna().tolist()
    assert slow.loc[2, "fuel"] == "wind"

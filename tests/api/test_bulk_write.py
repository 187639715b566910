"""db.query, db.create_elements, db.update_time_series_frame (issue 15, write side)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from quiverdb import Database, QuiverError
from support.paths import ROOT

BENCH_SCHEMA = ROOT / "benchmarks" / "schema.sql"


@pytest.fixture
def items(tmp_path: Path):
    db = Database.from_schema(str(tmp_path / "items.db"), str(BENCH_SCHEMA))
    try:
        yield db
    finally:
        db.close()


# ---- query ----


def test_query_every_row_and_type(items):
    items.create_elements("Items", {"label": ["a", "b"], "some_integer": [1, None], "some_float": [1.5, 2.0]})
    rows = items.query("SELECT id, label, some_integer, some_float FROM Items ORDER BY id")
    assert rows == [(1, "a", 1, 1.5), (2, "b", None, 2.0)]
    assert items.query("SELECT label FROM Items WHERE some_float > ?", [1.7]) == [("b",)]
    assert items.query("SELECT 1, 'x', NULL, 2.5") == [(1, "x", None, 2.5)]
    assert items.query("SELECT label FROM Items WHERE id = 99") == []


def test_query_mixed_column_and_unicode(items):
    rows = items.query("SELECT 1 UNION ALL SELECT 'é' UNION ALL SELECT NULL UNION ALL SELECT 2.5")
    assert rows == [(1,), ("é",), (None,), (2.5,)]


def test_query_parameter_count_is_checked(items):
    with pytest.raises(QuiverError, match="has 1 parameter but 0 were given"):
        items.query("SELECT ?")
    with pytest.raises(QuiverError, match="has 0 parameters but 2 were given"):
        items.query("SELECT 1", [1, 2])
    with pytest.raises(TypeError):
        items.query("SELECT ?", "x")
    with pytest.raises(TypeError):
        items.query("SELECT ?", [object()])


def test_query_runs_one_statement_and_refuses_a_second(items):
    # a second statement is refused before anything runs: the UPDATE must not happen either
    items.create_elements("Items", {"label": ["a"], "some_integer": [1]})
    with pytest.raises(QuiverError, match="more than one statement"):
        items.query("UPDATE Items SET some_integer = 2; SELECT some_integer FROM Items")
    with pytest.raises(QuiverError, match="more than one statement"):
        items.query("SELECT 1; SELECT * FROM Nope")
    assert items.query("SELECT some_integer FROM Items") == [(1,)]
    # what may follow the one statement: semicolons, whitespace and comments
    assert items.query("SELECT 1; ;  -- done\n /* really */ ;") == [(1,)]
    assert items.query("SELECT 1; /* an unclosed comment runs to the end") == [(1,)]
    with pytest.raises(QuiverError, match="more than one statement"):
        items.query("SELECT 1; not sql at all")
    with pytest.raises(QuiverError, match="no statement"):
        items.query(" -- only a comment")


def test_query_errors(items):
    with pytest.raises(QuiverError, match="no such table"):
        items.query("SELECT * FROM Nope")
    with pytest.raises(QuiverError, match="BLOB"):
        items.query("SELECT x'00'")


# ---- create_elements ----


def test_create_elements_list_of_dicts(items):
    ids = items.create_elements(
        "Items",
        [
            {
                "label": "a",
                "some_integer": 1,
                "some_float": 0.5,
                "some_string": "x",
                "date_created": "2024-01-01T00:00:00",
            },
            {"label": "b", "some_float": 2},
        ],
    )
    assert ids == [1, 2]
    assert items.read_scalars_by_id("Items", 2)["some_integer"] is None
    assert items.read_scalar_floats("Items", "some_float") == [0.5, 2.0]
    assert items.query("SELECT some_string, date_created FROM Items WHERE id = 1") == [("x", "2024-01-01T00:00:00")]


def test_create_elements_dict_of_columns_with_lists(items):
    ids = items.create_elements(
        "Items",
        {"label": ["a", "b", "c"], "value": [[1.0, 2.0], [], [3.0]], "tag": [["x", "y"], ["z"], []]},
    )
    assert ids == [1, 2, 3]
    assert items.read_vector_floats_by_id("Items", "value", 2) == []
    assert items.read_vector_floats("Items", "value") == [[1.0, 2.0], [3.0]]
    assert items.read_set_strings_by_id("Items", "tag", 1) == ["x", "y"]
    assert items.read_set_strings_by_id("Items", "tag", 2) == ["z"]


def test_create_elements_time_series_columns(items):
    items.create_elements(
        "Items",
        {"label": ["a"], "date_time": [["2024-01-01T00:00:00", "2024-01-02T00:00:00"]], "measurement": [[1.0, 2.0]]},
    )
    rows = items.read_time_series_group("Items", "data", 1)
    assert [r["measurement"] for r in rows] == [1.0, 2.0]


def test_create_elements_relations_by_label(relations_db):
    relations_db.create_elements("Parent", {"label": ["p1", "p2"]})
    ids = relations_db.create_elements(
        "Child", [{"label": "c1", "parent_id": "p2"}, {"label": "c2", "parent_id": "p1", "parent_ref": ["p1", "p2"]}]
    )
    assert relations_db.read_scalar_integers("Child", "parent_id") == [2, 1]
    assert relations_db.read_vector_integers_by_id("Child", "parent_ref", ids[1]) == [1, 2]
    with pytest.raises(QuiverError, match=r"element 1, column 'parent_id': Failed to resolve label 'nope'"):
        relations_db.create_elements(
            "Child", [{"label": "c3", "parent_id": "p1"}, {"label": "c4", "parent_id": "nope"}]
        )
    assert relations_db.number_of_elements("Child") == 2


def _count(db):
    return db.number_of_elements("Items")


class _Row(dict):  # a dict subclass: its own __getitem__ is honoured (never read around)
    def __getitem__(self, key):
        return "sub" if key == "some_string" else super().__getitem__(key)


# Rows as a user writes them. Plain columns (all int / float / str, None allowed) are packed in
# C (quiverdb._rows); any other column, or rows that are not all dicts with the same keys, go
# through the general Python conversion. Both must store exactly what the same data given as a
# dict of columns stores, and fail with the same error.
ROW_SETS = {
    "plain with NULLs": [
        {"label": "a", "some_integer": 1, "some_float": 0.5, "some_string": "é", "date_created": "2024-01-01"},
        {"label": "b", "some_integer": None, "some_float": None, "some_string": None, "date_created": None},
    ],
    "bools are integers": [{"label": "a", "some_integer": True}, {"label": "b", "some_integer": False}],
    "ints and floats mixed": [{"label": "a", "some_float": 1}, {"label": "b", "some_float": 2.5}],
    "a column all NULL": [{"label": "a", "some_string": None}, {"label": "b", "some_string": None}],
    "dates as datetime": [{"label": "a", "date_created": __import__("datetime").datetime(2024, 5, 1, 6)}],
    "keys in another order": [{"label": "a", "some_integer": 1}, {"some_integer": 2, "label": "b"}],
    "a later row with fewer keys": [{"label": "a", "some_integer": 1}, {"label": "b"}],
    "a later row with other keys": [{"label": "a", "some_integer": 1}, {"label": "b", "some_float": 1.0}],
    "a dict subclass": [_Row(label="a", some_string="own")],
    "tuple of rows": ({"label": "a", "some_integer": 7},),
}


@pytest.mark.parametrize("name", sorted(ROW_SETS))
def test_create_elements_rows_store_what_columns_store(tmp_path, name):
    rows = ROW_SETS[name]
    keys = list(dict.fromkeys(k for row in rows for k in row))
    # row[k], not row.get(k): a dict subclass's own __getitem__ must answer, as it does for the library
    columns = {k: [row[k] if k in row else None for row in rows] for k in keys}  # noqa: SIM401
    stored = []
    for i, data in enumerate((rows, columns)):
        with Database.from_schema(str(tmp_path / f"{i}.db"), str(BENCH_SCHEMA)) as db:
            db.create_elements("Items", data)
            stored.append(db.query("SELECT * FROM Items ORDER BY id"))
    assert stored[0] == stored[1]
    assert len(stored[0]) == len(rows)


@pytest.mark.parametrize(
    ("rows", "error", "message"),
    [
        (
            [{"label": "a", "some_integer": 1}, {"label": "b", "some_integer": 2**63}],
            OverflowError,
            r"element 1, column 'some_integer': 9223372036854775808 is outside the 64-bit INTEGER range",
        ),
        ([{"label": "a\0b"}], ValueError, r"element 0, column 'label': text contains a NUL character"),
        (
            [{"label": "a"}, {"label": "b\ud800"}],
            ValueError,
            r"element 1, column 'label': text is not valid Unicode \(surrogates not allowed: '\\ud800'\)",
        ),
        ([{"label": "a", "some_float": "x"}], QuiverError, r"element 0, column 'some_float': expected REAL, got TEXT"),
    ],
)
def test_create_elements_rows_refused_like_columns(items, rows, error, message):
    for data in (rows, {k: [row[k] for row in rows] for k in rows[0]}):
        with pytest.raises(error, match=message):
            items.create_elements("Items", data)
    assert _count(items) == 0


@pytest.mark.parametrize("cache_size", [None, -500, 100, -200000])
def test_a_large_create_elements_leaves_the_page_cache_as_it_was(items, cache_size):
    # writes of 10,000+ rows raise the page cache for the call (docs/benchmarks.md), then put
    # back whatever the caller had, also when the write fails
    if cache_size is not None:
        items.query(f"PRAGMA cache_size = {cache_size}")
    before = items.query("PRAGMA cache_size")
    labels = [f"item {i}" for i in range(12_000)]
    assert len(items.create_elements("Items", {"label": labels})) == 12_000
    assert items.query("PRAGMA cache_size") == before
    with pytest.raises(QuiverError, match=r"element 11999: .*UNIQUE constraint failed"):
        items.create_elements("Items", {"label": [f"new {i}" for i in range(11_999)] + ["item 0"]})
    assert items.query("PRAGMA cache_size") == before
    assert _count(items) == 12_000


def test_create_elements_errors_name_row_and_column_and_write_nothing(items):
    items.create_elements("Items", {"label": ["old"]})
    with pytest.raises(QuiverError, match="column 'some_integer' has 1 values but column 'label' has 2"):
        items.create_elements("Items", {"label": ["a", "b"], "some_integer": [1]})
    with pytest.raises(QuiverError, match=r"element 1, column 'some_integer': expected INTEGER, got REAL NaN"):
        items.create_elements("Items", {"label": ["a", "b"], "some_integer": [1.0, math.nan]})
    with pytest.raises(QuiverError, match=r"element 1, column 'some_integer': expected INTEGER, got REAL 1.5"):
        items.create_elements("Items", {"label": ["a", "b"], "some_integer": [1.0, 1.5]})
    with pytest.raises(QuiverError, match="column 'nope' not found in collection 'Items'"):
        items.create_elements("Items", [{"label": "a", "nope": 1}])
    with pytest.raises(QuiverError, match=r"element 2, column 'label': duplicate label 'a' \(also element 0\)"):
        items.create_elements("Items", {"label": ["a", "b", "a"]})
    with pytest.raises(QuiverError, match=r"element 1: .*UNIQUE constraint failed: Items.label"):
        items.create_elements("Items", {"label": ["new", "old"]})
    with pytest.raises(QuiverError, match=r"element 0, column 'some_float': expected REAL, got TEXT"):
        items.create_elements("Items", {"label": ["a"], "some_float": ["x"]})
    with pytest.raises(QuiverError, match=r"element 1: .*NOT NULL constraint failed: Items.label"):
        items.create_elements("Items", [{"label": "a"}, {"some_integer": 3}])
    with pytest.raises(QuiverError, match="collection not found: Nope"):
        items.create_elements("Nope", [{"label": "a"}])
    with pytest.raises(TypeError, match=r"element 1, column 'some_string': unsupported value"):
        items.create_elements("Items", {"label": ["a", "b"], "some_string": ["x", object()]})
    with pytest.raises(TypeError, match="element 1 must be a dict"):
        items.create_elements("Items", [{"label": "a"}, 3])
    with pytest.raises(QuiverError, match="does not match any vector, set, or time series table"):
        items.create_elements("Items", {"label": ["a"], "nope": [[1]]})
    assert _count(items) == 1


def test_create_elements_inside_a_caller_transaction(items):
    items.begin_transaction()
    items.create_elements("Items", {"label": ["a"]})
    with pytest.raises(QuiverError):
        items.create_elements("Items", {"label": ["b", "a"]})
    assert items.in_transaction()
    items.commit()
    assert items.read_scalar_strings("Items", "label") == ["a"]


def test_create_elements_empty(items):
    assert items.create_elements("Items", []) == []
    assert items.create_elements("Items", {"label": []}) == []


def test_create_elements_read_only(tmp_path):
    path = str(tmp_path / "ro.db")
    Database.from_schema(path, str(BENCH_SCHEMA)).close()
    with Database.open(path, read_only=True) as db, pytest.raises(QuiverError, match="read-only"):
        db.create_elements("Items", {"label": ["a"]})


def test_create_elements_dataframe(items):
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    frame = pd.DataFrame(
        {
            "label": ["a", "b", "c"],
            "some_integer": np.array([1, 2, 3], dtype=np.int32),
            "some_float": [1.5, np.nan, 2.5],
            "some_string": ["x", None, "z"],
            "date_created": pd.to_datetime(["2024-01-01 10:00:00", None, "2024-03-01 00:00:00"]),
        }
    )
    assert items.create_elements("Items", frame) == [1, 2, 3]
    assert items.query("SELECT some_integer, some_float, some_string, date_created FROM Items ORDER BY id") == [
        (1, 1.5, "x", "2024-01-01T10:00:00"),
        (2, None, None, None),
        (3, 2.5, "z", "2024-03-01T00:00:00"),
    ]
    bad = pd.DataFrame({"label": ["d", "e"], "some_integer": [1, np.nan]})
    with pytest.raises(QuiverError, match=r"element 1, column 'some_integer': expected INTEGER, got REAL NaN"):
        items.create_elements("Items", bad)
    with pytest.raises(QuiverError, match="column 'nope' not found"):
        items.create_elements("Items", pd.DataFrame({"label": ["d"], "nope": [1]}))
    assert _count(items) == 3


def test_pandas_not_imported_for_plain_input(items):
    import subprocess
    import sys

    code = (
        "import sys; from quiverdb import Database; "
        f"db = Database.from_schema(':memory:', {str(BENCH_SCHEMA)!r}); "
        "db.create_elements('Items', [{'label': 'a'}]); db.query('SELECT 1'); db.close(); "
        "assert 'pandas' not in sys.modules and 'numpy' not in sys.modules, sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- update_time_series_frame ----


def test_update_time_series_frame_by_id_and_label(items):
    items.create_elements("Items", {"label": ["a", "b", "c"]})
    items.update_time_series_group("Items", "data", 3, [{"date_time": "2020-01-01T00:00:00", "measurement": 9.0}])
    items.update_time_series_frame(
        "Items",
        "data",
        {
            "id": [1, 2, 1],
            "date_time": ["2024-01-01T00:00:00", "2024-01-01T00:00:00", "2024-01-02T00:00:00"],
            "measurement": [1.0, 2.0, None],
        },
    )
    assert [r["measurement"] for r in items.read_time_series_group("Items", "data", 1)] == [1.0, None]
    assert [r["measurement"] for r in items.read_time_series_group("Items", "data", 2)] == [2.0]
    assert [r["measurement"] for r in items.read_time_series_group("Items", "data", 3)] == [9.0]  # kept
    items.update_time_series_frame(
        "Items", "data", {"label": ["b"], "date_time": ["2025-01-01T00:00:00"], "measurement": [5]}
    )
    assert items.read_time_series_group("Items", "data", 2) == [
        {"date_time": "2025-01-01T00:00:00", "measurement": 5.0}
    ]
    with pytest.raises(QuiverError, match="no element labelled 'zz'"):
        items.update_time_series_frame(
            "Items", "data", {"label": ["a", "zz"], "date_time": ["x", "y"], "measurement": [1.0, 2.0]}
        )
    with pytest.raises(QuiverError, match="element 7 does not exist"):
        items.update_time_series_frame(
            "Items", "data", {"id": [1, 7], "date_time": ["x", "y"], "measurement": [1.0, 2.0]}
        )
    with pytest.raises(QuiverError, match="column 'nope' not found"):
        items.update_time_series_frame("Items", "data", {"id": [1], "date_time": ["x"], "nope": [1.0]})
    # nothing of the failed calls was written
    assert [r["measurement"] for r in items.read_time_series_group("Items", "data", 1)] == [1.0, None]


def test_update_time_series_frame_dataframe(items):
    pd = pytest.importorskip("pandas")
    items.create_elements("Items", {"label": ["a", "b"]})
    frame = pd.DataFrame(
        {
            "id": [1, 1, 2],
            "date_time": pd.to_datetime(["2024-01-01 00:00:00", "2024-01-01 01:00:00", "2024-01-01 00:00:00"]),
            "measurement": [1.0, 2.0, 3.0],
        }
    )
    items.update_time_series_frame("Items", "data", frame)
    assert items.read_time_series_group("Items", "data", 1) == [
        {"date_time": "2024-01-01T00:00:00", "measurement": 1.0},
        {"date_time": "2024-01-01T01:00:00", "measurement": 2.0},
    ]


# ---- read_scalars_by_id through the row buffers (quiverdb/_by_id.py) ----


def test_read_scalars_by_id_fast_path_matches_the_struct_read(items):
    from quiverdb._c_api import lib
    from quiverdb._ffi import read_results as rr

    long_text = "é" * 5000  # larger than the pooled text buffer: the slow path, then bigger buffers
    items.create_elements(
        "Items",
        {
            "label": ["a", "b", "c"],
            "some_integer": [1, None, 3],
            "some_float": [1, None, 2.5],
            "some_string": ["", None, long_text],
            "date_created": ["2024-01-02T03:04:05", None, "2024-01-02T03:04:05"],
        },
    )
    h = items._handle()
    for _ in range(3):
        for i in (1, 2, 3, 99):
            slow = rr.single_row(lambda out, n, i=i: lib.quiver_database_read_scalars_by_id(h, b"Items", i, out, n))
            assert items.read_scalars_by_id("Items", i) == slow
    assert items.read_scalars_by_id("Items", 3)["some_string"] == long_text
    assert items.read_scalars_by_id("Items", 1)["some_float"] == 1.0
    with pytest.raises(QuiverError, match="collection not found"):
        items.read_scalars_by_id("Nope", 1)

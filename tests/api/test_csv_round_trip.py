"""CSV export -> import round trips of every attribute kind (csv_round_trip.sql), as
property tests over random values (hypothesis; 100 examples, more under ``pytest --long``).

The source database is written with the standard sqlite3 module, so values reach it
exactly as generated (quiverdb's own writers trim text). The round trip must preserve
every value as stored: integers over the whole int64 range, floats bit for bit (extremes,
subnormals, infinities), text with commas, quotes, CR/LF, tabs, leading/trailing spaces and
any Unicode (no NUL: C strings), empty strings apart from NULL, canonical date-times,
foreign keys and self-references by label, enum-coded integers by label. A second export of
the imported database is byte-identical to the first."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import struct
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiverdb import CSVOptions, Database
from support.csv import ROUND_TRIP_SCHEMA

# (collection, group) in an order that lets every file's labels resolve on import
FILES = [("Owner", ""), ("Thing", ""), ("Thing", "samples"), ("Thing", "words"), ("Thing", "log")]

TRICKY = [
    "",
    " ",
    "  padded  ",
    "a,b",
    '"',
    '"quoted"',
    'a"b',
    "\n",
    "line1\nline2",
    "\r",
    "cr\r\nlf",
    "\t",
    "semi;colon",
    "sep=,",
    "=1+2",
    "ünïcødé",
    "日本語",
    "😀",
    "\u00a0nbsp\u00a0",
    "\ufeffbom",
    "\x0b",
    "1",
    "1.5",
    "inf",
    "NULL",
    "2024-01-15T10:30:00",
]
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=12),
    st.text(alphabet=' ,"\r\n\ta;', max_size=6),
)
INTEGER = st.integers(-(2**63), 2**63 - 1)
FLOAT = st.one_of(
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            0.0,
            -0.0,
            5e-324,
            -5e-324,
            2.2250738585072014e-308,
            2.225073858507201e-308,
            1.7976931348623157e308,
            -1.7976931348623157e308,
            float("inf"),
            float("-inf"),
            0.1,
            1 / 3,
            1e22,
            1e-7,
            123456789.12345679,
        ]
    ),
)
DATE = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)).map(
    lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:{d.minute:02d}:{d.second:02d}"
)
# an enum label must not read as an integer (a numeric cell is never looked up as a label)
ENUM_LABEL = TEXT.filter(lambda s: s != "" and re.fullmatch(r"[ \t\r\n]*[+-]?[0-9]+[ \t\r\n]*", s) is None)


def nullable(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def databases(draw: st.DrawFn) -> dict[str, Any]:
    owners = draw(st.lists(TEXT, unique=True, max_size=3))
    labels = draw(st.lists(TEXT, unique=True, min_size=1, max_size=4))
    enum = draw(st.dictionaries(ENUM_LABEL, st.integers(-3, 3), max_size=4))
    status = st.one_of(st.integers(-3, 3), INTEGER)
    owner_ref = nullable(st.sampled_from(owners)) if owners else st.none()
    things = []
    for label in labels:
        n_samples = draw(st.integers(0, 2))
        things.append(
            {
                "label": label,
                "count": draw(nullable(INTEGER)),
                "ratio": draw(nullable(FLOAT)),
                "note": draw(nullable(TEXT)),
                "date_made": draw(nullable(DATE)),
                "status": draw(nullable(status)),
                "owner": draw(owner_ref),
                "twin": draw(nullable(st.sampled_from(labels))),
                "samples": [
                    (
                        draw(nullable(INTEGER)),
                        draw(nullable(FLOAT)),
                        draw(nullable(TEXT)),
                        draw(nullable(DATE)),
                        draw(owner_ref),
                    )
                    for _ in range(n_samples)
                ],
                "words": draw(st.lists(TEXT, unique=True, max_size=2)),
                "log": draw(
                    st.dictionaries(DATE, st.tuples(nullable(INTEGER), nullable(FLOAT), nullable(TEXT)), max_size=2)
                ),
            }
        )
    return {"owners": owners, "things": things, "enum": enum}


def fill(path: str, data: dict[str, Any]) -> None:
    """Write `data` into the database file with sqlite3 (values stored exactly as given)."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA synchronous = OFF")
        owner_ids = {}
        for label in data["owners"]:
            owner_ids[label] = con.execute("INSERT INTO Owner (label) VALUES (?)", (label,)).lastrowid
        ids = {}
        for t in data["things"]:
            ids[t["label"]] = con.execute(
                "INSERT INTO Thing (label, count, ratio, note, date_made, status, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (t["label"], t["count"], t["ratio"], t["note"], t["date_made"], t["status"], owner_ids.get(t["owner"])),
            ).lastrowid
        for t in data["things"]:
            tid = ids[t["label"]]
            if t["twin"] is not None:
                con.execute("UPDATE Thing SET twin_id = ? WHERE id = ?", (ids[t["twin"]], tid))
            for i, (count, value, note, date, owner) in enumerate(t["samples"], start=1):
                con.execute(
                    "INSERT INTO Thing_vector_samples VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (tid, i, count, value, note, date, owner_ids.get(owner)),
                )
            for word in t["words"]:
                con.execute("INSERT INTO Thing_set_words VALUES (?, ?)", (tid, word))
            for date, (level, reading, remark) in t["log"].items():
                con.execute(
                    "INSERT INTO Thing_time_series_log VALUES (?, ?, ?, ?, ?)", (tid, date, level, reading, remark)
                )
        con.commit()
    finally:
        con.close()


def bits(v: Any) -> Any:
    return ("float", struct.pack("<d", v)) if isinstance(v, float) else v


def view(path: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything in the database with ids replaced by labels (ids may differ after an import)."""
    con = sqlite3.connect(path)
    try:
        q = lambda sql: [tuple(bits(v) for v in row) for row in con.execute(sql)]  # noqa: E731
        return {
            "owners": q("SELECT label FROM Owner ORDER BY id"),
            "things": q(
                "SELECT t.label, t.count, t.ratio, t.note, t.date_made, t.status, o.label, w.label, "
                "typeof(t.note), typeof(t.owner_id) FROM Thing t LEFT JOIN Owner o ON o.id = t.owner_id "
                "LEFT JOIN Thing w ON w.id = t.twin_id ORDER BY t.id"
            ),
            "samples": sorted(
                q(
                    "SELECT t.label, s.vector_index, s.sample_count, s.sample_value, s.sample_note, "
                    "s.date_sampled, o.label, typeof(s.sample_note), typeof(s.owner_ref) "
                    "FROM Thing_vector_samples s JOIN Thing t ON t.id = s.id "
                    "LEFT JOIN Owner o ON o.id = s.owner_ref"
                ),
                key=repr,
            ),
            "words": sorted(q("SELECT t.label, w.word FROM Thing_set_words w JOIN Thing t ON t.id = w.id"), key=repr),
            "log": sorted(
                q(
                    "SELECT t.label, l.date_time, l.level, l.reading, l.remark, typeof(l.remark) "
                    "FROM Thing_time_series_log l JOIN Thing t ON t.id = l.id"
                ),
                key=repr,
            ),
            "fk_check": q("PRAGMA foreign_key_check"),
        }
    finally:
        con.close()


def export_all(db: Database, folder: Path, options: CSVOptions) -> dict[tuple[str, str], bytes]:
    out = {}
    for collection, group in FILES:
        path = folder / f"{collection}_{group or 'scalars'}.csv"
        db.export_csv(collection, group, str(path), options=options)
        out[(collection, group)] = path.read_bytes()
    return out


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("csv_round_trip") / "template.db")
    Database.from_schema(path, ROUND_TRIP_SCHEMA).close()
    return path


def round_trip(template: str, data: dict[str, Any], date_time_format: str = "") -> None:
    options = CSVOptions(date_time_format=date_time_format, enum_labels={"status": {"en": data["enum"]}})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source, target = str(folder / "source.db"), str(folder / "target.db")
        shutil.copyfile(template, source)
        shutil.copyfile(template, target)
        fill(source, data)
        with Database.open(source) as db:
            files = export_all(db, folder, options)
        with Database.open(target) as db:
            db.query_integer("PRAGMA synchronous = OFF")  # test speed only: no fsync per import
            for collection, group in FILES:
                db.import_csv(
                    collection, group, str(folder / f"{collection}_{group or 'scalars'}.csv"), options=options
                )
        assert view(target) == view(source)
        with Database.open(target) as db:
            second = folder / "second"
            second.mkdir()
            again = export_all(db, second, options)
        assert again == files


def examples(request: pytest.FixtureRequest, default: int) -> int:
    return default * 20 if request.config.getoption("--long") else default


def test_every_attribute_kind_round_trips(template: str, request: pytest.FixtureRequest) -> None:
    @settings(
        max_examples=examples(request, 100),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(databases())
    def check(data: dict[str, Any]) -> None:
        round_trip(template, data)

    check()


def test_round_trip_with_a_date_time_format(template: str, request: pytest.FixtureRequest) -> None:
    # a format that keeps every field reads back to the same canonical value
    @settings(
        max_examples=examples(request, 25),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(databases(), st.sampled_from(["%d/%m/%Y %H:%M:%S", "%Y%m%d%H%M%S", "%H:%M:%S %d %b %Y"]))
    def check(data: dict[str, Any], fmt: str) -> None:
        round_trip(template, data, fmt)

    check()


def test_known_hard_values_round_trip(template: str) -> None:
    # the same property on one fixed, deliberately nasty database (runs without hypothesis' search)
    things = []
    for i, text in enumerate(TRICKY):
        things.append(
            {
                "label": text,
                "count": [None, 0, -(2**63), 2**63 - 1][i % 4],
                "ratio": [None, -0.0, 5e-324, float("-inf"), 0.1][i % 5],
                "note": text,
                "date_made": ["0001-01-01T00:00:00", None, "9999-12-31T23:59:59"][i % 3],
                "status": [1, 2, 99, None][i % 4],
                "owner": TRICKY[(i + 1) % len(TRICKY)],
                "twin": TRICKY[(i * 7) % len(TRICKY)],
                "samples": [(i, 1.5, text, "2024-02-29T12:00:00", TRICKY[i]), (None, None, None, None, None)],
                "words": [text, text + "x"],
                "log": {"2024-01-01T00:00:00": (i, 0.5, text)},
            }
        )
    round_trip(template, {"owners": list(TRICKY), "things": things, "enum": {"Active": 1, "on": 2, "On": 3}})


# ---- interoperability with other CSV tools (Python's csv module as the reference) ----

ITEM_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=10)


@st.composite
def item_rows(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    labels = draw(st.lists(ITEM_TEXT, unique=True, max_size=6))
    return [
        (label, draw(ITEM_TEXT), draw(nullable(INTEGER)), draw(nullable(FLOAT)), draw(nullable(DATE)), draw(ITEM_TEXT))
        for label in labels
    ]


@pytest.fixture(scope="module")
def items_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    from support.csv import CSV_SCHEMA

    path = str(tmp_path_factory.mktemp("csv_items") / "template.db")
    Database.from_schema(path, CSV_SCHEMA).close()
    return path


def test_export_reads_with_pythons_csv_module(request: pytest.FixtureRequest, items_template: str) -> None:
    import csv
    import io

    @settings(max_examples=examples(request, 50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(item_rows())
    def check(rows: list[tuple[Any, ...]]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "i.db")
            shutil.copyfile(items_template, path)
            con = sqlite3.connect(path)
            con.execute("PRAGMA synchronous = OFF")
            con.executemany(
                "INSERT INTO Items (label, name, status, price, date_created, notes) VALUES (?, ?, ?, ?, ?, ?)", rows
            )
            con.commit()
            con.close()
            with Database.open(path) as db:
                db.export_csv("Items", "", str(Path(tmp) / "i.csv"))
            text = (Path(tmp) / "i.csv").read_bytes().decode()
            assert text.startswith("sep=,\n")
            parsed = list(csv.reader(io.StringIO(text[len("sep=,\n") :], newline="")))
            assert parsed[0] == ["label", "name", "status", "price", "date_created", "notes"]
            expected = [
                [label, name, "" if status is None else str(status), price, date or "", notes]
                for label, name, status, price, date, notes in rows
            ]
            got = [[r[0], r[1], r[2], float(r[3]) if r[3] else None, r[4], r[5]] for r in parsed[1:]]
            assert got == expected

    check()


@pytest.mark.parametrize("quoting", ["all", "minimal"])
def test_files_written_by_pythons_csv_module_import(
    request: pytest.FixtureRequest, items_template: str, quoting: str
) -> None:
    import csv

    @settings(max_examples=examples(request, 40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(item_rows())
    def check(rows: list[tuple[Any, ...]]) -> None:
        if quoting == "minimal":
            # unquoted cells are trimmed and an empty one is NULL: keep values a plain writer cannot mark
            rows = [
                r for r in rows if all(isinstance(v, str) and v.strip(" \t\r\n") == v and v for v in (r[0], r[1], r[5]))
            ]
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "i.db")
            shutil.copyfile(items_template, path)
            with open(Path(tmp) / "i.csv", "w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f, quoting=csv.QUOTE_ALL if quoting == "all" else csv.QUOTE_MINIMAL)
                writer.writerow(["label", "name", "status", "price", "date_created", "notes"])
                for label, name, status, price, date, notes in rows:
                    writer.writerow(
                        [
                            label,
                            name,
                            "" if status is None else status,
                            "" if price is None else repr(price),
                            date or "",
                            notes,
                        ]
                    )
            with Database.open(path) as db:
                db.query_integer("PRAGMA synchronous = OFF")
                db.import_csv("Items", "", str(Path(tmp) / "i.csv"))
            con = sqlite3.connect(path)
            got = con.execute(
                "SELECT label, name, status, price, date_created, notes FROM Items ORDER BY id"
            ).fetchall()
            con.close()
            # SQLite itself keeps no negative zero in a REAL column
            expected = [tuple(bits(0.0 if v == 0 and isinstance(v, float) else v) for v in r) for r in rows]
            assert [tuple(bits(v) for v in r) for r in got] == expected

    check()

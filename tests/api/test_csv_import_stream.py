"""import_csv streams the file (csv::Stream): records across the 1 MiB read chunks, records longer
than a chunk, and the duplicate-label check by hash, checked against the values read back."""

from __future__ import annotations

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


HEADER = "label,some_integer,some_float,some_string,date_created\r\n"


def test_records_across_read_chunks(items, tmp_path):
    n = 30000  # about 2.5 MiB: several chunks, quoted fields with newlines and quotes across them
    lines = [HEADER]
    for i in range(n):
        text = f'"line one {i}\r\nline ""two"", {i}"' if i % 7 == 0 else f"plain {i}"
        lines.append(f"Item {i},{i},{i * 0.25},{text},2024-01-01T00:00:00\r\n")
    path = tmp_path / "big.csv"
    path.write_text("".join(lines), encoding="utf-8", newline="")
    items.import_csv("Items", "", str(path))
    assert items.number_of_elements("Items") == n
    strings = items.read_scalar_strings("Items", "some_string")
    assert strings[0] == 'line one 0\r\nline "two", 0'  # CR inside quotes is kept (csv::parse)
    assert strings[1] == "plain 1"
    assert strings[n - 1] == ("plain %d" % (n - 1) if (n - 1) % 7 else strings[n - 1])
    assert items.read_scalar_integers("Items", "some_integer") == list(range(n))


def test_a_record_longer_than_a_chunk(items, tmp_path):
    long_text = "x" * (3 << 20)
    path = tmp_path / "long.csv"
    path.write_text(HEADER + f'a,1,1.5,"{long_text}",\nb,2,2.5,short,\n', encoding="utf-8")
    items.import_csv("Items", "", str(path))
    assert items.read_scalar_strings("Items", "some_string") == [long_text, "short"]


def test_duplicate_label_far_apart_and_nothing_written(items, tmp_path):
    items.create_element("Items", label="kept")
    rows = [f"Item {i},{i},,," for i in range(20000)] + ["Item 5,1,,,"]
    path = tmp_path / "dup.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(QuiverError, match="There are duplicate entries in the CSV file."):
        items.import_csv("Items", "", str(path))
    assert items.read_scalar_strings("Items", "label") == ["kept"]


def test_unterminated_quote_at_the_end_fails_first(items, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("label,nope\n" + "a,1\n" * 1000 + 'b,"open\n', encoding="utf-8")
    with pytest.raises(QuiverError, match="unterminated quoted field starting on line 1002"):
        items.import_csv("Items", "", str(path))

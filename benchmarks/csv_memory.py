#!/usr/bin/env python3
"""Peak memory of import_csv at N rows (default 1,000,000) above the database it writes.

    python benchmarks/csv_memory.py [--n N]

Writes the CSV of N elements of benchmarks/schema.sql's Items (the shape benchmarks/run.py
exports: label and the four scalars), then imports it in a fresh process into a new database:
the figure is the peak RSS growth of the import call (Linux VmHWM after resetting it through
/proc/self/clear_refs; the database itself is a file, only SQLite's page cache is in memory),
next to the file's size and the database file's size. The import must stream: the target is
<= 32 MiB of growth whatever the file's size (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import os, sys, time
from quiverdb import Database

def kb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])

db = Database.from_schema(sys.argv[1], sys.argv[2])
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = kb("VmRSS")
t = time.perf_counter()
db.import_csv("Items", "", sys.argv[3])
seconds = time.perf_counter() - t
peak = kb("VmHWM")
db.close()
print(peak - before, seconds)
"""


def write_csv(path: str, n: int) -> None:
    rnd = random.Random(1234)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["label", "some_integer", "some_float", "some_string", "date_created"])
        for i in range(1, n + 1):
            w.writerow(
                [
                    f"Item {i}",
                    i * 7,
                    repr(rnd.random() * 1000.0),
                    f"text value {i:08d}",
                    f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "items.csv")
        database = os.path.join(tmp, "items.db")
        write_csv(source, args.n)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, database, str(HERE / "schema.sql"), source],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        growth_kb, seconds = int(out[0]), float(out[1])
        file_mb = os.path.getsize(source) / 2**20
        db_mb = os.path.getsize(database) / 2**20
        growth = growth_kb / 1024
        print(f"N = {args.n:,}: CSV file {file_mb:.1f} MiB, database file written {db_mb:.1f} MiB")
        print(
            f"import_csv peak RSS growth {growth:.1f} MiB (SQLite's page cache included),"
            f" {seconds:.1f} s ({args.n / seconds / 1000:.1f}k rows/s)"
        )
        print(f"target <= 32 MiB: {'met' if growth <= 32 else 'NOT met'}")


if __name__ == "__main__":
    main()

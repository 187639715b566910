-- Schema of the benchmarks (benchmarks/run.py): one collection with the four scalar
-- kinds (integer, float, string, date-time), a float vector group, a set group and a
-- time series group. The raw-sqlite3 baselines run this same file.
PRAGMA foreign_keys = ON;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
) STRICT;

CREATE TABLE Items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    some_integer INTEGER,
    some_float REAL,
    some_string TEXT,
    date_created TEXT
) STRICT;

CREATE TABLE Items_vector_values (
    id INTEGER,
    vector_index INTEGER,
    value REAL,
    PRIMARY KEY (id, vector_index),
    FOREIGN KEY (id) REFERENCES Items(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

CREATE TABLE Items_set_tags (
    id INTEGER,
    tag TEXT,
    UNIQUE (id, tag),
    FOREIGN KEY (id) REFERENCES Items(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

CREATE TABLE Items_time_series_data (
    id INTEGER,
    date_time TEXT,
    measurement REAL,
    PRIMARY KEY (id, date_time),
    FOREIGN KEY (id) REFERENCES Items(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

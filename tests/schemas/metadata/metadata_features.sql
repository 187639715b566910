-- Metadata edge cases: default texts, the alphabetical dimension quirk and a
-- time series table without any date column (valid, but its metadata fails).
PRAGMA foreign_keys = ON;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
) STRICT;

CREATE TABLE Thing (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    count INTEGER DEFAULT -1,
    ratio REAL DEFAULT 1.5,
    note TEXT DEFAULT 'abc',
    empty TEXT DEFAULT NULL,
    expr INTEGER DEFAULT (1+2),
    stamp TEXT DEFAULT CURRENT_TIMESTAMP,
    date_made TEXT
) STRICT;

CREATE TABLE Thing_vector_points (
    id INTEGER NOT NULL REFERENCES Thing(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER,
    point REAL,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Thing_time_series_log (
    id INTEGER NOT NULL REFERENCES Thing(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    date_other TEXT,
    reading REAL,
    PRIMARY KEY (id, date_time)
) STRICT;

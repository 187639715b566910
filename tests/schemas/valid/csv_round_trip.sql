-- Every attribute kind the CSV round-trip tests need: scalars of each type (a date-time,
-- an enum-coded integer, a foreign key and a self-reference), a vector with several nullable
-- value columns (one a foreign key, one a date-time), a set and a time series; Owner has a
-- second UNIQUE column.
PRAGMA foreign_keys = ON;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
) STRICT;

CREATE TABLE Owner (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    code TEXT UNIQUE
) STRICT;

CREATE TABLE Thing (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    count INTEGER,
    ratio REAL,
    note TEXT,
    date_made TEXT,
    status INTEGER,
    owner_id INTEGER REFERENCES Owner(id) ON DELETE SET NULL ON UPDATE CASCADE,
    twin_id INTEGER REFERENCES Thing(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

CREATE TABLE Thing_vector_samples (
    id INTEGER NOT NULL REFERENCES Thing(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    sample_count INTEGER,
    sample_value REAL,
    sample_note TEXT,
    date_sampled TEXT,
    owner_ref INTEGER REFERENCES Owner(id) ON DELETE SET NULL ON UPDATE CASCADE,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Thing_set_words (
    id INTEGER NOT NULL REFERENCES Thing(id) ON DELETE CASCADE ON UPDATE CASCADE,
    word TEXT NOT NULL,
    UNIQUE (id, word)
) STRICT;

CREATE TABLE Thing_time_series_log (
    id INTEGER NOT NULL REFERENCES Thing(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    level INTEGER,
    reading REAL,
    remark TEXT,
    PRIMARY KEY (id, date_time)
) STRICT;

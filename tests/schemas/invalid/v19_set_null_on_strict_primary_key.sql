PRAGMA foreign_keys = ON;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
) STRICT;

CREATE TABLE Collection (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    some_integer INTEGER
) STRICT;

-- id is implicitly NOT NULL: it is part of a composite primary key of a STRICT table
CREATE TABLE Collection_time_series_data (
    id INTEGER REFERENCES Collection(id) ON DELETE SET NULL ON UPDATE CASCADE,
    date_time TEXT,
    value REAL,
    PRIMARY KEY (id, date_time)
) STRICT;

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

-- (quirk) a TEXT column named date_... has type DATE_TIME, which is not TEXT
CREATE TABLE Collection_time_series_files (
    data_file TEXT,
    date_file TEXT
) STRICT;

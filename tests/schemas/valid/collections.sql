PRAGMA foreign_keys = ON;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
) STRICT;

-- A collection with one group of every kind and a time series files table
CREATE TABLE Collection (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    some_integer INTEGER,
    some_float REAL
) STRICT;

CREATE TABLE Collection_vector_values (
    id INTEGER,
    vector_index INTEGER,
    value_int INTEGER,
    value_float REAL,
    PRIMARY KEY (id, vector_index),
    FOREIGN KEY (id) REFERENCES Collection(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

CREATE TABLE Collection_set_tags (
    id INTEGER,
    tag TEXT,
    UNIQUE (id, tag),
    FOREIGN KEY (id) REFERENCES Collection(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

CREATE TABLE Collection_time_series_data (
    id INTEGER,
    date_time TEXT,
    value REAL,
    PRIMARY KEY (id, date_time),
    FOREIGN KEY (id) REFERENCES Collection(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

CREATE TABLE Collection_time_series_files (
    data_file TEXT,
    metadata_file TEXT
) STRICT;

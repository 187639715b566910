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

CREATE TABLE Collection_vector_values (
    item INTEGER NOT NULL,
    vector_index INTEGER NOT NULL,
    value REAL,
    FOREIGN KEY (item) REFERENCES Collection(id) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (item, vector_index)
) STRICT;

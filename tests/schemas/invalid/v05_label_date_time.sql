PRAGMA foreign_keys = ON;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
) STRICT;

-- not STRICT, so the type name DATE_TIME is accepted by SQLite
CREATE TABLE Collection (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label DATE_TIME UNIQUE NOT NULL
);

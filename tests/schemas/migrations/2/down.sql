-- Migration 2 (down): recreate Test2
PRAGMA user_version = 1;

CREATE TABLE Test2 (
    id INTEGER PRIMARY KEY,
    capacity INTEGER,
    some_coefficient REAL
);

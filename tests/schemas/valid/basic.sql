PRAGMA foreign_keys = ON;

-- Only a Configuration collection with scalar attributes of every type
CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL,
    integer_attribute INTEGER DEFAULT 6,
    float_attribute REAL,
    string_attribute TEXT,
    date_attribute TEXT,
    boolean_attribute INTEGER
) STRICT;

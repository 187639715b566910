-- A small power-system study: fuels, and plants that burn them.
-- Used by examples/demo.lua and docs/lua.md:
--   quiver study.db examples/demo.lua --schema examples/study.sql
PRAGMA foreign_keys = ON;

-- one row of study-wide settings
CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL,
    study_name TEXT,
    date_start TEXT,
    discount_rate REAL DEFAULT 0.08
) STRICT;

CREATE TABLE Fuel (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    price REAL
) STRICT;

CREATE TABLE Plant (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    capacity REAL,
    fuel_id INTEGER,                -- relation: the plant's fuel (a label when written)
    date_commission TEXT,           -- date_ prefix: a DATE_TIME attribute
    FOREIGN KEY (fuel_id) REFERENCES Fuel(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

-- vector group "costs": an ordered list of yearly costs per plant
CREATE TABLE Plant_vector_costs (
    id INTEGER,
    vector_index INTEGER,
    cost REAL,
    PRIMARY KEY (id, vector_index),
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

-- set group "tags": unordered, distinct tags per plant
CREATE TABLE Plant_set_tags (
    id INTEGER,
    tag TEXT,
    UNIQUE (id, tag),
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

-- time series group "generation": one row per hour per plant
CREATE TABLE Plant_time_series_generation (
    id INTEGER,
    date_time TEXT,
    mwh REAL,
    PRIMARY KEY (id, date_time),
    FOREIGN KEY (id) REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

-- paths of external time series files per collection (one row)
CREATE TABLE Plant_time_series_files (
    generation_file TEXT,
    inflow_file TEXT
) STRICT;

-- A valid schema using SQLite features no upstream test schema uses: explicit and
-- partial indexes, a trigger, a view, CHECK constraints, COLLATE, WITHOUT ROWID,
-- a non-STRICT table, a generated column, quoted defaults, groups owned by
-- Configuration, label uniqueness from UNIQUE (label) and from CREATE UNIQUE INDEX.
PRAGMA foreign_keys = ON;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    title TEXT DEFAULT 'untitled',
    mode TEXT NOT NULL DEFAULT 'fast' CHECK (mode IN ('fast', 'slow')),
    UNIQUE (label)
) STRICT;

CREATE TABLE Configuration_vector_weights (
    id INTEGER NOT NULL REFERENCES Configuration(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL CHECK (vector_index > 0),
    weight REAL NOT NULL,
    PRIMARY KEY (id, vector_index)
) STRICT, WITHOUT ROWID;

CREATE TABLE Configuration_set_flags (
    id INTEGER NOT NULL REFERENCES Configuration(id) ON DELETE CASCADE ON UPDATE CASCADE,
    flag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (id, flag)
) STRICT, WITHOUT ROWID;

-- not STRICT; label uniqueness comes from the explicit unique index below
CREATE TABLE Plant (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL,
    capacity REAL CHECK (capacity >= 0),
    kind TEXT DEFAULT 'it''s thermal',
    capacity_mw REAL GENERATED ALWAYS AS (capacity / 1000.0) VIRTUAL,
    config_idx INTEGER REFERENCES Configuration(id) ON DELETE SET NULL ON UPDATE CASCADE
);

CREATE UNIQUE INDEX Plant_label_unique ON Plant (label);
CREATE INDEX Plant_capacity_idx ON Plant (capacity) WHERE capacity IS NOT NULL;

CREATE TABLE Plant_time_series_output (
    id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    output REAL,
    PRIMARY KEY (id, date_time)
) STRICT;

CREATE INDEX Plant_time_series_output_date ON Plant_time_series_output (date_time);

CREATE TABLE Plant_time_series_files (
    output_file TEXT
) STRICT;

CREATE VIEW PlantSummary AS SELECT id, label, capacity FROM Plant;

CREATE TRIGGER Plant_reject_empty_label BEFORE INSERT ON Plant
WHEN trim(NEW.label) = ''
BEGIN
    SELECT RAISE(ABORT, 'empty label');
END;

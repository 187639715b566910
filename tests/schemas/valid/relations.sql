PRAGMA foreign_keys = ON;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
) STRICT;

CREATE TABLE Parent (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL
) STRICT;

-- Scalar relations, including a self-reference
CREATE TABLE Child (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    parent_id INTEGER,
    sibling_id INTEGER,
    FOREIGN KEY (parent_id) REFERENCES Parent(id) ON DELETE SET NULL ON UPDATE CASCADE,
    FOREIGN KEY (sibling_id) REFERENCES Child(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

CREATE TABLE Child_vector_refs (
    id INTEGER,
    vector_index INTEGER,
    parent_ref INTEGER,
    PRIMARY KEY (id, vector_index),
    FOREIGN KEY (id) REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (parent_ref) REFERENCES Parent(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

CREATE TABLE Child_set_parents (
    id INTEGER,
    parent_ref INTEGER,
    UNIQUE (id, parent_ref),
    FOREIGN KEY (id) REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (parent_ref) REFERENCES Parent(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

CREATE TABLE Child_set_mentors (
    id INTEGER,
    mentor_id INTEGER,
    UNIQUE (id, mentor_id),
    FOREIGN KEY (id) REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (mentor_id) REFERENCES Parent(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

CREATE TABLE Child_set_scores (
    id INTEGER,
    score INTEGER,
    UNIQUE (id, score),
    FOREIGN KEY (id) REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

CREATE TABLE Child_time_series_events (
    id INTEGER NOT NULL,
    date_time TEXT NOT NULL,
    sponsor_id INTEGER,
    PRIMARY KEY (id, date_time),
    FOREIGN KEY (id) REFERENCES Child(id) ON DELETE CASCADE ON UPDATE CASCADE,
    FOREIGN KEY (sponsor_id) REFERENCES Parent(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

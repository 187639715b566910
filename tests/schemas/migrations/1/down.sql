-- Migration 1 (down): drop the three tables
PRAGMA user_version = 0;

DROP TABLE IF EXISTS Test2;
DROP TABLE IF EXISTS Test1;
DROP TABLE IF EXISTS Configuration;

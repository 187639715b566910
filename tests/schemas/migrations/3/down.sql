-- Migration 3 (down): drop Test3
PRAGMA user_version = 2;

DROP TABLE IF EXISTS Test3;

-- Migration 2: drop Test2
PRAGMA user_version = 2;

DROP TABLE Test2;

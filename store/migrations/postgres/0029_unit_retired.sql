-- The last year a unit existed (avslutad); 0 while it still does. The same statement runs
-- on SQLite.

ALTER TABLE units ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;

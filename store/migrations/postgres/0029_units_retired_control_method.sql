-- The last year a unit existed (avslutad); 0 while it still does. How an internal-control
-- control is made: its method, frequency and who is responsible; '' when not said. The
-- same statements run on SQLite.

ALTER TABLE units ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ic_items ADD COLUMN method TEXT NOT NULL DEFAULT '';
ALTER TABLE ic_items ADD COLUMN frequency TEXT NOT NULL DEFAULT '';
ALTER TABLE ic_items ADD COLUMN responsible TEXT NOT NULL DEFAULT '';

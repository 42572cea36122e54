-- By when an assignment is to be done (klart senast), YYYY-MM-DD; '' when not said. The
-- same statement runs on SQLite.

ALTER TABLE assignments ADD COLUMN due TEXT NOT NULL DEFAULT '';

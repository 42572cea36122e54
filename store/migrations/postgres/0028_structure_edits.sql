-- Structure editing (issue 14): a goal's retirement (the last year it is in force, NULL
-- while it is), and a version on goals, indicators and assignments, so that an edit of
-- one names the version it started from and a stale one is refused. The same statements
-- run on both databases.
ALTER TABLE goals ADD COLUMN retired INTEGER;
ALTER TABLE goals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE indicators ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assignments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

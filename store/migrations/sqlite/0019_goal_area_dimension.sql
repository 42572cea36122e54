-- A goal area may have no sustainability dimension: summaries per dimension skip it.
-- goal_areas.dimension is NOT NULL with a CHECK that SQLite cannot change without
-- rebuilding the table, and goals refer to it, which makes a rebuild inside a migration's
-- transaction fail its foreign-key checks. So an area without a dimension is stored with
-- has_dimension 0, and its dimension column then holds 'economic', which nothing reads.
ALTER TABLE goal_areas ADD COLUMN has_dimension INTEGER NOT NULL DEFAULT 1;

-- The first year a goal is in force (a goal of next year's plan); NULL when it always has
-- been. The same statement runs on PostgreSQL.

ALTER TABLE goals ADD COLUMN since INTEGER;

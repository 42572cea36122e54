-- The earlier period of the same unit a period was made from (tertial period create
-- --from; issue 14): '' for none. Its texts are shown for reference while the new
-- period's are written. The same statement runs on both databases.
ALTER TABLE periods ADD COLUMN from_id TEXT NOT NULL DEFAULT '';

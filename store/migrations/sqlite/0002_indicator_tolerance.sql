-- The tolerance (percent of the target) within which a missed target counts as
-- approaching; NULL means the default.
ALTER TABLE indicators ADD COLUMN tolerance TEXT;

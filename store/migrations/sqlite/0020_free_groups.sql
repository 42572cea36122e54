-- Groups and units of free tables' rows (issue 13): a row may be a group of rows, nested
-- through parent_id as money_rows are, with a label and a sum on its header row or on a
-- row of its own; a group has no cells. A row may have a unit shown after its first cell.
-- Existing rows become rows at the top with no unit, as they were. The same statements run
-- on PostgreSQL.

ALTER TABLE free_rows ADD COLUMN parent_id TEXT;
ALTER TABLE free_rows ADD COLUMN is_group INTEGER NOT NULL DEFAULT 0;
ALTER TABLE free_rows ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE free_rows ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE free_rows ADD COLUMN sum_position TEXT NOT NULL DEFAULT 'none' CHECK (sum_position IN ('none', 'top', 'bottom'));
ALTER TABLE free_rows ADD COLUMN sum_label TEXT NOT NULL DEFAULT '';

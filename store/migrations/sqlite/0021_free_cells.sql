-- Row formulas and cell words and marks of free tables: a row may be computed from other
-- rows of its table, numeric column by numeric column (formula, as written in the dataset
-- file: "intakter + kostnader"; '' for a row whose cells are entered). A numeric cell may
-- hold a word shown in place of its value (word; value is then ''), or marks shown before
-- and after its value (mark_before, mark_after: "ung", "*"). Existing rows and cells keep
-- no formula, word or marks, as they were. The same statements run on PostgreSQL.

ALTER TABLE free_rows ADD COLUMN formula TEXT NOT NULL DEFAULT '';
ALTER TABLE free_cells ADD COLUMN word TEXT NOT NULL DEFAULT '';
ALTER TABLE free_cells ADD COLUMN mark_before TEXT NOT NULL DEFAULT '';
ALTER TABLE free_cells ADD COLUMN mark_after TEXT NOT NULL DEFAULT '';

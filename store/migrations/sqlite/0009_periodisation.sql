-- How a money table's period budget is computed from its annual budget where the ledger
-- has no budget per month: '' (not computed), 'even' or 'prior_year'.
ALTER TABLE money_tables ADD COLUMN periodisation TEXT NOT NULL DEFAULT '';

-- How a money table's period budget is computed from its annual budget where the ledger
-- has no budget per month: '' (not computed), 'even' or 'prior_year'. setup_version
-- counts the changes of the table's account mapping and periodisation made on the site.
ALTER TABLE money_tables ADD COLUMN periodisation TEXT NOT NULL DEFAULT '';
ALTER TABLE money_tables ADD COLUMN setup_version INTEGER NOT NULL DEFAULT 0;

-- The budget is read like the outcome: by import, dimension and month.
CREATE INDEX ledger_budget_month ON ledger_budget (import_id, dimension, month);

-- The balance accounts (classes 1–2) of an imported SIE file: their changes per account
-- and month (from #TRANS, or #PSALDO), as account totals without objects, and per fiscal
-- year of the file (its year and the one before) each account's opening and closing
-- balance (#IB, #UB) or, for result accounts, its result (#RES). NULL where the file has
-- no such row: a balance of zero and a balance not given are not the same.
CREATE TABLE ledger_movements (
  import_id INTEGER NOT NULL REFERENCES ledger_imports (id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  month INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  PRIMARY KEY (import_id, account, month)
);

CREATE TABLE ledger_balances (
  import_id INTEGER NOT NULL REFERENCES ledger_imports (id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  account TEXT NOT NULL,
  opening INTEGER,
  closing INTEGER,
  result INTEGER,
  PRIMARY KEY (import_id, year, account)
);

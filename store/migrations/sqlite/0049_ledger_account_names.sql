-- The account names (#KONTO) of an imported SIE file, which the financial statements'
-- notes show beside the account number ("7820 Avskrivningar maskiner och inventarier").
CREATE TABLE ledger_account_names (
  import_id INTEGER NOT NULL REFERENCES ledger_imports (id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (import_id, account)
);

-- A locked period's snapshot (0010, 0047) keeps the names of the accounts of the units
-- it holds as they were at the lock (tertial.LedgerData.AccountNames), so that a later
-- import that renames an account does not change the locked report.
CREATE TABLE ledger_snapshot_names (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  ledger_unit TEXT NOT NULL,
  account TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, ledger_unit, account)
);

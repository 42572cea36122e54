-- The ledger: outcome and budget imported from the accounting system (SIE files),
-- aggregated per account, object (per dimension; dimension 0 is the account's total)
-- and month. An import of the same source and year for a unit replaces the earlier one.
CREATE TABLE ledger_imports (
  id BIGSERIAL PRIMARY KEY,
  muni TEXT NOT NULL,
  unit TEXT NOT NULL,
  source TEXT NOT NULL,
  year INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  file_name TEXT NOT NULL,
  org_nr TEXT NOT NULL DEFAULT '',
  UNIQUE (muni, unit, source, year)
);

CREATE TABLE ledger_amounts (
  import_id BIGINT NOT NULL REFERENCES ledger_imports (id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  dimension INTEGER NOT NULL,
  object TEXT NOT NULL,
  month INTEGER NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (import_id, account, dimension, object, month)
);

CREATE TABLE ledger_budget (
  import_id BIGINT NOT NULL REFERENCES ledger_imports (id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  dimension INTEGER NOT NULL,
  object TEXT NOT NULL,
  month INTEGER NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (import_id, account, dimension, object, month)
);

CREATE INDEX ledger_amounts_month ON ledger_amounts (import_id, dimension, month);

-- A locked period's snapshot (0010) holds everything its report reads of the ledger: its
-- unit's balance accounts' movements and its balances (#IB, #UB, #RES) of the years the
-- statements read, the charts of those imports, and, for a period whose report shows the
-- sammanställda räkenskaper, the companies' ledgers of the same months and years.
--
-- ledger_snapshots gets ledger_unit, the unit an amount is booked on (unit_id stays the
-- period's unit), and the kind 'movement' besides 'outcome' and 'budget'. SQLite cannot
-- change a primary key without rebuilding the table; nothing refers to this one.
CREATE TABLE ledger_snapshots_0047 (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  ledger_unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  account TEXT NOT NULL,
  dimension INTEGER NOT NULL,
  object TEXT NOT NULL,
  month INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, ledger_unit, kind, account, dimension, object, month)
);
INSERT INTO ledger_snapshots_0047 (muni, unit_id, period_id, ledger_unit, kind, account, dimension, object, month, amount)
  SELECT muni, unit_id, period_id, unit_id, kind, account, dimension, object, month, amount FROM ledger_snapshots;
DROP TABLE ledger_snapshots;
ALTER TABLE ledger_snapshots_0047 RENAME TO ledger_snapshots;

-- The balances as the loaded ledger has them (tertial.LedgerBalance): per import (source,
-- fiscal year and file name) and year, NULL where the file has no such row; movement is
-- the import's own movements of the account in the year, has_movements whether it has
-- any of a balance account in the year.
CREATE TABLE ledger_snapshot_balances (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  ledger_unit TEXT NOT NULL,
  source TEXT NOT NULL,
  import_year INTEGER NOT NULL,
  year INTEGER NOT NULL,
  account TEXT NOT NULL,
  file_name TEXT NOT NULL,
  opening INTEGER,
  closing INTEGER,
  result INTEGER,
  movement INTEGER NOT NULL,
  has_movements INTEGER NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, ledger_unit, source, import_year, year, account)
);

-- The charts of accounts (#KPTYP) of the imports the snapshot holds.
CREATE TABLE ledger_snapshot_charts (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  ledger_unit TEXT NOT NULL,
  source TEXT NOT NULL,
  year INTEGER NOT NULL,
  chart TEXT NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, ledger_unit, source, year)
);

-- 1 for a snapshot with all of the above; 0 for one made before this migration, which
-- holds the period's unit's outcome and budget only and reads the rest from the current
-- ledger (docs/sie.md "Tables from the ledger").
ALTER TABLE ledger_freezes ADD COLUMN balances INTEGER NOT NULL DEFAULT 0;

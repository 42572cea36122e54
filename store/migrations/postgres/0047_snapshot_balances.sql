-- A locked period's snapshot (0010) holds everything its report reads of the ledger: its
-- unit's balance accounts' movements and its balances (#IB, #UB, #RES) of the years the
-- statements read, the charts of those imports, and, for a period whose report shows the
-- sammanställda räkenskaper, the companies' ledgers of the same months and years.
--
-- ledger_snapshots gets ledger_unit, the unit an amount is booked on (unit_id stays the
-- period's unit), and the kind 'movement' besides 'outcome' and 'budget'; the rows made
-- before are the period's unit's own.
ALTER TABLE ledger_snapshots ADD COLUMN ledger_unit TEXT NOT NULL DEFAULT '';
UPDATE ledger_snapshots SET ledger_unit = unit_id;
ALTER TABLE ledger_snapshots ALTER COLUMN ledger_unit DROP DEFAULT;
ALTER TABLE ledger_snapshots DROP CONSTRAINT ledger_snapshots_pkey;
ALTER TABLE ledger_snapshots ADD PRIMARY KEY (muni, unit_id, period_id, ledger_unit, kind, account, dimension, object, month);

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
  opening BIGINT,
  closing BIGINT,
  result BIGINT,
  movement BIGINT NOT NULL,
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

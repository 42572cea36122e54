-- The ledger as a period was locked with, so that later imports (late postings, the next
-- month's file) do not change the figures of a period the board has decided on. A row of
-- ledger_freezes says the period is frozen (also when nothing was imported then: the
-- period keeps its entered amounts); ledger_snapshots holds the unit's outcome and budget
-- per account × object × month that its money tables are filled from. Both are removed when
-- the period is unlocked, and are kept when the dataset is imported again.
CREATE TABLE ledger_freezes (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  frozen_at TEXT NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id)
);

CREATE TABLE ledger_snapshots (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  account TEXT NOT NULL,
  dimension INTEGER NOT NULL,
  object TEXT NOT NULL,
  month INTEGER NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, kind, account, dimension, object, month)
);

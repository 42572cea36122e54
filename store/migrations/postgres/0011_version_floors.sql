-- The highest version of any item a municipality had when it was deleted, so that
-- importing it again goes on from there and a form opened before the deletion meets a
-- conflict instead of overwriting the new data.
CREATE TABLE version_floors (
  muni TEXT PRIMARY KEY,
  floor BIGINT NOT NULL
);

-- Snapshot sums are öre of a month and can exceed 32 bits (a database that applied an
-- early 0010 has INTEGER here).
ALTER TABLE ledger_snapshots ALTER COLUMN amount TYPE BIGINT;

-- What a period's ledger snapshot covers ("0,1|202001-202108|202101-202112": dimensions,
-- outcome months, budget months), so that a new import of the dataset that changes it
-- takes a new snapshot.
ALTER TABLE ledger_freezes ADD COLUMN spec TEXT NOT NULL DEFAULT '';

-- The highest version of any item a municipality had when it was deleted, so that
-- importing it again goes on from there and a form opened before the deletion meets a
-- conflict instead of overwriting the new data.
CREATE TABLE version_floors (
  muni TEXT PRIMARY KEY,
  floor INTEGER NOT NULL
);

-- What a period's ledger snapshot covers ("0,1|202001-202108|202101-202112": dimensions,
-- outcome months, budget months), so that a new import of the dataset that changes it
-- takes a new snapshot.
ALTER TABLE ledger_freezes ADD COLUMN spec TEXT NOT NULL DEFAULT '';

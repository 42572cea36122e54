-- The highest version of any item a municipality had when it was deleted, so that
-- importing it again goes on from there and a form opened before the deletion meets a
-- conflict instead of overwriting the new data.
CREATE TABLE version_floors (
  muni TEXT PRIMARY KEY,
  floor INTEGER NOT NULL
);

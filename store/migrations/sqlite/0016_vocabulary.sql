-- A municipality's own words for report terms and its own assessment scales (issue 13,
-- item 4). Both are optional: a municipality without rows here has the defaults. The same
-- statements run on both databases.

CREATE TABLE vocabulary (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  term TEXT NOT NULL,
  word TEXT NOT NULL,
  PRIMARY KEY (muni, term)
);

CREATE TABLE scale_levels (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  kind TEXT NOT NULL,
  pos INTEGER NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  symbol TEXT NOT NULL,
  PRIMARY KEY (muni, kind, id)
);

-- Figures fetched from Kolada, kept apart from the values people enter (which they never
-- replace). One row per KPI, Kolada municipality id, year and gender (T, K, M); value is
-- the figure as decimal text, NULL when Kolada has the entry without a figure. Rows are
-- kept when the municipality's dataset is imported again.
CREATE TABLE kolada_values (
  muni TEXT NOT NULL,
  kpi TEXT NOT NULL,
  municipality_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  gender TEXT NOT NULL,
  value TEXT,
  source TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  PRIMARY KEY (muni, kpi, municipality_id, year, gender)
);

-- The Kolada municipality group of the municipality's county (the county average is the
-- group's unweighted mean) and its members, for the county rank.
CREATE TABLE kolada_groups (
  muni TEXT NOT NULL,
  role TEXT NOT NULL,
  group_id TEXT NOT NULL,
  title TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  PRIMARY KEY (muni, role)
);

CREATE TABLE kolada_group_members (
  muni TEXT NOT NULL,
  role TEXT NOT NULL,
  pos INTEGER NOT NULL,
  member_id TEXT NOT NULL,
  title TEXT NOT NULL,
  PRIMARY KEY (muni, role, member_id)
);

-- Published versions of a period's report: rendered once from the locked period, stored
-- with the SHA-256 of each file, and never changed (the database refuses it).
CREATE TABLE publications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  UNIQUE (muni, unit_id, period_id, number)
);

CREATE TABLE publication_files (
  publication_id INTEGER NOT NULL REFERENCES publications (id),
  format TEXT NOT NULL,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  content BLOB NOT NULL,
  PRIMARY KEY (publication_id, format)
);

CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;
CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;
CREATE TRIGGER publication_files_no_update BEFORE UPDATE ON publication_files
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;
CREATE TRIGGER publication_files_no_delete BEFORE DELETE ON publication_files
BEGIN SELECT RAISE(ABORT, 'a published version cannot be changed'); END;

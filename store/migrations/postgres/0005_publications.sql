-- Published versions of a period's report: rendered once from the locked period, stored
-- with the SHA-256 of each file, and never changed (the database refuses it).
CREATE TABLE publications (
  id BIGSERIAL PRIMARY KEY,
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  UNIQUE (muni, unit_id, period_id, number)
);

CREATE TABLE publication_files (
  publication_id BIGINT NOT NULL REFERENCES publications (id),
  format TEXT NOT NULL,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  content BYTEA NOT NULL,
  PRIMARY KEY (publication_id, format)
);

CREATE FUNCTION publications_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'a published version cannot be changed';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER publications_no_change BEFORE UPDATE OR DELETE ON publications
FOR EACH ROW EXECUTE FUNCTION publications_immutable();
CREATE TRIGGER publication_files_no_change BEFORE UPDATE OR DELETE ON publication_files
FOR EACH ROW EXECUTE FUNCTION publications_immutable();

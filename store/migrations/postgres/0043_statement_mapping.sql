-- The municipality's own account mapping of the financial statements and the budget it
-- enters for the resultaträkning (docs/statements.md). statement_mapping holds the
-- accounts rows of the default layout that the municipality maps otherwise (their note
-- number, 0 for none); each row's terms (one measure of the accounts, comma-separated
-- ranges, but those in except_accounts) and note rows replace the default's. Budget
-- amounts are öre in the statement's sign. statement_setup holds the version the page's
-- save names. The same statements run on PostgreSQL.

CREATE TABLE statement_setup (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (muni)
);

CREATE TABLE statement_mapping (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  row_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  note INTEGER NOT NULL DEFAULT 0 CHECK (note >= 0),
  PRIMARY KEY (muni, row_id)
);

CREATE TABLE statement_mapping_terms (
  muni TEXT NOT NULL,
  row_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  measure TEXT NOT NULL CHECK (measure IN ('movement', 'closing', 'opening', 'change')),
  accounts TEXT NOT NULL,
  except_accounts TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, row_id, pos),
  FOREIGN KEY (muni, row_id) REFERENCES statement_mapping (muni, row_id)
);

CREATE TABLE statement_note_rows (
  muni TEXT NOT NULL,
  row_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  id TEXT NOT NULL DEFAULT '',
  label TEXT NOT NULL,
  accounts TEXT NOT NULL,
  PRIMARY KEY (muni, row_id, pos),
  FOREIGN KEY (muni, row_id) REFERENCES statement_mapping (muni, row_id)
);

CREATE TABLE statement_budget (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  year INTEGER NOT NULL,
  row_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (muni, year, row_id)
);

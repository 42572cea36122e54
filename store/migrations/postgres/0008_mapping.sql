-- Account mapping of a money table: rules, tried in order (pos), that map ledger
-- accounts to the table's rows. accounts is the list as written in the dataset file
-- ("3,60-61"); objects a JSON array of strings, '' with dimension 0 when the rule takes
-- every object.
CREATE TABLE money_table_mapping (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  table_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  row_id TEXT NOT NULL,
  accounts TEXT NOT NULL,
  dimension INTEGER NOT NULL DEFAULT 0,
  objects TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, unit_id, period_id, table_id, pos),
  FOREIGN KEY (muni, unit_id, period_id, table_id) REFERENCES money_tables (muni, unit_id, period_id, id)
);

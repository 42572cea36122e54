-- Declared columns of money tables (issue 13): a table lists its columns with a kind,
-- heading, group heading, period and the columns a computed one is computed from. A table
-- with declared columns keeps its rows' amounts in money_amounts, one row per amount,
-- keyed by the column's ID; a table with the old column list (column_list) keeps them in
-- money_rows' five amount columns as before. The same statements run on SQLite.

CREATE TABLE money_columns (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  table_id TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  kind TEXT NOT NULL,
  heading TEXT NOT NULL DEFAULT '',
  group_heading TEXT NOT NULL DEFAULT '',
  period TEXT NOT NULL DEFAULT '',
  of_list TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, unit_id, period_id, table_id, id),
  FOREIGN KEY (muni, unit_id, period_id, table_id) REFERENCES money_tables (muni, unit_id, period_id, id)
);

CREATE TABLE money_amounts (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  table_id TEXT NOT NULL,
  row_id TEXT NOT NULL,
  column_id TEXT NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, table_id, row_id, column_id),
  FOREIGN KEY (muni, unit_id, period_id, table_id, row_id) REFERENCES money_rows (muni, unit_id, period_id, table_id, id)
);

-- The dataset: one municipality's organisation, goals, indicators, assignments, internal
-- control, templates and periods. Every table carries the municipality's code (muni) so a
-- database can hold several municipalities; IDs are unique per municipality (periods per
-- unit, tables per period). pos keeps the order of lists.

CREATE TABLE municipalities (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  county TEXT NOT NULL,
  county_code TEXT NOT NULL DEFAULT ''
);

CREATE TABLE comparison_municipalities (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  code TEXT NOT NULL,
  pos INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (muni, code)
);

CREATE TABLE goal_levels (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (muni, id)
);

CREATE TABLE goal_areas (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  name TEXT NOT NULL,
  dimension TEXT NOT NULL CHECK (dimension IN ('economic', 'social', 'ecological')),
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, id)
);

CREATE TABLE units (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('council', 'board', 'administration', 'department', 'section')),
  parent_id TEXT,
  PRIMARY KEY (muni, id),
  FOREIGN KEY (muni, parent_id) REFERENCES units (muni, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE templates (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (muni, id)
);

-- Sections in document order (pos); parent_pos is the pos of the enclosing section.
CREATE TABLE template_sections (
  muni TEXT NOT NULL,
  template_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  parent_pos INTEGER,
  kind TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  ref TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, template_id, pos),
  FOREIGN KEY (muni, template_id) REFERENCES templates (muni, id)
);

CREATE TABLE periods (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('plan', 'interim', 'annual')),
  title TEXT NOT NULL,
  start_date TEXT NOT NULL DEFAULT '',
  cutoff TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'locked')),
  template_id TEXT,
  PRIMARY KEY (muni, unit_id, id),
  FOREIGN KEY (muni, unit_id) REFERENCES units (muni, id),
  FOREIGN KEY (muni, template_id) REFERENCES templates (muni, id)
);

CREATE TABLE period_assessments (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  label TEXT NOT NULL,
  assessment TEXT NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, id),
  FOREIGN KEY (muni, unit_id, period_id) REFERENCES periods (muni, unit_id, id)
);

CREATE TABLE text_sections (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, id),
  FOREIGN KEY (muni, unit_id, period_id) REFERENCES periods (muni, unit_id, id)
);

CREATE TABLE attachments (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, unit_id, period_id, pos),
  FOREIGN KEY (muni, unit_id, period_id) REFERENCES periods (muni, unit_id, id)
);

-- Money tables. Amounts are whole öre (BIGINT), NULL where not entered. column_list is
-- the comma-separated amount columns the table shows.
CREATE TABLE money_tables (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  title TEXT NOT NULL,
  amount_unit TEXT NOT NULL CHECK (amount_unit IN ('kr', 'tkr', 'mnkr')),
  decimals INTEGER NOT NULL,
  label_heading TEXT NOT NULL DEFAULT '',
  column_list TEXT NOT NULL,
  negate INTEGER NOT NULL DEFAULT 0,
  total_label TEXT NOT NULL DEFAULT '',
  total_negate INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, unit_id, period_id, id),
  FOREIGN KEY (muni, unit_id, period_id) REFERENCES periods (muni, unit_id, id)
);

-- Rows and groups in document order (pos); parent_id is the enclosing group.
CREATE TABLE money_rows (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  table_id TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  parent_id TEXT,
  is_group INTEGER NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  negate INTEGER,
  comment TEXT NOT NULL DEFAULT '',
  sum_position TEXT NOT NULL DEFAULT 'none' CHECK (sum_position IN ('none', 'top', 'bottom')),
  sum_label TEXT NOT NULL DEFAULT '',
  budget BIGINT,
  forecast BIGINT,
  period_budget BIGINT,
  period_outcome BIGINT,
  prior_outcome BIGINT,
  PRIMARY KEY (muni, unit_id, period_id, table_id, id),
  FOREIGN KEY (muni, unit_id, period_id, table_id) REFERENCES money_tables (muni, unit_id, period_id, id),
  FOREIGN KEY (muni, unit_id, period_id, table_id, parent_id) REFERENCES money_rows (muni, unit_id, period_id, table_id, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE money_row_history (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  table_id TEXT NOT NULL,
  row_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  outcome BIGINT NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, table_id, row_id, year),
  FOREIGN KEY (muni, unit_id, period_id, table_id, row_id) REFERENCES money_rows (muni, unit_id, period_id, table_id, id)
);

CREATE TABLE free_tables (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  title TEXT NOT NULL,
  amount_unit TEXT NOT NULL CHECK (amount_unit IN ('kr', 'tkr', 'mnkr')),
  decimals INTEGER NOT NULL,
  sum_label TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, unit_id, period_id, id),
  FOREIGN KEY (muni, unit_id, period_id) REFERENCES periods (muni, unit_id, id)
);

CREATE TABLE free_columns (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  table_id TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  label TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('text', 'amount', 'percent', 'count', 'date', 'decimal')),
  is_sum INTEGER NOT NULL DEFAULT 0,
  formula TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, unit_id, period_id, table_id, id),
  FOREIGN KEY (muni, unit_id, period_id, table_id) REFERENCES free_tables (muni, unit_id, period_id, id)
);

CREATE TABLE free_rows (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  table_id TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, table_id, id),
  FOREIGN KEY (muni, unit_id, period_id, table_id) REFERENCES free_tables (muni, unit_id, period_id, id)
);

-- A cell's value in a canonical text form by the column's type: text as is, amount as öre,
-- percent and decimal as a decimal with a point, count as an integer, date as YYYY-MM-DD.
CREATE TABLE free_cells (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  table_id TEXT NOT NULL,
  row_id TEXT NOT NULL,
  column_id TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, table_id, row_id, column_id),
  FOREIGN KEY (muni, unit_id, period_id, table_id, row_id) REFERENCES free_rows (muni, unit_id, period_id, table_id, id),
  FOREIGN KEY (muni, unit_id, period_id, table_id, column_id) REFERENCES free_columns (muni, unit_id, period_id, table_id, id)
);

CREATE TABLE goals (
  muni TEXT NOT NULL REFERENCES municipalities (code),
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  level_id TEXT NOT NULL,
  area_id TEXT,
  parent_id TEXT,
  unit_id TEXT,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, id),
  FOREIGN KEY (muni, level_id) REFERENCES goal_levels (muni, id),
  FOREIGN KEY (muni, area_id) REFERENCES goal_areas (muni, id),
  FOREIGN KEY (muni, parent_id) REFERENCES goals (muni, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (muni, unit_id) REFERENCES units (muni, id)
);

-- unit_id is the period's unit, always filled in (the goal's own unit when the file left it out).
CREATE TABLE goal_followups (
  muni TEXT NOT NULL,
  goal_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  assessment TEXT NOT NULL DEFAULT '',
  analysis TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, goal_id, unit_id, period_id),
  FOREIGN KEY (muni, goal_id) REFERENCES goals (muni, id),
  FOREIGN KEY (muni, unit_id, period_id) REFERENCES periods (muni, unit_id, id)
);

-- Values and targets are exact decimals in text (a point, the written number of decimals).
CREATE TABLE indicators (
  muni TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  goal_id TEXT NOT NULL,
  name TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
  decimals INTEGER NOT NULL DEFAULT 0,
  owner_id TEXT,
  kolada_kpi TEXT NOT NULL DEFAULT '',
  kolada_gender TEXT NOT NULL DEFAULT '',
  gender INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  long_term_year INTEGER,
  long_term_target TEXT,
  PRIMARY KEY (muni, id),
  FOREIGN KEY (muni, goal_id) REFERENCES goals (muni, id),
  FOREIGN KEY (muni, owner_id) REFERENCES units (muni, id)
);

CREATE TABLE indicator_values (
  muni TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  value TEXT,
  kind TEXT NOT NULL DEFAULT '',
  women TEXT,
  men TEXT,
  missing TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, indicator_id, year),
  FOREIGN KEY (muni, indicator_id) REFERENCES indicators (muni, id)
);

CREATE TABLE indicator_targets (
  muni TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  target TEXT NOT NULL,
  PRIMARY KEY (muni, indicator_id, year),
  FOREIGN KEY (muni, indicator_id) REFERENCES indicators (muni, id)
);

CREATE TABLE assignments (
  muni TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  goal_id TEXT NOT NULL,
  unit_id TEXT,
  origin TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, id),
  FOREIGN KEY (muni, goal_id) REFERENCES goals (muni, id),
  FOREIGN KEY (muni, unit_id) REFERENCES units (muni, id)
);

CREATE TABLE assignment_followups (
  muni TEXT NOT NULL,
  assignment_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT '',
  progress INTEGER,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, assignment_id, unit_id, period_id),
  FOREIGN KEY (muni, assignment_id) REFERENCES assignments (muni, id),
  FOREIGN KEY (muni, unit_id, period_id) REFERENCES periods (muni, unit_id, id)
);

-- Internal control: risks, their risk-reducing actions (parent_id = the risk), audit
-- findings and systematic controls, in one table; kind tells which columns apply.
CREATE TABLE ic_items (
  muni TEXT NOT NULL,
  id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('risk', 'action', 'audit', 'control')),
  parent_id TEXT,
  unit_id TEXT NOT NULL,
  process TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  case_number TEXT NOT NULL DEFAULT '',
  background TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  probability INTEGER,
  consequence INTEGER,
  PRIMARY KEY (muni, id),
  FOREIGN KEY (muni, unit_id) REFERENCES units (muni, id),
  FOREIGN KEY (muni, parent_id) REFERENCES ic_items (muni, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE ic_followups (
  muni TEXT NOT NULL,
  item_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT '',
  progress INTEGER,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, item_id, unit_id, period_id),
  FOREIGN KEY (muni, item_id) REFERENCES ic_items (muni, id),
  FOREIGN KEY (muni, unit_id, period_id) REFERENCES periods (muni, unit_id, id)
);

CREATE INDEX goals_parent ON goals (muni, parent_id);
CREATE INDEX indicators_goal ON indicators (muni, goal_id);
CREATE INDEX assignments_goal ON assignments (muni, goal_id);

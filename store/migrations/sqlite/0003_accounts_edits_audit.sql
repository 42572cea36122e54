-- Accounts, sessions, API tokens; versions on everything that is edited; section workflow;
-- the board's decision; and the audit trail, which the database itself keeps append-only.

CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin', 'controller', 'reporter', 'reader')),
  muni TEXT,
  unit_id TEXT,
  password_hash TEXT NOT NULL DEFAULT '',
  oidc_subject TEXT UNIQUE,
  created_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_name);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

ALTER TABLE goal_followups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE indicator_values ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE indicator_targets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assignment_followups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE ic_followups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE money_rows ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE text_sections ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE free_rows ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE periods ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE periods ADD COLUMN deadline TEXT NOT NULL DEFAULT '';
ALTER TABLE periods ADD COLUMN decision_date TEXT NOT NULL DEFAULT '';
ALTER TABLE periods ADD COLUMN decision_paragraph TEXT NOT NULL DEFAULT '';

-- The state of each report section (a top-level section of the period's template, by
-- position) of a unit's period.
CREATE TABLE section_states (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  section_key TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('not_started', 'in_progress', 'ready', 'approved')),
  comment TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  updated_by TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (muni, unit_id, period_id, section_key),
  FOREIGN KEY (muni, unit_id, period_id) REFERENCES periods (muni, unit_id, id)
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  muni TEXT NOT NULL DEFAULT '',
  entity TEXT NOT NULL,
  item_key TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT
);
CREATE INDEX audit_log_item ON audit_log (muni, entity, item_key);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;

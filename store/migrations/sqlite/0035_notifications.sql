-- Reminders and notifications (docs/notifications.md). An account's e-mail address
-- (NULL for none) and whether it has turned e-mail off; the in-product list of
-- notifications per account; the mail outbox the runner sends from; the workflow events
-- that a change of a section's state records in its own transaction (the outbox pattern),
-- turned into notifications and mails by the runner; which deadline reminders were sent;
-- and each municipality's reminder settings. Times are UTC text of one fixed width
-- (2006-01-02T15:04:05.000000000Z), so that they compare as text. Differs from the
-- PostgreSQL script only in the id columns.

ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN email_off INTEGER NOT NULL DEFAULT 0;

CREATE TABLE notify_settings (
  muni TEXT PRIMARY KEY,
  reminders_on INTEGER NOT NULL DEFAULT 1,
  days_before TEXT NOT NULL DEFAULT '7,1'
);

CREATE TABLE notify_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('returned', 'approved')),
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  section_key TEXT NOT NULL,
  actor TEXT NOT NULL,
  submitter TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  processed_at TEXT
);

CREATE INDEX notify_events_pending ON notify_events (processed_at, id);

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  muni TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

CREATE INDEX notifications_user ON notifications (user_name, id);

CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  notification_id BIGINT,
  to_addr TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt TEXT NOT NULL,
  claimed_until TEXT,
  sent_at TEXT,
  last_error TEXT NOT NULL DEFAULT ''
);

CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt);

CREATE TABLE reminders_sent (
  muni TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  period_id TEXT NOT NULL,
  deadline TEXT NOT NULL,
  days INTEGER NOT NULL,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (muni, unit_id, period_id, deadline, days)
);

-- Read notices and pruning (docs/notifications.md). How far each account has read its
-- notices: the id of the newest notice it has seen, so that its unread count is the
-- notices above that id, one range of the index notifications_user (user_name, id). The
-- runner deletes notices older than the retention by their time, and processed events
-- likewise; the outbox's sent mails are found by mail_outbox_due (sent_at, ...). The
-- same in SQLite and PostgreSQL.

CREATE TABLE notice_reads (
  user_name TEXT PRIMARY KEY REFERENCES users (name) ON DELETE CASCADE,
  read_upto BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX notifications_created ON notifications (created_at);

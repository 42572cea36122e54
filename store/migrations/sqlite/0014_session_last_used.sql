-- When each session was last used, for the idle timeout (ASVS 3.3.2): a session unused for
-- longer than the site's idle time ends. A session from before this migration counts as
-- last used when it was created, the one time known for it; one older than the idle time
-- ends, and its user signs in again. The same statements run on PostgreSQL.

ALTER TABLE sessions ADD COLUMN last_used_at TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_used_at = created_at;

-- When each account last signed in, for the administration page's list of accounts: a
-- session is deleted when it ends, so the sessions do not keep it. An account that has not
-- signed in since this migration has ''. The same statement runs on PostgreSQL.

ALTER TABLE users ADD COLUMN last_sign_in_at TEXT NOT NULL DEFAULT '';

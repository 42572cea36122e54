package store

import "context"

// PauseAfterPeriodCheck makes every writing transaction of db that checks its period
// (saves, locking) call f right after it found the period open, still inside the
// transaction, with the PostgreSQL backend process ID of its connection (0 on SQLite).
func PauseAfterPeriodCheck(db *DB, f func(backendPID int)) {
	db.afterPeriodCheck = func(tx *Tx) {
		pid := 0
		if tx.dialect == Postgres {
			if err := tx.get(`SELECT pg_backend_pid()`, nil, &pid); err != nil {
				panic(err)
			}
		}
		f(pid)
	}
}

// BlockedBy returns how many PostgreSQL connections are waiting for a lock held by the
// backend pid.
func BlockedBy(ctx context.Context, db *DB, pid int) (int, error) {
	var n int
	err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, pid).Scan(&n)
	return n, err
}

// SessionLastUsed returns the last-used time stored for a session, as written.
func SessionLastUsed(ctx context.Context, db *DB, tokenHash string) (string, error) {
	var s string
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.get(`SELECT last_used_at FROM sessions WHERE token_hash = ?`, []any{tokenHash}, &s)
	})
	return s, err
}

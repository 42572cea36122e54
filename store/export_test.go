package store

import (
	"context"
	"strings"
)

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

// MakeLegacyFreeze turns a locked period's snapshot into one as freezes were made before
// migration 0047: the period's unit's outcome and budget only, the spec without units and
// ledger_freezes.balances 0.
func MakeLegacyFreeze(ctx context.Context, db *DB, p PeriodRef) error {
	return db.inTx(ctx, func(tx *Tx) error {
		spec, err := snapshotSpec(tx, p)
		if err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM ledger_snapshots WHERE muni = ? AND unit_id = ? AND period_id = ? AND (kind = 'movement' OR ledger_unit <> unit_id
				OR (kind = 'outcome' AND month < ?) OR (kind = 'budget' AND month < ?))`,
			`DELETE FROM ledger_snapshot_balances WHERE muni = ? AND unit_id = ? AND period_id = ?`,
			`DELETE FROM ledger_snapshot_charts WHERE muni = ? AND unit_id = ? AND period_id = ?`,
			`DELETE FROM ledger_snapshot_names WHERE muni = ? AND unit_id = ? AND period_id = ?`,
		} {
			args := []any{p.Municipality, p.Unit, p.Period}
			if strings.Contains(q, "month") {
				args = append(args, spec.outFrom, spec.budgetFrom)
			}
			if err := tx.exec(q, args...); err != nil {
				return err
			}
		}
		return tx.changeOne(`UPDATE ledger_freezes SET balances = 0, spec = ? WHERE muni = ? AND unit_id = ? AND period_id = ?`,
			spec.legacy(), p.Municipality, p.Unit, p.Period)
	})
}

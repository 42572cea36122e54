package store

import (
	"context"
	"database/sql"
	"strings"
)

// UnreadQueryPlan returns SQLite's plan of the query that counts an account's unread
// notices, its lines joined by newlines.
func UnreadQueryPlan(ctx context.Context, db *DB, user string) (string, error) {
	var lines []string
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`EXPLAIN QUERY PLAN `+unreadQuery, []any{user, user}, func(r *sql.Rows) error {
			var id, parent, notused int
			var detail string
			if err := r.Scan(&id, &parent, &notused, &detail); err != nil {
				return err
			}
			lines = append(lines, detail)
			return nil
		})
	})
	return strings.Join(lines, "\n"), err
}

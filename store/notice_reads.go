package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Read notices and pruning (docs/notifications.md). An account's read state is one
// number, the id of the newest notice it has seen (table notice_reads): notices get
// growing ids, so its unread notices are those above it, and counting them reads one
// range of the index notifications_user (user_name, id), never the table. Marking read is
// one row's write, whatever the number of notices.

// unreadQuery counts an account's unread notices (the account's name twice).
const unreadQuery = `SELECT COUNT(*) FROM notifications WHERE user_name = ?
	AND id > COALESCE((SELECT read_upto FROM notice_reads WHERE user_name = ?), 0)`

// UnreadNotices returns how many of an account's notices it has not seen.
func (db *DB) UnreadNotices(ctx context.Context, user string) (int, error) {
	// One statement on the reading pool (prepared on SQLite), not a transaction: the header
	// of every page asks, and a read-only transaction costs PostgreSQL two more round trips.
	var n int
	err := db.queryRow(ctx, unreadQuery, user, user).Scan(&n)
	return n, err
}

// NoticesReadUpTo returns the id of the newest notice the account has seen (0 for none):
// the notices with larger ids are unread.
func (db *DB) NoticesReadUpTo(ctx context.Context, user string) (int64, error) {
	var id int64
	err := db.inReadTx(ctx, func(tx *Tx) error {
		err := tx.get(`SELECT read_upto FROM notice_reads WHERE user_name = ?`, []any{user}, &id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return id, err
}

// MarkNoticesRead marks an account's notices up to the id read: those it was shown. A
// notice that came after them stays unread, and the mark never moves back. An upTo of 0
// or less marks every notice the account has now. An unknown account is left alone.
func (db *DB) MarkNoticesRead(ctx context.Context, user string, upTo int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if upTo <= 0 {
			if err := tx.get(`SELECT COALESCE(MAX(id), 0) FROM notifications WHERE user_name = ?`, []any{user}, &upTo); err != nil {
				return err
			}
			if upTo == 0 {
				return nil
			}
		}
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM users WHERE name = ?`, []any{user}, &n); err != nil || n == 0 {
			return err
		}
		return tx.exec(`INSERT INTO notice_reads (user_name, read_upto) VALUES (?, ?)
			ON CONFLICT (user_name) DO UPDATE SET read_upto = excluded.read_upto WHERE notice_reads.read_upto < excluded.read_upto`, user, upTo)
	})
}

// Pruned counts what PruneNotifications deleted.
type Pruned struct {
	Notices int64 // notices older than the retention
	Events  int64 // workflow events delivered before it
	Mails   int64 // mails sent before the mail retention, or given up before the retention
}

// PruneNotifications deletes the notices created before noticesBefore, the workflow events
// delivered before it, and the outbox's mails sent before mailsBefore or given up (tried
// MaxMailAttempts times) and created before noticesBefore. A mail still to be sent is
// kept whatever its age. Each delete reads an index by time.
func (db *DB) PruneNotifications(ctx context.Context, noticesBefore, mailsBefore time.Time) (Pruned, error) {
	var p Pruned
	err := db.inTx(ctx, func(tx *Tx) error {
		p = Pruned{}
		del := func(n *int64, q string, args ...any) error {
			res, err := tx.tx.ExecContext(ctx, tx.rebind(q), args...)
			if err != nil {
				return err
			}
			*n, err = res.RowsAffected()
			return err
		}
		nb, mb := stamp(noticesBefore), stamp(mailsBefore)
		if err := del(&p.Notices, `DELETE FROM notifications WHERE created_at < ?`, nb); err != nil {
			return err
		}
		if err := del(&p.Events, `DELETE FROM notify_events WHERE processed_at IS NOT NULL AND processed_at < ?`, nb); err != nil {
			return err
		}
		var given int64
		if err := del(&p.Mails, `DELETE FROM mail_outbox WHERE sent_at IS NOT NULL AND sent_at < ?`, mb); err != nil {
			return err
		}
		if err := del(&given, `DELETE FROM mail_outbox WHERE sent_at IS NULL AND attempts >= ? AND created_at < ?`, MaxMailAttempts, nb); err != nil {
			return err
		}
		p.Mails += given
		return nil
	})
	return p, err
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
)

// Reminders and notifications (docs/notifications.md). A change of a section's state that
// someone should hear about records an event in the change's own transaction (the outbox
// pattern), so that no change is without its notice and no notice without its change. The
// runner (package notify) turns each event, and each reminder before a deadline, into a
// notification per account (the list on /aviseringar) and, for an account with an e-mail
// address that has not turned e-mail off, a mail in the outbox, in one transaction that
// also marks the event done or the reminder sent; it then sends the outbox's mails,
// claiming each so that two servers never send the same one.

// stamp is a time as the notification tables keep it: UTC text of one fixed width, so
// that times compare as text (RFC3339Nano drops trailing zeros and does not).
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// SetUserEmail sets an account's e-mail address ("" for none) and whether it gets
// e-mail at all (off: only the list in the product). The address is checked with
// tertial.ValidateEmail (EINVALID). It returns ENOTFOUND for no such account.
func (db *DB) SetUserEmail(ctx context.Context, actor, name, email string, off bool) error {
	email = strings.TrimSpace(email)
	if err := invalid(tertial.ValidateEmail(email)); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return db.setUserEmail(tx, actor, name, email, off) })
}

// UpdateAccountEmail is UpdateAccount and SetUserEmail in one transaction: a refusal of
// either changes nothing.
func (db *DB) UpdateAccountEmail(ctx context.Context, actor string, u tertial.User, email string, off bool) error {
	email = strings.TrimSpace(email)
	if err := invalid(tertial.ValidateEmail(email)); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := db.updateAccount(tx, actor, u); err != nil {
			return err
		}
		return db.setUserEmail(tx, actor, u.Name, email, off)
	})
}

// setUserEmail is SetUserEmail in a transaction, of a checked address.
func (db *DB) setUserEmail(tx *Tx, actor, name, email string, off bool) error {
	var oldEmail string
	var oldOff int
	var muni string
	err := tx.get(`SELECT COALESCE(email, ''), email_off, COALESCE(muni, '') FROM users WHERE name = ?`+tx.rowLock(updateLock), []any{name}, &oldEmail, &oldOff, &muni)
	if errors.Is(err, sql.ErrNoRows) {
		return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen användare %q", name)
	} else if err != nil {
		return err
	}
	if err := tx.exec(`UPDATE users SET email = ?, email_off = ? WHERE name = ?`, null(email), boolInt(off), name); err != nil {
		return err
	}
	_, err = db.audit(tx, actor, muni, "user", name, []change{
		{"email", oldEmail, email}, {"email_off", strconv.FormatBool(oldOff != 0), strconv.FormatBool(off)}})
	return err
}

// NotifySettings are a municipality's reminder settings.
type NotifySettings struct {
	RemindersOn bool  // whether reminders before deadlines go out at all
	DaysBefore  []int // how many days before a deadline, largest first
}

// DefaultNotifySettings are the settings of a municipality that has chosen none.
func DefaultNotifySettings() NotifySettings {
	return NotifySettings{RemindersOn: true, DaysBefore: slices.Clone(tertial.DefaultReminderDays)}
}

func daysText(days []int) string {
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

func parseDays(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// NotifySettingsOf returns a municipality's reminder settings (DefaultNotifySettings when
// it has saved none).
func (db *DB) NotifySettingsOf(ctx context.Context, muni string) (NotifySettings, error) {
	s := DefaultNotifySettings()
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var on int
		var days string
		err := tx.get(`SELECT reminders_on, days_before FROM notify_settings WHERE muni = ?`, []any{muni}, &on, &days)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		s = NotifySettings{RemindersOn: on != 0, DaysBefore: parseDays(days)}
		return nil
	})
	return s, err
}

// SaveNotifySettings saves a municipality's reminder settings, checked with
// tertial.ValidateReminderDays (EINVALID); the days are kept largest first. It returns
// ENOTFOUND for no such municipality.
func (db *DB) SaveNotifySettings(ctx context.Context, actor, muni string, s NotifySettings) error {
	if err := invalid(tertial.ValidateReminderDays(s.DaysBefore)); err != nil {
		return err
	}
	days := slices.Clone(s.DaysBefore)
	slices.Sort(days)
	slices.Reverse(days)
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM municipalities WHERE code = ?`, []any{muni}, &n); err != nil {
			return err
		} else if n == 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen kommun med koden %q", muni)
		}
		old := DefaultNotifySettings()
		var on int
		var oldDays string
		if err := tx.get(`SELECT reminders_on, days_before FROM notify_settings WHERE muni = ?`, []any{muni}, &on, &oldDays); err == nil {
			old = NotifySettings{RemindersOn: on != 0, DaysBefore: parseDays(oldDays)}
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := tx.exec(`INSERT INTO notify_settings (muni, reminders_on, days_before) VALUES (?, ?, ?)
			ON CONFLICT (muni) DO UPDATE SET reminders_on = excluded.reminders_on, days_before = excluded.days_before`,
			muni, boolInt(s.RemindersOn), daysText(days)); err != nil {
			return err
		}
		_, err := db.audit(tx, actor, muni, "notify_settings", muni, []change{
			{"reminders_on", strconv.FormatBool(old.RemindersOn), strconv.FormatBool(s.RemindersOn)},
			{"days_before", daysText(old.DaysBefore), daysText(days)}})
		return err
	})
}

// Event kinds: a section sent back to its unit, and a section approved.
const (
	EventReturned = "returned"
	EventApproved = "approved"
)

// recordSectionEvent records, in the transaction that changes a section's state from old
// to next, the event the runner tells the unit about: approved, or sent back (from ready
// or approved to in progress by a controller: a reporter's own step back is no news). It
// is called before the state is written, so that the section's last writer (who marked
// it ready) is still there to be told.
func recordSectionEvent(tx *Tx, p PeriodRef, key, old, next, actor, comment, at string) error {
	kind := ""
	switch {
	case next == string(tertial.SectionApproved) && old != next:
		kind = EventApproved
	case next == string(tertial.SectionInProgress) && (old == string(tertial.SectionReady) || old == string(tertial.SectionApproved)):
		var role string
		if err := tx.get(`SELECT role FROM users WHERE name = ?`, []any{actor}, &role); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if role == string(tertial.RoleReporter) {
			return nil
		}
		kind = EventReturned
	default:
		return nil
	}
	var submitter string
	if err := tx.get(`SELECT updated_by FROM section_states WHERE muni = ? AND unit_id = ? AND period_id = ? AND section_key = ?`,
		[]any{p.Municipality, p.Unit, p.Period, key}, &submitter); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return tx.exec(`INSERT INTO notify_events (kind, muni, unit_id, period_id, section_key, actor, submitter, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		kind, p.Municipality, p.Unit, p.Period, key, actor, submitter, comment, at)
}

// Event is a recorded workflow event the runner has not yet turned into notifications.
type Event struct {
	ID        int64
	Kind      string // EventReturned or EventApproved
	Period    PeriodRef
	Section   string // the section's key
	Actor     string // who approved or sent back
	Submitter string // who last changed the section before (marked it ready)
	Comment   string // why it was sent back
	Created   time.Time
}

// PendingEvents returns up to limit events not yet delivered, oldest first.
func (db *DB) PendingEvents(ctx context.Context, limit int) ([]Event, error) {
	var out []Event
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`SELECT id, kind, muni, unit_id, period_id, section_key, actor, submitter, comment, created_at FROM notify_events
			WHERE processed_at IS NULL ORDER BY id LIMIT ?`, []any{limit}, func(r *sql.Rows) error {
			var e Event
			var at string
			if err := r.Scan(&e.ID, &e.Kind, &e.Period.Municipality, &e.Period.Unit, &e.Period.Period, &e.Section, &e.Actor, &e.Submitter, &e.Comment, &at); err != nil {
				return err
			}
			e.Created = parseStamp(at)
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// Notice is one notification to one account: what the list shows, and what its mail
// says (the same words, with the link as a full address).
type Notice struct {
	User     string
	Kind     string // EventReturned, EventApproved or "reminder"
	Subject  string
	Body     string // plain text, without the link
	Link     string // the item's path on the site, such as /kommuner/0126/...
	MailBody string // the mail's text: Body with the link as a full address
}

// DeliverEvent turns the event into the notices, and each notice of an account with an
// e-mail address that has not turned e-mail off into a mail (when mail is true: the server
// has an SMTP server to send them through), and marks the event delivered, in one
// transaction. An event another process delivered first is left alone (it returns false).
func (db *DB) DeliverEvent(ctx context.Context, id int64, notices []Notice, mail bool) (bool, error) {
	done := false
	err := db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, tx.rebind(`UPDATE notify_events SET processed_at = ? WHERE id = ? AND processed_at IS NULL`), stamp(db.Now()), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return err
		}
		done = true
		return db.deliver(tx, notices, mail)
	})
	return done, err
}

// ReminderKey names one reminder: of a unit's period, for its deadline, so many days
// before it. A reminder is sent once per key.
type ReminderKey struct {
	Period   PeriodRef
	Deadline time.Time
	Days     int
}

// DeliverReminder records the reminders as sent and delivers their notices (as
// DeliverEvent does), in one transaction; a reminder already sent (by this process or
// another) is not sent again (it returns false). Every key is recorded: a reminder for 7
// days that goes out on the last day also stands for the one for 1 day.
func (db *DB) DeliverReminder(ctx context.Context, keys []ReminderKey, notices []Notice, mail bool) (bool, error) {
	done := false
	err := db.inTx(ctx, func(tx *Tx) error {
		for _, k := range keys {
			res, err := tx.tx.ExecContext(ctx, tx.rebind(`INSERT INTO reminders_sent (muni, unit_id, period_id, deadline, days, sent_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
				k.Period.Municipality, k.Period.Unit, k.Period.Period, dateText(k.Deadline), k.Days, stamp(db.Now()))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 1 {
				done = true
			}
		}
		if !done {
			return nil
		}
		return db.deliver(tx, notices, mail)
	})
	return done, err
}

// ReminderSent reports whether the reminder was sent.
func (db *DB) ReminderSent(ctx context.Context, k ReminderKey) (bool, error) {
	var n int
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.get(`SELECT COUNT(*) FROM reminders_sent WHERE muni = ? AND unit_id = ? AND period_id = ? AND deadline = ? AND days = ?`,
			[]any{k.Period.Municipality, k.Period.Unit, k.Period.Period, dateText(k.Deadline), k.Days}, &n)
	})
	return n > 0, err
}

// deliver writes the notices, and their mails, in tx. A notice to a disabled or unknown
// account is dropped.
func (db *DB) deliver(tx *Tx, notices []Notice, mail bool) error {
	now := stamp(db.Now())
	for _, n := range notices {
		var email, muni string
		var off, disabled int
		err := tx.get(`SELECT COALESCE(email, ''), email_off, disabled, COALESCE(muni, '') FROM users WHERE name = ?`, []any{n.User}, &email, &off, &disabled, &muni)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return err
		}
		if disabled != 0 {
			continue
		}
		var id int64
		if err := tx.get(`INSERT INTO notifications (user_name, muni, kind, subject, body, link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{n.User, muni, n.Kind, n.Subject, n.Body, n.Link, now}, &id); err != nil {
			return err
		}
		if !mail || email == "" || off != 0 {
			continue
		}
		body := n.MailBody
		if body == "" {
			body = n.Body
		}
		if err := tx.exec(`INSERT INTO mail_outbox (notification_id, to_addr, subject, body, created_at, next_attempt) VALUES (?, ?, ?, ?, ?, ?)`,
			id, email, n.Subject, body, now, now); err != nil {
			return err
		}
	}
	return nil
}

// Notification is one entry of an account's list of notifications.
type Notification struct {
	ID      int64
	Kind    string
	Subject string
	Body    string
	Link    string
	Created time.Time
}

// Notifications returns an account's latest notifications, newest first, at most limit.
func (db *DB) Notifications(ctx context.Context, user string, limit int) ([]Notification, error) {
	var out []Notification
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`SELECT id, kind, subject, body, link, created_at FROM notifications WHERE user_name = ? ORDER BY id DESC LIMIT ?`,
			[]any{user, limit}, func(r *sql.Rows) error {
				var n Notification
				var at string
				if err := r.Scan(&n.ID, &n.Kind, &n.Subject, &n.Body, &n.Link, &at); err != nil {
					return err
				}
				n.Created = parseStamp(at)
				out = append(out, n)
				return nil
			})
	})
	return out, err
}

// MaxMailAttempts is how many times a mail is tried before it is given up (its last error
// kept); with the backoff that is about four days.
const MaxMailAttempts = 20

// Mail is a mail of the outbox.
type Mail struct {
	ID          int64
	To          string
	Subject     string
	Body        string
	Created     time.Time
	Attempts    int
	NextAttempt time.Time
	Sent        time.Time // zero until sent
	LastError   string
}

const mailColumns = `id, to_addr, subject, body, created_at, attempts, next_attempt, COALESCE(sent_at, ''), last_error`

func scanMail(scan func(...any) error) (Mail, error) {
	var m Mail
	var created, next, sent string
	err := scan(&m.ID, &m.To, &m.Subject, &m.Body, &created, &m.Attempts, &next, &sent, &m.LastError)
	m.Created, m.NextAttempt, m.Sent = parseStamp(created), parseStamp(next), parseStamp(sent)
	return m, err
}

// Outbox returns every mail of the outbox, sent or not, oldest first.
func (db *DB) Outbox(ctx context.Context) ([]Mail, error) {
	var out []Mail
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`SELECT `+mailColumns+` FROM mail_outbox ORDER BY id`, nil, func(r *sql.Rows) error {
			m, err := scanMail(r.Scan)
			out = append(out, m)
			return err
		})
	})
	return out, err
}

// ClaimMails claims up to limit mails that are due (not sent, not given up, their next
// attempt come, not claimed by anyone whose claim still holds) for lease, and counts the
// attempt. The claim is a conditional UPDATE that only one transaction can make; on
// PostgreSQL the candidates are also read FOR UPDATE SKIP LOCKED, so that two servers
// claim different mails rather than wait for each other. A mail whose sender died is
// claimed again when the lease has run out.
func (db *DB) ClaimMails(ctx context.Context, limit int, lease time.Duration) ([]Mail, error) {
	var out []Mail
	err := db.inTx(ctx, func(tx *Tx) error {
		out = nil
		now := db.Now()
		q := `SELECT ` + mailColumns + ` FROM mail_outbox WHERE sent_at IS NULL AND attempts < ? AND next_attempt <= ?
			AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?`
		if tx.dialect == Postgres {
			q += ` FOR UPDATE SKIP LOCKED`
		}
		var cands []Mail
		if err := tx.query(q, []any{MaxMailAttempts, stamp(now), stamp(now), limit}, func(r *sql.Rows) error {
			m, err := scanMail(r.Scan)
			cands = append(cands, m)
			return err
		}); err != nil {
			return err
		}
		for _, m := range cands {
			res, err := tx.tx.ExecContext(ctx, tx.rebind(`UPDATE mail_outbox SET claimed_until = ?, attempts = attempts + 1
				WHERE id = ? AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)`), stamp(now.Add(lease)), m.ID, stamp(now))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 1 {
				m.Attempts++
				out = append(out, m)
			}
		}
		return nil
	})
	return out, err
}

// MailSent marks a claimed mail sent: it is never sent again.
func (db *DB) MailSent(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		return tx.exec(`UPDATE mail_outbox SET sent_at = ?, claimed_until = NULL, last_error = '' WHERE id = ? AND sent_at IS NULL`, stamp(db.Now()), id)
	})
}

// MailBackoff is how long after its nth failed attempt a mail is tried again: a minute,
// doubling each time, at most six hours.
func MailBackoff(attempts int) time.Duration {
	d := time.Minute
	for i := 1; i < attempts && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// MailFailed records a failed attempt of a claimed mail and when to try again
// (MailBackoff); a permanent failure (the server refused the address or the mail for
// good) gives the mail up at once.
func (db *DB) MailFailed(ctx context.Context, id int64, attempts int, msg string, permanent bool) error {
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if permanent {
			return tx.exec(`UPDATE mail_outbox SET claimed_until = NULL, last_error = ?, attempts = ? WHERE id = ? AND sent_at IS NULL`,
				msg, MaxMailAttempts, id)
		}
		return tx.exec(`UPDATE mail_outbox SET claimed_until = NULL, last_error = ?, next_attempt = ? WHERE id = ? AND sent_at IS NULL`,
			msg, stamp(db.Now().Add(MailBackoff(attempts))), id)
	})
}

// String is the mail as a line for logs: its id and recipient, never its text.
func (m Mail) String() string { return fmt.Sprintf("mail %d till %s", m.ID, m.To) }

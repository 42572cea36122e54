package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/tertial/tertial"
)

const userColumns = `name, role, COALESCE(muni, ''), COALESCE(unit_id, ''), created_at, disabled`

// userColumnsU is userColumns for the users table joined as u.
const userColumnsU = `u.name, u.role, COALESCE(u.muni, ''), COALESCE(u.unit_id, ''), u.created_at, u.disabled`

func scanUser(scan func(...any) error) (*tertial.User, error) {
	var u tertial.User
	var created string
	var disabled int
	if err := scan(&u.Name, &u.Role, &u.Municipality, &u.Unit, &created, &disabled); err != nil {
		return nil, err
	}
	u.Created, _ = time.Parse(time.RFC3339Nano, created)
	u.Disabled = disabled != 0
	return &u, nil
}

// CreateUser adds an account with a password hash (from auth.HashPassword; "" for an
// account that signs in only by single sign-on). The account is checked with
// tertial.User.Validate (EINVALID with its problems: above all, every account but a system
// administrator belongs to a municipality), and its municipality and unit must exist
// (EINVALID). It returns ECONFLICT if the name is taken.
func (db *DB) CreateUser(ctx context.Context, actor string, u tertial.User, passwordHash string) error {
	if err := invalid(u.Validate()); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return db.createUser(tx, actor, u, passwordHash) })
}

// createUser is CreateUser in a transaction, after u was validated.
func (db *DB) createUser(tx *Tx, actor string, u tertial.User, passwordHash string) error {
	var n int
	if err := tx.get(`SELECT COUNT(*) FROM users WHERE name = ?`, []any{u.Name}, &n); err != nil {
		return err
	} else if n > 0 {
		msg := fmt.Sprintf("användaren %q finns redan", u.Name)
		return &tertial.Error{Code: tertial.ECONFLICT, Message: msg, Problems: []tertial.Problem{{Path: "name", Message: msg}}}
	}
	if err := checkPlace(tx, u); err != nil {
		return err
	}
	if err := tx.exec(`INSERT INTO users (name, role, muni, unit_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		u.Name, string(u.Role), null(u.Municipality), null(u.Unit), passwordHash, db.now()); err != nil {
		return err
	}
	_, err := db.audit(tx, actor, u.Municipality, "user", u.Name, []change{
		{"role", "", string(u.Role)}, {"municipality", "", u.Municipality}, {"unit", "", u.Unit}})
	return err
}

// checkPlace returns EINVALID if the account's municipality or unit (in that
// municipality) does not exist.
func checkPlace(tx *Tx, u tertial.User) error {
	var n int
	if u.Municipality != "" {
		if err := tx.get(`SELECT COUNT(*) FROM municipalities WHERE code = ?`, []any{u.Municipality}, &n); err != nil {
			return err
		} else if n == 0 {
			return tertial.Invalid([]tertial.Problem{{Path: "municipality", Message: fmt.Sprintf("det finns ingen kommun med koden %q", u.Municipality)}})
		}
	}
	if u.Unit != "" {
		if err := tx.get(`SELECT COUNT(*) FROM units WHERE muni = ? AND id = ?`, []any{u.Municipality, u.Unit}, &n); err != nil {
			return err
		} else if n == 0 {
			return tertial.Invalid([]tertial.Problem{{Path: "unit", Message: fmt.Sprintf("det finns ingen enhet %q i kommunen %s", u.Unit, u.Municipality)}})
		}
	}
	return nil
}

// lockUser reads an account for a change of it and holds its row until the transaction
// ends (see Tx.rowLock), so that a sign-in that is creating a session waits for the
// change, or the change for the sign-in. It returns ENOTFOUND for no such account.
func lockUser(tx *Tx, name string) (*tertial.User, error) {
	u, err := scanUser(tx.tx.QueryRowContext(tx.ctx, tx.rebind(`SELECT `+userColumns+` FROM users WHERE name = ?`+tx.rowLock(updateLock)), name).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen användare %q", name)
	}
	return u, err
}

// endSessions deletes every session of an account and returns how many there were.
func endSessions(tx *Tx, name string) (int, error) {
	res, err := tx.tx.ExecContext(tx.ctx, tx.rebind(`DELETE FROM sessions WHERE user_name = ?`), name)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// sessionsChange is the audit entry of ended sessions.
func sessionsChange(n int) change { return change{"sessions", strconv.Itoa(n), "0"} }

// SetUserDisabled turns an account off (disabled true) or on again. Turning it off ends
// its sessions at once; its API tokens stop working while it is off (TokenUser and
// SessionUser resolve no disabled account) and work again when it is turned on, unless
// revoked. An account is turned on only if it is valid (EINVALID otherwise: an account
// that the migration to one municipality per account turned off needs a municipality
// first, see SetUserRole). The last administrator is not turned off (EINVALID, see
// keepAnAdministrator). It returns ENOTFOUND for no such account and ECONFLICT when the
// account already is in that state.
func (db *DB) SetUserDisabled(ctx context.Context, actor, name string, disabled bool) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := lockAdmins(tx); err != nil {
			return err
		}
		u, err := lockUser(tx, name)
		if err != nil {
			return err
		}
		if u.Disabled == disabled {
			if disabled {
				return tertial.Errorf(tertial.ECONFLICT, "kontot %s är redan avstängt", name)
			}
			return tertial.Errorf(tertial.ECONFLICT, "kontot %s är inte avstängt", name)
		}
		return db.setUserDisabled(tx, actor, u, disabled)
	})
}

// setUserDisabled is SetUserDisabled of the account u, held by lockUser after lockAdmins,
// for a change of its state.
func (db *DB) setUserDisabled(tx *Tx, actor string, u *tertial.User, disabled bool) error {
	name := u.Name
	after := *u
	after.Disabled = disabled
	if err := keepAnAdministrator(tx, u, &after, "disabled"); err != nil {
		return err
	}
	changes := []change{{"disabled", strconv.FormatBool(u.Disabled), strconv.FormatBool(disabled)}}
	if disabled {
		n, err := endSessions(tx, name)
		if err != nil {
			return err
		}
		changes = append(changes, sessionsChange(n))
	} else if err := invalid(u.Validate()); err != nil {
		msg := fmt.Sprintf("kontot %s kan inte slås på: %s (ändra det först med tertial user set-role)", name, tertial.ErrorMessage(err))
		return &tertial.Error{Code: tertial.EINVALID, Message: msg, Problems: []tertial.Problem{{Path: "disabled", Message: msg}}}
	}
	if err := tx.exec(`UPDATE users SET disabled = ? WHERE name = ?`, boolInt(disabled), name); err != nil {
		return err
	}
	_, err := db.audit(tx, actor, u.Municipality, "user", name, changes)
	return err
}

// SetUserRole gives the account u.Name the role, municipality and unit of u, checked as
// CreateUser checks a new account (EINVALID), and so that the last administrator keeps
// the role (EINVALID, see keepAnAdministrator). Permissions follow at once: every request
// reads the account anew. It returns ENOTFOUND for no such account.
func (db *DB) SetUserRole(ctx context.Context, actor string, u tertial.User) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := lockAdmins(tx); err != nil {
			return err
		}
		old, err := lockUser(tx, u.Name)
		if err != nil {
			return err
		}
		return db.setUserRole(tx, actor, old, u)
	})
}

// setUserRole is SetUserRole of the account old, held by lockUser after lockAdmins.
func (db *DB) setUserRole(tx *Tx, actor string, old *tertial.User, u tertial.User) error {
	if err := invalid(u.Validate()); err != nil {
		return err
	}
	if err := checkPlace(tx, u); err != nil {
		return err
	}
	after := u
	after.Disabled = old.Disabled
	if err := keepAnAdministrator(tx, old, &after, "role"); err != nil {
		return err
	}
	if err := tx.exec(`UPDATE users SET role = ?, muni = ?, unit_id = ? WHERE name = ?`, string(u.Role), null(u.Municipality), null(u.Unit), u.Name); err != nil {
		return err
	}
	muni := u.Municipality
	if muni == "" {
		muni = old.Municipality
	}
	_, err := db.audit(tx, actor, muni, "user", u.Name, []change{
		{"role", string(old.Role), string(u.Role)}, {"municipality", old.Municipality, u.Municipality}, {"unit", old.Unit, u.Unit}})
	return err
}

// UpdateAccount gives the account u.Name the role, municipality, unit and state (on or
// off) of u in one transaction: what changes is changed as SetUserRole and
// SetUserDisabled change it, with their rules and audit entries, and a refusal of either
// changes nothing. An account is moved before it is turned on and turned off before it
// is moved, so that it is valid whenever it is on. It returns ENOTFOUND for no such
// account.
func (db *DB) UpdateAccount(ctx context.Context, actor string, u tertial.User) error {
	return db.inTx(ctx, func(tx *Tx) error { return db.updateAccount(tx, actor, u) })
}

// updateAccount is UpdateAccount in a transaction.
func (db *DB) updateAccount(tx *Tx, actor string, u tertial.User) error {
	if err := lockAdmins(tx); err != nil {
		return err
	}
	old, err := lockUser(tx, u.Name)
	if err != nil {
		return err
	}
	moved := u.Role != old.Role || u.Municipality != old.Municipality || u.Unit != old.Unit
	if u.Disabled && !old.Disabled {
		if err := db.setUserDisabled(tx, actor, old, true); err != nil {
			return err
		}
		old.Disabled = true
	}
	if moved {
		if err := db.setUserRole(tx, actor, old, u); err != nil {
			return err
		}
		old.Role, old.Municipality, old.Unit = u.Role, u.Municipality, u.Unit
	}
	if !u.Disabled && old.Disabled {
		return db.setUserDisabled(tx, actor, old, false)
	}
	return nil
}

// SetPassword gives an account a new password hash (from auth.HashPassword, of a password
// that passed tertial.CheckPassword) and ends its sessions, so that whoever signed in
// with the old password is signed out. The audit log records that the password changed,
// never the hash. It returns ENOTFOUND for no such account.
func (db *DB) SetPassword(ctx context.Context, actor, name, passwordHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		u, err := lockUser(tx, name)
		if err != nil {
			return err
		}
		if err := tx.exec(`UPDATE users SET password_hash = ? WHERE name = ?`, passwordHash, name); err != nil {
			return err
		}
		n, err := endSessions(tx, name)
		if err != nil {
			return err
		}
		_, err = db.audit(tx, actor, u.Municipality, "user", name, []change{{"password", "", "ändrat"}, sessionsChange(n)})
		return err
	})
}

// EndSessions ends every session of an account (it is signed out everywhere) and returns
// how many there were; its API tokens are not touched (see RevokeToken). It returns
// ENOTFOUND for no such account.
func (db *DB) EndSessions(ctx context.Context, actor, name string) (int, error) {
	var n int
	err := db.inTx(ctx, func(tx *Tx) error {
		u, err := lockUser(tx, name)
		if err != nil {
			return err
		}
		if n, err = endSessions(tx, name); err != nil {
			return err
		}
		// Recorded also when there was none: the operator's action is what is audited.
		_, err = db.audit(tx, actor, u.Municipality, "user", name, []change{{"sessions", strconv.Itoa(n), "0 (avslutade)"}})
		return err
	})
	return n, err
}

// UserWithPassword returns an account and its password hash, or ENOTFOUND.
func (db *DB) UserWithPassword(ctx context.Context, name string) (*tertial.User, string, error) {
	var u *tertial.User
	var hash string
	err := db.inReadTx(ctx, func(tx *Tx) error {
		row := tx.tx.QueryRowContext(ctx, tx.rebind(`SELECT `+userColumns+`, password_hash FROM users WHERE name = ?`), name)
		var err error
		u, err = scanUser(func(dest ...any) error { return row.Scan(append(dest, &hash)...) })
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", tertial.Errorf(tertial.ENOTFOUND, "det finns ingen användare %q", name)
	}
	return u, hash, err
}

// Users lists the accounts by name.
func (db *DB) Users(ctx context.Context) ([]tertial.User, error) {
	var out []tertial.User
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`SELECT `+userColumns+` FROM users ORDER BY name`, nil, func(r *sql.Rows) error {
			u, err := scanUser(r.Scan)
			if err == nil {
				out = append(out, *u)
			}
			return err
		})
	})
	return out, err
}

// UserBySubject returns the account a single-sign-on subject is mapped to, or ENOTFOUND.
func (db *DB) UserBySubject(ctx context.Context, subject string) (*tertial.User, error) {
	var u *tertial.User
	err := db.inReadTx(ctx, func(tx *Tx) error {
		row := tx.tx.QueryRowContext(ctx, tx.rebind(`SELECT `+userColumns+` FROM users WHERE oidc_subject = ?`), subject)
		var err error
		u, err = scanUser(row.Scan)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "ingen användare är kopplad till inloggningen")
	}
	return u, err
}

// CreateSession stores a session by the hash of its token, and records the sign-in as the
// account's last (Account.LastSignIn). It returns EUNAUTHORIZED if the
// account does not exist or is disabled: the account's row is held while the session is
// stored, so an account turned off during a sign-in does not keep a session that would
// come back when it is turned on again.
func (db *DB) CreateSession(ctx context.Context, tokenHash, user string, expires time.Time) error {
	return db.inTx(ctx, func(tx *Tx) error {
		// Sign-in is a good moment to forget expired sessions.
		if err := tx.exec(`DELETE FROM sessions WHERE expires_at < ?`, db.now()); err != nil {
			return err
		}
		var disabled int
		// Held for update, not share: the sign-in writes the row (last_sign_in_at), and two
		// sign-ins of one account that both held it shared would each wait for the other.
		err := tx.get(`SELECT disabled FROM users WHERE name = ?`+tx.rowLock(updateLock), []any{user}, &disabled)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && disabled != 0) {
			return tertial.Errorf(tertial.EUNAUTHORIZED, "kontot %s kan inte logga in", user)
		} else if err != nil {
			return err
		}
		now := db.now()
		if err := tx.exec(`UPDATE users SET last_sign_in_at = ? WHERE name = ?`, now, user); err != nil {
			return err
		}
		return tx.exec(`INSERT INTO sessions (token_hash, user_name, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?)`,
			tokenHash, user, now, expires.UTC().Format(time.RFC3339Nano), now)
	})
}

// ErrSessionIdle is SessionUser's answer for a session that was not used within the idle
// time: it has ended, and its user is to sign in again. Its code is EUNAUTHORIZED, like any
// other refused sign-in; errors.Is tells it apart, so the site can say why.
var ErrSessionIdle = tertial.Errorf(tertial.EUNAUTHORIZED, "Du har loggats ut efter en tids inaktivitet. Logga in igen.")

// SessionTouchInterval is how old a session's last-used time gets before a request that
// uses the session writes it again. Writing it on every request would make every page
// view a write: on SQLite all writes queue for one connection, and page views would then
// wait behind saves and imports. Since a session is refused once last-used + idle is not
// after now, the idle time is kept to within this interval: a session ends after at least
// idle and at most idle + SessionTouchInterval of not being used.
const SessionTouchInterval = time.Minute

// SessionUser returns the user of an unexpired session of an account that is not
// disabled, or EUNAUTHORIZED. When idle is positive, a session that was not used within
// idle is refused with ErrSessionIdle (it stays refused: its last-used time no longer
// moves); 0 means no idle timeout. A session it accepts counts as used now, written at
// most once per SessionTouchInterval.
func (db *DB) SessionUser(ctx context.Context, tokenHash string, idle time.Duration) (*tertial.User, error) {
	now := db.Now().UTC()
	var lastUsed string
	// One query, outside a transaction (it reads one row): on PostgreSQL a transaction
	// would cost two more round trips on every request.
	row := db.queryRow(ctx, `SELECT `+userColumnsU+`, s.last_used_at FROM sessions s JOIN users u ON u.name = s.user_name
			WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`, tokenHash, now.Format(time.RFC3339Nano))
	u, err := scanUser(func(dest ...any) error { return row.Scan(append(dest, &lastUsed)...) })
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tertial.Errorf(tertial.EUNAUTHORIZED, "logga in igen")
	} else if err != nil {
		return nil, err
	}
	last, err := time.Parse(time.RFC3339Nano, lastUsed)
	if err != nil {
		return nil, fmt.Errorf("session last used at %q: %w", lastUsed, err)
	}
	if idle > 0 && !last.Add(idle).After(now) {
		return nil, ErrSessionIdle
	}
	if now.Sub(last) >= SessionTouchInterval {
		// Only the request that still sees the old time writes: of several at once, the
		// others change nothing.
		err := db.inTx(ctx, func(tx *Tx) error {
			return tx.exec(`UPDATE sessions SET last_used_at = ? WHERE token_hash = ? AND last_used_at = ?`, now.Format(time.RFC3339Nano), tokenHash, lastUsed)
		})
		if err != nil {
			return nil, err
		}
	}
	return u, nil
}

// DeleteSession ends a session (sign-out).
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	return db.inTx(ctx, func(tx *Tx) error { return tx.exec(`DELETE FROM sessions WHERE token_hash = ?`, tokenHash) })
}

// CreateToken stores an API token by its hash. The audit entry is in the account's
// municipality, so that its administrators see it. It returns ENOTFOUND for no such
// account.
func (db *DB) CreateToken(ctx context.Context, actor, id, user, tokenHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var muni string
		err := tx.get(`SELECT COALESCE(muni, '') FROM users WHERE name = ?`, []any{user}, &muni)
		if errors.Is(err, sql.ErrNoRows) {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen användare %q", user)
		} else if err != nil {
			return err
		}
		if err := tx.exec(`INSERT INTO api_tokens (id, user_name, token_hash, created_at) VALUES (?, ?, ?, ?)`, id, user, tokenHash, db.now()); err != nil {
			return err
		}
		_, err = db.audit(tx, actor, muni, "api_token", id, []change{{"user", "", user}})
		return err
	})
}

// TokenUser returns the user of an unrevoked API token of an account that is not
// disabled, or EUNAUTHORIZED.
func (db *DB) TokenUser(ctx context.Context, tokenHash string) (*tertial.User, error) {
	return db.userByCredential(ctx, `SELECT `+userColumnsU+` FROM api_tokens t JOIN users u ON u.name = t.user_name
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = ?`, tokenHash, 0)
}

// RevokeToken revokes an API token by its ID; the audit entry is in its account's
// municipality. It returns ENOTFOUND for no such token or one already revoked.
func (db *DB) RevokeToken(ctx context.Context, actor, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, tx.rebind(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`), db.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen giltig token %q", id)
		}
		var muni string
		if err := tx.get(`SELECT COALESCE(u.muni, '') FROM api_tokens t JOIN users u ON u.name = t.user_name WHERE t.id = ?`, []any{id}, &muni); err != nil {
			return err
		}
		_, err = db.audit(tx, actor, muni, "api_token", id, []change{{"revoked", "", "true"}})
		return err
	})
}

func (db *DB) userByCredential(ctx context.Context, q string, args ...any) (*tertial.User, error) {
	var u *tertial.User
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.tx.QueryRowContext(ctx, tx.rebind(q), args...).Scan)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tertial.Errorf(tertial.EUNAUTHORIZED, "logga in igen")
	}
	return u, err
}

// AuditEntry is one change in the audit log.
type AuditEntry struct {
	ID           int64
	At           time.Time
	Actor        string
	Municipality string
	Entity       string
	Key          string
	Field        string
	Old, New     string
}

// AuditFilter selects audit entries; empty fields select everything.
type AuditFilter struct {
	Municipality, Entity, Key string
	// Limit, when above zero, keeps the newest Limit entries (still oldest first).
	Limit int
}

// AuditLog returns the audit entries that match, oldest first.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := `SELECT id, at, actor, muni, entity, item_key, field, COALESCE(old_value, ''), COALESCE(new_value, '') FROM audit_log WHERE 1 = 1`
	var args []any
	for _, c := range []struct{ col, v string }{{"muni", f.Municipality}, {"entity", f.Entity}, {"item_key", f.Key}} {
		if c.v != "" {
			q += " AND " + c.col + " = ?"
			args = append(args, c.v)
		}
	}
	var out []AuditEntry
	err := db.inReadTx(ctx, func(tx *Tx) error {
		order := ` ORDER BY id`
		if f.Limit > 0 {
			order = ` ORDER BY id DESC LIMIT ` + strconv.Itoa(f.Limit)
		}
		return tx.query(q+order, args, func(r *sql.Rows) error {
			var e AuditEntry
			var at string
			if err := r.Scan(&e.ID, &at, &e.Actor, &e.Municipality, &e.Entity, &e.Key, &e.Field, &e.Old, &e.New); err != nil {
				return err
			}
			e.At, _ = time.Parse(time.RFC3339Nano, at)
			out = append(out, e)
			return nil
		})
	})
	if f.Limit > 0 {
		slices.Reverse(out)
	}
	return out, err
}

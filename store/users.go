package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
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
// account that signs in only by single sign-on). It returns ECONFLICT if the name is
// taken and EINVALID for a bad name or role.
func (db *DB) CreateUser(ctx context.Context, actor string, u tertial.User, passwordHash string) error {
	if !tertial.ValidID(u.Name) {
		return tertial.Errorf(tertial.EINVALID, "ogiltigt användarnamn %q: använd små bokstäver a–z, siffror, '-', '_' och '.'", u.Name)
	}
	if !slices.Contains(tertial.Roles, u.Role) {
		return tertial.Errorf(tertial.EINVALID, "okänd roll %q: ska vara admin, controller, reporter eller reader", u.Role)
	}
	if u.Role == tertial.RoleReporter && u.Unit == "" {
		return tertial.Errorf(tertial.EINVALID, "en rapportör behöver en enhet (--unit)")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM users WHERE name = ?`, []any{u.Name}, &n); err != nil {
			return err
		} else if n > 0 {
			return tertial.Errorf(tertial.ECONFLICT, "användaren %q finns redan", u.Name)
		}
		if u.Unit != "" {
			q := `SELECT COUNT(*) FROM units WHERE id = ?`
			args := []any{u.Unit}
			if u.Municipality != "" {
				q += ` AND muni = ?`
				args = append(args, u.Municipality)
			}
			if err := tx.get(q, args, &n); err != nil {
				return err
			} else if n == 0 {
				return tertial.Errorf(tertial.EINVALID, "det finns ingen enhet %q", u.Unit)
			}
		}
		if err := tx.exec(`INSERT INTO users (name, role, muni, unit_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			u.Name, string(u.Role), null(u.Municipality), null(u.Unit), passwordHash, db.now()); err != nil {
			return err
		}
		_, err := db.audit(tx, actor, u.Municipality, "user", u.Name, []change{{"role", "", string(u.Role)}, {"unit", "", u.Unit}})
		return err
	})
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

// CreateSession stores a session by the hash of its token.
func (db *DB) CreateSession(ctx context.Context, tokenHash, user string, expires time.Time) error {
	return db.inTx(ctx, func(tx *Tx) error {
		// Sign-in is a good moment to forget expired sessions.
		if err := tx.exec(`DELETE FROM sessions WHERE expires_at < ?`, db.now()); err != nil {
			return err
		}
		return tx.exec(`INSERT INTO sessions (token_hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, user, db.now(), expires.UTC().Format(time.RFC3339Nano))
	})
}

// SessionUser returns the user of an unexpired session, or EUNAUTHORIZED.
func (db *DB) SessionUser(ctx context.Context, tokenHash string) (*tertial.User, error) {
	return db.userByCredential(ctx, `SELECT `+userColumnsU+` FROM sessions s JOIN users u ON u.name = s.user_name
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`, tokenHash, db.now())
}

// DeleteSession ends a session (sign-out).
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	return db.inTx(ctx, func(tx *Tx) error { return tx.exec(`DELETE FROM sessions WHERE token_hash = ?`, tokenHash) })
}

// CreateToken stores an API token by its hash.
func (db *DB) CreateToken(ctx context.Context, actor, id, user, tokenHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM users WHERE name = ?`, []any{user}, &n); err != nil {
			return err
		} else if n == 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen användare %q", user)
		}
		if err := tx.exec(`INSERT INTO api_tokens (id, user_name, token_hash, created_at) VALUES (?, ?, ?, ?)`, id, user, tokenHash, db.now()); err != nil {
			return err
		}
		_, err := db.audit(tx, actor, "", "api_token", id, []change{{"user", "", user}})
		return err
	})
}

// TokenUser returns the user of an unrevoked API token, or EUNAUTHORIZED.
func (db *DB) TokenUser(ctx context.Context, tokenHash string) (*tertial.User, error) {
	return db.userByCredential(ctx, `SELECT `+userColumnsU+` FROM api_tokens t JOIN users u ON u.name = t.user_name
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = ?`, tokenHash, 0)
}

// RevokeToken revokes an API token by its ID.
func (db *DB) RevokeToken(ctx context.Context, actor, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, tx.rebind(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`), db.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen giltig token %q", id)
		}
		_, err = db.audit(tx, actor, "", "api_token", id, []change{{"revoked", "", "true"}})
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
		return tx.query(q+` ORDER BY id`, args, func(r *sql.Rows) error {
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
	return out, err
}

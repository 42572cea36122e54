package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tertial/tertial"
)

// Account is an account as its administrators see it: the user, the single-sign-on
// subject it is linked to, when it last signed in and its API tokens.
type Account struct {
	tertial.User
	Subject    string    // the single-sign-on subject ("sub") it is linked to; "" for none
	Email      string    // where its notifications are mailed; "" for none
	EmailOff   bool      // it has turned e-mail off: notifications only in the product
	LastSignIn time.Time // zero if it has not signed in since it was created (or migration 0027)
	Tokens     []TokenInfo
}

// TokenInfo is an API token without its secret, which the store never holds.
type TokenInfo struct {
	ID      string
	User    string
	Created time.Time
	Revoked time.Time // zero while the token works
}

// accountColumns are the columns scanAccount reads, of the users table as u.
const accountColumns = userColumnsU + `, COALESCE(u.oidc_subject, ''), u.last_sign_in_at, COALESCE(u.email, ''), u.email_off`

func scanAccount(scan func(...any) error) (*Account, error) {
	var a Account
	var last string
	var off int
	u, err := scanUser(func(dest ...any) error { return scan(append(dest, &a.Subject, &last, &a.Email, &off)...) })
	if err != nil {
		return nil, err
	}
	a.EmailOff = off != 0
	a.User = *u
	a.LastSignIn, _ = time.Parse(time.RFC3339Nano, last)
	return &a, nil
}

// Accounts lists the accounts of a municipality by name, with their tokens; the
// municipality "" lists every account (what a system administrator sees).
func (db *DB) Accounts(ctx context.Context, municipality string) ([]Account, error) {
	var out []Account
	err := db.inReadTx(ctx, func(tx *Tx) error {
		q, args := `SELECT `+accountColumns+` FROM users u`, []any(nil)
		if municipality != "" {
			q, args = q+` WHERE u.muni = ?`, []any{municipality}
		}
		if err := tx.query(q+` ORDER BY u.name`, args, func(r *sql.Rows) error {
			a, err := scanAccount(r.Scan)
			if err == nil {
				out = append(out, *a)
			}
			return err
		}); err != nil {
			return err
		}
		byName := make(map[string]*Account, len(out))
		for i := range out {
			byName[out[i].Name] = &out[i]
		}
		q = `SELECT t.id, t.user_name, t.created_at, COALESCE(t.revoked_at, '') FROM api_tokens t JOIN users u ON u.name = t.user_name`
		if municipality != "" {
			q += ` WHERE u.muni = ?`
		}
		return tx.query(q+` ORDER BY t.created_at, t.id`, args, func(r *sql.Rows) error {
			t, err := scanToken(r.Scan)
			if err == nil && byName[t.User] != nil {
				byName[t.User].Tokens = append(byName[t.User].Tokens, *t)
			}
			return err
		})
	})
	return out, err
}

// Account returns an account with its tokens, or ENOTFOUND.
func (db *DB) Account(ctx context.Context, name string) (*Account, error) {
	var a *Account
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		a, err = scanAccount(tx.tx.QueryRowContext(ctx, tx.rebind(`SELECT `+accountColumns+` FROM users u WHERE u.name = ?`), name).Scan)
		if err != nil {
			return err
		}
		return tx.query(`SELECT id, user_name, created_at, COALESCE(revoked_at, '') FROM api_tokens WHERE user_name = ? ORDER BY created_at, id`, []any{name}, func(r *sql.Rows) error {
			t, err := scanToken(r.Scan)
			if err == nil {
				a.Tokens = append(a.Tokens, *t)
			}
			return err
		})
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen användare %q", name)
	}
	return a, err
}

func scanToken(scan func(...any) error) (*TokenInfo, error) {
	var t TokenInfo
	var created, revoked string
	if err := scan(&t.ID, &t.User, &created, &revoked); err != nil {
		return nil, err
	}
	t.Created, _ = time.Parse(time.RFC3339Nano, created)
	t.Revoked, _ = time.Parse(time.RFC3339Nano, revoked)
	return &t, nil
}

// Token returns an API token by its ID (revoked or not), or ENOTFOUND.
func (db *DB) Token(ctx context.Context, id string) (*TokenInfo, error) {
	var t *TokenInfo
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		t, err = scanToken(tx.tx.QueryRowContext(ctx, tx.rebind(`SELECT id, user_name, created_at, COALESCE(revoked_at, '') FROM api_tokens WHERE id = ?`), id).Scan)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen token %q", id)
	}
	return t, err
}

// HasAccounts reports whether the database holds any account at all: a site without one
// is set up through its first-run page (CreateFirstAdmin).
func (db *DB) HasAccounts(ctx context.Context) (bool, error) {
	var n int
	err := db.inReadTx(ctx, func(tx *Tx) error { return tx.get(`SELECT COUNT(*) FROM users`, nil, &n) })
	return n > 0, err
}

// CreateFirstAdmin creates the first account of an empty database: the system
// administrator u (an admin without a municipality, EINVALID otherwise), with the audit
// entry made by u itself. It returns ECONFLICT if the database already holds an account,
// so that of two first-run forms sent at once only one creates an account.
func (db *DB) CreateFirstAdmin(ctx context.Context, u tertial.User, passwordHash string) error {
	if err := invalid(u.Validate()); err != nil {
		return err
	}
	if !u.SystemAdmin() {
		return tertial.Errorf(tertial.EINVALID, "det första kontot ska vara en systemadministratör: en administratör utan kommun")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		// On PostgreSQL two of these could both count none; the users table's primary key
		// stops two of the same name, and the lock table stops two of different names.
		if tx.dialect == Postgres {
			if err := tx.exec(`LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM users`, nil, &n); err != nil {
			return err
		} else if n > 0 {
			return tertial.Errorf(tertial.ECONFLICT, "Tertial har redan konton: logga in i stället")
		}
		return db.createUser(tx, u.Name, u, passwordHash)
	})
}

// CreateMunicipality stores a new municipality from ds, a dataset that holds at least the
// municipality and its first unit: it is checked with the dataset's rules
// (tertial.Dataset.Validate; EINVALID with its problems, whose paths are the dataset
// format's, such as "municipality.code" and "units[0].kind"), and refused with ECONFLICT
// when the store already holds a municipality with its code: unlike ReplaceDataset it never
// replaces one. The audit log records who created it.
func (db *DB) CreateMunicipality(ctx context.Context, actor string, ds *tertial.Dataset) error {
	if err := invalid(ds.Validate()); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM municipalities WHERE code = ?`, []any{ds.Municipality.Code}, &n); err != nil {
			return err
		} else if n > 0 {
			msg := fmt.Sprintf("det finns redan en kommun med koden %s", ds.Municipality.Code)
			return &tertial.Error{Code: tertial.ECONFLICT, Message: msg, Problems: []tertial.Problem{{Path: "municipality.code", Message: msg}}}
		}
		if err := db.replaceDataset(tx, ds); err != nil {
			return err
		}
		changes := []change{{"name", "", ds.Municipality.Name}, {"county", "", ds.Municipality.County}, {"county_code", "", ds.Municipality.CountyCode}}
		for _, u := range ds.Units {
			changes = append(changes, change{"unit", "", u.ID + " " + u.Name + " (" + string(u.Kind) + ")"})
		}
		_, err := db.audit(tx, actor, ds.Municipality.Code, "municipality", ds.Municipality.Code, changes)
		return err
	})
}

// lockAdmins holds the rows of every enabled administrator until the transaction ends (on
// PostgreSQL; SQLite runs one writing transaction at a time), in the order of their names,
// so that two changes that each take away an administrator cannot both see the other still
// there (keepAnAdministrator). It is taken before any other account's row.
func lockAdmins(tx *Tx) error {
	if tx.dialect != Postgres {
		return nil
	}
	return tx.query(`SELECT name FROM users WHERE role = 'admin' AND disabled = 0 ORDER BY name FOR UPDATE`, nil, func(*sql.Rows) error { return nil })
}

// keepAnAdministrator returns EINVALID, with the problem at field, if changing the account
// old into after would take away the last enabled system administrator, or, in a database
// that has none, the last enabled administrator: someone must be left who can manage the
// accounts. The caller holds lockAdmins.
func keepAnAdministrator(tx *Tx, old, after *tertial.User, field string) error {
	wasSystem, isSystem := old.SystemAdmin() && !old.Disabled, after.SystemAdmin() && !after.Disabled
	wasAdmin, isAdmin := old.Role == tertial.RoleAdmin && !old.Disabled, after.Role == tertial.RoleAdmin && !after.Disabled
	var what string
	switch {
	case wasSystem && !isSystem:
		var others int
		if err := tx.get(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND muni IS NULL AND disabled = 0 AND name <> ?`, []any{old.Name}, &others); err != nil {
			return err
		}
		if others > 0 {
			return nil
		}
		what = "systemadministratören (administratör utan kommun)"
	case wasAdmin && !isAdmin:
		var system, others int
		if err := tx.get(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND muni IS NULL AND disabled = 0`, nil, &system); err != nil {
			return err
		}
		if err := tx.get(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND name <> ?`, []any{old.Name}, &others); err != nil {
			return err
		}
		if system > 0 || others > 0 {
			return nil
		}
		what = "administratören"
	default:
		return nil
	}
	verb := "byta roll eller kommun"
	if field == "disabled" {
		verb = "stängas av"
	}
	return tertial.Invalid([]tertial.Problem{{Path: field, Message: fmt.Sprintf(
		"%s är den sista aktiva %s och kan inte %s: ge först ett annat konto den rollen", old.Name, what, verb)}})
}

package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/tertial/tertial"
)

// LinkSubject maps a single-sign-on subject (the "sub" claim of the identity provider's ID
// token) to an account, so that signing in as that subject signs in as the account; the
// subject "" removes the mapping. A subject maps to at most one account and an account to
// at most one subject. It returns ENOTFOUND for no such account, ECONFLICT when the subject
// belongs to another account and EINVALID for a subject no provider issues.
func (db *DB) LinkSubject(ctx context.Context, actor, userName, subject string) error {
	if !validSubject(subject) {
		return tertial.Errorf(tertial.EINVALID, "ogiltigt subject %q: högst 255 tecken, inga blanksteg i början eller slutet och inga styrtecken", subject)
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var muni, old string
		err := tx.get(`SELECT COALESCE(muni, ''), COALESCE(oidc_subject, '') FROM users WHERE name = ?`, []any{userName}, &muni, &old)
		if errors.Is(err, sql.ErrNoRows) {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen användare %q", userName)
		} else if err != nil {
			return err
		}
		if subject != "" {
			var other string
			err := tx.get(`SELECT name FROM users WHERE oidc_subject = ? AND name <> ?`, []any{subject, userName}, &other)
			if err == nil {
				return tertial.Errorf(tertial.ECONFLICT, "inloggningen %q är redan kopplad till användaren %q", subject, other)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if err := tx.exec(`UPDATE users SET oidc_subject = ? WHERE name = ?`, null(subject), userName); err != nil {
			return err
		}
		_, err = db.audit(tx, actor, muni, "user", userName, []change{{"oidc_subject", old, subject}})
		return err
	})
}

// validSubject reports whether s can be a "sub" claim: OpenID Connect allows at most 255
// ASCII characters; we also refuse control characters and surrounding spaces, which are
// always a copy-and-paste mistake.
func validSubject(s string) bool {
	if len(s) > 255 || (s != "" && (s[0] == ' ' || s[len(s)-1] == ' ')) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

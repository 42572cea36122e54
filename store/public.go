package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/tertial/tertial"
)

// PublicSettings returns the municipality's public settings (tertial.PublicSettings):
// the defaults until they were changed. ENOTFOUND for an unknown municipality.
func (db *DB) PublicSettings(ctx context.Context, muni string) (tertial.PublicSettings, error) {
	var s tertial.PublicSettings
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		s, err = publicSettings(tx, muni)
		return err
	})
	return s, err
}

func publicSettings(tx *Tx, muni string) (tertial.PublicSettings, error) {
	s := tertial.DefaultPublicSettings
	var n int
	if err := tx.get(`SELECT COUNT(*) FROM municipalities WHERE code = ?`, []any{muni}, &n); err != nil {
		return s, err
	}
	if n == 0 {
		return s, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen kommun med koden %s", muni)
	}
	var public int
	err := tx.get(`SELECT public_pages, licence, licence_url FROM public_settings WHERE muni = ?`, []any{muni}, &public, &s.Licence, &s.LicenceURL)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	s.Public = public == 1
	return s, err
}

func publicText(on bool) string {
	if on {
		return "på"
	}
	return "av"
}

// SetPublicSettings changes the municipality's public settings. Settings that do not pass
// tertial.PublicSettings.Validate are refused with EINVALID (their problems at the paths
// "licence" and "licence_url") and nothing changes; ENOTFOUND for an unknown
// municipality. The audit log records each change. Whether the user may is the caller's
// question (an administrator's, as for UpdateSettings).
func (db *DB) SetPublicSettings(ctx context.Context, actor, muni string, s tertial.PublicSettings) error {
	s.Licence, s.LicenceURL = strings.TrimSpace(s.Licence), strings.TrimSpace(s.LicenceURL)
	if ps := s.Validate(); len(ps) > 0 {
		return tertial.Invalid(ps)
	}
	return db.inTx(ctx, func(tx *Tx) error {
		old, err := publicSettings(tx, muni)
		if err != nil {
			return err
		}
		public := 0
		if s.Public {
			public = 1
		}
		if err := tx.exec(`INSERT INTO public_settings (muni, public_pages, licence, licence_url) VALUES (?, ?, ?, ?)
			ON CONFLICT (muni) DO UPDATE SET public_pages = excluded.public_pages, licence = excluded.licence, licence_url = excluded.licence_url`,
			muni, public, s.Licence, s.LicenceURL); err != nil {
			return err
		}
		_, err = db.audit(tx, actor, muni, "municipality", muni, []change{{"public_pages", publicText(old.Public), publicText(s.Public)},
			{"licence", old.Licence, s.Licence}, {"licence_url", old.LicenceURL, s.LicenceURL}})
		return err
	})
}

// PublishedReport is a period's latest published version, for the list of a
// municipality's published reports.
type PublishedReport struct {
	Unit, Period string
	Latest       Publication // with its files' names and hashes, not their content
	Versions     int
}

// PublishedReports lists the municipality's periods that have a published version, each
// with its latest version, the latest published first. Only what was published is
// listed: a period without a publication does not appear.
func (db *DB) PublishedReports(ctx context.Context, muni string) ([]PublishedReport, error) {
	var out []PublishedReport
	err := db.inReadTx(ctx, func(tx *Tx) error {
		ids := map[int64]int{}
		if err := tx.query(`SELECT p.id, p.unit_id, p.period_id, p.number, p.published_at, p.published_by, m.n FROM publications p
			JOIN (SELECT unit_id, period_id, MAX(number) AS n FROM publications WHERE muni = ? GROUP BY unit_id, period_id) m
			  ON m.unit_id = p.unit_id AND m.period_id = p.period_id AND m.n = p.number
			WHERE p.muni = ? ORDER BY p.published_at DESC, p.unit_id, p.period_id`,
			[]any{muni, muni}, func(r *sql.Rows) error {
				var id int64
				var pr PublishedReport
				var at string
				if err := r.Scan(&id, &pr.Unit, &pr.Period, &pr.Latest.Number, &at, &pr.Latest.PublishedBy, &pr.Versions); err != nil {
					return err
				}
				pr.Latest.PublishedAt, _ = time.Parse(time.RFC3339Nano, at)
				ids[id] = len(out)
				out = append(out, pr)
				return nil
			}); err != nil {
			return err
		}
		return tx.query(`SELECT f.publication_id, f.format, f.file_name, f.media_type, f.sha256, f.size FROM publication_files f
			JOIN publications p ON p.id = f.publication_id WHERE p.muni = ? ORDER BY f.publication_id, f.format`,
			[]any{muni}, func(r *sql.Rows) error {
				var id int64
				var f PublishedFile
				if err := r.Scan(&id, &f.Format, &f.Name, &f.MediaType, &f.SHA256, &f.Size); err != nil {
					return err
				}
				if i, ok := ids[id]; ok {
					out[i].Latest.Files = append(out[i].Latest.Files, f)
				}
				return nil
			})
	})
	return out, err
}

// HasPublicReports reports whether any municipality with its public pages on has a
// published report: the site's start page then lists them to those not signed in.
func (db *DB) HasPublicReports(ctx context.Context) (bool, error) {
	var n int
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.get(`SELECT COUNT(*) FROM (SELECT 1 FROM publications p JOIN municipalities m ON m.code = p.muni
			WHERE NOT EXISTS (SELECT 1 FROM public_settings s WHERE s.muni = p.muni AND s.public_pages = 0) LIMIT 1) x`, nil, &n)
	})
	return n > 0, err
}

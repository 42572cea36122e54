package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/tertial/tertial"
)

// KoladaFetch is what one Kolada sync fetched for a municipality.
type KoladaFetch struct {
	Source        string // the API's base URL
	CountyGroup   string
	CountyTitle   string
	CountyMembers []tertial.KoladaMember
	Values        []tertial.KoladaValue
}

// SaveKolada stores fetched Kolada figures for the municipality in one transaction: the
// county group replaces the stored one, and each value replaces the stored value of the
// same KPI, Kolada municipality, year and gender. Values people entered are not touched.
// The municipality's generation moves on, so that cached copies show the new figures.
// The audit log gets, under entity "kolada", one entry for the sync (how many values from
// where, by actor) and one for every stored value that Kolada has since revised.
func (db *DB) SaveKolada(ctx context.Context, actor, muni string, f KoladaFetch) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM municipalities WHERE code = ?`, []any{muni}, &n); err != nil {
			return err
		}
		if n == 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen kommun med koden %q", muni)
		}
		now := db.Now().UTC().Format(time.RFC3339Nano)
		if f.CountyGroup != "" {
			if err := tx.exec(`DELETE FROM kolada_group_members WHERE muni = ? AND role = 'county'`, muni); err != nil {
				return err
			}
			if err := tx.exec(`DELETE FROM kolada_groups WHERE muni = ? AND role = 'county'`, muni); err != nil {
				return err
			}
			if err := tx.exec(`INSERT INTO kolada_groups (muni, role, group_id, title, fetched_at) VALUES (?, 'county', ?, ?, ?)`,
				muni, f.CountyGroup, f.CountyTitle, now); err != nil {
				return err
			}
			for i, m := range f.CountyMembers {
				if err := tx.exec(`INSERT INTO kolada_group_members (muni, role, pos, member_id, title) VALUES (?, 'county', ?, ?, ?)`,
					muni, i, m.ID, m.Title); err != nil {
					return err
				}
			}
		}
		changes := []change{{"sync", "", strconv.Itoa(len(f.Values)) + " värden från " + f.Source}}
		for _, v := range f.Values {
			var val any
			newText := "–"
			if v.Value != nil {
				val = v.Value.String()
				newText = v.Value.String()
			}
			var old sql.NullString
			err := tx.get(`SELECT value FROM kolada_values WHERE muni = ? AND kpi = ? AND municipality_id = ? AND year = ? AND gender = ?`,
				[]any{muni, v.KPI, v.Municipality, v.Year, v.Gender}, &old)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			default:
				oldText := "–"
				if old.Valid {
					oldText = old.String
				}
				field := v.KPI + "/" + v.Municipality + "/" + strconv.Itoa(v.Year) + "/" + v.Gender
				changes = append(changes, change{field, oldText, newText})
			}
			at := now
			if !v.FetchedAt.IsZero() {
				at = v.FetchedAt.UTC().Format(time.RFC3339Nano)
			}
			if err := tx.exec(`DELETE FROM kolada_values WHERE muni = ? AND kpi = ? AND municipality_id = ? AND year = ? AND gender = ?`,
				muni, v.KPI, v.Municipality, v.Year, v.Gender); err != nil {
				return err
			}
			if err := tx.exec(`INSERT INTO kolada_values (muni, kpi, municipality_id, year, gender, value, source, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				muni, v.KPI, v.Municipality, v.Year, v.Gender, val, f.Source, at); err != nil {
				return err
			}
		}
		if _, err := db.audit(tx, actor, muni, "kolada", f.Source, changes); err != nil {
			return err
		}
		return tx.exec(`UPDATE municipalities SET generation = generation + 1 WHERE code = ?`, muni)
	})
}

// Kolada returns the stored Kolada figures of the municipality, or nil when there are none.
func (db *DB) Kolada(ctx context.Context, muni string) (*tertial.KoladaData, error) {
	var k *tertial.KoladaData
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		k, err = loadKolada(tx, muni)
		return err
	})
	return k, err
}

func loadKolada(tx *Tx, muni string) (*tertial.KoladaData, error) {
	k := &tertial.KoladaData{}
	found := false
	err := tx.query(`SELECT group_id, title FROM kolada_groups WHERE muni = ? AND role = 'county'`, []any{muni}, func(r *sql.Rows) error {
		found = true
		return r.Scan(&k.CountyGroup, &k.CountyTitle)
	})
	if err != nil {
		return nil, err
	}
	err = tx.query(`SELECT member_id, title FROM kolada_group_members WHERE muni = ? AND role = 'county' ORDER BY pos`, []any{muni}, func(r *sql.Rows) error {
		var m tertial.KoladaMember
		if err := r.Scan(&m.ID, &m.Title); err != nil {
			return err
		}
		k.CountyMembers = append(k.CountyMembers, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tx.query(`SELECT kpi, municipality_id, year, gender, value, fetched_at FROM kolada_values WHERE muni = ? ORDER BY kpi, year, municipality_id, gender`, []any{muni}, func(r *sql.Rows) error {
		found = true
		var v tertial.KoladaValue
		var val sql.NullString
		var at string
		if err := r.Scan(&v.KPI, &v.Municipality, &v.Year, &v.Gender, &val, &at); err != nil {
			return err
		}
		if val.Valid {
			d, err := tertial.ParseDecimal(val.String)
			if err != nil {
				return err
			}
			v.Value = &d
		}
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			return err
		}
		v.FetchedAt = t
		k.Values = append(k.Values, v)
		return nil
	})
	if err != nil || !found {
		return nil, err
	}
	return k, nil
}

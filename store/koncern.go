package store

import (
	"database/sql"
	"fmt"
	"slices"

	"github.com/tertial/tertial"
)

// The kommunkoncern (docs/statements.md, "Sammanställda räkenskaper"): companies are units
// stored with kind 'board' and an ownership share (migration 0044: SQLite cannot widen
// units.kind's CHECK), and the eliminations (migration 0045), read and written with the
// rest of the dataset.

func init() { datasetTables = slices.Concat([]string{"eliminations"}, datasetTables) }

// unitKindColumns returns what a unit's kind, share and org number are stored as.
func unitKindColumns(u *tertial.Unit) (kind string, share any) {
	if u.Kind == tertial.UnitCompany {
		if u.Share == nil {
			// Dataset.Validate refuses a company without a share before anything is
			// written; "0" keeps the unit a company should one get here.
			return string(tertial.UnitBoard), "0"
		}
		return string(tertial.UnitBoard), u.Share.String()
	}
	return string(u.Kind), nil
}

// unitFromColumns sets a unit's kind and share from the stored columns.
func unitFromColumns(u *tertial.Unit, share sql.NullString) error {
	if !share.Valid {
		return nil
	}
	d, err := tertial.ParseDecimal(share.String)
	if err != nil {
		return fmt.Errorf("unit %s: stored ownership share: %w", u.ID, err)
	}
	u.Kind, u.Share = tertial.UnitCompany, &d
	return nil
}

func insertEliminations(tx *Tx, mu string, es []tertial.Elimination) error {
	for i, e := range es {
		if err := tx.exec(`INSERT INTO eliminations (muni, pos, year, company_id, counterpart_id, text, debit_row, debit_amount, credit_row, credit_amount)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, mu, i, e.Year, e.Company, e.Counterpart, e.Text,
			e.Debit.Row, int64(e.Debit.Amount), e.Credit.Row, int64(e.Credit.Amount)); err != nil {
			return err
		}
	}
	return nil
}

func loadEliminations(tx *Tx, mu string, e *tertial.Economy) error {
	return tx.query(`SELECT year, company_id, counterpart_id, text, debit_row, debit_amount, credit_row, credit_amount
		FROM eliminations WHERE muni = ? ORDER BY pos`, []any{mu}, func(r *sql.Rows) error {
		var x tertial.Elimination
		if err := r.Scan(&x.Year, &x.Company, &x.Counterpart, &x.Text, &x.Debit.Row, &x.Debit.Amount, &x.Credit.Row, &x.Credit.Amount); err != nil {
			return err
		}
		e.Eliminations = append(e.Eliminations, x)
		return nil
	})
}

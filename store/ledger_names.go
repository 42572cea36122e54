package store

import (
	"cmp"
	"database/sql"
	"slices"
	"sort"
	"strings"

	"github.com/tertial/tertial"
)

// insertAccountNames stores an import's account names (#KONTO) in ledger_account_names
// (migration 0049), in account order.
func insertAccountNames(tx *Tx, id int64, names map[string]string) error {
	if len(names) == 0 {
		return nil
	}
	accounts := make([]string, 0, len(names))
	for a := range names {
		accounts = append(accounts, a)
	}
	sort.Strings(accounts)
	_, err := insertMany(tx, "ledger_account_names", []string{"import_id", "account", "name"}, func(yield func([]any) bool) {
		row := make([]any, 3)
		for _, a := range accounts {
			row[0], row[1], row[2] = id, a, names[a]
			if !yield(row) {
				return
			}
		}
	})
	return err
}

// loadAccountNames returns the names of the municipality's units' accounts (of one unit
// when unit is not ""), one per unit and account, sorted by unit and account: of the
// unit's imports that name the account, the one of the latest fiscal year, and among
// those the one imported last, gives the name.
func loadAccountNames(tx *Tx, muni, unit string) ([]tertial.LedgerAccountName, error) {
	q := `SELECT i.unit, n.account, n.name FROM ledger_account_names n JOIN ledger_imports i ON i.id = n.import_id WHERE i.muni = ?`
	args := []any{muni}
	if unit != "" {
		q += ` AND i.unit = ?`
		args = append(args, unit)
	}
	q += ` ORDER BY i.unit, n.account, i.year DESC, i.id DESC`
	var out []tertial.LedgerAccountName
	err := tx.query(q, args, func(r *sql.Rows) error {
		var n tertial.LedgerAccountName
		if err := r.Scan(&n.Unit, &n.Account, &n.Name); err != nil {
			return err
		}
		if k := len(out); k > 0 && out[k-1].Unit == n.Unit && out[k-1].Account == n.Account {
			return nil // an earlier year's or import's name of the same account
		}
		out = append(out, n)
		return nil
	})
	sortAccountNames(out)
	return out, err
}

// sortAccountNames sorts names by unit and account, bytewise whatever the database's
// collation.
func sortAccountNames(names []tertial.LedgerAccountName) {
	slices.SortFunc(names, func(a, b tertial.LedgerAccountName) int {
		return cmp.Or(strings.Compare(a.Unit, b.Unit), strings.Compare(a.Account, b.Account))
	})
}

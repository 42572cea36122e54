package store

import (
	"cmp"
	"database/sql"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// insertLedgerBalances stores an import's balance accounts' movements and its balances
// (tables ledger_movements and ledger_balances, migration 0039) and returns how many
// rows of each it stored.
func insertLedgerBalances(tx *Tx, id int64, imp LedgerImport) (moves, balances int, err error) {
	if imp.Movements != nil {
		moves, err = insertMany(tx, "ledger_movements", []string{"import_id", "account", "month", "amount"}, func(yield func([]any) bool) {
			row := make([]any, 4)
			for r := range imp.Movements {
				row[0], row[1], row[2], row[3] = id, r.Account, r.Month, r.Amount
				if !yield(row) {
					return
				}
			}
		})
		if err != nil {
			return 0, 0, err
		}
	}
	nullable := func(v int64, ok bool) any {
		if !ok {
			return nil
		}
		return v
	}
	balances, err = insertMany(tx, "ledger_balances", []string{"import_id", "year", "account", "opening", "closing", "result"}, func(yield func([]any) bool) {
		row := make([]any, 6)
		for _, b := range imp.Balances {
			if !b.HasOpening && !b.HasClosing && !b.HasResult {
				continue
			}
			row[0], row[1], row[2] = id, b.Year, b.Account
			row[3], row[4], row[5] = nullable(b.Opening, b.HasOpening), nullable(b.Closing, b.HasClosing), nullable(b.Result, b.HasResult)
			if !yield(row) {
				return
			}
		}
	})
	return moves, balances, err
}

// balanceRowsNote is what the audit log adds about the balance rows of an import.
func balanceRowsNote(moves, balances int) string {
	if moves == 0 && balances == 0 {
		return ""
	}
	return ", " + strconv.Itoa(moves) + " balansförändringar, " + strconv.Itoa(balances) + " balanser och resultat"
}

// insertMany inserts rows into a table's columns in multi-row statements of at most 500
// rows (and 30 000 arguments), copying each row's values as it comes, and returns how many
// it inserted.
func insertMany(tx *Tx, table string, cols []string, rows iter.Seq[[]any]) (int, error) {
	batch := min(500, 30000/len(cols))
	statement := func(n int) string {
		var b strings.Builder
		b.WriteString(`INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES `)
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(one)
		}
		return tx.rebind(b.String())
	}
	var full string
	args := make([]any, 0, len(cols)*batch)
	total := 0
	flush := func() error {
		n := len(args) / len(cols)
		if n == 0 {
			return nil
		}
		q := full
		if n < batch {
			q = statement(n)
		} else if q == "" {
			full = statement(batch)
			q = full
		}
		if _, err := tx.tx.ExecContext(tx.ctx, q, args...); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
		total += n
		clear(args)
		args = args[:0]
		return nil
	}
	for r := range rows {
		args = append(args, r...)
		if len(args) == len(cols)*batch {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	return total, flush()
}

// loadLedgerBalances sets the ledger's balance accounts' movements, summed over the
// imports per unit, account and month (a month that an import of its own year has is
// taken from there, as the outcome is), and every import's balances with its own
// movements of each year it has balances for.
func loadLedgerBalances(tx *Tx, muni string, l *tertial.LedgerData) error {
	err := tx.query(`SELECT i.unit, a.account, a.month, SUM(a.amount) FROM ledger_movements a JOIN ledger_imports i ON i.id = a.import_id
		WHERE i.muni = ? AND `+ownMovementYear+`
		GROUP BY i.unit, a.account, a.month ORDER BY i.unit, a.account, a.month`, []any{muni}, func(r *sql.Rows) error {
		var e tertial.LedgerEntry
		if err := r.Scan(&e.Unit, &e.Account, &e.Month, &e.Amount); err != nil {
			return err
		}
		l.Movements = append(l.Movements, e)
		return nil
	})
	if err != nil {
		return err
	}
	l.Balances, err = importBalances(tx, muni, nil)
	return err
}

// ownMovementYear is the condition that takes a balance movement (ledger_movements a of
// ledger_imports i) of a month from the import of the month's own year when there is one
// with that month, as ownYear does for the outcome.
const ownMovementYear = `(a.month / 100 = i.year OR NOT EXISTS (SELECT 1 FROM ledger_imports j JOIN ledger_movements b ON b.import_id = j.id
			WHERE j.muni = i.muni AND j.unit = i.unit AND j.year = a.month / 100 AND b.month = a.month))`

// importBalances returns the balances of the municipality's imports (those of the units
// listed, or every unit's when units is nil), each with the import's own movements of the
// account in the year, sorted as LedgerData.Balances are.
func importBalances(tx *Tx, muni string, units []string) ([]tertial.LedgerBalance, error) {
	cond, args := "", []any{muni}
	if units != nil {
		if len(units) == 0 {
			return nil, nil
		}
		cond = " AND i.unit IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(units)), ", ") + ")"
		for _, u := range units {
			args = append(args, u)
		}
	}
	type importYear struct {
		id   int64
		year int
	}
	type importAccount struct {
		importYear
		account string
	}
	var out []tertial.LedgerBalance
	at := map[importAccount]int{} // index in out
	info := map[importYear]tertial.LedgerBalance{}
	err := tx.query(`SELECT i.id, i.unit, i.source, i.file_name, i.year, b.year, b.account, b.opening, b.closing, b.result
		FROM ledger_balances b JOIN ledger_imports i ON i.id = b.import_id WHERE i.muni = ?`+cond, args, func(r *sql.Rows) error {
		var b tertial.LedgerBalance
		var id int64
		var opening, closing, result sql.NullInt64
		if err := r.Scan(&id, &b.Unit, &b.Source, &b.FileName, &b.ImportYear, &b.Year, &b.Account, &opening, &closing, &result); err != nil {
			return err
		}
		b.Opening, b.HasOpening = opening.Int64, opening.Valid
		b.Closing, b.HasClosing = closing.Int64, closing.Valid
		b.Result, b.HasResult = result.Int64, result.Valid
		iy := importYear{id, b.Year}
		at[importAccount{iy, b.Account}] = len(out)
		info[iy] = tertial.LedgerBalance{Unit: b.Unit, Source: b.Source, FileName: b.FileName, ImportYear: b.ImportYear, Year: b.Year}
		out = append(out, b)
		return nil
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	// Each import's own movements of the years it has balances for.
	moved := map[importYear]bool{}
	err = tx.query(`SELECT a.import_id, a.account, a.month / 100, SUM(a.amount) FROM ledger_movements a JOIN ledger_imports i ON i.id = a.import_id
		WHERE i.muni = ?`+cond+` GROUP BY a.import_id, a.account, a.month / 100`, args, func(r *sql.Rows) error {
		var k importAccount
		var sum int64
		if err := r.Scan(&k.id, &k.account, &k.year, &sum); err != nil {
			return err
		}
		head, ok := info[k.importYear]
		if !ok {
			return nil
		}
		moved[k.importYear] = true
		i, ok := at[k]
		if !ok {
			head.Account = k.account
			i = len(out)
			at[k] = i
			out = append(out, head)
		}
		out[i].Movement = sum
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k, i := range at {
		out[i].HasMovements = moved[k.importYear]
	}
	sortBalances(out)
	return out, nil
}

// sortBalances sorts balances as LedgerData.Balances are: by unit, year, account, import
// year and source.
func sortBalances(bs []tertial.LedgerBalance) {
	slices.SortFunc(bs, func(a, b tertial.LedgerBalance) int {
		return cmp.Or(strings.Compare(a.Unit, b.Unit), cmp.Compare(a.Year, b.Year), strings.Compare(a.Account, b.Account),
			cmp.Compare(a.ImportYear, b.ImportYear), strings.Compare(a.Source, b.Source))
	})
}

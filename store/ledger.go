package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
)

// LedgerImport describes an import of outcome (and budget) from the accounting system.
type LedgerImport struct {
	Municipality, Unit string
	Source             string // e.g. "sie:Unit4 ERP"; an import of the same source and year replaces the earlier one
	Year               int
	SHA256             string
	Actor              string
	FileName           string
	OrgNr              string
	Chart              string // the file's chart of accounts (#KPTYP), "" when it does not say
	// Movements are the balance accounts' changes per account and month (Dimension 0,
	// Object ""), read as they are inserted like the outcome.
	Movements iter.Seq[LedgerRow]
	// Balances are the file's #IB, #UB and #RES per year and account (Year, Account, the
	// amounts and Has fields of each; the rest is ignored).
	Balances []tertial.LedgerBalance
	// AccountNames are the file's account names (#KONTO) by account number.
	AccountNames map[string]string
}

// LedgerRow is one aggregated amount: öre in the ledger's sign (costs positive).
// Dimension 0 with Object "" is the account's total for the month.
type LedgerRow struct {
	Account   string
	Dimension int
	Object    string
	Month     int // YYYYMM
	Amount    int64
}

// ImportLedger stores an import in one transaction, replacing the earlier import of the
// same unit, source and year, and records it in the audit log with the file's SHA-256.
// It refuses a unit that does not exist and a file of another organisation (org number)
// than the unit's earlier imports. The rows are read from outcome and budget as they are
// inserted, 500 at a time, so the import holds only one batch of them.
func (db *DB) ImportLedger(ctx context.Context, imp LedgerImport, outcome, budget iter.Seq[LedgerRow]) (replaced bool, err error) {
	err = db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM units WHERE muni = ? AND id = ?`, []any{imp.Municipality, imp.Unit}, &n); err != nil {
			return err
		}
		if n == 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "kommunen %s har ingen enhet %s", imp.Municipality, imp.Unit)
		}
		if imp.OrgNr != "" {
			var other string
			err := tx.get(`SELECT org_nr FROM ledger_imports WHERE muni = ? AND unit = ? AND org_nr <> '' AND org_nr <> ? ORDER BY id LIMIT 1`,
				[]any{imp.Municipality, imp.Unit, normOrgNr(imp.OrgNr)}, &other)
			if err == nil {
				return tertial.Errorf(tertial.EINVALID, "filen gäller organisationsnummer %s, men enheten %s har tidigare fått bokföring från %s: fel företag?", imp.OrgNr, imp.Unit, other)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		var oldID int64
		var oldSHA string
		err := tx.get(`SELECT id, sha256 FROM ledger_imports WHERE muni = ? AND unit = ? AND source = ? AND year = ?`,
			[]any{imp.Municipality, imp.Unit, imp.Source, imp.Year}, &oldID, &oldSHA)
		switch {
		case err == nil:
			replaced = true
			for _, t := range []string{"ledger_amounts", "ledger_budget", "ledger_movements", "ledger_balances", "ledger_account_names"} {
				if err := tx.exec(`DELETE FROM `+t+` WHERE import_id = ?`, oldID); err != nil {
					return err
				}
			}
			if err := tx.exec(`DELETE FROM ledger_imports WHERE id = ?`, oldID); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		at := db.now()
		var id int64
		if err := tx.get(`INSERT INTO ledger_imports (muni, unit, source, year, sha256, imported_at, actor, file_name, org_nr, chart) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{imp.Municipality, imp.Unit, imp.Source, imp.Year, imp.SHA256, at, imp.Actor, imp.FileName, normOrgNr(imp.OrgNr), imp.Chart}, &id); err != nil {
			return err
		}
		nOutcome, err := insertLedgerRows(tx, "ledger_amounts", id, outcome)
		if err != nil {
			return err
		}
		nBudget, err := insertLedgerRows(tx, "ledger_budget", id, budget)
		if err != nil {
			return err
		}
		nMoves, nBalances, err := insertLedgerBalances(tx, id, imp)
		if err != nil {
			return err
		}
		if err := insertAccountNames(tx, id, imp.AccountNames); err != nil {
			return err
		}
		// The municipality's cached datasets carry the ledger: move its generation on.
		if err := tx.exec(`UPDATE municipalities SET generation = generation + 1 WHERE code = ?`, imp.Municipality); err != nil {
			return err
		}
		key := fmt.Sprintf("%s/%s/%d", imp.Unit, imp.Source, imp.Year)
		_, err = db.audit(tx, imp.Actor, imp.Municipality, "ledger_import", key, []change{
			{"sha256", oldSHA, imp.SHA256},
			{"file", "", imp.FileName},
			{"rows", "", strconv.Itoa(nOutcome) + " utfall, " + strconv.Itoa(nBudget) + " budget" + balanceRowsNote(nMoves, nBalances)},
			{"imported_at", "", at},
		})
		return err
	})
	return replaced, err
}

func normOrgNr(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "-", "") }

// insertLedgerRows inserts rows in multi-row statements of 500 rows, reusing one batch's
// arguments, and returns how many it inserted.
func insertLedgerRows(tx *Tx, table string, id int64, rows iter.Seq[LedgerRow]) (int, error) {
	const batch = 500
	if rows == nil {
		return 0, nil
	}
	statement := func(n int) string {
		var b strings.Builder
		b.WriteString(`INSERT INTO ` + table + ` (import_id, account, dimension, object, month, amount) VALUES `)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?)")
		}
		return tx.rebind(b.String())
	}
	var full string
	args := make([]any, 0, 6*batch)
	total := 0
	flush := func() error {
		n := len(args) / 6
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
		args = append(args, id, r.Account, r.Dimension, r.Object, r.Month, r.Amount)
		if len(args) == 6*batch {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	return total, flush()
}

// ownYear keeps an import's amount of a month (a alias of table's amounts, i of the
// import) unless another import of the unit, for that month's year, holds the month too:
// a file for 2021 carries 2020's months (#PSALDO -1), and when 2020's own file is imported
// as well its months are taken from there, not summed with the copy. A month that only the
// copy has (2020's file imported in August and never replaced) is kept.
func ownYear(table string) string {
	return `(a.month / 100 = i.year OR NOT EXISTS (SELECT 1 FROM ledger_imports j JOIN ` + table + ` b ON b.import_id = j.id
	WHERE j.muni = i.muni AND j.unit = i.unit AND j.year = a.month / 100 AND b.dimension = 0 AND b.month = a.month))`
}

// LedgerAccountTotals returns, per account, the sum of the unit's imported outcome (or
// budget) for the months from..to (YYYYMM, inclusive), over all its imports, in öre in
// the ledger's sign.
func (db *DB) LedgerAccountTotals(ctx context.Context, muni, unit string, budget bool, from, to int) (map[string]int64, error) {
	table := "ledger_amounts"
	if budget {
		table = "ledger_budget"
	}
	out := map[string]int64{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`SELECT a.account, SUM(a.amount) FROM `+table+` a JOIN ledger_imports i ON i.id = a.import_id
			WHERE i.muni = ? AND i.unit = ? AND a.dimension = 0 AND a.month BETWEEN ? AND ? AND `+ownYear(table)+` GROUP BY a.account`,
			[]any{muni, unit, from, to}, func(r *sql.Rows) error {
				var acc string
				var sum int64
				if err := r.Scan(&acc, &sum); err != nil {
					return err
				}
				out[acc] = sum
				return nil
			})
	})
	return out, err
}

// Ledger returns the municipality's imported ledger as the dataset carries it (see
// loadLedger): what a report's money tables are filled from. ds is the municipality's
// dataset, whose account mappings say which dimensions' objects are needed.
func (db *DB) Ledger(ctx context.Context, muni string, ds *tertial.Dataset) (*tertial.LedgerData, error) {
	var l *tertial.LedgerData
	err := db.inReadTx(ctx, func(tx *Tx) (err error) {
		l, err = loadLedger(tx, muni, ds)
		return err
	})
	return l, err
}

// loadLedger returns the municipality's imported outcome and budget summed over its
// imports per unit, account and month, and per object for the dimensions that the money
// tables' account mappings name, and the balance accounts' movements and the imports'
// balances (loadLedgerBalances) and the accounts' names (loadAccountNames); nil when
// nothing is imported.
func loadLedger(tx *Tx, muni string, ds *tertial.Dataset) (*tertial.LedgerData, error) {
	dims := map[int]bool{}
	for _, p := range ds.Periods {
		for _, t := range p.MoneyTables {
			for _, r := range t.Mapping {
				if r.Dimension > 0 {
					dims[r.Dimension] = true
				}
			}
		}
	}
	cond := "a.dimension = 0"
	if len(dims) > 0 {
		list := make([]string, 0, len(dims))
		for d := range dims {
			list = append(list, strconv.Itoa(d))
		}
		sort.Strings(list)
		cond = "(a.dimension = 0 OR a.dimension IN (" + strings.Join(list, ", ") + "))"
	}
	var l tertial.LedgerData
	for _, part := range []struct {
		table string
		dst   *[]tertial.LedgerEntry
	}{{"ledger_amounts", &l.Outcome}, {"ledger_budget", &l.Budget}} {
		err := tx.query(`SELECT i.unit, a.account, a.dimension, a.object, a.month, SUM(a.amount) FROM `+part.table+` a
			JOIN ledger_imports i ON i.id = a.import_id WHERE i.muni = ? AND `+cond+` AND `+ownYear(part.table)+`
			GROUP BY i.unit, a.account, a.dimension, a.object, a.month ORDER BY i.unit, a.account, a.dimension, a.object, a.month`,
			[]any{muni}, func(r *sql.Rows) error {
				var e tertial.LedgerEntry
				if err := r.Scan(&e.Unit, &e.Account, &e.Dimension, &e.Object, &e.Month, &e.Amount); err != nil {
					return err
				}
				*part.dst = append(*part.dst, e)
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	if err := loadLedgerBalances(tx, muni, &l); err != nil {
		return nil, err
	}
	if len(l.Outcome) == 0 && len(l.Budget) == 0 && len(l.Movements) == 0 && len(l.Balances) == 0 {
		return nil, nil
	}
	err := tx.query(`SELECT unit, source, year, chart FROM ledger_imports WHERE muni = ? ORDER BY unit, year, source`, []any{muni}, func(r *sql.Rows) error {
		var c tertial.LedgerChart
		if err := r.Scan(&c.Unit, &c.Source, &c.Year, &c.Chart); err != nil {
			return err
		}
		l.Charts = append(l.Charts, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if l.AccountNames, err = loadAccountNames(tx, muni, ""); err != nil {
		return nil, err
	}
	return &l, nil
}

// LedgerImportInfo describes a stored import, as the site lists them.
type LedgerImportInfo struct {
	Source, FileName, SHA256, Actor, OrgNr string
	Chart                                  string // #KPTYP
	Year                                   int
	ImportedAt                             time.Time
}

// LedgerImports lists the unit's stored imports, the latest first.
func (db *DB) LedgerImports(ctx context.Context, muni, unit string) ([]LedgerImportInfo, error) {
	var out []LedgerImportInfo
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`SELECT source, file_name, sha256, actor, org_nr, chart, year, imported_at FROM ledger_imports WHERE muni = ? AND unit = ? ORDER BY imported_at DESC, id DESC`,
			[]any{muni, unit}, func(r *sql.Rows) error {
				var i LedgerImportInfo
				var at string
				if err := r.Scan(&i.Source, &i.FileName, &i.SHA256, &i.Actor, &i.OrgNr, &i.Chart, &i.Year, &at); err != nil {
					return err
				}
				var err error
				i.ImportedAt, err = time.Parse(time.RFC3339Nano, at)
				out = append(out, i)
				return err
			})
	})
	return out, err
}

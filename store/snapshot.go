package store

import (
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// freezeSpec is what a period's ledger snapshot covers: the unit's outcome from January
// of the year before through the cut-off (the period's months, the same months last year,
// and last year's monthly profile for a periodised budget) and its budget for the year,
// per account and month and per object for the dimensions the period's mappings name.
type freezeSpec struct {
	dims                 []string
	outFrom, outTo       int
	budgetFrom, budgetTo int
}

func (f freezeSpec) String() string {
	return fmt.Sprintf("%s|%d-%d|%d-%d", strings.Join(f.dims, ","), f.outFrom, f.outTo, f.budgetFrom, f.budgetTo)
}

// snapshotSpec works out what the period's snapshot must cover now.
func snapshotSpec(tx *Tx, p PeriodRef) (freezeSpec, error) {
	var f freezeSpec
	var start, cutoff string
	if err := tx.get(`SELECT start_date, cutoff FROM periods WHERE muni = ? AND unit_id = ? AND id = ?`,
		[]any{p.Municipality, p.Unit, p.Period}, &start, &cutoff); err != nil {
		return f, err
	}
	end, err := parseDate(cutoff)
	if err != nil {
		return f, err
	}
	year := end.Year()
	if s, err := parseDate(start); err == nil && !s.IsZero() && s.Year() < year {
		year = s.Year() // a period that starts in an earlier year reaches back further
	}
	f.outFrom, f.outTo = (year-1)*100+1, end.Year()*100+int(end.Month())
	f.budgetFrom, f.budgetTo = year*100+1, end.Year()*100+12
	f.dims = []string{"0"}
	err = tx.query(`SELECT DISTINCT dimension FROM money_table_mapping WHERE muni = ? AND unit_id = ? AND period_id = ? AND dimension > 0`,
		[]any{p.Municipality, p.Unit, p.Period}, func(r *sql.Rows) error {
			var d int
			if err := r.Scan(&d); err != nil {
				return err
			}
			f.dims = append(f.dims, strconv.Itoa(d))
			return nil
		})
	sort.Strings(f.dims)
	return f, err
}

// freezeLedger keeps, in the locking transaction, the ledger the period's money tables are
// filled from (see freezeSpec). From then on the period is filled from this snapshot, not
// from later imports.
func (db *DB) freezeLedger(tx *Tx, p PeriodRef) error {
	if err := unfreezeLedger(tx, p); err != nil {
		return err
	}
	spec, err := snapshotSpec(tx, p)
	if err != nil {
		return err
	}
	inDims := "a.dimension IN (" + strings.Join(spec.dims, ", ") + ")"
	for _, part := range []struct {
		kind, table string
		from, to    int
	}{
		{"outcome", "ledger_amounts", spec.outFrom, spec.outTo},
		{"budget", "ledger_budget", spec.budgetFrom, spec.budgetTo},
	} {
		if err := tx.exec(`INSERT INTO ledger_snapshots (muni, unit_id, period_id, kind, account, dimension, object, month, amount)
			SELECT i.muni, i.unit, CAST(? AS TEXT), CAST(? AS TEXT), a.account, a.dimension, a.object, a.month, SUM(a.amount) FROM `+part.table+` a
			JOIN ledger_imports i ON i.id = a.import_id
			WHERE i.muni = ? AND i.unit = ? AND `+inDims+` AND a.month BETWEEN ? AND ? AND `+ownYear(part.table)+`
			GROUP BY i.muni, i.unit, a.account, a.dimension, a.object, a.month`,
			p.Period, part.kind, p.Municipality, p.Unit, part.from, part.to); err != nil {
			return err
		}
	}
	return tx.exec(`INSERT INTO ledger_freezes (muni, unit_id, period_id, frozen_at, spec) VALUES (?, ?, ?, ?, ?)`,
		p.Municipality, p.Unit, p.Period, db.now(), spec.String())
}

// freezeImported brings the freezes in line with an imported dataset: a period the file
// has locked keeps its snapshot, or gets one of the ledger as it is now if it has none
// (it was locked outside Tertial) or if the file changed what it must cover (the period's
// dates, or a mapping by another dimension), which the audit log records; an open period
// has none.
func (db *DB) freezeImported(tx *Tx, ds *tertial.Dataset) error {
	for _, per := range ds.Periods {
		ref := PeriodRef{Municipality: ds.Municipality.Code, Unit: per.Unit, Period: per.ID}
		if per.State != tertial.PeriodLocked {
			if err := unfreezeLedger(tx, ref); err != nil {
				return err
			}
			continue
		}
		var old string
		err := tx.get(`SELECT spec FROM ledger_freezes WHERE muni = ? AND unit_id = ? AND period_id = ?`,
			[]any{ref.Municipality, ref.Unit, ref.Period}, &old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := db.freezeLedger(tx, ref); err != nil {
				return err
			}
			continue
		case err != nil:
			return err
		}
		spec, err := snapshotSpec(tx, ref)
		if err != nil {
			return err
		}
		if spec.String() == old {
			continue
		}
		if err := db.freezeLedger(tx, ref); err != nil {
			return err
		}
		if _, err := db.audit(tx, "tertial import", ref.Municipality, "ledger_freeze", ref.key(), []change{{"spec", old, spec.String()}}); err != nil {
			return err
		}
	}
	return nil
}

// unfreezeLedger removes a period's snapshot: it is filled from the current ledger again.
func unfreezeLedger(tx *Tx, p PeriodRef) error {
	for _, t := range []string{"ledger_snapshots", "ledger_freezes"} {
		if err := tx.exec(`DELETE FROM `+t+` WHERE muni = ? AND unit_id = ? AND period_id = ?`, p.Municipality, p.Unit, p.Period); err != nil {
			return err
		}
	}
	return nil
}

// loadSnapshots gives every locked period with a snapshot its frozen ledger (Period.Ledger;
// an empty one when nothing had been imported when it was locked).
func loadSnapshots(tx *Tx, muni string, ds *tertial.Dataset) error {
	frozen := map[[2]string]*tertial.LedgerData{}
	if err := tx.query(`SELECT unit_id, period_id FROM ledger_freezes WHERE muni = ?`, []any{muni}, func(r *sql.Rows) error {
		var k [2]string
		if err := r.Scan(&k[0], &k[1]); err != nil {
			return err
		}
		frozen[k] = &tertial.LedgerData{}
		return nil
	}); err != nil || len(frozen) == 0 {
		return err
	}
	if err := tx.query(`SELECT unit_id, period_id, kind, account, dimension, object, month, amount FROM ledger_snapshots WHERE muni = ?
		ORDER BY unit_id, period_id, kind, account, dimension, object, month`, []any{muni}, func(r *sql.Rows) error {
		var unit, period, kind string
		var e tertial.LedgerEntry
		if err := r.Scan(&unit, &period, &kind, &e.Account, &e.Dimension, &e.Object, &e.Month, &e.Amount); err != nil {
			return err
		}
		l := frozen[[2]string{unit, period}]
		if l == nil {
			return nil
		}
		e.Unit = unit
		if kind == "budget" {
			l.Budget = append(l.Budget, e)
		} else {
			l.Outcome = append(l.Outcome, e)
		}
		return nil
	}); err != nil {
		return err
	}
	for i := range ds.Periods {
		p := &ds.Periods[i]
		if l := frozen[[2]string{p.Unit, p.ID}]; l != nil && p.State == tertial.PeriodLocked {
			p.Ledger = l
		}
	}
	return nil
}

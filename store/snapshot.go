package store

import (
	"cmp"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// freezeSpec is what a period's ledger snapshot covers: the unit's outcome from January
// of the year before through the cut-off (the period's months, the same months last year,
// and last year's monthly profile for a periodised budget) and its budget for the year,
// per account and month and per object for the dimensions the period's mappings name;
// and, for the statements (report.StatementsOf), the balance accounts' movements of the
// same months, the balances (#IB, #UB, #RES) of those years and the charts of their
// imports. For a period whose template shows the economy sections that read the years
// before (balance_requirement, financial_goals, five_year: report.yearFigures) the unit's
// part reaches back to the five years before the period's (account totals for the years
// before the outcome's). For a period whose template shows the sammanställda räkenskaper
// (consolidated_statement) it covers the companies' (units of kind company) outcome,
// budget, movements, balances and charts of the period's months and years too, account
// totals only. It keeps the names of the accounts of those units (#KONTO, migration 0049)
// as the current ledger has them at the lock; a snapshot made before has none, and its
// notes name accounts by number as they did.
type freezeSpec struct {
	dims                 []string
	outFrom, outTo       int
	budgetFrom, budgetTo int
	// yearsFrom is the first year of the period's unit's ledger that the snapshot holds:
	// the year of outFrom, or earlier for the economy sections.
	yearsFrom int
	// units are the units whose ledgers the snapshot holds: the period's own first, then
	// the companies.
	units []string
}

// String is the spec as ledger_freezes.spec keeps it, so that an import of the dataset
// sees when what the snapshot must cover has changed.
func (f freezeSpec) String() string {
	return fmt.Sprintf("%s|%d-%d|%s", f.legacy(), f.yearsFrom, f.outTo/100, strings.Join(f.units, ","))
}

// legacy is the spec as it was written before snapshots held balances (migration 0047):
// the outcome and budget of the period's unit only.
func (f freezeSpec) legacy() string {
	return fmt.Sprintf("%s|%d-%d|%d-%d", strings.Join(f.dims, ","), f.outFrom, f.outTo, f.budgetFrom, f.budgetTo)
}

// economyHistory is how many years before the period's the economy sections read: the
// five-year overview's oldest year and the year before it (report's economyYears).
const economyHistory = 5

// firstYear is the first year of a unit's ledger that the snapshot holds: yearsFrom for
// the period's own unit, the year of outFrom for a company.
func (f freezeSpec) firstYear(unit string) int {
	if len(f.units) > 0 && unit == f.units[0] {
		return f.yearsFrom
	}
	return f.outFrom / 100
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
	if err != nil {
		return f, err
	}
	sort.Strings(f.dims)
	f.units = []string{p.Unit}
	f.yearsFrom = f.outFrom / 100
	kinds := map[tertial.SectionKind]bool{}
	if err := tx.query(`SELECT DISTINCT s.kind FROM template_sections s JOIN periods p ON p.muni = s.muni AND p.template_id = s.template_id
		WHERE p.muni = ? AND p.unit_id = ? AND p.id = ?`, []any{p.Municipality, p.Unit, p.Period}, func(r *sql.Rows) error {
		var k string
		err := r.Scan(&k)
		kinds[tertial.SectionKind(k)] = true
		return err
	}); err != nil {
		return f, err
	}
	if kinds[tertial.SectionBalanceRequirement] || kinds[tertial.SectionFinancialGoals] || kinds[tertial.SectionFiveYear] {
		f.yearsFrom = min(f.yearsFrom, end.Year()-economyHistory)
	}
	if !kinds[tertial.SectionConsolidatedStatement] {
		return f, nil
	}
	// Companies are stored with an ownership share (migration 0044).
	var companies []string
	err = tx.query(`SELECT id FROM units WHERE muni = ? AND ownership_share IS NOT NULL AND id <> ?`, []any{p.Municipality, p.Unit}, func(r *sql.Rows) error {
		var id string
		if err := r.Scan(&id); err != nil {
			return err
		}
		companies = append(companies, id)
		return nil
	})
	sort.Strings(companies)
	f.units = append(f.units, companies...)
	return f, err
}

// freezeLedger keeps, in the locking transaction, the ledger the period's report reads
// (see freezeSpec). From then on the period's money tables and statements are made from
// this snapshot, not from later imports.
func (db *DB) freezeLedger(tx *Tx, p PeriodRef) error {
	if err := unfreezeLedger(tx, p); err != nil {
		return err
	}
	spec, err := snapshotSpec(tx, p)
	if err != nil {
		return err
	}
	for _, unit := range spec.units {
		dims := []string{"0"}
		if unit == p.Unit {
			dims = spec.dims
		}
		first := spec.firstYear(unit)
		hist := first*100 + 1
		// The period's months per mapped object; the years before them (a year before the
		// period's, or the economy sections' years) as account totals.
		for _, part := range []struct {
			kind, table string
			dims        []string
			from, to    int
		}{
			{"outcome", "ledger_amounts", dims, spec.outFrom, spec.outTo},
			{"outcome", "ledger_amounts", []string{"0"}, hist, spec.outFrom - 1},
			{"budget", "ledger_budget", dims, spec.budgetFrom, spec.budgetTo},
			{"budget", "ledger_budget", []string{"0"}, hist, spec.budgetFrom - 1},
		} {
			if part.from > part.to {
				continue
			}
			inDims := "a.dimension IN (" + strings.Join(part.dims, ", ") + ")"
			if err := tx.exec(`INSERT INTO ledger_snapshots (muni, unit_id, period_id, ledger_unit, kind, account, dimension, object, month, amount)
				SELECT i.muni, CAST(? AS TEXT), CAST(? AS TEXT), i.unit, CAST(? AS TEXT), a.account, a.dimension, a.object, a.month, SUM(a.amount) FROM `+part.table+` a
				JOIN ledger_imports i ON i.id = a.import_id
				WHERE i.muni = ? AND i.unit = ? AND `+inDims+` AND a.month BETWEEN ? AND ? AND `+ownYear(part.table)+`
				GROUP BY i.muni, i.unit, a.account, a.dimension, a.object, a.month`,
				p.Unit, p.Period, part.kind, p.Municipality, unit, part.from, part.to); err != nil {
				return err
			}
		}
		if err := tx.exec(`INSERT INTO ledger_snapshots (muni, unit_id, period_id, ledger_unit, kind, account, dimension, object, month, amount)
			SELECT i.muni, CAST(? AS TEXT), CAST(? AS TEXT), i.unit, 'movement', a.account, 0, '', a.month, SUM(a.amount) FROM ledger_movements a
			JOIN ledger_imports i ON i.id = a.import_id
			WHERE i.muni = ? AND i.unit = ? AND a.month BETWEEN ? AND ? AND `+ownMovementYear+`
			GROUP BY i.muni, i.unit, a.account, a.month`,
			p.Unit, p.Period, p.Municipality, unit, min(hist, spec.outFrom), spec.outTo); err != nil {
			return err
		}
		// The charts of the imports of those years and of the next (whose year -1 may
		// give the last year's balances).
		if err := tx.exec(`INSERT INTO ledger_snapshot_charts (muni, unit_id, period_id, ledger_unit, source, year, chart)
			SELECT muni, CAST(? AS TEXT), CAST(? AS TEXT), unit, source, year, chart FROM ledger_imports
			WHERE muni = ? AND unit = ? AND year BETWEEN ? AND ?`,
			p.Unit, p.Period, p.Municipality, unit, first, spec.outTo/100+1); err != nil {
			return err
		}
	}
	balances, err := importBalances(tx, p.Municipality, spec.units)
	if err != nil {
		return err
	}
	nullable := func(v int64, ok bool) any {
		if !ok {
			return nil
		}
		return v
	}
	if _, err := insertMany(tx, "ledger_snapshot_balances", []string{"muni", "unit_id", "period_id", "ledger_unit", "source", "import_year", "year", "account",
		"file_name", "opening", "closing", "result", "movement", "has_movements"}, func(yield func([]any) bool) {
		row := make([]any, 14)
		for _, b := range balances {
			if b.Year < spec.firstYear(b.Unit) || b.Year > spec.outTo/100 {
				continue
			}
			has := 0
			if b.HasMovements {
				has = 1
			}
			row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7] = p.Municipality, p.Unit, p.Period, b.Unit, b.Source, b.ImportYear, b.Year, b.Account
			row[8], row[9], row[10], row[11] = b.FileName, nullable(b.Opening, b.HasOpening), nullable(b.Closing, b.HasClosing), nullable(b.Result, b.HasResult)
			row[12], row[13] = b.Movement, has
			if !yield(row) {
				return
			}
		}
	}); err != nil {
		return err
	}
	// The names of the units' accounts as the report shows them now.
	for _, unit := range spec.units {
		names, err := loadAccountNames(tx, p.Municipality, unit)
		if err != nil {
			return err
		}
		if _, err := insertMany(tx, "ledger_snapshot_names", []string{"muni", "unit_id", "period_id", "ledger_unit", "account", "name"}, func(yield func([]any) bool) {
			row := make([]any, 6)
			for _, n := range names {
				row[0], row[1], row[2], row[3], row[4], row[5] = p.Municipality, p.Unit, p.Period, n.Unit, n.Account, n.Name
				if !yield(row) {
					return
				}
			}
		}); err != nil {
			return err
		}
	}
	return tx.exec(`INSERT INTO ledger_freezes (muni, unit_id, period_id, frozen_at, spec, balances) VALUES (?, ?, ?, ?, ?, 1)`,
		p.Municipality, p.Unit, p.Period, db.now(), spec.String())
}

// freezeImported brings the freezes in line with an imported dataset: a period the file
// has locked keeps its snapshot, or gets one of the ledger as it is now if it has none
// (it was locked outside Tertial) or if the file changed what it must cover (the period's
// dates, a mapping by another dimension, or, for a period that shows the sammanställda
// räkenskaper, the companies), which the audit log records; an open period has none. A
// snapshot made before snapshots held balances (migration 0047) is kept as it is as long
// as what it covers of the outcome and budget has not changed.
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
		var full int
		err := tx.get(`SELECT spec, balances FROM ledger_freezes WHERE muni = ? AND unit_id = ? AND period_id = ?`,
			[]any{ref.Municipality, ref.Unit, ref.Period}, &old, &full)
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
		if (full == 1 && spec.String() == old) || (full == 0 && spec.legacy() == old) {
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

// snapshotTables are the tables a period's snapshot is kept in.
var snapshotTables = []string{"ledger_snapshots", "ledger_snapshot_balances", "ledger_snapshot_charts", "ledger_snapshot_names", "ledger_freezes"}

// unfreezeLedger removes a period's snapshot: it is filled from the current ledger again.
func unfreezeLedger(tx *Tx, p PeriodRef) error {
	for _, t := range snapshotTables {
		if err := tx.exec(`DELETE FROM `+t+` WHERE muni = ? AND unit_id = ? AND period_id = ?`, p.Municipality, p.Unit, p.Period); err != nil {
			return err
		}
	}
	return nil
}

// loadSnapshots gives every locked period with a snapshot its frozen ledger (Period.Ledger;
// an empty one when nothing had been imported when it was locked). A snapshot made before
// snapshots held balances (migration 0047: ledger_freezes.balances 0) has the period's
// unit's outcome and budget of the period's months only; the rest (the years before, the
// balance movements, balances and charts, and the companies' ledgers) it takes from the
// current ledger (withCurrent), as it did before.
func loadSnapshots(tx *Tx, muni string, ds *tertial.Dataset) error {
	frozen := map[[2]string]*tertial.LedgerData{}
	var legacy [][2]string
	if err := tx.query(`SELECT unit_id, period_id, balances FROM ledger_freezes WHERE muni = ?`, []any{muni}, func(r *sql.Rows) error {
		var k [2]string
		var full int
		if err := r.Scan(&k[0], &k[1], &full); err != nil {
			return err
		}
		frozen[k] = &tertial.LedgerData{}
		if full == 0 {
			legacy = append(legacy, k)
		}
		return nil
	}); err != nil || len(frozen) == 0 {
		return err
	}
	if err := tx.query(`SELECT unit_id, period_id, ledger_unit, kind, account, dimension, object, month, amount FROM ledger_snapshots WHERE muni = ?
		ORDER BY unit_id, period_id, ledger_unit, kind, account, dimension, object, month`, []any{muni}, func(r *sql.Rows) error {
		var unit, period, kind string
		var e tertial.LedgerEntry
		if err := r.Scan(&unit, &period, &e.Unit, &kind, &e.Account, &e.Dimension, &e.Object, &e.Month, &e.Amount); err != nil {
			return err
		}
		l := frozen[[2]string{unit, period}]
		if l == nil {
			return nil
		}
		switch kind {
		case "budget":
			l.Budget = append(l.Budget, e)
		case "movement":
			l.Movements = append(l.Movements, e)
		default:
			l.Outcome = append(l.Outcome, e)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT unit_id, period_id, ledger_unit, source, import_year, year, account, file_name, opening, closing, result, movement, has_movements
		FROM ledger_snapshot_balances WHERE muni = ?`, []any{muni}, func(r *sql.Rows) error {
		var unit, period string
		var b tertial.LedgerBalance
		var opening, closing, result sql.NullInt64
		var moved int
		if err := r.Scan(&unit, &period, &b.Unit, &b.Source, &b.ImportYear, &b.Year, &b.Account, &b.FileName, &opening, &closing, &result, &b.Movement, &moved); err != nil {
			return err
		}
		l := frozen[[2]string{unit, period}]
		if l == nil {
			return nil
		}
		b.Opening, b.HasOpening = opening.Int64, opening.Valid
		b.Closing, b.HasClosing = closing.Int64, closing.Valid
		b.Result, b.HasResult = result.Int64, result.Valid
		b.HasMovements = moved == 1
		l.Balances = append(l.Balances, b)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT unit_id, period_id, ledger_unit, source, year, chart FROM ledger_snapshot_charts WHERE muni = ?`, []any{muni}, func(r *sql.Rows) error {
		var unit, period string
		var c tertial.LedgerChart
		if err := r.Scan(&unit, &period, &c.Unit, &c.Source, &c.Year, &c.Chart); err != nil {
			return err
		}
		if l := frozen[[2]string{unit, period}]; l != nil {
			l.Charts = append(l.Charts, c)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT unit_id, period_id, ledger_unit, account, name FROM ledger_snapshot_names WHERE muni = ?`, []any{muni}, func(r *sql.Rows) error {
		var unit, period string
		var n tertial.LedgerAccountName
		if err := r.Scan(&unit, &period, &n.Unit, &n.Account, &n.Name); err != nil {
			return err
		}
		if l := frozen[[2]string{unit, period}]; l != nil {
			l.AccountNames = append(l.AccountNames, n)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, l := range frozen {
		sortAccountNames(l.AccountNames)
		sortBalances(l.Balances)
		slices.SortFunc(l.Charts, func(a, b tertial.LedgerChart) int {
			return cmp.Or(strings.Compare(a.Unit, b.Unit), cmp.Compare(a.Year, b.Year), strings.Compare(a.Source, b.Source))
		})
	}
	old := map[[2]string]bool{}
	for _, k := range legacy {
		old[k] = true
	}
	for i := range ds.Periods {
		p := &ds.Periods[i]
		k := [2]string{p.Unit, p.ID}
		if l := frozen[k]; l != nil && p.State == tertial.PeriodLocked {
			if old[k] {
				withCurrent(l, p, ds)
			}
			p.Ledger = l
		}
	}
	return nil
}

// withCurrent completes a snapshot made before snapshots held balances (it has the
// unit's outcome from January of the year before and its budget from January of the
// period's year, through the cut-off, see freezeSpec) with what it did not keep, from the
// current ledger: the unit's outcome and budget of the years before those, its balance
// movements, balances and charts, and the companies' outcome and budget.
func withCurrent(l *tertial.LedgerData, per *tertial.Period, ds *tertial.Dataset) {
	cur := ds.Ledger
	if cur == nil {
		return
	}
	year := per.Cutoff.Year()
	if !per.Start.IsZero() && per.Start.Year() < year {
		year = per.Start.Year()
	}
	outFrom, budgetFrom := (year-1)*100+1, year*100+1
	l.Movements, l.Balances, l.Charts = cur.Movements, cur.Balances, cur.Charts
	companies := map[string]bool{}
	for _, u := range ds.Companies(0) {
		companies[u.ID] = u.ID != per.Unit
	}
	for _, e := range cur.Outcome {
		if companies[e.Unit] || (e.Unit == per.Unit && e.Dimension == 0 && e.Month < outFrom) {
			l.Outcome = append(l.Outcome, e)
		}
	}
	for _, e := range cur.Budget {
		if companies[e.Unit] || (e.Unit == per.Unit && e.Dimension == 0 && e.Month < budgetFrom) {
			l.Budget = append(l.Budget, e)
		}
	}
}

package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// MoneyTableSave is a structural edit of a money table of a period: the table as it is to
// be (its ID, title, amount unit, precision, label heading, negate, total label, note, its
// declared columns and its rows and groups in order). Its rows' amounts, comments and
// history are not part of it: the store keeps those of each row it already has, by ID.
type MoneyTableSave struct {
	Period PeriodRef
	Table  tertial.MoneyTable
	// Create is true for a new table, false to change the table with Table.ID.
	Create bool
	// ClearAmounts confirms that the amounts of removed rows and columns are removed with
	// them; without it such an edit is refused.
	ClearAmounts bool
}

// SaveMoneyTable creates or changes the structure of a money table of an open period. It
// is a structural edit (see restructure): the whole dataset as it will be must pass
// Dataset.Validate, so a column computed from a missing column, columns computed from
// one another in a ring or a row ID used twice are refused with EINVALID and nothing
// changes; the problems of the table name its fields ("columns[1].of[0]", "rows"). A
// table's account mapping, periodisation and its rows' amounts and comments are kept; a
// removed row or column that holds amounts is refused with EINVALID unless ClearAmounts
// says to remove them. It returns ENOTFOUND for an unknown period or (when not Create)
// table, ELOCKED for a locked period. Whether the user may edit it is the caller's
// question (tertial.ActEditStructure).
func (db *DB) SaveMoneyTable(ctx context.Context, actor string, s MoneyTableSave) error {
	p := s.Period
	var old *tertial.MoneyTable
	var next tertial.MoneyTable
	prefix := ""
	err := db.restructure(ctx, actor, p.Municipality, func(ds *tertial.Dataset) error {
		per, pi, err := structurePeriod(ds, p)
		if err != nil {
			return err
		}
		ti := slices.IndexFunc(per.MoneyTables, func(t tertial.MoneyTable) bool { return t.ID == s.Table.ID })
		switch {
		case s.Create && ti >= 0:
			return tertial.Invalid([]tertial.Problem{{Path: "id", Message: fmt.Sprintf("perioden har redan en tabell %q", s.Table.ID)}})
		case !s.Create && ti < 0:
			return tertial.Errorf(tertial.ENOTFOUND, "perioden %s har ingen pengatabell %q", p.Period, s.Table.ID)
		}
		next = s.Table
		next.Columns = nil
		next.Rows = structureRows(s.Table.Rows)
		if ti >= 0 {
			o := per.MoneyTables[ti]
			old = &o
			next.Mapping, next.Periodisation, next.SetupVersion = o.Mapping, o.Periodisation, o.SetupVersion
			if len(s.Table.Declared) == 0 {
				// A table with the old column list keeps it when the edit declares none.
				next.Columns = o.Columns
			}
			if ps := carryFigures(old, &next, s.ClearAmounts); len(ps) > 0 {
				return tertial.Invalid(ps)
			}
			per.MoneyTables[ti] = next
		} else {
			ti = len(per.MoneyTables)
			per.MoneyTables = append(per.MoneyTables, next)
		}
		prefix = fmt.Sprintf("periods[%d].money_tables[%d].", pi, ti)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := openPeriod(tx, p); err != nil {
			return nil, err
		}
		key := []any{p.Municipality, p.Unit, p.Period}
		with := func(args ...any) []any { return append(append([]any{}, key...), args...) }
		entity, ekey := "money_table", p.key()+"/"+next.ID
		if old == nil {
			var pos int
			if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM money_tables WHERE muni = ? AND unit_id = ? AND period_id = ?`, key, &pos); err != nil {
				return nil, err
			}
			if err := insertMoneyTable(tx, with, pos, &next); err != nil {
				return nil, err
			}
			return []auditEntry{{entity: entity, key: ekey, changes: append([]change{{"created", "", "created"}}, tableChanges(&tertial.MoneyTable{}, &next)...)}}, nil
		}
		if err := updateMoneyTable(tx, with, old, &next); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: entity, key: ekey, changes: tableChanges(old, &next)}}, nil
	})
	return itemProblems(err, prefix)
}

// DeleteMoneyTable removes a money table from an open period, with its rows, columns and
// mapping. A table whose rows hold amounts is refused with EINVALID unless clear confirms
// they go with it. It returns ENOTFOUND for an unknown period or table and ELOCKED for a
// locked period; a template section that names the table then shows a notice in the report.
func (db *DB) DeleteMoneyTable(ctx context.Context, actor string, p PeriodRef, id string, clear bool) error {
	var old tertial.MoneyTable
	return db.restructure(ctx, actor, p.Municipality, func(ds *tertial.Dataset) error {
		per, _, err := structurePeriod(ds, p)
		if err != nil {
			return err
		}
		ti := slices.IndexFunc(per.MoneyTables, func(t tertial.MoneyTable) bool { return t.ID == id })
		if ti < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "perioden %s har ingen pengatabell %q", p.Period, id)
		}
		old = per.MoneyTables[ti]
		if !clear {
			if ps := carryFigures(&old, &tertial.MoneyTable{ID: id}, false); len(ps) > 0 {
				return tertial.Invalid([]tertial.Problem{{Path: "clear_amounts", Message: "tabellen har belopp; bekräfta att de tas bort med tabellen"}})
			}
		}
		per.MoneyTables = slices.Delete(per.MoneyTables, ti, ti+1)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := openPeriod(tx, p); err != nil {
			return nil, err
		}
		args := []any{p.Municipality, p.Unit, p.Period, id}
		for _, t := range []string{"money_amounts", "money_row_history", "money_table_mapping", "money_columns"} {
			if err := tx.exec(`DELETE FROM `+t+` WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ?`, args...); err != nil {
				return nil, err
			}
		}
		// Children first: the parent reference is checked at once on PostgreSQL.
		if err := tx.exec(`UPDATE money_rows SET parent_id = NULL WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ?`, args...); err != nil {
			return nil, err
		}
		if err := tx.exec(`DELETE FROM money_rows WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ?`, args...); err != nil {
			return nil, err
		}
		if err := tx.exec(`DELETE FROM money_tables WHERE muni = ? AND unit_id = ? AND period_id = ? AND id = ?`, args...); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "money_table", key: p.key() + "/" + id, changes: append(tableChanges(&old, &tertial.MoneyTable{}), change{"deleted", "", "deleted"})}}, nil
	})
}

// structurePeriod finds the period a structural edit names: ENOTFOUND when there is none,
// ELOCKED when it is locked. It returns the period's index in the dataset.
func structurePeriod(ds *tertial.Dataset, p PeriodRef) (*tertial.Period, int, error) {
	i := slices.IndexFunc(ds.Periods, func(x tertial.Period) bool { return x.Unit == p.Unit && x.ID == p.Period })
	if i < 0 {
		return nil, 0, tertial.Errorf(tertial.ENOTFOUND, "enheten %s har ingen period %s", p.Unit, p.Period)
	}
	per := &ds.Periods[i]
	if per.State == tertial.PeriodLocked {
		return nil, 0, tertial.Errorf(tertial.ELOCKED, "perioden %s är låst: nämnden har fattat beslut och innehållet kan inte längre ändras", p.Period)
	}
	return per, i, nil
}

// structureRows is the structure of rows as an edit gives it: IDs, labels, signs, groups
// and their sums, nothing reported.
func structureRows(rows []tertial.MoneyRow) []tertial.MoneyRow {
	out := make([]tertial.MoneyRow, len(rows))
	for i, r := range rows {
		out[i] = tertial.MoneyRow{ID: r.ID, Label: r.Label, Negate: r.Negate, Group: r.Group, Sum: r.Sum, SumLabel: r.SumLabel}
		if r.Group {
			out[i].Rows = structureRows(r.Rows)
		}
	}
	return out
}

// carryFigures gives the rows of next the amounts, comments, history and versions their
// IDs have in old, the amounts only of columns next still holds. It returns a problem for
// each row whose amounts would be lost unless clear says they may be.
func carryFigures(old, next *tertial.MoneyTable, clear bool) []tertial.Problem {
	oldRows := map[string]*tertial.MoneyRow{}
	var index func(rows []tertial.MoneyRow)
	index = func(rows []tertial.MoneyRow) {
		for i := range rows {
			oldRows[rows[i].ID] = &rows[i]
			index(rows[i].Rows)
		}
	}
	index(old.Rows)
	cols := next.AmountColumns()
	kept := map[string]bool{}
	var carry func(rows []tertial.MoneyRow)
	carry = func(rows []tertial.MoneyRow) {
		for i := range rows {
			r := &rows[i]
			o := oldRows[r.ID]
			if o != nil && o.Group == r.Group {
				kept[r.ID] = true
				r.Comment, r.Version, r.History = o.Comment, o.Version, o.History
				if !r.Group {
					r.Amounts = map[tertial.MoneyColumn]tertial.Amount{}
					for c, a := range o.Amounts {
						if slices.Contains(cols, c) {
							r.Amounts[c] = a
						} else {
							kept[r.ID] = false
						}
					}
				}
			} else if !r.Group {
				r.Amounts = map[tertial.MoneyColumn]tertial.Amount{}
			}
			if r.Group && r.Rows == nil {
				r.Rows = []tertial.MoneyRow{}
			}
			carry(r.Rows)
		}
	}
	carry(next.Rows)
	if clear {
		return nil
	}
	var ps []tertial.Problem
	for _, id := range slices.Sorted(mapsKeys(oldRows)) {
		o := oldRows[id]
		if o.Group || kept[id] || (len(o.Amounts) == 0 && len(o.History) == 0) {
			continue
		}
		ps = append(ps, tertial.Problem{Path: "clear_amounts", Message: fmt.Sprintf("raden %q (%s) har belopp som skulle tas bort; bekräfta att de får tas bort", id, o.Label)})
	}
	return ps
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// updateMoneyTable makes the stored table old what next is: its own fields, its columns,
// and its rows by ID (new ones inserted, kept ones moved and relabelled with their
// versions, removed ones deleted), and the amounts of its declared columns.
func updateMoneyTable(tx *Tx, with func(...any) []any, old, next *tertial.MoneyTable) error {
	t := next
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = string(c)
	}
	if err := tx.exec(`UPDATE money_tables SET title = ?, amount_unit = ?, decimals = ?, label_heading = ?, column_list = ?, negate = ?, total_label = ?, total_negate = ?, note = ?
		WHERE muni = ? AND unit_id = ? AND period_id = ? AND id = ?`,
		append([]any{t.Title, string(t.Unit), t.Precision, t.LabelHeading, strings.Join(cols, ","), boolInt(t.Negate), t.Total, boolInt(t.TotalNegate), t.Note},
			with(t.ID)...)...); err != nil {
		return err
	}
	tkey := with(t.ID)
	if err := tx.exec(`DELETE FROM money_amounts WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ?`, tkey...); err != nil {
		return err
	}
	if err := tx.exec(`DELETE FROM money_columns WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ?`, tkey...); err != nil {
		return err
	}
	for i, c := range t.Declared {
		of := make([]string, len(c.Of))
		for k, o := range c.Of {
			of[k] = string(o)
		}
		if err := tx.exec(`INSERT INTO money_columns (muni, unit_id, period_id, table_id, id, pos, kind, heading, group_heading, period, of_list)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			with(t.ID, string(c.ID), i, string(c.Kind), c.Heading, c.Group, string(c.Period), strings.Join(of, ","))...); err != nil {
			return err
		}
	}
	had := map[string]bool{}
	var index func(rows []tertial.MoneyRow)
	index = func(rows []tertial.MoneyRow) {
		for _, r := range rows {
			had[r.ID] = true
			index(r.Rows)
		}
	}
	index(old.Rows)
	declared := len(t.Declared) > 0
	keep := map[string]bool{}
	n := 0
	var walk func(parent any, rows []tertial.MoneyRow) error
	walk = func(parent any, rows []tertial.MoneyRow) error {
		for _, r := range rows {
			n++
			keep[r.ID] = true
			var negate any
			if r.Negate != nil {
				negate = boolInt(*r.Negate)
			}
			amount := func(c tertial.MoneyColumn) any {
				if a, ok := r.Amounts[c]; ok && !declared {
					return int64(a)
				}
				return nil
			}
			sum := r.Sum
			if sum == "" {
				sum = tertial.SumNone
			}
			vals := []any{n, parent, boolInt(r.Group), r.Label, negate, r.Comment, string(sum), r.SumLabel,
				amount(tertial.ColBudget), amount(tertial.ColForecast), amount(tertial.ColPeriodBudget),
				amount(tertial.ColPeriodOutcome), amount(tertial.ColPriorOutcome)}
			var err error
			if had[r.ID] {
				err = tx.exec(`UPDATE money_rows SET pos = ?, parent_id = ?, is_group = ?, label = ?, negate = ?, comment = ?, sum_position = ?, sum_label = ?,
					budget = ?, forecast = ?, period_budget = ?, period_outcome = ?, prior_outcome = ?
					WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND id = ?`, append(vals, with(t.ID, r.ID)...)...)
			} else {
				err = tx.exec(`INSERT INTO money_rows (pos, parent_id, is_group, label, negate, comment, sum_position, sum_label, budget, forecast, period_budget, period_outcome, prior_outcome, muni, unit_id, period_id, table_id, id)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(vals, with(t.ID, r.ID)...)...)
			}
			if err != nil {
				return err
			}
			if declared {
				for _, c := range t.AmountColumns() {
					if a, ok := r.Amounts[c]; ok {
						if err := tx.exec(`INSERT INTO money_amounts (muni, unit_id, period_id, table_id, row_id, column_id, amount) VALUES (?, ?, ?, ?, ?, ?, ?)`,
							with(t.ID, r.ID, string(c), int64(a))...); err != nil {
							return err
						}
					}
				}
			}
			if err := walk(r.ID, r.Rows); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(nil, t.Rows); err != nil {
		return err
	}
	for id := range had {
		if keep[id] {
			continue
		}
		// A removed group's rows were moved or removed with it; detach before deleting.
		if err := tx.exec(`UPDATE money_rows SET parent_id = NULL WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND parent_id = ?`, with(t.ID, id)...); err != nil {
			return err
		}
	}
	for id := range had {
		if keep[id] {
			continue
		}
		if err := tx.exec(`DELETE FROM money_row_history WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND row_id = ?`, with(t.ID, id)...); err != nil {
			return err
		}
		if err := tx.exec(`DELETE FROM money_rows WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND id = ?`, with(t.ID, id)...); err != nil {
			return err
		}
	}
	return nil
}

// tableChanges lists what an edit changed of a money table, for the audit log.
func tableChanges(old, next *tertial.MoneyTable) []change {
	return []change{
		{"title", old.Title, next.Title}, {"amount_unit", string(old.Unit), string(next.Unit)},
		{"precision", strconv.Itoa(old.Precision), strconv.Itoa(next.Precision)},
		{"label_heading", old.LabelHeading, next.LabelHeading},
		{"negate", strconv.FormatBool(old.Negate), strconv.FormatBool(next.Negate)},
		{"total", old.Total, next.Total}, {"note", old.Note, next.Note},
		{"columns", columnsText(old), columnsText(next)}, {"rows", rowsText(old.Rows), rowsText(next.Rows)},
	}
}

// columnsText is a table's columns as one line: "budget:budget, avv:deviation(budget forecast)".
func columnsText(t *tertial.MoneyTable) string {
	var parts []string
	for _, c := range t.Columns {
		parts = append(parts, string(c))
	}
	for _, c := range t.Declared {
		s := string(c.ID) + ":" + string(c.Kind)
		if c.Heading != "" || c.Group != "" || c.Period != "" {
			s += "[" + c.Heading + "|" + c.Group + "|" + string(c.Period) + "]"
		}
		if len(c.Of) > 0 {
			of := make([]string, len(c.Of))
			for i, o := range c.Of {
				of[i] = string(o)
			}
			s += "(" + strings.Join(of, " ") + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// rowsText is a table's rows as one line: "intakter:Intäkter, kostn{personal:Personal}".
func rowsText(rows []tertial.MoneyRow) string {
	var parts []string
	for _, r := range rows {
		s := r.ID + ":" + r.Label
		if r.Negate != nil {
			s += map[bool]string{true: "(-)", false: "(+)"}[*r.Negate]
		}
		if r.Group {
			s += "{" + rowsText(r.Rows) + "}"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// FreeTableSave is a structural edit of a free table of a period: the table as it is to be
// (its ID, title, amount unit, precision, sum label, note, its typed columns with their
// formulas and its rows and groups in order with their units and row formulas). Its rows'
// cells are not part of it: the store keeps each cell whose row and column keep their IDs
// and whose column keeps its type.
type FreeTableSave struct {
	Period PeriodRef
	Table  tertial.FreeTable
	// Create is true for a new table, false to change the table with Table.ID.
	Create bool
	// ClearValues confirms that the values of removed rows and columns (and of cells the new
	// structure cannot hold: a column that changes its type or becomes computed, a row that
	// becomes computed or a group) are removed with them; without it such an edit is refused.
	ClearValues bool
}

// SaveFreeTable creates or changes the structure of a free table of an open period. It is a
// structural edit (see restructure): the whole dataset as it will be must pass
// Dataset.Validate, so a formula naming a column or row the table does not have, an ID
// used twice or a column type that does not exist is refused with EINVALID and nothing
// changes; the problems of the table name its fields ("columns[1].formula", "rows[0].id").
// Cells are kept by row and column ID; an edit that would lose a cell holding a value is
// refused with EINVALID (path "clear_values", the message naming the row and the column)
// unless ClearValues says the values may go. It returns ENOTFOUND for an unknown period or
// (when not Create) table, ELOCKED for a locked period. Whether the user may edit it is the
// caller's question (tertial.ActEditStructure).
func (db *DB) SaveFreeTable(ctx context.Context, actor string, s FreeTableSave) error {
	p := s.Period
	var old *tertial.FreeTable
	var next tertial.FreeTable
	prefix := ""
	err := db.restructure(ctx, actor, p.Municipality, func(ds *tertial.Dataset) error {
		per, pi, err := structurePeriod(ds, p)
		if err != nil {
			return err
		}
		if s.Create && slices.ContainsFunc(per.MoneyTables, func(t tertial.MoneyTable) bool { return t.ID == s.Table.ID }) {
			return tertial.Invalid([]tertial.Problem{{Path: "id", Message: fmt.Sprintf("perioden har redan en tabell %q", s.Table.ID)}})
		}
		ti := slices.IndexFunc(per.FreeTables, func(t tertial.FreeTable) bool { return t.ID == s.Table.ID })
		switch {
		case s.Create && ti >= 0:
			return tertial.Invalid([]tertial.Problem{{Path: "id", Message: fmt.Sprintf("perioden har redan en tabell %q", s.Table.ID)}})
		case !s.Create && ti < 0:
			return tertial.Errorf(tertial.ENOTFOUND, "perioden %s har ingen fri tabell %q", p.Period, s.Table.ID)
		}
		next = s.Table
		next.Rows = freeStructureRows(s.Table.Rows)
		if ti >= 0 {
			o := per.FreeTables[ti]
			old = &o
			if ps := carryCells(old, &next, s.ClearValues); len(ps) > 0 {
				return tertial.Invalid(ps)
			}
			per.FreeTables[ti] = next
		} else {
			ti = len(per.FreeTables)
			per.FreeTables = append(per.FreeTables, next)
		}
		prefix = fmt.Sprintf("periods[%d].free_tables[%d].", pi, ti)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := openPeriod(tx, p); err != nil {
			return nil, err
		}
		key := []any{p.Municipality, p.Unit, p.Period}
		with := func(args ...any) []any { return append(append([]any{}, key...), args...) }
		entity, ekey := "free_table", p.key()+"/"+next.ID
		var pos int
		if old == nil {
			if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM free_tables WHERE muni = ? AND unit_id = ? AND period_id = ?`, key, &pos); err != nil {
				return nil, err
			}
		} else {
			if err := tx.get(`SELECT pos FROM free_tables WHERE muni = ? AND unit_id = ? AND period_id = ? AND id = ?`, with(next.ID), &pos); err != nil {
				return nil, err
			}
			if err := deleteFreeTable(tx, with(next.ID)); err != nil {
				return nil, err
			}
		}
		if err := insertFreeTable(tx, with, pos, &next); err != nil {
			return nil, err
		}
		// Kept rows keep their versions, so that a cell edit begun before the change is
		// still checked against what it saw.
		for _, r := range next.Leaves() {
			if r.Version > 0 {
				if err := tx.exec(`UPDATE free_rows SET version = ? WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND id = ?`,
					append([]any{r.Version}, with(next.ID, r.ID)...)...); err != nil {
					return nil, err
				}
			}
		}
		if old == nil {
			return []auditEntry{{entity: entity, key: ekey, changes: append([]change{{"created", "", "created"}}, freeTableChanges(&tertial.FreeTable{}, &next)...)}}, nil
		}
		return []auditEntry{{entity: entity, key: ekey, changes: freeTableChanges(old, &next)}}, nil
	})
	return itemProblems(err, prefix)
}

// DeleteFreeTable removes a free table from an open period, with its columns, rows and
// cells. A table that the period's report template shows is refused with EINVALID (path
// "template", naming the template), and so is a table with values unless clear confirms
// they go with it (path "clear_values"). It returns ENOTFOUND for an unknown period or
// table and ELOCKED for a locked period.
func (db *DB) DeleteFreeTable(ctx context.Context, actor string, p PeriodRef, id string, clear bool) error {
	var old tertial.FreeTable
	return db.restructure(ctx, actor, p.Municipality, func(ds *tertial.Dataset) error {
		per, _, err := structurePeriod(ds, p)
		if err != nil {
			return err
		}
		ti := slices.IndexFunc(per.FreeTables, func(t tertial.FreeTable) bool { return t.ID == id })
		if ti < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "perioden %s har ingen fri tabell %q", p.Period, id)
		}
		old = per.FreeTables[ti]
		if per.Template != "" {
			for _, t := range ds.Templates {
				if t.ID == per.Template {
					if title, ok := sectionShowing(t.Sections, tertial.SectionFreeTable, id); ok {
						return tertial.Invalid([]tertial.Problem{{Path: "template", Message: fmt.Sprintf(
							"periodens rapportmall %q (%s) visar tabellen i avsnittet %q; ta bort avsnittet ur mallen eller välj en annan mall först", t.ID, t.Name, title)}})
					}
				}
			}
		}
		if !clear {
			if ps := carryCells(&old, &tertial.FreeTable{ID: id}, false); len(ps) > 0 {
				return tertial.Invalid([]tertial.Problem{{Path: "clear_values", Message: "tabellen har värden; bekräfta att de tas bort med tabellen"}})
			}
		}
		per.FreeTables = slices.Delete(per.FreeTables, ti, ti+1)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := openPeriod(tx, p); err != nil {
			return nil, err
		}
		if err := deleteFreeTable(tx, []any{p.Municipality, p.Unit, p.Period, id}); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "free_table", key: p.key() + "/" + id, changes: append(freeTableChanges(&old, &tertial.FreeTable{}), change{"deleted", "", "deleted"})}}, nil
	})
}

// sectionShowing finds a section of the kind that shows ref, at any depth, and returns its
// title (or its kind when it has none).
func sectionShowing(sections []tertial.Section, kind tertial.SectionKind, ref string) (string, bool) {
	for _, s := range sections {
		if s.Kind == kind && s.Ref == ref {
			if s.Title == "" {
				return string(s.Kind), true
			}
			return s.Title, true
		}
		if t, ok := sectionShowing(s.Sections, kind, ref); ok {
			return t, true
		}
	}
	return "", false
}

// deleteFreeTable removes a free table's stored rows: cells, rows, columns, the table;
// args are the municipality, unit, period and table ID.
func deleteFreeTable(tx *Tx, args []any) error {
	const where = ` WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ?`
	if err := tx.exec(`DELETE FROM free_cells`+where, args...); err != nil {
		return err
	}
	// Children first: the parent reference is checked at once on PostgreSQL.
	if err := tx.exec(`UPDATE free_rows SET parent_id = NULL`+where, args...); err != nil {
		return err
	}
	if err := tx.exec(`DELETE FROM free_rows`+where, args...); err != nil {
		return err
	}
	if err := tx.exec(`DELETE FROM free_columns`+where, args...); err != nil {
		return err
	}
	return tx.exec(`DELETE FROM free_tables WHERE muni = ? AND unit_id = ? AND period_id = ? AND id = ?`, args...)
}

// freeStructureRows is the structure of rows as an edit gives it: IDs, labels, units,
// formulas, groups and their sums, no cells.
func freeStructureRows(rows []tertial.FreeRow) []tertial.FreeRow {
	out := make([]tertial.FreeRow, len(rows))
	for i, r := range rows {
		out[i] = tertial.FreeRow{ID: r.ID, Label: r.Label, Unit: r.Unit, Formula: r.Formula, Group: r.Group, Sum: r.Sum, SumLabel: r.SumLabel}
		if r.Group {
			out[i].Rows = freeStructureRows(r.Rows)
			if out[i].Rows == nil {
				out[i].Rows = []tertial.FreeRow{}
			}
		} else {
			out[i].Label = ""
		}
	}
	return out
}

// carryCells gives the rows of next the cells and versions their IDs have in old: each cell
// whose column next still has, with the same type and no formula, and that the row can
// still hold (a row computed by a formula holds only its text and date cells). It returns
// a problem, naming the row and the column, for each cell holding a value that would be
// lost, unless clear says such values may go.
func carryCells(old, next *tertial.FreeTable, clear bool) []tertial.Problem {
	oldCols := map[string]tertial.FreeColumn{}
	for _, c := range old.Columns {
		oldCols[c.ID] = c
	}
	cols := map[string]tertial.FreeColumn{}
	for _, c := range next.Columns {
		cols[c.ID] = c
	}
	nextRows := map[string]*tertial.FreeRow{}
	for _, r := range next.Leaves() {
		nextRows[r.ID] = r
	}
	var ps []tertial.Problem
	for _, o := range old.Leaves() {
		n := nextRows[o.ID]
		if n != nil {
			n.Version = o.Version
			n.Cells = map[string]tertial.Cell{}
		}
		for _, cid := range slices.Sorted(mapsKeys(o.Cells)) {
			c, ok := cols[cid]
			keep := n != nil && ok && c.Type == oldCols[cid].Type && len(c.Formula) == 0 && (len(n.Formula) == 0 || !c.Type.Numeric())
			if keep {
				n.Cells[cid] = o.Cells[cid]
				continue
			}
			if !clear {
				ps = append(ps, tertial.Problem{Path: "clear_values", Message: fmt.Sprintf(
					"raden %q har ett värde i kolumnen %q (%s) som skulle tas bort; bekräfta att värdena får tas bort", o.ID, cid, oldCols[cid].Label)})
			}
		}
	}
	return ps
}

// freeTableChanges lists what an edit changed of a free table, for the audit log.
func freeTableChanges(old, next *tertial.FreeTable) []change {
	return []change{
		{"title", old.Title, next.Title}, {"amount_unit", string(old.Unit), string(next.Unit)},
		{"precision", strconv.Itoa(old.Precision), strconv.Itoa(next.Precision)},
		{"sum_label", old.SumLabel, next.SumLabel}, {"note", old.Note, next.Note},
		{"columns", freeColumnsText(old.Columns), freeColumnsText(next.Columns)},
		{"rows", freeRowsText(old.Rows), freeRowsText(next.Rows)},
	}
}

// freeColumnsText is a table's columns as one line: "antal:count+, netto:amount=(a - b)".
func freeColumnsText(cols []tertial.FreeColumn) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		s := c.ID + ":" + string(c.Type) + "[" + c.Label + "]"
		if c.Sum {
			s += "+"
		}
		if len(c.Formula) > 0 {
			s += "=(" + c.Formula.String() + ")"
		}
		parts[i] = s
	}
	return strings.Join(parts, ", ")
}

// freeRowsText is a table's rows as one line: "g:Grupp{a, b=(a + c)}".
func freeRowsText(rows []tertial.FreeRow) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		s := r.ID
		if r.Unit != "" {
			s += "[" + r.Unit + "]"
		}
		if len(r.Formula) > 0 {
			s += "=(" + r.Formula.String() + ")"
		}
		if r.Group {
			s += ":" + r.Label + "{" + freeRowsText(r.Rows) + "}"
		}
		parts[i] = s
	}
	return strings.Join(parts, ", ")
}

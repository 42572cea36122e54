package compute

import "github.com/tertial/tertial"

// FreeValue is a free-table cell as shown: entered, computed (by the column's formula, the
// row's formula or a sum), or empty.
type FreeValue struct {
	Present  bool
	Computed bool
	Cell     tertial.Cell // the value, with the marks it was entered with
	// Word is the word an empty numeric cell shows in place of its value ("Stängt").
	// Explained is set on such a cell, and on a computed cell left empty because an operand
	// holds a word: the word says why there is no figure.
	Word      string
	Explained bool
}

// FreeTableResult is a free table with its formula columns, group sums and sum row
// computed.
type FreeTableResult struct {
	Rows  [][]FreeValue // per row with cells (tertial.FreeTable.Leaves), per column in column order
	Sum   []FreeValue   // the sum row, per column; nil when the table has none
	Lines []FreeLine    // the table's rows in display order: rows, group headers and group sums; not the sum row
}

// FreeLine is a row of a free table as shown: a row with cells (BaseRow), a group's header
// (HeaderRow, carrying the group's sums when HasSums) or a group's sum row (SumRow).
type FreeLine struct {
	Kind    RowKind
	ID      string // the row's or group's ID
	Label   string // a group's label or sum label; "" for a row with cells
	Unit    string
	Depth   int
	HasSums bool
	Formula tertial.Formula // a row computed from other rows: its formula
	Values  []FreeValue     // per column; empty values on a header without sums
}

// FreeTable computes a free table: each formula column from the other columns of its row
// (empty when an operand is empty); each row with a row formula from the other rows, in
// every numeric column (formula columns included: there the row's formula adds the operand
// rows' computed figures); for each group, the sums of the columns marked for summing over
// its rows at any depth, with its formula columns computed from those sums; and the sum row
// of the columns marked for summing over every row with cells, each counted once. Rows with
// a row formula are derived and so added to no sum. A numeric cell holding a word is empty
// for every computation.
func FreeTable(t *tertial.FreeTable) FreeTableResult {
	var res FreeTableResult
	w := freeWalk{t: t, res: &res, byRow: map[string][]FreeValue{}, formulas: map[string]tertial.Formula{}}
	w.walk(t.Rows, 0)
	w.rowFormulas()
	if t.SumLabel != "" {
		res.Sum = make([]FreeValue, len(t.Columns))
		for i, c := range t.Columns {
			if !c.Sum {
				continue
			}
			var vals []FreeValue
			for _, row := range w.summed {
				vals = append(vals, row[i])
			}
			res.Sum[i] = add(c.Type, vals, nil)
			res.Sum[i].Computed = true
		}
	}
	return res
}

type freeWalk struct {
	t      *tertial.FreeTable
	res    *FreeTableResult
	summed [][]FreeValue // the rows the table's sum adds: those without a row formula
	// The values of each row with cells by ID, and the formula of each row that has one, in
	// order.
	byRow    map[string][]FreeValue
	formulas map[string]tertial.Formula
	order    []string
}

// rowFormulas computes the rows with row formulas, each operand before the row that names
// it. A cycle (which Dataset.Validate refuses) leaves the rows in it empty.
func (w *freeWalk) rowFormulas() {
	const (
		pending = iota
		busy
		done
	)
	state := map[string]int{}
	var eval func(id string) bool
	eval = func(id string) bool {
		f, ok := w.formulas[id]
		switch {
		case !ok:
			return w.byRow[id] != nil
		case state[id] == done:
			return true
		case state[id] == busy:
			return false
		}
		state[id] = busy
		ok = true
		for _, term := range f {
			ok = eval(term.Column) && ok
		}
		state[id] = done
		row := w.byRow[id]
		for i, c := range w.t.Columns {
			if !c.Type.Numeric() {
				continue
			}
			row[i] = FreeValue{Computed: true}
			if !ok {
				continue
			}
			var vals []FreeValue
			var neg []bool
			for _, term := range f {
				v := w.byRow[term.Column][i]
				if !v.Present {
					row[i].Explained = v.Explained
					vals = nil
					break
				}
				vals, neg = append(vals, v), append(neg, term.Negative)
			}
			if vals != nil {
				row[i] = add(c.Type, vals, neg)
				row[i].Computed = true
			}
		}
		return true
	}
	for _, id := range w.order {
		eval(id)
	}
}

// walk appends the lines of rows and returns the values of their rows that sums add: rows
// with cells and no row formula.
func (w *freeWalk) walk(rows []tertial.FreeRow, depth int) [][]FreeValue {
	t := w.t
	var leaves [][]FreeValue
	for _, r := range rows {
		if !r.Group {
			row := make([]FreeValue, len(t.Columns))
			byID := map[string]FreeValue{}
			for i, c := range t.Columns {
				cell, ok := r.Cells[c.ID]
				switch {
				case !ok || len(c.Formula) > 0:
				case cell.IsWord(c.Type):
					row[i] = FreeValue{Word: cell.Text, Explained: true}
					byID[c.ID] = row[i]
				default:
					row[i] = FreeValue{Present: true, Cell: cell}
					byID[c.ID] = row[i]
				}
			}
			for i, c := range t.Columns {
				if len(c.Formula) > 0 {
					row[i] = formula(c, byID)
				}
			}
			w.res.Rows = append(w.res.Rows, row)
			w.res.Lines = append(w.res.Lines, FreeLine{Kind: BaseRow, ID: r.ID, Unit: r.Unit, Depth: depth, Formula: r.Formula, Values: row})
			w.byRow[r.ID] = row
			if len(r.Formula) > 0 {
				// Computed from the other rows once they are all known (rowFormulas).
				w.formulas[r.ID] = r.Formula
				w.order = append(w.order, r.ID)
				continue
			}
			w.summed = append(w.summed, row)
			leaves = append(leaves, row)
			continue
		}
		headerAt := -1
		if r.Label != "" || r.Sum == tertial.SumTop {
			headerAt = len(w.res.Lines)
			w.res.Lines = append(w.res.Lines, FreeLine{Kind: HeaderRow, ID: r.ID, Label: r.Label, Unit: r.Unit, Depth: depth,
				Values: make([]FreeValue, len(t.Columns))})
		}
		inner := w.walk(r.Rows, depth+1)
		switch r.Sum {
		case tertial.SumTop:
			h := &w.res.Lines[headerAt]
			h.Values, h.HasSums = w.sums(inner), true
		case tertial.SumBottom:
			w.res.Lines = append(w.res.Lines, FreeLine{Kind: SumRow, ID: r.ID, Label: r.SumLabel, Depth: depth, Values: w.sums(inner)})
		}
		leaves = append(leaves, inner...)
	}
	return leaves
}

// sums are a group's sums: the columns marked for summing over its rows with cells, and
// its formula columns marked for summing computed from those sums.
func (w *freeWalk) sums(leaves [][]FreeValue) []FreeValue {
	out := make([]FreeValue, len(w.t.Columns))
	byID := map[string]FreeValue{}
	for i, c := range w.t.Columns {
		if !c.Sum || len(c.Formula) > 0 {
			continue
		}
		var vals []FreeValue
		for _, row := range leaves {
			vals = append(vals, row[i])
		}
		out[i] = add(c.Type, vals, nil)
		out[i].Computed = true
		if out[i].Present {
			byID[c.ID] = out[i]
		}
	}
	for i, c := range w.t.Columns {
		if c.Sum && len(c.Formula) > 0 {
			out[i] = formula(c, byID)
		}
	}
	return out
}

func formula(c tertial.FreeColumn, byID map[string]FreeValue) FreeValue {
	var vals []FreeValue
	var neg []bool
	for _, term := range c.Formula {
		v, ok := byID[term.Column]
		if !ok || !v.Present {
			return FreeValue{Computed: true, Explained: v.Explained}
		}
		vals = append(vals, v)
		neg = append(neg, term.Negative)
	}
	v := add(c.Type, vals, neg)
	v.Computed = true
	return v
}

// add sums the present values of a numeric type, negating those marked.
func add(t tertial.ColumnType, vals []FreeValue, neg []bool) FreeValue {
	out := FreeValue{}
	for i, v := range vals {
		if !v.Present {
			continue
		}
		n := len(neg) > i && neg[i]
		switch t {
		case tertial.ColAmount:
			if n {
				out.Cell.Amount -= v.Cell.Amount
			} else {
				out.Cell.Amount += v.Cell.Amount
			}
		case tertial.ColCount:
			if n {
				out.Cell.Count -= v.Cell.Count
			} else {
				out.Cell.Count += v.Cell.Count
			}
		case tertial.ColPercent, tertial.ColDecimal:
			x := v.Cell.Number
			if n {
				x = x.Neg()
			}
			if s, err := out.Cell.Number.Add(x); err == nil {
				out.Cell.Number = s
			}
		default:
			continue
		}
		out.Present = true
	}
	return out
}

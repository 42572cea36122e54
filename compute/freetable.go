package compute

import "github.com/tertial/tertial"

// FreeValue is a free-table cell as shown: entered, computed by the column's formula, or
// empty.
type FreeValue struct {
	Present  bool
	Computed bool
	Cell     tertial.Cell
}

// FreeTableResult is a free table with its formula columns and sum row computed.
type FreeTableResult struct {
	Rows [][]FreeValue // per row, per column in column order
	Sum  []FreeValue   // the sum row, per column; nil when the table has none
}

// FreeTable computes a free table: each formula column from the other columns of its row
// (empty when an operand is empty), and the sum row of the columns marked for summing.
func FreeTable(t *tertial.FreeTable) FreeTableResult {
	var res FreeTableResult
	for _, r := range t.Rows {
		row := make([]FreeValue, len(t.Columns))
		byID := map[string]FreeValue{}
		for i, c := range t.Columns {
			if cell, ok := r.Cells[c.ID]; ok && len(c.Formula) == 0 {
				row[i] = FreeValue{Present: true, Cell: cell}
				byID[c.ID] = row[i]
			}
		}
		for i, c := range t.Columns {
			if len(c.Formula) > 0 {
				row[i] = formula(c, byID)
			}
		}
		res.Rows = append(res.Rows, row)
	}
	if t.SumLabel != "" {
		res.Sum = make([]FreeValue, len(t.Columns))
		for i, c := range t.Columns {
			if !c.Sum {
				continue
			}
			var vals []FreeValue
			for _, row := range res.Rows {
				vals = append(vals, row[i])
			}
			res.Sum[i] = add(c.Type, vals, nil)
			res.Sum[i].Computed = true
		}
	}
	return res
}

func formula(c tertial.FreeColumn, byID map[string]FreeValue) FreeValue {
	var vals []FreeValue
	var neg []bool
	for _, term := range c.Formula {
		v, ok := byID[term.Column]
		if !ok {
			return FreeValue{Computed: true}
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

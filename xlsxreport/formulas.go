package xlsxreport

import (
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// term is a row that a sum adds, with the sign it is added with: the rows of a money table
// may be shown with opposite signs (costs positive, a net cost negative), so a sum of
// displayed figures sometimes subtracts a row.
type term struct {
	row  int
	sign int // +1 or −1
}

// sumTerms returns the rows each sum row of a table adds, by row index; rows that are not
// sums have none. The document holds no group structure, so it is read back from the rows'
// depth and class the way report.Build lays a money table out:
//
//   - a group's header row ("group", or "group sum" when it carries the group's sums) has
//     the group's depth, its rows follow one level deeper;
//   - a sum row below a group ("sum") has the group's depth and follows the group's rows;
//   - the total ("total") is last and adds everything.
//
// A sum adds its group's rows, but a nested group that shows its own sum counts once, by
// that sum row, instead of by its rows.
func sumTerms(t *report.Table) map[int][]term {
	rows := t.Rows
	out := map[int][]term{}
	switch t.Class {
	case "money":
		signs := rowSigns(t)
		for i, r := range rows {
			var lo, hi int
			switch {
			case r.Class == "total":
				lo, hi = 0, i
			case r.Class == "sum":
				lo, hi = runBefore(rows, i), i
			case hasClass(r.Class, "group") && hasClass(r.Class, "sum"):
				lo, hi = i+1, runAfter(rows, i)
			default:
				continue
			}
			idx := moneyTerms(rows, lo, hi)
			if len(idx) == 0 {
				continue
			}
			var ts []term
			for _, j := range idx {
				s := 1
				if signs[j] != signs[i] {
					s = -1
				}
				ts = append(ts, term{row: j, sign: s})
			}
			out[i] = ts
		}
	case "free", "trend":
		// A free table's group sums and its sum row add the rows with cells they span,
		// each once, as compute.FreeTable does; a table without groups (and the trend) has
		// one sum row at the end adding every row above it.
		for i, r := range rows {
			var lo, hi int
			switch {
			case r.Class == "total", r.Class == "sum" && t.Class == "trend":
				lo, hi = 0, i
			case r.Class == "sum":
				lo, hi = runBefore(rows, i), i
			case hasClass(r.Class, "group") && hasClass(r.Class, "sum"):
				lo, hi = i+1, runAfter(rows, i)
			default:
				continue
			}
			var ts []term
			for j := lo; j < hi; j++ {
				if rows[j].Class == "" {
					ts = append(ts, term{row: j, sign: 1})
				}
			}
			if len(ts) > 0 {
				out[i] = ts
			}
		}
	}
	return out
}

func hasClass(class, c string) bool {
	for _, f := range strings.Fields(class) {
		if f == c {
			return true
		}
	}
	return false
}

// runBefore returns the first row of the run of deeper rows right above row i.
func runBefore(rows []report.Row, i int) int {
	j := i
	for j > 0 && rows[j-1].Depth > rows[i].Depth && rows[j-1].Class != "total" {
		j--
	}
	return j
}

// runAfter returns the end (exclusive) of the run of deeper rows right below row i.
func runAfter(rows []report.Row, i int) int {
	j := i + 1
	for j < len(rows) && rows[j].Depth > rows[i].Depth && rows[j].Class != "total" {
		j++
	}
	return j
}

// moneyTerms returns the rows of rows[lo:hi] whose figures add up to the sum of the range.
func moneyTerms(rows []report.Row, lo, hi int) []int {
	var ts []int
	for i := lo; i < hi; i++ {
		r := rows[i]
		switch {
		case hasClass(r.Class, "group") && hasClass(r.Class, "sum"):
			// A header carrying its group's sums stands for the group.
			ts = append(ts, i)
			i = runAfter(rows, i) - 1
		case hasClass(r.Class, "group"):
			// A header without figures: its rows follow.
		case r.Class == "sum":
			// A sum below a group replaces the group's rows, already taken.
			start := runBefore(rows, i)
			for len(ts) > 0 && ts[len(ts)-1] >= start {
				ts = ts[:len(ts)-1]
			}
			ts = append(ts, i)
		case r.Class == "total":
		default:
			ts = append(ts, i)
		}
	}
	return ts
}

// rowSigns returns per row the sign its amounts are shown with, as the report declares it
// (report.Row.Sign, from compute.MoneyRow.Sign): +1 in result sign, −1 negated. The sign
// is the table's rule for the row and never read from its figures, so every row with the
// same rule gets the same formulas, a row whose deviation is 0 too.
func rowSigns(t *report.Table) []int {
	out := make([]int, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = r.Sign
		if out[i] == 0 {
			out[i] = 1
		}
	}
	return out
}

// cellNumber returns the figure of a row's cell in column col, nil when it shows none.
func cellNumber(r report.Row, col string) *tertial.Decimal {
	for _, c := range r.Cells {
		if c.Col == col {
			return c.Number
		}
	}
	return nil
}

// evalSum adds the displayed figures of the terms in column col, as a spreadsheet would.
// ok is false when no term has a figure.
func evalSum(rows []report.Row, ts []term, col string) (tertial.Decimal, bool) {
	var sum tertial.Decimal
	any := false
	for _, t := range ts {
		n := cellNumber(rows[t.row], col)
		if n == nil {
			continue
		}
		var err error
		if t.sign < 0 {
			sum, err = sum.Sub(*n)
		} else {
			sum, err = sum.Add(*n)
		}
		if err != nil {
			return sum, false
		}
		any = true
	}
	return sum, any
}

// evalRowFormula computes a row formula from the displayed figures of its rows in column
// col, as a spreadsheet would. ok is false when a row shows no figure there (the report
// then shows none either).
func evalRowFormula(rows []report.Row, f []report.RowTerm, col string) (tertial.Decimal, bool) {
	var sum tertial.Decimal
	for _, tm := range f {
		n := cellNumber(rows[tm.Row], col)
		if n == nil {
			return sum, false
		}
		var err error
		if tm.Negative {
			sum, err = sum.Sub(*n)
		} else {
			sum, err = sum.Add(*n)
		}
		if err != nil {
			return sum, false
		}
	}
	return sum, len(f) > 0
}

// rowsFormula is a row formula as a spreadsheet formula over its rows' cells in column col:
// "B5+B6", "B7-B8", "-B5+B9".
func rowsFormula(t *report.Table, f []report.RowTerm, col string, colOf func(report.Row, string) int, bodyTop int) string {
	var b strings.Builder
	for i, tm := range f {
		switch {
		case tm.Negative:
			b.WriteString("-")
		case i > 0:
			b.WriteString("+")
		}
		b.WriteString(cellRef(colOf(t.Rows[tm.Row], col), bodyTop+tm.Row))
	}
	return b.String()
}

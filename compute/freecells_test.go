package compute_test

import (
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
)

func mustFormula(t *testing.T, s string) tertial.Formula {
	t.Helper()
	f, err := tertial.ParseFormula(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// ekonomi is the "Ekonomi (tkr)" table of Simrishamn's Kultur- och fritidsnämnden,
// årsbokslut 2025, with its derived rows as row formulas and a column for the change from
// 2024 to 2025 (a column formula), which the report does not have.
func ekonomi(t *testing.T) *tertial.FreeTable {
	t.Helper()
	row := func(id, post string, a, b int64) tertial.FreeRow {
		return tertial.FreeRow{ID: id, Cells: map[string]tertial.Cell{"post": {Text: post}, "ar2024": {Amount: tkr(a)}, "ar2025": {Amount: tkr(b)}}}
	}
	derived := func(id, post, formula string) tertial.FreeRow {
		return tertial.FreeRow{ID: id, Formula: mustFormula(t, formula), Cells: map[string]tertial.Cell{"post": {Text: post}}}
	}
	return &tertial.FreeTable{Unit: tertial.Tkr, SumLabel: "Summa",
		Columns: []tertial.FreeColumn{
			{ID: "post", Type: tertial.ColText},
			{ID: "ar2024", Type: tertial.ColAmount, Sum: true},
			{ID: "ar2025", Type: tertial.ColAmount, Sum: true},
			{ID: "andring", Type: tertial.ColAmount, Formula: mustFormula(t, "ar2025 - ar2024")},
		},
		Rows: []tertial.FreeRow{
			row("intakter", "Intäkter", 10135, 11251),
			row("kostnader", "Kostnader", -69731, -73300),
			derived("netto", "Nettokostnader", "intakter + kostnader"),
			row("budget", "Budget", -59689, -63119),
			derived("avvikelse", "Budgetavvikelse", "netto - budget"),
		},
	}
}

// TestFreeRowFormulas: Nettokostnader and Budgetavvikelse are computed from the rows they
// name, as the report prints them (−59 596 and −62 049; 93 and 1 070), a formula row
// naming another formula row; in the change column the row formula adds the operand rows'
// changes; and the sum row adds the entered rows only.
func TestFreeRowFormulas(t *testing.T) {
	res := compute.FreeTable(ekonomi(t))
	want := map[int][2]int64{2: {-59596, -62049}, 4: {93, 1070}}
	for i, w := range want {
		for k, col := range []int{1, 2} {
			if v := res.Rows[i][col]; !v.Present || !v.Computed || v.Cell.Amount != tkr(w[k]) {
				t.Errorf("row %d column %d: %+v, want %d tkr computed", i, col, v, w[k])
			}
		}
	}
	// 2025 − 2024 of Nettokostnader: (11 251 − 10 135) + (−73 300 + 69 731) = −2 453.
	if v := res.Rows[2][3]; !v.Present || v.Cell.Amount != tkr(-2453) {
		t.Errorf("change of Nettokostnader: %+v", v)
	}
	if v := res.Rows[2][0]; !v.Present || v.Computed || v.Cell.Text != "Nettokostnader" {
		t.Errorf("a formula row's label is entered: %+v", v)
	}
	// Summa adds Intäkter, Kostnader and Budget: 10 135 − 69 731 − 59 689.
	if s := res.Sum[1]; s.Cell.Amount != tkr(-119285) {
		t.Errorf("sum 2024 %v, want −119 285 tkr (formula rows left out)", s.Cell.Amount)
	}
	if l := res.Lines[4]; l.ID != "avvikelse" || l.Formula.String() != "netto - budget" {
		t.Errorf("line of Budgetavvikelse: %+v", l)
	}
}

// TestFreeRowFormulaEmpties: a row formula's cell is empty where an operand's is, and
// marked as explained when that operand holds a word; a cycle (which validation refuses)
// leaves its rows empty instead of looping.
func TestFreeRowFormulaEmpties(t *testing.T) {
	tbl := ekonomi(t)
	tbl.Rows[0].Cells["ar2024"] = tertial.Cell{Text: "Uppgift saknas"}
	delete(tbl.Rows[1].Cells, "ar2025")
	res := compute.FreeTable(tbl)
	if v := res.Rows[0][1]; v.Present || v.Word != "Uppgift saknas" || !v.Explained {
		t.Errorf("word cell: %+v", v)
	}
	if v := res.Rows[2][1]; v.Present || !v.Explained {
		t.Errorf("netto 2024 from a word: %+v, want empty and explained", v)
	}
	if v := res.Rows[2][2]; v.Present || v.Explained {
		t.Errorf("netto 2025 from an empty cell: %+v, want empty, not explained", v)
	}
	if v := res.Rows[4][1]; v.Present || !v.Explained {
		t.Errorf("avvikelse 2024 through netto: %+v", v)
	}
	// The word counts as nothing in the sum: −69 731 − 59 689.
	if s := res.Sum[1]; s.Cell.Amount != tkr(-129420) {
		t.Errorf("sum 2024 %v", s.Cell.Amount)
	}

	tbl = ekonomi(t)
	tbl.Rows[2].Formula = mustFormula(t, "intakter + avvikelse")
	res = compute.FreeTable(tbl)
	if res.Rows[2][1].Present || res.Rows[4][1].Present {
		t.Errorf("rows in a cycle got figures: %+v %+v", res.Rows[2][1], res.Rows[4][1])
	}
}

// TestFreeCellMarks: a marked value is a value (summed, an operand) that keeps its marks.
func TestFreeCellMarks(t *testing.T) {
	tbl := ekonomi(t)
	tbl.Rows[3].Cells["ar2025"] = tertial.Cell{Amount: tkr(-63119), After: "*"}
	res := compute.FreeTable(tbl)
	if v := res.Rows[3][2]; !v.Present || v.Cell.After != "*" || v.Cell.Amount != tkr(-63119) {
		t.Errorf("marked cell %+v", v)
	}
	if v := res.Rows[4][2]; v.Cell.Amount != tkr(1070) || v.Cell.After != "" {
		t.Errorf("avvikelse from a marked budget: %+v, want 1 070 without the mark", v)
	}
}

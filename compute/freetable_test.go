package compute_test

import (
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
)

// TestFreeTable: the reference report's riktade statsbidrag, with Netto computed and a sum
// row; a row missing an operand leaves its computed cell empty.
func TestFreeTable(t *testing.T) {
	amount := func(n int64) tertial.Cell { return tertial.Cell{Amount: tkr(n)} }
	f, err := tertial.ParseFormula("bidrag - kostnad")
	if err != nil {
		t.Fatal(err)
	}
	tbl := &tertial.FreeTable{Unit: tertial.Tkr, SumLabel: "Summa",
		Columns: []tertial.FreeColumn{
			{ID: "namn", Type: tertial.ColText},
			{ID: "bidrag", Type: tertial.ColAmount, Sum: true},
			{ID: "kostnad", Type: tertial.ColAmount, Sum: true},
			{ID: "netto", Type: tertial.ColAmount, Sum: true, Formula: f},
			{ID: "andel", Type: tertial.ColPercent, Sum: false},
		},
		Rows: []tertial.FreeRow{
			{ID: "msb", Cells: map[string]tertial.Cell{"namn": {Text: "MSB"}, "bidrag": amount(3407), "kostnad": amount(3407)}},
			{ID: "min", Cells: map[string]tertial.Cell{"namn": {Text: "Minoritetsspråkstöd"}, "bidrag": amount(1980), "kostnad": amount(1500)}},
			{ID: "dms", Cells: map[string]tertial.Cell{"namn": {Text: "Delegation mot segregation"}, "bidrag": amount(4502)}},
		},
	}
	res := compute.FreeTable(tbl)
	if v := res.Rows[1][3]; !v.Present || !v.Computed || v.Cell.Amount != tkr(480) {
		t.Errorf("netto of row 2: %+v", v)
	}
	if v := res.Rows[2][3]; v.Present {
		t.Errorf("netto without kostnad should be empty: %+v", v)
	}
	if s := res.Sum[1]; s.Cell.Amount != tkr(9889) {
		t.Errorf("sum bidrag %v", s.Cell.Amount)
	}
	if s := res.Sum[3]; s.Cell.Amount != tkr(480) {
		t.Errorf("sum netto %v", s.Cell.Amount)
	}
	if res.Sum[4].Present || res.Sum[0].Present {
		t.Error("columns not marked for summing have no sum")
	}
}

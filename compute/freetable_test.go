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

// groupedFreeTable is personnel in nested groups: Skola (sum on its header) holds teachers
// and Elevhälsa (sum row below), which holds counsellors and nurses; Kansli stands alone.
// Nurses have no permanent staff entered, so Visstid (antal − tv) is empty on their row.
func groupedFreeTable(t *testing.T) *tertial.FreeTable {
	t.Helper()
	f, err := tertial.ParseFormula("antal - tv")
	if err != nil {
		t.Fatal(err)
	}
	count := func(n int64) tertial.Cell { return tertial.Cell{Count: n} }
	return &tertial.FreeTable{SumLabel: "Totalt",
		Columns: []tertial.FreeColumn{
			{ID: "namn", Type: tertial.ColText},
			{ID: "antal", Type: tertial.ColCount, Sum: true},
			{ID: "tv", Type: tertial.ColCount, Sum: true},
			{ID: "vt", Type: tertial.ColCount, Sum: true, Formula: f},
			{ID: "alder", Type: tertial.ColDecimal},
		},
		Rows: []tertial.FreeRow{
			{ID: "skola", Group: true, Label: "Skola", Sum: tertial.SumTop, Rows: []tertial.FreeRow{
				{ID: "larare", Unit: "st", Cells: map[string]tertial.Cell{"namn": {Text: "Lärare"}, "antal": count(40), "tv": count(35)}},
				{ID: "elevhalsa", Group: true, Label: "Elevhälsa", Sum: tertial.SumBottom, SumLabel: "Summa elevhälsa", Rows: []tertial.FreeRow{
					{ID: "kurator", Cells: map[string]tertial.Cell{"namn": {Text: "Kuratorer"}, "antal": count(3), "tv": count(3)}},
					{ID: "skoterska", Cells: map[string]tertial.Cell{"namn": {Text: "Skolsköterskor"}, "antal": count(2)}},
				}},
			}},
			{ID: "kansli", Cells: map[string]tertial.Cell{"namn": {Text: "Kansli"}, "antal": count(5), "tv": count(5)}},
			{ID: "tom", Group: true, Sum: tertial.SumBottom, SumLabel: "Summa tom", Rows: []tertial.FreeRow{}},
		},
	}
}

// TestFreeTableGroups: each group sums its rows at any depth, its formula column comes
// from its sums, the table's sum counts each row once, and lines come in display order.
func TestFreeTableGroups(t *testing.T) {
	res := compute.FreeTable(groupedFreeTable(t))
	type line struct {
		kind  compute.RowKind
		id    string
		depth int
	}
	want := []line{{compute.HeaderRow, "skola", 0}, {compute.BaseRow, "larare", 1}, {compute.HeaderRow, "elevhalsa", 1}, {compute.BaseRow, "kurator", 2},
		{compute.BaseRow, "skoterska", 2}, {compute.SumRow, "elevhalsa", 1}, {compute.BaseRow, "kansli", 0}, {compute.SumRow, "tom", 0}}
	if len(res.Lines) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(res.Lines), len(want), res.Lines)
	}
	for i, w := range want {
		if l := res.Lines[i]; l.Kind != w.kind || l.ID != w.id || l.Depth != w.depth {
			t.Errorf("line %d: %v %s depth %d, want %v %s depth %d", i, l.Kind, l.ID, l.Depth, w.kind, w.id, w.depth)
		}
	}
	if h := res.Lines[2]; h.Label != "Elevhälsa" || h.HasSums || h.Values[1].Present {
		t.Errorf("elevhälsa header %+v: its sum is below, so the header has none", h)
	}
	if len(res.Rows) != 4 {
		t.Errorf("%d rows with cells, want 4", len(res.Rows))
	}
	if u := res.Lines[1].Unit; u != "st" {
		t.Errorf("unit of larare %q", u)
	}
	skola, eh, tom := res.Lines[0], res.Lines[5], res.Lines[7]
	// Skola: 40 + 3 + 2 employed, 35 + 3 permanent; Visstid from the sums: 45 − 38.
	if !skola.HasSums || skola.Values[1].Cell.Count != 45 || skola.Values[2].Cell.Count != 38 {
		t.Errorf("skola sums %+v", skola.Values)
	}
	if v := skola.Values[3]; !v.Present || !v.Computed || v.Cell.Count != 7 {
		t.Errorf("skola visstid %+v, want 7 from the group's sums", v)
	}
	if eh.Label != "Summa elevhälsa" || eh.Values[1].Cell.Count != 5 || eh.Values[2].Cell.Count != 3 || eh.Values[3].Cell.Count != 2 {
		t.Errorf("elevhälsa sums %+v", eh)
	}
	// A column not marked for summing and the text column have no sums.
	if skola.Values[0].Present || skola.Values[4].Present || eh.Values[4].Present {
		t.Error("unsummed columns got a group sum")
	}
	// An empty group sums nothing: its sum cells are empty, not zero.
	if tom.Values[1].Present || tom.Values[3].Present {
		t.Errorf("empty group's sums %+v", tom.Values)
	}
	// The total: every row once (40 + 3 + 2 + 5), never a group's sum again; Visstid sums
	// the rows' values (5 + 0 + 0; the nurses' is empty) as it always has.
	if s := res.Sum[1]; s.Cell.Count != 50 {
		t.Errorf("total antal %d, want 50", s.Cell.Count)
	}
	if s := res.Sum[3]; s.Cell.Count != 5 {
		t.Errorf("total visstid %d, want 5", s.Cell.Count)
	}
}

// TestFreeTableHeaderWithoutSums: a group with a label and no sum shows a header with
// empty cells; a group with neither shows no line of its own.
func TestFreeTableHeaderWithoutSums(t *testing.T) {
	tbl := groupedFreeTable(t)
	tbl.Rows[0].Sum = tertial.SumNone
	tbl.Rows[0].Rows[1].Label, tbl.Rows[0].Rows[1].Sum = "", tertial.SumNone
	res := compute.FreeTable(tbl)
	if h := res.Lines[0]; h.Kind != compute.HeaderRow || h.HasSums || h.Values[1].Present || h.Label != "Skola" {
		t.Errorf("header %+v", h)
	}
	for _, l := range res.Lines {
		if l.ID == "elevhalsa" {
			t.Errorf("a group without label or sum got a line: %+v", l)
		}
	}
	if res.Lines[2].ID != "kurator" || res.Lines[2].Depth != 2 {
		t.Errorf("rows of an unlabelled group keep their depth: %+v", res.Lines[2].ID)
	}
}

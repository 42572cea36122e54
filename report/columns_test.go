package report_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// findBlockTable returns the document's table with the ID.
func findBlockTable(ss []*report.Section, id string) *report.Table {
	for _, s := range ss {
		for _, b := range s.Blocks {
			switch b := b.(type) {
			case *report.Table:
				if b.ID == id {
					return b
				}
			case *report.Section:
				if t := findBlockTable([]*report.Section{b}, id); t != nil {
					return t
				}
			}
		}
	}
	return nil
}

// TestDeclaredColumnsRender: a money table with declared columns shows its columns in
// order with their headings under their group headings, and its computed figures: net,
// revised budget, what remains (shown as the row shows amounts) and shares.
func TestDeclaredColumnsRender(t *testing.T) {
	ds := demoDataset(t)
	mt := &ds.Period("ks", "2021-08").MoneyTables[0]
	mt.Columns, mt.Negate, mt.TotalNegate, mt.Mapping, mt.Periodisation = nil, true, false, nil, ""
	mt.Declared = []tertial.MoneyColumnDef{
		{ID: "in", Kind: tertial.KindIncome},
		{ID: "ut", Kind: tertial.KindCost},
		{ID: "netto", Kind: tertial.KindNet},
		{ID: "b", Kind: tertial.KindBudget, Group: "Investeringar"},
		{ID: "omb", Kind: tertial.KindBudgetChange, Heading: "Ombudgetering", Group: "Investeringar"},
		{ID: "rev", Kind: tertial.KindRevisedBudget, Of: []tertial.MoneyColumn{"b", "omb"}, Group: "Investeringar"},
		{ID: "utf", Kind: tertial.KindOutcome, Group: "Investeringar"},
		{ID: "kvar", Kind: tertial.KindRemaining, Of: []tertial.MoneyColumn{"rev", "utf"}, Group: "Investeringar"},
		{ID: "andel", Kind: tertial.KindShare, Of: []tertial.MoneyColumn{"utf", "rev"}, Heading: "Förbrukat", Group: "Investeringar"},
		{ID: "fg", Kind: tertial.KindPriorOutcome, Period: tertial.PeriodPriorYear},
	}
	mt.Rows = []tertial.MoneyRow{
		{ID: "r1", Label: "Rad ett", Amounts: map[tertial.MoneyColumn]tertial.Amount{
			"in": 12_000_00, "ut": -90_000_00, "b": -40_000_00, "omb": -2_000_00, "utf": -21_000_00, "fg": -7_000_00}},
		{ID: "r2", Label: "Rad två", Amounts: map[tertial.MoneyColumn]tertial.Amount{"in": 3_000_00, "ut": -1_000_00}},
	}
	mt.Total = "Summa"
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatalf("the changed demo is not valid: %v", ps)
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	tbl := findBlockTable(doc.Sections, "tabell-"+mt.ID)
	if tbl == nil {
		t.Fatal("the money table is not in the report")
	}
	var groups, heads []string
	for _, h := range tbl.Head[0][1:] {
		groups = append(groups, h.Text+"/"+string(rune('0'+h.ColSpan)))
	}
	for _, h := range tbl.Head[1] {
		heads = append(heads, h.Text)
	}
	if got, want := strings.Join(groups, "|"), "Perioden jan–aug/3|Investeringar/6|Föregående år/1"; got != want {
		t.Errorf("group headings %s, want %s", got, want)
	}
	if got, want := strings.Join(heads, "|"), "Intäkter|Kostnader|Netto|Budget|Ombudgetering|Reviderad budget|Utfall|Återstår|Förbrukat|Utfall"; got != want {
		t.Errorf("headings %s, want %s", got, want)
	}
	cells := func(r report.Row) string {
		var s []string
		for _, c := range r.Cells {
			s = append(s, c.Text)
		}
		return strings.Join(s, "|")
	}
	// The demo table is in tkr; the table shows costs positive (negate). Net −78 tkr shown
	// 78; revised budget −42 shown 42; remaining −42 − (−21) = −21 shown 21; share 21/42.
	// A minus sign is U+2212, the space before % a no-break space.
	if got, want := cells(tbl.Rows[0]), "−12|90|78|40|2|42|21|21|50,0\u00a0%|7"; got != want {
		t.Errorf("row one %s, want %s", got, want)
	}
	// Row two has no budget: only income, cost and net.
	if got, want := cells(tbl.Rows[1]), "−3|1|−2|||||||"; got != want {
		t.Errorf("row two %s, want %s", got, want)
	}
	total := tbl.Rows[len(tbl.Rows)-1]
	if got, want := cells(total), "−15|91|76|40|2|42|21|21|50,0\u00a0%|7"; got != want {
		t.Errorf("total %s, want %s", got, want)
	}
}

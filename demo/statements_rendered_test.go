package demo_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// renderedCell is a cell of a table of the built report.
type renderedCell struct {
	table    *report.Table
	row      *report.Row
	col      string
	text     string
	position string // table/row/column, for messages
}

// renderedCells returns every cell of every table of kommunfullmäktige's årsredovisning
// 2025 as report.Build builds it, by table ID, row ID and column.
func renderedCells(t *testing.T, ds *tertial.Dataset) map[string]renderedCell {
	t.Helper()
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]renderedCell{}
	var walk func(bs []report.Block)
	walk = func(bs []report.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *report.Section:
				walk(b.Blocks)
			case *report.Table:
				for i := range b.Rows {
					r := &b.Rows[i]
					for _, c := range r.Cells {
						key := b.ID + "/" + r.ID + "/" + c.Col
						out[key] = renderedCell{table: b, row: r, col: c.Col, text: c.Text, position: key}
					}
				}
			}
		}
	}
	for _, s := range doc.Sections {
		walk(s.Blocks)
	}
	return out
}

// tenths reads a cell's "−3 230,7" as −32307: its digits without the decimal comma.
func tenths(t *testing.T, s string) int64 {
	t.Helper()
	s = strings.NewReplacer("\u00a0", "", " ", "", "\u2212", "-", ",", "").Replace(s)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("amount %q", s)
	}
	return v
}

// TestEkbyOneVoucherRendered: the voucher of TestEkbyOneVoucher's first case (1 000 000
// kr of cost paid from the bank) in the årsredovisning as report.Build builds it: the
// cells of 2025 that show the moved rows of the statements, of note 2 (and its sum), of
// the balanskravsutredning and of the five-year overview fall by 1 mnkr, and no other
// cell of any table of the report changes, but the soliditet and the financial goals'
// outcomes, which are ratios.
func TestEkbyOneVoucherRendered(t *testing.T) {
	const x = int64(1_000_000_00)
	before := renderedCells(t, ekbyLoad(t, ekbyFiles(t)))
	files := ekbyFiles(t)
	files[2025] = addVoucher(t, files[2025], "20251215", sieRow{"7410", `{1 "1100"}`, x}, sieRow{"1930", "{}", -x})
	after := renderedCells(t, ekbyLoad(t, files))

	statementRows := []string{"verksamhetens-kostnader", "verksamhetens-nettokostnader", "verksamhetens-resultat",
		"resultat-efter-finansiella-poster", "arets-resultat", "kassa-och-bank", "summa-omsattningstillgangar",
		"summa-tillgangar", "varav-arets-resultat", "eget-kapital", "summa-eget-kapital-avsattningar-skulder",
		"kf-arets-resultat", "medel-fore-rorelsekapital", "kassaflode-lopande", "arets-kassaflode", "likvida-medel-ub"}
	balanceRows := []string{"arets-resultat", "resultat-efter-balanskravsjusteringar", "balanskravsresultat"}
	fiveYearRows := []string{"nettokostnad", "arets-resultat"}
	// expected says whether a cell should fall by 1,0 mnkr; allowed whether it may change.
	expected := func(c renderedCell) bool {
		in := func(ids []string) bool {
			for _, id := range ids {
				if c.row.ID == c.table.ID+"-"+id {
					return true
				}
			}
			return false
		}
		switch {
		case strings.Contains(c.table.Class, "statement-note"):
			return strings.HasPrefix(c.table.Caption, "Not 2 ") && c.col == "year" &&
				(c.row.Header.Text == "Övriga verksamhetskostnader" || c.row.Header.Text == "Summa")
		case strings.Contains(c.table.ID, "-koncern-"):
			// The sammanställda räkenskaper: the municipality's column and the koncern's
			// total move with the municipality's statements (the company is untouched).
			return (c.col == "year" || c.col == "municipality") && in(statementRows)
		case strings.Contains(c.table.Class, "statement"):
			return c.col == "year" && in(statementRows)
		case strings.Contains(c.table.Class, "balance-requirement"):
			return c.col == "2025" && in(balanceRows)
		case strings.Contains(c.table.Class, "five-year"):
			return c.col == "2025" && in(fiveYearRows)
		case strings.Contains(c.table.Class, "reconciliation"):
			return in([]string{"resultatrakningen"})
		}
		return false
	}
	allowed := func(c renderedCell) bool {
		return (strings.Contains(c.table.Class, "five-year") && c.col == "2025" &&
			(c.row.ID == c.table.ID+"-soliditet" || c.row.ID == c.table.ID+"-soliditet-inkl-pensioner")) ||
			// The avstämning's difference: the boards' reports do not hold the new cost.
			(strings.Contains(c.table.Class, "reconciliation") && c.row.ID == c.table.ID+"-differens") ||
			(strings.Contains(c.table.Class, "financial-goals") && c.col == "outcome")
	}
	n := 0
	for key, b := range before {
		a, ok := after[key]
		if !ok {
			t.Errorf("%s is gone", key)
			continue
		}
		switch {
		case expected(b):
			n++
			// The statements show mnkr with one decimal, the five-year overview whole mnkr.
			want := int64(-10)
			if strings.Contains(b.table.Class, "five-year") {
				want = -1
			}
			if d := tenths(t, a.text) - tenths(t, b.text); d != want {
				t.Errorf("%s: %s → %s, want 1 mnkr less", key, b.text, a.text)
			}
		case a.text != b.text && !allowed(b):
			t.Errorf("%s changed: %s → %s", key, b.text, a.text)
		}
	}
	if want := 3*len(statementRows) + 2 + len(balanceRows) + len(fiveYearRows) + 1; n != want {
		t.Errorf("%d cells that should move, want %d", n, want)
	}
	if len(after) != len(before) {
		t.Errorf("%d cells, before %d", len(after), len(before))
	}
}

package xlsxreport

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
	"github.com/xuri/excelize/v2"
)

// TestFreeGroupSums: a free table's group sum rows and its total get sum formulas over the
// rows with cells they span, each counted once: the costs' sum row adds its two rows, the
// header carrying the income sum its one row, and the total the three rows (not the group
// sums, which would count them twice).
func TestFreeGroupSums(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	ft := &ds.Period("ks", "2021-08").FreeTables[0]
	if ft.ID != "covid" || len(ft.Rows) != 3 {
		t.Fatal("the demo's Covid-19 table is gone or changed")
	}
	inc, pers, other := ft.Rows[0], ft.Rows[1], ft.Rows[2]
	ft.Rows = []tertial.FreeRow{
		{ID: "in", Group: true, Label: "Intäkter", Sum: tertial.SumTop, Rows: []tertial.FreeRow{inc}},
		{ID: "kostnader", Group: true, Label: "Kostnader", Sum: tertial.SumBottom, SumLabel: "Summa kostnader",
			Rows: []tertial.FreeRow{pers, other}},
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	_, f := render(t, doc)
	sheet := ""
	for _, s := range f.GetSheetList() {
		if strings.HasPrefix(s, "Covid") {
			sheet = s
		}
	}
	if sheet == "" {
		t.Fatalf("no Covid-19 sheet in %v", f.GetSheetList())
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{} // sheet row (1-based) by the text of its first cell
	for i, r := range rows {
		if len(r) > 0 {
			at[r[0]] = i + 1
		}
	}
	in, pRow, oRow := at["Intäkter"], at["Personalkostnader (minskade + /ökade -)"], at["Övriga kostnader (minskade + /ökade -)"]
	sum, total := at["Summa kostnader"], at["Minskade nettokostnader (+) /ökade nettokostnader (-)"]
	if in == 0 || pRow == 0 || oRow != pRow+1 || sum == 0 || total == 0 {
		t.Fatalf("rows not found: %v", at)
	}
	formula := func(row int) string {
		f, _ := f.GetCellFormula(sheet, cellRef(2, row))
		return f
	}
	raw := func(row int) string {
		v, _ := f.GetCellValue(sheet, cellRef(2, row), excelize.Options{RawCellValue: true})
		return v
	}
	if got, want := formula(sum), "SUM("+cellRef(2, pRow)+":"+cellRef(2, oRow)+")"; got != want || raw(sum) != "3259" {
		t.Errorf("costs' sum: %q = %s, want %q = 3259", got, raw(sum), want)
	}
	if got, want := formula(in), cellRef(2, in+1); got != want {
		t.Errorf("income header's sum: %q, want %q", got, want)
	}
	if got := formula(total); strings.Contains(got, cellRef(2, sum)) || strings.Contains(got, cellRef(2, in)+",") || raw(total) != "2831" {
		t.Errorf("total %q = %s adds a group's sum; want the three rows = 2831", got, raw(total))
	}
	if got, want := formula(total), "SUM("+cellRef(2, in+1)+","+cellRef(2, pRow)+":"+cellRef(2, oRow)+")"; got != want {
		t.Errorf("total %q, want %q", got, want)
	}
}

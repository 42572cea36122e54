package xlsxreport

import (
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tertial/tertial/internal/fixture"
	"github.com/tertial/tertial/report"
)

// TestBoardDeviationsSheet: the boards' deviations are a sheet of their own whose sum row
// adds the boards' rows with SUM and whose deviations are formulas of their own row, each
// giving the report's figure.
func TestBoardDeviationsSheet(t *testing.T) {
	ds, err := fixture.Consolidated()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, "kf", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	_, f := render(t, doc)
	sheet := ""
	for _, sh := range f.GetSheetList() {
		if strings.HasPrefix(sh, "Nämndernas budgetavvikelser") {
			sheet = sh
		}
	}
	if sheet == "" {
		t.Fatalf("no sheet of the boards' deviations among %q", f.GetSheetList())
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{} // row number (1-based) by the row's header
	for i, r := range rows {
		if len(r) > 0 {
			at[r[0]] = i + 1
		}
	}
	first, last, total := at["Kultur- och fritidsnämnden"], at["Socialnämnden"], at["Summa nämnder"]
	if first == 0 || last != first+2 || total != last+1 {
		t.Fatalf("rows: kfn %d, sbn %d, sum %d:\n%v", first, last, total, rows)
	}
	ref := func(col string, row int) string { return col + strconv.Itoa(row) }
	for _, col := range []string{"B", "C", "E", "F"} {
		want := "SUM(" + ref(col, first) + ":" + ref(col, last) + ")"
		if got, _ := f.GetCellFormula(sheet, ref(col, total)); got != want {
			t.Errorf("sum in %s: =%s, want =%s", col, got, want)
		}
	}
	// The deviation is forecast − budget on every row, the sum row's too.
	for _, row := range []int{first, first + 1, last, total} {
		if got, _ := f.GetCellFormula(sheet, ref("D", row)); got != ref("C", row)+"-"+ref("B", row) {
			t.Errorf("deviation on row %d: =%s", row, got)
		}
	}
	// −200 − 620 − 3 500 and the period's 160 − 349 + 1 500.
	for cell, want := range map[string]string{ref("D", total): "-4320", ref("G", total): "1311", ref("B", total): "-460900"} {
		got, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil || got != want {
			t.Errorf("%s computes to %q (%v), want %s", cell, got, err, want)
		}
	}
}

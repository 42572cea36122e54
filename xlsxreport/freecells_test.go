package xlsxreport

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
	"github.com/xuri/excelize/v2"
)

// simrishamnDoc is the demo's report with two tables of Simrishamn's Kultur- och
// fritidsnämnden, årsbokslut 2025: "Ekonomi (tkr)" with its derived rows as row formulas,
// and the grants of Allmän kulturverksamhet with −400* and a row of Ej aktuellt.
func simrishamnTablesDoc(t *testing.T) *report.Document {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	f := func(s string) tertial.Formula {
		fm, err := tertial.ParseFormula(s)
		if err != nil {
			t.Fatal(err)
		}
		return fm
	}
	tkr := func(n int64) tertial.Cell { return tertial.Cell{Amount: tertial.Amount(n * 100_000)} }
	text := func(s string) tertial.Cell { return tertial.Cell{Text: s} }
	eko := func(id, post string, a, b int64) tertial.FreeRow {
		return tertial.FreeRow{ID: id, Cells: map[string]tertial.Cell{"post": text(post), "ar2024": tkr(a), "ar2025": tkr(b)}}
	}
	marked := tkr(-400)
	marked.After = "*"
	ung := tkr(-718)
	ung.Before = "ung"
	per := ds.Period("ks", "2021-08")
	per.FreeTables = append(per.FreeTables,
		tertial.FreeTable{ID: "ekonomi", Title: "Ekonomi", Unit: tertial.Tkr,
			Columns: []tertial.FreeColumn{{ID: "post", Label: "Ekonomi (tkr)", Type: tertial.ColText},
				{ID: "ar2024", Label: "2024", Type: tertial.ColAmount}, {ID: "ar2025", Label: "2025", Type: tertial.ColAmount}},
			Rows: []tertial.FreeRow{
				eko("intakter", "Intäkter", 10135, 11251),
				eko("kostnader", "Kostnader", -69731, -73300),
				{ID: "netto", Formula: f("intakter + kostnader"), Cells: map[string]tertial.Cell{"post": text("Nettokostnader")}},
				eko("budget", "Budget", -59689, -63119),
				{ID: "avvikelse", Formula: f("netto - budget"), Cells: map[string]tertial.Cell{"post": text("Budgetavvikelse")}},
			}},
		tertial.FreeTable{ID: "bidrag-kultur", Title: "Allmän kulturverksamhet", Unit: tertial.Tkr, SumLabel: "Totalt",
			Columns: []tertial.FreeColumn{{ID: "bidrag", Label: "Bidrag, tkr", Type: tertial.ColText},
				{ID: "b2025", Label: "Bokslut 2025", Type: tertial.ColAmount, Sum: true},
				{ID: "budget2025", Label: "Budget 2025", Type: tertial.ColAmount, Sum: true}},
			Rows: []tertial.FreeRow{
				{ID: "arrangor", Cells: map[string]tertial.Cell{"bidrag": text("Arrangörsbidrag för kulturföreningar"), "b2025": tkr(-718), "budget2025": ung}},
				{ID: "verksamhet", Cells: map[string]tertial.Cell{"bidrag": text("Verksamhetsstöd för kulturverksamheter"), "b2025": tkr(-450), "budget2025": tkr(-450)}},
				{ID: "studieforbund", Cells: map[string]tertial.Cell{"bidrag": text("Studieförbundsbidrag"), "b2025": tkr(-397), "budget2025": marked}},
				{ID: "kultur-arrangor", Cells: map[string]tertial.Cell{"bidrag": text("Kultur- och arrangörsbidrag"), "b2025": text("Ej aktuellt"), "budget2025": text("Ej aktuellt")}},
			}},
	)
	tmpl := ds.Template(per.Template)
	tmpl.Sections = append(tmpl.Sections, tertial.Section{Kind: tertial.SectionHeading, Title: "Simrishamn", Sections: []tertial.Section{
		{Kind: tertial.SectionFreeTable, Ref: "ekonomi"}, {Kind: tertial.SectionFreeTable, Ref: "bidrag-kultur"}}})
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatalf("not valid: %v", ps)
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// sheetRows returns the sheet whose name starts with prefix and its rows (1-based) by the
// text of their first cell.
func sheetRows(t *testing.T, f *excelize.File, prefix string) (string, map[string]int) {
	t.Helper()
	sheet := ""
	for _, s := range f.GetSheetList() {
		if strings.HasPrefix(s, prefix) {
			sheet = s
		}
	}
	if sheet == "" {
		t.Fatalf("no sheet %s… in %v", prefix, f.GetSheetList())
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{}
	for i, r := range rows {
		if len(r) > 0 {
			if _, dup := at[r[0]]; !dup {
				at[r[0]] = i + 1
			}
		}
	}
	return sheet, at
}

// TestFreeRowFormulaCells: a row formula is a spreadsheet formula over its rows' cells in
// each column: Nettokostnader = Intäkter + Kostnader, Budgetavvikelse = Nettokostnader −
// Budget, with the values the report shows (−59 596; 1 070).
func TestFreeRowFormulaCells(t *testing.T) {
	_, f := render(t, simrishamnTablesDoc(t))
	sheet, at := sheetRows(t, f, "Ekonomi")
	in, cost, net, budget, dev := at["Intäkter"], at["Kostnader"], at["Nettokostnader"], at["Budget"], at["Budgetavvikelse"]
	if in == 0 || cost == 0 || net == 0 || budget == 0 || dev == 0 {
		t.Fatalf("rows not found: %v", at)
	}
	for _, c := range []struct {
		col, row int
		formula  string
		value    string
	}{
		{2, net, cellRef(2, in) + "+" + cellRef(2, cost), "-59596"},
		{3, net, cellRef(3, in) + "+" + cellRef(3, cost), "-62049"},
		{2, dev, cellRef(2, net) + "-" + cellRef(2, budget), "93"},
		{3, dev, cellRef(3, net) + "-" + cellRef(3, budget), "1070"},
	} {
		got, _ := f.GetCellFormula(sheet, cellRef(c.col, c.row))
		raw, _ := f.GetCellValue(sheet, cellRef(c.col, c.row), excelize.Options{RawCellValue: true})
		if got != c.formula || raw != c.value {
			t.Errorf("%s: %q = %s, want %q = %s", cellRef(c.col, c.row), got, raw, c.formula, c.value)
		}
	}
	if bold := cellFont(t, f, sheet, cellRef(2, net)); bold {
		t.Error("a computed row is set bold, as no other format sets it")
	}
}

// TestFreeCellWordsAndMarksCells: a word is a text cell; a marked value stays a number,
// its mark in its number format; the sum adds the numbers and skips the word, giving the
// source report's Totalt (−1 568).
func TestFreeCellWordsAndMarksCells(t *testing.T) {
	_, f := render(t, simrishamnTablesDoc(t))
	sheet, at := sheetRows(t, f, "Allmän")
	arr, study, word, total := at["Arrangörsbidrag för kulturföreningar"], at["Studieförbundsbidrag"], at["Kultur- och arrangörsbidrag"], at["Totalt"]
	if arr == 0 || study == 0 || word == 0 || total == 0 {
		t.Fatalf("rows not found: %v", at)
	}
	if typ, _ := f.GetCellType(sheet, cellRef(3, word)); typ == excelize.CellTypeNumber {
		t.Error("the word is a number cell")
	}
	if v, _ := f.GetCellValue(sheet, cellRef(3, word)); v != "Ej aktuellt" {
		t.Errorf("word cell %q", v)
	}
	for _, c := range []struct {
		row        int
		raw, mark  string
		markBefore bool
	}{{study, "-400", `"*"`, false}, {arr, "-718", `"ung` + "\u00a0" + `"`, true}} {
		ref := cellRef(3, c.row)
		raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		code := numFmt(t, f, sheet, ref)
		if raw != c.raw || !strings.Contains(code, c.mark) {
			t.Errorf("%s: %s with format %q, want the number %s with %s in its format", ref, raw, code, c.raw, c.mark)
		}
		if pos, _, _ := strings.Cut(code, ";"); c.markBefore != strings.HasPrefix(pos, c.mark) {
			t.Errorf("%s: format %q puts the mark on the wrong side", ref, code)
		}
	}
	// −718 − 450 − 400, the word left out.
	if got, _ := f.GetCellFormula(sheet, cellRef(3, total)); got != "SUM("+cellRef(3, arr)+":"+cellRef(3, study)+")" {
		t.Errorf("Totalt's formula %q", got)
	}
	if raw, _ := f.GetCellValue(sheet, cellRef(3, total), excelize.Options{RawCellValue: true}); raw != "-1568" {
		t.Errorf("Totalt %s, want −1 568", raw)
	}
}

func numFmt(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

func cellFont(t *testing.T, f *excelize.File, sheet, ref string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Font != nil && st.Font.Bold
}

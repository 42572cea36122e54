package report_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/docxreport"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

func formula(t *testing.T, s string) tertial.Formula {
	t.Helper()
	f, err := tertial.ParseFormula(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// withSimrishamn is the demo with three tables of Simrishamn's Kultur- och fritidsnämnden,
// årsbokslut 2025, in its period and its report: "Ekonomi (tkr)" with the derived rows as
// row formulas; the grants of Allmän kulturverksamhet, with the footnote mark of −400* and
// the row of Ej aktuellt, summed to Totalt; and the library's visitors, "ung 116 000".
func withSimrishamn(t *testing.T) *tertial.Dataset {
	t.Helper()
	ds := demoDataset(t)
	per := ds.Period("ks", "2021-08")
	tkr := func(n int64) tertial.Cell { return tertial.Cell{Amount: tertial.Amount(n * 100_000)} }
	text := func(s string) tertial.Cell { return tertial.Cell{Text: s} }
	eko := func(id, post string, a, b int64) tertial.FreeRow {
		return tertial.FreeRow{ID: id, Cells: map[string]tertial.Cell{"post": text(post), "ar2024": tkr(a), "ar2025": tkr(b)}}
	}
	derived := func(id, post, f string) tertial.FreeRow {
		return tertial.FreeRow{ID: id, Formula: formula(t, f), Cells: map[string]tertial.Cell{"post": text(post)}}
	}
	grant := func(id, name string, b2025, budget tertial.Cell, n int64) tertial.FreeRow {
		return tertial.FreeRow{ID: id, Cells: map[string]tertial.Cell{"bidrag": text(name), "b2025": b2025, "budget2025": budget, "antal2025": {Count: n}}}
	}
	marked := tkr(-400)
	marked.After = "*"
	word := text("Ej aktuellt")
	ung := tertial.Cell{Count: 116000, Before: "ung"}
	per.FreeTables = append(per.FreeTables,
		tertial.FreeTable{ID: "ekonomi", Title: "Ekonomi", Unit: tertial.Tkr,
			Columns: []tertial.FreeColumn{
				{ID: "post", Label: "Ekonomi (tkr)", Type: tertial.ColText},
				{ID: "ar2024", Label: "2024", Type: tertial.ColAmount},
				{ID: "ar2025", Label: "2025", Type: tertial.ColAmount},
			},
			Rows: []tertial.FreeRow{
				eko("intakter", "Intäkter", 10135, 11251),
				eko("kostnader", "Kostnader", -69731, -73300),
				derived("netto", "Nettokostnader", "intakter + kostnader"),
				eko("budget", "Budget", -59689, -63119),
				derived("avvikelse", "Budgetavvikelse", "netto - budget"),
				eko("nettoinv", "Nettoinvesteringar", 2329, 5403),
				eko("budget_inv", "Budget", 4259, 10525),
				// The report's deviation of investments is net investments − budget.
				derived("avvikelse_inv", "Budgetavvikelse", "nettoinv - budget_inv"),
			}},
		tertial.FreeTable{ID: "bidrag-kultur", Title: "Allmän kulturverksamhet", Unit: tertial.Tkr, SumLabel: "Totalt",
			Columns: []tertial.FreeColumn{
				{ID: "bidrag", Label: "Bidrag, tkr", Type: tertial.ColText},
				{ID: "b2025", Label: "Bokslut 2025", Type: tertial.ColAmount, Sum: true},
				{ID: "budget2025", Label: "Budget 2025", Type: tertial.ColAmount, Sum: true},
				{ID: "antal2025", Label: "Antal 2025", Type: tertial.ColCount, Sum: true},
			},
			Rows: []tertial.FreeRow{
				grant("arrangor", "Arrangörsbidrag för kulturföreningar", tkr(-718), tkr(-718), 27),
				grant("verksamhet", "Verksamhetsstöd för kulturverksamheter", tkr(-450), tkr(-450), 4),
				grant("studieforbund", "Studieförbundsbidrag", tkr(-397), marked, 9),
				{ID: "kultur-arrangor", Cells: map[string]tertial.Cell{"bidrag": text("Kultur- och arrangörsbidrag"), "b2025": word, "budget2025": word, "antal2025": word}},
			}},
		tertial.FreeTable{ID: "bibliotek", Title: "Folkbibliotek", Unit: tertial.Tkr,
			Columns: []tertial.FreeColumn{
				{ID: "statistik", Label: "Statistik", Type: tertial.ColText},
				{ID: "b2023", Label: "Bokslut 2023", Type: tertial.ColCount},
				{ID: "b2024", Label: "Bokslut 2024", Type: tertial.ColCount},
				{ID: "budget2025", Label: "Budget 2025", Type: tertial.ColCount},
			},
			Rows: []tertial.FreeRow{
				{ID: "besok", Cells: map[string]tertial.Cell{"statistik": text("Bibliotek och buss"), "b2023": {Count: 117271}, "b2024": ung, "budget2025": {Count: 110000}}},
			}},
	)
	tmpl := ds.Template(per.Template)
	tmpl.Sections = append(tmpl.Sections, tertial.Section{Kind: tertial.SectionHeading, Title: "Simrishamn", Sections: []tertial.Section{
		{Kind: tertial.SectionFreeTable, Ref: "ekonomi"}, {Kind: tertial.SectionFreeTable, Ref: "bidrag-kultur"}, {Kind: tertial.SectionFreeTable, Ref: "bibliotek"}}})
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatalf("the demo with Simrishamn's tables is not valid: %v", ps)
	}
	return ds
}

// freeRowLines are a table's rows as "class|header|cell|cell…", spaces plain.
func freeRowLines(tbl *report.Table) []string {
	var out []string
	for _, r := range tbl.Rows {
		s := []string{r.Class, r.Header.Text}
		for _, c := range r.Cells {
			s = append(s, c.Text)
		}
		out = append(out, plainSpaces(strings.Join(s, "|")))
	}
	return out
}

// TestFreeRowFormulasRender: Simrishamn's Ekonomi table shows its derived rows computed as
// the source report prints them: Nettokostnader −59 596 and −62 049, Budgetavvikelse 93 and
// 1 070, and for investments −1 930 and −5 122; they are rows of their own kind, naming
// the rows they add, and every format shows them.
func TestFreeRowFormulasRender(t *testing.T) {
	doc, err := report.Build(withSimrishamn(t), "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	tbl := findBlockTable(doc.Sections, "tabell-ekonomi")
	if tbl == nil {
		t.Fatal("the Ekonomi table is not in the report")
	}
	want := []string{
		"|Intäkter|10 135|11 251",
		"|Kostnader|−69 731|−73 300",
		"formula|Nettokostnader|−59 596|−62 049",
		"|Budget|−59 689|−63 119",
		"formula|Budgetavvikelse|93|1 070",
		"|Nettoinvesteringar|2 329|5 403",
		"|Budget|4 259|10 525",
		"formula|Budgetavvikelse|−1 930|−5 122",
	}
	if got := freeRowLines(tbl); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if f := tbl.Rows[4].Formula; len(f) != 2 || f[0] != (report.RowTerm{Row: 2}) || f[1] != (report.RowTerm{Row: 3, Negative: true}) {
		t.Errorf("Budgetavvikelse adds %+v, want row 2 minus row 3", f)
	}
	if tbl.Rows[0].Formula != nil {
		t.Error("an entered row names rows to add")
	}

	html, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	page := plainSpaces(string(html))
	for _, s := range []string{`<tr id="tabell-ekonomi-netto" class="formula">`, `<td data-col="ar2024" class="num">−59 596</td>`, `<td data-col="ar2025" class="num">1 070</td>`} {
		if !strings.Contains(page, s) {
			t.Errorf("HTML lacks %s", s)
		}
	}
	if body := plainSpaces(docxOf(t, doc)); !strings.Contains(body, "−62 049") || !strings.Contains(body, "Budgetavvikelse") {
		t.Error("the DOCX lacks the computed Nettokostnader of 2025")
	}
}

// TestFreeCellWordsRender: a word stands in place of the figure, a mark beside the figure
// with a no-break space, in every format; the sum row counts the word as nothing, so
// Totalt is the source report's: −1 565, −1 568 and 40.
func TestFreeCellWordsRender(t *testing.T) {
	doc, err := report.Build(withSimrishamn(t), "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"|Arrangörsbidrag för kulturföreningar|−718|−718|27",
		"|Verksamhetsstöd för kulturverksamheter|−450|−450|4",
		"|Studieförbundsbidrag|−397|−400*|9",
		"|Kultur- och arrangörsbidrag|Ej aktuellt|Ej aktuellt|Ej aktuellt",
		"total|Totalt|−1 565|−1 568|40",
	}
	tbl := findBlockTable(doc.Sections, "tabell-bidrag-kultur")
	if got := freeRowLines(tbl); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	c := tbl.Rows[2].Cells[1]
	if c.Text != "−400*" || c.After != "*" || c.Number == nil || c.Number.String() != "-400" {
		t.Errorf("marked cell %+v: the figure stays a number, the mark beside it after a no-break space", c)
	}
	if w := tbl.Rows[3].Cells[0]; w.Number != nil || !w.Numeric {
		t.Errorf("word cell %+v: no figure, in a column of figures", w)
	}
	lib := findBlockTable(doc.Sections, "tabell-bibliotek")
	if got := freeRowLines(lib); len(got) != 1 || got[0] != "|Bibliotek och buss|117 271|ung 116 000|110 000" {
		t.Errorf("library: %q", got)
	}

	html, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"ung\u00a0116\u00a0000", "−400*", `<td data-col="b2025" class="num">Ej aktuellt</td>`} {
		if !strings.Contains(string(html), s) {
			t.Errorf("HTML lacks %q", s)
		}
	}
	body := docxOf(t, doc)
	for _, s := range []string{"ung\u00a0116\u00a0000", "−400*", "Ej aktuellt"} {
		if !strings.Contains(body, s) {
			t.Errorf("DOCX lacks %q", s)
		}
	}
}

// docxOf is the body of the document's DOCX.
func docxOf(t *testing.T, doc *report.Document) string {
	t.Helper()
	data, err := docxreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	return docxBody(t, data)
}

// TestCheckWordCellsNotHalfEmpty: Totalt adds a column where one row holds a word: the word
// says why there is no figure, so tertial check does not ask for one; a cell left truly
// empty still gets its finding, and a formula row, which no sum adds, never does.
func TestCheckWordCellsNotHalfEmpty(t *testing.T) {
	ds := withSimrishamn(t)
	if got := findingsContaining(t, ds, "summan «Totalt»"); len(got) != 0 {
		t.Errorf("a word cell counted as missing: %q", got)
	}
	bidrag := &ds.Period("ks", "2021-08").FreeTables[len(ds.Period("ks", "2021-08").FreeTables)-2]
	delete(bidrag.Rows[1].Cells, "b2025")
	got := findingsContaining(t, ds, "summan «Totalt»")
	if len(got) != 1 || !strings.Contains(got[0], "kolumn b2025") || !strings.Contains(got[0], "raden verksamhet") ||
		!strings.Contains(got[0], "medan 2 andra rader har värden") {
		t.Errorf("an empty cell beside a word: %q, want one finding for verksamhet, with 2 other rows having values", got)
	}

	ds = withSimrishamn(t)
	eko := &ds.Period("ks", "2021-08").FreeTables[len(ds.Period("ks", "2021-08").FreeTables)-3]
	eko.SumLabel = "Summa"
	eko.Columns[1].Sum = true
	if got := findingsContaining(t, ds, "summan «Summa»"); len(got) != 0 {
		t.Errorf("formula rows counted as missing values: %q", got)
	}
}

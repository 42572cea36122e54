package xlsxreport

import (
	"bytes"
	"html"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

func demoDoc(t *testing.T) *report.Document {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// demoDocOf returns the report a demo transcribes.
func demoDocOf(t *testing.T, d *demo.Demo) *report.Document {
	t.Helper()
	ds, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, d.Unit, d.Period)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func render(t *testing.T, doc *report.Document) ([]byte, *excelize.File) {
	t.Helper()
	data, err := Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the workbook does not reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return data, f
}

func TestDeterministic(t *testing.T) {
	doc := demoDoc(t)
	a, _ := render(t, doc)
	for range 3 {
		b, _ := render(t, demoDoc(t))
		if !bytes.Equal(a, b) {
			t.Fatal("two renders of the same data differ")
		}
	}
}

// TestSheets: a contents sheet and one sheet per table, with names Excel accepts, for every
// demo.
func TestSheets(t *testing.T) {
	for _, d := range demo.All() {
		t.Run(d.Name, func(t *testing.T) { testSheets(t, demoDocOf(t, d)) })
	}
}

func testSheets(t *testing.T, doc *report.Document) {
	_, f := render(t, doc)
	tables, sections := Tables(doc)
	if len(tables) == 0 {
		t.Fatal("the demo has no tables")
	}
	sheets := f.GetSheetList()
	if len(sheets) != 1+len(tables) || sheets[0] != ContentsSheet {
		t.Fatalf("sheets = %d (%q first), want %q and one per table (%d)", len(sheets), sheets[0], ContentsSheet, len(tables))
	}
	seen := map[string]bool{}
	for _, s := range sheets {
		if n := utf8.RuneCountInString(s); n > 31 {
			t.Errorf("sheet name %q has %d characters", s, n)
		}
		if strings.ContainsAny(s, `[]:*?/\`) {
			t.Errorf("sheet name %q has a forbidden character", s)
		}
		if seen[strings.ToLower(s)] {
			t.Errorf("sheet name %q twice", s)
		}
		seen[strings.ToLower(s)] = true
	}
	// The contents list every table with a link to its sheet.
	for i, tbl := range tables {
		row := strconv.Itoa(6 + i)
		name, _ := f.GetCellValue(ContentsSheet, "A"+row)
		if name != sheets[1+i] {
			t.Errorf("contents row %s: sheet %q, want %q", row, name, sheets[1+i])
		}
		if c, _ := f.GetCellValue(ContentsSheet, "B"+row); c != tbl.Caption {
			t.Errorf("contents row %s: caption %q, want %q", row, c, tbl.Caption)
		}
		if s, _ := f.GetCellValue(ContentsSheet, "C"+row); s != sections[i] {
			t.Errorf("contents row %s: section %q, want %q", row, s, sections[i])
		}
		ok, link, err := f.GetCellHyperLink(ContentsSheet, "A"+row)
		if err != nil || !ok || link != quoteSheet(sheets[1+i])+"!A1" {
			t.Errorf("contents row %s: link %v %q %v", row, ok, link, err)
		}
		if title, _ := f.GetCellValue(sheets[1+i], "A1"); title != tbl.Caption {
			t.Errorf("sheet %q: title %q, want %q", sheets[1+i], title, tbl.Caption)
		}
	}
}

// TestFigures checks every figure of every table: stored as a number equal to the
// document's figure; where it is a formula, its cached value is the document's figure and
// so is what the formula computes.
func TestFigures(t *testing.T) {
	doc := demoDoc(t)
	_, f := render(t, doc)
	tables, _ := Tables(doc)
	sheets := f.GetSheetList()[1:]
	formulas, sumFormulas := 0, 0
	for ti, tbl := range tables {
		sh := sheets[ti]
		bodyTop := 4 + len(tbl.Head)
		for i, r := range tbl.Rows {
			row := bodyTop + i
			if h, _ := f.GetCellValue(sh, cellRef(1, row)); r.Header.Number == nil && h != cellText(r.Header) {
				t.Errorf("%s %s: row header %q, want %q", sh, cellRef(1, row), h, r.Header.Text)
			}
			for k, c := range r.Cells {
				ref := cellRef(k+2, row)
				raw, err := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				if c.Number == nil {
					if raw != cellText(c) {
						t.Errorf("%s %s: %q, want %q", sh, ref, raw, cellText(c))
					}
					continue
				}
				want := toFloat(*c.Number)
				if typ, _ := f.GetCellType(sh, ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Errorf("%s %s: cell type %v, want a number", sh, ref, typ)
				}
				got, err := strconv.ParseFloat(raw, 64)
				if err != nil || got != want {
					t.Errorf("%s %s (%s): value %q, want %v", sh, ref, r.Header.Text, raw, want)
				}
				formula, _ := f.GetCellFormula(sh, ref)
				if formula == "" {
					continue
				}
				formulas++
				if r.Class != "" {
					sumFormulas++
				}
				calc, err := f.CalcCellValue(sh, ref, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Errorf("%s %s: =%s: %v", sh, ref, formula, err)
					continue
				}
				v, err := strconv.ParseFloat(calc, 64)
				if err != nil || math.Abs(v-want) > 1e-9 {
					t.Errorf("%s %s (%s): =%s gives %q, the report shows %v", sh, ref, r.Header.Text, formula, calc, want)
				}
			}
		}
	}
	if formulas == 0 || sumFormulas == 0 {
		t.Errorf("%d formulas, %d on sum rows; want some", formulas, sumFormulas)
	}
	t.Logf("%d formulas, %d on sum and total rows", formulas, sumFormulas)
}

// TestOperatingStatement checks known figures of Driftredovisning.
func TestOperatingStatement(t *testing.T) {
	_, f := render(t, demoDoc(t))
	rows, err := f.GetRows("Driftredovisning")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i, r := range rows {
		if len(r) < 2 || r[0] != "Verksamhetens kostnader" {
			continue
		}
		found = true
		ref := cellRef(2, i+1)
		raw, _ := f.GetCellValue("Driftredovisning", ref, excelize.Options{RawCellValue: true})
		if raw != "646444" {
			t.Errorf("budget of Verksamhetens kostnader: %q, want 646444", raw)
		}
		if typ, _ := f.GetCellType("Driftredovisning", ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("budget of Verksamhetens kostnader: type %v, want a number", typ)
		}
		if formula, _ := f.GetCellFormula("Driftredovisning", ref); !strings.HasPrefix(formula, "SUM(") {
			t.Errorf("budget of Verksamhetens kostnader: formula %q, want a sum", formula)
		}
		if shown, _ := f.GetCellValue("Driftredovisning", ref); shown != "646,444" {
			t.Errorf("budget of Verksamhetens kostnader shows %q with the default (English) separators", shown)
		}
	}
	if !found {
		t.Error("no row Verksamhetens kostnader")
	}
}

// TestSheetNames: names are shortened on word boundaries with "…", never cut mid-word,
// and made unique with " (2)"; forbidden characters are replaced.
func TestSheetNames(t *testing.T) {
	n := newSheetNames(ContentsSheet)
	long := strings.Repeat("å", 40)
	for _, c := range []struct{ in, want string }{
		{"Indikatorer: Skattemedel används effektivt", "Indikatorer – Skattemedel…"},
		{"Indikatorer: Skattemedel används effektivt", "Indikatorer – Skattemedel… (2)"},
		{"Indikatorer: Skattemedel används klokt", "Indikatorer – Skattemedel… (3)"},
		{"Ekonomi, drift (per verksamhet)", "Ekonomi, drift (per verksamhet)"},
		{"Ekonomi, drift (per verksamhet)", "Ekonomi, drift (per… (2)"},
		{"innehåll", "innehåll (2)"},
		{"a/b [c]?*", "a-b -c---"},
		{"'Citat'", "Citat"},
		{"", "Tabell"},
		{long, strings.Repeat("å", 30) + "…"},
		{long, strings.Repeat("å", 26) + "… (2)"},
	} {
		got := n.add(c.in)
		if got != c.want {
			t.Errorf("add(%q) = %q, want %q", c.in, got, c.want)
		}
		if utf8.RuneCountInString(got) > 31 {
			t.Errorf("add(%q) = %q: longer than 31", c.in, got)
		}
		// Every word of the name but the one before "…" is a whole word of the title.
		title := strings.ReplaceAll(c.in, ":", " –")
		for _, w := range strings.Fields(strings.TrimSuffix(strings.Split(got, "…")[0], " (2)")) {
			if c.in != "" && !strings.ContainsAny(c.in, "/[?'") && len(c.in) < 40 && !slices.Contains(strings.Fields(title), w) {
				t.Errorf("add(%q) = %q: %q is not a word of the title", c.in, got, w)
			}
		}
	}
}

func TestNumberFormat(t *testing.T) {
	for _, c := range []struct {
		dec    int
		suffix string
		want   string
	}{
		{0, "", `#,##0;"−"#,##0`},
		{1, "", `#,##0.0;"−"#,##0.0`},
		{2, "\u00a0%", "#,##0.00\"\u00a0%\";\"−\"#,##0.00\"\u00a0%\""},
	} {
		if got := numberFormat(c.dec, c.suffix); got != c.want {
			t.Errorf("numberFormat(%d, %q) = %q, want %q", c.dec, c.suffix, got, c.want)
		}
	}
}

func num(s string) *tertial.Decimal {
	d := tertial.MustParseDecimal(s)
	return &d
}

func moneyRow(class string, depth, sign int, label string, budget, forecast, dev string) report.Row {
	r := report.Row{Class: class, Depth: depth, Sign: sign, Header: report.Cell{Text: label}}
	for _, c := range []struct{ col, v string }{{"budget", budget}, {"forecast", forecast}, {"deviation", dev}} {
		cell := report.Cell{Col: c.col, Numeric: true}
		if c.v != "" {
			cell.Number, cell.Text = num(c.v), c.v
		}
		r.Cells = append(r.Cells, cell)
	}
	return r
}

// TestRounding: a sum Tertial computed from unrounded amounts that the rounded rows do not
// add up to stays the report's figure, without a formula, and the sheet says why; rows
// shown with the opposite sign are subtracted.
func TestRounding(t *testing.T) {
	tbl := &report.Table{ID: "t", Class: "money", Caption: "Drift: test", Head: [][]report.HeadCell{
		{{Text: "tkr"}, {Text: "Budget"}, {Text: "Prognos"}, {Text: "Avvikelse"}}}, Rows: []report.Row{
		moneyRow("", 0, 1, "Intäkter", "100", "110", "10"),
		moneyRow("", 1, -1, "Personal", "50", "60", "-10"), // costs shown positive
		moneyRow("", 1, -1, "Lokaler", "20", "20", "0"),
		moneyRow("sum", 0, -1, "Kostnader", "71", "80", "-9"), // 71: unrounded 50,4 + 20,4
		moneyRow("total", 0, 1, "Resultat", "29", "30", "1"),
	}}
	doc := &report.Document{Title: "Test", Unit: "Enheten", Sections: []*report.Section{
		{ID: "s", Title: "Ekonomi", Level: 2, Blocks: []report.Block{tbl}}}}
	_, f := render(t, doc)
	sh := "Drift – test"
	formula := func(ref string) string { s, _ := f.GetCellFormula(sh, ref); return s }
	value := func(ref string) string {
		s, _ := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
		return s
	}
	// Body starts on row 5: caption, section, blank, one header row.
	if got := formula("B8"); got != "" || value("B8") != "71" {
		t.Errorf("B8 = %q =%s, want 71 without a formula", value("B8"), got)
	}
	if got := formula("C8"); got != "SUM(C6:C7)" || value("C8") != "80" {
		t.Errorf("C8 = %q =%s, want 80 =SUM(C6:C7)", value("C8"), got)
	}
	if got := formula("D8"); got != "B8-C8" {
		t.Errorf("D8 =%s, want B8-C8 (costs shown positive)", got)
	}
	// A cost on budget has the formula of every other cost, though its deviation is 0.
	if got := formula("D7"); got != "B7-C7" {
		t.Errorf("D7 =%s, want B7-C7 like D6 (costs shown positive, deviation 0)", got)
	}
	// The result adds income and subtracts the costs shown positive.
	if got := formula("C9"); got != "C5-C8" || value("C9") != "30" {
		t.Errorf("C9 = %q =%s, want 30 =C5-C8", value("C9"), got)
	}
	if got := formula("B9"); got != "B5-B8" || value("B9") != "29" {
		t.Errorf("B9 = %q =%s, want 29 =B5-B8", value("B9"), got)
	}
	rows, _ := f.GetRows(sh)
	text := ""
	for _, r := range rows[9:] {
		text += strings.Join(r, " ") + "\n"
	}
	if !strings.Contains(text, "B8: 71 (summan av de avrundade raderna är 70)") {
		t.Errorf("no note about B8 under the table:\n%s", text)
	}
}

// TestTextFigures: a figure the workbook holds as text (a target, "<7,9 %") has a
// no-break space between its figure and its unit and between thousands, as in the other
// formats; no text cell of a figure column breaks a figure with an ordinary space.
func TestTextFigures(t *testing.T) {
	doc := demoDoc(t)
	_, f := render(t, doc)
	tables, _ := Tables(doc)
	sheets := f.GetSheetList()[1:]
	brokenFigure := regexp.MustCompile(`[0-9] [0-9%]`)
	target, texts := false, 0
	for ti, tbl := range tables {
		bodyTop := 4 + len(tbl.Head)
		for i, r := range tbl.Rows {
			for k, c := range r.Cells {
				if !c.Numeric || c.Number != nil || c.Text == "" {
					continue
				}
				texts++
				raw, err := f.GetCellValue(sheets[ti], cellRef(k+2, bodyTop+i), excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				if brokenFigure.MatchString(raw) {
					t.Errorf("%s %s: %q has an ordinary space in a figure", sheets[ti], cellRef(k+2, bodyTop+i), raw)
				}
				if strings.HasPrefix(r.Header.Text, "Sjukfrånvaro") && c.Col == "target" {
					target = true
					if raw != "<7,9\u00a0%" {
						t.Errorf("the sick-leave target is %q, want %q", raw, "<7,9\u00a0%")
					}
				}
			}
		}
	}
	if !target || texts < 10 {
		t.Errorf("the sick-leave target found: %v; %d figures as text, want some", target, texts)
	}
}

// TestDeviationFormulasOneRule: every deviation of the demo workbook's money tables is
// the same formula for every row shown with the same sign (actual − budget in result sign,
// budget − actual for costs shown positive), whatever the row's figures, a deviation of 0
// too; and the formula, computed from the sheet's own cells, gives the figure the HTML
// report shows. The demo's cost for premises (Lokaler, shown positive) is put exactly on
// budget first, so a cost row has a deviation of 0.
func TestDeviationFormulasOneRule(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	onBudget := false
	for i := range ds.Periods {
		p := &ds.Periods[i]
		if p.Unit != "ks" || p.ID != "2021-08" {
			continue
		}
		for j := range p.MoneyTables {
			if p.MoneyTables[j].ID != "drift" {
				continue
			}
			for _, g := range p.MoneyTables[j].Rows {
				for _, r := range g.Rows {
					if r.ID == "lokaler" {
						r.Amounts[tertial.ColForecast] = r.Amounts[tertial.ColBudget]
						r.Amounts[tertial.ColPeriodOutcome] = r.Amounts[tertial.ColPeriodBudget]
						onBudget = true
					}
				}
			}
		}
	}
	if !onBudget {
		t.Fatal("the demo has no row drift/lokaler")
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	page, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	_, f := render(t, doc)
	tables, _ := Tables(doc)
	sheets := f.GetSheetList()[1:]
	ref := regexp.MustCompile(`^([A-Z]+)([0-9]+)-([A-Z]+)([0-9]+)$`)
	// The form of a formula, by column letters, per sign and deviation column.
	forms := map[string]string{}
	checked, zeros := 0, 0
	for ti, tbl := range tables {
		if tbl.Class != "money" {
			continue
		}
		bodyTop := 4 + len(tbl.Head)
		for i, r := range tbl.Rows {
			if r.Sign != 1 && r.Sign != -1 {
				t.Errorf("%s row %q: sign %d", tbl.ID, r.Header.Text, r.Sign)
			}
			for k, c := range r.Cells {
				if (c.Col != "deviation" && c.Col != "period_deviation") || c.Number == nil {
					continue
				}
				at := cellRef(k+2, bodyTop+i)
				formula, _ := f.GetCellFormula(sheets[ti], at)
				m := ref.FindStringSubmatch(formula)
				if m == nil {
					t.Errorf("%s %s (%s, %s): formula %q, want a difference of two cells", sheets[ti], at, r.Header.Text, c.Col, formula)
					continue
				}
				row := strconv.Itoa(bodyTop + i)
				if m[2] != row || m[4] != row {
					t.Errorf("%s %s: =%s compares other rows", sheets[ti], at, formula)
				}
				key := tbl.ID + " " + c.Col + " sign " + strconv.Itoa(r.Sign)
				form := m[1] + "-" + m[3]
				if prev, ok := forms[key]; ok && prev != form {
					t.Errorf("%s %s (%s): =%s, but other rows of %s have %s", sheets[ti], at, r.Header.Text, formula, key, prev)
				}
				forms[key] = form
				// Computed from the sheet's values, as Excel would.
				value := func(cell string) float64 {
					s, _ := f.GetCellValue(sheets[ti], cell, excelize.Options{RawCellValue: true})
					v, err := strconv.ParseFloat(s, 64)
					if err != nil {
						t.Fatalf("%s %s: %q is no number", sheets[ti], cell, s)
					}
					return v
				}
				got := value(m[1]+m[2]) - value(m[3]+m[4])
				shown := htmlCell(t, string(page), r.ID, c.Col)
				want, err := strconv.ParseFloat(strings.NewReplacer("\u00a0", "", " ", "", "−", "-", ",", ".").Replace(shown), 64)
				if err != nil {
					t.Fatalf("%s %s: the HTML shows %q", r.ID, c.Col, shown)
				}
				if math.Abs(got-want) > 1e-9 {
					t.Errorf("%s %s (%s): =%s gives %v, the HTML report shows %s", sheets[ti], at, r.Header.Text, formula, got, shown)
				}
				checked++
				if want == 0 {
					zeros++
				}
			}
		}
	}
	if checked == 0 || zeros == 0 {
		t.Errorf("%d deviations checked, %d of them 0; want some of each", checked, zeros)
	}
	if forms["tabell-drift deviation sign -1"] != "B-C" || forms["tabell-drift deviation sign 1"] != "C-B" {
		t.Errorf("operating statement deviations %q", forms)
	}
	t.Logf("%d deviations checked, %d of them 0; forms %v", checked, zeros, forms)
}

// htmlCell returns the text of the cell in column col of the row with the given ID in the
// rendered HTML report.
func htmlCell(t *testing.T, page, rowID, col string) string {
	t.Helper()
	i := strings.Index(page, `<tr id="`+rowID+`"`)
	if i < 0 {
		t.Fatalf("the HTML report has no row %s", rowID)
	}
	tr := page[i:]
	tr = tr[:strings.Index(tr, "</tr>")]
	m := regexp.MustCompile(`<td data-col="` + col + `"[^>]*>([^<]*)</td>`).FindStringSubmatch(tr)
	if m == nil {
		t.Fatalf("the HTML row %s has no cell %s", rowID, col)
	}
	return html.UnescapeString(m[1])
}

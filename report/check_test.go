package report_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
)

func demoDataset(t testing.TB) *tertial.Dataset {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestCheckFindsEachKind breaks the demo in each way tertial check looks for and expects
// one finding that says where and what.
func TestCheckFindsEachKind(t *testing.T) {
	for _, c := range []struct {
		name   string
		break_ func(ds *tertial.Dataset)
		want   string
	}{
		{"goal without analysis", func(ds *tertial.Dataset) { ds.Goal("nm-skattemedel").Followups[0].Analysis = "" },
			"mål nm-skattemedel (Skattemedel används effektivt): saknar analys"},
		{"goal without follow-up", func(ds *tertial.Dataset) { ds.Goal("nm-trygga").Followups = nil },
			"mål nm-trygga (Huddingeborna är trygga): saknar analys och bedömning för perioden"},
		{"assignment without status", func(ds *tertial.Dataset) { ds.Assignments[0].Followups[0].Status = "" },
			"uppdrag " + "%s" + ": saknar status"},
		{"assignment without comment", func(ds *tertial.Dataset) { ds.Assignments[1].Followups[0].Comment = " " },
			": saknar kommentar"},
		{"indicator without value or note", func(ds *tertial.Dataset) {
			for i := range ds.Indicators {
				if ds.Indicators[i].ID == "resultat-exkl-exploatering" {
					ds.Indicators[i].Values = ds.Indicators[i].Values[:2]
					ds.Indicators[i].Note = ""
				}
			}
		}, "indikator resultat-exkl-exploatering (Resultat exkl exploatering): inget värde för 2021 och ingen anteckning om varför"},
		{"row without forecast", func(ds *tertial.Dataset) {
			delete(ds.Period("ks", "2021-08").MoneyTables[0].Rows[0].Amounts, tertial.ColForecast)
		}, "tabell drift, rad intakter (Verksamhetens intäkter): saknar prognos"},
		{"missing text", func(ds *tertial.Dataset) {
			p := ds.Period("ks", "2021-08")
			p.Texts = p.Texts[1:]
		}, `perioden har ingen text "sammanfattning-namndmal"`},
		{"missing money table", func(ds *tertial.Dataset) {
			p := ds.Period("ks", "2021-08")
			p.MoneyTables = p.MoneyTables[1:]
		}, `perioden har ingen pengatabell "drift"`},
		{"empty text", func(ds *tertial.Dataset) { ds.Period("ks", "2021-08").Texts[1].Body = "" },
			"är tom"},
		{"control without status", func(ds *tertial.Dataset) { ds.Controls[0].Followups = nil },
			"systematisk kontroll " + "%s" + ": saknar status och kommentar för perioden"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds := demoDataset(t)
			before, err := report.Check(ds, "ks", "2021-08")
			if err != nil {
				t.Fatal(err)
			}
			c.break_(ds)
			after, err := report.Check(ds, "ks", "2021-08")
			if err != nil {
				t.Fatal(err)
			}
			want := c.want
			if strings.Contains(want, "%s") {
				switch {
				case strings.HasPrefix(c.name, "assignment"):
					want = strings.Replace(want, "%s", ds.Assignments[0].ID+" ("+ds.Assignments[0].Title+")", 1)
				default:
					want = strings.Replace(want, "%s", ds.Controls[0].ID, 1)
				}
			}
			var added []string
			seen := map[string]int{}
			for _, f := range before {
				seen[f.String()]++
			}
			for _, f := range after {
				if seen[f.String()] > 0 {
					seen[f.String()]--
					continue
				}
				added = append(added, f.String())
			}
			if len(added) != 1 || !strings.Contains(added[0], want) {
				t.Errorf("new findings %q, want one containing %q", added, want)
			}
		})
	}
}

func TestCheckUnknownPeriod(t *testing.T) {
	ds := demoDataset(t)
	if _, err := report.Check(ds, "ks", "1999-01"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
		t.Errorf("unknown period: %v", err)
	}
	if _, err := report.Check(ds, "xx", "2021-08"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
		t.Errorf("unknown unit: %v", err)
	}
}

// TestCheckUnmappedAccounts: ledger accounts that no rule of the table's mapping maps are
// listed with their amounts in kronor, and the report still builds from the ledger.
func TestCheckUnmappedAccounts(t *testing.T) {
	ds := demoDataset(t)
	per := ds.Period("ks", "2021-08")
	per.MoneyTables[0].Mapping = []tertial.AccountRule{
		{Row: "intakter", Accounts: []tertial.AccountRange{{From: "3", To: "3"}}},
		{Row: "personal", Accounts: []tertial.AccountRange{{From: "5", To: "5"}}},
	}
	ds.Ledger = &tertial.LedgerData{Outcome: []tertial.LedgerEntry{
		{Unit: "ks", Account: "3110", Month: 202103, Amount: -100000},
		{Unit: "ks", Account: "7010", Month: 202104, Amount: 123456789},
		{Unit: "ks", Account: "8010", Month: 202104, Amount: 5}, // class 8: not a board's
	}}
	findings, err := report.Check(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		if strings.Contains(f.What, "mappas inte") {
			got = append(got, f.String())
		}
	}
	want := "tabell drift, konto 7010: 1 234 567,89 kr bokfört under perioden"
	if len(got) != 1 || !strings.HasPrefix(strings.ReplaceAll(got[0], "\u00a0", " "), want) {
		t.Errorf("got %q, want one finding starting %q", got, want)
	}
	if _, err := report.Build(ds, "ks", "2021-08"); err != nil {
		t.Fatal(err)
	}
}

// TestCheckPriorYearProfileMissing: a table periodised by last year's monthly profile
// without last year's ledger is listed (its budget is spread evenly instead), and is not
// once last year's outcome is imported.
func TestCheckPriorYearProfileMissing(t *testing.T) {
	ds := demoDataset(t)
	ds.Period("ks", "2021-08").MoneyTables[0].Periodisation = tertial.PeriodisePriorYear
	count := func() int {
		t.Helper()
		findings, err := report.Check(ds, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range findings {
			if f.Where == "tabell drift" && strings.Contains(f.What, "bokföringen för 2020 är inte inläst") {
				n++
			}
		}
		return n
	}
	if n := count(); n != 1 {
		t.Errorf("without a ledger: %d findings, want 1", n)
	}
	ds.Ledger = &tertial.LedgerData{Outcome: []tertial.LedgerEntry{{Unit: "ks", Account: "5010", Month: 202106, Amount: 100}}}
	if n := count(); n != 1 {
		t.Errorf("with only this year's ledger: %d findings, want 1", n)
	}
	ds.Ledger.Outcome = append(ds.Ledger.Outcome, tertial.LedgerEntry{Unit: "ks", Account: "5010", Month: 202006, Amount: 100})
	if n := count(); n != 1 {
		t.Errorf("with last year's ledger through June only: %d findings, want 1", n)
	}
	ds.Ledger.Outcome = append(ds.Ledger.Outcome, tertial.LedgerEntry{Unit: "ks", Account: "5010", Month: 202012, Amount: 100})
	if n := count(); n != 0 {
		t.Errorf("with last year's ledger: %d findings, want 0", n)
	}
}

// TestCheckLedgerChart: a unit whose ledger of the year (or the year before) comes from
// a file in another chart than Kommun-Bas is listed; Kommun-Bas, an unstated chart, other
// units and older years are not.
func TestCheckLedgerChart(t *testing.T) {
	ds := demoDataset(t)
	ds.Ledger = &tertial.LedgerData{
		Outcome: []tertial.LedgerEntry{{Unit: "ks", Account: "5010", Month: 202106, Amount: 100}},
		Charts: []tertial.LedgerChart{
			{Unit: "ks", Source: "sie:Fortnox", Year: 2021, Chart: "EUBAS97"},
			{Unit: "ks", Source: "sie:Raindance", Year: 2020, Chart: "BAS2008"},
			{Unit: "ks", Source: "sie:Unit4 ERP", Year: 2021, Chart: "KBAS2021"},
			{Unit: "ks", Source: "sie:Visma", Year: 2021, Chart: "Kommun-Bas 13"},
			{Unit: "ks", Source: "sie:Personec", Year: 2021, Chart: ""},
			{Unit: "ks", Source: "sie:Gammal", Year: 2019, Chart: "BAS95"},
			{Unit: "bun", Source: "sie:Fortnox", Year: 2021, Chart: "EUBAS97"},
		},
	}
	findings, err := report.Check(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		if strings.Contains(f.What, "#KPTYP") {
			got = append(got, f.String())
		}
	}
	want := []string{
		"bokföringen sie:Fortnox 2021: är inläst från en SIE-fil med kontoplanen EUBAS97 (#KPTYP), inte Kommun-Bas",
		"bokföringen sie:Raindance 2020: är inläst från en SIE-fil med kontoplanen BAS2008 (#KPTYP), inte Kommun-Bas",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %d findings", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d: %q, want it to start %q", i, got[i], want[i])
		}
	}
}

// newFindings returns the findings of the demo's period after change that it did not have
// before, as strings, keeping those that contain filter.
func newFindings(t *testing.T, change func(ds *tertial.Dataset), filter string) []string {
	t.Helper()
	ds := demoDataset(t)
	before, err := report.Check(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	change(ds)
	after, err := report.Check(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, f := range before {
		seen[f.String()]++
	}
	var added []string
	for _, f := range after {
		if seen[f.String()] > 0 {
			seen[f.String()]--
			continue
		}
		if strings.Contains(f.String(), filter) {
			added = append(added, f.String())
		}
	}
	return added
}

func findingsContaining(t *testing.T, ds *tertial.Dataset, filter string) []string {
	t.Helper()
	findings, err := report.Check(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range findings {
		if strings.Contains(f.String(), filter) {
			out = append(out, f.String())
		}
	}
	return out
}

// TestCheckHiddenContent: a text, money table or free table no section names, and the
// goal tree and internal control without their sections, are each listed by kind, ID and
// title; the demo, whose template shows everything, has none.
func TestCheckHiddenContent(t *testing.T) {
	if got := findingsContaining(t, demoDataset(t), "visas inte i rapporten"); len(got) != 0 {
		t.Errorf("demo: %q", got)
	}
	t.Run("period content", func(t *testing.T) {
		var ds *tertial.Dataset
		got := newFindings(t, func(d *tertial.Dataset) {
			ds = d
			p := d.Period("ks", "2021-08")
			p.Texts = append(p.Texts, tertial.TextSection{ID: "glomd", Title: "Glömd text", Body: "Ordet zebrafink står bara här."})
			mt := p.MoneyTables[0]
			mt.ID, mt.Title = "drift-kopia", "Driftredovisning, kopia"
			p.MoneyTables = append(p.MoneyTables, mt)
			ft := p.FreeTables[0]
			ft.ID, ft.Title = "covid-kopia", "Covid-19, kopia"
			p.FreeTables = append(p.FreeTables, ft)
		}, "visas inte")
		want := []string{
			"text glomd (Glömd text): visas inte i rapporten: inget avsnitt i mallen delarsrapport (Delårsrapport) visar texten",
			"tabell drift-kopia (Driftredovisning, kopia): visas inte i rapporten",
			"tabell covid-kopia (Covid-19, kopia): visas inte i rapporten",
		}
		if len(got) != len(want) {
			t.Fatalf("got %q, want %d findings", got, len(want))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("finding %d: %q, want it to start %q", i, got[i], want[i])
			}
		}
		// The report itself agrees: the text is nowhere in it.
		doc, err := report.Build(ds, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		if containsText(doc.Sections, "zebrafink") {
			t.Error("the report shows the text check calls hidden")
		}
	})
	t.Run("goal tree and internal control", func(t *testing.T) {
		ds := demoDataset(t)
		tmpl := ds.Template("delarsrapport")
		tmpl.Sections = dropKinds(tmpl.Sections, tertial.SectionGoals, tertial.SectionIndicatorCharts, tertial.SectionControls)
		scope := tertial.NewScope(ds, ds.Unit("ks"))
		goals, inds, assigns := 0, 0, 0
		var walk func(parent string)
		walk = func(parent string) {
			for _, g := range scope.Children(parent) {
				goals++
				inds += len(scope.Indicators(g.ID))
				assigns += len(scope.Assignments(g.ID))
				walk(g.ID)
			}
		}
		walk("")
		controls := 0
		for _, c := range ds.Controls {
			if scope.Includes(c.Unit) {
				controls++
			}
		}
		count := map[string]int{}
		for _, f := range findingsContaining(t, ds, "visas inte i rapporten") {
			kind, _, _ := strings.Cut(f, " ")
			if kind == "systematisk" {
				kind = "kontroll"
			}
			count[kind]++
		}
		want := map[string]int{"mål": goals, "indikator": inds, "uppdrag": assigns, "kontroll": controls}
		for k, n := range want {
			if n == 0 || count[k] != n {
				t.Errorf("%s: %d findings, want %d (one per item in scope)", k, count[k], n)
			}
		}
		a := ds.Assignments[0]
		wantAssign := "uppdrag " + a.ID + " (" + a.Title + "): visas inte i rapporten: mallen delarsrapport (Delårsrapport) har inget avsnitt goals"
		if got := findingsContaining(t, ds, wantAssign); len(got) != 1 {
			t.Errorf("no finding %q", wantAssign)
		}
	})
	t.Run("indicator charts show indicators", func(t *testing.T) {
		ds := demoDataset(t)
		tmpl := ds.Template("delarsrapport")
		tmpl.Sections = dropKinds(tmpl.Sections, tertial.SectionGoals)
		// An indicator with values for two years has a chart, so it is shown; one with
		// fewer has none.
		doc, err := report.Build(ds, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		hidden := findingsContaining(t, ds, "visas inte i rapporten")
		shownByChart, listedCount := 0, 0
		for _, ind := range ds.Indicators {
			listed := false
			for _, f := range hidden {
				if strings.HasPrefix(f, "indikator "+ind.ID+" (") {
					listed = true
				}
			}
			charted := hasChart(doc.Sections, "diagram-"+ind.ID)
			if listed && charted {
				t.Errorf("indicator %s has a chart but is listed as hidden", ind.ID)
			}
			if charted {
				shownByChart++
			}
			if listed {
				listedCount++
			}
		}
		if shownByChart == 0 || listedCount == 0 {
			t.Errorf("%d indicators charted, %d listed: the demo should have both", shownByChart, listedCount)
		}
	})
}

func dropKinds(ss []tertial.Section, kinds ...tertial.SectionKind) []tertial.Section {
	var out []tertial.Section
	for _, s := range ss {
		drop := false
		for _, k := range kinds {
			drop = drop || s.Kind == k
		}
		if !drop {
			s.Sections = dropKinds(s.Sections, kinds...)
			out = append(out, s)
		}
	}
	return out
}

func containsText(ss []*report.Section, word string) bool {
	for _, s := range ss {
		for _, b := range s.Blocks {
			if m, ok := b.(*report.Markdown); ok && strings.Contains(m.Text, word) {
				return true
			}
		}
		if containsText(s.Sections, word) {
			return true
		}
	}
	return false
}

func hasChart(ss []*report.Section, id string) bool {
	for _, s := range ss {
		for _, b := range s.Blocks {
			if c, ok := b.(*report.Chart); ok && c.ID == id {
				return true
			}
		}
		if hasChart(s.Sections, id) {
			return true
		}
	}
	return false
}

// TestPDFTableMinWidth: a one-column table needs its header's width in Liberation Sans
// Bold at the table's 9,2 pt, with the slack, plus the cell padding; a figure does not
// wrap, a text wraps at its spaces, and a header over two columns widens them evenly.
func TestPDFTableMinWidth(t *testing.T) {
	const size, slack, pad = 9.2, 1.03, 9.0
	head := &report.Table{Head: [][]report.HeadCell{{{Text: "MMMM"}}}}
	if w, _, _ := report.PDFTableMinWidth(head); !near(w, 4*0.833*size*slack+pad) {
		t.Errorf("bold MMMM: %.2f pt", w)
	}
	cells := &report.Table{Rows: []report.Row{{Header: report.Cell{Text: "ii ii ii"}, Cells: []report.Cell{{Text: "1\u00a0000", Numeric: true}}}}}
	w, widest, _ := report.PDFTableMinWidth(cells)
	if want := (2*0.222*size*slack + pad) + ((4*0.556+0.278)*size*slack + pad); !near(w, want) || widest != 1 {
		t.Errorf("ii ii ii | 1 000: %.2f pt, widest %d, want %.2f pt, widest 1", w, widest, want)
	}
	span := &report.Table{Head: [][]report.HeadCell{{{Text: "WWWWWWWWWW", ColSpan: 2, Numeric: true}}},
		Rows: []report.Row{{Header: report.Cell{Text: "i"}, Cells: []report.Cell{{Text: "i"}}}}}
	if w, _, _ := report.PDFTableMinWidth(span); !near(w, 10*0.944*size*slack+pad) {
		t.Errorf("spanning header: %.2f pt", w)
	}
	if want := (210 - 36) * 72 / 25.4; !near(report.PDFTextWidth, want) {
		t.Errorf("text width %.2f pt, want %.2f", report.PDFTextWidth, want)
	}
}

func near(a, b float64) bool { return a-b < 0.01 && b-a < 0.01 }

// TestCheckTableTooWide: a free table of twelve columns with long headers does not fit an
// A4 page and is named with its section; the demo's money, free and indicator tables fit.
// The demo's risk and control tables do not: their cells' CSS minimum width (8rem) makes
// them about 190 and 200 mm wide, and Chromium then prints the whole demo PDF at about
// 90 % (measured: "Kommunstyrelsen" in 10 pt body text is 72,17 pt wide in the PDF,
// 80,02 pt by Liberation Sans' widths).
func TestCheckTableTooWide(t *testing.T) {
	ds := demoDataset(t)
	wide := findingsContaining(t, ds, "för bred för en A4-sida")
	if len(wide) != 2 || !strings.Contains(wide[0], "tabell «Riskreducerande åtgärder»") || !strings.Contains(wide[1], "tabell «Systematiska kontroller»") {
		t.Errorf("demo: %q, want the risk and control tables only", wide)
	}
	got := newFindings(t, func(ds *tertial.Dataset) {
		p := ds.Period("ks", "2021-08")
		ft := &p.FreeTables[0] // covid
		row := map[string]tertial.Cell{"post": {Text: "Hemtjänst"}}
		for i := range 12 {
			id := fmt.Sprintf("m%d", i)
			ft.Columns = append(ft.Columns, tertial.FreeColumn{ID: id, Label: fmt.Sprintf("Månadsuppföljning %d", i+1), Type: tertial.ColAmount})
			row[id] = tertial.Cell{Amount: 123456700}
		}
		ft.Rows = append(ft.Rows, tertial.FreeRow{ID: "hemtjanst", Cells: row})
	}, "för bred")
	if len(got) != 1 || !strings.HasPrefix(got[0], "avsnitt «Covid-19», tabell «Covid-19»: är för bred för en A4-sida i PDF:en: den behöver minst") {
		t.Errorf("got %q, want one finding for the covid table", got)
	}
}

// TestCheckHalfEmptySums: a free-table column summed with rows that have no value in it,
// and a money table whose total adds a column some rows lack, name the table, the column
// and the empty rows; the demo's complete tables give none, and a column no row has is
// not a half-empty sum.
func TestCheckHalfEmptySums(t *testing.T) {
	if got := findingsContaining(t, demoDataset(t), "summan «"); len(got) != 0 {
		t.Errorf("demo: %q", got)
	}
	got := newFindings(t, func(ds *tertial.Dataset) {
		p := ds.Period("ks", "2021-08")
		delete(p.FreeTables[0].Rows[1].Cells, "utfall")
		delete(p.MoneyTables[0].Rows[0].Amounts, tertial.ColPeriodBudget)
	}, "summan")
	want := []string{
		"tabell drift (Driftredovisning), kolumn Budget perioden: summan «Årets resultat» räknar med raden intakter (Verksamhetens intäkter), som saknar belopp, medan",
		"tabell covid (Covid-19), kolumn utfall (Utfall perioden): summan «Minskade nettokostnader (+) /ökade nettokostnader (-)» räknar med raden personalkostnader (Personalkostnader (minskade + /ökade -)), som saknar värde, medan 2 andra rader har värden",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %d findings", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d: %q, want it to start %q", i, got[i], want[i])
		}
	}
	none := newFindings(t, func(ds *tertial.Dataset) {
		for _, r := range ds.Period("ks", "2021-08").FreeTables[0].Rows {
			delete(r.Cells, "utfall")
		}
	}, "summan")
	if len(none) != 0 {
		t.Errorf("a column with no values: %q", none)
	}
}

// TestCheckTargetForms: a stage target in another unit than the indicator's, a change
// target from a year that is not measured, and a relative target on an indicator without
// a Kolada KPI are each listed once, naming indicator and target; the demo's targets in
// the indicators' own units are not.
func TestCheckTargetForms(t *testing.T) {
	if got := findingsContaining(t, demoDataset(t), "har enheten"); len(got) != 0 {
		t.Errorf("demo: %q", got)
	}
	set := func(ds *tertial.Dataset, id, target string) *tertial.Indicator {
		for i := range ds.Indicators {
			ind := &ds.Indicators[i]
			if ind.ID == id {
				tg, err := tertial.ParseTarget(target)
				if err != nil {
					t.Fatal(err)
				}
				ind.TargetEntry(2021).Target = tg
				return ind
			}
		}
		t.Fatalf("no indicator %s", id)
		return nil
	}
	for _, c := range []struct {
		name   string
		change func(ds *tertial.Dataset)
		want   string
	}{
		{"other unit", func(ds *tertial.Dataset) { set(ds, "sjukfranvaro", "<7,9 kr") },
			`indikator sjukfranvaro (Sjukfrånvaro): etappmålet "<7,9 kr" har enheten "kr" men indikatorn mäts i "%"`},
		{"change from a year not measured", func(ds *tertial.Dataset) {
			ind := set(ds, "sjukfranvaro", "-0,5 %")
			ind.ValueFor(2020).Value, ind.ValueFor(2020).Missing = nil, tertial.MissingNotMeasured
		}, `indikator sjukfranvaro (Sjukfrånvaro): etappmålet "−0,5 %" är en förändring från värdet för 2020, men 2020 mäts inte`},
		{"change from a base year not measured", func(ds *tertial.Dataset) {
			ind := set(ds, "sjukfranvaro", "Minska jfr 2019")
			ind.ValueFor(2019).Value, ind.ValueFor(2019).Missing = nil, tertial.MissingNotMeasured
		}, `indikator sjukfranvaro (Sjukfrånvaro): etappmålet "Minska jfr 2019" är en förändring från värdet för 2019, men 2019 mäts inte`},
		{"percentage points of kilometres", func(ds *tertial.Dataset) { set(ds, "atgardad-cykelvag", "+2 procentenheter") },
			`indikator atgardad-cykelvag (Åtgärdad cykelväg): etappmålet "+2 procentenheter" är i procentenheter men indikatorn mäts i "km"`},
		{"pooled over a year not measured", func(ds *tertial.Dataset) {
			ind := set(ds, "sjukfranvaro", "≤8 % över 2020–2022")
			ind.ValueFor(2020).Value, ind.ValueFor(2020).Missing = nil, tertial.MissingNotMeasured
		}, `indikator sjukfranvaro (Sjukfrånvaro): etappmålet "≤8 % över 2020–2022" väger samman 2020–2022, men 2020 mäts inte, så målet kan aldrig bedömas`},
		{"pooled without numerators and denominators", func(ds *tertial.Dataset) { set(ds, "sjukfranvaro", "≤8 % över 2020–2022") },
			`indikator sjukfranvaro (Sjukfrånvaro): etappmålet "≤8 % över 2020–2022" kan inte bedömas: det sammanvägda utfallet för 2020–2021 kan inte beräknas utan täljare och nämnare för 2020 och 2021`},
		{"relative without Kolada", func(ds *tertial.Dataset) { set(ds, "sjukfranvaro", "Länssnitt").KoladaKPI = "" },
			`indikator sjukfranvaro (Sjukfrånvaro): etappmålet "Länssnitt" kan inte bedömas: indikatorn har ingen Kolada-KPI`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := newFindings(t, c.change, "etappmålet")
			if len(got) != 1 || !strings.Contains(got[0], c.want) {
				t.Errorf("got %q, want one containing %q", got, c.want)
			}
		})
	}
	// The same unit written another way is the same unit.
	if got := newFindings(t, func(ds *tertial.Dataset) { set(ds, "sjukfranvaro", "<7,9 procent") }, "har enheten"); len(got) != 0 {
		t.Errorf("procent for %%: %q", got)
	}
	// A change in percent of the base value fits any unit; one in points fits percent.
	for id, target := range map[string]string{"atgardad-cykelvag": "+5 %", "sjukfranvaro": "−0,5 procentenheter"} {
		if got := newFindings(t, func(ds *tertial.Dataset) { set(ds, id, target) }, "men indikatorn mäts i"); len(got) != 0 {
			t.Errorf("%s %q: %q", id, target, got)
		}
	}
}

// TestCheckIssue13: the demo with a hidden text, a too-wide table and a half-empty sum
// warns about each.
func TestCheckIssue13(t *testing.T) {
	got := newFindings(t, func(ds *tertial.Dataset) {
		p := ds.Period("ks", "2021-08")
		p.Texts = append(p.Texts, tertial.TextSection{ID: "dold", Title: "Dold text", Body: "Text."})
		ft := &p.FreeTables[1] // statsbidrag
		for i := range 10 {
			ft.Columns = append(ft.Columns, tertial.FreeColumn{ID: fmt.Sprintf("x%d", i), Label: "Kommunövergripande", Type: tertial.ColText})
		}
		delete(p.FreeTables[0].Rows[0].Cells, "prognos")
	}, "")
	for _, want := range []string{"text dold (Dold text): visas inte", "tabell «Riktade statsbidrag»: är för bred", "kolumn prognos (Prognos helår): summan"} {
		n := 0
		for _, f := range got {
			if strings.Contains(f, want) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d findings containing %q in %q", n, want, got)
		}
	}
}

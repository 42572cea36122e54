package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
)

// provby is Provby's dataset, whose money tables have declared columns: income, cost and
// net per activity (verksamheter) and investments with a revised budget, the outcome, its
// deviation, what remains and the share used (investeringar).
func provby(t *testing.T) *tertial.Dataset {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "provby-kolumner.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Decode(data, "provby-kolumner.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func provbyTable(ds *tertial.Dataset, id string) *tertial.MoneyTable {
	per := ds.Period("bn", "2024-08")
	for i := range per.MoneyTables {
		if per.MoneyTables[i].ID == id {
			return &per.MoneyTables[i]
		}
	}
	return nil
}

// blocksOf returns the blocks of the document's section with the title.
func blocksOf(t *testing.T, doc *report.Document, title string) []report.Block {
	t.Helper()
	var find func(ss []*report.Section) *report.Section
	find = func(ss []*report.Section) *report.Section {
		for _, s := range ss {
			if s.Title == title {
				return s
			}
			if f := find(s.Sections); f != nil {
				return f
			}
		}
		return nil
	}
	s := find(doc.Sections)
	if s == nil {
		t.Fatalf("the report has no section %q", title)
	}
	return s.Blocks
}

func chartValues(s report.ChartSeries) []string {
	var out []string
	for _, v := range s.Values {
		out = append(out, v.String())
	}
	return out
}

// TestDeclaredMoneyChart: the chart of a declared table compares the operands of its
// deviation, a revised budget with the outcome, each as the row shows it, with the
// deviation in result sign; a table without such a deviation compares a forecast with the
// budget of the same period; a table with no budget and outcome of the same period gets a
// notice instead of a chart, and tertial check says so.
func TestDeclaredMoneyChart(t *testing.T) {
	ds := provby(t)
	doc, err := report.Build(ds, "bn", "2024-08")
	if err != nil {
		t.Fatal(err)
	}
	blocks := blocksOf(t, doc, "Diagram över investeringarna")
	if len(blocks) != 3 {
		t.Fatalf("investment chart blocks %d, want two charts and their table", len(blocks))
	}
	bars, devs := blocks[0].(*report.Chart), blocks[1].(*report.Chart)
	if !strings.Contains(bars.Title, "reviderad budget och utfall, helår, mnkr") || bars.Series[0].Name != "Reviderad budget" || bars.Series[1].Name != "Utfall" {
		t.Errorf("chart %q, series %q and %q", bars.Title, bars.Series[0].Name, bars.Series[1].Name)
	}
	// Tomter: income shown as stored; badhus and förskolan: expenditure shown positive.
	// The revised budget is budget + ombudgetering; the deviation utfall − revised budget in
	// result sign (positive is better).
	want := map[string][]string{
		"categories": {"Försäljning av tomter", "Badhus", "Förskola Norrby"},
		"budget":     {"12.5", "43.5", "22.5"},
		"actual":     {"4.2", "20.0", "26.3"},
		"deviation":  {"-8.3", "23.5", "-3.8"},
	}
	got := map[string][]string{"categories": bars.Categories, "budget": chartValues(bars.Series[0]),
		"actual": chartValues(bars.Series[1]), "deviation": chartValues(devs.Series[0])}
	for k, w := range want {
		if strings.Join(got[k], "|") != strings.Join(w, "|") {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	if devs.Series[0].Name != "Avvikelse" || !strings.Contains(devs.Title, "avvikelse mot reviderad budget") {
		t.Errorf("deviation chart %q (%q)", devs.Title, devs.Series[0].Name)
	}

	// Income, cost and net only: no pair, a notice, and a finding.
	blocks = blocksOf(t, doc, "Diagram över verksamheterna")
	if n, ok := blocks[0].(*report.Notice); len(blocks) != 1 || !ok || !strings.Contains(n.Text, "ingen budget") {
		t.Errorf("activities' chart: %#v", blocks)
	}
	findings, err := report.Check(ds, "bn", "2024-08")
	if err != nil {
		t.Fatal(err)
	}
	if !containsFinding(findings, "avsnitt money_chart «Diagram över verksamheterna»: ritar inget diagram") {
		t.Errorf("no finding about the chart without a pair: %v", findings)
	}
	if containsFinding(findings, "Diagram över investeringarna") {
		t.Errorf("a finding about the investments' chart: %v", findings)
	}

	// Without the deviation: the forecast against the revised budget of the year, not the
	// adopted budget, nor the outcome of the period against the period's budget.
	inv := provbyTable(ds, "investeringar")
	inv.Declared = []tertial.MoneyColumnDef{
		{ID: "pbud", Kind: tertial.KindPeriodBudget},
		{ID: "utfall", Kind: tertial.KindOutcome},
		{ID: "budget", Kind: tertial.KindBudget},
		{ID: "omb", Kind: tertial.KindBudgetChange},
		{ID: "rev", Kind: tertial.KindRevisedBudget, Of: []tertial.MoneyColumn{"budget", "omb"}},
		{ID: "prognos", Kind: tertial.KindForecast},
	}
	setAll(inv.Rows, "prognos", -10_000_000_00)
	setAll(inv.Rows, "pbud", -1_000_000_00)
	p, ok := report.MoneyChartPair(inv)
	if !ok || p.Budget.ID != "rev" || p.Actual.ID != "prognos" || p.Deviation != nil {
		t.Fatalf("pair %+v, %v: want rev and prognos", p, ok)
	}
	doc, err = report.Build(ds, "bn", "2024-08")
	if err != nil {
		t.Fatal(err)
	}
	devs = blocksOf(t, doc, "Diagram över investeringarna")[1].(*report.Chart)
	// Badhus: forecast −10, revised budget −43.5: 33.5 better than budget.
	if got := chartValues(devs.Series[0]); got[1] != "33.5" {
		t.Errorf("deviations %v, want badhus 33.5", got)
	}
}

func setAll(rows []tertial.MoneyRow, col tertial.MoneyColumn, a tertial.Amount) {
	for i := range rows {
		if rows[i].Group {
			setAll(rows[i].Rows, col, a)
		} else {
			rows[i].Amounts[col] = a
		}
	}
}

func containsFinding(fs []report.Finding, s string) bool {
	for _, f := range fs {
		if strings.Contains(f.String(), s) {
			return true
		}
	}
	return false
}

// TestDeclaredNetCostTrend: the net cost trend of a declared table takes this year from
// its net of the period (income + cost), last year from its prior outcome and earlier
// years from the history; with last year's income and costs instead, from their net.
func TestDeclaredNetCostTrend(t *testing.T) {
	ds := provby(t)
	tbl := provbyTable(ds, "verksamheter")
	rows := compute.NetCostTrend(tbl, 2024, 3, "Summa")
	// Net cost = −(income + cost): skola −(120 − 900) = 780; the total adds the rows.
	want := map[string][3]int64{
		"skola": {700, 760, 780}, "vard": {1010, 1090, 1140}, "ifo": {330, 350, 343}, "": {2040, 2200, 2263},
	}
	for _, r := range rows {
		w, ok := want[r.ID]
		if !ok {
			t.Errorf("unexpected row %q", r.ID)
			continue
		}
		for i := range w {
			if r.Amounts[i] == nil || *r.Amounts[i] != tertial.Amount(w[i]*1000_00) {
				t.Errorf("%s %d: %v, want %d tkr", r.Label, r.Years[i], r.Amounts[i], w[i])
			}
		}
	}
	// Last year's income and costs and their net, instead of the prior outcome.
	tbl.Declared = append(tbl.Declared[:3],
		tertial.MoneyColumnDef{ID: "fgi", Kind: tertial.KindIncome, Period: tertial.PeriodPriorPeriod},
		tertial.MoneyColumnDef{ID: "fgk", Kind: tertial.KindCost, Period: tertial.PeriodPriorPeriod},
		tertial.MoneyColumnDef{ID: "fgn", Kind: tertial.KindNet, Of: []tertial.MoneyColumn{"fgi", "fgk"}})
	for _, id := range []string{"skola", "vard", "ifo"} {
		delete(findMoneyRow(tbl.Rows, id).Amounts, "fg")
	}
	setAll(tbl.Rows, "fgi", 100_000_00)
	setAll(tbl.Rows, "fgk", -600_000_00)
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatal(ps)
	}
	rows = compute.NetCostTrend(tbl, 2024, 3, "Summa")
	if a := rows[0].Amounts[1]; a == nil || *a != 500_000_00 {
		t.Errorf("skola 2023: %v, want 500 tkr", a)
	}
	// A table with no column of the period or the year before shows only the history, and
	// check says so.
	tbl.Declared = []tertial.MoneyColumnDef{{ID: "intakt", Kind: tertial.KindIncome, Period: tertial.PeriodYear}}
	for _, id := range []string{"skola", "vard", "ifo"} {
		for _, col := range []tertial.MoneyColumn{"kostnad", "fg", "fgi", "fgk"} {
			delete(findMoneyRow(tbl.Rows, id).Amounts, col)
		}
	}
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatal(ps)
	}
	findings, err := report.Check(ds, "bn", "2024-08")
	if err != nil {
		t.Fatal(err)
	}
	if !containsFinding(findings, "avsnitt net_cost_trend «Nettokostnad över tid»: visar bara tidigare års utfall") {
		t.Errorf("no finding about the trend: %v", findings)
	}
}

func findMoneyRow(rows []tertial.MoneyRow, id string) *tertial.MoneyRow {
	for i := range rows {
		if rows[i].ID == id && !rows[i].Group {
			return &rows[i]
		}
		if r := findMoneyRow(rows[i].Rows, id); r != nil {
			return r
		}
	}
	return nil
}

// TestCheckDeclaredTables: tertial check on declared tables: a mapping that fills no
// column, a deviation between columns of different periods, a forecast column with a row
// without forecast, and a sum over a declared column where a row has no amount.
func TestCheckDeclaredTables(t *testing.T) {
	ds := provby(t)
	findings, err := report.Check(ds, "bn", "2024-08")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if strings.Contains(f.Where, "tabell") {
			t.Errorf("a finding about the valid tables: %s", f)
		}
	}

	inv := provbyTable(ds, "investeringar")
	inv.Declared = append(inv.Declared,
		tertial.MoneyColumnDef{ID: "pu", Kind: tertial.KindPeriodOutcome},
		tertial.MoneyColumnDef{ID: "avv2", Kind: tertial.KindDeviation, Heading: "Avvikelse mot årsbudget", Of: []tertial.MoneyColumn{"budget", "pu"}},
		tertial.MoneyColumnDef{ID: "prognos", Kind: tertial.KindForecast})
	setAll(inv.Rows, "prognos", -1_000_000_00)
	delete(findMoneyRow(inv.Rows, "badhus").Amounts, "prognos")
	delete(findMoneyRow(inv.Rows, "forskola").Amounts, "omb")
	verk := provbyTable(ds, "verksamheter")
	verk.Declared = []tertial.MoneyColumnDef{{ID: "prognos", Kind: tertial.KindForecast}, {ID: "omb", Kind: tertial.KindBudgetChange}}
	for _, id := range []string{"skola", "vard", "ifo"} {
		findMoneyRow(verk.Rows, id).Amounts = map[tertial.MoneyColumn]tertial.Amount{"prognos": -1, "omb": 0}
	}
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatal(ps)
	}
	findings, err = report.Check(ds, "bn", "2024-08")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"tabell verksamheter (Intäkter och kostnader per verksamhet): har en kontomappning, men ingen av tabellens kolumner fylls från bokföringen",
		"tabell investeringar (Investeringar), kolumn avv2 (Avvikelse mot årsbudget): avvikelsen jämför budget (helår) med pu (perioden)",
		"tabell investeringar, rad badhus (Badhus): saknar prognos",
		"tabell investeringar (Investeringar), kolumn Ombudgetering (helår): summan «Netto investeringar» räknar med raden forskola (Förskola Norrby), som saknar belopp",
	} {
		if !containsFinding(findings, want) {
			t.Errorf("no finding %q in:\n%v", want, findings)
		}
	}
	// The deviation of the revised budget and the outcome of the same period is fine.
	if containsFinding(findings, "kolumn avv (") {
		t.Errorf("a finding about avv: %v", findings)
	}
}

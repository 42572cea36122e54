package demo_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// reportParts returns the tables of a built report by caption prefix and its paragraphs.
func reportParts(t *testing.T, ds *tertial.Dataset, unit, period string) (tables map[string]*report.Table, paragraphs []string) {
	t.Helper()
	doc, err := report.Build(ds, unit, period)
	if err != nil {
		t.Fatal(err)
	}
	tables = map[string]*report.Table{}
	var walk func(bs []report.Block)
	walk = func(bs []report.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *report.Section:
				walk(b.Blocks)
			case *report.Table:
				tables[b.Caption] = b
			case *report.Paragraph:
				paragraphs = append(paragraphs, b.Text)
			}
		}
	}
	for _, s := range doc.Sections {
		walk(s.Blocks)
	}
	return tables, paragraphs
}

// cellOf returns the text of a row's cell in a column, the row found by its ID's end.
func cellOf(t *testing.T, tb *report.Table, rowEnd, col string) string {
	t.Helper()
	for _, r := range tb.Rows {
		if strings.HasSuffix(r.ID, "-"+rowEnd) {
			for _, c := range r.Cells {
				if c.Col == col {
					return c.Text
				}
			}
		}
	}
	t.Fatalf("%s: no cell %s/%s", tb.Caption, rowEnd, col)
	return ""
}

// roundTenths is öre as tenths of mnkr, rounded half away from zero.
func roundTenths(ore int64) int64 {
	const unit = 10_000_000 // öre in 0,1 mnkr
	if ore < 0 {
		return -((-ore + unit/2) / unit)
	}
	return (ore + unit/2) / unit
}

// TestEkbyForecast: kommunfullmäktige's delårsrapport per 31 August 2025 shows the
// forecast for the whole year the dataset enters, beside the budget, with the deviation;
// the balance requirement and the financial goals are judged on it. Without a forecast,
// `tertial check` warns and the balance requirement says it cannot be judged.
func TestEkbyForecast(t *testing.T) {
	ds := ekbyLoad(t, ekbyFiles(t))
	entered := ds.Statements.ForecastOf(202508)
	if len(entered) != 7 {
		t.Fatalf("the demo's forecast per 2025-08: %v", entered)
	}
	tables, paras := reportParts(t, ds, "kf", "2025-08")
	rr := tables["Resultaträkning (mnkr)"]
	if rr == nil {
		t.Fatal("no resultaträkning")
	}
	var heads []string
	for _, h := range rr.Head[0] {
		heads = append(heads, h.Text)
	}
	if got := strings.Join(heads, "|"); got != "Belopp i mnkr|Not|jan–aug 2025|jan–aug 2024|Budget 2025|Prognos 2025|Avvikelse mot budget" {
		t.Errorf("columns %s", got)
	}
	var result int64
	for row, a := range entered {
		result += int64(a)
		if got := tenths(t, cellOf(t, rr, row, "forecast")); got != roundTenths(int64(a)) {
			t.Errorf("forecast %s: %d tenths, entered %d öre", row, got, a)
		}
		fc, bud, dev := tenths(t, cellOf(t, rr, row, "forecast")), tenths(t, cellOf(t, rr, row, "budget")), tenths(t, cellOf(t, rr, row, "forecast_deviation"))
		if d := dev - (fc - bud); d < -1 || d > 1 {
			t.Errorf("deviation %s: %d, forecast %d − budget %d", row, dev, fc, bud)
		}
	}
	if got := tenths(t, cellOf(t, rr, "arets-resultat", "forecast")); got != roundTenths(result) {
		t.Errorf("the forecast year's result %d tenths, the entered rows sum to %d öre", got, result)
	}
	br := tables["Balanskravsutredning (mnkr)"]
	if br == nil {
		t.Fatal("no balanskravsutredning")
	}
	if h := br.Head[0][len(br.Head[0])-1].Text; h != "Prognos 2025" {
		t.Errorf("the balanskravsutredning's last column is %q", h)
	}
	if got := tenths(t, cellOf(t, br, "arets-resultat", "2025")); got != roundTenths(result) {
		t.Errorf("the balanskravsutredning's result 2025 %d tenths, want the forecast %d öre", got, result)
	}
	if !containsText(paras, "Balanskravet bedöms bli uppfyllt 2025: enligt helårsprognosen") {
		t.Errorf("no judgement of the balance requirement on the forecast in %q", paras)
	}
	if fs := forecastFindings(t, ds); len(fs) != 0 {
		t.Errorf("with a forecast: %v", fs)
	}

	// Without it: a warning, the period's outcome in the balanskravsutredning, said.
	ds.Statements.Forecast = nil
	fs := forecastFindings(t, ds)
	if len(fs) != 1 || fs[0].Kind != report.FindStatementInterim || fs[0].Blocking() || !strings.Contains(fs[0].Text, "per 2025-08") {
		t.Errorf("without a forecast: %v", fs)
	}
	tables, paras = reportParts(t, ds, "kf", "2025-08")
	if _, ok := tables["Resultaträkning (mnkr)"]; !ok {
		t.Fatal("no resultaträkning")
	}
	for _, h := range tables["Resultaträkning (mnkr)"].Head[0] {
		if strings.Contains(h.Text, "Prognos") {
			t.Errorf("a forecast column without a forecast: %q", h.Text)
		}
	}
	if h := tables["Balanskravsutredning (mnkr)"].Head[0]; h[len(h)-1].Text != "jan–aug 2025" {
		t.Errorf("the balanskravsutredning's last column without a forecast is %q", h[len(h)-1].Text)
	}
	if !containsText(paras, "Balanskravet kan inte bedömas för helåret 2025 eftersom ingen helårsprognos är angiven") {
		t.Errorf("no word of the missing forecast in %q", paras)
	}
}

// forecastFindings are the check's findings of kf/2025-08 about the forecast.
func forecastFindings(t *testing.T, ds *tertial.Dataset) []report.Finding {
	t.Helper()
	fs, err := report.Check(ds, "kf", "2025-08")
	if err != nil {
		t.Fatal(err)
	}
	var out []report.Finding
	for _, f := range fs {
		if strings.Contains(f.Text, "prognos för helåret") {
			out = append(out, f)
		}
	}
	return out
}

func containsText(texts []string, part string) bool {
	for _, s := range texts {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}

// TestEkbyKoncernInterim: the koncern's balance sheet in kf's delårsrapport per 31 August
// 2025 is compared with the koncern's at 31 December 2024, the same column the
// årsredovisning 2025 compares with, while its resultaträkning is compared with January–
// August 2024, not the whole year.
func TestEkbyKoncernInterim(t *testing.T) {
	ds := ekbyLoad(t, ekbyFiles(t))
	interim, err := report.ConsolidatedOf(ds, "kf", ds.Period("kf", "2025-08"))
	if err != nil || interim == nil {
		t.Fatalf("interim: %v", err)
	}
	annual, err := report.ConsolidatedOf(ds, "kf", ds.Period("kf", "2025-12"))
	if err != nil || annual == nil {
		t.Fatalf("annual: %v", err)
	}
	if len(interim.Companies) == 0 || interim.Companies[0].Statements == nil {
		t.Fatal("the company has no statements in the interim koncern")
	}
	for _, id := range []string{"summa-tillgangar", "eget-kapital", "kassa-och-bank", "langfristiga-skulder"} {
		i, _ := interim.Line(id)
		a, _ := annual.Line(id)
		if i.Prior != a.Prior || i.Prior == 0 {
			t.Errorf("%s: the interim koncern compares with %v, the annual with %v at 31 Dec 2024", id, i.Prior, a.Prior)
		}
	}
	i, _ := interim.Line("arets-resultat")
	a, _ := annual.Line("arets-resultat")
	if i.Prior == a.Prior {
		t.Errorf("the interim koncern's result is compared with the whole of 2024 (%v)", a.Prior)
	}
}

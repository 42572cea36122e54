package htmlreport_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

func dec(s string) *tertial.Decimal {
	d := tertial.MustParseDecimal(s)
	return &d
}

var (
	svgText = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)
)

func texts(svg string) []string {
	var out []string
	for _, m := range svgText.FindAllStringSubmatch(svg, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// TestLineChartAxis: the tax rate, 19,87 → 19,77, is drawn on an axis with ticks
// in Swedish format that is broken (marked with the break symbol, its start in the
// description) and spans far more than the 0,1 change; a trend near zero starts at zero
// without a break.
func TestLineChartAxis(t *testing.T) {
	c := &report.Chart{ID: "skatt", Kind: "line", Title: "Skattesats (%)", Unit: "%", Description: "Skattesats (%): 2019 19,87, 2020 19,87, 2021 19,77.",
		Categories: []string{"2019", "2020", "2021"},
		Series:     []report.ChartSeries{{Name: "Skattesats", Values: []*tertial.Decimal{dec("19.87"), dec("19.87"), dec("19.77")}, Labels: []string{"19,87", "19,87", "19,77"}}}}
	svg := string(htmlreport.ChartSVG(c))
	got := strings.Join(texts(svg), "|")
	for _, want := range []string{"15|16|17|18|19|20", "19,87|19,87|19,77", "%"} {
		if !strings.Contains(got, want) {
			t.Errorf("tax-rate chart's texts %q lack %q", got, want)
		}
	}
	if !strings.Contains(svg, `class="axis-break"`) || !strings.Contains(svg, "Värdeaxeln börjar vid 15, inte vid noll.</desc>") {
		t.Errorf("tax-rate chart has no break symbol or does not say where its axis starts:\n%s", svg)
	}
	// The drop of 0,1 is a small part of the plot's height (84 px): under 5 px.
	pts := regexp.MustCompile(`points="[\d.]+,([\d.]+) [\d.]+,([\d.]+) [\d.]+,([\d.]+)"`).FindStringSubmatch(svg)
	if pts == nil {
		t.Fatalf("no polyline of three points:\n%s", svg)
	}
	if a, b := atof(t, pts[2]), atof(t, pts[3]); b-a <= 0 || b-a > 5 {
		t.Errorf("0,1 drop drawn as %.1f px", b-a)
	}

	c.Series[0].Values = []*tertial.Decimal{dec("2"), dec("6"), dec("8")}
	c.Series[0].Labels = []string{"2", "6", "8"}
	svg = string(htmlreport.ChartSVG(c))
	if strings.Contains(svg, "axis-break") || strings.Contains(svg, "Värdeaxeln") || !strings.Contains(strings.Join(texts(svg), "|"), "0|2|4|6|8") {
		t.Errorf("a trend near zero should start at zero without a break: %q", texts(svg))
	}
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	d, err := tertial.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return report.Float(&d)
}

// TestBarChartLabels: bars start at zero on an axis with ticks; a long row label is
// wrapped on word boundaries, every word drawn, none cut.
func TestBarChartLabels(t *testing.T) {
	long := "Samhällsbyggnadsavdelningen för planering, exploatering och mark i Mellersta och Nordvästra Huddinge"
	c := &report.Chart{ID: "drift", Kind: "bar", Title: "Drift", Unit: "tkr", Description: "Drift: …",
		Categories: []string{"Politisk verksamhet", long},
		Series: []report.ChartSeries{
			{Name: "Budget", Values: []*tertial.Decimal{dec("46886"), dec("306648")}, Labels: []string{"46 886", "306 648"}},
			{Name: "Prognos", Values: []*tertial.Decimal{dec("47684"), dec("307649")}, Labels: []string{"47 684", "307 649"}}}}
	svg := string(htmlreport.ChartSVG(c))
	all := texts(svg)
	joined := strings.Join(all, " ")
	for _, w := range strings.Fields(long) {
		if !strings.Contains(joined, w) {
			t.Errorf("label word %q is not drawn: %q", w, all)
		}
	}
	if strings.Contains(joined, "…") {
		t.Errorf("a label of three lines or fewer is abbreviated: %q", all)
	}
	if !strings.Contains(strings.Join(all, "|"), "0|100\u00a0000|200\u00a0000|300\u00a0000|400\u00a0000") {
		t.Errorf("no axis from zero with ticks in Swedish format: %q", all)
	}
	// The long label takes several lines, each under the label column's width.
	lines := 0
	for _, s := range all {
		if strings.Contains(long, s) && s != "" {
			lines++
			if len([]rune(s)) > 36 {
				t.Errorf("label line %q wider than its column", s)
			}
		}
	}
	if lines < 3 {
		t.Errorf("long label in %d lines, want it wrapped", lines)
	}
}

// TestIndicatorGrid: the demo's indicator trends stand in one grid of small charts, each
// with its own axis and its figures' table.
func TestIndicatorGrid(t *testing.T) {
	page := reports(t)["demo"]
	i := strings.Index(page, `<div class="chart-grid">`)
	if i < 0 {
		t.Fatal("no chart grid")
	}
	grid := page[i : i+strings.Index(page[i:], "</section>")]
	cells := strings.Count(grid, `<div class="chart-cell">`)
	if cells < 10 || cells != strings.Count(grid, `<svg role="img"`) || cells != strings.Count(grid, `class="chart-data"`) {
		t.Errorf("grid of %d cells, %d charts, %d tables", cells, strings.Count(grid, `<svg role="img"`), strings.Count(grid, `class="chart-data"`))
	}
	if strings.Count(page, `<div class="chart-grid">`) != 1 {
		t.Errorf("%d grids, want the one indicator_charts section's", strings.Count(page, `<div class="chart-grid">`))
	}
}

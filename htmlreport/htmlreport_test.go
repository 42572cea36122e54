package htmlreport_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

func render(t *testing.T, ds *tertial.Dataset, unit, period string) string {
	t.Helper()
	doc, err := report.Build(ds, unit, period)
	if err != nil {
		t.Fatal(err)
	}
	out, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	again, err := htmlreport.Render(doc)
	if err != nil || !bytes.Equal(out, again) {
		t.Fatal("rendering twice gives different bytes")
	}
	return string(out)
}

func reports(t *testing.T) map[string]string {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{"demo": render(t, ds, "ks", "2021-08")}
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ekby.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ekby, err := dataset.Decode(data, "ekby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ekby.Periods {
		out["ekby "+p.Unit+"/"+p.ID] = render(t, ekby, p.Unit, p.ID)
	}
	out["simrishamn"] = render(t, simrishamn(t), "kfn", "2025")
	for _, d := range demo.All()[1:] {
		ds, err := d.Dataset()
		if err != nil {
			t.Fatal(err)
		}
		out["demo "+d.Name] = render(t, ds, d.Unit, d.Period)
	}
	return out
}

func simrishamn(t *testing.T) *tertial.Dataset {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "simrishamn.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Decode(data, "simrishamn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

var headingRe = regexp.MustCompile(`<h([1-6])[ >]`)

// TestReportStructure: one h1, headings nested without gaps, every table with a caption
// and scoped headers, Swedish, self-contained.
func TestReportStructure(t *testing.T) {
	for name, page := range reports(t) {
		if !strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\"sv\">") {
			t.Errorf("%s: not an HTML page in Swedish", name)
		}
		prev, h1 := 0, 0
		for _, m := range headingRe.FindAllStringSubmatch(page, -1) {
			l, _ := strconv.Atoi(m[1])
			if l == 1 {
				h1++
			}
			if l > prev+1 {
				t.Errorf("%s: h%d after h%d", name, l, prev)
			}
			prev = l
		}
		if h1 != 1 {
			t.Errorf("%s: %d h1", name, h1)
		}
		if n, c := strings.Count(page, "<table"), strings.Count(page, "<caption>"); n == 0 || n != c {
			t.Errorf("%s: %d tables, %d captions", name, n, c)
		}
		if strings.Contains(page, "<th>") || strings.Contains(page, "<th class") {
			t.Errorf("%s: a header cell without scope", name)
		}
		for _, bad := range []string{"<script", "<link", "http://", "https://", "@import", "url(h", "url(/", "url(.", "url('", `url("`} {
			if strings.Contains(page, bad) {
				t.Errorf("%s: contains %q: not self-contained", name, bad)
			}
		}
		if !strings.Contains(page, "@media print") {
			t.Errorf("%s: no print CSS", name)
		}
	}
}

// TestReportFigures: figures are formatted the Swedish way and statuses have words and
// symbols.
func TestReportFigures(t *testing.T) {
	page := reports(t)["demo"]
	for _, want := range []string{
		"<td data-col=\"deviation\" class=\"num\">−31\u00a0840</td>", // computed; the report prints −31 841 (rounding)
		`<td data-col="2021" class="num">5,6 <span class="detail">(prognos)</span>`,
		`<td data-col="2021" class="num">19,77</td>`,
		`<span class="symbol status-good" aria-hidden="true">●</span> Blir klart i år`,
		`<span class="symbol result-misses" aria-hidden="true">✘</span> Uppnår inte etappmålet`,
		`<span class="symbol result-reaches" aria-hidden="true">✔</span> Uppnås`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	if !strings.Contains(page, "\u2212") || strings.Contains(page, ">-3") {
		t.Error("negative figures must use the minus sign")
	}
}

// TestCharts: the charts the template asks for are drawn as SVG images with a title and a
// description that gives every figure, and their figures stand in a table next to them.
func TestCharts(t *testing.T) {
	page := reports(t)["demo"]
	charts := regexp.MustCompile(`<svg role="img" class="chart"[^>]*aria-labelledby="([^" ]+)-titel ([^" ]+)-beskrivning">`).FindAllStringSubmatch(page, -1)
	if len(charts) < 10 {
		t.Fatalf("%d charts, want one per indicator with values and two per money chart", len(charts))
	}
	for _, c := range charts {
		id := c[1]
		if !strings.Contains(page, `<title id="`+id+`-titel">`) || !strings.Contains(page, `<desc id="`+id+`-beskrivning">`) {
			t.Errorf("%s: no title or description", id)
		}
	}
	// The sick-leave trend: its values in the description and in the table, the target marked.
	for _, want := range []string{
		// A no-break space between the target's figure and its unit.
		// Values 7,9–9,9 are far from zero: the axis is broken, and the description says where it starts.
		"<desc id=\"diagram-sjukfranvaro-beskrivning\">Sjukfrånvaro (%): 2019 8,0, 2020 9,9, 2021 8,9, Etappmål 2021 &lt;7,9\u00a0%. Värdeaxeln börjar vid 7,5, inte vid noll.</desc>",
		`<table id="diagram-sjukfranvaro-tabell" class="chart-data">`,
		"Etappmål 2021 &lt;7,9\u00a0%</text>",
		// Budget against forecast per verksamhet, and the deviations, with the figures.
		`id="diagram-drift-verksamhet"`, `id="diagram-drift-verksamhet-avvikelse"`,
		`<tr id="diagram-drift-verksamhet-tabell-politisk-verksamhet">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	// Two series are told apart by pattern, not colour alone.
	if !strings.Contains(page, `fill="url(#diagram-drift-verksamhet-rand)"`) {
		t.Error("the second series has no pattern")
	}
}

func TestStyleHash(t *testing.T) {
	if h := htmlreport.StyleHash(); !strings.HasPrefix(h, "'sha256-") || !strings.HasSuffix(h, "='") {
		t.Errorf("StyleHash = %s", h)
	}
}

// TestKoladaChart: after a sync, a mapped indicator's comparison table is followed by a bar
// chart of the period's year, an image with a title naming the indicator and the year and
// a description that gives every figure and Kolada as the source; ChartSVG draws the same.
func TestKoladaChart(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	fetched := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)
	ds.Kolada = &tertial.KoladaData{CountyGroup: "G33612", CountyTitle: "Stockholms läns kommuner (ovägt medel)"}
	for _, m := range []struct{ id, value string }{{"0126", "7.5"}, {"0136", "8.2"}, {"0123", "6.9"}, {"0180", "7.1"}, {"0182", "6.4"}, {"0163", "6.0"}, {"0117", ""}} {
		ds.Kolada.CountyMembers = append(ds.Kolada.CountyMembers, tertial.KoladaMember{ID: m.id})
		v := tertial.KoladaValue{KPI: "N00090", Municipality: m.id, Year: 2021, Gender: "T", FetchedAt: fetched}
		if m.value != "" {
			d, _ := tertial.ParseDecimal(m.value)
			v.Value = &d
		}
		ds.Kolada.Values = append(ds.Kolada.Values, v)
	}
	page := render(t, ds, "ks", "2021-08")
	table := strings.Index(page, `<table id="kolada-sjukfranvaro" class="kolada">`)
	fig := strings.Index(page, `<figure class="chart" id="diagram-kolada-sjukfranvaro"><svg role="img" class="chart"`)
	if table < 0 || fig < table || strings.Contains(page[table+1:fig], "<table") {
		t.Fatalf("no chart right after the comparison table (table at %d, chart at %d)", table, fig)
	}
	title := "Sjukfrånvaro (%) 2021: Huddinge, länssnittet och jämförelsekommunerna"
	for _, want := range []string{
		`aria-labelledby="diagram-kolada-sjukfranvaro-titel diagram-kolada-sjukfranvaro-beskrivning">`,
		`<title id="diagram-kolada-sjukfranvaro-titel">` + title + `</title>`,
		`<desc id="diagram-kolada-sjukfranvaro-beskrivning">` + title + `: Huddinge 7,5; Länssnitt (6 kommuner) 7,0; Haninge 8,2; Järfälla 6,9; ` +
			`Stockholm 7,1; Nacka 6,4; Sollentuna 6,0; Österåker inget värde. Källa: Kolada, nyckeltal N00090, hämtat 2024-03-05.</desc>`,
		`<figcaption>` + title + `</figcaption>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	// The bars are labelled: the municipality's first, the county average by name.
	svg := page[fig:]
	svg = svg[:strings.Index(svg, "</svg>")]
	labels := regexp.MustCompile(`text-anchor="end" font-size="11" fill="#1b1b1b">([^<]+)</text>`).FindAllStringSubmatch(svg, -1)
	if len(labels) != 8 || labels[0][1] != "Huddinge" || labels[1][1] != "Länssnitt (6 kommuner)" {
		t.Errorf("bar labels %q", labels)
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var chart *report.Chart
	var walk func([]report.Block)
	walk = func(bs []report.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *report.Section:
				walk(b.Blocks)
			case *report.Chart:
				if b.ID == "diagram-kolada-sjukfranvaro" {
					chart = b
				}
			}
		}
	}
	for _, s := range doc.Sections {
		walk([]report.Block{s})
	}
	if chart == nil || svg[strings.Index(svg, "<svg"):]+"</svg>" != string(htmlreport.ChartSVG(chart)) {
		t.Error("ChartSVG does not draw the report's chart")
	}
}

package htmlreport_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

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
	return out
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
		`<desc id="diagram-sjukfranvaro-beskrivning">Sjukfrånvaro (%): 2019 8,0, 2020 9,9, 2021 8,9, Etappmål 2021 &lt;7,9 %.</desc>`,
		`<table id="diagram-sjukfranvaro-tabell" class="chart-data">`,
		`Etappmål 2021 &lt;7,9 %</text>`,
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

package htmlreport_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial/internal/fixture"
)

var idRe = regexp.MustCompile(` id="([^"]+)"`)

// TestConsolidatedReport: kommunfullmäktige's report with the boards' assessments per
// council goal, their deviations with the sum, and their reports as appendices: headings
// in order with one h1, every id once, every table with a caption and scoped headers,
// assessments in symbol and words.
func TestConsolidatedReport(t *testing.T) {
	ds, err := fixture.Consolidated()
	if err != nil {
		t.Fatal(err)
	}
	for _, period := range []string{"2025-04", "2025-12"} {
		page := render(t, ds, "kf", period)
		prev, h1 := 0, 0
		for _, m := range headingRe.FindAllStringSubmatch(page, -1) {
			l, _ := strconv.Atoi(m[1])
			if l == 1 {
				h1++
			}
			if l > prev+1 {
				t.Errorf("%s: h%d after h%d", period, l, prev)
			}
			prev = l
		}
		if h1 != 1 {
			t.Errorf("%s: %d h1", period, h1)
		}
		seen := map[string]bool{}
		for _, m := range idRe.FindAllStringSubmatch(page, -1) {
			if seen[m[1]] {
				t.Errorf("%s: id %q twice", period, m[1])
			}
			seen[m[1]] = true
		}
		if n, c := strings.Count(page, "<table"), strings.Count(page, "<caption>"); n == 0 || n != c {
			t.Errorf("%s: %d tables, %d captions", period, n, c)
		}
		if strings.Contains(page, "<th>") || strings.Contains(page, "<th class") {
			t.Errorf("%s: a header cell without scope", period)
		}
		if strings.Count(page, `<nav class="toc"`) != 1 {
			t.Errorf("%s: %d tables of contents", period, strings.Count(page, `<nav class="toc"`))
		}
		for _, want := range []string{
			`<h2 id="avsnitt-fullmaktiges-mal-i-namnderna-rubrik">Fullmäktiges mål i nämnderna</h2>`,
			`<caption>Nämndernas budgetavvikelser, tkr</caption>`,
			`<th scope="row">Summa nämnder</th>`,
			`<h3 id="avsnitt-kultur-och-fritidsnamnden-rubrik">Kultur- och fritidsnämnden</h3>`,
			`<h4 id="namnd-mbn-avsnitt-`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the report lacks %s", period, want)
			}
		}
		if period == "2025-04" {
			for _, want := range []string{
				"Av tre nämnder som bidrar till målet har en bedömningen uppnås, en uppnås delvis och en uppnås ej.",
				`<span class="symbol result-misses" aria-hidden="true">✘</span> Uppnås ej`,
				`<span class="missing">Bedömning saknas</span>`,
				`<td data-col="deviation" class="num">−4&nbsp;320</td>`,
			} {
				if !strings.Contains(page, strings.ReplaceAll(want, "&nbsp;", "\u00a0")) {
					t.Errorf("%s: the report lacks %s", period, want)
				}
			}
		}
	}
}

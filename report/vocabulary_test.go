package report_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/docxreport"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/xlsxreport"
)

// ekbyWords gives Ekby the words of a board that says "Aktivitet" and "Helt uppfyllt" and
// shows smileys.
const ekbyWords = `  vocabulary:
    assignment: Aktivitet
    goal_area: Inriktning
    overall_assessment: Bedömning i delår
  scales:
    goals:
      - {id: achieved, name: Helt uppfyllt, symbol: "😊"}
      - {id: partly, name: Delvis uppfyllt, symbol: "😐"}
      - {id: not_achieved, name: Inte uppfyllt, symbol: "☹"}
      - {id: not_assessable, name: Kan inte bedömas}
`

func loadEkby(t *testing.T, words bool) *tertial.Dataset {
	t.Helper()
	if words {
		return loadEkbyWith(t, ekbyWords)
	}
	return loadEkbyWith(t, "")
}

// readEkby reads testdata/ekby.yaml.
func readEkby(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ekby.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// loadEkbyWith loads Ekby with words: the vocabulary and scales of its municipality, in
// YAML indented as under municipality.
func loadEkbyWith(t *testing.T, words string) *tertial.Dataset {
	t.Helper()
	src := string(readEkby(t))
	if words != "" {
		const at = "  county_code: \"99\"\n"
		if !strings.Contains(src, at) {
			t.Fatal("ekby.yaml has changed: no county_code line to add the vocabulary after")
		}
		src = strings.Replace(src, at, at+words, 1)
	}
	ds, err := dataset.Decode([]byte(src), "ekby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// texts renders the document in every editable format and returns what each holds as
// text: the HTML, and the XML parts of the DOCX and XLSX packages joined.
func texts(t *testing.T, doc *report.Document) map[string]string {
	t.Helper()
	out := map[string]string{}
	h, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	out["html"] = string(h)
	for name, render := range map[string]func(*report.Document) ([]byte, error){"docx": docxreport.Render, "xlsx": xlsxreport.Render} {
		b, err := render(doc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var sb strings.Builder
		for _, f := range z.File {
			if !strings.HasSuffix(f.Name, ".xml") {
				continue
			}
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			x, _ := io.ReadAll(r)
			r.Close()
			sb.Write(x)
		}
		out[name] = sb.String()
	}
	return out
}

// TestAnnualWords: an annual report says "Räkenskapsår" and "Bedömning" where an interim
// report of the same municipality says "Brytdatum" and "Preliminär bedömning".
func TestAnnualWords(t *testing.T) {
	ds := loadEkby(t, false)
	annual, err := report.Build(ds, "kfn", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	if annual.Dated != "Räkenskapsår 2025" {
		t.Errorf("annual cover line %q", annual.Dated)
	}
	html, err := htmlreport.Render(annual)
	if err != nil {
		t.Fatal(err)
	}
	for _, word := range []string{"Brytdatum", "Prognos", "Preliminär", "preliminär bedömning"} {
		if strings.Contains(string(html), word) {
			t.Errorf("the annual report says %q", word)
		}
	}
	for _, want := range []string{`<p class="cutoff">Räkenskapsår 2025</p>`, "<caption>Bedömning per område</caption>", `<th scope="col">Bedömning</th>`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the annual report lacks %s", want)
		}
	}
	interim, err := report.Build(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	html, err = htmlreport.Render(interim)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<p class="cutoff">Brytdatum 30 april 2025</p>`, "<caption>Preliminär bedömning per område</caption>"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the interim report lacks %s", want)
		}
	}
}

// TestOwnVocabulary: a municipality's own words and goal scale reach HTML, DOCX and XLSX,
// each symbol beside its name, and the default words they replace are gone.
func TestOwnVocabulary(t *testing.T) {
	doc, err := report.Build(loadEkby(t, true), "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	got := texts(t, doc)
	// kfn's assignments and the period's assessments (ekonomi: achieved, mal: partly).
	for format, wants := range map[string][]string{
		"html": {"Aktivitet: ", `<th scope="col">Aktivitet</th>`, `aria-hidden="true">😊</span> Helt uppfyllt`,
			`aria-hidden="true">😐</span> Delvis uppfyllt`, "Bedömning i delår per område", "Inriktning: Ett rikt liv för alla i Ekby"},
		"docx": {"Aktivitet", "😊", "Helt uppfyllt", "Delvis uppfyllt", "Bedömning i delår per område", "Inriktning: Ett rikt liv"},
		"xlsx": {"Aktivitet", "Helt uppfyllt", "Delvis uppfyllt", "Bedömning i delår"},
	} {
		for _, w := range wants {
			if !strings.Contains(got[format], w) {
				t.Errorf("%s lacks %q", format, w)
			}
		}
		for _, old := range []string{"Uppdrag:", "Preliminär bedömning", "Uppnås delvis", "Målområde:"} {
			if strings.Contains(got[format], old) {
				t.Errorf("%s still says %q", format, old)
			}
		}
	}
	// kfn-1 (Nämndmål) and kff-1 (Förvaltningsmål) are social, both partly and achieved
	// in 2025-04; kfn-2 (Nämndmål) is ecological, partly.
	for _, want := range []string{
		"Av två mål har ett bedömningen helt uppfyllt och ett delvis uppfyllt.",
		"Ett nämndmål har bedömningen delvis uppfyllt.",
		"Bedömning: 😐 Delvis uppfyllt",
	} {
		if !strings.Contains(got["html"], want) {
			t.Errorf("html lacks %q", want)
		}
	}
}

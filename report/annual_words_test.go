package report_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/docxreport"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/xlsxreport"
)

// ownWords are the words and scales of a municipality that says "Aktivitet" for
// assignments, "Inriktning" for goal areas and "målsättning" for goals, grades its goals
// on five levels and its activities on a scale of its own.
const ownWords = `  vocabulary:
    assignment: Aktivitet
    goal_area: Inriktning
    goal: målsättning
  scales:
    goals:
      - {id: helt, name: Helt uppfyllt, symbol: "●", colour: green}
      - {id: i_huvudsak, name: I huvudsak uppfyllt, symbol: "◕", colour: yellow}
      - {id: delvis, name: Delvis uppfyllt, symbol: "◑", colour: orange}
      - {id: inte, name: Inte uppfyllt, symbol: "○", colour: red}
      - {id: kan_inte, name: Kan inte bedömas, colour: grey}
    statuses:
      - {id: done, name: Genomförd, symbol: ✔}
      - {id: on_track, name: Pågår, symbol: ➜}
      - {id: will_complete, name: Genomförs i år, symbol: ●}
      - {id: likely_complete, name: Genomförs troligen i år, symbol: ◐}
      - {id: not_complete, name: Genomförs inte i år, symbol: ○}
      - {id: started, name: Startad, symbol: ◐}
      - {id: not_started, name: Inte startad, symbol: ○}
      - {id: cancelled, name: Avbruten, symbol: ✕}
`

// edit replaces old with new in s, n times (-1: all), and fails when old is not there.
func edit(t *testing.T, s, old, new string, n int) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("ekby.yaml has changed: %q is not in it", old)
	}
	return strings.Replace(s, old, new, n)
}

// visibleText is what a reader of the document sees in each format: the HTML's text
// without its markup, the DOCX's runs, the XLSX's sheet names and cells.
func visibleText(t *testing.T, doc *report.Document) map[string]string {
	t.Helper()
	out := map[string]string{}
	h, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	body := string(h)
	body = body[strings.Index(body, "<body"):] // the style sheet is no text
	out["html"] = html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " "))
	d, err := docxreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	var runs []string
	for _, m := range regexp.MustCompile(`<w:t[^>]*>([^<]*)</w:t>`).FindAllStringSubmatch(zipPart(t, d, "word/document.xml"), -1) {
		runs = append(runs, html.UnescapeString(m[1]))
	}
	out["docx"] = strings.Join(runs, " ")
	x, err := xlsxreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(strings.NewReader(string(x)))
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, sheet := range f.GetSheetList() {
		cells = append(cells, sheet)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			cells = append(cells, r...)
		}
	}
	out["xlsx"] = strings.Join(cells, " ")
	return out
}

// TestAnnualReportInOwnWords: the annual report of a municipality with words and scales
// of its own says them everywhere Tertial writes: covers, captions, column headings,
// summaries, default section titles and tertial check's messages. None of the default
// words its vocabulary replaces is left, and, as an annual report states outcomes, none
// speaks of a forecast, a preliminary assessment or a cut-off date. The data itself is
// made free of those words first (a template title "Nämndens uppdrag", values marked as
// forecasts), so that every word found is one Tertial wrote.
func TestAnnualReportInOwnWords(t *testing.T) {
	src := string(readEkby(t))
	src = edit(t, src, "  county_code: \"99\"\n", "  county_code: \"99\"\n"+ownWords, 1)
	src = edit(t, src, "title: Nämndens uppdrag", "title: Nämndens ansvar", 1)
	src = edit(t, src, ", kind: preliminary", "", -1)
	src = edit(t, src, ", kind: forecast", "", -1)
	for old, new := range map[string]string{"assessment: achieved": "assessment: helt", "assessment: partly": "assessment: delvis",
		"assessment: not_achieved": "assessment: inte"} {
		src = edit(t, src, old, new, -1)
	}
	// The annual template gets summaries, an assignments section and a sub-section of
	// goals without titles, and the year's operating statement a full-year forecast
	// column, which in an annual report holds the year's outcome.
	src = edit(t, src, "      - {kind: goals, title: Måluppföljning}\n",
		"      - {kind: summary, ref: social}\n      - {kind: summary, ref: ecological}\n      - {kind: summary, ref: internal_control}\n"+
			"      - {kind: goals}\n      - {kind: assignments}\n", 1)
	start := strings.Index(src, "title: Driftredovisning 2025")
	end := start + strings.Index(src[start:], "      - id: verksamhet")
	if start < 0 || end < start {
		t.Fatal("ekby.yaml has changed: no operating statement for 2025")
	}
	drift := edit(t, src[start:end], "columns: [budget, period_outcome, prior_outcome]", "columns: [budget, forecast, prior_outcome]", 1)
	src = src[:start] + edit(t, drift, "period_outcome:", "forecast:", -1) + src[end:]
	ds, err := dataset.Decode([]byte(src), "ekby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if ds.Period("kfn", "2025-12").Kind != tertial.PeriodAnnual {
		t.Fatal("kfn 2025-12 is no longer an annual report")
	}
	doc, err := report.Build(ds, "kfn", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	got := visibleText(t, doc)
	findings, err := report.Check(ds, "kfn", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	var check []string
	for _, f := range findings {
		check = append(check, f.Where+": "+f.What)
	}
	got["check"] = strings.Join(check, "\n")
	for format, text := range got {
		for _, old := range []string{"Uppdrag", "uppdrag", "rognos", "reliminär", "Brytdatum", "Uppnås", "uppnås", "Målområde", "målområde"} {
			if i := strings.Index(text, old); i >= 0 {
				t.Errorf("%s says %q: …%s…", format, old, text[max(0, i-80):min(len(text), i+80)])
			}
		}
	}
	// What they say instead.
	for format, wants := range map[string][]string{
		"html": {"Räkenskapsår 2025", "Inriktning: ", "Aktivitet", "Utfall", "Helt uppfyllt", "Bedömning per område",
			"aktiviteter kopplade till målsättningarna", "kopplade till inriktningen", "kontroller har genomförts under året"},
		"docx": {"Räkenskapsår 2025", "Aktivitet", "Utfall", "Helt uppfyllt", "aktiviteter kopplade till målsättningarna"},
		"xlsx": {"Aktivitet", "Utfall", "Helt uppfyllt"},
	} {
		for _, w := range wants {
			if !strings.Contains(got[format], w) {
				t.Errorf("%s lacks %q", format, w)
			}
		}
	}
}

package report_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
)

// WithKeyFigures returns the Huddinge demo with a key-figures section after the table of
// contents of every template, choosing the goals of the levels given.
func withKeyFigures(t *testing.T, levels ...string) *tertial.Dataset {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	for i := range ds.Templates {
		secs := ds.Templates[i].Sections
		at := slices.IndexFunc(secs, func(s tertial.Section) bool { return s.Kind == tertial.SectionTOC })
		ds.Templates[i].Sections = slices.Insert(secs, at+1, tertial.Section{Kind: tertial.SectionKeyFigures, Levels: levels})
	}
	if err := ds.Validate(); err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestKeyFigures: a key_figures section right after the contents lists the indicators of
// the goals it chooses, each once, with the year's outcome, stage target and assessment
// in symbol and words, and a note that counts the assessments.
func TestKeyFigures(t *testing.T) {
	ds := withKeyFigures(t, "nm")
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Sections[0].Title != "Innehållsförteckning" || doc.Sections[1].Title != report.KeyFiguresTitle {
		t.Fatalf("sections %q, %q: want the key figures after the contents", doc.Sections[0].Title, doc.Sections[1].Title)
	}
	tbl := sectionTable(t, doc, report.KeyFiguresTitle)
	if tbl.Caption != "Nyckeltal 2021" || len(tbl.Head[0]) != 4 || tbl.Head[0][1].Text != "Utfall 2021" || tbl.Head[0][2].Text != "Etappmål 2021" {
		t.Errorf("caption %q, head %+v", tbl.Caption, tbl.Head)
	}
	scope := tertial.NewScope(ds, ds.Unit("ks"))
	var want []string
	seen := map[string]bool{}
	for i := range ds.Indicators {
		ind := &ds.Indicators[i]
		if g := ds.Goal(ind.Goal); g != nil && g.Level == "nm" && scope.ShowsGoal(g.ID) && !seen[ind.ID] {
			seen[ind.ID] = true
			want = append(want, ind.ID)
		}
	}
	var got []string
	for _, r := range tbl.Rows {
		id := strings.TrimPrefix(r.ID, tbl.ID+"-")
		got = append(got, id)
		ind := ds.Indicator(id)
		a := report.Assess(ds, ind, 2021)
		cell := r.Cells[2]
		l := report.ResultLabels[a.Result]
		if cell.Text != l.Text || cell.Symbol != l.Symbol {
			t.Errorf("%s: assessment %q %q, want %q %q", id, cell.Symbol, cell.Text, l.Symbol, l.Text)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(want) < 5 || !slices.Equal(got, want) {
		t.Errorf("key figures %v, want the nm goals' indicators %v", got, want)
	}
	if len(tbl.Notes) != 1 || !strings.HasPrefix(tbl.Notes[0], "Av ") || !strings.Contains(tbl.Notes[0], " nyckeltal: ") {
		t.Errorf("notes %q", tbl.Notes)
	}
	// The sick-leave outcome and target as the goals' tables show them.
	for _, r := range tbl.Rows {
		if r.ID == tbl.ID+"-sjukfranvaro" && (r.Cells[0].Text != "8,9" || r.Cells[1].Text != "<7,9\u00a0%") {
			t.Errorf("sick leave: %q against %q", r.Cells[0].Text, r.Cells[1].Text)
		}
	}

	// Filters that choose no goal: check says so.
	ds = withKeyFigures(t, "kf")
	for i := range ds.Templates {
		for j := range ds.Templates[i].Sections {
			if ds.Templates[i].Sections[j].Kind == tertial.SectionKeyFigures {
				ds.Templates[i].Sections[j].Owners = []string{"finns-inte"}
			}
		}
	}
	findings, err := report.Check(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range findings {
		found = found || strings.Contains(f.What, "avsnittet visar inga nyckeltal")
	}
	if !found {
		t.Errorf("check does not report an empty key-figures section:\n%v", findings)
	}
}

package report_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// sectionTable returns the first table under the section titled title.
func sectionTable(t *testing.T, doc *report.Document, title string) *report.Table {
	t.Helper()
	var table *report.Table
	var walk func(ss []*report.Section, in bool)
	walk = func(ss []*report.Section, in bool) {
		for _, s := range ss {
			here := in || s.Title == title
			for _, b := range s.Blocks {
				if tb, ok := b.(*report.Table); ok && here && table == nil {
					table = tb
				}
			}
			walk(s.Sections, here)
		}
	}
	walk(doc.Sections, false)
	if table == nil {
		t.Fatalf("no table under %q", title)
	}
	return table
}

// TestAssignmentsSection: an assignments section lists the assignments of the goals its
// filters let through, each with its goal, and check counts them as shown.
func TestAssignmentsSection(t *testing.T) {
	ds := ekbyWith(t, "          - {kind: goals, title: Fullmäktiges mål, levels: [kf]}\n"+
		"          - {kind: assignments, title: Nämndens uppdrag, levels: [nm]}\n"+
		"          - {kind: assignments, title: Förvaltningens uppdrag, levels: [fm]}\n")
	doc, err := report.Build(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	scope := tertial.NewScope(ds, ds.Unit("kfn"))
	for title, level := range map[string]string{"Nämndens uppdrag": "nm", "Förvaltningens uppdrag": "fm"} {
		var want [][2]string
		for i := range ds.Assignments {
			a := &ds.Assignments[i]
			if g := ds.Goal(a.Goal); g.Level == level && scope.ShowsGoal(g.ID) {
				want = append(want, [2]string{a.Title, g.Title})
			}
		}
		if len(want) == 0 {
			t.Fatalf("ekby has no %s assignments for kfn: the test shows nothing", level)
		}
		var got [][2]string
		for _, r := range sectionTable(t, doc, title).Rows {
			text := r.Header.Text
			if text == "" { // a description makes the title Markdown
				text, _, _ = strings.Cut(r.Header.Markdown, "\n\n")
			}
			got = append(got, [2]string{text, r.Cells[0].Text})
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s lists %q, want %q", title, got, want)
		}
	}
	findings, err := report.Check(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if strings.HasPrefix(f.Where, "uppdrag ") && strings.Contains(f.What, "visas inte") {
			t.Errorf("an assignment an assignments section shows is reported hidden: %s", f)
		}
	}

	// Without the fm section, the fm goal's assignment is hidden, and an assignments
	// section with nothing to show is reported.
	ds = ekbyWith(t, "          - {kind: goals, title: Fullmäktiges mål, levels: [kf]}\n"+
		"          - {kind: assignments, title: Nämndens uppdrag, levels: [nm]}\n"+
		"          - {kind: assignments, title: Gröna uppdrag, areas: [gront-ekby], levels: [fm]}\n")
	findings, err = report.Check(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	var hidden, empty bool
	for _, f := range findings {
		hidden = hidden || strings.HasPrefix(f.Where, "uppdrag meroppet-norrby ") && strings.Contains(f.What, "inget avsnitt assignments väljer målet")
		empty = empty || strings.Contains(f.Where, "Gröna uppdrag") || strings.Contains(f.What, "avsnittet visar inga uppdrag")
	}
	if !hidden || !empty {
		t.Errorf("check reports the hidden fm assignment: %v, the empty section: %v\n%v", hidden, empty, findings)
	}
}

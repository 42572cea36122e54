package report_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
)

// ekbyWith decodes testdata/ekby.yaml with the Delårsrapport template's goals section
// replaced by sections.
func ekbyWith(t *testing.T, sections string) *tertial.Dataset {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ekby.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const at = "          - {kind: goals, title: Nämndens mål, years: 3, base_years: true}\n"
	src := string(data)
	if !strings.Contains(src, at) {
		t.Fatal("ekby.yaml has changed: no goals section to replace")
	}
	ds, err := dataset.Decode([]byte(strings.Replace(src, at, sections, 1)), "ekby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// goalTitles returns the titles of the goal sub-sections (those with a level's name) below
// the section titled title.
func goalTitles(t *testing.T, doc *report.Document, title string) []string {
	t.Helper()
	var found *report.Section
	var find func(ss []*report.Section)
	find = func(ss []*report.Section) {
		for _, s := range ss {
			if s.Title == title && found == nil {
				found = s
			}
			find(s.Sections)
		}
	}
	find(doc.Sections)
	if found == nil {
		t.Fatalf("the report has no section %q", title)
	}
	var titles []string
	var walk func(ss []*report.Section)
	walk = func(ss []*report.Section) {
		for _, s := range ss {
			if strings.HasSuffix(strings.SplitN(s.Title, ": ", 2)[0], "mål") {
				titles = append(titles, s.Title)
			}
			walk(s.Sections)
		}
	}
	walk(found.Sections)
	return titles
}

// TestGoalsSectionsByLevel: two goals sections filtered by level put each level's goals in
// a chapter of its own, and a goal left out still leads to its sub-goals.
func TestGoalsSectionsByLevel(t *testing.T) {
	ds := ekbyWith(t, "          - {kind: goals, title: Fullmäktiges mål, levels: [kf]}\n"+
		"          - {kind: goals, title: Förvaltningens mål, levels: [fm]}\n")
	doc, err := report.Build(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Fullmäktiges mål": "kf", "Förvaltningens mål": "fm"}
	for chapter, level := range want {
		var name string
		for _, l := range ds.GoalLevels {
			if l.ID == level {
				name = l.Name
			}
		}
		var wantTitles []string
		s := tertial.NewScope(ds, ds.Unit("kfn"))
		var walk func(parent string)
		walk = func(parent string) {
			for _, g := range s.Children(parent) {
				if g.Level == level && ds.GoalArea(g.ID) != nil {
					wantTitles = append(wantTitles, name+": "+g.Title)
				}
				walk(g.ID)
			}
		}
		walk("")
		if len(wantTitles) == 0 {
			t.Fatalf("ekby has no %s goals for kfn: the test shows nothing", level)
		}
		if got := goalTitles(t, doc, chapter); !reflect.DeepEqual(got, wantTitles) {
			t.Errorf("%s shows %q, want %q", chapter, got, wantTitles)
		}
	}

	// The board's goals (nm) are in neither chapter: check says so, naming the filters.
	findings, err := report.Check(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	var hidden bool
	for _, f := range findings {
		if strings.HasPrefix(f.Where, "mål kfn-1 ") {
			hidden = strings.Contains(f.What, "levels, areas, dimensions")
		}
		if strings.HasPrefix(f.Where, "mål kf-1 ") || strings.HasPrefix(f.Where, "mål kff-1 ") {
			if strings.Contains(f.What, "visas inte") {
				t.Errorf("a shown goal is reported hidden: %s", f)
			}
		}
	}
	if !hidden {
		t.Errorf("check does not report the board goal kfn-1 as hidden by the filters: %v", findings)
	}
}

// TestGoalsSectionByDimension: a section filtered to a dimension shows only the goal
// areas of that dimension, and one whose filters match no goal is reported by check.
func TestGoalsSectionByDimension(t *testing.T) {
	ds := ekbyWith(t, "          - {kind: goals, title: Ekologiska mål, dimensions: [ecological]}\n"+
		"          - {kind: goals, title: Livskvalitet i förvaltningen, areas: [livskvalitet], levels: [fm]}\n")
	doc, err := report.Build(ds, "mbn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range goalTitles(t, doc, "Ekologiska mål") {
		for i := range ds.Goals {
			g := &ds.Goals[i]
			if strings.HasSuffix(title, ": "+g.Title) && ds.GoalArea(g.ID).Dimension != tertial.Ecological {
				t.Errorf("goal %s of dimension %s is in the ecological chapter", g.ID, ds.GoalArea(g.ID).Dimension)
			}
		}
	}
	if got := goalTitles(t, doc, "Livskvalitet i förvaltningen"); len(got) != 1 || !strings.HasSuffix(got[0], ": Kompletta bygglovsansökningar beslutas inom fyra veckor") {
		t.Errorf("the livskvalitet fm chapter shows %q, want only mbf-1", got)
	}
	if len(goalTitles(t, doc, "Ekologiska mål")) == 0 {
		t.Error("the ecological chapter is empty")
	}
	ds = ekbyWith(t, "          - {kind: goals, title: Sociala mål, dimensions: [economic]}\n")
	findings, err := report.Check(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	var empty bool
	for _, f := range findings {
		empty = empty || strings.Contains(f.What, "avsnittet visar inga av enhetens mål")
	}
	if !empty {
		t.Errorf("check does not report a goals section that shows nothing: %v", findings)
	}
}

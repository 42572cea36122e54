package report_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial/report"
)

// TestDescriptionsShown: a goal's description stands first under its heading and an
// assignment's under its title in the assignment table, both as Markdown; a title with
// Markdown characters still reads as written.
func TestDescriptionsShown(t *testing.T) {
	ds := loadEkby(t, false)
	g := ds.Goal("kfn-1")
	g.Description = "Målet gäller **alla** barn och unga."
	var title string
	for i := range ds.Assignments {
		if a := &ds.Assignments[i]; a.ID == "meroppet-norrby" {
			if !strings.Contains(a.Description, "**07–22**") {
				t.Fatal("ekby.yaml has changed: meroppet-norrby's description is not the one the test expects")
			}
			a.Title = "1. Inför *meröppet* bibliotek_i_Norrby"
			title = a.Title
		}
	}
	doc, err := report.Build(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	var goalFirst *report.Markdown
	var header *report.Cell
	var walk func(ss []*report.Section)
	walk = func(ss []*report.Section) {
		for _, s := range ss {
			if strings.HasSuffix(s.Title, ": "+g.Title) && len(s.Blocks) > 0 {
				goalFirst, _ = s.Blocks[0].(*report.Markdown)
			}
			for _, b := range s.Blocks {
				if tb, ok := b.(*report.Table); ok {
					for i := range tb.Rows {
						if tb.Rows[i].ID == "uppdrag-meroppet-norrby" {
							header = &tb.Rows[i].Header
						}
					}
				}
			}
			walk(s.Sections)
		}
	}
	walk(doc.Sections)
	if goalFirst == nil || goalFirst.Text != g.Description {
		t.Errorf("the goal's first block is %+v, want its description", goalFirst)
	}
	if header == nil {
		t.Fatal("no row for meroppet-norrby")
	}
	html := texts(t, doc)["html"]
	for _, want := range []string{"Målet gäller <strong>alla</strong> barn", "<strong>07–22</strong>", "1. Inför *meröppet* bibliotek_i_Norrby"} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML lacks %q", want)
		}
	}
	if strings.Contains(html, "<ol") && strings.Contains(html, "<li>Inför") {
		t.Errorf("the title %q became a list item", title)
	}
	if header.Detail != "Nämnden" {
		t.Errorf("the assignment's origin is %q, want Nämnden", header.Detail)
	}
}

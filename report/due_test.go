package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// TestAssignmentDue: an assignment's due date shows beside who gave it, and tertial check
// names an assignment due by the period's cut-off that is not done, and no other.
func TestAssignmentDue(t *testing.T) {
	ds := demoDataset(t)
	per := ds.Period("ks", "2021-08")
	// An assignment of the board's goal tree with a follow-up in the period.
	var a *tertial.Assignment
	for i := range ds.Assignments {
		x := &ds.Assignments[i]
		for _, f := range x.Followups {
			if f.Period == per.ID && f.Status != tertial.StatusDone && f.Status != tertial.StatusCancelled && x.Origin != "" {
				a = x
			}
		}
		if a != nil {
			break
		}
	}
	if a == nil {
		t.Fatal("no assignment to try")
	}
	findings := func() []string {
		fs, err := report.Check(ds, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range fs {
			if strings.Contains(f.What, "klart senast") {
				out = append(out, f.String())
			}
		}
		return out
	}
	if fs := findings(); len(fs) != 0 {
		t.Fatalf("findings before any due date: %v", fs)
	}
	a.Due = time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC) // after the cut-off: not yet due
	if fs := findings(); len(fs) != 0 {
		t.Errorf("an assignment due after the cut-off: %v", fs)
	}
	a.Due = time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC)
	fs := findings()
	if len(fs) != 1 || !strings.Contains(fs[0], a.ID) || !strings.Contains(fs[0], "2021-06-30") {
		t.Errorf("an assignment past its due date: %v", fs)
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var header *report.Cell
	var walk func(ss []*report.Section)
	walk = func(ss []*report.Section) {
		for _, s := range ss {
			for _, b := range s.Blocks {
				if tb, ok := b.(*report.Table); ok {
					for i := range tb.Rows {
						if tb.Rows[i].ID == "uppdrag-"+a.ID {
							header = &tb.Rows[i].Header
						}
					}
				}
			}
			walk(s.Sections)
		}
	}
	walk(doc.Sections)
	if header == nil || header.Detail != a.Origin+"; klart senast 2021-06-30" {
		t.Errorf("the assignment's detail: %+v", header)
	}
	for i := range a.Followups {
		if a.Followups[i].Period == per.ID {
			a.Followups[i].Status = tertial.StatusDone
		}
	}
	if fs := findings(); len(fs) != 0 {
		t.Errorf("a done assignment: %v", fs)
	}
}

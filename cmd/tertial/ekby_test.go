package main

import (
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestEkbyDemo: tertial demo ekby --db URL loads the whole municipality and its five
// generated years of books for kf, and says so; kommunfullmäktige's årsredovisning then
// renders in HTML with every board's name and every council goal with its assessment, and
// check finds nothing blocking in it; a board's annual report renders its own table.
// --sie=false loads the dataset without the books, and with --demo=ekby check takes
// kommunfullmäktige's årsredovisning without --unit.
func TestEkbyDemo(t *testing.T) {
	d, _ := demo.Get("ekby")
	ds, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.URL(t, store.SQLite)
	code, out, stderr := runCmd(t, "demo", "ekby", "--db", db)
	if code != 0 {
		t.Fatalf("demo ekby: exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "Läste in Ekby kommun (9901):") {
		t.Errorf("demo ekby says %q", out)
	}
	for _, l := range d.Ledgers {
		if !strings.Contains(out, "Läste in "+l.FileName(d.Name)+" för "+l.Unit+" ") {
			t.Errorf("demo ekby does not say it read %s:\n%s", l.FileName(d.Name), out)
		}
	}

	file := filepath.Join(t.TempDir(), "kf.html")
	if code, _, stderr := runCmd(t, "report", "--db", db, "--municipality", "9901", "--unit", "kf", "--period", "2025-12", "--format", "html", "-o", file); code != 0 {
		t.Fatalf("report kf 2025-12: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(b))
	if !strings.Contains(page, "Årsredovisning 2025") {
		t.Error("the report is not the årsredovisning 2025")
	}
	boards := 0
	for _, u := range ds.Units {
		if u.Kind == tertial.UnitBoard {
			boards++
			if !strings.Contains(page, u.Name) {
				t.Errorf("the årsredovisning does not name %s", u.Name)
			}
		}
	}
	goals := 0
	for _, g := range ds.Goals {
		if g.Level == "kf" {
			goals++
			if !strings.Contains(page, "Kommunfullmäktigemål: "+g.Title) {
				t.Errorf("the årsredovisning lacks the council goal %q", g.Title)
			}
		}
	}
	if boards < 4 || goals < 4 {
		t.Errorf("%d boards and %d council goals in the dataset, want at least 4 of each", boards, goals)
	}
	if !strings.Contains(page, "Bedömning: ◐ Uppnås delvis") || !strings.Contains(page, "Bedömning: ✔ Uppnås") {
		t.Error("the council goals' assessments are not shown")
	}

	code, out, stderr = runCmd(t, "check", "--db", db, "--municipality", "9901", "--unit", "kf", "--period", "2025-12")
	if strings.Contains(out, "blockerande") || (code != 0 && code != 1) {
		t.Errorf("check kf 2025-12: exit %d, blocking findings:\n%s%s", code, out, stderr)
	}

	if code, out, stderr := runCmd(t, "report", "--db", db, "--municipality", "9901", "--unit", "son", "--period", "2025-12", "--format", "html"); code != 0 ||
		!strings.Contains(out, "Driftredovisning 2025") || !strings.Contains(out, "Socialnämnden") {
		t.Errorf("report son 2025-12: exit %d (%s), or without its driftredovisning", code, stderr)
	}

	// With --demo=ekby and no --unit, check and report take the demo's own report.
	if code, out, stderr := runCmd(t, "check", "--demo=ekby"); !strings.HasPrefix(out, "kf/2025-12: ") || strings.Contains(out, "blockerande") {
		t.Errorf("check --demo=ekby: exit %d, %q (%s); want kf/2025-12 with nothing blocking", code, out, stderr)
	}

	other := storetest.URL(t, store.SQLite)
	code, out, stderr = runCmd(t, "demo", "ekby", "--sie=false", "--db", other)
	if code != 0 || strings.Contains(out, ".se för kf") || !strings.HasPrefix(out, "Läste in Ekby kommun (9901):") {
		t.Errorf("demo ekby --sie=false: exit %d, %q (%s); want the dataset alone", code, out, stderr)
	}
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestReportDemo: tertial report --demo --format html -o FILE writes the whole report.
func TestReportDemo(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rapport.html")
	code, _, stderr := runCmd(t, "report", "--demo", "--format", "html", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{`<html lang="sv">`, "<h1>Delårsrapport per 31 augusti 2021</h1>", "Kommunstyrelsen",
		`id="tabell-drift-total"`, "Nämndernas investeringar", "Systematiska kontroller", `class="computed-summary"`,
		"Konkurrensprövningsplan", "Bilaga 1"} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Self-contained: no external resources, no scripts.
	for _, bad := range []string{"<script", "<link", "src=\"http", "@import"} {
		if strings.Contains(page, bad) {
			t.Errorf("report contains %q", bad)
		}
	}
}

func TestReportSelection(t *testing.T) {
	db := storetest.URL(t, store.SQLite)
	ekby := filepath.Join("..", "..", "testdata", "ekby.yaml")
	if code, _, stderr := runCmd(t, "import", ekby, "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	// Ekby has two nämnder with two periods each: the unit and period must be named.
	if code, _, stderr := runCmd(t, "report", "--db", db, "--format", "html"); code != 2 || !strings.Contains(stderr, "--unit") {
		t.Errorf("without --unit: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "report", "--db", db, "--unit", "kfn"); code != 2 || !strings.Contains(stderr, "--period") {
		t.Errorf("without --period: exit %d, %q", code, stderr)
	}
	code, out, stderr := runCmd(t, "report", "--db", db, "--unit", "kfn", "--period", "2025-12", "--format", "html")
	if code != 0 || !strings.Contains(out, "Kultur- och fritidsnämnden") {
		t.Errorf("kfn 2025-12: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "report", "--db", db, "--unit", "nope", "--period", "x"); code != 1 || !strings.Contains(stderr, `ingen enhet "nope"`) {
		t.Errorf("unknown unit: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "report", "--demo", "--format", "odt"); code != 2 || !strings.Contains(stderr, "odt") {
		t.Errorf("unsupported format: exit %d, %q", code, stderr)
	}
}

// TestCheckDemo: tertial check --demo lists what is missing, one line each with where it
// is, and exits 1.
func TestCheckDemo(t *testing.T) {
	code, out, stderr := runCmd(t, "check", "--demo")
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	blocking := 0
	for _, l := range lines {
		if !strings.HasPrefix(l, "ks/2021-08: blockerande: ") && !strings.HasPrefix(l, "ks/2021-08: varning: ") {
			t.Errorf("line without where and severity: %q", l)
		}
		if strings.HasPrefix(l, "ks/2021-08: blockerande: ") {
			blocking++
		}
	}
	// The summary counts what blocks, as the lines do.
	if want := fmt.Sprintf("%d saker att åtgärda innan rapporten publiceras, varav %d blockerande", len(lines), blocking); !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	if blocking == 0 {
		t.Error("no blocking finding: the demo's goals have no assessment")
	}
	for _, want := range []string{
		"ks/2021-08: blockerande: Målet «Skattemedel används effektivt» saknar bedömning",
		"[goal nm-skattemedel]\n",
		`ks/2021-08: varning: Indikatorn «Attraktivitet enligt Svenskt Näringsliv företagsranking»: etappmålet "Plats 13 i länet" kan inte bedömas`,
		"ks/2021-08: varning: Indikatorn «Valdeltagande i senaste kommunalvalet» har ett värde för 2021 men inget etappmål",
		"[indicator valdeltagande]\n",
		`tabellen "uppfoljningsplan" har inga rader`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q", want)
		}
	}
}

// TestCheckClean: a period with nothing missing exits 0.
func TestCheckClean(t *testing.T) {
	src := `format: tertial/1
municipality: {name: Provby kommun, code: "9902", county: Provlän}
goal_levels: [{id: nm, name: Nämndmål}]
goal_areas: [{id: eko, name: God ekonomi, dimension: economic}]
units: [{id: bn, name: Byggnämnden, kind: board}]
goals:
  - id: nm-1
    level: nm
    area: eko
    unit: bn
    title: Effektiv byggprocess
    followups: [{period: 2024-08, assessment: partly, analysis: Arbetet pågår.}]
indicators:
  - id: tid
    goal: nm-1
    name: Handläggningstid
    direction: lower
    values: [{year: 2024, value: 41}]
    targets: [{year: 2024, target: "<40"}]
assignments:
  - id: u-1
    goal: nm-1
    title: Inför e-tjänst
    followups: [{period: 2024-08, status: on_track, comment: Enligt plan.}]
templates:
  - id: t
    name: Delårsrapport
    sections: [{kind: goals, title: Mål}]
periods:
  - {unit: bn, id: 2024-08, kind: interim, title: Delårsrapport 2024, cutoff: 2024-08-31, state: open, template: t}
`
	db := storetest.URL(t, store.SQLite)
	if code, _, stderr := runCmd(t, "import", writeFile(t, "provby.yaml", []byte(src)), "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := runCmd(t, "check", "--db", db)
	if code != 0 || !strings.Contains(out, "bn/2024-08: inget att åtgärda") {
		t.Errorf("exit %d, out %q, err %q", code, out, stderr)
	}
}

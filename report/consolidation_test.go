package report_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/internal/fixture"
	"github.com/tertial/tertial/report"
)

func consolidated(t *testing.T) *tertial.Dataset {
	t.Helper()
	ds, err := fixture.Consolidated()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func boardIDs(bs []tertial.BoardPeriod) string {
	var ids []string
	for _, b := range bs {
		ids = append(ids, b.Unit.ID+"/"+b.Period.ID)
	}
	return strings.Join(ids, ",")
}

// TestConsolidatedBoards: the boards are the units of kind board with a period of the same
// kind and cut-off; the administration with such a period, the council itself, a board
// whose period ends another day and a board retired before the year are left out; owners
// narrows them.
func TestConsolidatedBoards(t *testing.T) {
	ds := consolidated(t)
	per := ds.Period("kf", "2025-04")
	if got := boardIDs(ds.ConsolidatedBoards("kf", per, nil)); got != "kfn/2025-04,mbn/2025-04,sbn/2025-04" {
		t.Errorf("boards of kf 2025-04: %s", got)
	}
	if got := boardIDs(ds.ConsolidatedBoards("kf", ds.Period("kf", "2025-12"), nil)); got != "kfn/2025-12,mbn/2025-12" {
		t.Errorf("boards of kf 2025-12: %s", got)
	}
	if got := boardIDs(ds.ConsolidatedBoards("kf", per, []string{"sbn", "kff"})); got != "sbn/2025-04" {
		t.Errorf("boards with owners sbn, kff: %s", got)
	}
	for i := range ds.Periods {
		if p := &ds.Periods[i]; p.Unit == "mbn" && p.ID == "2025-04" {
			p.Cutoff = time.Date(2025, 4, 29, 0, 0, 0, 0, time.UTC)
		}
	}
	ds.Unit("sbn").Retired = 2024
	if got := boardIDs(ds.ConsolidatedBoards("kf", per, nil)); got != "kfn/2025-04" {
		t.Errorf("boards after mbn's cut-off moved and sbn retired: %s", got)
	}
}

func councilSection() tertial.Section { return tertial.Section{Kind: tertial.SectionCouncilGoals} }

// TestCouncilGoalsCounts: per council goal the contributing boards, their assessments and
// the sentence that counts them.
func TestCouncilGoalsCounts(t *testing.T) {
	ds := consolidated(t)
	goals := report.CouncilGoals(ds, "kf", ds.Period("kf", "2025-04"), councilSection())
	if len(goals) != 2 || goals[0].Goal.ID != "kf-1" || goals[1].Goal.ID != "kf-2" {
		t.Fatalf("council goals: %+v", goals)
	}
	kf1, kf2 := goals[0], goals[1]
	// kf-1: kfn's kfn-1 is partly, mbn's mbn-2 not achieved, sbn's sbn-1 achieved (sbn-2
	// has no assessment and does not count against it).
	if kf1.Counts[tertial.AssessAchieved] != 1 || kf1.Counts[tertial.AssessPartly] != 1 || kf1.Counts[tertial.AssessNotAchieved] != 1 || kf1.Mixed != 0 || kf1.Missing != 0 {
		t.Errorf("kf-1 counts %v, mixed %d, missing %d", kf1.Counts, kf1.Mixed, kf1.Missing)
	}
	if got, want := kf1.Sentence(&ds.Municipality), "Av tre nämnder som bidrar till målet har en bedömningen uppnås, en uppnås delvis och en uppnås ej."; got != want {
		t.Errorf("kf-1:\n got %s\nwant %s", got, want)
	}
	// kf-2: kfn-2 and mbn-1 partly; sbn follows the council goal up itself, without an
	// assessment.
	if kf2.Counts[tertial.AssessPartly] != 2 || kf2.Missing != 1 || len(kf2.Boards) != 3 {
		t.Errorf("kf-2 counts %v, missing %d, boards %d", kf2.Counts, kf2.Missing, len(kf2.Boards))
	}
	if sbn := kf2.Boards[2]; sbn.Board.Unit.ID != "sbn" || sbn.Own == nil || len(sbn.Goals) != 0 {
		t.Errorf("sbn on kf-2: %+v", sbn)
	}
	if got, want := kf2.Sentence(&ds.Municipality), "Av tre nämnder som bidrar till målet har två bedömningen uppnås delvis. En saknar bedömning."; got != want {
		t.Errorf("kf-2:\n got %s\nwant %s", got, want)
	}

	// Two goals of one board with different assessments make the board's mixed.
	for i := range ds.Goals {
		if ds.Goals[i].ID == "sbn-2" {
			ds.Goals[i].Followups = []tertial.GoalFollowup{{Period: "2025-04", Assessment: tertial.AssessNotAchieved}}
		}
	}
	kf1 = report.CouncilGoals(ds, "kf", ds.Period("kf", "2025-04"), councilSection())[0]
	if !kf1.Boards[2].Mixed || kf1.Mixed != 1 || kf1.Counts[tertial.AssessAchieved] != 0 {
		t.Errorf("sbn's goals differ: %+v, counts %v", kf1.Boards[2], kf1.Counts)
	}
	if got, want := kf1.Sentence(&ds.Municipality), "Av tre nämnder som bidrar till målet har en bedömningen uppnås delvis och en uppnås ej. En har olika bedömningar av sina mål under det."; got != want {
		t.Errorf("mixed:\n got %s\nwant %s", got, want)
	}
}

// TestCouncilGoalsOwnFollowupWins: a board's own assessment of the council goal is its
// assessment, whatever its goals under it say; the annual report takes the boards' annual
// periods.
func TestCouncilGoalsOwnFollowupWins(t *testing.T) {
	ds := consolidated(t)
	for i := range ds.Goals {
		if ds.Goals[i].ID == "kf-2" {
			ds.Goals[i].Followups[0].Assessment = tertial.AssessAchieved // mbn, 2025-12
		}
	}
	goals := report.CouncilGoals(ds, "kf", ds.Period("kf", "2025-12"), councilSection())
	kf2 := goals[1]
	var mbn report.BoardAssessment
	for _, b := range kf2.Boards {
		if b.Board.Unit.ID == "mbn" {
			mbn = b
		}
	}
	// mbn-1, mbn's goal under kf-2, is partly in 2025-12.
	if mbn.Own == nil || mbn.Assessment != tertial.AssessAchieved || len(mbn.Goals) != 1 || mbn.Goals[0].Assessment != tertial.AssessPartly {
		t.Errorf("mbn on kf-2 in 2025-12: %+v", mbn)
	}
	// kfn-2 is not achieved in 2025-12.
	if kf2.Counts[tertial.AssessAchieved] != 1 || kf2.Counts[tertial.AssessNotAchieved] != 1 || len(kf2.Boards) != 2 {
		t.Errorf("kf-2 in 2025-12: %v over %d boards", kf2.Counts, len(kf2.Boards))
	}
	// Levels choose the council goals: the nämndmål level makes every board goal one.
	nm := report.CouncilGoals(ds, "kf", ds.Period("kf", "2025-12"), tertial.Section{Kind: tertial.SectionCouncilGoals, Levels: []string{"nm"}})
	if len(nm) != 6 {
		t.Errorf("%d goals of level nm, want kfn-1, kfn-2, mbn-1, mbn-2, sbn-1, sbn-2", len(nm))
	}
	// An area narrows them.
	if g := report.CouncilGoals(ds, "kf", ds.Period("kf", "2025-12"), tertial.Section{Kind: tertial.SectionCouncilGoals, Areas: []string{"gront-ekby"}}); len(g) != 1 || g[0].Goal.ID != "kf-2" {
		t.Errorf("goals of gront-ekby: %d", len(g))
	}
}

// TestBoardDeviationsSums: each board's totals of its drift table, in tkr whatever the
// table's unit, and the sum row.
func TestBoardDeviationsSums(t *testing.T) {
	ds := consolidated(t)
	ts := tertial.Section{Kind: tertial.SectionBoardDeviations, Ref: "drift"}
	devs := report.BoardDeviations(ds, "kf", ds.Period("kf", "2025-04"), ts)
	tkr := func(a *tertial.Amount) int64 {
		if a == nil {
			return -1
		}
		return int64(*a) / tertial.Tkr.Ore()
	}
	// kfn: budget 9 300 − 41 200 − 22 800 − 15 200; forecast 9 500 − 41 000 − 23 400 − 15 200.
	// mbn (in kr): 7 450 000 − 16 300 000 − 2 150 000 and 6 980 000 − 16 450 000 − 2 150 000.
	// sbn: 40 000 − 420 000 and 41 500 − 425 000.
	want := [][3]int64{{-69900, -70100, -200}, {-11000, -11620, -620}, {-380000, -383500, -3500}}
	if len(devs) != 3 {
		t.Fatalf("%d boards", len(devs))
	}
	for i, d := range devs {
		if got := [3]int64{tkr(d.Budget), tkr(d.Actual), tkr(d.Deviation)}; got != want[i] {
			t.Errorf("%s: %v, want %v", d.Board.Unit.ID, got, want[i])
		}
	}
	// kfn's period: 3 100 − 13 730 − 7 600 − 5 070 against 3 240 − 13 510 − 7 980 − 4 890.
	if tkr(devs[0].PeriodDeviation) != 160 {
		t.Errorf("kfn's period deviation %d", tkr(devs[0].PeriodDeviation))
	}

	doc, err := report.Build(ds, "kf", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	sec := sectionTitled(doc.Sections, report.BoardDeviationsTitle)
	if sec == nil {
		t.Fatal("no section Nämndernas budgetavvikelser")
	}
	var tbl *report.Table
	var sentence string
	for _, b := range sec.Blocks {
		switch b := b.(type) {
		case *report.Table:
			tbl = b
		case *report.Paragraph:
			sentence = b.Text
		}
	}
	if tbl == nil || tbl.Class != "money" || len(tbl.Rows) != 4 {
		t.Fatalf("table %+v", tbl)
	}
	total := tbl.Rows[3]
	if total.Class != "total" || total.Header.Text != "Summa nämnder" {
		t.Fatalf("last row %+v", total)
	}
	// −69 900 − 11 000 − 380 000; −70 100 − 11 620 − 383 500; −200 − 620 − 3 500.
	for i, w := range []string{"−460\u00a0900", "−465\u00a0220", "−4\u00a0320"} {
		if total.Cells[i].Text != w {
			t.Errorf("sum column %s: %q, want %q", total.Cells[i].Col, total.Cells[i].Text, w)
		}
	}
	if want := "Samtliga tre nämnder redovisar en prognos sämre än budget. Sammantaget är avvikelsen −4\u00a0320\u00a0tkr."; sentence != want {
		t.Errorf("sentence:\n got %q\nwant %q", sentence, want)
	}

	// The annual report compares budget with the year's outcome (period_outcome of the
	// boards' annual tables): kfn +730, mbn −300, and has no period columns.
	devs = report.BoardDeviations(ds, "kf", ds.Period("kf", "2025-12"), ts)
	if len(devs) != 2 || tkr(devs[0].Deviation) != 730 || tkr(devs[1].Deviation) != -300 {
		t.Errorf("annual deviations: %d boards, kfn %d, mbn %d", len(devs), tkr(devs[0].Deviation), tkr(devs[1].Deviation))
	}
	doc, err = report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range sectionTitled(doc.Sections, report.BoardDeviationsTitle).Blocks {
		if tbl, ok := b.(*report.Table); ok && (len(tbl.Columns) != 3 || tbl.Head[1][1].Text != "Utfall") {
			t.Errorf("annual columns %+v, head %+v", tbl.Columns, tbl.Head[1])
		}
	}
}

func sectionTitled(ss []*report.Section, title string) *report.Section {
	for _, s := range ss {
		if s.Title == title {
			return s
		}
		if f := sectionTitled(s.Sections, title); f != nil {
			return f
		}
	}
	return nil
}

// TestBoardReportsChapters: each board's report is a chapter headed by its name, its
// sections one heading level further down than in its own report and never more than one
// below the heading above, without its table of contents, and every anchor of the
// document is unique.
func TestBoardReportsChapters(t *testing.T) {
	ds := consolidated(t)
	doc, err := report.Build(ds, "kf", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	app := sectionTitled(doc.Sections, "Bilagor: nämndernas rapporter")
	if app == nil || app.Level != 2 {
		t.Fatalf("no appendix section at level 2: %+v", app)
	}
	var names []string
	for _, ch := range app.Sections {
		names = append(names, ch.Title)
		if ch.Level != 3 {
			t.Errorf("chapter %s at level %d", ch.Title, ch.Level)
		}
	}
	if got := strings.Join(names, ", "); got != "Kultur- och fritidsnämnden, Miljö- och byggnämnden, Socialnämnden" {
		t.Fatalf("chapters %s", got)
	}
	own, err := report.Build(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	kfn := app.Sections[0]
	// kfn's own report: Innehåll (toc), Sammanfattning, Samlad bedömning, Mål och resultat,
	// Ekonomi, Riskreducerande åtgärder; the chapter has all but the contents.
	if len(kfn.Sections) != len(own.Sections)-1 {
		t.Errorf("kfn's chapter has %d sections, its report %d", len(kfn.Sections), len(own.Sections))
	}
	for i, s := range kfn.Sections {
		o := own.Sections[i+1]
		if s.Title != o.Title || s.Level != o.Level+2 || s.ID != "namnd-kfn-"+o.ID {
			t.Errorf("section %d: %s at %d (%s), own %s at %d (%s)", i, s.Title, s.Level, s.ID, o.Title, o.Level, o.ID)
		}
	}
	ids := map[string]bool{}
	var walk func(ss []*report.Section, parent int)
	walk = func(ss []*report.Section, parent int) {
		for _, s := range ss {
			if s.Level > parent+1 && s.Level < 6 {
				t.Errorf("%s at level %d under level %d", s.Title, s.Level, parent)
			}
			if ids[s.ID] {
				t.Errorf("anchor %s twice", s.ID)
			}
			ids[s.ID] = true
			for _, b := range s.Blocks {
				switch b := b.(type) {
				case *report.TOC:
					if s.Title != "Innehållsförteckning" {
						t.Errorf("a table of contents in %s", s.Title)
					}
				case *report.Table:
					if ids[b.ID] {
						t.Errorf("table id %s twice", b.ID)
					}
					ids[b.ID] = true
					for _, r := range b.Rows {
						if r.ID != "" && ids[r.ID] {
							t.Errorf("row id %s twice", r.ID)
						}
						ids[r.ID] = true
					}
				}
			}
			walk(s.Sections, s.Level)
		}
	}
	walk(doc.Sections, 1)
	if !ids["namnd-mbn-tabell-drift"] || !ids["namnd-kfn-tabell-drift"] {
		t.Error("the boards' drift tables are not both in the document under their own ids")
	}
}

// TestBoardReportsNotNested: a board whose template includes the boards' reports does not
// include them again inside another report.
func TestBoardReportsNotNested(t *testing.T) {
	ds := consolidated(t)
	for i := range ds.Templates {
		if ds.Templates[i].ID == "delarsrapport" {
			ds.Templates[i].Sections = append(ds.Templates[i].Sections, tertial.Section{Kind: tertial.SectionBoardReports})
		}
	}
	own, err := report.Build(ds, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	if s := sectionTitled(own.Sections, report.BoardReportsTitle); s == nil || len(s.Sections) != 2 {
		t.Fatalf("kfn's own report should include mbn and sbn: %+v", s)
	}
	doc, err := report.Build(ds, "kf", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	app := sectionTitled(doc.Sections, "Bilagor: nämndernas rapporter")
	inner := sectionTitled(app.Sections[0].Sections, report.BoardReportsTitle)
	if inner == nil || len(inner.Sections) != 0 {
		t.Errorf("kfn's chapter includes reports: %+v", inner)
	}
}

// TestCheckBoardAssessment: check warns of a contributing board without an assessment of
// a council goal, and of a board without the table board_deviations names.
func TestCheckBoardAssessment(t *testing.T) {
	ds := consolidated(t)
	fs, err := report.Check(ds, "kf", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	var got []report.Finding
	for _, f := range fs {
		if f.Kind == report.FindBoardAssessment {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Item != (report.Item{Kind: report.ItemGoal, ID: "kf-2"}) || got[0].Blocking() ||
		!strings.HasPrefix(got[0].Words(), "Socialnämnden saknar bedömning av målet «Ekby minskar sin klimatpåverkan och värnar naturen»") {
		t.Fatalf("board assessment findings: %+v", got)
	}
	// With an assessment the warning goes.
	for i := range ds.Goals {
		if ds.Goals[i].ID == "kf-2" {
			for j := range ds.Goals[i].Followups {
				if ds.Goals[i].Followups[j].Unit == "sbn" {
					ds.Goals[i].Followups[j].Assessment = tertial.AssessPartly
				}
			}
		}
	}
	// A board without the drift table is named.
	for i := range ds.Periods {
		if p := &ds.Periods[i]; p.Unit == "sbn" && p.ID == "2025-04" {
			p.MoneyTables[0].ID = "drift2"
		}
	}
	fs, err = report.Check(ds, "kf", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	missingTable := false
	for _, f := range fs {
		if f.Kind == report.FindBoardAssessment {
			t.Errorf("still: %s", f.Words())
		}
		missingTable = missingTable || strings.Contains(f.What, `Socialnämnden har ingen pengatabell "drift"`)
	}
	if !missingTable {
		t.Errorf("no finding for sbn's missing table: %v", fs)
	}
	if !slices.ContainsFunc(fs, func(f report.Finding) bool { return f.Kind == report.FindLayout }) {
		t.Error("the missing table is not a layout warning")
	}
}

// TestCheckShownByConsolidation: the council goals a council_goals section lists and the
// boards' content a board_reports section includes are not reported as hidden; without
// the board_reports section the boards' goals are.
func TestCheckShownByConsolidation(t *testing.T) {
	ds := consolidated(t)
	hidden := func() map[string]bool {
		fs, err := report.Check(ds, "kf", "2025-04")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, f := range fs {
			if f.Kind == report.FindHidden {
				out[string(f.Item.Kind)+":"+f.Item.ID] = true
			}
		}
		return out
	}
	if h := hidden(); len(h) != 0 {
		t.Errorf("hidden with council_goals and board_reports: %v", h)
	}
	tpl := ds.Template("kf")
	tpl.Sections = slices.DeleteFunc(tpl.Sections, func(s tertial.Section) bool { return s.Kind == tertial.SectionBoardReports })
	h := hidden()
	if h["goal:kf-1"] || h["goal:kf-2"] {
		t.Errorf("council goals reported hidden: %v", h)
	}
	for _, want := range []string{"goal:kfn-1", "goal:sbn-1", "indicator:unga-forening", "assignment:fritidsbank", ":" /* internal control, named by where alone */} {
		if !h[want] {
			t.Errorf("%s is not reported hidden without board_reports: %v", want, h)
		}
	}
}

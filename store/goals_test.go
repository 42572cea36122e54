package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// titles are every section title of a report, at any depth.
func titles(doc *report.Document) []string {
	var out []string
	var walk func(ss []*report.Section)
	walk = func(ss []*report.Section) {
		for _, s := range ss {
			out = append(out, s.Title)
			walk(s.Sections)
			for _, b := range s.Blocks {
				if sub, ok := b.(*report.Section); ok {
					walk([]*report.Section{sub})
				}
			}
		}
	}
	walk(doc.Sections)
	return out
}

func reportShows(t *testing.T, db *store.DB, period, title string) bool {
	t.Helper()
	ds, err := db.Dataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, "ks", period)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range titles(doc) {
		if strings.Contains(s, title) {
			return true
		}
	}
	return false
}

func mustDataset(t *testing.T, db *store.DB) *tertial.Dataset {
	t.Helper()
	ds, err := db.Dataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

var roofs = tertial.Goal{ID: "nm-tak", Level: "nm", Parent: "kf-skattemedel", Unit: "ks", Title: "Fler gröna tak", Tags: []string{"klimat"}}

// TestGoalEditsStoredAndAudited: a goal is created, edited, moved and retired; each edit
// is what the store then holds, with a new version, and in the audit log; a stale
// version is refused.
func TestGoalEditsStoredAndAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		g, err := db.CreateGoal(ctx, "controller", "0126", roofs)
		if err != nil {
			t.Fatal(err)
		}
		got := mustDataset(t, db).Goal("nm-tak")
		if got == nil || got.Title != "Fler gröna tak" || got.Parent != "kf-skattemedel" || got.Version != g.Version || strings.Join(got.Tags, ",") != "klimat" {
			t.Fatalf("created goal %+v (returned version %d)", got, g.Version)
		}
		// Move it to a top-level goal of another area, edit its title.
		moved := *got
		moved.Parent, moved.Area, moved.Level, moved.Title = "", "ekologi", "kf", "Gröna tak på kommunens hus"
		m, err := db.UpdateGoal(ctx, "controller", "0126", moved)
		if err != nil {
			t.Fatal(err)
		}
		got = mustDataset(t, db).Goal("nm-tak")
		if got.Parent != "" || got.Area != "ekologi" || got.Level != "kf" || got.Title != "Gröna tak på kommunens hus" || got.Version <= g.Version || got.Version != m.Version {
			t.Errorf("moved goal %+v", got)
		}
		// The form of the first version is stale now.
		stale := moved
		stale.Title = "Något annat"
		if _, err := db.UpdateGoal(ctx, "other", "0126", stale); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("stale edit: %v", err)
		}
		if mustDataset(t, db).Goal("nm-tak").Title != "Gröna tak på kommunens hus" {
			t.Error("a stale edit changed the goal")
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "goal", Key: "nm-tak"})
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string]string{}
		for _, e := range log {
			if e.Actor != "controller" {
				t.Errorf("audit entry by %q", e.Actor)
			}
			fields[e.Field] = e.Old + "→" + e.New
		}
		if fields["created"] != "→created" || fields["parent"] != "kf-skattemedel→" || fields["title"] != "Fler gröna tak→Gröna tak på kommunens hus" {
			t.Errorf("audit log %v", fields)
		}
		// A goal without any history may be deleted.
		if err := db.DeleteGoal(ctx, "controller", "0126", "nm-tak", got.Version); err != nil {
			t.Fatal(err)
		}
		if mustDataset(t, db).Goal("nm-tak") != nil {
			t.Error("the deleted goal is still there")
		}
	})
}

// TestGoalRefusalsChangeNothing: a cycle, an unknown level, area or parent, a duplicate ID,
// deleting a goal with history: each is refused with the rule set's message beside the
// field, and the dataset is what it was.
func TestGoalRefusalsChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		before := encode(t, mustDataset(t, db))
		ds := mustDataset(t, db)
		top := *ds.Goal("kf-skattemedel")
		cycle := top
		cycle.Parent, cycle.Area = "nm-skattemedel", ""
		unknownLevel := roofs
		unknownLevel.Level = "xx"
		unknownArea := roofs
		unknownArea.Parent, unknownArea.Area = "", "rymden"
		duplicate := roofs
		duplicate.ID = "kf-skattemedel"
		for _, c := range []struct {
			name, field, msg string
			err              error
		}{
			{"cycle", "parent", "ligger under sig själv", func() error { _, err := db.UpdateGoal(ctx, "c", "0126", cycle); return err }()},
			{"unknown level", "level", `ingen målnivå "xx"`, func() error { _, err := db.CreateGoal(ctx, "c", "0126", unknownLevel); return err }()},
			{"unknown area", "area", `inget målområde "rymden"`, func() error { _, err := db.CreateGoal(ctx, "c", "0126", unknownArea); return err }()},
			{"duplicate", "id", "kf-skattemedel", func() error { _, err := db.CreateGoal(ctx, "c", "0126", duplicate); return err }()},
			{"delete with history", "id", "avsluta det i stället", db.DeleteGoal(ctx, "c", "0126", "nm-skattemedel", ds.Goal("nm-skattemedel").Version)},
		} {
			found := false
			for _, p := range tertial.ProblemsOf(c.err) {
				if p.Path == c.field && strings.Contains(p.Message, c.msg) {
					found = true
				}
			}
			if tertial.ErrorCode(c.err) != tertial.EINVALID || !found {
				t.Errorf("%s: %v (%+v), want %s: …%s…", c.name, c.err, tertial.ProblemsOf(c.err), c.field, c.msg)
			}
		}
		if after := encode(t, mustDataset(t, db)); !bytes.Equal(before, after) {
			t.Errorf("a refused edit changed the dataset:\n%s", diff(before, after))
		}
	})
}

// TestRetiredGoalInReports: a goal retired in 2021 is in the report of 2021 and not in
// the one of 2022, and cannot be followed up in 2022.
func TestRetiredGoalInReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreatePeriod(ctx, "controller", "0126", next2022); err != nil {
			t.Fatal(err)
		}
		g, err := db.CreateGoal(ctx, "controller", "0126", roofs)
		if err != nil {
			t.Fatal(err)
		}
		if !reportShows(t, db, "2021-08", roofs.Title) || !reportShows(t, db, "2022-08", roofs.Title) {
			t.Fatal("the goal in force is not in both years' reports")
		}
		retired := *g
		retired.Retired = 2021
		if _, err := db.UpdateGoal(ctx, "controller", "0126", retired); err != nil {
			t.Fatal(err)
		}
		if !reportShows(t, db, "2021-08", roofs.Title) {
			t.Error("the report of 2021 lost the goal retired in 2021")
		}
		if reportShows(t, db, "2022-08", roofs.Title) {
			t.Error("the report of 2022 shows the goal retired in 2021")
		}
		ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2022-08"}
		_, err = db.SaveGoalFollowup(ctx, store.Edit{Actor: "r", Period: ref}, "nm-tak", tertial.GoalFollowup{Analysis: "Text"})
		if !hasProblem(err, "period", "avslutades 2021") {
			t.Errorf("a follow-up of the retired goal in 2022: %v", err)
		}
		// In 2021 it may still be followed up.
		ref.Period = "2021-08"
		if _, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "r", Period: ref}, "nm-tak", tertial.GoalFollowup{Analysis: "Text"}); err != nil {
			t.Errorf("a follow-up in the goal's last year: %v", err)
		}
		// The rule set refuses such a follow-up in the file too.
		ds := load(t, "demo")
		ds.Periods = append(ds.Periods, tertial.NewPeriod(next2022, ds.Period("ks", "2021-08")))
		g2 := ds.Goal("nm-skattemedel")
		g2.Retired = 2021
		g2.Followups = append(g2.Followups, tertial.GoalFollowup{Period: "2022-08", Analysis: "x"})
		found := false
		for _, p := range ds.Validate() {
			if strings.HasSuffix(p.Path, ".period") && strings.Contains(p.Message, "avslutades 2021") {
				found = true
			}
		}
		if !found {
			t.Errorf("a follow-up after retirement validates: %v", ds.Validate())
		}
	})
}

// TestIndicatorAndAssignmentEdits: indicators with targets and assignments are created,
// edited and deleted; a bad target, an unknown goal and deleting one with history are
// refused and change nothing; everything is audited.
func TestIndicatorAndAssignmentEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		tg := func(s string) tertial.Target {
			x, err := tertial.ParseTarget(s)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		tol := tertial.NewDecimal(10, 0)
		ind := tertial.Indicator{ID: "ind-tak", Goal: "nm-skattemedel", Name: "Andel gröna tak", Unit: "%", Direction: tertial.HigherIsBetter,
			Decimals: 1, Tolerance: &tol, KoladaKPI: "N00001", KoladaGender: "K", Owner: "ks",
			Targets: []tertial.YearTarget{{Year: 2021, Target: tg(">10")}, {Year: 2022, Target: tg(">20")}}, LongTerm: &tertial.YearTarget{Year: 2030, Target: tg(">50")}}
		created, err := db.CreateIndicator(ctx, "controller", "0126", ind)
		if err != nil {
			t.Fatal(err)
		}
		got := mustDataset(t, db).Indicator("ind-tak")
		if got == nil || got.Name != "Andel gröna tak" || len(got.Targets) != 2 || got.Targets[1].Target.String() != ">20" || got.LongTerm == nil ||
			got.LongTerm.Year != 2030 || got.Tolerance == nil || got.Tolerance.String() != "10" || got.KoladaGender != "K" || got.Owner != "ks" {
			t.Fatalf("created indicator %+v", got)
		}
		upd := *got
		upd.Targets = []tertial.YearTarget{{Year: 2022, Target: tg(">25")}}
		upd.Name = "Andel tak med växter"
		if _, err := db.UpdateIndicator(ctx, "controller", "0126", upd); err != nil {
			t.Fatal(err)
		}
		got = mustDataset(t, db).Indicator("ind-tak")
		if got.Name != "Andel tak med växter" || len(got.Targets) != 1 || got.Targets[0].Year != 2022 || got.Targets[0].Target.String() != ">25" || got.Version <= created.Version {
			t.Errorf("updated indicator %+v", got)
		}
		// Refusals: an unknown goal, a stale version, a bad decimals count.
		before := encode(t, mustDataset(t, db))
		bad := *got
		bad.Goal = "finns-inte"
		if _, err := db.UpdateIndicator(ctx, "c", "0126", bad); !hasProblem(err, "goal", `inget mål "finns-inte"`) {
			t.Errorf("unknown goal: %v", err)
		}
		bad = *got
		bad.Decimals = 99
		if _, err := db.UpdateIndicator(ctx, "c", "0126", bad); !hasProblem(err, "decimals", "decimaler") {
			t.Errorf("decimals: %v", err)
		}
		bad = *got
		bad.Targets = []tertial.YearTarget{{Year: 2022, Target: tg(">1")}, {Year: 2022, Target: tg(">2")}}
		if _, err := db.UpdateIndicator(ctx, "c", "0126", bad); !hasProblem(err, "targets[1].year", "redan ett etappmål") {
			t.Errorf("two targets in one year: %v", err)
		}
		if _, err := db.UpdateIndicator(ctx, "c", "0126", upd); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("stale indicator edit: %v", err)
		}
		withValues := mustDataset(t, db).Indicators[0]
		if len(withValues.Values) == 0 {
			t.Fatal("the demo's first indicator has no values")
		}
		if err := db.DeleteIndicator(ctx, "c", "0126", withValues.ID, withValues.Version); !hasProblem(err, "id", "har värden") {
			t.Errorf("delete with values: %v", err)
		}
		if after := encode(t, mustDataset(t, db)); !bytes.Equal(before, after) {
			t.Errorf("a refused edit changed the dataset:\n%s", diff(before, after))
		}
		if err := db.DeleteIndicator(ctx, "controller", "0126", "ind-tak", got.Version); err != nil {
			t.Fatal(err)
		}
		if mustDataset(t, db).Indicator("ind-tak") != nil {
			t.Error("deleted indicator still there")
		}
		log, _ := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "indicator", Key: "ind-tak"})
		fields := map[string]bool{}
		for _, e := range log {
			fields[e.Field+":"+e.Old+"→"+e.New] = true
		}
		if !fields["created:→created"] || !fields["name:Andel gröna tak→Andel tak med växter"] || !fields["deleted:→deleted"] ||
			!fields["targets:2021: >10; 2022: >20→2022: >25"] {
			t.Errorf("indicator audit %v", fields)
		}

		// Assignments.
		a, err := db.CreateAssignment(ctx, "controller", "0126", tertial.Assignment{ID: "upp-tak", Goal: "nm-skattemedel", Unit: "ks",
			Origin: "Mål och budget 2022", Title: "Inventera taken", Description: "Alla kommunens tak."})
		if err != nil {
			t.Fatal(err)
		}
		a.Title = "Inventera alla tak"
		if _, err := db.UpdateAssignment(ctx, "controller", "0126", *a); err != nil {
			t.Fatal(err)
		}
		if got := mustDataset(t, db).Assignment("upp-tak"); got == nil || got.Title != "Inventera alla tak" || got.Origin != "Mål och budget 2022" {
			t.Errorf("assignment %+v", got)
		}
		if _, err := db.UpdateAssignment(ctx, "c", "0126", *a); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("stale assignment edit: %v", err)
		}
		old := mustDataset(t, db).Assignments[0]
		if len(old.Followups) == 0 {
			t.Fatal("the demo's first assignment has no follow-ups")
		}
		if err := db.DeleteAssignment(ctx, "c", "0126", old.ID, old.Version); !hasProblem(err, "id", "har uppföljningar") {
			t.Errorf("delete with follow-ups: %v", err)
		}
		cur := mustDataset(t, db).Assignment("upp-tak")
		if err := db.DeleteAssignment(ctx, "controller", "0126", "upp-tak", cur.Version); err != nil {
			t.Fatal(err)
		}
		if mustDataset(t, db).Assignment("upp-tak") != nil {
			t.Error("deleted assignment still there")
		}
	})
}

func hasProblem(err error, field, msg string) bool {
	for _, p := range tertial.ProblemsOf(err) {
		if p.Path == field && strings.Contains(p.Message, msg) {
			return tertial.ErrorCode(err) == tertial.EINVALID
		}
	}
	return false
}

// TestStructureEditsRoundTrip: the export after structural edits (a retired goal, a
// moved goal, a new indicator with targets, a new assignment) imports into a fresh
// database and exports byte-identical.
func TestStructureEditsRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		g, err := db.CreateGoal(ctx, "controller", "0126", roofs)
		if err != nil {
			t.Fatal(err)
		}
		g.Retired = 2023
		if _, err := db.UpdateGoal(ctx, "controller", "0126", *g); err != nil {
			t.Fatal(err)
		}
		nm := *mustDataset(t, db).Goal("nm-skattemedel")
		nm.Unit = "kf" // its follow-ups stay Kommunstyrelsen's
		if _, err := db.UpdateGoal(ctx, "controller", "0126", nm); err != nil {
			t.Fatal(err)
		}
		target, _ := tertial.ParseTarget("<5")
		if _, err := db.CreateIndicator(ctx, "controller", "0126", tertial.Indicator{ID: "ind-tak", Goal: "nm-tak", Name: "Tak", Direction: tertial.LowerIsBetter,
			Targets: []tertial.YearTarget{{Year: 2021, Target: target}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateAssignment(ctx, "controller", "0126", tertial.Assignment{ID: "upp-tak", Goal: "nm-tak", Title: "Inventera", Unit: "ks"}); err != nil {
			t.Fatal(err)
		}
		first := encode(t, mustDataset(t, db))
		if !strings.Contains(string(first), "\n    retired: 2023\n") {
			t.Error("the export does not say when the goal was retired")
		}
		again, err := dataset.Decode(first, "export.yaml")
		if err != nil {
			t.Fatalf("the export does not import: %v", err)
		}
		fresh := storetest.Open(t, db.Dialect())
		if err := fresh.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		ds2, err := fresh.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if second := encode(t, ds2); !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n%s", diff(first, second))
		}
	})
}

package dataset_test

import (
	"slices"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/demo"
)

func kindsOf(ss []tertial.Section) []tertial.SectionKind {
	var out []tertial.SectionKind
	for _, s := range ss {
		out = append(out, s.Kind)
		out = append(out, kindsOf(s.Sections)...)
	}
	return out
}

func refsOf(ss []tertial.Section, k tertial.SectionKind) []string {
	var out []string
	for _, s := range ss {
		if s.Kind == k {
			out = append(out, s.Ref)
		}
		out = append(out, refsOf(s.Sections, k)...)
	}
	return out
}

// The starting templates decode and pass the rules, and the municipality's carry the
// sections its reports need.
func TestStarterTemplates(t *testing.T) {
	ts := dataset.StarterTemplates()
	want := map[string][]tertial.SectionKind{
		"arsredovisning-kommun": {tertial.SectionStatement, tertial.SectionStatementNotes, tertial.SectionBalanceRequirement,
			tertial.SectionFinancialGoals, tertial.SectionFiveYear, tertial.SectionNetCostReconciliation, tertial.SectionBoardDeviations,
			tertial.SectionCouncilGoals, tertial.SectionConsolidatedStatement, tertial.SectionBoardReports},
		"delarsrapport-kommun": {tertial.SectionStatement, tertial.SectionStatementNotes, tertial.SectionBalanceRequirement,
			tertial.SectionFinancialGoals, tertial.SectionBoardDeviations, tertial.SectionCouncilGoals},
	}
	for id, kinds := range want {
		i := slices.IndexFunc(ts, func(x tertial.Template) bool { return x.ID == id })
		if i < 0 {
			t.Fatalf("no starter %q", id)
		}
		got := kindsOf(ts[i].Sections)
		for _, k := range kinds {
			if !slices.Contains(got, k) {
				t.Errorf("%s lacks a %s section: %v", id, k, got)
			}
		}
	}
	// The delårsrapport shows RR and BR, the årsredovisning also KF.
	ar, _ := dataset.StarterTemplate(&tertial.Dataset{}, "arsredovisning-kommun")
	if got := refsOf(ar.Sections, tertial.SectionStatement); !slices.Equal(got, tertial.StatementRefs) {
		t.Errorf("årsredovisning's statements = %v", got)
	}
	dr, _ := dataset.StarterTemplate(&tertial.Dataset{}, "delarsrapport-kommun")
	if got := refsOf(dr.Sections, tertial.SectionStatement); !slices.Equal(got, []string{"RR", "BR"}) {
		t.Errorf("delårsrapport's statements = %v", got)
	}
	// Changing a copy leaves the starters as they are.
	ts[0].Sections[0].Kind = "x"
	if dataset.StarterTemplates()[0].Sections[0].Kind == "x" {
		t.Error("StarterTemplates returns shared sections")
	}
	if _, ok := dataset.StarterTemplate(&tertial.Dataset{}, "finns-inte"); ok {
		t.Error("an unknown starter was found")
	}
}

// A starter gets a free ID and the boards' money table ID that most boards use.
func TestStarterTemplateForDataset(t *testing.T) {
	ds := &tertial.Dataset{Templates: []tertial.Template{{ID: "delarsrapport-kommun"}, {ID: "delarsrapport-kommun-2"}}}
	got, ok := dataset.StarterTemplate(ds, "delarsrapport-kommun")
	if !ok || got.ID != "delarsrapport-kommun-3" {
		t.Fatalf("ID = %q, %v", got.ID, ok)
	}
	if refs := refsOf(got.Sections, tertial.SectionBoardDeviations); !slices.Equal(refs, []string{dataset.StarterBoardTable}) {
		t.Errorf("without boards' tables the ref = %v", refs)
	}
	ds = &tertial.Dataset{
		Units: []tertial.Unit{{ID: "kf", Kind: tertial.UnitCouncil}, {ID: "a", Kind: tertial.UnitBoard}, {ID: "b", Kind: tertial.UnitBoard}, {ID: "c", Kind: tertial.UnitBoard}},
		Periods: []tertial.Period{
			{Unit: "kf", ID: "1", MoneyTables: []tertial.MoneyTable{{ID: "kf-tabell"}, {ID: "x"}}},
			{Unit: "kf", ID: "2", MoneyTables: []tertial.MoneyTable{{ID: "kf-tabell"}}},
			{Unit: "a", ID: "1", MoneyTables: []tertial.MoneyTable{{ID: "driftredovisning"}}},
			{Unit: "a", ID: "2", MoneyTables: []tertial.MoneyTable{{ID: "driftredovisning"}}},
			{Unit: "b", ID: "1", MoneyTables: []tertial.MoneyTable{{ID: "driftredovisning"}, {ID: "x"}}},
			{Unit: "c", ID: "1", MoneyTables: []tertial.MoneyTable{{ID: "x"}}},
		}}
	if id := ds.BoardMoneyTableID(); id != "driftredovisning" {
		t.Fatalf("BoardMoneyTableID = %q", id)
	}
	got, _ = dataset.StarterTemplate(ds, "arsredovisning-kommun")
	for _, k := range []tertial.SectionKind{tertial.SectionBoardDeviations, tertial.SectionNetCostReconciliation} {
		if refs := refsOf(got.Sections, k); len(refs) != 1 || refs[0] != "driftredovisning" {
			t.Errorf("%s refs = %v", k, refs)
		}
	}
	// The demo's boards use drift.
	d, _ := demo.Get("ekby")
	ekby, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	if id := ekby.BoardMoneyTableID(); id != "drift" {
		t.Errorf("Ekby's boards' table = %q", id)
	}
}

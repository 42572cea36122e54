package report_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// TestCheckEconomyEntered: a council's annual report whose template shows the financial
// goals and the five-year overview is checked for what the controller must enter on the
// economy page: no financial goals at all, and the years of the overview without key
// figures, named; the report itself says that no goals are entered, without a dataset
// path.
func TestCheckEconomyEntered(t *testing.T) {
	ds := councilDataset(t)
	ds.Economy.FinancialGoals = nil
	ds.Economy.KeyFigures = nil
	for y := 2021; y <= 2025; y++ {
		if y == 2023 {
			continue
		}
		ds.Economy.KeyFigures = append(ds.Economy.KeyFigures, tertial.EconomyKeyFigures{Year: y, Inhabitants: new(int64(40000))})
	}
	findings, err := report.Check(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	var goals, overview string
	for _, f := range findings {
		switch {
		case strings.Contains(f.What, "inga finansiella mål"):
			goals = f.String()
		case strings.Contains(f.What, "saknar nyckeltal"):
			overview = f.String()
		}
	}
	if !strings.Contains(goals, "Ekonomi i årsredovisningen") {
		t.Errorf("no finding of the missing financial goals that says where to enter them: %q", goals)
	}
	if !strings.Contains(overview, "för 2023:") || strings.Contains(overview, "2024") {
		t.Errorf("the five-year overview's finding does not name exactly the year without key figures: %q", overview)
	}
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, b := range allBlocks(doc.Sections) {
		switch x := b.(type) {
		case *report.Notice:
			texts = append(texts, x.Text)
		case *report.Paragraph:
			texts = append(texts, x.Text)
		}
	}
	all := strings.Join(texts, "\n")
	if strings.Contains(all, "economy.financial_goals") || !strings.Contains(all, "Kommunen har inga finansiella mål inlagda.") {
		t.Errorf("the report's words on the missing goals: %q", all)
	}

	ds.Economy.KeyFigures = append(ds.Economy.KeyFigures, tertial.EconomyKeyFigures{Year: 2023, Inhabitants: new(int64(40000))})
	ds.Economy.FinancialGoals = []tertial.FinancialGoal{{ID: "r", Title: "Resultat", Kind: tertial.FinancialResultShare, Comparison: tertial.AtLeast, Target: tertial.MustParseDecimal("2"), From: 2025, To: 2025}}
	findings, err = report.Check(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if strings.Contains(f.What, "inga finansiella mål") || strings.Contains(f.What, "saknar nyckeltal") {
			t.Errorf("entered economy still found: %s", f)
		}
	}
}

// TestCheckCompanyChart: a company's books are in BAS, which its layout reads, so its
// imports are not listed as "inte Kommun-Bas"; a board's are.
func TestCheckCompanyChart(t *testing.T) {
	ds := demoDataset(t)
	share := tertial.MustParseDecimal("100")
	ds.Units = append(ds.Units, tertial.Unit{ID: "bolaget", Name: "Bolaget AB", Kind: tertial.UnitCompany, Share: &share})
	ks := ds.Period("ks", "2021-08")
	p := *ks
	p.Unit = "bolaget"
	ds.Periods = append(ds.Periods, p)
	ds.Ledger = &tertial.LedgerData{
		Outcome: []tertial.LedgerEntry{{Unit: "bolaget", Account: "3010", Month: 202106, Amount: 100}, {Unit: "ks", Account: "5010", Month: 202106, Amount: 100}},
		Charts: []tertial.LedgerChart{
			{Unit: "bolaget", Source: "sie:Fortnox", Year: 2021, Chart: "BAS2024"},
			{Unit: "ks", Source: "sie:Fortnox", Year: 2021, Chart: "BAS2024"},
		},
	}
	for _, c := range []struct {
		unit string
		want bool
	}{{"bolaget", false}, {"ks", true}} {
		findings, err := report.Check(ds, c.unit, "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		got := false
		for _, f := range findings {
			if strings.Contains(f.What, "inte Kommun-Bas") {
				got = true
			}
		}
		if got != c.want {
			t.Errorf("%s: a finding of the BAS chart: %v, want %v", c.unit, got, c.want)
		}
	}
}

// TestStatementNoticeWithoutLedger: a report whose unit has no books says so in a whole
// sentence ("… någon resultaträkning"), not "så resultaträkning kan inte ställas upp".
func TestStatementNoticeWithoutLedger(t *testing.T) {
	ds := councilDataset(t)
	ds.Ledger = &tertial.LedgerData{}
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	var notices []string
	for _, b := range allBlocks(doc.Sections) {
		if n, ok := b.(*report.Notice); ok {
			notices = append(notices, n.Text)
		}
	}
	all := strings.Join(notices, "\n")
	if !strings.Contains(all, "så det går inte att ställa upp någon resultaträkning.") || strings.Contains(all, "så resultaträkning kan inte") {
		t.Errorf("the notices: %q", all)
	}
}

// TestNetCostReconciliationWithoutBoards: an avstämning with no board period to take net
// costs from says so, in the report and in the check, instead of showing the whole of
// verksamhetens nettokostnader as the difference.
func TestNetCostReconciliationWithoutBoards(t *testing.T) {
	ds := councilDataset(t)
	for i := range ds.Templates {
		if ds.Templates[i].ID == "arsredovisning" {
			ds.Templates[i].Sections = append(ds.Templates[i].Sections, tertial.Section{Kind: tertial.SectionNetCostReconciliation, Ref: "drift", Title: "Avstämning"})
		}
	}
	var kept []tertial.Period
	for _, p := range ds.Periods {
		if p.Unit == "kf" {
			kept = append(kept, p)
		}
	}
	ds.Periods = kept
	findings, err := report.Check(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, f := range findings {
		if strings.Contains(f.What, "ingen nämnd har en period") {
			found = append(found, f.String())
			if !f.Blocking() {
				t.Errorf("not blocking in an annual report: %s", f)
			}
		}
		if strings.Contains(f.What, "differens") || strings.Contains(f.What, "skiljer") {
			t.Errorf("a difference reported without boards: %s", f)
		}
	}
	if len(found) != 1 || !strings.Contains(found[0], `"drift"`) {
		t.Errorf("findings of the avstämning: %q", found)
	}
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	var notices []string
	for _, b := range allBlocks(doc.Sections) {
		switch x := b.(type) {
		case *report.Notice:
			notices = append(notices, x.Text)
		case *report.Table:
			if strings.Contains(x.Caption, "Avstämning") {
				t.Errorf("an avstämning table without boards: %s", x.Caption)
			}
		}
	}
	if !strings.Contains(strings.Join(notices, "\n"), "Avstämningen kunde inte göras: ingen nämnd har en period") {
		t.Errorf("notices %q", notices)
	}
}

// allBlocks returns the blocks of the sections and of their subsections, in order.
func allBlocks(ss []*report.Section) []report.Block {
	var out []report.Block
	for _, s := range ss {
		out = append(out, s.Blocks...)
		out = append(out, allBlocks(s.Sections)...)
	}
	return out
}

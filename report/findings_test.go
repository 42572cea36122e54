package report_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// TestFindingsInWords: each finding names its item by title in a sentence, has the
// severity of its kind and belongs to the workflow section of its item.
func TestFindingsInWords(t *testing.T) {
	ds := demoDataset(t)
	per := ds.Period("ks", "2021-08")
	// Take a forecast away and empty a text the template shows.
	rows := per.MoneyTables[0].Rows[1].Rows
	for i := range rows {
		if rows[i].ID == "personal" {
			delete(rows[i].Amounts, tertial.ColForecast)
		}
	}
	for i := range per.Texts {
		if per.Texts[i].ID == "lokaler" {
			per.Texts[i].Body = ""
		}
	}
	fs, err := report.Check(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	find := func(text string) *report.Finding {
		for i := range fs {
			if strings.HasPrefix(fs[i].Words(), text) {
				return &fs[i]
			}
		}
		t.Fatalf("no finding %q among %d", text, len(fs))
		return nil
	}
	for _, c := range []struct {
		text    string
		kind    report.FindingKind
		item    report.Item
		section string
		sev     report.Severity
	}{
		{"Målet «Skattemedel används effektivt» saknar bedömning (uppnås, uppnås delvis eller uppnås ej)", report.FindGoalAssessment,
			report.Item{Kind: report.ItemGoal, ID: "nm-skattemedel"}, report.SectionKeyGoals, report.Blocking},
		{"Indikatorn «Invånare som är nöjda med utbudet av lekplatser» saknar värde för 2021 och en anteckning om varför", report.FindIndicatorValue,
			report.Item{Kind: report.ItemIndicator, ID: "nojda-lekplatser", Year: 2021}, report.SectionKeyGoals, report.Blocking},
		{"Indikatorn «Sjukfrånvaro (KS)» har ett värde för 2021 men inget etappmål", report.FindTarget,
			report.Item{Kind: report.ItemIndicator, ID: "sjukfranvaro-ks", Year: 2021}, report.SectionKeyGoals, report.Warning},
		{"Raden «Personal» i tabellen «Driftredovisning» saknar prognos", report.FindForecast,
			report.Item{Kind: report.ItemMoneyRow, ID: "personal", Table: "drift"}, report.SectionKeyEconomy, report.Blocking},
		{"Texten «Lokaler» är tom", report.FindEmptyText, report.Item{Kind: report.ItemText, ID: "lokaler"}, report.SectionKeyTexts, report.Blocking},
		{"Avsnittet «Verksamhetsområde/liknande» (tabell) i mallen «Delårsrapport»:", report.FindLayout, report.Item{}, "", report.Warning},
	} {
		f := find(c.text)
		if f.Kind != c.kind || f.Item != c.item || f.Section() != c.section || f.Severity() != c.sev || f.Blocking() != (c.sev == report.Blocking) {
			t.Errorf("%s: kind %s, item %+v, section %q, severity %s", c.text, f.Kind, f.Item, f.Section(), f.Severity())
		}
	}
	for _, f := range fs {
		if w := f.Words(); strings.Contains(w, "nm-") || strings.Contains(w, "free_table") {
			t.Errorf("a finding names an internal id: %q", w)
		}
	}
}

// TestEveryKindHasASeverity: the one table of severities covers every kind Check uses.
func TestEveryKindHasASeverity(t *testing.T) {
	for _, k := range []report.FindingKind{report.FindGoalAssessment, report.FindGoalAnalysis, report.FindIndicatorValue, report.FindTarget,
		report.FindStatus, report.FindComment, report.FindDue, report.FindForecast, report.FindBudgetFrame, report.FindUnmapped,
		report.FindSum, report.FindEmptyText, report.FindHidden, report.FindLayout, report.FindBoardAssessment} {
		if _, ok := report.Severities[k]; !ok {
			t.Errorf("%s has no severity", k)
		}
	}
	ds := demoDataset(t)
	secs, err := report.WorkflowSections(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, s := range secs {
		keys = append(keys, s.Key+"="+s.Title)
	}
	if got := strings.Join(keys, ","); got != "mal=Mål och resultat,ekonomi=Ekonomi,tabeller=Tabeller,texter=Texter,internkontroll=Intern kontroll" {
		t.Errorf("workflow sections: %s", got)
	}
	if _, err := report.WorkflowSections(ds, "ks", "finns-inte"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
		t.Errorf("unknown period: %v", err)
	}
}

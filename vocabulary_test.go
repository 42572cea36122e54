package tertial_test

import (
	"testing"

	"github.com/tertial/tertial"
)

// TestDefaultWords: the defaults follow the period's kind. An interim report keeps
// Huddinge's words; an annual report never speaks of forecasts, preliminary assessments
// or a cut-off date.
func TestDefaultWords(t *testing.T) {
	for _, c := range []struct {
		term tertial.Term
		kind tertial.PeriodKind
		want string
	}{
		{tertial.TermCutoff, tertial.PeriodInterim, "Brytdatum"},
		{tertial.TermCutoff, tertial.PeriodAnnual, "Räkenskapsår"},
		{tertial.TermOverallAssessment, tertial.PeriodInterim, "Preliminär bedömning"},
		{tertial.TermOverallAssessment, tertial.PeriodAnnual, "Bedömning"},
		{tertial.TermProvisional, tertial.PeriodInterim, "preliminär bedömning"},
		{tertial.TermProvisional, tertial.PeriodAnnual, ""},
		{tertial.TermAssignment, tertial.PeriodAnnual, "Uppdrag"},
		{"bogus", tertial.PeriodInterim, ""},
	} {
		if got := tertial.DefaultWord(c.term, c.kind); got != c.want {
			t.Errorf("DefaultWord(%s, %s) = %q, want %q", c.term, c.kind, got, c.want)
		}
	}
	m := tertial.Municipality{Vocabulary: tertial.Vocabulary{tertial.TermAssignment: "Aktivitet"}}
	if got := m.Word(tertial.TermAssignment, tertial.PeriodInterim); got != "Aktivitet" {
		t.Errorf("own word: %q", got)
	}
	if got := m.Word(tertial.TermCutoff, tertial.PeriodAnnual); got != "Räkenskapsår" {
		t.Errorf("a term the municipality leaves out: %q", got)
	}
}

// TestScales: a municipality without scales has the default ones, which hold every
// assessment and status Tertial knows; one with its own goal scale keeps the defaults of
// the other kinds.
func TestScales(t *testing.T) {
	var m tertial.Municipality
	for _, a := range tertial.Assessments {
		if l, ok := m.Level(tertial.ScaleGoals, string(a)); !ok || l.Name == "" || l.Symbol == "" {
			t.Errorf("default goal scale lacks %s: %+v", a, l)
		}
	}
	for _, s := range tertial.Statuses {
		if l, ok := m.Level(tertial.ScaleStatuses, string(s)); !ok || l.Name == "" || l.Symbol == "" {
			t.Errorf("default status scale lacks %s", s)
		}
	}
	if l, _ := m.Level(tertial.ScaleGoals, "not_assessable"); l.Name != "Kan inte bedömas" {
		t.Errorf("not_assessable is %q", l.Name)
	}
	m.Scales = map[tertial.ScaleKind][]tertial.ScaleLevel{tertial.ScaleGoals: {{ID: "helt", Name: "Helt uppfyllt", Symbol: "😊"}}}
	if _, ok := m.Level(tertial.ScaleGoals, "achieved"); ok {
		t.Error("an own goal scale still has the default levels")
	}
	if _, ok := m.Level(tertial.ScaleStatuses, "done"); !ok {
		t.Error("an own goal scale took away the default status scale")
	}
}

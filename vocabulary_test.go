package tertial_test

import (
	"math"
	"strconv"
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
		{tertial.TermForecast, tertial.PeriodInterim, "Prognos"},
		{tertial.TermForecast, tertial.PeriodAnnual, "Utfall"},
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

// contrast is the WCAG 2.1 contrast ratio of two colours written RRGGBB.
func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	lum := func(hex string) float64 {
		v, err := strconv.ParseUint(hex, 16, 32)
		if err != nil || len(hex) != 6 {
			t.Fatalf("%q is not RRGGBB", hex)
		}
		var l float64
		for i, w := range []float64{0.2126, 0.7152, 0.0722} {
			c := float64((v>>(16-8*i))&0xff) / 255
			if c <= 0.03928 {
				c /= 12.92
			} else {
				c = math.Pow((c+0.055)/1.055, 2.4)
			}
			l += w * c
		}
		return l
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestColourContrast: every colour of the palette meets WCAG 2.1 AA (4.5:1) as ink on
// white and on its own fill, and its fill under the reports' text colour; a name outside
// the palette has no shades.
func TestColourContrast(t *testing.T) {
	const text, white = "1B1B1B", "FFFFFF"
	for _, c := range tertial.Colours {
		if c.Name() == "" {
			t.Errorf("%s has no Swedish name", c)
		}
		for _, pair := range [][3]string{{"ink on white", c.Ink(), white}, {"ink on the fill", c.Ink(), c.Fill()}, {"text on the fill", text, c.Fill()}} {
			if r := contrast(t, pair[1], pair[2]); r < 4.5 {
				t.Errorf("%s, %s: contrast %.2f, want at least 4.5", c, pair[0], r)
			}
		}
	}
	if c := tertial.Colour("purple"); c.Ink() != "" || c.Fill() != "" || tertial.Colour("").Fill() != "" {
		t.Error("a colour outside the palette has shades")
	}
}

// TestCheckLevels: assessments and statuses are checked against the municipality's
// scales, and the message lists the scale's levels.
func TestCheckLevels(t *testing.T) {
	var def tertial.Municipality
	own := tertial.Municipality{Scales: map[tertial.ScaleKind][]tertial.ScaleLevel{
		tertial.ScaleGoals:    {{ID: "helt", Name: "Helt uppfyllt"}, {ID: "inte", Name: "Inte uppfyllt"}},
		tertial.ScaleStatuses: {{ID: "done", Name: "Klar"}},
	}}
	for _, c := range []struct {
		got, want string
	}{
		{def.CheckAssessment(tertial.AssessPartly), ""},
		{def.CheckAssessment(""), ""},
		{def.CheckAssessment("helt"), `okänd bedömning "helt": ska vara en av achieved, partly, not_achieved, not_assessable`},
		{own.CheckAssessment("helt"), ""},
		{own.CheckAssessment(tertial.AssessPartly), `okänd bedömning "partly": ska vara en av helt, inte`},
		{def.CheckStatus(tertial.StatusStarted), ""},
		{own.CheckStatus(tertial.StatusStarted), `status "started" finns inte i kommunens statusskala: ska vara en av done`},
		{own.CheckStatus("bogus"), `okänd status "bogus": ska vara en av done`},
		{own.CheckStatus(""), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

package compute_test

import (
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/sv"
)

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		n      int
		neuter bool
		want   string
	}{{0, false, "noll"}, {1, false, "en"}, {1, true, "ett"}, {2, true, "två"}, {6, false, "sex"}, {12, false, "tolv"}, {13, false, "13"}} {
		if got := compute.Number(c.n, c.neuter); got != c.want {
			t.Errorf("Number(%d, %v) = %q, want %q", c.n, c.neuter, got, c.want)
		}
	}
}

func TestIndicatorSentence(t *testing.T) {
	for _, c := range []struct {
		counts compute.IndicatorCounts
		want   string
	}{
		{compute.IndicatorCounts{Reaches: 4, Misses: 2},
			"Inom ekonomisk hållbarhet rapporterar kommunstyrelsen resultat på sex indikatorer där fyra uppnår etappmålet och två inte gör det."},
		{compute.IndicatorCounts{Reaches: 2, Approaches: 1},
			"Inom ekonomisk hållbarhet rapporterar kommunstyrelsen resultat på tre indikatorer där två uppnår etappmålet och en närmar sig det."},
		{compute.IndicatorCounts{Reaches: 1, Misses: 1},
			"Inom ekonomisk hållbarhet rapporterar kommunstyrelsen resultat på två indikatorer där en uppnår etappmålet och en inte gör det."},
		{compute.IndicatorCounts{Misses: 2, NotAssessed: 1},
			"Inom ekonomisk hållbarhet rapporterar kommunstyrelsen resultat på tre indikatorer där två inte uppnår etappmålet och en inte kan bedömas."},
		{compute.IndicatorCounts{Reaches: 3},
			"Inom ekonomisk hållbarhet rapporterar kommunstyrelsen resultat på tre indikatorer där samtliga uppnår etappmålet."},
		{compute.IndicatorCounts{Approaches: 1},
			"Inom ekonomisk hållbarhet rapporterar kommunstyrelsen resultat på en indikator, som närmar sig etappmålet."},
		{compute.IndicatorCounts{},
			"Inom ekonomisk hållbarhet rapporterar kommunstyrelsen ännu inga resultat på indikatorer."},
		{compute.IndicatorCounts{Reaches: 13, Misses: 1},
			"Inom ekonomisk hållbarhet rapporterar kommunstyrelsen resultat på 14 indikatorer där 13 uppnår etappmålet och en inte gör det."},
	} {
		if got := compute.IndicatorSentence("ekonomisk hållbarhet", "Kommunstyrelsen", c.counts); got != c.want {
			t.Errorf("%+v:\n got %q\nwant %q", c.counts, got, c.want)
		}
	}
}

func TestGoalSentence(t *testing.T) {
	for _, c := range []struct {
		goals, areas int
		want         string
	}{
		{2, 1, "Kommunstyrelsen har totalt två mål kopplade till målområdet."},
		{1, 1, "Kommunstyrelsen har totalt ett mål kopplat till målområdet."},
		{0, 1, "Kommunstyrelsen har inga mål kopplade till målområdet."},
		{6, 2, "Kommunstyrelsen har totalt sex mål kopplade till målområdena."},
	} {
		if got := compute.GoalSentence("kommunstyrelsen", c.goals, c.areas, compute.DefaultNouns); got != c.want {
			t.Errorf("%d goals: %q", c.goals, got)
		}
	}
}

func TestAssignmentSentences(t *testing.T) {
	for _, c := range []struct {
		by   map[tertial.Status]int
		want string
	}{
		{map[tertial.Status]int{tertial.StatusWillComplete: 2, tertial.StatusLikelyComplete: 1},
			"Det finns tre uppdrag kopplade till målen och av dessa bedöms två genomföras under året och ett troligen genomföras."},
		{map[tertial.Status]int{tertial.StatusWillComplete: 3, tertial.StatusNotComplete: 1},
			"Det finns fyra uppdrag kopplade till målen och av dessa bedöms tre genomföras under året och ett inte kunna slutföras i år."},
		{map[tertial.Status]int{tertial.StatusWillComplete: 1},
			"Det finns ett uppdrag kopplat till målen och det bedöms genomföras under året."},
		{map[tertial.Status]int{tertial.StatusCancelled: 2},
			"Det finns två uppdrag kopplade till målen och samtliga bedöms vara avbrutna."},
		{map[tertial.Status]int{},
			"Det finns inga uppdrag kopplade till målen."},
		{map[tertial.Status]int{tertial.StatusDone: 1, tertial.StatusNone: 2},
			"Det finns tre uppdrag kopplade till målen och av dessa bedöms ett vara genomfört. Två saknar bedömning."},
		{map[tertial.Status]int{tertial.StatusNone: 1},
			"Det finns ett uppdrag kopplat till målen. Det saknar bedömning."},
	} {
		if got := compute.AssignmentSentences(c.by, compute.DefaultNouns); got != c.want {
			t.Errorf("%v:\n got %q\nwant %q", c.by, got, c.want)
		}
	}
}

// TestSentencesInOwnWords: a municipality that says "Aktivitet" for assignments,
// "Inriktning" for goal areas and "Målsättning" for goals gets sentences in those words,
// inflected.
func TestSentencesInOwnWords(t *testing.T) {
	w := compute.Nouns{Goal: sv.NounOf("Målsättning"), GoalArea: sv.NounOf("Inriktning"), Assignment: sv.NounOf("Aktivitet")}
	for _, c := range []struct{ got, want string }{
		{compute.GoalSentence("kultur- och fritidsnämnden", 2, 1, w), "Kultur- och fritidsnämnden har totalt två målsättningar kopplade till inriktningen."},
		{compute.GoalSentence("kultur- och fritidsnämnden", 1, 2, w), "Kultur- och fritidsnämnden har totalt en målsättning kopplad till inriktningarna."},
		{compute.AssignmentSentences(map[tertial.Status]int{tertial.StatusWillComplete: 2, tertial.StatusLikelyComplete: 1}, w),
			"Det finns tre aktiviteter kopplade till målsättningarna och av dessa bedöms två genomföras under året och en troligen genomföras."},
		{compute.AssignmentSentences(map[tertial.Status]int{tertial.StatusDone: 1}, w),
			"Det finns en aktivitet kopplad till målsättningarna och den bedöms vara genomförd."},
		{compute.AssignmentSentences(map[tertial.Status]int{tertial.StatusStarted: 1, tertial.StatusNone: 1}, w),
			"Det finns två aktiviteter kopplade till målsättningarna och av dessa bedöms en vara påbörjad. En saknar bedömning."},
		{compute.AssignmentSentences(map[tertial.Status]int{tertial.StatusNone: 2}, w),
			"Det finns två aktiviteter kopplade till målsättningarna. Ingen av dem har någon bedömning."},
		{compute.AssignmentSentences(nil, w), "Det finns inga aktiviteter kopplade till målsättningarna."},
	} {
		if c.got != c.want {
			t.Errorf("\n got %q\nwant %q", c.got, c.want)
		}
	}
}

func TestInternalControlSentences(t *testing.T) {
	for _, c := range []struct {
		controls, done, actions, notDone int
		want                             string
	}{
		{10, 10, 5, 4, "Samtliga inplanerade systematiska kontroller bedöms genomföras under året. Totalt förväntas fyra inplanerade åtgärder inte genomföras."},
		{3, 2, 2, 0, "Två av tre inplanerade systematiska kontroller bedöms genomföras under året. Samtliga inplanerade åtgärder förväntas genomföras."},
		{1, 0, 1, 1, "Den inplanerade systematiska kontrollen bedöms inte genomföras under året. Totalt förväntas en inplanerad åtgärd inte genomföras."},
		{0, 0, 0, 0, ""},
	} {
		if got := compute.InternalControlSentences(c.controls, c.done, c.actions, c.notDone, false); got != c.want {
			t.Errorf("%+v:\n got %q\nwant %q", c, got, c.want)
		}
	}
	// An annual report states what was done.
	for _, c := range []struct {
		controls, done, actions, notDone int
		want                             string
	}{
		{10, 10, 5, 4, "Samtliga inplanerade systematiska kontroller har genomförts under året. Totalt har fyra inplanerade åtgärder inte genomförts."},
		{3, 2, 2, 0, "Två av tre inplanerade systematiska kontroller har genomförts under året. Samtliga inplanerade åtgärder har genomförts."},
		{1, 0, 1, 1, "Den inplanerade systematiska kontrollen har inte genomförts under året. Totalt har en inplanerad åtgärd inte genomförts."},
	} {
		if got := compute.InternalControlSentences(c.controls, c.done, c.actions, c.notDone, true); got != c.want {
			t.Errorf("annual %+v:\n got %q\nwant %q", c, got, c.want)
		}
	}
}

// TestGoalAssessmentSentences: goals are counted by assessment in the scale's order and
// words, as "30 delmål: 8 uppfyllda, 3 delvis, 19 inte" would be; nothing is said when no
// goal is assessed.
func TestGoalAssessmentSentences(t *testing.T) {
	def := func(a, p, n, x int) []compute.LevelCount {
		return []compute.LevelCount{{"Uppnås", a}, {"Uppnås delvis", p}, {"Uppnås ej", n}, {"Kan inte bedömas", x}}
	}
	for _, c := range []struct {
		noun   string
		total  int
		levels []compute.LevelCount
		want   string
	}{
		{"nämndmål", 6, def(2, 3, 1, 0), "Av sex nämndmål har två bedömningen uppnås, tre uppnås delvis och ett uppnås ej."},
		{"delmål", 30, []compute.LevelCount{{"Helt uppfyllt", 8}, {"Delvis uppfyllt", 3}, {"Inte uppfyllt", 19}},
			"Av 30 delmål har åtta bedömningen helt uppfyllt, tre delvis uppfyllt och 19 inte uppfyllt."},
		{"mål", 1, def(0, 0, 1, 0), "Ett mål har bedömningen uppnås ej."},
		{"mål", 4, def(4, 0, 0, 0), "Samtliga fyra mål har bedömningen uppnås."},
		{"mål", 2, def(2, 0, 0, 0), "Av två mål har två bedömningen uppnås."},
		{"mål", 4, def(0, 0, 0, 3), "Av fyra mål har tre bedömningen kan inte bedömas. Ett saknar bedömning."},
		{"målsättning", 5, def(1, 0, 1, 0), "Av fem målsättningar har en bedömningen uppnås och en uppnås ej. Tre saknar bedömning."},
		{"mål", 3, def(0, 0, 0, 0), ""},
		{"mål", 0, def(0, 0, 0, 0), ""},
	} {
		if got := compute.GoalAssessmentSentences(sv.NounOf(c.noun), c.total, c.levels); got != c.want {
			t.Errorf("%s %d %v:\n got %q\nwant %q", c.noun, c.total, c.levels, got, c.want)
		}
	}
}

package compute

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

var numberWords = []string{"noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"}

// Number writes n the way the reports do: in words up to twelve, with the gender of the
// noun it counts ("en indikator", "ett uppdrag"), and in digits above.
func Number(n int, neuter bool) string {
	switch {
	case n == 1 && neuter:
		return "ett"
	case n >= 0 && n < len(numberWords):
		return numberWords[n]
	}
	return strconv.Itoa(n)
}

// Lower returns s with its first letter lower case, for a name inside a sentence
// ("kommunstyrelsen").
func Lower(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}

// IndicatorCounts counts a dimension's indicators that have a result for the year, by how
// they compare with their stage target.
type IndicatorCounts struct {
	Reaches, Approaches, Misses, NotAssessed int
}

// Total returns the number of indicators with a result.
func (c IndicatorCounts) Total() int { return c.Reaches + c.Approaches + c.Misses + c.NotAssessed }

// Add counts one assessment if the indicator has a result for the year.
func (c *IndicatorCounts) Add(a Assessment) {
	if !a.HasResult() {
		return
	}
	switch a.Result {
	case Reaches:
		c.Reaches++
	case Approaches:
		c.Approaches++
	case Misses:
		c.Misses++
	default:
		c.NotAssessed++
	}
}

// IndicatorSentence writes how many indicators the unit reports a result on within a
// dimension and how they compare with their stage targets: "Inom ekonomisk hållbarhet
// rapporterar kommunstyrelsen resultat på sex indikatorer där fyra uppnår etappmålet och
// två inte gör det."
func IndicatorSentence(dimension, unit string, c IndicatorCounts) string {
	start := "Inom " + dimension + " rapporterar " + Lower(unit)
	n := c.Total()
	if n == 0 {
		return start + " ännu inga resultat på indikatorer."
	}
	type part struct {
		n                 int
		first, later, one string
	}
	parts := []part{
		{c.Reaches, "uppnår etappmålet", "uppnår det", "som uppnår etappmålet"},
		{c.Approaches, "närmar sig etappmålet", "närmar sig det", "som närmar sig etappmålet"},
		{c.Misses, "inte uppnår etappmålet", "inte gör det", "som inte uppnår etappmålet"},
		{c.NotAssessed, "inte kan bedömas mot etappmålet", "inte kan bedömas", "som inte kan bedömas mot etappmålet"},
	}
	if n == 1 {
		for _, p := range parts {
			if p.n == 1 {
				return start + " resultat på en indikator, " + p.one + "."
			}
		}
	}
	var words []string
	for _, p := range parts {
		switch {
		case p.n == 0:
		case p.n == n:
			return start + " resultat på " + Number(n, false) + " indikatorer där samtliga " + p.first + "."
		case len(words) == 0:
			words = append(words, Number(p.n, false)+" "+p.first)
		default:
			words = append(words, Number(p.n, false)+" "+p.later)
		}
	}
	return start + " resultat på " + Number(n, false) + " indikatorer där " + tertial.JoinAnd(words) + "."
}

// Nouns are the words a summary counts goals, goal areas and assignments with: the
// municipality's vocabulary ("Aktivitet" for assignments) in the forms sentences need.
type Nouns struct {
	Goal, GoalArea, Assignment sv.Noun
}

// DefaultNouns are the default words: mål, målområde, uppdrag.
var DefaultNouns = Nouns{Goal: sv.NounOf("mål"), GoalArea: sv.NounOf("målområde"), Assignment: sv.NounOf("uppdrag")}

// GoalSentence writes how many of the unit's goals a goal area has, in the words of w:
// "Kommunstyrelsen har totalt två mål kopplade till målområdet."
func GoalSentence(unit string, goals, areas int, w Nouns) string {
	g, area := w.Goal, w.GoalArea.Definite(areas > 1)
	switch goals {
	case 0:
		return tertial.Capitalize(unit) + " har inga " + g.Plural + " kopplade till " + area + "."
	case 1:
		return tertial.Capitalize(unit) + " har totalt " + g.Count(1) + " " + g.Agree(1, "kopplad", "kopplat", "") + " till " + area + "."
	}
	return tertial.Capitalize(unit) + " har totalt " + g.Count(goals) + " kopplade till " + area + "."
}

// LevelCount is how many goals have one level of an assessment scale.
type LevelCount struct {
	Name string // the level's name: "Uppnås delvis", "Helt uppfyllt"
	N    int
}

// GoalAssessmentSentences writes how a unit's goals are assessed, with the scale's names
// in the scale's order: "Av sex nämndmål har två bedömningen uppnås, tre uppnås delvis och
// ett uppnås ej." goal is the word for the goals ("nämndmål", "målsättning"). total counts
// the goals with and without an assessment; those without are counted in a sentence of
// their own. It returns "" when no goal has an assessment, so that a report whose goals
// are not assessed says nothing of it.
func GoalAssessmentSentences(goal sv.Noun, total int, levels []LevelCount) string {
	neuter := goal.Neuter
	assessed := 0
	var parts []string
	for _, l := range levels {
		if l.N == 0 {
			continue
		}
		assessed += l.N
		parts = append(parts, Number(l.N, neuter)+" "+Lower(l.Name))
	}
	if assessed == 0 {
		return ""
	}
	var s string
	switch {
	case total == 1:
		s = tertial.Capitalize(goal.Count(1)) + " har bedömningen " + Lower(levels[firstWith(levels)].Name) + "."
	case len(parts) == 1 && assessed == total && total > 2:
		s = "Samtliga " + goal.Count(total) + " har bedömningen " + Lower(levels[firstWith(levels)].Name) + "."
	default:
		// The first count reads "har två bedömningen uppnås"; the later ones leave out
		// "bedömningen".
		first, rest, _ := strings.Cut(parts[0], " ")
		parts[0] = first + " bedömningen " + rest
		s = "Av " + goal.Count(total) + " har " + tertial.JoinAnd(parts) + "."
	}
	switch missing := total - assessed; {
	case missing == 1:
		s += " " + tertial.Capitalize(Number(1, neuter)) + " saknar bedömning."
	case missing > 1:
		s += " " + tertial.Capitalize(Number(missing, neuter)) + " saknar bedömning."
	}
	return s
}

// firstWith returns the index of the first level with goals.
func firstWith(levels []LevelCount) int {
	for i, l := range levels {
		if l.N > 0 {
			return i
		}
	}
	return -1
}

// statusPhrases says, after "bedöms", what an assignment of each status is judged to do:
// singular of an en-word, singular of an ett-word ("uppdrag"), and plural.
var statusPhrases = []struct {
	status                 tertial.Status
	common, neuter, plural string
}{
	{tertial.StatusDone, "vara genomförd", "vara genomfört", "vara genomförda"},
	{tertial.StatusWillComplete, "genomföras under året", "genomföras under året", "genomföras under året"},
	{tertial.StatusLikelyComplete, "troligen genomföras", "troligen genomföras", "troligen genomföras"},
	{tertial.StatusOnTrack, "pågå enligt plan", "pågå enligt plan", "pågå enligt plan"},
	{tertial.StatusStarted, "vara påbörjad", "vara påbörjat", "vara påbörjade"},
	{tertial.StatusNotStarted, "inte vara påbörjad", "inte vara påbörjat", "inte vara påbörjade"},
	{tertial.StatusNotComplete, "inte kunna slutföras i år", "inte kunna slutföras i år", "inte kunna slutföras i år"},
	{tertial.StatusCancelled, "vara avbruten", "vara avbrutet", "vara avbrutna"},
}

// AssignmentSentences writes how many assignments the goals have and how they are judged,
// in the words of w: "Det finns tre uppdrag kopplade till målen och av dessa bedöms två
// genomföras under året och ett troligen genomföras." Assignments without a status are
// counted in a sentence of their own.
func AssignmentSentences(byStatus map[tertial.Status]int, w Nouns) string {
	a, goals := w.Assignment, w.Goal.Definite(true)
	n := 0
	for _, c := range byStatus {
		n += c
	}
	if n == 0 {
		return "Det finns inga " + a.Plural + " kopplade till " + goals + "."
	}
	// The words that agree with one assignment: "ett"/"en", "det"/"den", "inget"/"ingen".
	one, it, none := "en", "den", "ingen"
	if a.Neuter {
		one, it, none = "ett", "det", "inget"
	}
	missing := byStatus[tertial.StatusNone]
	var parts []string
	for _, p := range statusPhrases {
		c := byStatus[p.status]
		singular := a.Agree(1, p.common, p.neuter, p.plural)
		switch {
		case c == 0:
		case c == n && n > 1:
			return "Det finns " + a.Count(n) + " kopplade till " + goals + " och samtliga bedöms " + p.plural + "."
		case c == 1 && n == 1:
			return "Det finns " + a.Count(1) + " " + a.Agree(1, "kopplad", "kopplat", "") + " till " + goals + " och " + it + " bedöms " + singular + "."
		case c == 1:
			parts = append(parts, one+" "+singular)
		default:
			parts = append(parts, Number(c, a.Neuter)+" "+p.plural)
		}
	}
	var s string
	if n == 1 {
		s = "Det finns " + a.Count(1) + " " + a.Agree(1, "kopplad", "kopplat", "") + " till " + goals + "."
	} else {
		s = "Det finns " + a.Count(n) + " kopplade till " + goals
		if len(parts) > 0 {
			s += " och av dessa bedöms " + tertial.JoinAnd(parts)
		}
		s += "."
	}
	switch {
	case missing == 1 && n == 1:
		s += " " + tertial.Capitalize(it) + " saknar bedömning."
	case missing == n:
		s += " " + tertial.Capitalize(none) + " av dem har någon bedömning."
	case missing == 1:
		s += " " + tertial.Capitalize(one) + " saknar bedömning."
	case missing > 1:
		s += " " + tertial.Capitalize(Number(missing, a.Neuter)) + " saknar bedömning."
	}
	return s
}

// InternalControlSentences summarises internal control: how many systematic controls are
// expected to be carried out, and how many planned actions (risk-reducing actions and
// actions on audit findings) are expected not to be. An annual report (annual) states what
// was done instead of what is expected.
func InternalControlSentences(controls, controlsDone, actions, actionsNotDone int, annual bool) string {
	// The verbs of an interim report, and of an annual one.
	willBe, willNotBe, expected, expectedNot := "bedöms genomföras under året", "bedöms inte genomföras under året", "förväntas genomföras", "förväntas %s inte genomföras"
	if annual {
		willBe, willNotBe, expected, expectedNot = "har genomförts under året", "har inte genomförts under året", "har genomförts", "har %s inte genomförts"
	}
	var s []string
	switch {
	case controls == 0:
	case controlsDone == controls:
		s = append(s, "Samtliga inplanerade systematiska kontroller "+willBe+".")
	case controls == 1:
		s = append(s, "Den inplanerade systematiska kontrollen "+willNotBe+".")
	default:
		s = append(s, tertial.Capitalize(Number(controlsDone, false))+" av "+Number(controls, false)+" inplanerade systematiska kontroller "+willBe+".")
	}
	switch {
	case actions == 0:
	case actionsNotDone == 0:
		s = append(s, "Samtliga inplanerade åtgärder "+expected+".")
	case actionsNotDone == 1:
		s = append(s, "Totalt "+fmt.Sprintf(expectedNot, "en inplanerad åtgärd")+".")
	default:
		s = append(s, "Totalt "+fmt.Sprintf(expectedNot, Number(actionsNotDone, false)+" inplanerade åtgärder")+".")
	}
	return strings.Join(s, " ")
}

// Done reports whether a status means the item is or will be carried out this year.
func Done(s tertial.Status) bool {
	return s == tertial.StatusDone || s == tertial.StatusWillComplete || s == tertial.StatusOnTrack
}

// NotDone reports whether a status means the item will not be carried out this year.
func NotDone(s tertial.Status) bool {
	return s == tertial.StatusNotComplete || s == tertial.StatusCancelled
}

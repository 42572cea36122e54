package web

import (
	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// noun is a word of the municipality's vocabulary in the forms the site's headings,
// labels and messages need. The methods have value receivers so that templates may call
// them: {{.W.Assignment.New}}.
type noun struct{ n sv.Noun }

// Word is the singular indefinite form: "aktivitet".
func (w noun) Word() string { return w.n.Singular }

// Title is the singular capitalised, as a label: "Aktivitet".
func (w noun) Title() string { return tertial.Capitalize(w.n.Singular) }

// Plural is the plural indefinite form: "aktiviteter".
func (w noun) Plural() string { return w.n.Plural }

// Titles is the plural capitalised, as a heading: "Aktiviteter".
func (w noun) Titles() string { return tertial.Capitalize(w.n.Plural) }

// The is the singular definite form: "aktiviteten", "uppdraget".
func (w noun) The() string { return w.n.Definite(false) }

// Them is the plural definite form: "aktiviteterna", "uppdragen".
func (w noun) Them() string { return w.n.Definite(true) }

// New is the label of a link or heading that adds one: "Ny aktivitet", "Nytt uppdrag".
func (w noun) New() string { return w.n.Agree(1, "Ny", "Nytt", "Nya") + " " + w.n.Singular }

// Agree returns the common or the neuter form of a word agreeing with the singular:
// Agree("överordnad", "överordnat") is "överordnat" before "mål".
func (w noun) Agree(common, neuter string) string { return w.n.Agree(1, common, neuter, "") }

// One is the singular with its article: "en aktivitet", "ett uppdrag".
func (w noun) One() string { return w.n.Count(1) }

// None is "ingen aktivitet", "inget uppdrag".
func (w noun) None() string { return w.n.Agree(1, "ingen", "inget", "inga") + " " + w.n.Singular }

// structWords are what the structure pages call goals, goal areas, indicators and
// assignments: the municipality's vocabulary (tertial.Vocabulary) where it has a word,
// else the default, inflected by sv.NounOf as the reports' summaries are. The pages belong
// to no period, so a term's default is its word for interim reports (the kinds' defaults of
// these terms are all the same).
type structWords struct {
	Goal, Area, Indicator, Assignment noun
}

// structWordsOf returns the municipality's words for the structure pages.
func structWordsOf(m *tertial.Municipality) structWords {
	word := func(t tertial.Term) string { return m.Word(t, "") }
	// An indicator's plural is a term of its own (TermIndicators): the vocabulary gives it
	// rather than the rules of sv.NounOf, unless it names the indicator and not the plural.
	ind := sv.NounOf(word(tertial.TermIndicator))
	_, own := m.Vocabulary[tertial.TermIndicator]
	if _, ownPlural := m.Vocabulary[tertial.TermIndicators]; ownPlural || !own {
		ind.Plural = sv.NounOf(word(tertial.TermIndicators)).Singular
	}
	return structWords{Goal: noun{sv.NounOf(word(tertial.TermGoal))}, Area: noun{sv.NounOf(word(tertial.TermGoalArea))},
		Indicator: noun{ind}, Assignment: noun{sv.NounOf(word(tertial.TermAssignment))}}
}

// Structure is the structure pages' heading and link: "Mål, indikatorer och uppdrag".
func (w structWords) Structure() string {
	return w.Goal.Titles() + ", " + w.Indicator.Plural() + " och " + w.Assignment.Plural()
}

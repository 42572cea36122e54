package tertial

import (
	"fmt"
	"slices"
	"strings"
)

// Term is a word a report or the site shows that differs between municipalities: one says
// "Uppdrag", another "Aktivitet" or "Åtagande"; an interim report says "Brytdatum" and
// "Preliminär bedömning", an annual report "Räkenskapsår" and "Bedömning".
type Term string

// The terms. The comment gives the default for interim reports; TermDefaults has them all.
const (
	TermCutoff             Term = "cutoff"              // Brytdatum: before the date on the cover
	TermDocumentStatus     Term = "document_status"     // Status: the cover's label of the period's status
	TermOrganisation       Term = "organisation"        // Organisation: the cover's label of the unit's name
	TermDecision           Term = "decision"            // Beslut: the cover's label of the board's decision
	TermOverallAssessment  Term = "overall_assessment"  // Preliminär bedömning: the table of assessments per area
	TermArea               Term = "area"                // Område: the first column of that table
	TermGoalArea           Term = "goal_area"           // Målområde: before a goal area's name
	TermAssessment         Term = "assessment"          // Bedömning: a goal's assessment, the indicators' column
	TermProvisional        Term = "provisional"         // preliminär bedömning: an indicator judged on a forecast
	TermForecast           Term = "forecast"            // Prognos: the full year's forecast column (annual: Utfall)
	TermIndicator          Term = "indicator"           // Indikator: the indicator table's first column
	TermIndicators         Term = "indicators"          // Indikatorer: before the goal in the table's caption
	TermStageTarget        Term = "stage_target"        // Etappmål: this year's target column
	TermLongTermTarget     Term = "long_term_target"    // Målvärde: the long-term target column
	TermAssignment         Term = "assignment"          // Uppdrag: the assignment table's caption and column
	TermStatus             Term = "status"              // Status: the assignment table's column
	TermComment            Term = "comment"             // Kommentar: the assignment table's column
	TermProgress           Term = "progress"            // Färdiggrad: an assignment's progress in percent
	TermGoal               Term = "goal"                // mål: goals counted in a summary sentence
	TermSectionSummary     Term = "section_summary"     // Sammanfattning
	TermSectionAssessments Term = "section_assessments" // Samlad bedömning
	TermSectionGoals       Term = "section_goals"       // Mål och resultat
	TermSectionRisks       Term = "section_risks"       // Riskreducerande åtgärder
	TermSectionAudits      Term = "section_audits"      // Åtgärder utifrån granskning
	TermSectionControls    Term = "section_controls"    // Systematiska kontroller
	TermSectionAttachments Term = "section_attachments" // Bilagor
	TermVision             Term = "vision"              // Vision: the vision section's heading when the vision has no title
	TermEconomic           Term = "economic"            // ekonomisk hållbarhet, inside sentences
	TermSocial             Term = "social"              // social hållbarhet
	TermEcological         Term = "ecological"          // ekologisk hållbarhet
)

// TermDefault is a term's word when the municipality gives none: Word for every period
// kind, except the kinds ByKind names.
type TermDefault struct {
	Term   Term
	Word   string
	ByKind map[PeriodKind]string
}

// TermDefaults lists the terms in the order docs/dataset.md lists them, with their default
// words. The defaults for interim reports are Huddinge's words; an annual report states
// outcomes, so its defaults never speak of forecasts or preliminary assessments.
var TermDefaults = []TermDefault{
	{TermCutoff, "Brytdatum", map[PeriodKind]string{PeriodAnnual: "Räkenskapsår"}},
	{TermDocumentStatus, "Status", nil},
	{TermOrganisation, "Organisation", nil},
	{TermDecision, "Beslut", nil},
	{TermOverallAssessment, "Preliminär bedömning", map[PeriodKind]string{PeriodAnnual: "Bedömning", PeriodPlan: "Bedömning"}},
	{TermArea, "Område", nil},
	{TermGoalArea, "Målområde", nil},
	{TermAssessment, "Bedömning", nil},
	{TermProvisional, "preliminär bedömning", map[PeriodKind]string{PeriodAnnual: ""}},
	{TermForecast, "Prognos", map[PeriodKind]string{PeriodAnnual: "Utfall"}},
	{TermIndicator, "Indikator", nil},
	{TermIndicators, "Indikatorer", nil},
	{TermStageTarget, "Etappmål", nil},
	{TermLongTermTarget, "Målvärde", nil},
	{TermAssignment, "Uppdrag", nil},
	{TermStatus, "Status", nil},
	{TermComment, "Kommentar", nil},
	{TermProgress, "Färdiggrad", nil},
	{TermGoal, "mål", nil},
	{TermSectionSummary, "Sammanfattning", nil},
	{TermSectionAssessments, "Samlad bedömning", nil},
	{TermSectionGoals, "Mål och resultat", nil},
	{TermSectionRisks, "Riskreducerande åtgärder", nil},
	{TermSectionAudits, "Åtgärder utifrån granskning", nil},
	{TermSectionControls, "Systematiska kontroller", nil},
	{TermSectionAttachments, "Bilagor", nil},
	{TermVision, "Vision", nil},
	{TermEconomic, "ekonomisk hållbarhet", nil},
	{TermSocial, "social hållbarhet", nil},
	{TermEcological, "ekologisk hållbarhet", nil},
}

// Terms lists the terms a vocabulary may set.
var Terms = func() []Term {
	ts := make([]Term, len(TermDefaults))
	for i, d := range TermDefaults {
		ts[i] = d.Term
	}
	return ts
}()

// DefaultWord returns a term's default word in a period of the kind ("" for an unknown
// term, and for a term a kind leaves unsaid, such as "preliminär bedömning" in an annual
// report).
func DefaultWord(t Term, kind PeriodKind) string {
	for _, d := range TermDefaults {
		if d.Term == t {
			if w, ok := d.ByKind[kind]; ok {
				return w
			}
			return d.Word
		}
	}
	return ""
}

// Vocabulary is a municipality's own words for terms, replacing the defaults in every
// period kind.
type Vocabulary map[Term]string

// Word returns the municipality's word for a term in a period of the kind: its own, or
// the default.
func (m *Municipality) Word(t Term, kind PeriodKind) string {
	if w, ok := m.Vocabulary[t]; ok {
		return w
	}
	return DefaultWord(t, kind)
}

// ScaleKind is the kind of item an assessment scale judges.
type ScaleKind string

// The scale kinds.
const (
	ScaleGoals      ScaleKind = "goals"      // goal assessments, also the period's assessments per area
	ScaleIndicators ScaleKind = "indicators" // an indicator's result against its stage target
	ScaleStatuses   ScaleKind = "statuses"   // assignments' and internal-control items' statuses
)

// ScaleKinds lists the scale kinds in the dataset format's order.
var ScaleKinds = []ScaleKind{ScaleGoals, ScaleIndicators, ScaleStatuses}

// ScaleLevel is one level of an assessment scale: its ID (what follow-ups store), its
// name, a symbol shown before the name and a colour shown with it, never instead of it. A
// scale's levels are in its order, best first.
type ScaleLevel struct {
	ID     string
	Name   string
	Symbol string
	Colour Colour // "": none of its own
}

// Colour is a named colour of the fixed palette a scale level may be shown in. The names
// stand for colours chosen for contrast (WCAG 2.1 AA), not for any RGB a user picks, so
// every report stays readable.
type Colour string

// The palette.
const (
	ColourGreen  Colour = "green"
	ColourYellow Colour = "yellow"
	ColourOrange Colour = "orange"
	ColourRed    Colour = "red"
	ColourGrey   Colour = "grey"
	ColourBlue   Colour = "blue"
)

// Colours lists the palette in the dataset format's order.
var Colours = []Colour{ColourGreen, ColourYellow, ColourOrange, ColourRed, ColourGrey, ColourBlue}

// colourShades are each colour's two shades as RGB hex: the ink for a symbol or text on
// white, and the fill a cell is shaded with under the reports' dark text (#1B1B1B). Each
// ink has a contrast of at least 4.5:1 against white and against its own fill, and each
// fill at least 4.5:1 against the text (TestColourContrast computes them).
var colourShades = map[Colour][2]string{
	ColourGreen:  {"1A6B2F", "D8F0DD"},
	ColourYellow: {"8A5A00", "FFF1B8"},
	ColourOrange: {"A84300", "FFDDC2"},
	ColourRed:    {"A4262C", "F9D7D7"},
	ColourGrey:   {"595959", "E4E4E4"},
	ColourBlue:   {"0B4F8A", "D6E6F7"},
}

// Ink returns the colour for a symbol or text on white as six hex digits (RRGGBB), or ""
// for no colour or one outside the palette.
func (c Colour) Ink() string { return colourShades[c][0] }

// Fill returns the light shade a table cell is filled with, as six hex digits, or "".
func (c Colour) Fill() string { return colourShades[c][1] }

// colourNames are the colours in Swedish, for the site's forms and messages.
var colourNames = map[Colour]string{
	ColourGreen: "grön", ColourYellow: "gul", ColourOrange: "orange", ColourRed: "röd", ColourGrey: "grå", ColourBlue: "blå",
}

// Name returns the colour in Swedish ("grön"), or "" for none.
func (c Colour) Name() string { return colourNames[c] }

// Indicator results as scale level IDs; compute.Result maps onto them.
const (
	ResultReaches     = "reaches"
	ResultApproaches  = "approaches"
	ResultMisses      = "misses"
	ResultNotAssessed = "not_assessed"
)

// DefaultScales are the scales of a municipality that declares none: Huddinge's words and
// symbols. Their levels have no colour of their own: reports colour their symbols as they
// always have (green, amber and red by level), which is what Huddinge's reports show.
var DefaultScales = map[ScaleKind][]ScaleLevel{
	ScaleGoals: {
		{string(AssessAchieved), "Uppnås", "✔", ""},
		{string(AssessPartly), "Uppnås delvis", "◐", ""},
		{string(AssessNotAchieved), "Uppnås ej", "✘", ""},
		{string(AssessNotAssessable), "Kan inte bedömas", "–", ""},
	},
	ScaleIndicators: {
		{ResultReaches, "Uppnår etappmålet", "✔", ""},
		{ResultApproaches, "Närmar sig etappmålet", "◐", ""},
		{ResultMisses, "Uppnår inte etappmålet", "✘", ""},
		{ResultNotAssessed, "Kan inte bedömas", "–", ""},
	},
	ScaleStatuses: {
		{string(StatusDone), "Klart", "✔", ""},
		{string(StatusWillComplete), "Blir klart i år", "●", ""},
		{string(StatusLikelyComplete), "Troligen klart i år", "◐", ""},
		{string(StatusNotComplete), "Ej klart i år", "○", ""},
		{string(StatusOnTrack), "Pågår enligt plan", "●", ""},
		{string(StatusStarted), "Påbörjad", "◐", ""},
		{string(StatusNotStarted), "Ej påbörjad", "○", ""},
		{string(StatusCancelled), "Avbrutet", "✕", ""},
	},
}

// Scale returns the municipality's scale of the kind: its own, or the default.
func (m *Municipality) Scale(kind ScaleKind) []ScaleLevel {
	if s, ok := m.Scales[kind]; ok {
		return s
	}
	return DefaultScales[kind]
}

// Level returns the level of the municipality's scale of the kind with the ID.
func (m *Municipality) Level(kind ScaleKind, id string) (ScaleLevel, bool) {
	for _, l := range m.Scale(kind) {
		if l.ID == id {
			return l, true
		}
	}
	return ScaleLevel{}, false
}

// fixedLevels are the level IDs of the scales whose levels Tertial computes or acts on:
// a municipality may rename, reorder or leave out these levels but not add others.
func fixedLevels(kind ScaleKind) []string {
	switch kind {
	case ScaleIndicators:
		return []string{ResultReaches, ResultApproaches, ResultMisses, ResultNotAssessed}
	case ScaleStatuses:
		ids := make([]string, len(Statuses))
		for i, s := range Statuses {
			ids[i] = string(s)
		}
		return ids
	}
	return nil
}

// levelIDs lists a scale's level IDs, for messages.
func levelIDs(levels []ScaleLevel) string {
	ids := make([]string, len(levels))
	for i, l := range levels {
		ids[i] = l.ID
	}
	return strings.Join(ids, ", ")
}

func (v *validator) vocabulary() {
	m := v.d.Municipality
	terms := make([]string, 0, len(m.Vocabulary))
	for t := range m.Vocabulary {
		terms = append(terms, string(t))
	}
	slices.Sort(terms)
	for _, t := range terms {
		p := "municipality.vocabulary." + t
		if !oneOf(Term(t), Terms) {
			v.addf(p, "okänd term %q: ska vara en av %s", t, list(Terms))
			continue
		}
		if Term(t) != TermProvisional {
			v.required(p, m.Vocabulary[Term(t)])
		}
	}
	for _, kind := range ScaleKinds {
		levels, ok := m.Scales[kind]
		if !ok {
			continue
		}
		p := "municipality.scales." + string(kind)
		if len(levels) == 0 {
			v.addf(p, "skalan har inga nivåer")
			continue
		}
		v.ids(p, len(levels), func(i int) string { return levels[i].ID }, "skalans nivåer")
		fixed := fixedLevels(kind)
		for i, l := range levels {
			q := fmt.Sprintf("%s[%d]", p, i)
			v.required(q+".name", l.Name)
			if l.Colour != "" && !oneOf(l.Colour, Colours) {
				v.addf(q+".colour", "okänd färg %q: ska vara en av %s", l.Colour, list(Colours))
			}
			if fixed != nil && l.ID != "" && !slices.Contains(fixed, l.ID) {
				v.addf(q+".id", "okänd nivå %q: Tertial räknar fram nivåerna, som är %s", l.ID, strings.Join(fixed, ", "))
			}
		}
	}
	for kind := range m.Scales {
		if !oneOf(kind, ScaleKinds) {
			v.addf("municipality.scales."+string(kind), "okänd skala %q: ska vara en av %s", kind, list(ScaleKinds))
		}
	}
}

// CheckAssessment returns what is wrong with a goal assessment, or "": it must be a level
// of the municipality's goal scale (or none). The goal follow-ups of every door and the
// period's assessments per area are checked with it.
func (m *Municipality) CheckAssessment(a Assessment) string {
	if a == AssessNone {
		return ""
	}
	if _, ok := m.Level(ScaleGoals, string(a)); !ok {
		return fmt.Sprintf("okänd bedömning %q: ska vara en av %s", a, levelIDs(m.Scale(ScaleGoals)))
	}
	return ""
}

// CheckStatus returns what is wrong with the status of an assignment or an
// internal-control item, or "": it must be a level of the municipality's status scale (or
// none).
func (m *Municipality) CheckStatus(s Status) string {
	if s == StatusNone {
		return ""
	}
	if _, ok := m.Level(ScaleStatuses, string(s)); ok {
		return ""
	}
	if oneOf(s, Statuses) {
		return fmt.Sprintf("status %q finns inte i kommunens statusskala: ska vara en av %s", s, levelIDs(m.Scale(ScaleStatuses)))
	}
	return fmt.Sprintf("okänd status %q: ska vara en av %s", s, levelIDs(m.Scale(ScaleStatuses)))
}

// assessment checks a period's assessment per area against the municipality's goal scale.
func (v *validator) assessment(path string, a Assessment) {
	if msg := v.d.Municipality.CheckAssessment(a); msg != "" {
		v.addf(path, "%s", msg)
	}
}

package report

import (
	"strconv"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/sv"
)

// Vocab is what a report of one period calls things: the municipality's own words and
// scales, or the defaults of the period's kind.
type Vocab struct {
	m    *tertial.Municipality
	kind tertial.PeriodKind
}

// Words returns the vocabulary of the reports of a period of the dataset.
func Words(ds *tertial.Dataset, per *tertial.Period) Vocab {
	return Vocab{m: &ds.Municipality, kind: per.Kind}
}

// Of returns the word for a term.
func (v Vocab) Of(t tertial.Term) string { return v.m.Word(t, v.kind) }

// Nouns returns the words summaries count goals, goal areas and assignments with.
func (v Vocab) Nouns() compute.Nouns {
	return compute.Nouns{Goal: sv.NounOf(v.Of(tertial.TermGoal)), GoalArea: sv.NounOf(v.Of(tertial.TermGoalArea)),
		Assignment: sv.NounOf(v.Of(tertial.TermAssignment))}
}

// levelClasses give the levels with the default IDs the CSS classes renderers have always
// coloured their symbols by (green, amber, red), unless the level names a colour of its
// own.
var levelClasses = map[tertial.ScaleKind]map[string]string{
	tertial.ScaleGoals: {
		string(tertial.AssessAchieved): "result-reaches", string(tertial.AssessPartly): "result-approaches",
		string(tertial.AssessNotAchieved): "result-misses", string(tertial.AssessNotAssessable): "result-none",
	},
	tertial.ScaleIndicators: {
		tertial.ResultReaches: "result-reaches", tertial.ResultApproaches: "result-approaches",
		tertial.ResultMisses: "result-misses", tertial.ResultNotAssessed: "result-none",
	},
}

// Level returns a level of the municipality's scale of the kind in words, symbol, colour
// and CSS class; ok is false when the scale has no level with the ID.
func (v Vocab) Level(kind tertial.ScaleKind, id string) (l StatusLabel, ok bool) {
	sl, ok := v.m.Level(kind, id)
	if !ok {
		return StatusLabel{}, false
	}
	return LevelLabel(kind, sl), true
}

// LevelLabel returns a scale level in words, symbol, colour and CSS class: a level with a
// colour of its own has the class "colour-" and the colour's name; one without keeps the
// class its ID has always had, if any.
func LevelLabel(kind tertial.ScaleKind, sl tertial.ScaleLevel) StatusLabel {
	class := levelClasses[kind][sl.ID]
	if kind == tertial.ScaleStatuses {
		class = StatusLabels[tertial.Status(sl.ID)].Class
	}
	if sl.Colour != "" {
		class = ColourClass(sl.Colour)
	}
	return StatusLabel{Text: sl.Name, Symbol: sl.Symbol, Class: class, Colour: sl.Colour}
}

// ColourClass is the CSS class that colours text or a symbol in the colour's ink; the
// class "fill-" and the colour's name shades a cell with its fill. The style sheets of
// the report and the site define both for every colour of the palette.
func ColourClass(c tertial.Colour) string { return "colour-" + string(c) }

// resultIDs are the indicator scale's level IDs of the computed results.
var resultIDs = map[compute.Result]string{
	compute.Reaches: tertial.ResultReaches, compute.Approaches: tertial.ResultApproaches,
	compute.Misses: tertial.ResultMisses, compute.NotAssessed: tertial.ResultNotAssessed,
}

// Result returns an indicator result in the words and symbol of the municipality's
// indicator scale; a result the scale leaves out keeps its default words.
func (v Vocab) Result(r compute.Result) ResultLabel {
	if l, ok := v.Level(tertial.ScaleIndicators, resultIDs[r]); ok {
		return ResultLabel(l)
	}
	return ResultLabels[r]
}

// Status returns a status in the words and symbol of the municipality's status scale.
func (v Vocab) Status(s tertial.Status) (StatusLabel, bool) {
	if l, ok := v.Level(tertial.ScaleStatuses, string(s)); ok {
		return l, true
	}
	l, ok := StatusLabels[s]
	return l, ok
}

// Dimension returns a sustainability dimension in words, as used inside sentences.
func (v Vocab) Dimension(d tertial.Dimension) string {
	switch d {
	case tertial.Economic:
		return v.Of(tertial.TermEconomic)
	case tertial.Social:
		return v.Of(tertial.TermSocial)
	case tertial.Ecological:
		return v.Of(tertial.TermEcological)
	}
	return string(d)
}

// Dated is the line under the unit on the cover: "Brytdatum 31 augusti 2021" in an
// interim report; in an annual report over a calendar year "Räkenskapsår 2025", and over
// another span its first and last day.
func (v Vocab) Dated(per *tertial.Period) string {
	if per.Cutoff.IsZero() {
		return ""
	}
	return v.Of(tertial.TermCutoff) + " " + v.DateOf(per)
}

// DateOf is the period's date as Dated writes it after the period's word: "31 augusti
// 2021" in an interim report, "2025" in an annual report over a calendar year.
func (v Vocab) DateOf(per *tertial.Period) string {
	if per.Cutoff.IsZero() {
		return ""
	}
	if v.kind != tertial.PeriodAnnual {
		return sv.LongDate(per.Cutoff)
	}
	start := per.StartDate()
	if start.Month() == 1 && start.Day() == 1 && per.Cutoff.Month() == 12 && per.Cutoff.Day() == 31 && start.Year() == per.Cutoff.Year() {
		return strconv.Itoa(per.Cutoff.Year())
	}
	return sv.LongDate(start) + "–" + sv.LongDate(per.Cutoff)
}

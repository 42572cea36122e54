package report

import (
	"slices"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/sv"
)

// summary writes the computed summary of a sustainability dimension ("economic",
// "social", "ecological") or of internal control ("internal_control").
func (b *builder) summary(ref string) Block {
	p := &Paragraph{Class: "computed-summary", Ref: ref}
	if ref == "internal_control" {
		p.Text = b.internalControlSummary()
		return p
	}
	p.Text = b.dimensionSummary(tertial.Dimension(ref))
	return p
}

// DimensionCounts are the counts a dimension's summary is written from.
type DimensionCounts struct {
	Areas int
	Goals int
	// GoalAssessments counts the unit's own goals by their assessment in the period
	// (tertial.AssessNone: none yet); GoalLevels lists the levels of those goals.
	GoalAssessments map[tertial.Assessment]int
	GoalLevels      []string
	Indicators      compute.IndicatorCounts
	Assignments     map[tertial.Status]int
}

// CountDimension counts, for a unit's period, the goals the unit owns in the goal areas of
// a dimension, the indicators shown there that have a result for the period's year (by
// assessment), and the unit's assignments there by status.
func CountDimension(ds *tertial.Dataset, scope *tertial.Scope, per *tertial.Period, dim tertial.Dimension) DimensionCounts {
	c := DimensionCounts{Assignments: map[tertial.Status]int{}, GoalAssessments: map[tertial.Assessment]int{}}
	inDim := func(goalID string) bool {
		a := ds.GoalArea(goalID)
		return a != nil && a.Dimension == dim
	}
	for _, a := range ds.GoalAreas {
		if a.Dimension == dim {
			c.Areas++
		}
	}
	for i := range ds.Goals {
		g := &ds.Goals[i]
		if !scope.ShowsGoal(g.ID) || !inDim(g.ID) {
			continue
		}
		if scope.OwnsGoal(g) {
			c.Goals++
			a := tertial.AssessNone
			if f := GoalFollowup(g, per); f != nil {
				a = f.Assessment
			}
			c.GoalAssessments[a]++
			if !slices.Contains(c.GoalLevels, g.Level) {
				c.GoalLevels = append(c.GoalLevels, g.Level)
			}
		}
		for _, ind := range scope.Indicators(g.ID) {
			c.Indicators.Add(Assess(ds, ind, per.Year()))
		}
		for _, a := range scope.Assignments(g.ID) {
			status := tertial.StatusNone
			if f := StatusFollowup(a.Followups, ds.AssignmentUnit(a), per); f != nil {
				status = f.Status
			}
			c.Assignments[status]++
		}
	}
	return c
}

func (b *builder) dimensionSummary(dim tertial.Dimension) string {
	c := CountDimension(b.ds, b.scope, b.per, dim)
	label := b.w.Dimension(dim)
	s := compute.IndicatorSentence(label, b.unit.Name, c.Indicators) + " " +
		compute.GoalSentence(b.unit.Name, c.Goals, c.Areas, b.w.Nouns()) + " "
	if g := b.goalAssessmentSentences(c); g != "" {
		s += g + " "
	}
	return s + compute.AssignmentSentences(c.Assignments, b.w.Nouns())
}

// goalAssessmentSentences counts the unit's goals by assessment in the order and words of
// the municipality's goal scale, calling the goals by their level's name when they share
// one ("nämndmål"), else by the vocabulary's word ("mål").
func (b *builder) goalAssessmentSentences(c DimensionCounts) string {
	noun := b.w.Nouns().Goal
	if len(c.GoalLevels) == 1 {
		for _, l := range b.ds.GoalLevels {
			if l.ID == c.GoalLevels[0] && l.Name != "" {
				noun = sv.NounOf(l.Name)
			}
		}
	}
	var levels []compute.LevelCount
	for _, l := range b.ds.Municipality.Scale(tertial.ScaleGoals) {
		levels = append(levels, compute.LevelCount{Name: l.Name, N: c.GoalAssessments[tertial.Assessment(l.ID)]})
	}
	return compute.GoalAssessmentSentences(noun, c.Goals, levels)
}

// ControlCounts are the counts the internal-control summary is written from.
type ControlCounts struct {
	Controls, ControlsDone, Actions, ActionsNotDone int
}

// CountInternalControl counts a unit's systematic controls and planned actions (risk-
// reducing actions and actions on audit findings) by their status in the period.
func CountInternalControl(ds *tertial.Dataset, scope *tertial.Scope, per *tertial.Period) ControlCounts {
	var c ControlCounts
	status := func(fs []tertial.StatusFollowup, unit string) tertial.Status {
		if f := StatusFollowup(fs, unit, per); f != nil {
			return f.Status
		}
		return tertial.StatusNone
	}
	for _, ctl := range ds.Controls {
		if scope.Includes(ctl.Unit) {
			c.Controls++
			if compute.Done(status(ctl.Followups, ctl.Unit)) {
				c.ControlsDone++
			}
		}
	}
	action := func(fs []tertial.StatusFollowup, unit string) {
		c.Actions++
		if compute.NotDone(status(fs, unit)) {
			c.ActionsNotDone++
		}
	}
	for _, r := range ds.Risks {
		if scope.Includes(r.Unit) {
			for _, a := range r.Actions {
				action(a.Followups, r.Unit)
			}
		}
	}
	for _, a := range ds.Audits {
		if scope.Includes(a.Unit) {
			action(a.Followups, a.Unit)
		}
	}
	return c
}

func (b *builder) internalControlSummary() string {
	c := CountInternalControl(b.ds, b.scope, b.per)
	s := compute.InternalControlSentences(c.Controls, c.ControlsDone, c.Actions, c.ActionsNotDone, b.per.Kind == tertial.PeriodAnnual)
	if s == "" {
		return "Det finns ingen intern kontroll inplanerad för perioden."
	}
	return s
}

func (b *builder) assessments() *Table {
	word, area := b.w.Of(tertial.TermOverallAssessment), b.w.Of(tertial.TermArea)
	t := &Table{ID: "bedomningar", Class: "assessments", Caption: word + " per " + compute.Lower(area),
		Head: [][]HeadCell{{{Text: area}, {Text: word}}}}
	for _, a := range b.per.Assessments {
		c := Cell{Col: "assessment", Text: b.w.Of(tertial.TermAssessment) + " saknas", Class: "missing"}
		if l, ok := b.w.Level(tertial.ScaleGoals, string(a.Assessment)); ok {
			c.Text, c.Symbol, c.Class, c.Colour = l.Text, l.Symbol, l.Class, l.Colour
		}
		t.Rows = append(t.Rows, Row{ID: "bedomning-" + a.ID, Header: Cell{Text: a.Label}, Cells: []Cell{c}})
	}
	return t
}

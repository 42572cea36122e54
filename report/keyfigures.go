package report

import (
	"strconv"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/sv"
)

// KeyFiguresTitle is the heading of a key_figures section the template gives no title.
const KeyFiguresTitle = "Nyckeltal"

// KeyFigureIndicators returns the indicators a key_figures section shows, in goal-tree
// order, each once: those of the unit's goals that the section's filters let through.
func KeyFigureIndicators(scope *tertial.Scope, ts tertial.Section, ds *tertial.Dataset) []*tertial.Indicator {
	var out []*tertial.Indicator
	seen := map[string]bool{}
	var walk func(parent string)
	walk = func(parent string) {
		for _, g := range scope.Children(parent) {
			if ts.ShowsGoal(g, ds.GoalArea(g.ID)) {
				for _, ind := range scope.Indicators(g.ID) {
					if !seen[ind.ID] {
						seen[ind.ID] = true
						out = append(out, ind)
					}
				}
			}
			walk(g.ID)
		}
	}
	walk("")
	return out
}

// keyFigures is a key_figures section's table: each chosen indicator with its outcome of
// the period's year, the stage target and the assessment in symbol and words, and a
// summary line counting the assessments.
func (b *builder) keyFigures(ts tertial.Section) Block {
	inds := KeyFigureIndicators(b.scope, ts, b.ds)
	if len(inds) == 0 {
		return &Paragraph{Text: "Inga nyckeltal att redovisa."}
	}
	year := b.per.Year()
	y := strconv.Itoa(year)
	t := &Table{ID: b.id("nyckeltalstabell"), Class: "indicators key-figures", Caption: KeyFiguresTitle + " " + y,
		Head: [][]HeadCell{{{Text: b.w.Of(tertial.TermIndicator)}, {Text: "Utfall " + y, Numeric: true},
			{Text: b.w.Of(tertial.TermStageTarget) + " " + y, Numeric: true}, {Text: b.w.Of(tertial.TermAssessment)}}}}
	counts := map[compute.Result]int{}
	for _, ind := range inds {
		name := ind.Name
		if ind.Unit != "" {
			name += " (" + ind.Unit + ")"
		}
		a := Assess(b.ds, ind, year)
		counts[a.Result]++
		l := b.w.Result(a.Result)
		ac := Cell{Col: "assessment", Text: l.Text, Symbol: l.Symbol, Class: l.Class, Colour: l.Colour}
		if a.Result == compute.NotAssessed {
			ac.Detail = a.Reason
		} else if a.Provisional() {
			ac.Detail = b.w.Of(tertial.TermProvisional)
		}
		t.Rows = append(t.Rows, Row{ID: t.ID + "-" + ind.ID, Header: Cell{Text: name}, Cells: []Cell{
			ValueCell(ind, ind.ValueFor(year), y),
			{Col: "target", Text: sv.Target(ind.TargetFor(year).Explicit(ind.Unit)), Numeric: true},
			ac,
		}})
	}
	var parts []string
	for _, r := range []compute.Result{compute.Reaches, compute.Approaches, compute.Misses, compute.NotAssessed} {
		if n := counts[r]; n > 0 {
			parts = append(parts, strconv.Itoa(n)+" "+compute.Lower(b.w.Result(r).Text))
		}
	}
	note := "Av " + strconv.Itoa(len(inds)) + " nyckeltal: "
	for i, p := range parts {
		switch {
		case i == 0:
		case i == len(parts)-1:
			note += " och "
		default:
			note += ", "
		}
		note += p
	}
	t.Notes = []string{note + "."}
	return t
}

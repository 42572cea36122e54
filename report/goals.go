package report

import (
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/sv"
)

// ResultLabel is an indicator assessment in words, symbol and colour.
type ResultLabel struct {
	Text, Symbol, Class string
	Colour              tertial.Colour
}

// ResultLabels names the indicator assessments.
var ResultLabels = map[compute.Result]ResultLabel{
	compute.Reaches:     {"Uppnår etappmålet", "✔", "result-reaches", ""},
	compute.Approaches:  {"Närmar sig etappmålet", "◐", "result-approaches", ""},
	compute.Misses:      {"Uppnår inte etappmålet", "✘", "result-misses", ""},
	compute.NotAssessed: {"Kan inte bedömas", "–", "result-none", ""},
}

// goals adds the goal tree to sec: a sub-section per goal area, and in it the shown goals
// with their analysis, assessment, indicators and assignments, nested by level.
func (b *builder) goals(sec *Section, ts tertial.Section) {
	levels := map[string]string{}
	for _, l := range b.ds.GoalLevels {
		levels[l.ID] = l.Name
	}
	var goal func(g *tertial.Goal, parent *Section)
	goal = func(g *tertial.Goal, parent *Section) {
		if !ts.ShowsGoal(g, b.ds.GoalArea(g.ID)) {
			// A goal the section leaves out still leads to its sub-goals.
			for _, c := range b.scope.Children(g.ID) {
				goal(c, parent)
			}
			return
		}
		title := g.Title
		if name := levels[g.Level]; name != "" {
			title = name + ": " + g.Title
		}
		gs := b.child(title, parent)
		if g.Description != "" {
			gs.Blocks = append(gs.Blocks, &Markdown{Text: g.Description, HeadingLevel: min(gs.Level+1, 6)})
		}
		if f := GoalFollowup(g, b.per); f != nil {
			if l, ok := b.w.Level(tertial.ScaleGoals, string(f.Assessment)); ok {
				// The symbol and the colour stand with the level's name, never alone.
				text := l.Text
				if l.Symbol != "" {
					text = l.Symbol + " " + text
				}
				gs.Blocks = append(gs.Blocks, &Paragraph{Text: b.w.Of(tertial.TermAssessment) + ": " + text, Class: "assessment", Colour: l.Colour})
			}
			if f.Analysis != "" {
				gs.Blocks = append(gs.Blocks, &Markdown{Text: f.Analysis, HeadingLevel: min(gs.Level+1, 6)})
			}
		}
		if t := b.indicatorTable(g, ts); t != nil {
			gs.Blocks = append(gs.Blocks, t)
		}
		gs.Blocks = append(gs.Blocks, b.koladaTables(g)...)
		if t := b.assignmentTable(g); t != nil {
			gs.Blocks = append(gs.Blocks, t)
		}
		for _, c := range b.scope.Children(g.ID) {
			goal(c, gs)
		}
	}
	for _, area := range b.ds.GoalAreas {
		var top []*tertial.Goal
		for _, g := range b.scope.Children("") {
			if a := b.ds.GoalArea(g.ID); a != nil && a.ID == area.ID {
				top = append(top, g)
			}
		}
		if len(top) == 0 || !b.areaShows(ts, top) {
			continue
		}
		heading := b.w.Of(tertial.TermGoalArea) + ": " + area.Name
		if area.Dimension != "" {
			heading += " – " + b.w.Dimension(area.Dimension)
		}
		as := b.child(heading, sec)
		if area.Description != "" {
			as.Blocks = append(as.Blocks, &Markdown{Text: area.Description, HeadingLevel: min(as.Level+1, 6)})
		}
		if ts.Layout == tertial.GoalsTable {
			b.areaTables(as, &area, top, ts)
			continue
		}
		for _, g := range top {
			goal(g, as)
		}
	}
}

// areaShows reports whether the goals section shows any of these goals of a goal area or
// their sub-goals, so that an area whose goals are all filtered out gets no heading.
func (b *builder) areaShows(ts tertial.Section, goals []*tertial.Goal) bool {
	for _, g := range goals {
		if ts.ShowsGoal(g, b.ds.GoalArea(g.ID)) || b.areaShows(ts, b.scope.Children(g.ID)) {
			return true
		}
	}
	return false
}

// indicatorTable shows the goal's indicators with the years ts, the goals section of the
// template, chooses.
func (b *builder) indicatorTable(g *tertial.Goal, ts tertial.Section) *Table {
	inds := b.scope.Indicators(g.ID)
	if len(inds) == 0 {
		return nil
	}
	year := b.per.Year()
	years := ts.IndicatorYears(year, inds)
	ltYears := map[int]bool{}
	for _, ind := range inds {
		if ind.LongTerm != nil {
			ltYears[ind.LongTerm.Year] = true
		}
	}
	ltHead := b.w.Of(tertial.TermLongTermTarget)
	if len(ltYears) == 1 {
		for y := range ltYears {
			ltHead += " " + strconv.Itoa(y)
		}
	}
	head := []HeadCell{{Text: b.w.Of(tertial.TermIndicator)}}
	for _, y := range years {
		head = append(head, HeadCell{Text: strconv.Itoa(y), Numeric: true})
	}
	head = append(head, HeadCell{Text: b.w.Of(tertial.TermStageTarget) + " " + strconv.Itoa(year), Numeric: true}, HeadCell{Text: ltHead, Numeric: true}, HeadCell{Text: b.w.Of(tertial.TermAssessment)})
	t := &Table{ID: "indikatorer-" + g.ID, Class: "indicators", Caption: b.w.Of(tertial.TermIndicators) + ": " + g.Title, Head: [][]HeadCell{head}}
	seen := map[string]bool{}
	note := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			t.Notes = append(t.Notes, n)
		}
	}
	for _, ind := range inds {
		name := ind.Name
		if ind.Unit != "" {
			name += " (" + ind.Unit + ")"
		}
		row := Row{ID: "indikator-" + ind.ID, Header: Cell{Text: name}}
		for _, y := range years {
			v := ind.ValueFor(y)
			vc := ValueCell(ind, v, strconv.Itoa(y))
			if kd := KoladaDetail(b.ds, ind, v, y); kd != "" {
				vc.Detail = strings.TrimPrefix(vc.Detail+", "+kd, ", ")
			}
			row.Cells = append(row.Cells, vc)
			if v != nil {
				note(v.Note)
			}
		}
		row.Cells = append(row.Cells, Cell{Col: "target", Text: sv.Target(ind.TargetFor(year).Explicit(ind.Unit)), Numeric: true})
		lt := Cell{Col: "long_term", Numeric: true}
		if ind.LongTerm != nil {
			lt.Text = sv.Target(ind.LongTerm.Target.Explicit(ind.Unit))
			if len(ltYears) > 1 {
				lt.Detail = strconv.Itoa(ind.LongTerm.Year)
			}
			if a, ok := AssessLongTerm(b.ds, ind, year); ok {
				lt.Detail = strings.TrimPrefix(lt.Detail+", "+LongTermText(a), ", ")
			}
		}
		row.Cells = append(row.Cells, lt)
		a := Assess(b.ds, ind, year)
		l := b.w.Result(a.Result)
		ac := Cell{Col: "assessment", Text: l.Text, Symbol: l.Symbol, Class: l.Class, Colour: l.Colour}
		if a.Result == compute.NotAssessed {
			ac.Detail = a.Reason
		} else if a.Provisional() {
			ac.Detail = b.w.Of(tertial.TermProvisional)
		}
		if a.Basis != "" {
			ac.Detail = strings.TrimPrefix(ac.Detail+", "+a.Basis, ", ")
		}
		row.Cells = append(row.Cells, ac)
		note(ind.Note)
		t.Rows = append(t.Rows, row)
	}
	return t
}

// ValueCell formats an indicator's value entry for a year (nil: no entry): the figure with
// the indicator's decimals, its kind and gender breakdown as detail, and words for screen
// readers when there is no figure.
func ValueCell(ind *tertial.Indicator, v *tertial.IndicatorValue, col string) Cell {
	c := Cell{Col: col, Numeric: true}
	switch {
	case v == nil:
		c.Hidden = "inget värde"
	case v.Missing == tertial.MissingNotMeasured:
		c.Text, c.Hidden = "–", "mäts inte"
	case v.Value == nil:
		c.Hidden = "redovisas senare"
	default:
		d := v.Value.Round(ind.Decimals)
		c.Text, c.Number = sv.Decimal(*v.Value, ind.Decimals), &d
		c.Detail = ValueKindLabels[v.Kind]
	}
	if v != nil && (v.Women != nil || v.Men != nil) {
		var parts []string
		if c.Detail != "" {
			parts = append(parts, c.Detail)
		}
		if v.Women != nil {
			parts = append(parts, "kvinnor "+sv.Decimal(*v.Women, ind.Decimals))
		}
		if v.Men != nil {
			parts = append(parts, "män "+sv.Decimal(*v.Men, ind.Decimals))
		}
		c.Detail = strings.Join(parts, ", ")
	}
	return c
}

func statusCell(w Vocab, f *tertial.StatusFollowup) Cell {
	c := Cell{Col: "status"}
	missing := w.Of(tertial.TermStatus) + " saknas"
	if f == nil {
		c.Text, c.Class = missing, "missing"
		return c
	}
	if l, ok := w.Status(f.Status); ok {
		c.Text, c.Symbol, c.Class, c.Colour = l.Text, l.Symbol, l.Class, l.Colour
	} else {
		c.Text, c.Class = missing, "missing"
	}
	if f.Progress != nil {
		c.Detail = strconv.Itoa(*f.Progress) + " % klart"
	}
	return c
}

func commentCell(f *tertial.StatusFollowup) Cell {
	c := Cell{Col: "comment"}
	if f != nil {
		c.Markdown = f.Comment
	}
	return c
}

func (b *builder) assignmentTable(g *tertial.Goal) *Table {
	as := b.scope.Assignments(g.ID)
	if len(as) == 0 {
		return nil
	}
	word := b.w.Of(tertial.TermAssignment)
	t := &Table{ID: "uppdrag-" + g.ID, Class: "assignments", Caption: word + ": " + g.Title,
		Head: [][]HeadCell{{{Text: word}, {Text: b.w.Of(tertial.TermStatus)}, {Text: b.w.Of(tertial.TermComment)}}}}
	for _, a := range as {
		f := StatusFollowup(a.Followups, b.ds.AssignmentUnit(a), b.per)
		t.Rows = append(t.Rows, Row{ID: "uppdrag-" + a.ID, Header: assignmentCell(a), Cells: []Cell{statusCell(b.w, f), commentCell(f)}})
	}
	return t
}

// assignmentCell names an assignment, with who gave it and by when it is to be done as
// detail and, when it has one, its description under the title.
func assignmentCell(a *tertial.Assignment) Cell {
	c := Cell{Text: a.Title, Detail: a.Origin}
	if !a.Due.IsZero() {
		due := "klart senast " + sv.Date(a.Due)
		if c.Detail != "" {
			due = c.Detail + "; " + due
		}
		c.Detail = due
	}
	if a.Description != "" {
		c.Text, c.Markdown = "", markdownEscape(a.Title)+"\n\n"+a.Description
	}
	return c
}

// markdownEscape makes a plain text read as itself in Markdown: the characters that start
// markup anywhere get a backslash, and so does a start that would make a list item.
func markdownEscape(s string) string {
	var sb strings.Builder
	for i, r := range s {
		lead := i == 0 && (r == '-' || r == '+')
		if lead || strings.ContainsRune("\\`*_[]<>#|~&", r) {
			sb.WriteByte('\\')
		}
		sb.WriteRune(r)
	}
	out := sb.String()
	// "1. " or "1) " at the start is an ordered list item.
	if n := len(out) - len(strings.TrimLeft(out, "0123456789")); n > 0 && n < len(out) && (out[n] == '.' || out[n] == ')') {
		out = out[:n] + "\\" + out[n:]
	}
	return out
}

// SectionAssignments returns the assignments an assignments section shows, in goal-tree
// order: those of the unit's goals that the section's filters let through.
func SectionAssignments(ds *tertial.Dataset, scope *tertial.Scope, ts tertial.Section) []*tertial.Assignment {
	var out []*tertial.Assignment
	var walk func(parent string)
	walk = func(parent string) {
		for _, g := range scope.Children(parent) {
			if ts.ShowsGoal(g, ds.GoalArea(g.ID)) {
				out = append(out, scope.Assignments(g.ID)...)
			}
			walk(g.ID)
		}
	}
	walk("")
	return out
}

// assignmentsBlock is an assignments section's table: each assignment with the goal it
// serves, its status and comment.
func (b *builder) assignmentsBlock(ts tertial.Section) Block {
	as := SectionAssignments(b.ds, b.scope, ts)
	word := b.w.Of(tertial.TermAssignment)
	if len(as) == 0 {
		return &Paragraph{Text: "Inga " + b.w.Nouns().Assignment.Plural + " att redovisa."}
	}
	t := &Table{ID: b.id("uppdragstabell"), Class: "assignments", Caption: word,
		Head: [][]HeadCell{{{Text: word}, {Text: tertial.Capitalize(b.w.Of(tertial.TermGoal))}, {Text: b.w.Of(tertial.TermStatus)}, {Text: b.w.Of(tertial.TermComment)}}}}
	for _, a := range as {
		f := StatusFollowup(a.Followups, b.ds.AssignmentUnit(a), b.per)
		goal := Cell{Col: "goal"}
		if g := b.ds.Goal(a.Goal); g != nil {
			goal.Text = g.Title
		}
		t.Rows = append(t.Rows, Row{ID: t.ID + "-" + a.ID, Header: assignmentCell(a), Cells: []Cell{goal, statusCell(b.w, f), commentCell(f)}})
	}
	return t
}
